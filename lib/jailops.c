/*
 * jailops.c - rename, clone, promote and snapshots of jails, and the steps
 * they share with migrate.  Every multi-step operation undoes its earlier
 * steps when a later one fails.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfgstore.h"
#include "compat.h"
#include "fstab.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "jailops.h"
#include "jparams.h"
#include "names.h"
#include "value.h"
#include "zds.h"

#define FSTAB_MAX  ((size_t)1024 * 1024)
#define SNAP_TRIES 10

/* The name a user knows a jail by. */
const char *
ops_jname(const struct jent *e)
{
	return (e->human != NULL ? e->human : e->name);
}

/* 0 when the jail is stopped. */
int
ops_stopped(struct ioc_ctx *ctx, const struct jent *e, struct ioc_err *err)
{
	long jid;

	if (jail_running(ctx, e, &jid))
		return (ioc_err_set(err, IOC_EBUSY, 0,
		    "Jail '%s' is already running (jid %ld): stop it first",
		    ops_jname(e), jid));
	return (0);
}

/* 0 when name is free in source s. */
int
ops_name_free(struct ioc_ctx *ctx, const struct src *s, const char *name,
    const char *self, struct ioc_err *err)
{
	struct jentlist l;
	char ds[512];
	size_t i;
	int rv = 0, ex;

	if (jail_list(ctx, s->name, &l, err) != 0)
		return (-1);
	for (i = 0; i < l.n && rv == 0; i++) {
		const struct jent *e = &l.v[i];

		if (self != NULL && strcmp(e->dataset, self) == 0)
			continue;
		if (strcmp(e->name, name) == 0 ||
		    (e->human != NULL && strcmp(e->human, name) == 0))
			rv = -1;
	}
	jail_list_free(&l);
	if (rv == 0) {
		(void)snprintf(ds, sizeof(ds), "%s/jails/%s", s->dataset, name);
		if ((ex = zds_exists(ctx, ds, err)) < 0)
			return (-1);
		rv = ex ? -1 : 0;
	}
	if (rv != 0)
		(void)ioc_err_set(
		    err, IOC_EEXIST, 0, "Jail '%s' already exists", name);
	return (rv);
}

/* "<prefix><YYYYmmddHHMMSS>" (local time) into buf. */
static void
stamp(const char *prefix, int try, char *buf, size_t size)
{
	struct tm tm;
	time_t now = time(NULL);
	char ts[32];

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(ts, sizeof(ts), "%Y%m%d%H%M%S", &tm) == 0)
		(void)snprintf(ts, sizeof(ts), "%lld", (long long)now);
	if (try == 0)
		(void)snprintf(buf, size, "%s%s", prefix, ts);
	else
		(void)snprintf(buf, size, "%s%s-%d", prefix, ts, try);
}

/* Recursive snapshot with a fresh time-stamped name. */
static char *
snapshot_fresh(struct ioc_ctx *ctx, const char *ds, const char *prefix,
    struct ioc_err *err)
{
	char name[64], *snap;
	int try;

	for (try = 0; try < SNAP_TRIES; try++) {
		stamp(prefix, try, name, sizeof(name));
		if ((snap = ioc_aprintf(err, "%s@%s", ds, name)) == NULL)
			return (NULL);
		if (zds_snapshot(ctx, snap, ZDS_RECURSIVE, err) == 0)
			return (snap);
		free(snap);
		if (err->code != IOC_EEXIST)
			return (NULL);
	}
	return (NULL);
}

/* Undo ops_clone_tree(). */
void
ops_clone_tree_undo(struct ioc_ctx *ctx, const char *to, const char *snap)
{
	struct ioc_err e;

	if (to != NULL && zds_destroy(ctx, to, ZDS_RECURSIVE, &e) != 0)
		ioc_log(ctx, IOC_LOG_WARN, "undo: could not destroy %s: %s", to,
		    e.msg);
	if (snap != NULL && zds_destroy(ctx, snap, ZDS_RECURSIVE, &e) != 0)
		ioc_log(ctx, IOC_LOG_WARN, "undo: could not destroy %s: %s",
		    snap, e.msg);
}

/*
 * Mount the clones below to whose originals (rows of "zfs list -o
 * name,canmount,mounted -r from") are mounted, when zfs did not already.
 */
