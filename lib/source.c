/*
 * source.c - resolve the root datasets ioc works on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsu.h"
#include "internal.h"
#include "names.h"
#include "rcconf.h"
#include "source.h"
#include "value.h"
#include "zds.h"

#define RCCONF_MAX ((size_t)1024 * 1024)
#define RC_PREFIX  "ioc_dataset_"

static int
src_add(
    struct srclist *l, const char *name, const char *ds, struct ioc_err *err)
{
	struct src *nv;

	if ((nv = realloc(l->v, (l->n + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	l->v = nv;
	(void)memset(&nv[l->n], 0, sizeof(nv[l->n]));
	if ((nv[l->n].name = ioc_strdup(name, err)) == NULL)
		return (-1);
	if ((nv[l->n].dataset = ioc_strdup(ds, err)) == NULL) {
		free(nv[l->n].name);
		return (-1);
	}
	l->n++;
	return (0);
}

/* Release a source list. */
void
src_list_free(struct srclist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].dataset);
		free(l->v[i].mountpoint);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The source with this name, or NULL. */
const struct src *
src_find(const struct srclist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return (&l->v[i]);
	return (NULL);
}

/* The sources of the ioc_dataset_<NAME> lines of an rc.conf text. */
int
src_from_rcconf(
    const char *buf, size_t len, struct srclist *out, struct ioc_err *err)
{
	struct rcconf rc;
	size_t i, plen = strlen(RC_PREFIX);
	int rv = -1;

	(void)memset(out, 0, sizeof(*out));
	if (rcconf_parse(buf, len, &rc, err) != 0)
		return (-1);
	for (i = 0; i < rc.n; i++) {
		const char *var = rc.v[i].name, *name = var + plen;

		if (strncmp(var, RC_PREFIX, plen) != 0)
			continue;
		if (ioc_source_name_check(name, err) != 0) {
			(void)ioc_err_wrap(
			    err, "rc.conf line %zu", rc.v[i].line);
			goto out;
		}
		if (rcconf_has_expansion(rc.v[i].value) ||
		    !names_dataset_ok(rc.v[i].value) ||
		    strchr(rc.v[i].value, '@') != NULL) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "rc.conf line %zu: invalid dataset '%s' for "
			    "source '%s'",
			    rc.v[i].line, rc.v[i].value, name);
			goto out;
		}
		if (src_add(out, name, rc.v[i].value, err) != 0)
			goto out;
	}
	rv = 0;
out:
	if (rv != 0)
		src_list_free(out);
	rcconf_free(&rc);
	return (rv);
}

/* Sources from rc.conf; a missing file gives none. */
static int
from_rcconf_file(const char *path, struct srclist *out, struct ioc_err *err)
{
	struct ioc_err e;
	size_t len;
	char *buf;
	int rv;

	(void)memset(out, 0, sizeof(*out));
	if ((buf = fsu_read_file(path, RCCONF_MAX, &len, &e)) == NULL) {
		if (e.sys == ENOENT)
			return (0);
		*err = e;
		return (-1);
	}
	rv = src_from_rcconf(buf, len, out, err);
	free(buf);
	if (rv != 0)
		(void)ioc_err_wrap(err, "%s", path);
	return (rv);
}

/*
 * The first imported pool (ONLINE or DEGRADED) whose root dataset has
 * org.freebsd.ioc:active set to a true value: source "ioc" at
 * <pool>/iocage.  Two zfs calls in all.
 */
