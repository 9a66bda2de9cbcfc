/*
 * jaildestroy.c - "destroy": select jails, templates or releases by
 * filter, check every target first (stopped unless forced, no clones of
 * it outside the selection, nothing but ZFS mounted below it), ask, then
 * destroy each recursively under its lock, dependants first; with force a
 * running jail is stopped first.  The template snapshot a
 * jail was cloned from goes with the jail; a release's shared root@pN
 * never does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgstore.h"
#include "compat.h"
#include "filter.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "jailcreate.h"
#include "release.h"
#include "value.h"
#include "zds.h"

#define DS_MAX	   512
#define LIST_MAX   (IOC_ERRMSG_MAX - 128)
#define NO_TARGETS "No target matched your input"

/* Is ds the dataset top, or below it, or one of its snapshots? */
int
jc_ds_within(const char *top, const char *ds)
{
	size_t len = strlen(top);

	return (strncmp(ds, top, len) == 0 &&
	    (ds[len] == '\0' || ds[len] == '/' || ds[len] == '@'));
}

/* The jail a dataset of "<root>/jails/<name>[/...]" belongs to. */
int
jc_jail_of(const char *root, const char *ds, char *buf, size_t size)
{
	size_t len = strlen(root), n;
	const char *p;

	if (strncmp(ds, root, len) != 0 || strncmp(ds + len, "/jails/", 7) != 0)
		return (-1);
	p = ds + len + 7;
	n = strcspn(p, "/@");
	if (n == 0 || n >= size)
		return (-1);
	(void)memcpy(buf, p, n);
	buf[n] = '\0';
	return (0);
}

/* One thing to destroy. */
struct target {
	const struct src *src;
	char name[256];	 /* jail or release name (as the user knows it) */
	char lock[256];	 /* lock name of a jail */
	char full[300];	 /* full name for messages */
	char ds[DS_MAX]; /* dataset */
	char mp[4096];	 /* mountpoint while mounted, or "" */
	const struct jent *e;
	const char *origin; /* jails: the origin of <ds>/root, or NULL */
	size_t *deps;	    /* targets that must go first */
	size_t ndeps;
	int done;
};

/* What every source's jails hold: one zfs list per source. */
struct origins {
	struct zds_table *t; /* name, origin per source */
	size_t n;
};

struct dstate {
	struct ioc_ctx *ctx;
	const struct srclist *srcs;
	enum ioc_destroy_kind kind;
	int force;
	struct jentlist jails;
	struct rellist rels;
	struct origins org;
	struct target *v;
	size_t n;
};

static void
dstate_free(struct dstate *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].deps);
	free(s->v);
	for (i = 0; i < s->org.n; i++)
		zds_table_free(&s->org.t[i]);
	free(s->org.t);
	jail_list_free(&s->jails);
	rel_list_free(&s->rels);
}

static struct target *
target_add(struct dstate *s, const struct src *src, const char *name,
    struct ioc_err *err)
{
	struct target *nv, *t;

