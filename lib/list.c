/*
 * list.c - "list": jails, templates, releases and sources as a table of
 * display values.  One zfs call per source lists the jails, their config
 * files are read directly, legacy ZFS-property configs come from one
 * batched "zfs get", and the running state from the runtime directory:
 * no process per jail.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgstore.h"
#include "filter.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "list.h"
#include "props.h"
#include "release.h"
#include "source.h"
#include "value.h"
#include "zds.h"

#define ZFS_BATCH  64 /* datasets per "zfs get" (argv limit of zds) */
#define RCCONF_MAX ((size_t)1024 * 1024)

/* The columns asked for, plus a hidden sort column when not shown. */
struct lreq {
	char **cols;
	size_t n;     /* columns in cols */
	size_t shown; /* the first shown of them are displayed */
	int sortcol;  /* index in cols, or -1 */
};

static void
lreq_free(struct lreq *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		free(q->cols[i]);
	free(q->cols);
	(void)memset(q, 0, sizeof(*q));
}

static int
lreq_add(struct lreq *q, const char *name, size_t len, struct ioc_err *err)
{
	char **nv;

	if (len == 0)
		return (ioc_err_set(err, IOC_EINVAL, 0, "empty column name"));
	if ((nv = realloc(q->cols, (q->n + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	q->cols = nv;
	if ((q->cols[q->n] = ioc_aprintf(err, "%.*s", (int)len, name)) == NULL)
		return (-1);
	q->n++;
	return (0);
}

/* Columns from a comma list (or the defaults) and the sort column. */
static int
lreq_build(const char *columns, const char *const *defcols, const char *sort,
    struct lreq *q, struct ioc_err *err)
{
	const char *p;
	size_t i, len;

	(void)memset(q, 0, sizeof(*q));
	q->sortcol = -1;
	if (columns != NULL) {
		for (p = columns;; p += len + 1) {
			len = strcspn(p, ",");
			if (lreq_add(q, p, len, err) != 0)
				goto fail;
			if (p[len] == '\0')
				break;
		}
	} else {
		for (i = 0; defcols[i] != NULL; i++)
			if (lreq_add(q, defcols[i], strlen(defcols[i]), err) !=
			    0)
				goto fail;
	}
	q->shown = q->n;
	if (sort != NULL) {
		for (i = 0; i < q->n; i++)
			if (strcmp(q->cols[i], sort) == 0)
				q->sortcol = (int)i;
		if (q->sortcol < 0) {
			if (lreq_add(q, sort, strlen(sort), err) != 0)
				goto fail;
			q->sortcol = (int)q->n - 1;
		}
	}
	return (0);
fail:
	lreq_free(q);
	return (-1);
}

static struct ioc_table *
table_new(
    const struct lreq *q, const enum lcol_type *types, struct ioc_err *err)
{
	struct ioc_table *t;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	if (list_table_init(t, (const char *const *)q->cols, types, q->shown,
		q->n, err) != 0) {
		free(t);
		return (NULL);
	}
	return (t);
}

/* Release a listing. */
void
ioc_table_free(struct ioc_table *t)
{
	if (t == NULL)
		return;
	list_table_clear(t);
	free(t);
}

/* ------------------------------------------------ fixed-schema listings */

/* Releases, sources: rows with a fixed set of columns. */
struct schema {
	const char *const *names;
	const enum lcol_type *types;
	size_t n;
};

static int
schema_index(const struct schema *sc, const char *name)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		if (strcmp(sc->names[i], name) == 0)
			return ((int)i);
	return (-1);
}

struct fixed_row {
	const struct schema *sc;
	char *const *v;
};

static const char *
fixed_lookup(void *arg, const char *key)
{
	const struct fixed_row *fr = arg;
	int i = schema_index(fr->sc, key);

	return (i < 0 ? NULL : fr->v[i]);
}

/* A table for the requested columns of a schema; unknown ones fail. */
static struct ioc_table *
fixed_table(const struct schema *sc, const struct lreq *q, struct ioc_err *err)
{
	enum lcol_type *types;
	struct ioc_table *t;
	size_t i;
	int k;

	if ((types = calloc(q->n + 1, sizeof(*types))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	for (i = 0; i < q->n; i++) {
		if ((k = schema_index(sc, q->cols[i])) < 0) {
			(void)ioc_err_set(err, IOC_ENOENT, 0,
			    "Unknown property '%s'", q->cols[i]);
			free(types);
			return (NULL);
		}
		types[i] = sc->types[k];
	}
	t = table_new(q, types, err);
	free(types);
	return (t);
}

/* Add a schema row if it passes the key terms of the filter. */
static int
fixed_add(struct ioc_table *t, const struct schema *sc, const struct lreq *q,
    const struct filter *f, char *const *v, struct ioc_err *err)
{
	struct fixed_row fr = {sc, v};
	char **row;
	size_t i;
	int rv;

	if (!filter_match_keys(f, fixed_lookup, &fr))
		return (0);
	if ((row = calloc(q->n + 1, sizeof(*row))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < q->n; i++) {
		if ((row[i] = ioc_strdup(
			 v[schema_index(sc, q->cols[i])], err)) == NULL) {
			while (i-- > 0)
				free(row[i]);
			free(row);
			return (-1);
		}
	}
	rv = list_table_add(t, row, err);
	free(row);
	return (rv);
}

/* ------------------------------------------------------------ releases */

static const char *const rel_cols[] = {"full_name", "name", "source", "dataset",
    "snapshot", "patch", "clone", "latest", "jails"};
static const enum lcol_type rel_types[] = {LCOL_TEXT, LCOL_TEXT, LCOL_TEXT,
    LCOL_TEXT, LCOL_TEXT, LCOL_NUMBER, LCOL_TEXT, LCOL_BOOL, LCOL_NUMBER};
static const struct schema rel_schema = {
    rel_cols, rel_types, sizeof(rel_cols) / sizeof(rel_cols[0])};
static const char *const rel_default[] = {
    "full_name", "snapshot", "jails", NULL};

/* The origins of every jail root ("<root>/jails/<j>/root"), sorted. */
struct origins {
	char **v;
	size_t n;
};

static int
strp_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
origins_free(struct origins *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->v[i]);
	free(o->v);
	(void)memset(o, 0, sizeof(*o));
}

/* One "zfs list -o name,origin -d 2 <root>/jails" per source. */
static int
origins_load(struct ioc_ctx *ctx, const struct srclist *srcs, struct origins *o,
    struct ioc_err *err)
{
	static const char *const props[] = {"origin", NULL};
	struct zds_table t;
	size_t i, r, dlen;
	char ds[512], **nv;
	const char *name, *org;

	(void)memset(o, 0, sizeof(*o));
	for (i = 0; i < srcs->n; i++) {
		dlen = (size_t)snprintf(
		    ds, sizeof(ds), "%s/jails", srcs->v[i].dataset);
		if (zds_list(ctx, ds, props, 2, 0, &t, err) != 0) {
			if (err->code == IOC_ENOENT)
				continue;
			goto fail;
		}
		for (r = 0; r < t.nrows; r++) {
			name = zds_cell(&t, r, 0);
			org = zds_cell(&t, r, 1);
			if (strncmp(name, ds, dlen) != 0 || name[dlen] != '/' ||
			    strchr(name + dlen + 1, '/') == NULL ||
			    strcmp(strchr(name + dlen + 1, '/'), "/root") !=
				0 ||
			    strchr(org, '@') == NULL)
				continue;
			if ((nv = realloc(o->v, (o->n + 1) * sizeof(*nv))) ==
			    NULL) {
				zds_table_free(&t);
				(void)ioc_err_set(
				    err, IOC_ENOMEM, ENOMEM, "out of memory");
				goto fail;
			}
			o->v = nv;
			if ((o->v[o->n] = ioc_strdup(org, err)) == NULL) {
				zds_table_free(&t);
				goto fail;
			}
			o->n++;
		}
		zds_table_free(&t);
	}
	if (o->n > 0)
		qsort(o->v, o->n, sizeof(*o->v), strp_cmp);
	return (0);
fail:
	origins_free(o);
	return (-1);
}

static size_t
origins_count(const struct origins *o, const char *snap)
{
	size_t n = 0, i;

	/* Sorted: a binary search would do, the lists are short. */
	for (i = 0; i < o->n; i++)
		if (strcmp(o->v[i], snap) == 0)
			n++;
	return (n);
}

static void
row_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
}

/* The rows of one release: one per pN snapshot (or one without any). */
static int
rel_rows(struct ioc_table *t, const struct lreq *q, const struct filter *f,
    const struct rel *rl, int multi, const struct origins *o,
    struct ioc_err *err)
{
	char *v[sizeof(rel_cols) / sizeof(rel_cols[0])];
	char snap[600], clone[600];
	size_t k, nrows = rl->npatches > 0 ? rl->npatches : 1;
	int rv = 0;

	for (k = 0; k < nrows && rv == 0; k++) {
		int have = rl->npatches > 0;
		int p = have ? rl->patches[k] : -1;

		(void)memset(v, 0, sizeof(v));
		if (have) {
			(void)rel_snapshot_name(rl, p, snap, sizeof(snap));
			(void)rel_clone_name(rl, p, clone, sizeof(clone));
		}
		v[0] = multi
		    ? ioc_aprintf(err, "%s/%s", rl->src->name, rl->name)
		    : ioc_strdup(rl->name, err);
		v[1] = ioc_strdup(rl->name, err);
		v[2] = ioc_strdup(rl->src->name, err);
		v[3] = ioc_strdup(rl->dataset, err);
		v[4] = have ? ioc_aprintf(err, "p%d", p) : ioc_strdup("-", err);
		v[5] = have ? ioc_aprintf(err, "%d", p) : ioc_strdup("-", err);
		v[6] = have ? ioc_strdup(clone, err) : ioc_strdup("-", err);
		v[7] = ioc_strdup(!have		? "-"
			: k + 1 == rl->npatches ? "yes"
						: "no",
		    err);
		v[8] = ioc_aprintf(
		    err, "%zu", have ? origins_count(o, snap) : (size_t)0);
		for (p = 0; p < (int)(sizeof(v) / sizeof(v[0])); p++)
			if (v[p] == NULL)
				rv = -1;
		if (rv == 0)
			rv = fixed_add(t, &rel_schema, q, f, v, err);
		row_free(v, sizeof(v) / sizeof(v[0]));
	}
	return (rv);
}

static struct ioc_table *
list_releases(struct ioc_ctx *ctx, const struct lreq *q, const struct filter *f,
    struct ioc_err *err)
{
	const struct srclist *srcs;
	struct ioc_table *t;
	struct rellist rl = {NULL, 0};
	struct origins o = {NULL, 0};
	size_t i;

	if ((srcs = src_get(ctx, err)) == NULL)
		return (NULL);
	if ((t = fixed_table(&rel_schema, q, err)) == NULL)
		return (NULL);
	if (rel_list(ctx, filter_source(f), &rl, err) != 0 ||
	    origins_load(ctx, srcs, &o, err) != 0)
		goto fail;
	for (i = 0; i < rl.n; i++) {
		if (!filter_match_name(
			f, rl.v[i].src->name, rl.v[i].name, NULL))
			continue;
		if (rel_rows(t, q, f, &rl.v[i], srcs->n > 1, &o, err) != 0)
			goto fail;
	}
	rel_list_free(&rl);
	origins_free(&o);
	return (t);
fail:
	rel_list_free(&rl);
	origins_free(&o);
	ioc_table_free(t);
	return (NULL);
}

/* ------------------------------------------------------------- sources */

static const char *const src_cols[] = {"name", "dataset"};
static const enum lcol_type src_types[] = {LCOL_TEXT, LCOL_TEXT};
static const struct schema src_schema = {src_cols, src_types, 2};
static const char *const src_default[] = {"name", "dataset", NULL};

/* ------------------------------------------------------ remote releases */

static const char *const rem_cols[] = {"name", "eol", "newer"};
static const enum lcol_type rem_types[] = {LCOL_TEXT, LCOL_BOOL, LCOL_BOOL};
static const struct schema rem_schema = {rem_cols, rem_types, 3};
static const char *const rem_default[] = {"name", "eol", NULL};

struct rem_arg {
	struct ioc_table *t;
	const struct lreq *q;
	const struct filter *f;
	struct ioc_err *err;
	int failed;
};

static int
rem_row(void *arg, const struct ioc_remote_release *r)
{
	struct rem_arg *a = arg;
	char name[256], yes[] = "yes", no[] = "no";
	char *v[3];

	if (!filter_match_name(a->f, "", r->name, NULL))
		return (0);
	(void)snprintf(name, sizeof(name), "%s", r->name);
	v[0] = name;
	v[1] = r->eol ? yes : no;
	v[2] = r->newer ? yes : no;
	if (fixed_add(a->t, &rem_schema, a->q, a->f, v, a->err) != 0) {
		a->failed = 1;
		return (1);
	}
	return (0);
}

/* The releases of a mirror, sorted by version, with EOL marks. */
static struct ioc_table *
list_remote(struct ioc_ctx *ctx, const char *url, const struct lreq *q,
    const struct filter *f, struct ioc_err *err)
{
	struct ioc_remote_opts ro;
	struct rem_arg a;

	(void)memset(&ro, 0, sizeof(ro));
	ro.url = url;
	(void)memset(&a, 0, sizeof(a));
	a.q = q;
	a.f = f;
	a.err = err;
	if ((a.t = fixed_table(&rem_schema, q, err)) == NULL)
		return (NULL);
	if (ioc_release_remote_list(ctx, &ro, rem_row, &a, err) != 0 ||
	    a.failed) {
		ioc_table_free(a.t);
		return (NULL);
	}
	return (a.t);
}

/* The auto-detected sources, whatever --source says. */
static int
detect_sources(struct ioc_ctx *ctx, struct srclist *out, struct ioc_err *err)
{
	(void)memset(out, 0, sizeof(*out));
	return (src_detect(ctx, out, err));
}

static struct ioc_table *
list_sources(struct ioc_ctx *ctx, int detected, const struct lreq *q,
    const struct filter *f, struct ioc_err *err)
{
	const struct srclist *srcs;
	struct srclist det = {NULL, 0, 0};
	struct ioc_table *t;
	size_t i;

	if (detected) {
		if (detect_sources(ctx, &det, err) != 0)
			return (NULL);
		srcs = &det;
	} else if ((srcs = src_get(ctx, err)) == NULL) {
		return (NULL);
	}
	if ((t = fixed_table(&src_schema, q, err)) == NULL)
		goto out;
	for (i = 0; i < srcs->n; i++) {
		char *v[2];

		v[0] = srcs->v[i].name;
		v[1] = srcs->v[i].dataset;
		if (!filter_match_name(f, v[0], v[0], NULL))
			continue;
		if (fixed_add(t, &src_schema, q, f, v, err) != 0) {
			ioc_table_free(t);
			t = NULL;
			goto out;
		}
	}
out:
	src_list_free(&det);
	return (t);
}

/* --------------------------------------------------------------- jails */

static const char *const jail_default[] = {
    "jid", "full_name", "running", "release", "ip4_addr", NULL};
static const char *const jail_long[] = {
    "jid", "full_name", "running", "release", "ip4_addr", "ip6_addr", NULL};

/* How a jail column becomes JSON. */
static enum lcol_type
jail_col_type(const char *key)
{
	const struct prop *p;

	if (strcmp(key, "jid") == 0)
		return (LCOL_NUMBER);
	if (strcmp(key, "running") == 0 || strcmp(key, "stopped") == 0)
		return (LCOL_BOOL);
	if ((p = prop_canonical(prop_find(key))) == NULL)
		return (LCOL_TEXT);
	switch (p->type) {
	case PT_BOOL:
	case PT_FLAG:
		return (LCOL_BOOL);
	case PT_INT:
		return (LCOL_NUMBER);
	case PT_LIST:
	case PT_ADDR4:
	case PT_ADDR6:
	case PT_INTERFACES:
		return (LCOL_LIST);
	default:
		return (LCOL_TEXT);
	}
}

/* Strings handed out by the filter lookup of one jail. */
struct jlookup {
	struct ioc_jail *j;
	char **keep;
	size_t n;
};

static const char *
jail_lookup(void *arg, const char *key)
{
	struct jlookup *lk = arg;
	struct ioc_err e;
	char **nv, *v;

	if ((v = ioc_jail_get(lk->j, key, &e)) == NULL)
		return (NULL);
	if ((nv = realloc(lk->keep, (lk->n + 1) * sizeof(*nv))) == NULL) {
		free(v);
		return (NULL);
	}
	lk->keep = nv;
	lk->keep[lk->n++] = v;
	return (v);
}

static void
jlookup_free(struct jlookup *lk)
{
	row_free(lk->keep, lk->n);
	free(lk->keep);
	lk->keep = NULL;
	lk->n = 0;
}

/* An empty JSON-format store for a jail whose files cannot be read. */
static void
store_empty(struct cfgstore *st)
{
	(void)memset(st, 0, sizeof(*st));
	st->fmt = CFG_JSON;
	st->kind = CFG_JAIL;
}

/* Fill the stores of jails without a config file from zfs get rows. */
static int
zfs_fill(const struct zds_table *t, const struct jent *const *ents,
    struct cfgstore *const *sts, size_t n, struct ioc_err *err)
{
	size_t plen = strlen(CFG_ZFS_PREFIX), r, k = 0, tries;
	const char *ds, *prop;

	for (r = 0; r < t->nrows; r++) {
		ds = zds_cell(t, r, 0);
		prop = zds_cell(t, r, 1);
		if (strncmp(prop, CFG_ZFS_PREFIX, plen) != 0 ||
		    prop[plen] == '\0' ||
		    strcmp(zds_cell(t, r, 3), "local") != 0)
			continue;
		for (tries = 0; tries < n && strcmp(ents[k]->dataset, ds) != 0;
		     tries++)
			k = (k + 1) % n;
		if (tries == n)
			continue;
		if (cfg_set(&sts[k]->orig, prop + plen, zds_cell(t, r, 2),
			err) != 0)
			return (-1);
	}
	return (0);
}

struct zbatch {
	const struct jent *ent[ZFS_BATCH];
	struct cfgstore *st[ZFS_BATCH];
	const char *dsv[ZFS_BATCH + 1];
	size_t n;
};

/* One "zfs get all" for the jails of a batch. */
static int
zbatch_flush(struct ioc_ctx *ctx, struct zbatch *b, struct ioc_err *err)
{
	static const char *const all[] = {"all", NULL};
	struct zds_table t;
	size_t k;
	int rv;

	if (b->n == 0)
		return (0);
	b->dsv[b->n] = NULL;
	if (zds_get_many(ctx, b->dsv, all, &t, err) != 0)
		return (-1);
	rv = zfs_fill(&t, b->ent, b->st, b->n, err);
	zds_table_free(&t);
	for (k = 0; k < b->n && rv == 0; k++) {
		if (b->st[k]->orig.n == 0)
			continue;
		b->st[k]->fmt = CFG_ZFS;
		b->st[k]->exists = 1;
		if ((b->st[k]->dataset = ioc_strdup(b->ent[k]->dataset, err)) ==
			NULL ||
		    cfg_copy(&b->st[k]->cur, &b->st[k]->orig, err) != 0)
			rv = -1;
	}
	b->n = 0;
	return (rv);
}

/*
 * Load the configs of the selected jails: files directly, then the
 * org.freebsd.iocage:* properties of those without a file, in batches.
 */
static int
load_configs(struct ioc_ctx *ctx, const struct jentlist *l, const size_t *sel,
    size_t n, struct cfgstore *sts, struct ioc_err *err)
{
	const struct jent *je;
	struct zbatch b;
	struct ioc_err e;
	size_t i;

	b.n = 0;
	for (i = 0; i < n; i++) {
		je = &l->v[sel[i]];
		if (je->mountpoint == NULL) {
			store_empty(&sts[i]);
		} else if (cfgstore_load(ctx, CFG_JAIL, je->mountpoint, NULL,
			       &sts[i], &e) != 0) {
			ioc_log(ctx, IOC_LOG_WARN, "jail '%s': %s", je->name,
			    e.msg);
			store_empty(&sts[i]);
			continue;
		}
		if (sts[i].exists)
			continue;
		b.ent[b.n] = je;
		b.st[b.n] = &sts[i];
		b.dsv[b.n++] = je->dataset;
		if (b.n == ZFS_BATCH && zbatch_flush(ctx, &b, err) != 0)
			return (-1);
	}
	return (zbatch_flush(ctx, &b, err));
}

/* The display value of one column of a jail, or NULL. */
static char *
jail_cell(struct ioc_jail *j, const char *col, int *seen, struct ioc_err *err)
{
	char *v;

	if ((v = ioc_jail_get(j, col, err)) != NULL) {
		*seen = 1;
		return (v);
	}
	if (err->code != IOC_ENOENT)
		return (NULL);
	/* A key only some jails have: "-" for the others. */
	return (ioc_strdup("-", err));
}

struct jctx {
	struct ioc_ctx *ctx;
	const struct lreq *q;
	const struct filter *f;
	const struct cfgstore *defs;
	struct ioc_table *t;
	int *seen; /* per column: some jail knew it */
};

static int
jail_row(struct jctx *c, const struct jent *e, struct cfgstore *st,
    struct ioc_err *err)
{
	struct ioc_jail j;
	struct jlookup lk;
	char **row;
	size_t i;
	int match, rv;

	(void)memset(&j, 0, sizeof(j));
	j.ctx = c->ctx;
	j.ent = *e; /* borrowed: never freed through j */
	j.cfg = *st;
	j.defs = &c->defs->cur;
	lk.j = &j;
	lk.keep = NULL;
	lk.n = 0;
	match = filter_match_keys(c->f, jail_lookup, &lk);
	jlookup_free(&lk);
	if (!match)
		return (0);
	if ((row = calloc(c->q->n + 1, sizeof(*row))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < c->q->n; i++) {
		if ((row[i] = jail_cell(&j, c->q->cols[i], &c->seen[i], err)) ==
		    NULL) {
			row_free(row, i);
			free(row);
			return (-1);
		}
	}
	rv = list_table_add(c->t, row, err);
	free(row);
	return (rv);
}

/* Columns every jail knows (attributes, properties, host defaults). */
static int
jail_known(struct ioc_ctx *ctx, const struct cfgstore *defs, const char *col)
{
	struct ioc_jail d;
	struct ioc_err e;
	char *v;

	(void)memset(&d, 0, sizeof(d));
	d.ctx = ctx;
	d.is_defaults = 1;
	d.ent.src = &ctx->srcs.v[0];
	d.cfg = *defs;
	if ((v = ioc_jail_get(&d, col, &e)) == NULL)
		return (0);
	free(v);
	return (1);
}

static struct ioc_table *
list_jails(struct ioc_ctx *ctx, const struct lreq *q, const struct filter *f,
    struct ioc_err *err)
{
	struct jentlist l = {NULL, 0};
	size_t *sel = NULL;
	struct cfgstore *sts = NULL;
	enum lcol_type *types = NULL;
	struct jctx c;
	size_t i, n = 0;

	(void)memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.q = q;
	c.f = f;
	if (src_get(ctx, err) == NULL ||
	    (c.defs = jail_defaults(ctx, err)) == NULL)
		return (NULL);
	if ((types = calloc(q->n + 1, sizeof(*types))) == NULL ||
	    (c.seen = calloc(q->n + 1, sizeof(*c.seen))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < q->n; i++) {
		types[i] = jail_col_type(q->cols[i]);
		c.seen[i] = jail_known(ctx, c.defs, q->cols[i]);
	}
	if ((c.t = table_new(q, types, err)) == NULL)
		goto fail;
	if (jail_list(ctx, filter_source(f), &l, err) != 0)
		goto fail;
	if ((sel = calloc(l.n + 1, sizeof(*sel))) == NULL ||
	    (sts = calloc(l.n + 1, sizeof(*sts))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto fail;
	}
	/* Name terms first: only the selected jails' configs are read. */
	for (i = 0; i < l.n; i++)
		if (filter_match_name(
			f, l.v[i].src->name, l.v[i].name, l.v[i].human))
			sel[n++] = i;
	if (load_configs(ctx, &l, sel, n, sts, err) != 0)
		goto fail;
	for (i = 0; i < n; i++)
		if (jail_row(&c, &l.v[sel[i]], &sts[i], err) != 0)
			goto fail;
	for (i = 0; i < q->n; i++) {
		if (!c.seen[i]) {
			(void)ioc_err_set(err, IOC_ENOENT, 0,
			    "Unknown property '%s'", q->cols[i]);
			goto fail;
		}
	}
	goto out;
fail:
	ioc_table_free(c.t);
	c.t = NULL;
out:
	for (i = 0; sts != NULL && i < n; i++)
		cfgstore_free(&sts[i]);
	free(sts);
	free(sel);
	free(types);
	free(c.seen);
	jail_list_free(&l);
	return (c.t);
}

/* ------------------------------------------------------------- ioc_list */

/* Parse a format name. */
int
ioc_list_format_parse(const char *name, enum ioc_list_format *fmt)
{
	static const char *const names[] = {"table", "csv", "list", "json"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i], name) == 0) {
			*fmt = (enum ioc_list_format)i;
			return (0);
		}
	}
	return (-1);
}

/* List jails, templates, releases or sources as a table. */
struct ioc_table *
ioc_list(
    struct ioc_ctx *ctx, const struct ioc_list_opts *o, struct ioc_err *err)
{
	const char **args;
	const char *const *defcols;
	struct filter f;
	struct lreq q;
	struct ioc_table *t = NULL;
	size_t i, nargs = 0;

	if ((args = calloc(o->nfilters + 2, sizeof(*args))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	for (i = 0; i < o->nfilters; i++)
		args[nargs++] = o->filters[i];
	if (o->what == IOC_LIST_JAILS)
		args[nargs++] = "template=no,-";
	else if (o->what == IOC_LIST_TEMPLATES)
		args[nargs++] = "template=yes";
	switch (o->what) {
	case IOC_LIST_RELEASES:
		defcols = rel_default;
		break;
	case IOC_LIST_REMOTE:
		defcols = rem_default;
		break;
	case IOC_LIST_SOURCES:
	case IOC_LIST_POOLS:
		defcols = src_default;
		break;
	default:
		defcols = o->long_columns ? jail_long : jail_default;
		break;
	}
	if (filter_parse(args, nargs, &f, err) != 0) {
		free(args);
		return (NULL);
	}
	free(args);
	if (lreq_build(o->columns, defcols, o->sort, &q, err) != 0) {
		filter_free(&f);
		return (NULL);
	}
	switch (o->what) {
	case IOC_LIST_RELEASES:
		t = list_releases(ctx, &q, &f, err);
		break;
	case IOC_LIST_REMOTE:
		t = list_remote(ctx, o->url, &q, &f, err);
		break;
	case IOC_LIST_SOURCES:
	case IOC_LIST_POOLS:
		t = list_sources(ctx, o->what == IOC_LIST_POOLS, &q, &f, err);
		break;
	default:
		t = list_jails(ctx, &q, &f, err);
		break;
	}
	if (t != NULL && q.sortcol >= 0)
		list_table_sort(t, (size_t)q.sortcol);
	lreq_free(&q);
	filter_free(&f);
	return (t);
}

/* Render a listing. */
char *
ioc_table_format(const struct ioc_table *t, enum ioc_list_format fmt,
    int header, struct ioc_err *err)
{
	switch (fmt) {
	case IOC_FMT_CSV:
		return (list_fmt_csv(t, header, err));
	case IOC_FMT_LIST:
		return (list_fmt_list(t, header, err));
	case IOC_FMT_JSON:
		return (list_fmt_json(t, err));
	default:
		return (list_fmt_table(t, header, LIST_WIDTH, err));
	}
}
