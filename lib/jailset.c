/*
 * jailset.c - "set": validate every assignment, then change each selected
 * jail (or the host defaults) under its lock, in its own config format.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfgstore.h"
#include "filter.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "props.h"
#include "propspec.h"
#include "value.h"

struct assign {
	char *key;
	char *value; /* stored form; NULL: unset the key (inherit again) */
	int none;    /* set to none explicitly */
};

struct setreq {
	struct assign *v;
	size_t n;
	int to_json; /* config_type=json */
};

static void
setreq_free(struct setreq *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].key);
		free(r->v[i].value);
	}
	free(r->v);
	(void)memset(r, 0, sizeof(*r));
}

static int
is_mac_key(const char *key)
{
	size_t len = strlen(key);

	return (len > 4 && strcmp(key + len - 4, "_mac") == 0);
}

/* Parse and validate every assignment before anything is touched. */
static int
setreq_parse(
    const char *const *in, size_t n, struct setreq *r, struct ioc_err *err)
{
	size_t i, pass;

	(void)memset(r, 0, sizeof(*r));
	if (n == 0)
		return (ioc_err_set(err, IOC_EINVAL, 0, "no property to set"));
	if ((r->v = calloc(n, sizeof(*r->v))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	/* Two passes: <nic>_mac keys after all others (spec §2.2 set). */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const char *eq = strchr(in[i], '=');
			struct assign *a;
			char *key;

			if (eq == in[i])
				goto invalid;
			key = eq != NULL
			    ? ioc_aprintf(err, "%.*s", (int)(eq - in[i]), in[i])
			    : ioc_strdup(in[i], err);
			if (key == NULL)
				goto fail;
			if (is_mac_key(key) != (pass == 1)) {
				free(key);
				continue;
			}
			if (strcmp(key, "config_type") == 0) {
				free(key);
				if (eq == NULL ||
				    strcasecmp(eq + 1, "json") != 0) {
					(void)ioc_err_set(err, IOC_EINVAL, 0,
					    "Invalid value for property "
					    "'config_type': only json can be "
					    "set (a legacy jail is converted "
					    "to config.json)");
					goto fail;
				}
				r->to_json = 1;
				continue;
			}
			a = &r->v[r->n++];
			a->key = key;
			if (eq == NULL) {
				/* Bare KEY: unset; the key must be known. */
				if (prop_normalize(
					key, "none", &a->value, err) != 0)
					goto fail;
				free(a->value);
				a->value = NULL;
				continue;
			}
			if (prop_normalize(key, eq + 1, &a->value, err) != 0)
				goto fail;
			a->none = a->value == NULL;
		}
	}
	return (0);
invalid:
	(void)ioc_err_set(err, IOC_EINVAL, 0, "Invalid property '%s'", in[i]);
fail:
	setreq_free(r);
	return (-1);
}

/* The nic of every <nic>_mac being set must be in the interfaces. */
static int
check_macs(const struct cfg *c, const struct cfg *defs, const struct setreq *r,
    struct ioc_err *err)
{
	struct spec_nicpair *pairs = NULL;
	size_t i, k, npairs = 0;
	const char *ifs;
	int rv = 0;

	ifs = prop_effective("interfaces", c, defs);
	if (ifs != NULL && !val_is_none(ifs) &&
	    spec_parse_interfaces(ifs, &pairs, &npairs, err) != 0)
		return (-1);
	for (i = 0; i < r->n && rv == 0; i++) {
		size_t len = strlen(r->v[i].key);
		int hit = 0;

		if (!is_mac_key(r->v[i].key) || r->v[i].value == NULL)
			continue;
		for (k = 0; k < npairs && !hit; k++)
			hit = strlen(pairs[k].nic) == len - 4 &&
			    strncmp(pairs[k].nic, r->v[i].key, len - 4) == 0;
		if (!hit)
			rv = ioc_err_set(err, IOC_EINVAL, 0,
			    "Invalid value for property '%s': the interface "
			    "'%.*s' is not in interfaces",
			    r->v[i].key, (int)(len - 4), r->v[i].key);
	}
	free(pairs);
	return (rv);
}

