/*
 * release.c - releases: <root>/releases/<NAME>/root with its pN snapshots
 * and their read-only clones (see release.h), and "fetch -b", which
 * registers a release the user built in place.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"
#include "internal.h"
#include "names.h"
#include "release.h"
#include "zds.h"

/* Release every member of a release (the struct itself is the caller's). */
void
rel_free(struct rel *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->dataset);
	free(r->root_mp);
	free(r->patches);
	(void)memset(r, 0, sizeof(*r));
}

/* Release a release list. */
void
rel_list_free(struct rellist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		rel_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* N of a snapshot short name "pN", or -1. */
int
rel_parse_patch(const char *snap)
{
	const char *p;
	long n = 0;

	if (snap == NULL || snap[0] != 'p' || snap[1] == '\0')
		return (-1);
	if (snap[1] == '0' && snap[2] != '\0')
		return (-1); /* p00, p01: not a patch level */
	for (p = snap + 1; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return (-1);
		n = n * 10 + (*p - '0');
		if (n > INT_MAX)
			return (-1);
	}
	return ((int)n);
}

/* Check a release name given by the user. */
int
rel_name_check(const char *name, struct ioc_err *err)
{
	struct ioc_err e;

	if (ioc_name_check(name, &e) == 0)
		return (0);
	return (ioc_err_set(err, IOC_EINVAL, 0,
	    "Invalid release name '%s': Names may not begin or end with "
	    "special characters, but may contain alphanumeric characters "
	    "and single separators - _ . (at most %d characters)",
	    name != NULL ? name : "", IOC_NAME_MAX));
}

/* The release called name (len bytes) of source s in l, or NULL. */
static struct rel *
find_in(struct rellist *l, const struct src *s, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].src == s && strlen(l->v[i].name) == len &&
		    strncmp(l->v[i].name, name, len) == 0)
			return (&l->v[i]);
	return (NULL);
}

