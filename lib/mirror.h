/*
 * mirror.h - release mirrors: the default FreeBSD mirror of an
 * architecture, the release names scraped from a mirror's index page,
 * version ordering, and the EOL list of the FreeBSD security pages.
 */
#ifndef IOC_MIRROR_H
#define IOC_MIRROR_H

#include <stddef.h>

#include "ioc.h"

#define MIRROR_FREEBSD	   "https://download.freebsd.org/ftp/releases"
#define MIRROR_HBSD	   "https://jenkins.hardenedbsd.org/builds"
#define MIRROR_HBSD_UPDATE "/usr/sbin/hbsd-update"
#define MIRROR_EOL_URL	   "https://www.freebsd.org/security/unsupported.html"
#define MIRROR_PAGE_MAX	   ((size_t)4 * 1024 * 1024)

/* A list of names (releases, EOL entries). */
struct mirror_names {
	char **v;
	size_t n;
};

/*
 * The mirror directory of an architecture:
 * "https://download.freebsd.org/ftp/releases/<machine>/<machine_arch>".
 * arch is a uname machine ("x86_64", "aarch64", "amd64", "arm64", "i386"
 * ...) or an explicit "machine/machine_arch"; NULL asks uname(3).
 * Returns a new string, or NULL with IOC_EINVAL for an unknown one.
 */
char *mirror_default_url(const char *arch, struct ioc_err *err);

/*
 * The machine_arch ("amd64", "aarch64", ...) an arch argument of
 * mirror_default_url() stands for, into buf; 0 or -1.
 */
int mirror_machine_arch(const char *arch, char *buf, size_t size);

/*
 * Scrape the release directories of an index page: every href="NAME/"
 * (also with a "./" prefix or single quotes) whose NAME is a valid
 * release name, except ".", ".." and "ISO-IMAGES"; each name once, in
 * version order (mirror_version_cmp).  out is overwritten.
 */
int mirror_index_parse(const char *html, size_t len, struct mirror_names *out,
    struct ioc_err *err);

/*
 * Order two release names: numeric MAJOR.MINOR[.PATCH] first, then the
 * kind (ALPHA < BETA < PRERELEASE < RC < RELEASE < STABLE < CURRENT),
 * then the kind's number (BETA1 < BETA2) and a "-pN" patch level.
 * Names without a leading number sort after every numbered one, by
 * strcmp().  A strcmp()-like result.
 */
int mirror_version_cmp(const char *a, const char *b);

/* Sort names with mirror_version_cmp(). */
void mirror_names_sort(struct mirror_names *l);

/*
 * The EOL names of FreeBSD's unsupported.html: per table row, a first
 * cell "stable/X" gives "X-STABLE", a second cell other than "n/a" gives
 * a release name.  out is overwritten.
 */
int mirror_eol_parse(const char *html, size_t len, struct mirror_names *out,
    struct ioc_err *err);

/* True when name is in the list. */
int mirror_names_has(const struct mirror_names *l, const char *name);

/*
 * True when release a is newer than the host's release h: the versions
 * compared as above, except that a CURRENT is newer unless h is CURRENT.
 */
int mirror_newer_than(const char *a, const char *h);

/* Add a copy of name; 0 or -1. */
int mirror_names_add(
    struct mirror_names *l, const char *name, size_t len, struct ioc_err *err);

/* Release a list (zeroed is fine). */
void mirror_names_free(struct mirror_names *l);

/*
 * The distribution of a host (spec 3): "HardenedBSD" when it has
 * hbsd-update, else its sysname ("FreeBSD", "Linux").
 */
const char *mirror_distro(const char *sysname, int has_hbsd_update);

/* mirror_distro() of this host (uname(3), hbsd-update) into buf; 0/-1. */
int mirror_host_distro(char *buf, size_t size);

/* True when a distribution name is HardenedBSD. */
int mirror_is_hbsd(const char *distro);

/*
 * The default mirror directory of a distribution and architecture: the
 * FreeBSD mirror (mirror_default_url()), or for HardenedBSD
 * "https://jenkins.hardenedbsd.org/builds", whose build directories are
 * named as mirror_release_dir() says.  A new string or NULL.
 */
char *mirror_default_url_for(
    const char *distro, const char *arch, struct ioc_err *err);

/*
 * The directory of release name below a default mirror, into buf: name
 * itself on FreeBSD (and on every mirror given with -u), on HardenedBSD's
 * build server "HardenedBSD-<name>-<machine_arch>-LATEST".  0 or -1.
 */
int mirror_release_dir(const char *distro, const char *name, const char *march,
    char *buf, size_t size);

/*
 * The release name of a HardenedBSD build directory
 * "HardenedBSD-<name>-<march>-LATEST" into buf; -1 for other names.
 */
int mirror_hbsd_name(
    const char *dir, const char *march, char *buf, size_t size);

#endif /* IOC_MIRROR_H */