/* tag/tags and type follow the rules of spec §6.2. */
static int
apply_one(struct cfg *c, const struct assign *a, struct ioc_err *err)
{
	const char *v = a->none ? "none" : a->value;

	if (a->value == NULL && !a->none) {
		(void)cfg_del(c, a->key);
		return (0);
	}
	if (strcmp(a->key, "tags") == 0)
		(void)cfg_del(c, "tag");
	if (strcmp(a->key, "tag") == 0 && cfg_get(c, "tags") != NULL &&
	    !a->none) {
		char **items = NULL, *joined;
		size_t n = 0, i;
		int rv;

		if (val_list_split(cfg_get(c, "tags"), ',', &items, &n, err) !=
		    0)
			return (-1);
		/* Move (or add) the tag to the front of tags. */
		for (i = 0; i < n; i++) {
			if (strcmp(items[i], v) == 0) {
				char *t = items[i];

				(void)memmove(
				    &items[1], &items[0], i * sizeof(*items));
				items[0] = t;
				break;
			}
		}
		if (i == n) {
			char **ni = realloc(items, (n + 2) * sizeof(*ni));

			if (ni == NULL) {
				val_list_free(items);
				return (ioc_err_set(
				    err, IOC_ENOMEM, ENOMEM, "out of memory"));
			}
			items = ni;
			(void)memmove(
			    &items[1], &items[0], (n + 1) * sizeof(*items));
			if ((items[0] = ioc_strdup(v, err)) == NULL) {
				(void)memmove(&items[0], &items[1],
				    (n + 1) * sizeof(*items));
				val_list_free(items);
				return (-1);
			}
			n++;
		}
		joined = val_list_join(items, n, ',', err);
		val_list_free(items);
		if (joined == NULL)
			return (-1);
		rv = cfg_set(c, "tags", joined, err);
		free(joined);
		return (rv);
	}
	if (strcmp(a->key, "type") == 0 && !a->none) {
		int base = strcmp(v, "basejail") == 0;
		int clone = strcmp(v, "clonejail") == 0;

		if ((base || clone) &&
		    (cfg_set(c, "basejail", base ? "yes" : "no", err) != 0 ||
			cfg_set(c, "clonejail", clone ? "yes" : "no", err) !=
			    0))
			return (-1);
	}
	if (strcmp(a->key, "cloned_release") == 0 && !a->none &&
	    cfg_set(c, "release", v, err) != 0)
		return (-1);
	return (cfg_set(c, a->key, v, err));
}

/*
 * Does the key already hold this value, maybe in another spelling (a
 * legacy "on" for "yes", "1" for yes in a python-iocage file)?
 */
static int
same_value(const struct cfg *c, const struct assign *a)
{
	const char *old = cfg_get(c, a->key);
	char *norm = NULL;
	int same;

	if (old == NULL || a->value == NULL)
		return (0);
	if (strcmp(old, a->value) == 0)
		return (1);
	if (prop_normalize(a->key, old, &norm, NULL) != 0 || norm == NULL)
		return (0);
	same = strcmp(norm, a->value) == 0;
	free(norm);
	return (same);
}

/* Apply a request to one store and save it; fills the changed keys. */
static int
apply_save(struct ioc_ctx *ctx, struct cfgstore *st, const struct cfg *defs,
    const struct setreq *r, const char ***changed, size_t *nchanged,
    struct ioc_err *err)
{
	struct cfg before;
	size_t i;
	int rv = -1;

