/*
 * jailcreate.c - "create": validate everything (names, PROP=VALUE
 * operands, the release or template, names taken in every source), then
 * make each jail as a step list with an undo per step, under the jail's
 * lock: its dataset, the template snapshot, the root clone (of the
 * release's root@pN or of the template's root) and config.json.  Any
 * failure undoes every step of every jail of the batch.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgstore.h"
#include "compat.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "jailcreate.h"
#include "jparams.h"
#include "names.h"
#include "props.h"
#include "release.h"
#include "value.h"
#include "zds.h"

#define DS_MAX 512

/* ------------------------------------------------------------ pure parts */

/* Release validated operands. */
void
jc_props_free(struct jc_props *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].value);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

/* Validate PROP=VALUE operands. */
int
jc_props_parse(
    const char *const *in, size_t n, struct jc_props *out, struct ioc_err *err)
{
	size_t i;

	(void)memset(out, 0, sizeof(*out));
	if (n == 0)
		return (0);
	if ((out->v = calloc(n, sizeof(*out->v))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < n; i++) {
		const char *eq = strchr(in[i], '=');
		struct jc_assign *a = &out->v[out->n];

		if (eq == NULL || eq == in[i]) {
			(void)ioc_err_set(
			    err, IOC_EINVAL, 0, "Invalid property '%s'", in[i]);
			goto fail;
		}
		if ((a->key = ioc_aprintf(
			 err, "%.*s", (int)(eq - in[i]), in[i])) == NULL)
			goto fail;
		out->n++;
		if (strcmp(a->key, "release") == 0 ||
		    strcmp(a->key, "cloned_release") == 0) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "Invalid property '%s': choose the release with "
			    "-r RELEASE",
			    in[i]);
			goto fail;
		}
		if (prop_normalize(a->key, eq + 1, &a->value, err) != 0)
			goto fail;
	}
	return (0);
fail:
	jc_props_free(out);
	return (-1);
}

/* Name i of a batch of n. */
int
jc_batch_name(const char *base, size_t i, size_t n, char *buf, size_t size,
    struct ioc_err *err)
{
	int len;

	if (n <= 1)
		len = snprintf(buf, size, "%s", base);
	else
		len = snprintf(buf, size, "%s_%zu", base, i);
	if (len < 0 || (size_t)len >= size)
		return (ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
		    "Invalid jail name '%s_%zu': too long", base, i));
	return (ioc_name_check(buf, err));
}

/* The template snapshot name of a new jail. */
int
jc_origin_snapname(const char *jail_source, const char *tmpl_source,
    const char *name, char *buf, size_t size)
{
	int len;

	if (strcmp(jail_source, tmpl_source) == 0)
		len = snprintf(buf, size, "%s", name);
	else
		len = snprintf(buf, size, "%s:%s", jail_source, name);
	return (len < 0 || (size_t)len >= size ? -1 : 0);
}

static int
given(const struct jc_props *p, const char *key)
{
	size_t i;

	for (i = 0; p != NULL && i < p->n; i++)
		if (strcmp(p->v[i].key, key) == 0)
			return (1);
	return (0);
}

static int
effective_on(const char *key, const struct cfg *c, const struct cfg *defs)
{
	const char *v = prop_effective(key, c, defs);
	int b;

	return (v != NULL && val_parse_bool(v, &b) == 0 && b);
}

/* Copy a template's keys, in their stored form where they have one. */
static int
copy_template(const struct jc_input *in, struct cfg *out, struct ioc_err *err)
{
	static const char *const skip[] = {"id", "name", "uuid", "template",
	    "hostid", "host_hostuuid", "basejail", "basejail_type", NULL};
	const struct cfg *t = in->tmpl;
	const char *bt;
	size_t i, k;

	for (i = 0; i < t->n; i++) {
		const char *key = t->kv[i].key;
		char *norm = NULL;
		struct ioc_err e;
		int rv;

		for (k = 0; skip[k] != NULL && strcmp(skip[k], key) != 0; k++)
			;
		if (skip[k] != NULL || given(in->props, key))
			continue;
		/* Legacy spellings ("on") become stored forms ("yes"). */
		if (prop_find(key) != NULL &&
		    prop_normalize_loaded(key, t->kv[i].value, &norm, &e) == 0)
			rv = cfg_set(
			    out, key, norm != NULL ? norm : "none", err);
		else
			rv = cfg_set(out, key, t->kv[i].value, err);
		free(norm);
		if (rv != 0)
			return (-1);
	}
	if (!effective_on("basejail", t, in->defs))
		return (cfg_set(out, "basejail", "no", err));
	bt = prop_effective("basejail_type", t, in->defs);
	if (cfg_set(out, "basejail", "yes", err) != 0 ||
	    cfg_set(out, "basejail_type", bt != NULL ? bt : "nullfs", err) != 0)
		return (-1);
	return (0);
}