static int
mount_like(struct ioc_ctx *ctx, const struct zds_table *orig, const char *from,
    const char *to, struct ioc_err *err)
{
	static const char *const props[] = {"mounted", NULL};
	struct zds_table t;
	size_t r, k, flen = strlen(from), tlen = strlen(to);
	int rv = 0;

	if (zds_list(ctx, to, props, -1, ZDS_RECURSIVE, &t, err) != 0)
		return (-1);
	for (r = 0; r < t.nrows && rv == 0; r++) {
		const char *ds = zds_cell(&t, r, 0);

		if (strcmp(zds_cell(&t, r, 1), "yes") == 0)
			continue;
		for (k = 0; k < orig->nrows; k++) {
			const char *o = zds_cell(orig, k, 0);

			if (strlen(o) >= flen &&
			    strcmp(o + flen, ds + tlen) == 0 &&
			    strcmp(zds_cell(orig, k, 2), "yes") == 0)
				rv = zds_mount(ctx, ds, err);
		}
	}
	zds_table_free(&t);
	return (rv);
}

/* Clone the dataset tree from into to through a fresh snapshot. */
int
ops_clone_tree(struct ioc_ctx *ctx, const char *from, const char *to,
    const char *prefix, char **snapp, struct ioc_err *err)
{
	static const char *const props[] = {"canmount", "mounted", NULL};
	struct zds_table t;
	const char *at;
	char *snap = NULL, *target = NULL, *src = NULL, *cm = NULL;
	size_t r, flen = strlen(from);
	int made = 0, rv = -1;

	*snapp = NULL;
	if (zds_list(ctx, from, props, -1, ZDS_RECURSIVE, &t, err) != 0)
		return (-1);
	if ((snap = snapshot_fresh(ctx, from, prefix, err)) == NULL)
		goto out;
	at = strchr(snap, '@');
	/* zfs list -r prints parents before their children. */
	for (r = 0; r < t.nrows; r++) {
		const char *ds = zds_cell(&t, r, 0);
		const char *cprops[] = {NULL, NULL};
		struct ioc_err ee;

		if (strncmp(ds, from, flen) != 0 ||
		    (ds[flen] != '\0' && ds[flen] != '/'))
			continue;
		free(target);
		free(src);
		free(cm);
		src = target = cm = NULL;
		if ((target = ioc_aprintf(err, "%s%s", to, ds + flen)) ==
			NULL ||
		    (src = ioc_aprintf(err, "%s%s", ds, at)) == NULL ||
		    (cm = ioc_aprintf(
			 err, "canmount=%s", zds_cell(&t, r, 1))) == NULL)
			goto out;
		cprops[0] = cm;
		if (zds_clone(ctx, src, target, cprops, ZDS_PARENTS, err) !=
		    0) {
			/* Made but not mounted: zfs says so and fails. */
			if (!made && zds_exists(ctx, target, &ee) == 1)
				made = 1;
			goto out;
		}
		made = 1;
	}
	if (made && mount_like(ctx, &t, from, to, err) != 0)
		goto out;
	*snapp = snap;
	snap = NULL;
	rv = 0;
out:
	if (rv != 0 && snap != NULL)
		ops_clone_tree_undo(ctx, made ? to : NULL, snap);
	free(snap);
	free(target);
	free(src);
	free(cm);
	zds_table_free(&t);
	return (rv);
}

/* A new host_hostuuid for source-name, or NULL (none: generate at start). */
static int
new_hostuuid(struct ioc_ctx *ctx, struct cfg *c, const char *srcname,
    const char *name, struct ioc_err *err)
{
	const char *v = cfg_get(c, "host_hostuuid");
	char host[64], out[37];

	if (v == NULL || val_is_none(v))
		return (0);
	if (compat_host_uuid(host, sizeof(host)) == 0 &&
	    jparams_hostuuid(host, srcname, name, out) == 0)
		return (cfg_set(c, "host_hostuuid", out, err));
	ioc_log(ctx, IOC_LOG_NOTICE,
	    "the host has no uuid: host_hostuuid of '%s' is generated at "
	    "start",
	    name);
	(void)cfg_del(c, "host_hostuuid");
	return (0);
}

