/*
 * zds.h - ZFS datasets through zfs(8) and zpool(8).
 *
 * Works with modern OpenZFS and with zfs-fuse 0.7: exact numbers come only
 * from "zfs get -H -p", every "zfs set" sets one property, and rename,
 * destroy and promote unmount the affected datasets first (deepest first)
 * and retry briefly on "dataset is busy".  No function here ever runs
 * "zfs mount" or "zfs umount" without a dataset name.
 */
#ifndef IOC_ZDS_H
#define IOC_ZDS_H

#include <stddef.h>

#include "ioc.h"

/* Rows of tab-separated fields parsed from "zfs ... -H" output. */
struct zds_table {
	size_t nrows;
	size_t ncols;
	char **cells; /* nrows * ncols borrowed pointers into buf */
	char *buf;    /* the owned, split output */
};

/*
 * Parse -H output: one row per line, exactly ncols tab-separated fields
 * per row (a line with more or fewer fields is an IOC_EPARSE error naming
 * the line).  Takes a copy of the input.  Empty input gives zero rows.
 */
int zds_table_parse(const char *out, size_t len, size_t ncols,
    struct zds_table *t, struct ioc_err *err);

/* Borrowed cell r, c. */
const char *zds_cell(const struct zds_table *t, size_t r, size_t c);

/* Release a table (zeroed tables are fine). */
void zds_table_free(struct zds_table *t);

/*
 * Parse a "zfs get -H -p -o name,property,value,source" number ("-" and
 * "none" read as 0).  Returns 0, or -1 for anything but digits.
 */
int zds_parse_u64(const char *s, unsigned long long *v);

#define ZDS_RECURSIVE 0x01 /* -r */
#define ZDS_PARENTS   0x02 /* -p: create missing parents */
#define ZDS_FORCE     0x04 /* -f */
#define ZDS_SNAPSHOTS 0x08 /* list: include snapshots */
#define ZDS_NOMOUNT   0x10 /* receive: -u, leave unmounted */

/*
 * zfs list -H -o name,<props> [-t ...] -r [-d depth] root: one row per
 * dataset, column 0 the name.  depth < 0 means unlimited.  A missing root
 * is IOC_ENOENT.
 */
int zds_list(struct ioc_ctx *ctx, const char *root, const char *const *props,
    int depth, unsigned flags, struct zds_table *t, struct ioc_err *err);

/*
 * zfs get -H -p -o name,property,value,source props ds [-r -d depth]:
 * four columns per row.
 */
int zds_get(struct ioc_ctx *ctx, const char *ds, const char *const *props,
    int depth, struct zds_table *t, struct ioc_err *err);

/*
 * zfs list -H -o name,<props> ds1 ds2 ...: the named datasets only, one
 * row each; a missing one fails the call (IOC_ENOENT).
 */
int zds_list_many(struct ioc_ctx *ctx, const char *const *dsv,
    const char *const *props, struct zds_table *t, struct ioc_err *err);

/*
 * zfs list -H -o name,<props> -t ... -r -d depth ds1 ds2 ...: several
 * trees, each down to depth (>= 1), in one call; a dataset below two of
 * the roots may be listed twice.  A missing root fails the call.
 */
int zds_list_trees(struct ioc_ctx *ctx, const char *const *dsv,
    const char *const *props, int depth, unsigned flags, struct zds_table *t,
    struct ioc_err *err);

/*
 * zfs get -H -p -o name,property,value,source props ds1 ds2 ...: several
 * datasets in one call (dsv NULL-terminated).
 */
int zds_get_many(struct ioc_ctx *ctx, const char *const *dsv,
    const char *const *props, struct zds_table *t, struct ioc_err *err);

/* One property's value (parsable form), as a new string. */
char *zds_get_value(
    struct ioc_ctx *ctx, const char *ds, const char *prop, struct ioc_err *err);

/* True (1) when the dataset exists, 0 when not, -1 on error. */
int zds_exists(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err);

/* zfs set prop=value ds (one property per call, as zfs-fuse requires). */
int zds_set(struct ioc_ctx *ctx, const char *ds, const char *prop,
    const char *value, struct ioc_err *err);

/* zfs inherit prop ds. */
int zds_inherit(
    struct ioc_ctx *ctx, const char *ds, const char *prop, struct ioc_err *err);

/* zfs create [-p] [-o k=v ...] ds; props is a NULL-terminated k=v list. */
int zds_create(struct ioc_ctx *ctx, const char *ds, const char *const *props,
    unsigned flags, struct ioc_err *err);

/*
 * Destroy a dataset (ZDS_RECURSIVE: with its children and snapshots),
 * unmounting deepest first and retrying on "busy".  A snapshot name
 * ("ds@snap") destroys that snapshot (recursively with ZDS_RECURSIVE).
 */
int zds_destroy(
    struct ioc_ctx *ctx, const char *ds, unsigned flags, struct ioc_err *err);

/* Rename a dataset; unmounts first and mounts again what was mounted. */
int zds_rename(struct ioc_ctx *ctx, const char *from, const char *to,
    unsigned flags, struct ioc_err *err);

/* zfs snapshot [-r] ds@snap. */
int zds_snapshot(
    struct ioc_ctx *ctx, const char *snap, unsigned flags, struct ioc_err *err);

/* zfs rollback [-r] ds@snap. */
int zds_rollback(
    struct ioc_ctx *ctx, const char *snap, unsigned flags, struct ioc_err *err);

/* zfs clone [-p] [-o k=v ...] ds@snap target. */
int zds_clone(struct ioc_ctx *ctx, const char *snap, const char *target,
    const char *const *props, unsigned flags, struct ioc_err *err);

/* zfs promote ds, unmounting first. */
int zds_promote(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err);

/* zfs mount ds / zfs umount ds (never without a dataset). */
int zds_mount(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err);
int zds_umount(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err);

/* zfs send [-R] snap > fd. */
int zds_send(struct ioc_ctx *ctx, const char *snap, int fd, unsigned flags,
    struct ioc_err *err);

/* zfs receive [-F] [-u] target < fd. */
int zds_receive(struct ioc_ctx *ctx, const char *target, int fd, unsigned flags,
    struct ioc_err *err);

/*
 * zpool list -H -o name,health: the imported pools, two columns.
 */
int zds_pools(struct ioc_ctx *ctx, struct zds_table *t, struct ioc_err *err);

#endif /* IOC_ZDS_H */