/* The configuration of a new jail. */
int
jc_config(const struct jc_input *in, struct cfg *out, struct ioc_err *err)
{
	const char *bt;
	char uuid[37];
	size_t i;

	cfg_init(out);
	if (in->tmpl != NULL) {
		if (copy_template(in, out, err) != 0)
			goto fail;
	} else if (cfg_set(out, "basejail", in->basejail ? "yes" : "no", err) !=
		0 ||
	    (in->basejail &&
		cfg_set(out, "basejail_type", "nullfs", err) != 0)) {
		goto fail;
	}
	if (cfg_set(out, "id", in->name, err) != 0)
		goto fail;
	if (in->release != NULL &&
	    cfg_set(out, "release", in->release, err) != 0)
		goto fail;
	if (in->hostuuid != NULL) {
		if (jparams_hostuuid(
			in->hostuuid, in->source, in->name, uuid) != 0) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "the host uuid '%s' is not a UUID", in->hostuuid);
			goto fail;
		}
		if (cfg_set(out, "hostid", in->hostuuid, err) != 0 ||
		    cfg_set(out, "host_hostuuid", uuid, err) != 0)
			goto fail;
	}
	for (i = 0; in->props != NULL && i < in->props->n; i++) {
		const struct jc_assign *a = &in->props->v[i];

		if (cfg_set(out, a->key, a->value != NULL ? a->value : "none",
			err) != 0)
			goto fail;
	}
	bt = prop_effective("basejail_type", out, in->defs);
	if (bt != NULL && strcmp(bt, "zfs") == 0) {
		(void)ioc_err_set(err, IOC_ENOTSUP, 0,
		    "Jail '%s': basejail_type=zfs (legacy ZFS basejails) is "
		    "not created any more; use basejail_type=nullfs",
		    in->name);
		goto fail;
	}
	return (0);
fail:
	cfg_clear(out);
	return (-1);
}

/* ------------------------------------------------------------- the plan */

/* One jail of the batch. */
struct job {
	char name[IOC_NAME_MAX + 1];
	char ds[DS_MAX];   /* <root>/jails/<name> */
	char root[DS_MAX]; /* <ds>/root */
	char snap[DS_MAX]; /* template snapshot name (after "@"), or "" */
	struct cfg cfg;
	size_t done;   /* steps started (a failed one is undone too) */
	int made_ds;   /* the dataset exists because of us */
	int made_snap; /* the template snapshot exists because of us */
};

struct plan {
	struct ioc_ctx *ctx;
	const struct src *src;	/* where the jails go */
	const struct cfg *defs; /* host defaults (borrowed) */
	char from[DS_MAX];	/* release or template, for the report */
	char origin[DS_MAX];	/* release: root@pN to clone */
	char tmpl_root[DS_MAX]; /* template: <template>/root */
	struct zds_table tree;	/* template: its root and descendants */
	struct job *jobs;
	size_t n;
	int made_jails, made_releases; /* src_ensure_layout() made them */
	int leaked;		       /* an undo failed */
};

struct step {
	const char *name;
	int (*run)(struct plan *, struct job *, struct ioc_err *);
	void (*undo)(struct plan *, struct job *);
};