/* Write the config of a clone. */
int
ops_clone_config(struct ioc_ctx *ctx, const char *src_mp, const char *src_ds,
    const char *dst_mp, const char *dst_ds, const char *name,
    const char *hostuuid_src, struct ioc_err *err)
{
	struct cfgstore st;
	int rv = -1;

	/* The clone carries the file formats; ZFS properties stay behind. */
	if (cfgstore_load(ctx, CFG_JAIL, src_mp, src_ds, &st, err) != 0)
		return (-1);
	if (st.fmt == CFG_ZFS) {
		free(st.dir);
		free(st.dataset);
		st.dataset = NULL;
		if ((st.dir = ioc_strdup(dst_mp, err)) == NULL ||
		    (st.dataset = ioc_strdup(dst_ds, err)) == NULL)
			goto out;
		/* None of them is set on the clone: nothing to inherit. */
		cfg_clear(&st.orig);
	} else {
		cfgstore_free(&st);
		if (cfgstore_load(ctx, CFG_JAIL, dst_mp, dst_ds, &st, err) != 0)
			return (-1);
	}
	if (cfg_set(&st.cur, "id", name, err) != 0)
		goto out;
	if (hostuuid_src != NULL &&
	    new_hostuuid(ctx, &st.cur, hostuuid_src, name, err) != 0)
		goto out;
	if (st.fmt != CFG_JSON)
		rv = cfgstore_convert_json(ctx, &st, err);
	else
		rv = cfgstore_save(ctx, &st, err);
out:
	cfgstore_free(&st);
	return (rv);
}

/* Rewrite the fstab paths below from to to. */
int
ops_fstab_rewrite(const char *mp, const char *from, const char *to, char **orig,
    size_t *origlen, struct ioc_err *err)
{
	struct fstab f = {0};
	struct stat sb;
	char *path, *buf = NULL, *out = NULL;
	size_t len = 0, outlen, n = 0;
	int rv = -1;

	if (orig != NULL)
		*orig = NULL;
	if ((path = ioc_aprintf(err, "%s/fstab", mp)) == NULL)
		return (-1);
	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			rv = 0;
		else
			(void)ioc_err_sys(err, 0, "fstab '%s'", path);
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "fstab '%s' is not a regular file", path);
		goto out;
	}
	if ((buf = fsu_read_file(path, FSTAB_MAX, &len, err)) == NULL)
		goto out;
	if (fstab_parse(buf, len, &f, err) != 0 ||
	    fstab_rewrite_prefix(&f, from, to, &n, err) != 0)
		goto out;
	if (n == 0) {
		rv = 0;
		goto out;
	}
	if ((out = fstab_format(&f, &outlen, err)) == NULL)
		goto out;
	if (fsu_write_atomic(path, out, outlen, sb.st_mode & 07777, err) != 0) {
		(void)ioc_err_wrap(err, "fstab");
		goto out;
	}
	if (orig != NULL) {
		*orig = buf;
		*origlen = len;
		buf = NULL;
	}
	rv = 0;
out:
	fstab_free(&f);
	free(path);
	free(buf);
	free(out);
	return (rv);
}

/* Write the old fstab content back. */
void
ops_fstab_restore(
    struct ioc_ctx *ctx, const char *mp, const char *orig, size_t len)
{
	struct ioc_err e;
	char path[4096];

	if (orig == NULL)
		return;
	(void)snprintf(path, sizeof(path), "%s/fstab", mp);
	if (fsu_write_atomic(path, orig, len, 0644, &e) != 0)
		ioc_log(ctx, IOC_LOG_WARN, "undo: could not restore %s: %s",
		    path, e.msg);
}

void
ops_promoted_free(struct ops_promoted *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->origins[i]);
	free(p->origins);
	p->origins = NULL;
	p->n = 0;
}

/* Promote back, latest first. */
void
ops_promote_undo(struct ioc_ctx *ctx, struct ops_promoted *p)
{
	struct ioc_err e;
	size_t i = p->n;

	while (i-- > 0)
		if (zds_promote(ctx, p->origins[i], &e) != 0)
			ioc_log(ctx, IOC_LOG_WARN,
			    "undo: could not promote %s back: %s",
			    p->origins[i], e.msg);
}

/* Is the snapshot origin a release's (<root>/releases/...)? */
static int
is_release_origin(const struct srclist *srcs, const char *origin)
{
	size_t i, len;

	for (i = 0; i < srcs->n; i++) {
		len = strlen(srcs->v[i].dataset);
		if (strncmp(origin, srcs->v[i].dataset, len) == 0 &&
		    strncmp(origin + len, "/releases/", 10) == 0)
			return (1);
	}
	return (0);
}

struct clone_row {
	const char *ds;
	const char *origin;
};