	if ((nv = realloc(s->v, (s->n + 1) * sizeof(*nv))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	s->v = nv;
	t = &s->v[s->n++];
	(void)memset(t, 0, sizeof(*t));
	t->src = src;
	(void)snprintf(t->name, sizeof(t->name), "%s", name);
	if (s->srcs->n > 1)
		(void)snprintf(
		    t->full, sizeof(t->full), "%s/%s", src->name, name);
	else
		(void)snprintf(t->full, sizeof(t->full), "%s", name);
	return (t);
}

/* ------------------------------------------------------------- selecting */

struct lookup {
	struct ioc_jail *j;
	char *last;
};

static const char *
lookup_key(void *arg, const char *key)
{
	struct lookup *lk = arg;
	struct ioc_err e;

	free(lk->last);
	lk->last = ioc_jail_get(lk->j, key, &e);
	return (lk->last);
}

/* Does a jail pass the key terms?  Its config is loaded for that. */
static int
keys_match(struct dstate *s, const struct filter *f, const struct jent *e,
    const struct cfg *defs)
{
	struct ioc_jail j;
	struct lookup lk = {&j, NULL};
	struct ioc_err er;
	int hit;

	(void)memset(&j, 0, sizeof(j));
	j.ctx = s->ctx;
	j.ent = *e; /* borrowed: never ioc_jail_free() it */
	j.defs = defs;
	if (e->mountpoint == NULL ||
	    cfgstore_load(s->ctx, CFG_JAIL, e->mountpoint, e->dataset, &j.cfg,
		&er) != 0) {
		/* A broken or unmounted jail is still a jail. */
		if (e->mountpoint != NULL)
			ioc_log(s->ctx, IOC_LOG_WARN, "jail '%s': %s", e->name,
			    er.msg);
		(void)memset(&j.cfg, 0, sizeof(j.cfg));
	}
	hit = filter_match_keys(f, lookup_key, &lk);
	free(lk.last);
	cfgstore_free(&j.cfg);
	return (hit);
}

static int
select_jails(
    struct dstate *s, const char *const *filters, size_t n, struct ioc_err *err)
{
	const struct cfgstore *defs;
	const char **args;
	struct filter f;
	size_t i;
	int rv = -1;

	if ((args = calloc(n + 1, sizeof(*args))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < n; i++)
		args[i] = filters[i];
	args[n] =
	    s->kind == IOC_DESTROY_TEMPLATES ? "template=yes" : "template=no,-";
	if (filter_parse(args, n + 1, &f, err) != 0) {
		free(args);
		return (-1);
	}
	free(args);
	if ((defs = jail_defaults(s->ctx, err)) == NULL ||
	    jail_list(s->ctx, filter_source(&f), &s->jails, err) != 0)
		goto out;
	for (i = 0; i < s->jails.n; i++) {
		const struct jent *e = &s->jails.v[i];
		struct target *t;

		if (!filter_match_name(&f, e->src->name, e->name, e->human) ||
		    !keys_match(s, &f, e, &defs->cur))
			continue;
		if ((t = target_add(s, e->src,
			 e->human != NULL ? e->human : e->name, err)) == NULL)
			goto out;
		t->e = e;
		(void)snprintf(t->lock, sizeof(t->lock), "%s", e->name);
		(void)snprintf(t->ds, sizeof(t->ds), "%s", e->dataset);
		if (e->mountpoint != NULL)
			(void)snprintf(
			    t->mp, sizeof(t->mp), "%s", e->mountpoint);
	}
	rv = 0;
out:
	filter_free(&f);
	return (rv);
}

/* The mountpoints of the releases of one source (one zfs call). */
static int
release_mountpoints(
    struct dstate *s, const struct src *src, struct ioc_err *err)
{
	static const char *const props[] = {"mountpoint", "mounted", NULL};
	struct zds_table t;
	char ds[DS_MAX];
	size_t i, r;

	(void)snprintf(ds, sizeof(ds), "%s/releases", src->dataset);
	if (zds_list(s->ctx, ds, props, 1, 0, &t, err) != 0)
		return (-1);
	for (i = 0; i < s->n; i++) {
		if (s->v[i].src != src)
			continue;
		for (r = 0; r < t.nrows; r++)
			if (strcmp(zds_cell(&t, r, 0), s->v[i].ds) == 0 &&
			    strcmp(zds_cell(&t, r, 2), "yes") == 0)
				(void)snprintf(s->v[i].mp, sizeof(s->v[i].mp),
				    "%s", zds_cell(&t, r, 1));
	}
	zds_table_free(&t);
	return (0);
}

static int
select_releases(
    struct dstate *s, const char *const *filters, size_t n, struct ioc_err *err)
{
	struct filter f;
	size_t i;
	int rv = -1;

	if (filter_parse(filters, n, &f, err) != 0)
		return (-1);
	for (i = 0; i < f.n; i++) {
		if (f.t[i].key != NULL) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "releases are selected by name, not by '%s='",
			    f.t[i].key);
			goto out;
		}
	}
	if (rel_list(s->ctx, filter_source(&f), &s->rels, err) != 0)
		goto out;
	for (i = 0; i < s->rels.n; i++) {
		const struct rel *r = &s->rels.v[i];
		struct target *t;

		if (!filter_match_name(&f, r->src->name, r->name, NULL))
			continue;
		if ((t = target_add(s, r->src, r->name, err)) == NULL)
			goto out;
		(void)snprintf(t->ds, sizeof(t->ds), "%s", r->dataset);
	}
	for (i = 0; i < s->srcs->n; i++)
		if (release_mountpoints(s, &s->srcs->v[i], err) != 0)
			goto out;
	rv = 0;
out:
	filter_free(&f);
	return (rv);
}

/* ------------------------------------------------------------- checking */

/* name and origin of every dataset below each source's jails. */
static int
load_origins(struct dstate *s, struct ioc_err *err)
{
	static const char *const props[] = {"origin", NULL};
	char ds[DS_MAX];
	size_t i;

	if ((s->org.t = calloc(s->srcs->n, sizeof(*s->org.t))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < s->srcs->n; i++) {
		(void)snprintf(
		    ds, sizeof(ds), "%s/jails", s->srcs->v[i].dataset);
		s->org.n = i + 1;
		if (zds_list(s->ctx, ds, props, -1, ZDS_RECURSIVE, &s->org.t[i],
			err) != 0) {
			if (err->code != IOC_ENOENT)
				return (-1);
			(void)memset(&s->org.t[i], 0, sizeof(s->org.t[i]));
		}
	}
	return (0);
}

/* The target whose dataset holds ds, or -1. */
static long
target_of(const struct dstate *s, const char *ds)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (jc_ds_within(s->v[i].ds, ds))
			return ((long)i);
	return (-1);
}

static int
add_dep(struct target *t, size_t k, struct ioc_err *err)
{
	size_t *nv, i;

	for (i = 0; i < t->ndeps; i++)
		if (t->deps[i] == k)
			return (0);
	if ((nv = realloc(t->deps, (t->ndeps + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	t->deps = nv;
	t->deps[t->ndeps++] = k;
	return (0);
}

/*
 * Clones of a target outside it: other targets go first, anything else
 * is refused with the list of the jails that use it.
 */
static int
check_dependants(struct dstate *s, struct target *t, struct ioc_err *err)
{
	char users[LIST_MAX], jname[256];
	size_t i, r, off = 0, nusers = 0;
	long k, self = t - s->v;

	users[0] = '\0';
	for (i = 0; i < s->org.n; i++) {
		const struct zds_table *tb = &s->org.t[i];
		const struct src *src = &s->srcs->v[i];

		for (r = 0; r < tb->nrows; r++) {
			const char *ds = zds_cell(tb, r, 0);
			const char *origin = zds_cell(tb, r, 1);

			if (!jc_ds_within(t->ds, origin) ||
			    jc_ds_within(t->ds, ds))
				continue;
			if ((k = target_of(s, ds)) >= 0 && k != self) {
				if (add_dep(t, (size_t)k, err) != 0)
					return (-1);
				continue;
			}
			if (jc_jail_of(
				src->dataset, ds, jname, sizeof(jname)) != 0)
				(void)snprintf(jname, sizeof(jname), "%s", ds);
			if (off < sizeof(users))
				off += (size_t)snprintf(users + off,
				    sizeof(users) - off, "%s%s%s%s",
				    nusers > 0 ? ", " : "",
				    s->srcs->n > 1 ? src->name : "",
				    s->srcs->n > 1 ? "/" : "", jname);
			nusers++;
		}
	}
	if (nusers == 0)
		return (0);
	return (ioc_err_set(err, IOC_EBUSY, 0, "%s '%s' is used by jails: %s",
	    s->kind == IOC_DESTROY_RELEASES	   ? "Release"
		: s->kind == IOC_DESTROY_TEMPLATES ? "Template"
						   : "Jail",
	    t->full, users));
}

/* The origin of a jail's root, from the listing. */
static void
find_origin(struct dstate *s, struct target *t)
{
	char root[DS_MAX + 8];
	size_t i, r;

	(void)snprintf(root, sizeof(root), "%s/root", t->ds);
	for (i = 0; i < s->org.n; i++)
		for (r = 0; r < s->org.t[i].nrows; r++)
			if (strcmp(zds_cell(&s->org.t[i], r, 0), root) == 0 &&
			    strchr(zds_cell(&s->org.t[i], r, 1), '@') != NULL)
				t->origin = zds_cell(&s->org.t[i], r, 1);
}

static int
check_running(struct dstate *s, const struct target *t, struct ioc_err *err)
{
	long jid;

	if (t->e == NULL || s->force || !jail_running(s->ctx, t->e, &jid))
		return (0);
	return (ioc_err_set(err, IOC_EBUSY, 0,
	    "Jail '%s' is running: stop it first (or use -f)", t->full));
}

/* -f: stop a running jail first (hook failures ignored), then recheck. */
static int
stop_first(struct dstate *s, const struct target *t, struct ioc_err *err)
{
	char sel[600];
	long jid;

	if (t->e == NULL || !jail_running(s->ctx, t->e, &jid))
		return (0);
	(void)snprintf(sel, sizeof(sel), "%s/%s", t->src->name, t->e->name);
	if (ioc_jail_stop(s->ctx, sel, 1, err) != 0)
		return (ioc_err_wrap(err, "Destroying %s failed", t->full));
	if (jail_running(s->ctx, t->e, &jid))
		return (ioc_err_set(err, IOC_EBUSY, 0,
		    "Destroying %s failed: it is still running", t->full));
	return (0);
}

/* Nothing but ZFS may be mounted at or below a target's mountpoint. */
static int
check_mounts(const struct target *t, struct ioc_err *err)
{
	char what[4200];
	int r;

	if (t->mp[0] != '/')
		return (0);
	if ((r = compat_mounted_below(t->mp, what, sizeof(what))) < 0)
		return (ioc_err_sys(err, 0, "cannot read the mount table"));
	if (r == 0)
		return (0);
	return (ioc_err_set(err, IOC_EBUSY, 0,
	    "'%s': %s is mounted below %s and ioc did not mount it; "
	    "unmount it first",
	    t->full, what, t->mp));
}

static int
check_all(struct dstate *s, struct ioc_err *err)
{
	size_t i;

	if (load_origins(s, err) != 0)
		return (-1);
	for (i = 0; i < s->n; i++) {
		struct target *t = &s->v[i];
		long jid;

		find_origin(s, t);
		if (check_running(s, t, err) != 0 ||
		    check_dependants(s, t, err) != 0)
			return (-1);
		/* A running jail's own mounts go when it stops (-f). */
		if ((t->e == NULL || !jail_running(s->ctx, t->e, &jid)) &&
		    check_mounts(t, err) != 0)
			return (-1);
	}
	return (0);
}

/* ----------------------------------------------------------- destroying */

/* The template snapshot create made for this jail, once nothing uses it. */
static void
drop_origin(struct dstate *s, const struct target *t)
{
	char jname[256], want[300];
	const char *at;
	struct ioc_err e;
	size_t i;

	if (t->origin == NULL || (at = strchr(t->origin, '@')) == NULL)
		return;
	for (i = 0; i < s->srcs->n; i++) {
		const struct src *src = &s->srcs->v[i];

		if (jc_jail_of(src->dataset, t->origin, jname, sizeof(jname)) !=
		    0)
			continue;
		/* Never a release snapshot: only one under <root>/jails. */
		if (jc_origin_snapname(t->src->name, src->name, t->e->name,
			want, sizeof(want)) != 0 ||
		    strcmp(at + 1, want) != 0)
			return;
		if (zds_destroy(s->ctx, t->origin, ZDS_RECURSIVE, &e) == 0)
			ioc_log(s->ctx, IOC_LOG_DEBUG, "removed %s", t->origin);
		else
			ioc_log(s->ctx, IOC_LOG_WARN,
			    "the snapshot %s stays: %s", t->origin, e.msg);
		return;
	}
}

/* A release's read-only root-pN clones first, then the rest. */
static int
destroy_release(struct dstate *s, const struct target *t, struct ioc_err *err)
{
	static const char *const props[] = {"origin", NULL};
	struct zds_table tb;
	size_t r;
	int rv = -1;

	if (zds_list(s->ctx, t->ds, props, -1, ZDS_RECURSIVE, &tb, err) != 0)
		return (-1);
	for (r = tb.nrows; r-- > 0;) {
		const char *origin = zds_cell(&tb, r, 1);

		if (strchr(origin, '@') != NULL &&
		    jc_ds_within(t->ds, origin) &&
		    zds_destroy(
			s->ctx, zds_cell(&tb, r, 0), ZDS_RECURSIVE, err) != 0)
			goto out;
	}
	rv = zds_destroy(s->ctx, t->ds, ZDS_RECURSIVE, err);
out:
	zds_table_free(&tb);
	return (rv);
}

static int
destroy_one(struct dstate *s, struct target *t, struct ioc_err *err)
{
	struct fsu_lock lk;
	long jid;
	int rv = -1;

	if (s->force && stop_first(s, t, err) != 0)
		return (-1);
	if ((s->kind == IOC_DESTROY_RELEASES
		    ? rel_lock(s->ctx, t->src->name, t->name, &lk, err)
		    : fsu_lock(s->ctx->rundir, t->src->name, t->lock, &lk,
			  err)) != 0)
		return (ioc_err_wrap(err, "'%s'", t->full));
	/* Another ioc may have started it since; mounts are checked again. */
	if (t->e != NULL && jail_running(s->ctx, t->e, &jid)) {
		(void)ioc_err_set(err, IOC_EBUSY, 0,
		    "Jail '%s' is running: stop it first", t->full);
		goto out;
	}
	if (check_mounts(t, err) != 0)
		goto out;
	if (s->kind == IOC_DESTROY_RELEASES)
		rv = destroy_release(s, t, err);
	else
		rv = zds_destroy(s->ctx, t->ds, ZDS_RECURSIVE, err);
	if (rv != 0) {
		(void)ioc_err_wrap(err, "Destroying %s failed", t->full);
		goto out;
	}
	t->done = 1;
	if (s->kind != IOC_DESTROY_RELEASES)
		drop_origin(s, t);
out:
	fsu_unlock(&lk);
	return (rv);
}

static int
ready(const struct dstate *s, const struct target *t)
{
	size_t i;

	for (i = 0; i < t->ndeps; i++)
		if (!s->v[t->deps[i]].done)
			return (0);
	return (1);
}

/* Dependants first: each pass destroys what nothing left depends on. */
static int
destroy_all(
    struct dstate *s, ioc_destroyed_fn fn, void *arg, struct ioc_err *err)
{
	size_t i, left = s->n, progress;

	while (left > 0) {
		progress = 0;
		for (i = 0; i < s->n; i++) {
			struct target *t = &s->v[i];

			if (t->done || !ready(s, t))
				continue;
			if (destroy_one(s, t, err) != 0)
				return (-1);
			if (fn != NULL)
				fn(arg, t->mp[0] != '\0' ? t->mp : t->ds);
			progress++;
			left--;
		}
		if (progress == 0)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "the selected targets depend on each other in a "
			    "cycle"));
	}
	return (0);
}

/* Destroy jails, templates or releases. */
int
ioc_destroy(struct ioc_ctx *ctx, enum ioc_destroy_kind kind,
    const char *const *filters, size_t nfilters, int force,
    ioc_confirm_fn confirm, ioc_destroyed_fn fn, void *arg, struct ioc_err *err)
{
	struct dstate s;
	const char **names = NULL;
	size_t i;
	int rv = -1;

	if (nfilters == 0)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "No filter specified - cannot select a target to delete"));
	(void)memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.kind = kind;
	s.force = force;
	if ((s.srcs = src_get(ctx, err)) == NULL)
		return (-1);
	if ((kind == IOC_DESTROY_RELEASES
		    ? select_releases(&s, filters, nfilters, err)
		    : select_jails(&s, filters, nfilters, err)) != 0)
		goto out;
	if (s.n == 0) {
		(void)ioc_err_set(err, IOC_ENOENT, 0, NO_TARGETS);
		goto out;
	}
	if (check_all(&s, err) != 0)
		goto out;
	if (!force) {
		if ((names = calloc(s.n, sizeof(*names))) == NULL) {
			(void)ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory");
			goto out;
		}
		for (i = 0; i < s.n; i++)
			names[i] = s.v[i].full;
		if (confirm == NULL || !confirm(arg, kind, names, s.n)) {
			(void)ioc_err_set(err, IOC_EPERM, 0,
			    "aborted, nothing was destroyed");
			goto out;
		}
	}
	rv = destroy_all(&s, fn, arg, err);
out:
	free(names);
	dstate_free(&s);
	return (rv);
}