static void
undo_destroy(struct plan *p, const char *what, unsigned flags)
{
	struct ioc_err e;

	if (zds_destroy(p->ctx, what, flags, &e) != 0) {
		ioc_log(p->ctx, IOC_LOG_WARN, "could not remove '%s' again: %s",
		    what, e.msg);
		p->leaked = 1;
	} else
		ioc_log(p->ctx, IOC_LOG_DEBUG, "removed '%s' again", what);
}

/* <root>/jails/<name>, mounted. */
static int
step_dataset(struct plan *p, struct job *j, struct ioc_err *err)
{
	struct ioc_err e;

	if (zds_create(p->ctx, j->ds, NULL, 0, err) == 0) {
		j->made_ds = 1;
		return (0);
	}
	/* Created but not mounted: ours all the same. */
	if (err->code != IOC_EEXIST && zds_exists(p->ctx, j->ds, &e) == 1)
		j->made_ds = 1;
	return (-1);
}

static void
undo_dataset(struct plan *p, struct job *j)
{
	if (j->made_ds)
		undo_destroy(p, j->ds, ZDS_RECURSIVE);
	j->made_ds = 0;
}

/* The template snapshot <template>/root@<snap>, with its children. */
static int
step_snapshot(struct plan *p, struct job *j, struct ioc_err *err)
{
	char snap[2 * DS_MAX + 2];

	if (j->snap[0] == '\0')
		return (0);
	(void)snprintf(snap, sizeof(snap), "%s@%s", p->tmpl_root, j->snap);
	if (zds_snapshot(p->ctx, snap, ZDS_RECURSIVE, err) != 0)
		return (-1);
	j->made_snap = 1;
	return (0);
}

static void
undo_snapshot(struct plan *p, struct job *j)
{
	char snap[2 * DS_MAX + 2];

	if (!j->made_snap)
		return;
	(void)snprintf(snap, sizeof(snap), "%s@%s", p->tmpl_root, j->snap);
	undo_destroy(p, snap, ZDS_RECURSIVE);
	j->made_snap = 0;
}

/*
 * <ds>/root: a clone of the release's root@pN or of the template root.
 * A clone that zfs made but could not mount is removed by the undo.
 */
static int
step_root(struct plan *p, struct job *j, struct ioc_err *err)
{
	char snap[DS_MAX], target[DS_MAX];
	size_t r, len = strlen(p->tmpl_root);

	if (j->snap[0] == '\0')
		return (zds_clone(p->ctx, p->origin, j->root, NULL, 0, err));
	/* zfs list -r puts parents before their children. */
	for (r = 0; r < p->tree.nrows; r++) {
		const char *ds = zds_cell(&p->tree, r, 0);

		if (snprintf(snap, sizeof(snap), "%s@%s", ds, j->snap) >=
			(int)sizeof(snap) ||
		    snprintf(target, sizeof(target), "%s%s", j->root,
			ds + len) >= (int)sizeof(target))
			return (ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
			    "dataset name too long: '%s'", ds));
		if (zds_clone(p->ctx, snap, target, NULL, 0, err) != 0)
			return (-1);
	}
	return (0);
}

static void
undo_root(struct plan *p, struct job *j)
{
	struct ioc_err e;

	if (zds_exists(p->ctx, j->root, &e) == 1)
		undo_destroy(p, j->root, ZDS_RECURSIVE);
}

/* config.json in the mounted jail dataset, which becomes mode 0700. */
static int
step_config(struct plan *p, struct job *j, struct ioc_err *err)
{
	static const char *const props[] = {"mountpoint", "mounted", NULL};
	struct zds_table t;
	struct cfgstore st;
	const char *mp;
	int rv = -1;

	if (zds_list(p->ctx, j->ds, props, 0, 0, &t, err) != 0)
		return (-1);
	mp = t.nrows == 1 ? zds_cell(&t, 0, 1) : "";
	if (mp[0] != '/' || strcmp(zds_cell(&t, 0, 2), "yes") != 0) {
		(void)ioc_err_set(
		    err, IOC_EIO, 0, "the dataset '%s' is not mounted", j->ds);
		goto out;
	}
	if (chmod(mp, 0700) != 0) {
		(void)ioc_err_sys(err, 0, "chmod %s", mp);
		goto out;
	}
	if (cfgstore_load(p->ctx, CFG_JAIL, mp, j->ds, &st, err) != 0)
		goto out;
	if (st.exists) {
		(void)ioc_err_set(
		    err, IOC_EEXIST, 0, "%s already holds a configuration", mp);
	} else if (cfg_copy(&st.cur, &j->cfg, err) == 0 &&
	    cfgstore_save(p->ctx, &st, err) == 0) {
		rv = 0;
	}
	cfgstore_free(&st);
out:
	zds_table_free(&t);
	return (rv);
}