static int
cmp_row_desc(const void *a, const void *b)
{
	return (strcmp(((const struct clone_row *)b)->ds,
	    ((const struct clone_row *)a)->ds));
}

/* Promote the clones at and below ds, deepest first. */
int
ops_promote_tree(struct ioc_ctx *ctx, const char *ds, struct ops_promoted *p,
    struct ioc_err *err)
{
	static const char *const props[] = {"origin", NULL};
	const struct srclist *srcs;
	struct zds_table t;
	struct clone_row *rows = NULL;
	size_t r, n = 0;
	int rv = -1;

	(void)memset(p, 0, sizeof(*p));
	if ((srcs = src_get(ctx, err)) == NULL)
		return (-1);
	if (zds_list(ctx, ds, props, -1, ZDS_RECURSIVE, &t, err) != 0)
		return (-1);
	if ((rows = calloc(t.nrows + 1, sizeof(*rows))) == NULL ||
	    (p->origins = calloc(t.nrows + 1, sizeof(*p->origins))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (r = 0; r < t.nrows; r++) {
		const char *o = zds_cell(&t, r, 1);

		if (strchr(o, '@') == NULL || is_release_origin(srcs, o))
			continue;
		rows[n].ds = zds_cell(&t, r, 0);
		rows[n++].origin = o;
	}
	qsort(rows, n, sizeof(*rows), cmp_row_desc);
	for (r = 0; r < n; r++) {
		/* Promoted, the former origin is what promotes it back. */
		int olen = (int)strcspn(rows[r].origin, "@");

		if ((p->origins[p->n] = ioc_aprintf(
			 err, "%.*s", olen, rows[r].origin)) == NULL) {
			ops_promote_undo(ctx, p);
			goto out;
		}
		if (zds_promote(ctx, rows[r].ds, err) != 0) {
			free(p->origins[p->n]);
			p->origins[p->n] = NULL;
			ops_promote_undo(ctx, p);
			goto out;
		}
		p->n++;
	}
	rv = 0;
out:
	if (rv != 0)
		ops_promoted_free(p);
	free(rows);
	zds_table_free(&t);
	return (rv);
}

/* The mountpoint of a dataset when it is a path, as a new string. */
static char *
mountpoint_of(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err)
{
	char *mp = zds_get_value(ctx, ds, "mountpoint", err);

	if (mp != NULL && mp[0] != '/') {
		(void)ioc_err_set(err, IOC_EIO, 0,
		    "the dataset '%s' has no mountpoint ('%s')", ds, mp);
		free(mp);
		mp = NULL;
	}
	return (mp);
}

/* Rename a stopped jail. */
int
ioc_jail_rename(struct ioc_ctx *ctx, const char *selector, const char *newname,
    struct ioc_err *err)
{
	struct ioc_jail *j;
	const struct jent *e;
	struct fsu_lock la = {-1}, lb = {-1};
	struct cfgstore st;
	char *newds = NULL, *newmp = NULL, *forig = NULL;
	size_t foriglen = 0;
	int renamed = 0, loaded = 0, rv = -1;

	if (ioc_name_check(newname, err) != 0)
		return (-1);
	if ((j = ioc_jail_open(ctx, selector, err)) == NULL)
		return (-1);
	e = &j->ent;
	if (fsu_lock2(ctx->rundir, e->src->name, e->name, newname, &la, &lb,
		err) != 0) {
		(void)ioc_err_wrap(err, "Jail '%s'", ops_jname(e));
		goto out;
	}
	if (ops_stopped(ctx, e, err) != 0 ||
	    ops_name_free(ctx, e->src, newname, NULL, err) != 0)
		goto out;
	if ((newds = ioc_aprintf(
		 err, "%s/jails/%s", e->src->dataset, newname)) == NULL)
		goto out;
	/* Children and snapshots follow; origins (root@pN) stay as they are. */
	if (zds_rename(ctx, e->dataset, newds, 0, err) != 0)
		goto out;
	renamed = 1;
	if (e->mountpoint != NULL) {
		if ((newmp = mountpoint_of(ctx, newds, err)) == NULL ||
		    ops_fstab_rewrite(newmp, e->mountpoint, newmp, &forig,
			&foriglen, err) != 0)
			goto undo;
		if (cfgstore_load(ctx, CFG_JAIL, newmp, newds, &st, err) != 0)
			goto undo;
		loaded = 1;
		/* config.json names its jail; UCL and ZFS keep their tag. */
		if (st.fmt == CFG_JSON && cfg_get(&st.cur, "id") != NULL &&
		    (cfg_set(&st.cur, "id", newname, err) != 0 ||
			cfgstore_save(ctx, &st, err) != 0))
			goto undo;
	}
	rv = 0;
	goto out;
undo:
	(void)ioc_err_wrap(err, "Jail '%s'", ops_jname(e));
	if (forig != NULL)
		ops_fstab_restore(ctx, newmp, forig, foriglen);
	if (renamed) {
		struct ioc_err ue;

		if (zds_rename(ctx, newds, e->dataset, 0, &ue) != 0)
			ioc_log(ctx, IOC_LOG_WARN,
			    "undo: could not rename %s back to %s: %s", newds,
			    e->dataset, ue.msg);
	}
out:
	if (loaded)
		cfgstore_free(&st);
	free(forig);
	free(newds);
	free(newmp);
	fsu_unlock(&la);
	fsu_unlock(&lb);
	ioc_jail_free(j);
	return (rv);
}

/* Split "[source/]name" of a clone destination; name points into dest. */
static int
dest_parse(const struct jent *e, const char *dest, const char **name,
    struct ioc_err *err)
{
	const char *slash = strchr(dest, '/');

	*name = dest;
	if (slash != NULL) {
		if ((size_t)(slash - dest) != strlen(e->src->name) ||
		    strncmp(dest, e->src->name, (size_t)(slash - dest)) != 0)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "Cannot clone '%s' to '%s': a clone stays in the "
			    "source of its origin ('%s')",
			    ops_jname(e), dest, e->src->name));
		*name = slash + 1;
	}
	return (ioc_name_check(*name, err));
}