/* Find or add the release name (len bytes) of source s. */
static struct rel *
get_rel(struct rellist *l, const struct src *s, const char *prefix,
    const char *name, size_t len, struct ioc_err *err)
{
	struct rel *nv, *r;

	if ((r = find_in(l, s, name, len)) != NULL)
		return (r);
	if ((nv = realloc(l->v, (l->n + 1) * sizeof(*nv))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	l->v = nv;
	r = &l->v[l->n];
	(void)memset(r, 0, sizeof(*r));
	r->src = s;
	if ((r->name = ioc_aprintf(err, "%.*s", (int)len, name)) == NULL ||
	    (r->dataset = ioc_aprintf(err, "%s/%s", prefix, r->name)) == NULL) {
		rel_free(r);
		return (NULL);
	}
	l->n++;
	return (r);
}

static int
add_patch(struct rel *r, int n, struct ioc_err *err)
{
	int *nv;
	size_t i;

	for (i = 0; i < r->npatches; i++)
		if (r->patches[i] == n)
			return (0);
	if ((nv = realloc(r->patches, (r->npatches + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	r->patches = nv;
	/* Insertion keeps the list ascending. */
	for (i = r->npatches; i > 0 && nv[i - 1] > n; i--)
		nv[i] = nv[i - 1];
	nv[i] = n;
	r->npatches++;
	return (0);
}

/* One row of the releases listing below prefix. */
static int
add_row(struct rellist *l, const struct src *s, const char *prefix,
    const char *ds, const char *mp, const char *mounted, struct ioc_err *err)
{
	size_t plen = strlen(prefix), nlen;
	const char *name, *rest;
	struct rel *r;
	char buf[256];
	int n;

	if (strncmp(ds, prefix, plen) != 0 || ds[plen] != '/')
		return (0); /* the prefix itself, or its snapshots */
	name = ds + plen + 1;
	nlen = strcspn(name, "/@");
	rest = name + nlen;
	if (nlen == 0 || nlen >= sizeof(buf))
		return (0);
	(void)memcpy(buf, name, nlen);
	buf[nlen] = '\0';
	if (!names_existing_ok(buf))
		return (0); /* not a release ioc could name */
	if (*rest == '@')
		return (0); /* a snapshot of releases/NAME */
	if ((r = get_rel(l, s, prefix, name, nlen, err)) == NULL)
		return (-1);
	if (*rest == '\0')
		return (0);
	if (strncmp(rest, "/root", 5) != 0)
		return (0); /* updates, root-pN clones, ... */
	rest += 5;
	if (*rest == '\0') {
		r->has_root = 1;
		if (mp[0] == '/' && strcmp(mounted, "yes") == 0 &&
		    r->root_mp == NULL &&
		    (r->root_mp = ioc_strdup(mp, err)) == NULL)
			return (-1);
		return (0);
	}
	if (*rest == '@' && (n = rel_parse_patch(rest + 1)) >= 0) {
		r->has_root = 1;
		return (add_patch(r, n, err));
	}
	return (0);
}

/* Add the releases of source s found in a listing below prefix. */
int
rel_from_table(const struct src *s, const char *prefix,
    const struct zds_table *t, struct rellist *l, struct ioc_err *err)
{
	size_t r;

	if (t->ncols < 3)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "releases listing: expected 3 columns"));
	for (r = 0; r < t->nrows; r++)
		if (add_row(l, s, prefix, zds_cell(t, r, 0), zds_cell(t, r, 1),
			zds_cell(t, r, 2), err) != 0)
			return (-1);
	return (0);
}

/* Every release of every source (or of one), one zfs call per source. */
int
rel_list(struct ioc_ctx *ctx, const char *srcname, struct rellist *out,
    struct ioc_err *err)
{
	static const char *const props[] = {"mountpoint", "mounted", NULL};
	const struct srclist *srcs;
	struct zds_table t;
	char prefix[512];
	size_t i;

	(void)memset(out, 0, sizeof(*out));
	if ((srcs = src_get(ctx, err)) == NULL)
		return (-1);
	if (srcname != NULL && src_find(srcs, srcname) == NULL)
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "The source '%s' is not configured", srcname));
	for (i = 0; i < srcs->n; i++) {
		const struct src *s = &srcs->v[i];

		if (srcname != NULL && strcmp(s->name, srcname) != 0)
			continue;
		(void)snprintf(
		    prefix, sizeof(prefix), "%s/releases", s->dataset);
		/* releases/NAME/root@pN is at depth 3. */
		if (zds_list(ctx, prefix, props, 3, ZDS_SNAPSHOTS, &t, err) !=
		    0) {
			if (err->code == IOC_ENOENT)
				continue;
			goto fail;
		}
		if (rel_from_table(s, prefix, &t, out, err) != 0) {
			zds_table_free(&t);
			goto fail;
		}
		zds_table_free(&t);
	}
	return (0);
fail:
	rel_list_free(out);
	return (-1);
}

/* The first release called name (len bytes) in l, in source order. */
static const struct rel *
lookup_name(
    const struct rellist *l, const char *srcname, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct rel *r = &l->v[i];

		if (srcname[0] != '\0' && strcmp(r->src->name, srcname) != 0)
			continue;
		if (strlen(r->name) == len && strncmp(r->name, name, len) == 0)
			return (r);
	}
	return (NULL);
}

/* rel_find() on a loaded list. */
int
rel_lookup(const struct rellist *l, const char *selector,
    const struct rel **out, int *patch, struct ioc_err *err)
{
	const struct rel *r;
	const char *name, *dash;
	char srcname[128];
	size_t i;
	int pin = -1;

	*out = NULL;
	*patch = -1;
	if (src_split_selector(
		selector, srcname, sizeof(srcname), &name, err) != 0)
		return (-1);
	if (!names_existing_ok(name))
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "Invalid release name '%s'", name));
	r = lookup_name(l, srcname, name, strlen(name));
	if (r == NULL && (dash = strrchr(name, '-')) != NULL && dash > name &&
	    (pin = rel_parse_patch(dash + 1)) >= 0)
		r = lookup_name(l, srcname, name, (size_t)(dash - name));
	if (r == NULL)
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "Release '%s' does not exist or is not fetched locally",
		    selector));
	if (pin < 0) {
		*patch = r->npatches > 0 ? r->patches[r->npatches - 1] : -1;
	} else {
		for (i = 0; i < r->npatches && r->patches[i] != pin; i++)
			;
		if (i == r->npatches)
			return (ioc_err_set(err, IOC_ENOENT, 0,
			    "Release '%s' does not exist or is not fetched "
			    "locally: '%s' has no snapshot p%d",
			    selector, r->name, pin));
		*patch = pin;
	}
	*out = r;
	return (0);
}