static const struct step create_steps[] = {
    {"dataset", step_dataset, undo_dataset},
    {"snapshot", step_snapshot, undo_snapshot},
    {"root", step_root, undo_root},
    {"config", step_config, NULL},
};

#define NSTEPS (sizeof(create_steps) / sizeof(create_steps[0]))

/*
 * Undo the steps of one jail in reverse order, the failed one included:
 * each undo removes only what its step is known to have made.
 */
static void
job_undo(struct plan *p, struct job *j)
{
	while (j->done > 0) {
		const struct step *s = &create_steps[--j->done];

		if (s->undo != NULL)
			s->undo(p, j);
	}
}

/* Run the steps of one jail under its lock. */
static int
job_run(struct plan *p, struct job *j, struct ioc_err *err)
{
	struct fsu_lock lk;
	size_t k;
	int rv = -1;

	if (fsu_lock(p->ctx->rundir, p->src->name, j->name, &lk, err) != 0)
		return (ioc_err_wrap(err, "Jail '%s'", j->name));
	for (k = 0; k < NSTEPS; k++) {
		ioc_log(p->ctx, IOC_LOG_DEBUG, "create %s: %s", j->name,
		    create_steps[k].name);
		j->done = k + 1;
		if (create_steps[k].run(p, j, err) != 0)
			goto out;
	}
	rv = 0;
out:
	if (rv != 0)
		job_undo(p, j);
	fsu_unlock(&lk);
	return (rv);
}

/* Undo a whole jail that was made, taking its lock again. */
static void
job_undo_locked(struct plan *p, struct job *j)
{
	struct fsu_lock lk;
	struct ioc_err e;

	if (fsu_lock(p->ctx->rundir, p->src->name, j->name, &lk, &e) != 0) {
		ioc_log(p->ctx, IOC_LOG_WARN, "jail '%s' is left behind: %s",
		    j->name, e.msg);
		p->leaked = 1;
		return;
	}
	job_undo(p, j);
	fsu_unlock(&lk);
}

static void
plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		cfg_clear(&p->jobs[i].cfg);
	free(p->jobs);
	zds_table_free(&p->tree);
}

/* ------------------------------------------------------------ validation */

static const struct src *
source_of(const struct srclist *srcs, const char *srcname, struct ioc_err *err)
{
	const struct src *s;

	if (srcname[0] == '\0')
		return (&srcs->v[0]);
	if ((s = src_find(srcs, srcname)) == NULL)
		(void)ioc_err_set(err, IOC_ENOENT, 0,
		    "The source '%s' is not configured", srcname);
	return (s);
}

/* The names of the fetched releases, for the "no release" message. */
static int
no_release(struct ioc_ctx *ctx, struct ioc_err *err)
{
	struct rellist l;
	char names[IOC_ERRMSG_MAX - 64];
	size_t i, off = 0, k = 0;

	if (rel_list(ctx, NULL, &l, err) != 0)
		return (-1);
	names[0] = '\0';
	for (i = 0; i < l.n; i++) {
		if (l.v[i].npatches == 0 || off >= sizeof(names))
			continue;
		off += (size_t)snprintf(names + off, sizeof(names) - off,
		    "%s%s", k++ > 0 ? ", " : "", l.v[i].name);
	}
	rel_list_free(&l);
	if (k == 0)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "no release given: use -r RELEASE (no release is "
		    "fetched)"));
	return (ioc_err_set(err, IOC_EINVAL, 0,
	    "no release given: use -r RELEASE (local releases: %s)", names));
}

/* Resolve the release: its root@pN and the stored release value. */
static int
plan_release(struct plan *p, const char *sel, char *relval, size_t size,
    struct ioc_err *err)
{
	char host[64], srcname[128], withsrc[256];
	const char *name;
	struct rel r;
	int patch, rv = -1, found = 0;

