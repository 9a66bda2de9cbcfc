/*
 * update.h - applying security updates to releases and jails with the
 * host's own updater (freebsd-update, or hbsd-update on HardenedBSD), as
 * one transaction per root: a snapshot before, a rollback on failure, a
 * release snapshot root@p<N> afterwards with N from bin/freebsd-version.
 */
#ifndef IOC_UPDATE_H
#define IOC_UPDATE_H

#include <limits.h>
#include <stddef.h>

#include "ioc.h"
#include "release.h"

#define UPD_ENV		 "IOC_UPDATER"
#define UPD_FREEBSD	 "/usr/sbin/freebsd-update"
#define UPD_HBSD	 "/usr/sbin/hbsd-update"
#define UPD_HOST_CONF	 "/etc/freebsd-update.conf"
#define UPD_WORKDIR	 "updates"     /* beside root/, in the dataset */
#define UPD_SNAP_PREFIX	 "ioc-update-" /* the pre-update snapshot */
#define UPD_VERSION_FILE "bin/freebsd-version"
#define UPD_VERSION_MAX	 64

/* How the updater is called. */
enum upd_flavour {
	UPD_FLAVOUR_FREEBSD, /* freebsd-update -b ROOT -d DIR ... fetch install
			      */
	UPD_FLAVOUR_HBSD,    /* hbsd-update -r ROOT -t DIR -n */
};

/* The updater program this host (or IOC_UPDATER) provides. */
struct upd_prog {
	char path[PATH_MAX];
	enum upd_flavour flavour;
};

/*
 * Parse the text of a bin/freebsd-version script: the value of its
 * USERLAND_VERSION="X.Y-KIND[-pN]" line goes to ver (size bytes), N to
 * *patch (0 without a "-pN" suffix).  A missing line, an unterminated
 * quote, a value that is not a version or a patch level beyond INT_MAX
 * is IOC_EPARSE.
 */
int upd_parse_version(const char *text, size_t len, char *ver, size_t size,
    int *patch, struct ioc_err *err);

/*
 * Find the updater: configured (an absolute path, e.g. $IOC_UPDATER) runs
 * on any host; otherwise a host whose sysname (NULL: uname(3)) is not
 * FreeBSD has none (IOC_ENOTSUP "ioc update needs FreeBSD's
 * freebsd-update; this host runs Linux"), and a FreeBSD host uses
 * hbsd-update when it exists (HardenedBSD), else freebsd-update.  The
 * flavour follows the program's name.
 */
int upd_prog_find(const char *configured, const char *sysname,
    struct upd_prog *p, struct ioc_err *err);

/*
 * The updater configuration for a release or jail root: the host's
 * freebsd-update.conf text with every "Components" line replaced by
 * "Components world" (kernels and sources are not a jail's business); a
 * text without one gets it appended.  *out is a new string.
 */
int upd_conf_world(const char *in, size_t len, char **out, struct ioc_err *err);

/*
 * Update a fetched release whose lock the caller holds (fetch does):
 * pre-update snapshot of root, the updater, rollback on failure; then
 * root@p<N> with its read-only clone when that patch level is new.
 * r->root_mp may be NULL (the root is mounted then).  *patch gets N,
 * *changed whether a new snapshot was taken.
 */
int upd_release_locked(struct ioc_ctx *ctx, const struct upd_prog *p,
    const struct rel *r, int *patch, int *changed, struct ioc_err *err);

#endif /* IOC_UPDATE_H */
