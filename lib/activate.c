/*
 * activate.c - "activate" and "deactivate": the org.freebsd.ioc:active
 * property on the root datasets of pools, and the <pool>/iocage layout of
 * the source "ioc" (the name source detection gives it, too).
 *
 * Activation validates everything first, then changes the pool
 * properties and creates the datasets, recording an undo for every
 * change; when a step fails the changes are undone in reverse order.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsu.h"
#include "internal.h"
#include "names.h"
#include "source.h"
#include "value.h"
#include "zds.h"

#define ACT_SOURCE     "ioc"
#define ACT_DATASET    "iocage"
#define ACT_DEFAULT_MP "/iocage"
#define ACT_FAILED     "iocage ZFS pool activation failed"
#define RCCONF_MAX     ((size_t)1024 * 1024)

enum undo_kind {
	UNDO_SET,     /* zfs set prop=value ds */
	UNDO_INHERIT, /* zfs inherit prop ds */
	UNDO_DESTROY, /* zfs destroy -r ds */
};

struct undo {
	enum undo_kind kind;
	char *ds;
	char *prop;
	char *value;
};

struct undolog {
	struct undo *v;
	size_t n;
};

static void
undolog_free(struct undolog *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		free(u->v[i].ds);
		free(u->v[i].prop);
		free(u->v[i].value);
	}
	free(u->v);
	u->v = NULL;
	u->n = 0;
}