	if (sel == NULL) {
		if (compat_host_release(host, sizeof(host)) != 0)
			return (no_release(p->ctx, err));
		sel = host;
	}
	if (src_split_selector(sel, srcname, sizeof(srcname), &name, err) != 0)
		return (-1);
	/* A bare name: the new jail's own source first. */
	if (srcname[0] == '\0' && p->ctx->srcs.n > 1) {
		(void)snprintf(
		    withsrc, sizeof(withsrc), "%s/%s", p->src->name, sel);
		if (rel_find(p->ctx, withsrc, &r, &patch, err) == 0)
			found = 1;
		else if (err->code != IOC_ENOENT)
			return (-1);
	}
	if (!found && rel_find(p->ctx, sel, &r, &patch, err) != 0)
		return (-1);
	if (patch < 0) {
		(void)ioc_err_set(err, IOC_ENOENT, 0,
		    "Release '%s' does not exist or is not fetched locally",
		    sel);
		goto out;
	}
	if (rel_snapshot_name(&r, patch, p->origin, sizeof(p->origin)) != 0) {
		(void)ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
		    "release '%s': dataset name too long", sel);
		goto out;
	}
	/* -pN is stored only when the user pinned it. */
	if (strcmp(name, r.name) == 0)
		(void)snprintf(relval, size, "%s", r.name);
	else
		(void)snprintf(relval, size, "%s-p%d", r.name, patch);
	(void)snprintf(p->from, sizeof(p->from), "%s", relval);
	rv = 0;
out:
	rel_free(&r);
	return (rv);
}

static int
ent_is(const struct jent *e, const char *name)
{
	return (strcmp(e->name, name) == 0 ||
	    (e->human != NULL && strcmp(e->human, name) == 0));
}

/* The template among the jails: a prefix, else own source, else unique. */
static const struct jent *
find_template(const struct plan *p, const struct jentlist *l, const char *sel,
    struct ioc_err *err)
{
	const struct jent *own = NULL, *other = NULL;
	char srcname[128];
	const char *name;
	size_t i, nother = 0;

	if (src_split_selector(sel, srcname, sizeof(srcname), &name, err) != 0)
		return (NULL);
	for (i = 0; i < l->n; i++) {
		const struct jent *e = &l->v[i];

		if (!ent_is(e, name))
			continue;
		if (srcname[0] != '\0' && strcmp(e->src->name, srcname) != 0)
			continue;
		if (srcname[0] != '\0' || e->src == p->src)
			own = e;
		else if (nother++ == 0)
			other = e;
	}
	if (own != NULL)
		return (own);
	if (nother == 1)
		return (other);
	if (nother > 1)
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "Jail '%s' is ambiguous: select the template as "
		    "SOURCE/NAME",
		    sel);
	else
		(void)ioc_err_set(
		    err, IOC_ENOENT, 0, "Jail '%s' does not exist", sel);
	return (NULL);
}

/* Load the template, check template=yes and list its root tree. */
static int
plan_template(struct plan *p, const struct jentlist *l, const char *sel,
    struct cfgstore *st, const struct src **tsrc, struct ioc_err *err)
{
	const struct jent *t;
	const char *rel;

	if ((t = find_template(p, l, sel, err)) == NULL)
		return (-1);
	*tsrc = t->src;
	if (t->mountpoint == NULL)
		return (ioc_err_set(err, IOC_EIO, 0,
		    "The dataset '%s' of jail '%s' is not mounted", t->dataset,
		    sel));
	if (cfgstore_load(
		p->ctx, CFG_JAIL, t->mountpoint, t->dataset, st, err) != 0)
		return (ioc_err_wrap(err, "template '%s'", sel));
	if (!st->exists) {
		(void)ioc_err_set(err, IOC_EIO, 0,
		    "The dataset '%s' of jail '%s' is not mounted", t->dataset,
		    sel);
		goto fail;
	}
	if (!effective_on("template", &st->cur, p->defs)) {
		(void)ioc_err_set(
		    err, IOC_EINVAL, 0, "The jail '%s' is not a template", sel);
		goto fail;
	}
	(void)snprintf(
	    p->tmpl_root, sizeof(p->tmpl_root), "%s/root", t->dataset);
	if (zds_list(p->ctx, p->tmpl_root, NULL, -1, ZDS_RECURSIVE, &p->tree,
		err) != 0) {
		(void)ioc_err_wrap(err, "template '%s' has no root", sel);
		goto fail;
	}
	rel = cfg_get(&st->cur, "release");
	(void)snprintf(p->from, sizeof(p->from), "%s",
	    rel != NULL && !val_is_none(rel) ? rel : t->name);
	return (0);
fail:
	cfgstore_free(st);
	return (-1);
}