/* Clone a jail. */
int
ioc_jail_clone(struct ioc_ctx *ctx, const char *selector, const char *dest,
    struct ioc_err *err)
{
	struct ioc_jail *j;
	const struct jent *e;
	struct fsu_lock la = {-1}, lb = {-1};
	const char *name;
	char *dstds = NULL, *dstmp = NULL, *snap = NULL;
	int rv = -1;

	if ((j = ioc_jail_open(ctx, selector, err)) == NULL)
		return (-1);
	e = &j->ent;
	if (dest_parse(e, dest, &name, err) != 0)
		goto out;
	if (e->mountpoint == NULL) {
		(void)ioc_err_set(err, IOC_EIO, 0,
		    "The dataset '%s' of jail '%s' is not mounted", e->dataset,
		    ops_jname(e));
		goto out;
	}
	if (fsu_lock2(
		ctx->rundir, e->src->name, e->name, name, &la, &lb, err) != 0) {
		(void)ioc_err_wrap(err, "Jail '%s'", ops_jname(e));
		goto out;
	}
	if (ops_name_free(ctx, e->src, name, NULL, err) != 0)
		goto out;
	if ((dstds = ioc_aprintf(err, "%s/jails/%s", e->src->dataset, name)) ==
	    NULL)
		goto out;
	if (ops_clone_tree(
		ctx, e->dataset, dstds, OPS_CLONE_PREFIX, &snap, err) != 0)
		goto fail;
	/* The snapshot stays: the clones depend on it (their origin). */
	if ((dstmp = mountpoint_of(ctx, dstds, err)) == NULL ||
	    ops_clone_config(ctx, e->mountpoint, e->dataset, dstmp, dstds, name,
		e->src->name, err) != 0 ||
	    ops_fstab_rewrite(dstmp, e->mountpoint, dstmp, NULL, NULL, err) !=
		0) {
		ops_clone_tree_undo(ctx, dstds, snap);
		goto fail;
	}
	rv = 0;
	goto out;
fail:
	(void)ioc_err_wrap(
	    err, "Cannot clone '%s' to '%s'", ops_jname(e), name);
out:
	free(dstds);
	free(dstmp);
	free(snap);
	fsu_unlock(&la);
	fsu_unlock(&lb);
	ioc_jail_free(j);
	return (rv);
}