/* Record how to undo a change that is about to be made. */
static int
undo_push(struct undolog *u, enum undo_kind kind, const char *ds,
    const char *prop, const char *value, struct ioc_err *err)
{
	struct undo *nv, *e;

	if ((nv = realloc(u->v, (u->n + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	u->v = nv;
	e = &u->v[u->n];
	(void)memset(e, 0, sizeof(*e));
	e->kind = kind;
	if ((e->ds = ioc_strdup(ds, err)) == NULL ||
	    (prop != NULL && (e->prop = ioc_strdup(prop, err)) == NULL) ||
	    (value != NULL && (e->value = ioc_strdup(value, err)) == NULL)) {
		free(e->ds);
		free(e->prop);
		return (-1);
	}
	u->n++;
	return (0);
}

/* Forget the last record (its change was not made after all). */
static void
undo_pop(struct undolog *u)
{
	struct undo *e;

	if (u->v == NULL || u->n == 0)
		return;
	e = &u->v[--u->n];

	free(e->ds);
	free(e->prop);
	free(e->value);
}

/* Undo every recorded change, newest first; failures are warnings. */
static void
undo_run(struct ioc_ctx *ctx, struct undolog *u)
{
	struct ioc_err e;
	size_t i = u->n;
	int rv;

	while (i-- > 0) {
		const struct undo *x = &u->v[i];

		switch (x->kind) {
		case UNDO_SET:
			rv = zds_set(ctx, x->ds, x->prop, x->value, &e);
			break;
		case UNDO_INHERIT:
			rv = zds_inherit(ctx, x->ds, x->prop, &e);
			break;
		default:
			rv = zds_destroy(ctx, x->ds, ZDS_RECURSIVE, &e);
			break;
		}
		if (rv != 0)
			ioc_log(ctx, IOC_LOG_WARN, "undo failed: %s", e.msg);
	}
}

/* A pool name: one dataset component. */
static int
pool_name_check(const char *pool, struct ioc_err *err)
{
	if (pool == NULL || !names_dataset_ok(pool) ||
	    strchr(pool, '/') != NULL || strchr(pool, '@') != NULL)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid ZFS pool name '%s'", pool != NULL ? pool : ""));
	return (0);
}

static int
health_ok(const char *health)
{
	return (
	    strcmp(health, "ONLINE") == 0 || strcmp(health, "DEGRADED") == 0);
}

/*
 * The imported pools; fails unless pool is among them and usable.  names
 * gets the usable pools (borrowed from t, NULL-terminated).
 */
static int
pools_load(struct ioc_ctx *ctx, const char *pool, struct zds_table *t,
    const char ***names, struct ioc_err *err)
{
	const char *health = NULL;
	size_t r, n = 0;

	*names = NULL;
	if (zds_pools(ctx, t, err) != 0)
		return (-1);
	for (r = 0; r < t->nrows; r++)
		if (strcmp(zds_cell(t, r, 0), pool) == 0)
			health = zds_cell(t, r, 1);
	if (health == NULL)
		return (ioc_err_set(
		    err, IOC_ENOENT, 0, "ZFS pool '%s' not found", pool));
	if (!health_ok(health))
		return (ioc_err_set(
		    err, IOC_EIO, 0, "ZFS pool '%s' is %s", pool, health));
	if ((*names = calloc(t->nrows + 1, sizeof(**names))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (r = 0; r < t->nrows; r++)
		if (health_ok(zds_cell(t, r, 1)))
			(*names)[n++] = zds_cell(t, r, 0);
	return (0);
}

/* Refuse when rc.conf configures the sources. */
static int
check_rcconf(struct ioc_ctx *ctx, struct ioc_err *err)
{
	struct srclist l;
	struct ioc_err e;
	size_t len;
	char *buf;
	int rv;

	if ((buf = fsu_read_file(ctx->rcconf, RCCONF_MAX, &len, &e)) == NULL) {
		if (e.sys == ENOENT)
			return (0);
		*err = e;
		return (-1);
	}
	rv = src_from_rcconf(buf, len, &l, err);
	free(buf);
	if (rv != 0)
		return (ioc_err_wrap(err, "%s", ctx->rcconf));
	rv = l.n > 0
	    ? ioc_err_set(err, IOC_EINVAL, 0,
		  "iocage ZFS source datasets are managed in %s", ctx->rcconf)
	    : 0;
	src_list_free(&l);
	return (rv);
}

/* An absolute mountpoint without control characters. */
static int
mountpoint_check(const char *mp, struct ioc_err *err)
{
	const unsigned char *p;

	if (mp[0] != '/' || strlen(mp) >= PATH_MAX)
		goto bad;
	for (p = (const unsigned char *)mp; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			goto bad;
	return (0);
bad:
	return (ioc_err_set(err, IOC_EINVAL, 0,
	    "Invalid mountpoint '%s': expected an absolute path", mp));
}

/* Is the directory path empty (only "." and "..")? */
static int
dir_empty(const char *path)
{
	struct dirent *de;
	DIR *d;
	int empty = 1;

	if ((d = opendir(path)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	(void)closedir(d);
	return (empty);
}

/* Is path a mount point (its device differs from its parent's)? */
static int
is_mountpoint(const char *path, const struct stat *st)
{
	char parent[PATH_MAX];
	struct stat pst;
	char *slash;

	(void)snprintf(parent, sizeof(parent), "%s", path);
	if ((slash = strrchr(parent, '/')) == NULL)
		return (0);
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (stat(parent, &pst) != 0)
		return (0);
	return (pst.st_dev != st->st_dev || pst.st_ino == st->st_ino);
}

/*
 * Can a file system be mounted at mp?  Missing (zfs creates it) or an
 * empty directory that is not a mount point already.
 */
static int
mountpoint_free(const char *mp, char *why, size_t size)
{
	struct stat st;

	if (lstat(mp, &st) != 0) {
		if (errno == ENOENT)
			return (1);
		(void)snprintf(why, size, "%s", strerror(errno));
		return (0);
	}
	if (!S_ISDIR(st.st_mode))
		(void)snprintf(why, size, "it is not a directory");
	else if (is_mountpoint(mp, &st))
		(void)snprintf(why, size, "something is mounted there");
	else if (!dir_empty(mp))
		(void)snprintf(why, size, "the directory is not empty");
	else
		return (1);
	return (0);
}

/* Strip trailing slashes into buf. */
static void
mp_normalize(const char *mp, char *buf, size_t size)
{
	size_t len;

	(void)snprintf(buf, size, "%s", mp);
	len = strlen(buf);
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';
}

/* What activation found before it changes anything. */
struct plan {
	const char *pool;
	char ds[300];	     /* <pool>/iocage */
	int exists;	     /* ds exists */
	char *cur_mp;	     /* its mountpoint (exists) */
	int cur_mp_local;    /* ... set locally */
	char *pool_mp;	     /* the pool root's mountpoint */
	const char *new_mp;  /* mountpoint to create with or set, or NULL */
	int has_child[2];    /* jails, releases exist */
	char *self_val;	     /* this pool's active value, NULL: unset */
	int self_true;	     /* ... parses to true */
	const char **others; /* other pools whose active value is true */
	char **others_val;   /* ... and that value */
	size_t nothers;
};

static const char *const children[] = {"jails", "releases"};

static void
plan_free(struct plan *p)
{
	size_t i;

	free(p->cur_mp);
	free(p->pool_mp);
	free(p->self_val);
	for (i = 0; i < p->nothers; i++)
		free(p->others_val[i]);
	free(p->others_val);
	free(p->others);
}

/* Read the active property of every usable pool in one zfs call. */
static int
plan_flags(struct ioc_ctx *ctx, struct plan *p, const char *const *names,
    struct ioc_err *err)
{
	static const char *const props[] = {SRC_ACTIVE_PROP, NULL};
	struct zds_table t;
	size_t r, n = 0;
	int rv = -1, b;

	for (r = 0; names[r] != NULL; r++)
		n++;
	if (zds_get_many(ctx, names, props, &t, err) != 0)
		return (-1);
	if ((p->others = calloc(n + 1, sizeof(*p->others))) == NULL ||
	    (p->others_val = calloc(n + 1, sizeof(*p->others_val))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (r = 0; r < t.nrows; r++) {
		const char *name = zds_cell(&t, r, 0);
		const char *val = zds_cell(&t, r, 2);
		const char *src = zds_cell(&t, r, 3);
		int set = strcmp(src, "-") != 0;
		int yes = set && val_parse_bool(val, &b) == 0 && b;

		if (strcmp(name, p->pool) == 0) {
			p->self_true = yes;
			if (set && (p->self_val = ioc_strdup(val, err)) == NULL)
				goto out;
			continue;
		}
		if (!yes)
			continue;
		/* Borrow the name from the pools table, which outlives t. */
		for (n = 0; names[n] != NULL && strcmp(names[n], name) != 0;
		     n++)
			;
		if (names[n] == NULL)
			continue;
		if ((p->others_val[p->nothers] = ioc_strdup(val, err)) == NULL)
			goto out;
		p->others[p->nothers++] = names[n];
	}
	rv = 0;
out:
	zds_table_free(&t);
	return (rv);
}

/* Find <pool>/iocage, its mountpoint and children. */
static int
plan_datasets(struct ioc_ctx *ctx, struct plan *p, struct ioc_err *err)
{
	static const char *const mprops[] = {"mountpoint", NULL};
	struct zds_table t;
	size_t r, c;
	char child[320];
	int rv = -1;

	(void)snprintf(p->ds, sizeof(p->ds), "%s/" ACT_DATASET, p->pool);
	if (zds_get(ctx, p->pool, mprops, 1, &t, err) != 0)
		return (-1);
	for (r = 0; r < t.nrows; r++) {
		const char *name = zds_cell(&t, r, 0);
		const char *val = zds_cell(&t, r, 2);
		const char *src = zds_cell(&t, r, 3);

		if (strcmp(name, p->pool) == 0) {
			if ((p->pool_mp = ioc_strdup(val, err)) == NULL)
				goto out;
		} else if (strcmp(name, p->ds) == 0) {
			p->exists = 1;
			p->cur_mp_local = strcmp(src, "local") == 0;
			if ((p->cur_mp = ioc_strdup(val, err)) == NULL)
				goto out;
		}
	}
	zds_table_free(&t);
	if (p->exists && strcmp(p->cur_mp, "-") == 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    ACT_FAILED ": '%s' is not a file system", p->ds);
		return (-1);
	}
	if (!p->exists)
		return (0);
	if (zds_list(ctx, p->ds, NULL, 1, 0, &t, err) != 0)
		return (-1);
	for (c = 0; c < 2; c++) {
		(void)snprintf(
		    child, sizeof(child), "%s/%s", p->ds, children[c]);
		for (r = 0; r < t.nrows; r++)
			if (strcmp(zds_cell(&t, r, 0), child) == 0)
				p->has_child[c] = 1;
	}
	rv = 0;
out:
	zds_table_free(&t);
	return (rv);
}

/* Decide the mountpoint of <pool>/iocage; mp is the -m argument. */
static int
plan_mountpoint(struct plan *p, const char *mp, char *mpbuf, size_t size,
    struct ioc_err *err)
{
	char why[128];

	if (mp != NULL) {
		mp_normalize(mp, mpbuf, size);
		if (p->exists && strcmp(p->cur_mp, mpbuf) == 0)
			return (0);
		if (!mountpoint_free(mpbuf, why, sizeof(why)))
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    ACT_FAILED ": cannot mount '%s' at '%s': %s", p->ds,
			    mpbuf, why));
		p->new_mp = mpbuf;
		return (0);
	}
	if (p->exists) {
		if (p->cur_mp[0] == '/')
			return (0);
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Mountpoint of iocage ZFS source dataset '%s' is unset "
		    "and cannot be determined automatically: use -m "
		    "MOUNTPOINT",
		    p->ds));
	}
	if (mountpoint_free(ACT_DEFAULT_MP, why, sizeof(why))) {
		(void)snprintf(mpbuf, size, "%s", ACT_DEFAULT_MP);
		p->new_mp = mpbuf;
		return (0);
	}
	if (p->pool_mp != NULL && p->pool_mp[0] == '/')
		return (0); /* inherit <pool mountpoint>/iocage */
	return (ioc_err_set(err, IOC_EINVAL, 0,
	    "Mountpoint of iocage ZFS source dataset '%s' is unset and "
	    "cannot be determined automatically (%s: %s): use -m MOUNTPOINT",
	    p->ds, ACT_DEFAULT_MP, why));
}

/*
 * zfs create ds [-o mountpoint=mp]: on failure a dataset that was made
 * anyway (created, but not mounted) is destroyed again.
 */
static int
create_ds(struct ioc_ctx *ctx, struct undolog *u, const char *ds,
    const char *mp, struct ioc_err *err)
{
	const char *props[] = {NULL, NULL};
	struct ioc_err e;
	char *opt = NULL;
	int rv = -1;

	if (mp != NULL) {
		if ((opt = ioc_aprintf(err, "mountpoint=%s", mp)) == NULL)
			return (-1);
		props[0] = opt;
	}
	if (undo_push(u, UNDO_DESTROY, ds, NULL, NULL, err) != 0)
		goto out;
	if (zds_create(ctx, ds, props, 0, err) != 0) {
		if (zds_exists(ctx, ds, &e) != 1)
			undo_pop(u); /* nothing to destroy */
		goto out;
	}
	ioc_log(ctx, IOC_LOG_VERBOSE, "created %s", ds);
	rv = 0;
out:
	free(opt);
	return (rv);
}

/*
 * zfs set, with the undo that restores the old value (NULL: inherit).  The
 * undo stays recorded when zfs fails: a mountpoint can be changed although
 * the remount failed, and restoring an unchanged value is harmless.
 */
static int
set_prop(struct ioc_ctx *ctx, struct undolog *u, const char *ds,
    const char *prop, const char *value, const char *old, struct ioc_err *err)
{
	if (undo_push(u, old != NULL ? UNDO_SET : UNDO_INHERIT, ds, prop, old,
		err) != 0)
		return (-1);
	return (zds_set(ctx, ds, prop, value, err));
}

/* Carry out the plan, undoing everything on failure. */
static int
plan_apply(struct ioc_ctx *ctx, const struct plan *p, struct ioc_err *err)
{
	struct undolog u = {NULL, 0};
	char child[320];
	size_t i;
	int rv = -1;

	for (i = 0; i < p->nothers; i++)
		if (set_prop(ctx, &u, p->others[i], SRC_ACTIVE_PROP, "no",
			p->others_val[i], err) != 0)
			goto out;
	if (!p->self_true &&
	    set_prop(ctx, &u, p->pool, SRC_ACTIVE_PROP, "yes", p->self_val,
		err) != 0)
		goto out;
	if (!p->exists) {
		if (create_ds(ctx, &u, p->ds, p->new_mp, err) != 0)
			goto out;
	} else if (p->new_mp != NULL &&
	    set_prop(ctx, &u, p->ds, "mountpoint", p->new_mp,
		p->cur_mp_local ? p->cur_mp : NULL, err) != 0) {
		goto out;
	}
	for (i = 0; i < 2; i++) {
		if (p->exists && p->has_child[i])
			continue;
		(void)snprintf(
		    child, sizeof(child), "%s/%s", p->ds, children[i]);
		if (create_ds(ctx, &u, child, NULL, err) != 0)
			goto out;
	}
	rv = 0;
out:
	if (rv != 0) {
		(void)ioc_err_wrap(err, ACT_FAILED);
		undo_run(ctx, &u);
	}
	undolog_free(&u);
	return (rv);
}

/* Activate a pool for source "ioc". */
int
ioc_pool_activate(struct ioc_ctx *ctx, const char *pool, const char *mountpoint,
    int *was_active, struct ioc_err *err)
{
	struct zds_table pools = {0, 0, NULL, NULL};
	struct plan p;
	const char **names = NULL;
	char mpbuf[PATH_MAX];
	int rv = -1;

	*was_active = 0;
	(void)memset(&p, 0, sizeof(p));
	if (ctx->nsources > 0)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    ACT_FAILED ": sources given with --source replace the "
			       "active pool and cannot be activated"));
	if (check_rcconf(ctx, err) != 0)
		return (-1);
	if (pool_name_check(pool, err) != 0)
		return (-1);
	if (mountpoint != NULL && mountpoint_check(mountpoint, err) != 0)
		return (-1);
	p.pool = pool;
	if (pools_load(ctx, pool, &pools, &names, err) != 0 ||
	    plan_flags(ctx, &p, names, err) != 0 ||
	    plan_datasets(ctx, &p, err) != 0 ||
	    plan_mountpoint(&p, mountpoint, mpbuf, sizeof(mpbuf), err) != 0)
		goto out;
	if (p.self_true) {
		*was_active = 1;
		ioc_log(
		    ctx, IOC_LOG_WARN, "ZFS pool '%s' is already active", pool);
	}
	if (plan_apply(ctx, &p, err) != 0)
		goto out;
	ioc_log(ctx, IOC_LOG_VERBOSE, "source '" ACT_SOURCE "' is %s", p.ds);
	rv = 0;
out:
	plan_free(&p);
	free(names);
	zds_table_free(&pools);
	return (rv);
}

/* Deactivate a pool; never creates anything. */
int
ioc_pool_deactivate(
    struct ioc_ctx *ctx, const char *pool, int *changed, struct ioc_err *err)
{
	struct zds_table pools = {0, 0, NULL, NULL};
	const char **names = NULL;
	char *val = NULL;
	int rv = -1, b;

	*changed = 0;
	if (pool_name_check(pool, err) != 0)
		return (-1);
	if (pools_load(ctx, pool, &pools, &names, err) != 0)
		goto out;
	if ((val = zds_get_value(ctx, pool, SRC_ACTIVE_PROP, err)) == NULL)
		goto out;
	if (val_parse_bool(val, &b) != 0 || !b) {
		ioc_log(ctx, IOC_LOG_WARN, "ZFS pool '%s' is not active", pool);
		rv = 0;
		goto out;
	}
	if (zds_set(ctx, pool, SRC_ACTIVE_PROP, "no", err) != 0)
		goto out;
	*changed = 1;
	rv = 0;
out:
	free(val);
	free(names);
	zds_table_free(&pools);
	return (rv);
}
