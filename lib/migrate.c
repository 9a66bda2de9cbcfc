/*
 * migrate.c - turn legacy jails (UCL "config" file, org.freebsd.iocage:*
 * ZFS properties, UUID names with a tag) into named config.json jails:
 * clone, convert the config, promote, destroy the old jail (spec §8.5).
 *
 * The destroy is the last step, so that everything before it can be
 * undone: a legacy jail whose final name is its own dataset name first
 * moves aside to "import-<hash>" (renamed back on failure).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgstore.h"
#include "filter.h"
#include "fsu.h"
#include "hash.h"
#include "internal.h"
#include "jail.h"
#include "jailops.h"
#include "names.h"
#include "value.h"
#include "zds.h"

struct mig {
	struct ioc_ctx *ctx;
	const struct jent *e;
	char final[64]; /* the name it ends up with */
	char *aside;	/* dataset the old jail moved to, or NULL */
	char *oldds;	/* the old jail's dataset (maybe aside) */
	char *oldmp;	/* its mountpoint */
	char *newds;	/* <root>/jails/<final> */
	char *newmp;
	char *snap; /* <oldds>@ioc-migrate-... */
	struct ops_promoted prom;
	int cloned, promoted;
};

static void
mig_free(struct mig *m)
{
	free(m->aside);
	free(m->oldds);
	free(m->oldmp);
	free(m->newds);
	free(m->newmp);
	free(m->snap);
	ops_promoted_free(&m->prom);
}

/* Is a loaded jail legacy (worth migrating)? */
static int
is_legacy(const struct jent *e, const struct cfgstore *st)
{
	if (st->fmt != CFG_JSON)
		return (1);
	return (names_is_uuid(e->name) && e->human != NULL);
}

/* "import-<8 hex digits of SHA-1(name)>" into buf. */
static void
aside_name(const char *name, char *buf, size_t size)
{
	unsigned char md[HASH_SHA1_LEN];
	char hex[2 * HASH_SHA1_LEN + 1];

	hash_sha1(name, strlen(name), md);
	hash_hex(md, sizeof(md), hex);
	(void)snprintf(buf, size, "import-%.8s", hex);
}

/* The final name: the tag when valid and free, else the short UUID. */
static int
choose_name(struct mig *m, struct ioc_err *err)
{
	const struct jent *e = m->e;
	struct ioc_err e1;

	if (!names_is_uuid(e->name)) {
		(void)snprintf(m->final, sizeof(m->final), "%s", e->name);
		return (0);
	}
	if (e->human != NULL && ioc_name_check(e->human, &e1) == 0 &&
	    ops_name_free(m->ctx, e->src, e->human, e->dataset, &e1) == 0) {
		(void)snprintf(m->final, sizeof(m->final), "%s", e->human);
		return (0);
	}
	(void)snprintf(m->final, sizeof(m->final), "%.8s", e->name);
	if (ops_name_free(m->ctx, e->src, m->final, e->dataset, err) != 0)
		return (
		    ioc_err_wrap(err, "no free name for the migrated jail"));
	return (0);
}

/* Undo in reverse order. */
static void
mig_undo(struct mig *m)
{
	struct ioc_err e;

	if (m->promoted)
		ops_promote_undo(m->ctx, &m->prom);
	if (m->snap != NULL)
		ops_clone_tree_undo(
		    m->ctx, m->cloned ? m->newds : NULL, m->snap);
	if (m->aside != NULL &&
	    zds_rename(m->ctx, m->aside, m->e->dataset, 0, &e) != 0)
		ioc_log(m->ctx, IOC_LOG_WARN,
		    "undo: could not rename %s back to %s: %s", m->aside,
		    m->e->dataset, e.msg);
}

static char *
mp_of(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err)
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

/* The steps of one migration; on failure mig_undo() reverts them. */
static int
mig_run(struct mig *m, struct ioc_err *err)
{
	struct ioc_ctx *ctx = m->ctx;
	const struct jent *e = m->e;
	struct ioc_err ce;
	char aside[64], *snapds;

	if ((m->newds = ioc_aprintf(
		 err, "%s/jails/%s", e->src->dataset, m->final)) == NULL)
		return (-1);
	if (strcmp(m->final, e->name) == 0) {
		aside_name(e->name, aside, sizeof(aside));
		if (ops_name_free(ctx, e->src, aside, NULL, err) != 0 ||
		    (m->oldds = ioc_aprintf(
			 err, "%s/jails/%s", e->src->dataset, aside)) == NULL)
			return (-1);
		if (zds_rename(ctx, e->dataset, m->oldds, 0, err) != 0)
			return (-1);
		if ((m->aside = ioc_strdup(m->oldds, err)) == NULL ||
		    (m->oldmp = mp_of(ctx, m->oldds, err)) == NULL)
			return (-1);
	} else if ((m->oldds = ioc_strdup(e->dataset, err)) == NULL ||
	    (m->oldmp = ioc_strdup(e->mountpoint, err)) == NULL) {
		return (-1);
	}
	if (ops_clone_tree(ctx, m->oldds, m->newds, OPS_MIGRATE_PREFIX,
		&m->snap, err) != 0)
		return (-1);
	m->cloned = 1;
	if ((m->newmp = mp_of(ctx, m->newds, err)) == NULL ||
	    ops_clone_config(ctx, m->oldmp, m->oldds, m->newmp, m->newds,
		m->final, NULL, err) != 0 ||
	    ops_fstab_rewrite(
		m->newmp, e->mountpoint, m->newmp, NULL, NULL, err) != 0)
		return (-1);
	if (ops_promote_tree(ctx, m->newds, &m->prom, err) != 0)
		return (-1);
	m->promoted = 1;
	/* The last step: nothing after it can fail the migration. */
	if (zds_destroy(ctx, m->oldds, ZDS_RECURSIVE, err) != 0)
		return (-1);
	/* The snapshot moved to the new jail with the promotion. */
	snapds = ioc_aprintf(&ce, "%s%s", m->newds, strchr(m->snap, '@'));
	if (snapds == NULL || zds_destroy(ctx, snapds, ZDS_RECURSIVE, &ce) != 0)
		ioc_log(ctx, IOC_LOG_WARN, "could not destroy %s: %s",
		    snapds != NULL ? snapds : m->snap, ce.msg);
	free(snapds);
	return (0);
}