/* Promote the cloned datasets of a stopped jail. */
int
ioc_jail_promote(struct ioc_ctx *ctx, const char *selector, struct ioc_err *err)
{
	struct ioc_jail *j;
	const struct jent *e;
	struct ops_promoted p = {0};
	struct fsu_lock lk = {-1};
	int rv = -1;

	if ((j = ioc_jail_open(ctx, selector, err)) == NULL)
		return (-1);
	e = &j->ent;
	if (fsu_lock(ctx->rundir, e->src->name, e->name, &lk, err) != 0) {
		(void)ioc_err_wrap(err, "Jail '%s'", ops_jname(e));
		goto out;
	}
	if (ops_stopped(ctx, e, err) != 0)
		goto out;
	if (ops_promote_tree(ctx, e->dataset, &p, err) != 0) {
		(void)ioc_err_wrap(err, "Cannot promote '%s'", ops_jname(e));
		goto out;
	}
	if (p.n == 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "Jail '%s' is not a clone: nothing to promote",
		    ops_jname(e));
		goto out;
	}
	rv = 0;
out:
	ops_promoted_free(&p);
	fsu_unlock(&lk);
	ioc_jail_free(j);
	return (rv);
}

/*
 * Split "[source/]jail@name" into the jail selector (into sel) and the
 * snapshot name (pointing into ident).
 */
static int
snap_ident(const char *ident, char *sel, size_t size, const char **name,
    struct ioc_err *err)
{
	const char *at = strchr(ident, '@');

	if (at == NULL || at == ident || at[1] == '\0' ||
	    (size_t)(at - ident) >= size)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid snapshot identifier syntax: %s(should be "
		    "<jail>@<snapshot>)",
		    ident));
	(void)memcpy(sel, ident, (size_t)(at - ident));
	sel[at - ident] = '\0';
	*name = at + 1;
	if (!names_snapshot_ok(*name) || strchr(*name, '@') != NULL)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "Invalid snapshot name '%s'", *name));
	return (0);
}

/* Open and lock the jail of a snapshot identifier. */
static struct ioc_jail *
snap_open(struct ioc_ctx *ctx, const char *ident, int stopped,
    const char **name, struct fsu_lock *lk, struct ioc_err *err)
{
	struct ioc_jail *j;
	char sel[512];

	lk->fd = -1;
	if (snap_ident(ident, sel, sizeof(sel), name, err) != 0)
		return (NULL);
	if ((j = ioc_jail_open(ctx, sel, err)) == NULL)
		return (NULL);
	if (fsu_lock(ctx->rundir, j->ent.src->name, j->ent.name, lk, err) !=
	    0) {
		(void)ioc_err_wrap(err, "Jail '%s'", ops_jname(&j->ent));
		goto fail;
	}
	if (stopped && ops_stopped(ctx, &j->ent, err) != 0)
		goto fail;
	return (j);
fail:
	fsu_unlock(lk);
	ioc_jail_free(j);
	return (NULL);
}

/* The snapshots of a jail's top dataset. */
int
ioc_snapshot_list(struct ioc_ctx *ctx, const char *selector, ioc_snap_fn fn,
    void *arg, struct ioc_err *err)
{
	struct ioc_jail *j;
	struct zds_table t;
	size_t r, len;
	int rv = -1;

	if ((j = ioc_jail_open(ctx, selector, err)) == NULL)
		return (-1);
	len = strlen(j->ent.dataset);
	if (zds_list(ctx, j->ent.dataset, NULL, 1, ZDS_SNAPSHOTS, &t, err) != 0)
		goto out;
	for (r = 0; r < t.nrows; r++) {
		const char *s = zds_cell(&t, r, 0);

		if (strncmp(s, j->ent.dataset, len) != 0 || s[len] != '@')
			continue;
		if (strncmp(s + len + 1, "ioc-", 4) == 0)
			continue;
		if (fn(arg, s + len + 1) != 0)
			break;
	}
	zds_table_free(&t);
	rv = 0;
out:
	ioc_jail_free(j);
	return (rv);
}

/* Take a recursive snapshot of a jail. */
int
ioc_snapshot_create(struct ioc_ctx *ctx, const char *ident, struct ioc_err *err)
{
	struct ioc_jail *j;
	struct fsu_lock lk;
	const char *name = "";
	char *snap = NULL;
	int rv = -1;

	if ((j = snap_open(ctx, ident, 0, &name, &lk, err)) == NULL)
		return (-1);
	if (strncmp(name, "ioc-", 4) == 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid snapshot name '%s': names starting with 'ioc-' "
		    "are reserved for ioc",
		    name);
		goto out;
	}
	if ((snap = ioc_aprintf(err, "%s@%s", j->ent.dataset, name)) == NULL)
		goto out;
	if (zds_snapshot(ctx, snap, ZDS_RECURSIVE, err) != 0) {
		if (err->code == IOC_EEXIST)
			(void)ioc_err_set(err, IOC_EEXIST, 0,
			    "Snapshot '%s' already exists", ident);
		goto out;
	}
	rv = 0;