static int
from_active_pool(struct ioc_ctx *ctx, struct srclist *out, struct ioc_err *err)
{
	static const char *const props[] = {SRC_ACTIVE_PROP, NULL};
	struct zds_table pools, vals;
	const char **names = NULL;
	size_t i, r, n = 0;
	char ds[300];
	int rv = -1, b;

	(void)memset(out, 0, sizeof(*out));
	(void)memset(&vals, 0, sizeof(vals));
	if (zds_pools(ctx, &pools, err) != 0)
		return (-1);
	if (pools.nrows == 0) {
		rv = 0;
		goto out;
	}
	if ((names = calloc(pools.nrows + 1, sizeof(*names))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < pools.nrows; i++) {
		const char *health = zds_cell(&pools, i, 1);

		if (strcmp(health, "ONLINE") == 0 ||
		    strcmp(health, "DEGRADED") == 0)
			names[n++] = zds_cell(&pools, i, 0);
	}
	if (n == 0) {
		rv = 0;
		goto out;
	}
	if (zds_get_many(ctx, names, props, &vals, err) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		for (r = 0; r < vals.nrows; r++) {
			if (strcmp(zds_cell(&vals, r, 0), names[i]) != 0)
				continue;
			if (val_parse_bool(zds_cell(&vals, r, 2), &b) == 0 &&
			    b) {
				(void)snprintf(
				    ds, sizeof(ds), "%s/iocage", names[i]);
				rv = src_add(out, "ioc", ds, err);
				goto out;
			}
		}
	}
	rv = 0;
out:
	free(names);
	zds_table_free(&pools);
	zds_table_free(&vals);
	return (rv);
}

/* Fill in every source's mountpoint with one zfs call. */
static int
fill_mountpoints(struct ioc_ctx *ctx, struct srclist *l, struct ioc_err *err)
{
	static const char *const props[] = {"mountpoint", NULL};
	struct zds_table t;
	const char **dsv;
	size_t i, r;
	int rv = -1;

	if ((dsv = calloc(l->n + 1, sizeof(*dsv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < l->n; i++)
		dsv[i] = l->v[i].dataset;
	if (zds_get_many(ctx, dsv, props, &t, err) != 0) {
		if (err->code == IOC_ENOENT) {
			for (i = 0; i < l->n; i++)
				if (zds_exists(ctx, l->v[i].dataset, NULL) == 0)
					break;
			if (i < l->n)
				(void)ioc_err_set(err, IOC_ENOENT, 0,
				    "The root dataset '%s' of source '%s' "
				    "does not exist",
				    l->v[i].dataset, l->v[i].name);
		}
		free(dsv);
		return (-1);
	}
	for (i = 0; i < l->n; i++) {
		const char *mp = NULL;

		for (r = 0; r < t.nrows; r++)
			if (strcmp(zds_cell(&t, r, 0), l->v[i].dataset) == 0)
				mp = zds_cell(&t, r, 2);
		if (src_set_mountpoint(&l->v[i], mp, err) != 0)
			goto out;
	}
	rv = 0;
out:
	zds_table_free(&t);
	free(dsv);
	return (rv);
}

/* The auto-detected sources: rc.conf, else the active pool. */
int
src_detect(struct ioc_ctx *ctx, struct srclist *out, struct ioc_err *err)
{
	if (from_rcconf_file(ctx->rcconf, out, err) != 0)
		return (-1);
	if (out->n == 0 && from_active_pool(ctx, out, err) != 0)
		return (-1);
	return (0);
}

/* The sources of this context without their mountpoints, resolved once. */
const struct srclist *
src_get_lazy(struct ioc_ctx *ctx, struct ioc_err *err)
{
	struct srclist l = {NULL, 0, 0};
	size_t i;

	if (ctx->srcs.n > 0)
		return (&ctx->srcs);
	if (ctx->nsources > 0) {
		for (i = 0; i < ctx->nsources; i++)
			if (src_add(&l, ctx->sources[i].name,
				ctx->sources[i].dataset, err) != 0)
				goto fail;
	} else if (src_detect(ctx, &l, err) != 0) {
		goto fail;
	}
	if (l.n == 0) {
		(void)ioc_err_set(err, IOC_ENOTACTIVE, 0,
		    "iocage is not activated yet - please run `ioc activate "
		    "<POOL>` first and select a pool");
		goto fail;
	}
	ctx->srcs = l;
	return (&ctx->srcs);
fail:
	src_list_free(&l);
	return (NULL);
}

/* Set a source's mountpoint from a zfs listing ("none" is an error). */
int
src_set_mountpoint(struct src *s, const char *mp, struct ioc_err *err)
{
	if (mp == NULL || mp[0] != '/')
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Mountpoint of iocage ZFS source dataset '%s' is unset and "
		    "cannot be determined automatically",
		    s->dataset));
	free(s->mountpoint);
	if ((s->mountpoint = ioc_strdup(mp, err)) == NULL)
		return (-1);
	return (0);
}

/* The sources of this context with their mountpoints, resolved once. */
const struct srclist *
src_get(struct ioc_ctx *ctx, struct ioc_err *err)
{
	if (src_get_lazy(ctx, err) == NULL)
		return (NULL);
	if (!ctx->srcs.mounts_known) {
		if (fill_mountpoints(ctx, &ctx->srcs, err) != 0)
			return (NULL);
		ctx->srcs.mounts_known = 1;
	}
	return (&ctx->srcs);
}

/* Create <root>/jails and <root>/releases when they are missing. */
int
src_ensure_layout(struct ioc_ctx *ctx, const struct src *s, struct ioc_err *err)
{
	static const char *const children[] = {"jails", "releases"};
	char ds[512];
	size_t i;
	int r;

	for (i = 0; i < sizeof(children) / sizeof(children[0]); i++) {
		(void)snprintf(
		    ds, sizeof(ds), "%s/%s", s->dataset, children[i]);
		if ((r = zds_exists(ctx, ds, err)) < 0)
			return (-1);
		if (r == 0 && zds_create(ctx, ds, NULL, 0, err) != 0 &&
		    err->code != IOC_EEXIST)
			return (-1);
	}
	return (0);
}

/* Split "[source/]rest": srcname gets the source, or "" without one. */
int
src_split_selector(const char *sel, char *srcname, size_t size,
    const char **rest, struct ioc_err *err)
{
	const char *slash = strchr(sel, '/');

	srcname[0] = '\0';
	*rest = sel;
	if (slash == NULL)
		return (0);
	if ((size_t)(slash - sel) >= size)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "invalid selector '%s'", sel));
	(void)memcpy(srcname, sel, (size_t)(slash - sel));
	srcname[slash - sel] = '\0';
	*rest = slash + 1;
	return (ioc_source_name_check(srcname, err));
}