static int
rel_copy(struct rel *dst, const struct rel *src, struct ioc_err *err)
{
	(void)memset(dst, 0, sizeof(*dst));
	dst->src = src->src;
	dst->has_root = src->has_root;
	if ((dst->name = ioc_strdup(src->name, err)) == NULL ||
	    (dst->dataset = ioc_strdup(src->dataset, err)) == NULL ||
	    (src->root_mp != NULL &&
		(dst->root_mp = ioc_strdup(src->root_mp, err)) == NULL))
		goto fail;
	if (src->npatches > 0) {
		if ((dst->patches = calloc(
			 src->npatches, sizeof(*dst->patches))) == NULL) {
			(void)ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory");
			goto fail;
		}
		(void)memcpy(dst->patches, src->patches,
		    src->npatches * sizeof(*dst->patches));
		dst->npatches = src->npatches;
	}
	return (0);
fail:
	rel_free(dst);
	return (-1);
}

/* Find a release by "[source/]NAME[-pN]". */
int
rel_find(struct ioc_ctx *ctx, const char *selector, struct rel *out, int *patch,
    struct ioc_err *err)
{
	const struct rel *r;
	struct rellist l;
	const char *name;
	char srcname[128];
	int rv;

	(void)memset(out, 0, sizeof(*out));
	*patch = -1;
	if (src_split_selector(
		selector, srcname, sizeof(srcname), &name, err) != 0)
		return (-1);
	if (!names_existing_ok(name))
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "Invalid release name '%s'", name));
	if (rel_list(ctx, srcname[0] != '\0' ? srcname : NULL, &l, err) != 0)
		return (-1);
	rv = rel_lookup(&l, selector, &r, patch, err);
	if (rv == 0 && r != NULL)
		rv = rel_copy(out, r, err);
	rel_list_free(&l);
	return (rv);
}

/* "<dataset>/root@p<N>". */
int
rel_snapshot_name(const struct rel *r, int patch, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/root@p%d", r->dataset, patch);

	return (n < 0 || (size_t)n >= size ? -1 : 0);
}

/* "<dataset>/root-p<N>". */
int
rel_clone_name(const struct rel *r, int patch, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/root-p%d", r->dataset, patch);

	return (n < 0 || (size_t)n >= size ? -1 : 0);
}

/* Is path beneath rootfd a directory? */
static int
has_dir(int rootfd, const char *path)
{
	struct ioc_err e;
	int fd;

	fd = fsu_open_in_root(rootfd, path, O_RDONLY | O_DIRECTORY, 0, 0, &e);
	if (fd < 0)
		return (0);
	(void)close(fd);
	return (1);
}

/* Is path beneath rootfd (symlinks resolved inside it) executable? */
static int
has_exec(int rootfd, const char *path)
{
	struct ioc_err e;
	struct stat st;
	int fd, ok;

	if ((fd = fsu_open_in_root(rootfd, path, O_RDONLY, 0, 0, &e)) < 0)
		return (0);
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
	(void)close(fd);
	return (ok);
}

