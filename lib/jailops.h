/*
 * jailops.h - the steps that rename, clone, promote and migrate share:
 * "must be stopped" and "name is free" checks, cloning a jail's dataset
 * tree, promoting it (and back), writing a clone's config and rewriting
 * its fstab paths.  Internal to libioc.
 */
#ifndef IOC_JAILOPS_H
#define IOC_JAILOPS_H

#include <stddef.h>

#include "ioc.h"
#include "jail.h"
#include "source.h"

#define OPS_CLONE_PREFIX   "ioc-clone-"
#define OPS_MIGRATE_PREFIX "ioc-migrate-"

/* The name a user knows a jail by (its tag for legacy UUID jails). */
const char *ops_jname(const struct jent *e);

/* 0 when the jail is stopped (runtime state), else IOC_EBUSY. */
int ops_stopped(struct ioc_ctx *ctx, const struct jent *e, struct ioc_err *err);

/*
 * 0 when no jail of source s is called name or tagged name (the jail whose
 * dataset is self, when not NULL, does not count) and no dataset
 * <s>/jails/<name> exists; else IOC_EEXIST "Jail '<name>' already exists".
 */
int ops_name_free(struct ioc_ctx *ctx, const struct src *s, const char *name,
    const char *self, struct ioc_err *err);

/*
 * Take the recursive snapshot <from>@<prefix><YYYYmmddHHMMSS> and clone
 * every dataset below from into the parallel path below to (canmount as
 * in the original; mounted where the original was).  *snap gets the full
 * snapshot name (caller frees).  On failure nothing is left.
 */
int ops_clone_tree(struct ioc_ctx *ctx, const char *from, const char *to,
    const char *prefix, char **snap, struct ioc_err *err);

/* Undo ops_clone_tree(): destroy the clones, then the snapshot. */
void ops_clone_tree_undo(struct ioc_ctx *ctx, const char *to, const char *snap);

/*
 * Write the config of a clone at dst_mp / dst_ds from the jail at src_mp /
 * src_ds: always config.json (legacy formats are converted; the clone
 * never carries ZFS properties), "id" set to name.  With hostuuid_src not
 * NULL a stored host_hostuuid is generated anew for <hostuuid_src>-<name>
 * (dropped, so that start generates it, when the host has no uuid).
 */
int ops_clone_config(struct ioc_ctx *ctx, const char *src_mp,
    const char *src_ds, const char *dst_mp, const char *dst_ds,
    const char *name, const char *hostuuid_src, struct ioc_err *err);

/*
 * Rewrite the paths below from in the fstab of the jail mounted at mp to
 * to.  A missing fstab is an empty one.  When orig is not NULL it gets the
 * old content (NULL when nothing was written) for ops_fstab_restore().
 */
int ops_fstab_rewrite(const char *mp, const char *from, const char *to,
    char **orig, size_t *origlen, struct ioc_err *err);

/* Write the old fstab content back (a warning on failure). */
void ops_fstab_restore(
    struct ioc_ctx *ctx, const char *mp, const char *orig, size_t len);

/* What ops_promote_tree() did, for ops_promote_undo(). */
struct ops_promoted {
	char **origins; /* dataset each promoted one was cloned from */
	size_t n;
};

/*
 * Promote every dataset at and below ds that is a clone, deepest first,
 * except clones of release snapshots.  On failure the earlier ones are
 * promoted back and *p is empty; on success p->n counts the promotions.
 */
int ops_promote_tree(struct ioc_ctx *ctx, const char *ds,
    struct ops_promoted *p, struct ioc_err *err);

/* Promote back what ops_promote_tree() promoted, latest first. */
void ops_promote_undo(struct ioc_ctx *ctx, struct ops_promoted *p);

void ops_promoted_free(struct ops_promoted *p);

#endif /* IOC_JAILOPS_H */