/* Refuse names taken: in the named source, or in any without a prefix. */
static int
check_taken(const struct plan *p, const struct jentlist *l, int prefixed,
    struct ioc_err *err)
{
	size_t i, k;

	if (p->jobs == NULL)
		return (0);
	for (k = 0; k < p->n; k++) {
		for (i = 0; i < l->n; i++) {
			if (prefixed && l->v[i].src != p->src)
				continue;
			if (ent_is(&l->v[i], p->jobs[k].name))
				return (ioc_err_set(err, IOC_EEXIST, 0,
				    "Jail '%s' already exists",
				    p->jobs[k].name));
		}
	}
	return (0);
}

/* Build the batch: names, datasets and configurations. */
static int
plan_jobs(struct plan *p, const char *base, size_t n,
    const struct jc_input *tmpl_in, const struct src *tsrc, struct ioc_err *err)
{
	struct jc_input in = *tmpl_in;
	size_t i;

	if ((p->jobs = calloc(n, sizeof(*p->jobs))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < n; i++) {
		struct job *j = &p->jobs[i];

		if (jc_batch_name(
			base, i + 1, n, j->name, sizeof(j->name), err) != 0)
			return (-1);
		p->n = i + 1;
		if (snprintf(j->ds, sizeof(j->ds), "%s/jails/%s",
			p->src->dataset, j->name) >= (int)sizeof(j->ds) ||
		    snprintf(j->root, sizeof(j->root), "%s/root", j->ds) >=
			(int)sizeof(j->root))
			return (ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
			    "dataset name too long for '%s'", j->name));
		if (tsrc != NULL &&
		    jc_origin_snapname(p->src->name, tsrc->name, j->name,
			j->snap, sizeof(j->snap)) != 0)
			return (ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
			    "snapshot name too long for '%s'", j->name));
		in.name = j->name;
		if (jc_config(&in, &j->cfg, err) != 0)
			return (-1);
	}
	return (0);
}

/* ---------------------------------------------------------------- create */

/* Create <root>/jails and <root>/releases; remember what was made. */
static int
plan_layout(struct plan *p, struct ioc_err *err)
{
	char jails[DS_MAX], rels[DS_MAX];
	int hj, hr;

	(void)snprintf(jails, sizeof(jails), "%s/jails", p->src->dataset);
	(void)snprintf(rels, sizeof(rels), "%s/releases", p->src->dataset);
	if ((hj = zds_exists(p->ctx, jails, err)) < 0 ||
	    (hr = zds_exists(p->ctx, rels, err)) < 0)
		return (-1);
	if (src_ensure_layout(p->ctx, p->src, err) != 0) {
		p->made_jails = !hj && zds_exists(p->ctx, jails, NULL) == 1;
		p->made_releases = !hr && zds_exists(p->ctx, rels, NULL) == 1;
		return (-1);
	}
	p->made_jails = !hj;
	p->made_releases = !hr;
	return (0);
}

static void
undo_layout(struct plan *p)
{
	char ds[DS_MAX];

	if (p->made_jails) {
		(void)snprintf(ds, sizeof(ds), "%s/jails", p->src->dataset);
		undo_destroy(p, ds, 0);
	}
	if (p->made_releases) {
		(void)snprintf(ds, sizeof(ds), "%s/releases", p->src->dataset);
		undo_destroy(p, ds, 0);
	}
}