/* True when the root tree looks like a userland. */
int
rel_root_ok(const char *root_mp, struct ioc_err *err)
{
	static const char *const dirs[] = {"etc", "dev", "var"};
	char missing[256];
	size_t i, off = 0;
	int rootfd;

	if ((rootfd = open(root_mp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return (ioc_err_sys(err, 0, "open '%s'", root_mp));
	missing[0] = '\0';
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!has_dir(rootfd, dirs[i]))
			off += (size_t)snprintf(missing + off,
			    sizeof(missing) - off, "%s%s", off > 0 ? ", " : "",
			    dirs[i]);
	if (!has_exec(rootfd, "bin/sh"))
		(void)snprintf(missing + off, sizeof(missing) - off,
		    "%san executable bin/sh", off > 0 ? ", " : "");
	(void)close(rootfd);
	if (missing[0] != '\0')
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "'%s' does not look like a root file system: it has no %s",
		    root_mp, missing));
	return (0);
}

/* Leave the clone unmounted: zfs-fuse mounts every new clone. */
static void
clone_umount(struct ioc_ctx *ctx, const char *clone)
{
	struct ioc_err e;
	char *mounted;

	if ((mounted = zds_get_value(ctx, clone, "mounted", &e)) == NULL) {
		ioc_log(ctx, IOC_LOG_WARN, "%s", e.msg);
		return;
	}
	if (strcmp(mounted, "yes") == 0 && zds_umount(ctx, clone, &e) != 0)
		ioc_log(ctx, IOC_LOG_WARN, "could not unmount '%s': %s", clone,
		    e.msg);
	free(mounted);
}

/* zfs clone -o readonly=on -o canmount=noauto root@pN root-pN. */
static int
make_clone(struct ioc_ctx *ctx, const char *snap, const char *clone,
    struct ioc_err *err)
{
	static const char *const props[] = {
	    "readonly=on", "canmount=noauto", NULL};

	if (zds_clone(ctx, snap, clone, props, 0, err) != 0)
		return (-1);
	clone_umount(ctx, clone);
	return (0);
}

/* Create the clone root-pN of root@pN when it is missing. */
int
rel_clone_ensure(struct ioc_ctx *ctx, const struct rel *r, int patch,
    int *created, struct ioc_err *err)
{
	char snap[512], clone[512];
	int ex;

	*created = 0;
	if (rel_snapshot_name(r, patch, snap, sizeof(snap)) != 0 ||
	    rel_clone_name(r, patch, clone, sizeof(clone)) != 0)
		return (ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
		    "release '%s': name too long", r->name));
	if ((ex = zds_exists(ctx, clone, err)) < 0)
		return (-1);
	if (ex)
		return (0);
	if (make_clone(ctx, snap, clone, err) != 0)
		return (-1);
	*created = 1;
	return (0);
}

/* Take the next snapshot root@p<N> and its read-only clone. */
int
rel_snapshot_next(
    struct ioc_ctx *ctx, const struct rel *r, int *patch, struct ioc_err *err)
{
	int n;

	if (r->npatches > 0 && r->patches[r->npatches - 1] == INT_MAX)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "release '%s': no patch level left", r->name));
	n = r->npatches > 0 ? r->patches[r->npatches - 1] + 1 : 0;
	if (rel_snapshot_at(ctx, r, n, err) != 0)
		return (-1);
	*patch = n;
	return (0);
}

/* Take the snapshot root@p<n> and its read-only clone. */
int
rel_snapshot_at(
    struct ioc_ctx *ctx, const struct rel *r, int n, struct ioc_err *err)
{
	char snap[512], clone[512];
	struct ioc_err e;

	if (rel_snapshot_name(r, n, snap, sizeof(snap)) != 0 ||
	    rel_clone_name(r, n, clone, sizeof(clone)) != 0)
		return (ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
		    "release '%s': name too long", r->name));
	if (zds_snapshot(ctx, snap, 0, err) != 0)
		return (-1);
	if (make_clone(ctx, snap, clone, err) != 0) {
		/* Undo: a snapshot without its clone is never left. */
		if (zds_destroy(ctx, snap, 0, &e) != 0)
			ioc_log(ctx, IOC_LOG_WARN,
			    "could not destroy the snapshot '%s' again: %s",
			    snap, e.msg);
		return (-1);
	}
	return (0);
}