out:
	free(snap);
	fsu_unlock(&lk);
	ioc_jail_free(j);
	return (rv);
}

/*
 * Check that every dataset of the tree has @name and (without force) that
 * no newer snapshot would be destroyed; rows come from "zfs list -r -t
 * all", which prints each dataset's snapshots in creation order after it.
 * Fills dsv with the datasets, parents first.
 */
static int
rollback_plan(const struct zds_table *t, const char *name, int force,
    const char **dsv, size_t *ndsv, struct ioc_err *err)
{
	size_t r, k;

	*ndsv = 0;
	for (r = 0; r < t->nrows; r++) {
		const char *ds = zds_cell(t, r, 0), *newer = NULL;
		size_t dlen = strlen(ds);
		int found = 0;

		if (strchr(ds, '@') != NULL)
			continue;
		for (k = 0; k < t->nrows; k++) {
			const char *s = zds_cell(t, k, 0);

			if (strncmp(s, ds, dlen) != 0 || s[dlen] != '@')
				continue;
			if (strcmp(s + dlen + 1, name) == 0)
				found = 1;
			else if (found && newer == NULL)
				newer = s + dlen + 1;
		}
		if (!found)
			return (ioc_err_set(err, IOC_ENOENT, 0,
			    "Snapshot not found: %s@%s", ds, name));
		if (newer != NULL && !force)
			return (ioc_err_set(err, IOC_EEXIST, 0,
			    "Snapshot '%s' of '%s' is newer than '%s': a "
			    "rollback destroys it (use -f)",
			    newer, ds, name));
		dsv[(*ndsv)++] = ds;
	}
	return (0);
}

/* Roll every dataset of a stopped jail back to its own @name. */
int
ioc_snapshot_rollback(
    struct ioc_ctx *ctx, const char *ident, int force, struct ioc_err *err)
{
	struct ioc_jail *j;
	struct fsu_lock lk;
	struct zds_table t = {0};
	const char *name = "", **dsv = NULL;
	size_t i, n = 0;
	char snap[512];
	int rv = -1;

	if ((j = snap_open(ctx, ident, 1, &name, &lk, err)) == NULL)
		return (-1);
	if (zds_list(ctx, j->ent.dataset, NULL, -1,
		ZDS_RECURSIVE | ZDS_SNAPSHOTS, &t, err) != 0)
		goto out;
	if ((dsv = calloc(t.nrows + 1, sizeof(*dsv))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	if (rollback_plan(&t, name, force, dsv, &n, err) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		(void)snprintf(snap, sizeof(snap), "%s@%s", dsv[i], name);
		if (zds_rollback(ctx, snap, ZDS_RECURSIVE, err) != 0) {
			if (i > 0)
				(void)ioc_err_wrap(err,
				    "%zu of %zu datasets were rolled back", i,
				    n);
			goto out;
		}
	}
	rv = 0;
out:
	free(dsv);
	zds_table_free(&t);
	fsu_unlock(&lk);
	ioc_jail_free(j);
	return (rv);
}

/* Destroy the recursive snapshot of a stopped jail. */
int
ioc_snapshot_remove(struct ioc_ctx *ctx, const char *ident, struct ioc_err *err)
{
	struct ioc_jail *j;
	struct fsu_lock lk;
	const char *name = "";
	char *snap = NULL;
	int rv = -1, ex;

	if ((j = snap_open(ctx, ident, 1, &name, &lk, err)) == NULL)
		return (-1);
	if ((snap = ioc_aprintf(err, "%s@%s", j->ent.dataset, name)) == NULL)
		goto out;
	if ((ex = zds_exists(ctx, snap, err)) < 0)
		goto out;
	if (!ex) {
		(void)ioc_err_set(
		    err, IOC_ENOENT, 0, "Snapshot not found: %s", snap);
		goto out;
	}
	if (zds_destroy(ctx, snap, ZDS_RECURSIVE, err) != 0)
		goto out;
	rv = 0;
out:
	free(snap);
	fsu_unlock(&lk);
	ioc_jail_free(j);
	return (rv);
}