	*changed = NULL;
	*nchanged = 0;
	cfg_init(&before);
	if (cfg_copy(&before, &st->cur, err) != 0)
		return (-1);
	for (i = 0; i < r->n; i++) {
		if (same_value(&st->cur, &r->v[i]))
			continue;
		if (apply_one(&st->cur, &r->v[i], err) != 0)
			goto out;
	}
	if (check_macs(&st->cur, defs, r, err) != 0)
		goto out;
	if ((*changed = calloc(r->n + 2, sizeof(**changed))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < r->n; i++) {
		const char *a = cfg_get(&before, r->v[i].key);
		const char *b = cfg_get(&st->cur, r->v[i].key);
		size_t k;

		if ((a == NULL) == (b == NULL) &&
		    (a == NULL || strcmp(a, b) == 0))
			continue;
		for (k = 0; k < *nchanged; k++)
			if (strcmp((*changed)[k], r->v[i].key) == 0)
				break;
		if (k == *nchanged)
			(*changed)[(*nchanged)++] = r->v[i].key;
	}
	if (cfgstore_save(ctx, st, err) != 0)
		goto out;
	if (r->to_json && st->fmt != CFG_JSON) {
		if (cfgstore_convert_json(ctx, st, err) != 0)
			goto out;
		(*changed)[(*nchanged)++] = "config_type";
	}
	rv = 0;
out:
	if (rv != 0) {
		free(*changed);
		*changed = NULL;
		*nchanged = 0;
		/* Nothing was written: keep the store as it was loaded. */
		(void)cfg_copy(&st->cur, &before, NULL);
	}
	cfg_clear(&before);
	return (rv);
}

static int
set_defaults(struct ioc_ctx *ctx, const struct setreq *r, ioc_set_fn fn,
    void *arg, struct ioc_err *err)
{
	const struct srclist *srcs;
	struct ioc_jail *d;
	struct fsu_lock lk;
	const char **changed = NULL;
	size_t n = 0;
	int rv = -1;

	if ((srcs = src_get(ctx, err)) == NULL)
		return (-1);
	if (fsu_lock(ctx->rundir, srcs->v[0].name, ".defaults", &lk, err) != 0)
		return (ioc_err_wrap(err, "defaults"));
	if ((d = ioc_defaults_open(ctx, err)) == NULL)
		goto out;
	if (apply_save(ctx, &d->cfg, NULL, r, &changed, &n, err) != 0) {
		(void)ioc_err_wrap(err, "defaults");
		goto out;
	}
	if (fn != NULL)
		fn(arg, NULL, changed, n);
	rv = 0;
out:
	free(changed);
	ioc_jail_free(d);
	fsu_unlock(&lk);
	return (rv);
}

static int
set_one(struct ioc_ctx *ctx, const struct jent *e, const struct setreq *r,
    ioc_set_fn fn, void *arg, struct ioc_err *err)
{
	const char *name = e->human != NULL ? e->human : e->name;
	const struct cfgstore *defs;
	struct cfgstore st;
	struct fsu_lock lk;
	const char **changed = NULL;
	size_t n = 0;
	int rv = -1;

	if (fsu_lock(ctx->rundir, e->src->name, e->name, &lk, err) != 0)
		return (ioc_err_wrap(err, "Jail '%s'", name));
	if ((defs = jail_defaults(ctx, err)) == NULL)
		goto unlock;
	if (cfgstore_load(ctx, CFG_JAIL, e->mountpoint, e->dataset, &st, err) !=
	    0) {
		(void)ioc_err_wrap(err, "Jail '%s'", name);
		goto unlock;
	}
	if (e->mountpoint == NULL && (!st.exists || st.fmt != CFG_ZFS)) {
		(void)ioc_err_set(err, IOC_EIO, 0,
		    "The dataset '%s' of jail '%s' is not mounted", e->dataset,
		    name);
		goto out;
	}
	if (apply_save(ctx, &st, &defs->cur, r, &changed, &n, err) != 0) {
		(void)ioc_err_wrap(err, "Jail '%s'", name);
		goto out;
	}
	if (fn != NULL)
		fn(arg, name, changed, n);
	rv = 0;
out:
	free(changed);
	cfgstore_free(&st);
unlock:
	fsu_unlock(&lk);
	return (rv);
}

/* Set or unset properties on jails or the host defaults. */
int
ioc_set(struct ioc_ctx *ctx, const char *target, const char *const *assignments,
    size_t n, ioc_set_fn fn, void *arg, struct ioc_err *err)
{
	struct setreq r;
	struct filter f;
	struct jentlist l;
	size_t i, hits = 0;
	int rv = -1;

	if (setreq_parse(assignments, n, &r, err) != 0)
		return (-1);
	if (strcmp(target, "defaults") == 0) {
		rv = set_defaults(ctx, &r, fn, arg, err);
		setreq_free(&r);
		return (rv);
	}
	if (filter_parse(&target, 1, &f, err) != 0) {
		setreq_free(&r);
		return (-1);
	}
	for (i = 0; i < f.n; i++) {
		if (f.t[i].key != NULL) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "set selects jails by name, not by '%s='",
			    f.t[i].key);
			goto out;
		}
	}
	if (jail_list(ctx, filter_source(&f), &l, err) != 0)
		goto out;
	for (i = 0; i < l.n; i++) {
		if (!filter_match_name(
			&f, l.v[i].src->name, l.v[i].name, l.v[i].human))
			continue;
		hits++;
		if (set_one(ctx, &l.v[i], &r, fn, arg, err) != 0)
			goto list_out;
	}
	if (hits == 0) {
		(void)ioc_err_set(err, IOC_ENOENT, 0, "No jails to update");
		goto list_out;
	}
	rv = 0;
list_out:
	jail_list_free(&l);
out:
	filter_free(&f);
	setreq_free(&r);
	return (rv);
}
