/*
 * jail.c - find jails in their sources; get and set their properties and
 * the host defaults.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfgstore.h"
#include "filter.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "jparams.h"
#include "names.h"
#include "props.h"
#include "runtime.h"
#include "value.h"
#include "zds.h"

#define TAG_PROP CFG_ZFS_PREFIX "tag"

static void
jent_clear(struct jent *e)
{
	free(e->name);
	e->name = NULL;
	free(e->human);
	e->human = NULL;
	free(e->dataset);
	e->dataset = NULL;
	free(e->mountpoint);
	e->mountpoint = NULL;
	e->src = NULL;
}

/* Release a jail list. */
void
jail_list_free(struct jentlist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		jent_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The tag of a UUID-named jail whose config is a file (no zfs call). */
static char *
file_tag(struct ioc_ctx *ctx, const char *mountpoint)
{
	struct cfgstore st;
	struct ioc_err e;
	const char *tag;
	char *rv = NULL;

	if (cfgstore_load(ctx, CFG_JAIL, mountpoint, NULL, &st, &e) != 0)
		return (NULL);
	if ((tag = cfg_get(&st.cur, "tag")) != NULL && !val_is_none(tag) &&
	    names_existing_ok(tag))
		rv = strdup(tag);
	cfgstore_free(&st);
	return (rv);
}

static int
add_ent(struct ioc_ctx *ctx, struct jentlist *l, const struct src *s,
    const char *ds, const char *mp, const char *mounted, const char *tag,
    struct ioc_err *err)
{
	const char *base = strrchr(ds, '/') + 1;
	struct jent *nv, *e;

	if (!names_existing_ok(base)) {
		ioc_log(ctx, IOC_LOG_WARN,
		    "skipping dataset '%s': not a "
		    "valid jail name",
		    ds);
		return (0);
	}
	if ((nv = realloc(l->v, (l->n + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	l->v = nv;
	e = &l->v[l->n];
	(void)memset(e, 0, sizeof(*e));
	e->src = s;
	if ((e->name = ioc_strdup(base, err)) == NULL ||
	    (e->dataset = ioc_strdup(ds, err)) == NULL ||
	    (mp[0] == '/' && strcmp(mounted, "yes") == 0 &&
		(e->mountpoint = ioc_strdup(mp, err)) == NULL)) {
		jent_clear(e);
		return (-1);
	}
	if (names_is_uuid(base)) {
		if (!val_is_none(tag) && names_existing_ok(tag))
			e->human = strdup(tag);
		else if (e->mountpoint != NULL)
			e->human = file_tag(ctx, e->mountpoint);
	}
	l->n++;
	return (0);
}

/* Every jail of every source (or of one). */
int
jail_list(struct ioc_ctx *ctx, const char *srcname, struct jentlist *out,
    struct ioc_err *err)
{
	static const char *const props[] = {
	    "mountpoint", "mounted", TAG_PROP, NULL};
	const struct srclist *srcs;
	struct zds_table t;
	size_t i, r;
	char ds[512];

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
		(void)snprintf(ds, sizeof(ds), "%s/jails", s->dataset);
		if (zds_list(ctx, ds, props, 1, 0, &t, err) != 0) {
			if (err->code == IOC_ENOENT)
				continue;
			goto fail;
		}
		for (r = 0; r < t.nrows; r++) {
			if (strcmp(zds_cell(&t, r, 0), ds) == 0)
				continue;
			if (add_ent(ctx, out, s, zds_cell(&t, r, 0),
				zds_cell(&t, r, 1), zds_cell(&t, r, 2),
				zds_cell(&t, r, 3), err) != 0) {
				zds_table_free(&t);
				goto fail;
			}
		}
		zds_table_free(&t);
	}
	return (0);
fail:
	jail_list_free(out);
	return (-1);
}

/* The host defaults of the main source, loaded once per context. */
const struct cfgstore *
jail_defaults(struct ioc_ctx *ctx, struct ioc_err *err)
{
	const struct srclist *srcs;
	struct cfgstore *st;
	struct stat sb;
	char ds[512], dir[4096];

	if (ctx->defaults != NULL)
		return (ctx->defaults);
	if ((srcs = src_get(ctx, err)) == NULL)
		return (NULL);
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	(void)snprintf(ds, sizeof(ds), "%s/.defaults", srcs->v[0].dataset);
	(void)snprintf(dir, sizeof(dir), "%s/.defaults", srcs->v[0].mountpoint);
	/* Probe the legacy dataset only when its mountpoint exists. */
	if (cfgstore_load(ctx, CFG_DEFAULTS, srcs->v[0].mountpoint,
		stat(dir, &sb) == 0 ? ds : NULL, st, err) != 0) {
		free(st);
		return (NULL);
	}
	ctx->defaults = st;
	return (st);
}

/* Running state from the runtime state directory (no zfs call). */
int
jail_running(struct ioc_ctx *ctx, const struct jent *e, long *jid)
{
	struct plat_running r;
	int stale;

	*jid = -1;
	if (rt_state_read(ctx, e->src->name, e->name, &r, &stale) != 1)
		return (0);
	*jid = r.pid;
	return (1);
}

static int
jent_copy(struct jent *dst, const struct jent *src, struct ioc_err *err)
{
	(void)memset(dst, 0, sizeof(*dst));
	dst->src = src->src;
	if ((dst->name = ioc_strdup(src->name, err)) == NULL ||
	    (dst->dataset = ioc_strdup(src->dataset, err)) == NULL ||
	    (src->human != NULL &&
		(dst->human = ioc_strdup(src->human, err)) == NULL) ||
	    (src->mountpoint != NULL &&
		(dst->mountpoint = ioc_strdup(src->mountpoint, err)) == NULL)) {
		jent_clear(dst);
		return (-1);
	}
	return (0);
}

static int
ent_matches(const struct jent *e, const char *name)
{
	if (strcmp(e->name, name) == 0)
		return (1);
	if (e->human != NULL && strcmp(e->human, name) == 0)
		return (1);
	return (names_is_uuid(e->name) && strlen(name) == 8 &&
	    strncmp(e->name, name, 8) == 0);
}

/*
 * The common case in one zfs call: a jail named exactly "name" in the one
 * candidate source, listed together with every source's root so that the
 * mountpoints come along.  With rels (a start), the same call lists the
 * source's releases two levels deep and hands that table over to *rels.
 * Returns 1 when found, 0 when the slow path must decide (tags, short
 * UUIDs, several sources), -1 on error.
 */
static int
resolve_exact(struct ioc_ctx *ctx, const char *srcname, const char *name,
    struct jent *out, struct zds_table *rels, struct ioc_err *err)
{
	static const char *const props[] = {
	    "mountpoint", "mounted", TAG_PROP, NULL};
	const struct srclist *srcs;
	const struct src *cand;
	const char *dsv[IOC_MAX_SOURCES + 3];
	struct jentlist l = {NULL, 0};
	struct zds_table t;
	struct ioc_err e;
	char ds[512], relds[512];
	size_t i, n = 0, r;
	int listed = 0, rv = 0;

	if ((srcs = src_get_lazy(ctx, err)) == NULL)
		return (-1);
	if (srcname != NULL)
		cand = src_find(srcs, srcname);
	else
		cand = srcs->n == 1 ? &srcs->v[0] : NULL;
	if (cand == NULL || srcs->n > IOC_MAX_SOURCES)
		return (0);
	for (i = 0; i < srcs->n && !srcs->mounts_known; i++)
		dsv[n++] = srcs->v[i].dataset;
	(void)snprintf(ds, sizeof(ds), "%s/jails/%s", cand->dataset, name);
	dsv[n++] = ds;
	if (rels != NULL) {
		/* start: releases/NAME/root-pN is at depth 2 */
		(void)snprintf(
		    relds, sizeof(relds), "%s/releases", cand->dataset);
		dsv[n++] = relds;
	}
	dsv[n] = NULL;
	if (rels != NULL) {
		/* Two levels below the roots: a row may come twice. */
		if (zds_list_trees(ctx, dsv, props, 2, 0, &t, &e) == 0)
			listed = 1;
		else if (strstr(e.msg, relds) == NULL)
			return (0);
		else {
			/* A source without releases/: the jail alone. */
			rels = NULL;
			dsv[--n] = NULL;
		}
	}
	if (!listed && zds_list_many(ctx, dsv, props, &t, &e) != 0)
		return (0);
	for (r = 0; r < t.nrows; r++) {
		const char *rn = zds_cell(&t, r, 0);

		if (strcmp(rn, ds) == 0) {
			if (l.n == 0 &&
			    add_ent(ctx, &l, cand, rn, zds_cell(&t, r, 1),
				zds_cell(&t, r, 2), zds_cell(&t, r, 3),
				err) != 0)
				goto fail;
			continue;
		}
		for (i = 0; i < srcs->n; i++)
			if (strcmp(srcs->v[i].dataset, rn) == 0 &&
			    src_set_mountpoint(
				&ctx->srcs.v[i], zds_cell(&t, r, 1), err) != 0)
				goto fail;
	}
	if (!srcs->mounts_known) {
		for (i = 0; i < srcs->n; i++)
			if (srcs->v[i].mountpoint == NULL)
				break;
		ctx->srcs.mounts_known = i == srcs->n;
	}
	if (l.n == 1) {
		rv = jent_copy(out, &l.v[0], err) == 0 ? 1 : -1;
		if (rv == 1 && rels != NULL) {
			*rels = t; /* handed over */
			(void)memset(&t, 0, sizeof(t));
		}
	}
	goto out;
fail:
	rv = -1;
out:
	jail_list_free(&l);
	zds_table_free(&t);
	return (rv);
}

/* Resolve "[source/]name" to exactly one jail. */
static int
resolve(struct ioc_ctx *ctx, const char *selector, struct jent *out,
    struct zds_table *rels, struct ioc_err *err)
{
	struct jentlist l;
	const char *name, *src;
	char srcname[128], cand[IOC_ERRMSG_MAX];
	size_t i, hits = 0, found = 0, off = 0;
	int rv = -1;

	if (src_split_selector(
		selector, srcname, sizeof(srcname), &name, err) != 0)
		return (-1);
	src = srcname[0] != '\0' ? srcname : NULL;
	if (!names_existing_ok(name))
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "Invalid jail name '%s'", name));
	/* An exact dataset name wins over legacy tags and short UUIDs. */
	if ((rv = resolve_exact(ctx, src, name, out, rels, err)) != 0)
		return (rv > 0 ? 0 : -1);
	rv = -1;
	if (jail_list(ctx, src, &l, err) != 0)
		return (-1);
	cand[0] = '\0';
	for (i = 0; i < l.n; i++) {
		if (!ent_matches(&l.v[i], name))
			continue;
		if (hits++ == 0)
			found = i;
		if (off < sizeof(cand))
			off += (size_t)snprintf(cand + off, sizeof(cand) - off,
			    "%s%s/%s", hits > 1 ? ", " : "", l.v[i].src->name,
			    l.v[i].name);
	}
	if (hits == 0)
		(void)ioc_err_set(
		    err, IOC_ENOENT, 0, "Jail '%s' does not exist", selector);
	else if (hits > 1)
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "Jail '%s' is ambiguous: %s; select one as SOURCE/NAME",
		    name, cand);
	else
		rv = jent_copy(out, &l.v[found], err);
	jail_list_free(&l);
	return (rv);
}

static struct ioc_jail *
jail_open(
    struct ioc_ctx *ctx, const char *selector, int start, struct ioc_err *err)
{
	const struct cfgstore *defs;
	struct ioc_jail *j;

	if ((j = calloc(1, sizeof(*j))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	j->ctx = ctx;
	if (resolve(ctx, selector, &j->ent, start ? &j->rels : NULL, err) != 0)
		goto fail;
	/* Only the exact-name fast path lists the releases with the jail. */
	j->rels_known = j->rels.ncols > 0;
	if (cfgstore_load(ctx, CFG_JAIL, j->ent.mountpoint, j->ent.dataset,
		&j->cfg, err) != 0) {
		(void)ioc_err_wrap(err, "jail '%s'", selector);
		goto fail;
	}
	if (j->ent.mountpoint == NULL && !j->cfg.exists) {
		(void)ioc_err_set(err, IOC_EIO, 0,
		    "The dataset '%s' of jail '%s' is not mounted",
		    j->ent.dataset, selector);
		goto fail;
	}
	if ((defs = jail_defaults(ctx, err)) == NULL)
		goto fail;
	j->defs = &defs->cur;
	return (j);
fail:
	ioc_jail_free(j);
	return (NULL);
}

/* Open the jail a selector names. */
struct ioc_jail *
ioc_jail_open(struct ioc_ctx *ctx, const char *selector, struct ioc_err *err)
{
	return (jail_open(ctx, selector, 0, err));
}

/* Open the jail a selector names, with its source's releases, to start it. */
struct ioc_jail *
jail_open_start(struct ioc_ctx *ctx, const char *selector, struct ioc_err *err)
{
	return (jail_open(ctx, selector, 1, err));
}

/* Open the host defaults of the main source. */
struct ioc_jail *
ioc_defaults_open(struct ioc_ctx *ctx, struct ioc_err *err)
{
	const struct cfgstore *defs;
	struct ioc_jail *j;

	if ((defs = jail_defaults(ctx, err)) == NULL)
		return (NULL);
	if ((j = calloc(1, sizeof(*j))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	j->ctx = ctx;
	j->is_defaults = 1;
	j->ent.src = &ctx->srcs.v[0];
	j->defs = NULL;
	if ((j->ent.name = ioc_strdup("defaults", err)) == NULL ||
	    cfgstore_load(ctx, CFG_DEFAULTS, defs->dir, defs->dataset, &j->cfg,
		err) != 0) {
		ioc_jail_free(j);
		return (NULL);
	}
	return (j);
}

/* Release a jail. */
void
ioc_jail_free(struct ioc_jail *j)
{
	if (j == NULL)
		return;
	jent_clear(&j->ent);
	cfgstore_free(&j->cfg);
	zds_table_free(&j->rels);
	free(j);
}

/* Borrowed: the jail's name. */
const char *
ioc_jail_name(const struct ioc_jail *j)
{
	return (j->ent.human != NULL ? j->ent.human : j->ent.name);
}

/* Attributes computed from the jail rather than stored. */
static const char *const attributes[] = {
    "config_type",
    "dataset_name",
    "full_name",
    "humanreadable_name",
    "identifier",
    "jid",
    "legacy",
    "root_path",
    "running",
    "source",
    "stopped",
};

#define NATTR (sizeof(attributes) / sizeof(attributes[0]))

static int
is_attribute(const char *key)
{
	size_t i;

	for (i = 0; i < NATTR; i++)
		if (strcmp(attributes[i], key) == 0)
			return (1);
	return (0);
}

/* A computed attribute of a jail as a new string. */
static char *
attribute(struct ioc_jail *j, const char *key, struct ioc_err *err)
{
	const struct srclist *srcs = &j->ctx->srcs;
	char buf[1024];
	long jid = -1;
	int running = j->is_defaults ? 0 : jail_running(j->ctx, &j->ent, &jid);

	if (strcmp(key, "config_type") == 0)
		return (ioc_strdup(cfgstore_fmt_name(j->cfg.fmt), err));
	if (strcmp(key, "legacy") == 0)
		return (ioc_strdup(j->cfg.fmt != CFG_JSON ? "yes" : "no", err));
	if (j->is_defaults)
		return (ioc_strdup("-", err));
	if (strcmp(key, "running") == 0)
		return (ioc_strdup(running ? "yes" : "no", err));
	if (strcmp(key, "stopped") == 0)
		return (ioc_strdup(running ? "no" : "yes", err));
	if (strcmp(key, "jid") == 0) {
		if (!running)
			return (ioc_strdup("-", err));
		(void)snprintf(buf, sizeof(buf), "%ld", jid);
		return (ioc_strdup(buf, err));
	}
	if (strcmp(key, "source") == 0)
		return (ioc_strdup(j->ent.src->name, err));
	if (strcmp(key, "dataset_name") == 0)
		return (ioc_strdup(j->ent.dataset, err));
	if (strcmp(key, "humanreadable_name") == 0)
		return (ioc_strdup(ioc_jail_name(j), err));
	if (strcmp(key, "full_name") == 0) {
		if (srcs->n > 1)
			return (ioc_aprintf(
			    err, "%s/%s", j->ent.src->name, j->ent.name));
		return (ioc_strdup(j->ent.name, err));
	}
	if (strcmp(key, "root_path") == 0) {
		if (j->ent.mountpoint == NULL)
			return (ioc_strdup("-", err));
		return (ioc_aprintf(err, "%s/root", j->ent.mountpoint));
	}
	/* identifier */
	(void)jparams_identifier(
	    j->ent.src->name, j->ent.name, buf, sizeof(buf));
	return (ioc_strdup(buf, err));
}

/* The legacy "type" and "tag" readings of §6.2. */
static char *
legacy_reading(struct ioc_jail *j, const char *key, struct ioc_err *err)
{
	const struct cfg *c = &j->cfg.cur;
	const char *v;
	int b;

	if (strcmp(key, "type") == 0) {
		if ((v = cfg_get(c, "type")) != NULL && !val_is_none(v))
			return (ioc_strdup(v, err));
		v = prop_effective("basejail", c, j->defs);
		if (v != NULL && val_parse_bool(v, &b) == 0 && b)
			return (ioc_strdup("basejail", err));
		v = prop_effective("clonejail", c, j->defs);
		if (v != NULL && val_parse_bool(v, &b) == 0 && b)
			return (ioc_strdup("clonejail", err));
		return (ioc_strdup("jail", err));
	}
	/* tag: the legacy tag, else the first of tags. */
	if ((v = cfg_get(c, "tag")) != NULL && !val_is_none(v))
		return (ioc_strdup(v, err));
	if ((v = prop_effective("tags", c, j->defs)) != NULL &&
	    !val_is_none(v)) {
		size_t len = strcspn(v, ",");

		return (ioc_aprintf(err, "%.*s", (int)len, v));
	}
	return (ioc_strdup("-", err));
}

/* One property or attribute for display. */
char *
ioc_jail_get(struct ioc_jail *j, const char *key, struct ioc_err *err)
{
	const struct prop *p;
	const char *v;

	if (is_attribute(key))
		return (attribute(j, key, err));
	if (!j->is_defaults &&
	    (strcmp(key, "id") == 0 || strcmp(key, "name") == 0 ||
		strcmp(key, "uuid") == 0))
		return (ioc_strdup(j->ent.name, err));
	if (!j->is_defaults &&
	    (strcmp(key, "type") == 0 || strcmp(key, "tag") == 0))
		return (legacy_reading(j, key, err));
	p = prop_find(key);
	if (p == NULL && cfg_get(&j->cfg.cur, key) == NULL &&
	    (j->defs == NULL || cfg_get(j->defs, key) == NULL)) {
		if (strncmp(key, "user.", 5) == 0)
			return (ioc_strdup("", err));
		(void)ioc_err_set(
		    err, IOC_ENOENT, 0, "Unknown property '%s'", key);
		return (NULL);
	}
	v = prop_effective(key, &j->cfg.cur, j->defs);
	if (v == NULL && strncmp(key, "user.", 5) == 0)
		return (ioc_strdup("", err)); /* libioc: unknown user.* is "" */
	if (p == NULL)
		return (ioc_strdup(val_is_none(v) ? "-" : v, err));
	return (prop_render(key, v, VAL_DISPLAY, err));
}

static int
keyset_add_cfg(struct cfg *keys, const struct cfg *c, struct ioc_err *err)
{
	size_t i;

	for (i = 0; c != NULL && i < c->n; i++)
		if (cfg_set(keys, c->kv[i].key, "", err) != 0)
			return (-1);
	return (0);
}

/* Every property and attribute, sorted by key, for display. */
int
ioc_jail_get_all(
    struct ioc_jail *j, ioc_kv_fn fn, void *arg, struct ioc_err *err)
{
	struct cfg keys;
	size_t i;
	int rv = -1;

	cfg_init(&keys);
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);

		if (p->flags & (PF_PATTERN | PF_ALIAS))
			continue;
		if (cfg_set(&keys, p->name, "", err) != 0)
			goto out;
	}
	for (i = 0; i < NATTR && !j->is_defaults; i++)
		if (cfg_set(&keys, attributes[i], "", err) != 0)
			goto out;
	if (j->is_defaults &&
	    (cfg_set(&keys, "config_type", "", err) != 0 ||
		cfg_del(&keys, "id") < 0))
		goto out;
	if (keyset_add_cfg(&keys, &j->cfg.cur, err) != 0 ||
	    keyset_add_cfg(&keys, j->defs, err) != 0)
		goto out;
	for (i = 0; i < keys.n; i++) {
		char *v = ioc_jail_get(j, keys.kv[i].key, err);

		if (v == NULL)
			goto out;
		if (fn(arg, keys.kv[i].key, v) != 0) {
			free(v);
			break;
		}
		free(v);
	}
	rv = 0;
out:
	cfg_clear(&keys);
	return (rv);
}
