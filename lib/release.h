/*
 * release.h - releases: <root>/releases/<NAME> datasets whose root/ holds
 * a userland, versioned by snapshots root@p0, root@p1, ...  zfs-fuse has no
 * .zfs/snapshot directory, so every root@pN has one read-only clone
 * <root>/releases/<NAME>/root-pN (readonly=on, canmount=noauto) that
 * basejails bind-mount their shared directories from; it is created with
 * the snapshot and destroyed with it or with the release.
 *
 * On-disk contract (also what tests lay out by hand):
 *   <root>/releases/<NAME>            dataset
 *   <root>/releases/<NAME>/root       dataset, the userland
 *   <root>/releases/<NAME>/root@pN    snapshots, N = 0, 1, ...
 *   <root>/releases/<NAME>/root-pN    readonly clone of root@pN
 * A release is "fetched" when root exists, holds etc, dev and var, and has
 * at least one pN snapshot.  A jail made from it clones root@pN (the
 * highest N unless the jail's release pins "-pN").
 */
#ifndef IOC_RELEASE_H
#define IOC_RELEASE_H

#include <stddef.h>

#include "fsu.h"
#include "ioc.h"
#include "source.h"
#include "zds.h"

struct rel {
	const struct src *src; /* borrowed from the context */
	char *name;	       /* "13.2-RELEASE", "custom" */
	char *dataset;	       /* <root>/releases/<name> */
	char *root_mp;	       /* mountpoint of <dataset>/root, or NULL */
	int *patches;	       /* the N of every root@pN, ascending */
	size_t npatches;
	int has_root; /* <dataset>/root exists */
};

struct rellist {
	struct rel *v;
	size_t n;
};

/*
 * Every release of every source (or of the source named src), with its pN
 * snapshots, in one zfs call per source.
 */
int rel_list(struct ioc_ctx *ctx, const char *src, struct rellist *out,
    struct ioc_err *err);

void rel_list_free(struct rellist *l);

/*
 * Find a release by "[source/]NAME[-pN]": *patch is N when pinned, else
 * the highest patch level (-1 when it has no snapshot yet).  A missing
 * release is IOC_ENOENT "Release '<r>' does not exist or is not fetched
 * locally"; a pinned pN that does not exist is IOC_ENOENT too.  out is a
 * copy the caller frees with rel_free().
 *
 * Any <root>/releases/NAME dataset is found, also one without root or
 * snapshots: a release can back jails only when *patch >= 0.  A bare NAME
 * is looked up in the sources in order (main first; the first source that
 * has it wins).  A release whose full name ends in "-pN" (a dataset really
 * called "x-p1") is found by that name before "-pN" is read as a pin.
 */
int rel_find(struct ioc_ctx *ctx, const char *selector, struct rel *out,
    int *patch, struct ioc_err *err);

void rel_free(struct rel *r);

/* "<dataset>/root@p<N>" and "<dataset>/root-p<N>" into buf. */
int rel_snapshot_name(const struct rel *r, int patch, char *buf, size_t size);
int rel_clone_name(const struct rel *r, int patch, char *buf, size_t size);

/* True when the root tree looks like a userland (etc, dev, var, a shell). */
int rel_root_ok(const char *root_mp, struct ioc_err *err);

/*
 * Take the next snapshot root@p<N> (0 when there is none) and its
 * read-only clone; on failure neither exists afterwards.  *patch gets N.
 */
int rel_snapshot_next(
    struct ioc_ctx *ctx, const struct rel *r, int *patch, struct ioc_err *err);

/*
 * Take the snapshot root@p<n> and its read-only clone (an update's patch
 * level); on failure neither exists afterwards.
 */
int rel_snapshot_at(
    struct ioc_ctx *ctx, const struct rel *r, int n, struct ioc_err *err);

/*
 * Pure helpers (no zfs call), also used by the unit tests.
 */

/* N of a snapshot short name "pN" (p0, p1, ... no leading zeros), or -1. */
int rel_parse_patch(const char *snap);

/*
 * Add the releases of source s found in the rows of
 * "zfs list -H -o name,mountpoint,mounted -t filesystem,volume,snapshot
 * -r -d 3 <prefix>" (prefix is <root>/releases) to l.  Rows of other
 * shapes (root-pN clones, updates/, snapshots other than pN, legacy
 * names) are ignored; patches end up ascending.
 */
int rel_from_table(const struct src *s, const char *prefix,
    const struct zds_table *t, struct rellist *l, struct ioc_err *err);

/*
 * rel_find() on a list already loaded: *out is borrowed from l.
 */
int rel_lookup(const struct rellist *l, const char *selector,
    const struct rel **out, int *patch, struct ioc_err *err);

/*
 * Check a release name given by the user (ioc_name_check() rules) with a
 * message that says "release".
 */
int rel_name_check(const char *name, struct ioc_err *err);

/*
 * Lock release NAME of source src (fetch, destroy -r, updates): the lock
 * file <rundir>/lock/<src>/release@<NAME>, which can never collide with a
 * jail's lock since "@" is never part of a dataset name.
 */
#define REL_LOCK_PREFIX "release@"
int rel_lock(struct ioc_ctx *ctx, const char *src, const char *name,
    struct fsu_lock *lk, struct ioc_err *err);

/*
 * Create the read-only clone root-pN of an existing root@pN when it is
 * missing (releases fetched by libioc or iocage have none); *created tells
 * whether it was made.  The clone is left unmounted (canmount=noauto).
 */
int rel_clone_ensure(struct ioc_ctx *ctx, const struct rel *r, int patch,
    int *created, struct ioc_err *err);

#endif /* IOC_RELEASE_H */
