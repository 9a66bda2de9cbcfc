/*
 * source.h - root datasets ("sources"): --source, /etc/rc.conf
 * ioc_dataset_<NAME> lines, or the first pool whose root dataset has
 * org.freebsd.ioc:active=yes.
 */
#ifndef IOC_SOURCE_H
#define IOC_SOURCE_H

#include <stddef.h>

#include "ioc.h"

#define SRC_ACTIVE_PROP	   "org.freebsd.ioc:active"
#define SRC_RCCONF_DEFAULT "/etc/rc.conf"

struct src {
	char *name;	  /* "ioc", "main" */
	char *dataset;	  /* "pool/iocage" */
	char *mountpoint; /* "/iocage" */
};

struct srclist {
	struct src *v; /* v[0] is the main source */
	size_t n;
	int mounts_known; /* every mountpoint has been looked up */
};

/*
 * The sources of this context, resolved once and cached in it: explicit
 * sources, else rc.conf (IOC_RC_CONF overrides the path), else the active
 * pool.  Borrowed.  Without any: IOC_ENOTACTIVE with libioc's message.
 * Every root dataset must exist and have a mountpoint.
 */
const struct srclist *src_get(struct ioc_ctx *ctx, struct ioc_err *err);

/*
 * src_get() without the mountpoints (no zfs call with --source or
 * rc.conf); a caller that learns them in a batched call of its own sets
 * them with src_set_mountpoint() and mounts_known.
 */
const struct srclist *src_get_lazy(struct ioc_ctx *ctx, struct ioc_err *err);

/*
 * The sources configured on the host, whatever --source says: the
 * ioc_dataset_* lines of rc.conf, else the first active pool.  None found
 * is not an error (out->n == 0).
 */
int src_detect(struct ioc_ctx *ctx, struct srclist *out, struct ioc_err *err);

/* Record a source's mountpoint as a zfs listing gave it. */
int src_set_mountpoint(struct src *s, const char *mp, struct ioc_err *err);

/*
 * Split a selector "[source/]rest": srcname (size bytes) gets the source
 * name, checked, or "" when there is no prefix; *rest points after it.
 */
int src_split_selector(const char *sel, char *srcname, size_t size,
    const char **rest, struct ioc_err *err);

/* The source with this name, or NULL. */
const struct src *src_find(const struct srclist *l, const char *name);

/*
 * The sources named by the ioc_dataset_<NAME> lines of an rc.conf text, in
 * file order.  A line with an invalid source or dataset name is an error
 * naming it.
 */
int src_from_rcconf(
    const char *buf, size_t len, struct srclist *out, struct ioc_err *err);

void src_list_free(struct srclist *l);

/*
 * Create <root>/jails and <root>/releases of a source when they are
 * missing (mutating commands call this before they create anything).
 */
int src_ensure_layout(
    struct ioc_ctx *ctx, const struct src *s, struct ioc_err *err);

#endif /* IOC_SOURCE_H */