/* Lock release NAME of source src. */
int
rel_lock(struct ioc_ctx *ctx, const char *src, const char *name,
    struct fsu_lock *lk, struct ioc_err *err)
{
	char lname[300];

	if ((size_t)snprintf(lname, sizeof(lname), REL_LOCK_PREFIX "%s",
		name) >= sizeof(lname))
		return (ioc_err_set(
		    err, IOC_EINVAL, ENAMETOOLONG, "release name too long"));
	if (fsu_lock(ctx->rundir, src, lname, lk, err) != 0) {
		if (err->code == IOC_EBUSY)
			return (ioc_err_set(err, IOC_EBUSY, err->sys,
			    "Release '%s' is busy: another ioc process is "
			    "working on it",
			    name));
		return (-1);
	}
	return (0);
}

/* Mount the release's root when it is not mounted; fills r->root_mp. */
static int
root_mount(struct ioc_ctx *ctx, struct rel *r, struct ioc_err *err)
{
	char ds[512];
	char *mp;

	if (r->root_mp != NULL)
		return (0);
	(void)snprintf(ds, sizeof(ds), "%s/root", r->dataset);
	if ((mp = zds_get_value(ctx, ds, "mountpoint", err)) == NULL)
		return (-1);
	if (mp[0] != '/') {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "The root dataset '%s' of release '%s' has no mountpoint "
		    "(%s)",
		    ds, r->name, mp);
		free(mp);
		return (-1);
	}
	if (zds_mount(ctx, ds, err) != 0) {
		free(mp);
		return (ioc_err_wrap(err, "release '%s'", r->name));
	}
	r->root_mp = mp;
	return (0);
}

/* Register a release whose root the user filled in place (fetch -b). */
int
ioc_release_register(
    struct ioc_ctx *ctx, const char *selector, int *patch, struct ioc_err *err)
{
	struct fsu_lock lk = {-1};
	const struct srclist *srcs;
	const struct src *s;
	struct rellist l = {NULL, 0};
	struct rel *r;
	const char *name;
	char srcname[128];
	int rv = -1;

	*patch = -1;
	if (src_split_selector(
		selector, srcname, sizeof(srcname), &name, err) != 0)
		return (-1);
	if (rel_name_check(name, err) != 0)
		return (-1);
	if ((srcs = src_get(ctx, err)) == NULL)
		return (-1);
	s = srcname[0] != '\0' ? src_find(srcs, srcname) : &srcs->v[0];
	if (s == NULL)
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "The source '%s' is not configured", srcname));
	if (rel_lock(ctx, s->name, name, &lk, err) != 0)
		return (-1);
	/* Listed under the lock, so the next pN is really the next. */
	if (rel_list(ctx, s->name, &l, err) != 0)
		goto out;
	r = find_in(&l, s, name, strlen(name));
	if (r == NULL || !r->has_root) {
		(void)ioc_err_set(err, IOC_ENOENT, 0,
		    "Release '%s' does not exist: create its dataset with "
		    "`zfs create -p %s/releases/%s/root` and install a "
		    "userland into it (make installworld distribution "
		    "DESTDIR=...) first",
		    selector, s->dataset, name);
		goto out;
	}
	if (root_mount(ctx, r, err) != 0)
		goto out;
	if (rel_root_ok(r->root_mp, err) != 0) {
		(void)ioc_err_wrap(err, "Release '%s'", selector);
		goto out;
	}
	if (rel_snapshot_next(ctx, r, patch, err) != 0) {
		(void)ioc_err_wrap(err, "Release '%s'", selector);
		goto out;
	}
	ioc_log(ctx, IOC_LOG_VERBOSE, "release '%s': snapshot %s/root@p%d",
	    selector, r->dataset, *patch);
	rv = 0;
out:
	rel_list_free(&l);
	fsu_unlock(&lk);
	return (rv);
}
