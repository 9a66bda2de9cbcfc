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

#include "ioc.h"
#include "source.h"

struct rel {
	const struct src *src; /* borrowed from the context */
	char *name;	       /* "13.2-RELEASE", "custom" */
	char *dataset;	       /* <root>/releases/<name> */
	char *root_mp;	       /* mountpoint of <dataset>/root, or NULL */
	int *patches;	       /* the N of every root@pN, ascending */
	size_t npatches;
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
int rel_snapshot_next(struct ioc_ctx *ctx, const struct rel *r, int *patch,
    struct ioc_err *err);

#endif /* IOC_RELEASE_H */