/* Run every jail of the batch; on failure undo everything. */
static int
plan_run(struct plan *p, struct ioc_err *err)
{
	size_t i, k;

	if (plan_layout(p, err) != 0)
		goto fail;
	for (i = 0; i < p->n; i++) {
		if (job_run(p, &p->jobs[i], err) != 0) {
			if (p->n > 1)
				(void)ioc_err_wrap(err, "%s", p->jobs[i].name);
			for (k = i; k-- > 0;)
				job_undo_locked(p, &p->jobs[k]);
			goto fail;
		}
	}
	return (0);
fail:
	undo_layout(p);
	if (p->leaked)
		return (ioc_err_wrap(err,
		    "Jail creation failed and could not be undone completely "
		    "(see the warnings above)"));
	return (
	    ioc_err_wrap(err, "Jail creation failed, nothing was left behind"));
}

/* Create jails from a release or a template. */
int
ioc_jail_create(struct ioc_ctx *ctx, const struct ioc_create_opts *o,
    ioc_created_fn fn, void *arg, struct ioc_err *err)
{
	const struct srclist *srcs;
	const struct cfgstore *defs;
	const struct src *tsrc = NULL;
	struct cfgstore tst;
	struct jentlist l = {NULL, 0};
	struct jc_props props;
	struct jc_input in;
	struct plan p;
	char srcname[128], relval[256], hostuuid[64];
	const char *base;
	size_t n = o->count > 1 ? o->count : 1, i;
	int rv = -1;

	(void)memset(&p, 0, sizeof(p));
	(void)memset(&tst, 0, sizeof(tst));
	(void)memset(&in, 0, sizeof(in));
	p.ctx = ctx;
	if (o->release != NULL && o->tmpl != NULL)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "a jail is created from a release or from a template, "
		    "not both"));
	if (n > JC_COUNT_MAX)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid count %lu: at most %d jails at once", o->count,
		    JC_COUNT_MAX));
	if (src_split_selector(o->name, srcname, sizeof(srcname), &base, err) !=
	    0)
		return (-1);
	/* Every name first, so that no argv ever sees an invalid one. */
	for (i = 0; i < n; i++) {
		char name[IOC_NAME_MAX + 1];

		if (jc_batch_name(base, i + 1, n, name, sizeof(name), err) != 0)
			return (-1);
	}
	if (jc_props_parse(o->props, o->nprops, &props, err) != 0)
		return (-1);
	if ((srcs = src_get(ctx, err)) == NULL ||
	    (p.src = source_of(srcs, srcname, err)) == NULL ||
	    (defs = jail_defaults(ctx, err)) == NULL)
		goto out;
	p.defs = &defs->cur;
	if (jail_list(ctx, NULL, &l, err) != 0)
		goto out;
	if (o->tmpl != NULL) {
		if (plan_template(&p, &l, o->tmpl, &tst, &tsrc, err) != 0)
			goto out;
		in.tmpl = &tst.cur;
	} else if (plan_release(&p, o->release, relval, sizeof(relval), err) !=
	    0) {
		goto out;
	} else {
		in.release = relval;
	}
	if (compat_host_uuid(hostuuid, sizeof(hostuuid)) == 0)
		in.hostuuid = hostuuid;
	else
		ioc_log(ctx, IOC_LOG_WARN,
		    "the host has no uuid (%s): hostid and host_hostuuid "
		    "stay unset",
		    strerror(errno));
	in.source = p.src->name;
	in.basejail = !o->standalone;
	in.defs = p.defs;
	in.props = &props;
	if (plan_jobs(&p, base, n, &in, tsrc, err) != 0 ||
	    check_taken(&p, &l, srcname[0] != '\0', err) != 0)
		goto out;
	jail_list_free(&l);
	if (plan_run(&p, err) != 0)
		goto out;
	for (i = 0; fn != NULL && i < p.n; i++)
		fn(arg, p.jobs[i].name, srcs->n > 1 ? p.src->name : NULL,
		    p.from, i + 1, p.n);
	rv = 0;
out:
	jail_list_free(&l);
	cfgstore_free(&tst);
	jc_props_free(&props);
	plan_free(&p);
	return (rv);
}