/* Migrate one stopped legacy jail. */
static int
migrate_one(struct ioc_ctx *ctx, const struct jent *e, char *final, size_t size,
    struct ioc_err *err)
{
	struct mig m;
	struct fsu_lock la = {-1}, lb = {-1};
	int rv = -1;

	(void)memset(&m, 0, sizeof(m));
	m.ctx = ctx;
	m.e = e;
	if (e->mountpoint == NULL)
		return (ioc_err_set(err, IOC_EIO, 0,
		    "The dataset '%s' of jail '%s' is not mounted", e->dataset,
		    ops_jname(e)));
	if (choose_name(&m, err) != 0)
		return (-1);
	if (fsu_lock2(ctx->rundir, e->src->name, e->name, m.final, &la, &lb,
		err) != 0)
		return (-1);
	if (ops_stopped(ctx, e, err) != 0)
		goto out;
	if (mig_run(&m, err) != 0) {
		mig_undo(&m);
		goto out;
	}
	(void)snprintf(final, size, "%s", m.final);
	rv = 0;
out:
	mig_free(&m);
	fsu_unlock(&la);
	fsu_unlock(&lb);
	return (rv);
}

struct lookup {
	struct ioc_jail *j;
	char *last;
};

/* filter_lookup_fn over a jail loaded on the stack. */
static const char *
lookup(void *arg, const char *key)
{
	struct lookup *lk = arg;
	struct ioc_err e;

	free(lk->last);
	lk->last = ioc_jail_get(lk->j, key, &e);
	return (lk->last);
}

/* Migrate the legacy jails the filters select. */
int
ioc_migrate(struct ioc_ctx *ctx, const char *const *filters, size_t n,
    ioc_migrate_fn fn, void *arg, struct ioc_err *err)
{
	const char *const tmpl[] = {"template=no,-"};
	const struct cfgstore *defs;
	struct filter f, ft;
	struct jentlist l = {0};
	struct ioc_err je;
	size_t i;
	int rv = -1, failed = 0;

	if (filter_parse(filters, n, &f, err) != 0)
		return (-1);
	if (filter_parse(tmpl, 1, &ft, err) != 0) {
		filter_free(&f);
		return (-1);
	}
	if ((defs = jail_defaults(ctx, err)) == NULL ||
	    jail_list(ctx, filter_source(&f), &l, err) != 0)
		goto out;
	for (i = 0; i < l.n; i++) {
		const struct jent *e = &l.v[i];
		struct ioc_jail j;
		struct lookup lk = {&j, NULL};
		char final[64];
		int sel, legacy;

		if (!filter_match_name(&f, e->src->name, e->name, e->human))
			continue;
		(void)memset(&j, 0, sizeof(j));
		j.ctx = ctx;
		j.ent = *e; /* borrowed: never freed through j */
		j.defs = &defs->cur;
		if (cfgstore_load(ctx, CFG_JAIL, e->mountpoint, e->dataset,
			&j.cfg, &je) != 0) {
			failed = 1;
			*err = je;
			if (fn != NULL)
				fn(arg, ops_jname(e), NULL, IOC_MIGRATE_FAILED,
				    &je);
			continue;
		}
		sel = filter_match_keys(&f, lookup, &lk) &&
		    filter_match_keys(&ft, lookup, &lk);
		legacy = is_legacy(e, &j.cfg);
		free(lk.last);
		cfgstore_free(&j.cfg);
		if (!sel)
			continue;
		if (!legacy) {
			if (fn != NULL)
				fn(arg, ops_jname(e), NULL, IOC_MIGRATE_SKIPPED,
				    NULL);
			continue;
		}
		if (migrate_one(ctx, e, final, sizeof(final), &je) != 0) {
			failed = 1;
			*err = je;
			if (fn != NULL)
				fn(arg, ops_jname(e), NULL, IOC_MIGRATE_FAILED,
				    &je);
			continue;
		}
		if (fn != NULL)
			fn(arg, ops_jname(e), final, IOC_MIGRATE_DONE, NULL);
	}
	rv = failed ? -1 : 0;
out:
	jail_list_free(&l);
	filter_free(&ft);
	filter_free(&f);
	return (rv);
}
