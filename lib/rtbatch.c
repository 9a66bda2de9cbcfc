/*
 * rtbatch.c - start and stop many jails: selected by filters or by boot
 * and priority (--rc), in priority order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depends.h"
#include "internal.h"
#include "jail.h"
#include "list.h"
#include "platform.h"
#include "runtime.h"
#include "value.h"

/*
 * The jails that filters select (templates excluded), as "source/name"
 * selectors sorted by priority, ascending or descending; through the same
 * listing that "ioc list" uses.
 */
static int
select_jails(struct ioc_ctx *ctx, enum ioc_list_what what,
    const char *const *filters, size_t n, const char *extra, int descending,
    char ***out, size_t *nout, struct ioc_err *err)
{
	struct ioc_list_opts o;
	struct ioc_table *t;
	const char **terms;
	char **v = NULL;
	size_t i, k;
	int rv = -1;

	*out = NULL;
	*nout = 0;
	if ((terms = calloc(n + 2, sizeof(*terms))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < n; i++)
		terms[i] = filters[i];
	if (extra != NULL)
		terms[n++] = extra;
	(void)memset(&o, 0, sizeof(o));
	o.what = what;
	o.columns = "source,id";
	o.sort = "priority";
	o.filters = terms;
	o.nfilters = n;
	t = ioc_list(ctx, &o, err);
	free(terms);
	if (t == NULL)
		return (-1);
	if ((v = calloc(t->nrows + 1, sizeof(*v))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < t->nrows; i++) {
		k = descending ? t->nrows - 1 - i : i;
		if ((v[i] = ioc_aprintf(err, "%s/%s", t->cells[k * t->stride],
			 t->cells[k * t->stride + 1])) == NULL)
			goto out;
	}
	*out = v;
	*nout = t->nrows;
	v = NULL;
	rv = 0;
out:
	val_list_free(v);
	ioc_table_free(t);
	return (rv);
}

/*
 * One jail named exactly (no glob, no key term): a running one is found
 * through its runtime state (no zfs call at all), a stopped one is opened
 * directly (one zfs call) instead of listing every jail first.  Returns 1
 * when the listing must decide (a name that matches no jail by itself).
 */
static int
one_jail(struct ioc_ctx *ctx, int start, const char *sel,
    const char *const *overrides, size_t noverrides, int force,
    ioc_startstop_fn fn, void *arg, struct ioc_err *err)
{
	struct rt_launch rec;
	struct ioc_jail *j;
	struct ioc_err e;
	char name[256];
	long jid = -1;
	int rv;

	if (rt_launch_find(ctx, sel, &rec, err) == 1) {
		if (start) {
			if (fn != NULL)
				fn(arg, rec.name, 1, rec.run.pid, NULL);
			return (0);
		}
		rv = ioc_jail_stop(ctx, sel, force, &e);
		if (fn != NULL)
			fn(arg, rec.name, 0, -1, rv != 0 ? &e : NULL);
		return (rv != 0 ? ioc_err_set(err, IOC_EEXEC, 0,
				      "1 of 1 jails failed to stop")
				: 0);
	}
	if (!start)
		return (1);
	if ((j = jail_open_start(ctx, sel, &e)) == NULL) {
		if (e.code == IOC_ENOENT)
			return (1);
		*err = e;
		return (-1);
	}
	(void)snprintf(name, sizeof(name), "%s", j->ent.name);
	rv = rt_jail_start_open(j, overrides, noverrides, &jid, &e);
	if (fn != NULL)
		fn(arg, name, 0, jid, rv != 0 ? &e : NULL);
	return (rv != 0
		? ioc_err_set(err, IOC_EEXEC, 0, "1 of 1 jails failed to start")
		: 0);
}

/*
 * Start (or stop) every jail the filters select, in priority order
 * (ascending to start, descending to stop).  rc: the boot selection
 * (boot=yes for start, running jails for stop; no filters).  A failure
 * does not stop the others; each is reported through fn, and the call
 * fails when one did.
 */
int
ioc_jails_startstop(struct ioc_ctx *ctx, int start, const char *const *filters,
    size_t n, const char *const *overrides, size_t noverrides, int rc,
    int force, ioc_startstop_fn fn, void *arg, struct ioc_err *err)
{
	char **sel = NULL;
	size_t nsel = 0, i, failed = 0;
	struct ioc_err e;
	long jid = -1;

	if (rc && n > 0)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "--rc selects the jails itself and takes no filters"));
	/* Every override is checked before the first jail starts. */
	for (i = 0; i < noverrides; i++) {
		char key[256], *stored;

		if (rt_parse_override(
			overrides[i], key, sizeof(key), &stored, err) != 0)
			return (-1);
		free(stored);
	}
	if (!rc && n == 0)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "No jails matched your input"));
	if (!rc && n == 1 && strpbrk(filters[0], "*+=,\\ \t") == NULL) {
		int r = one_jail(ctx, start, filters[0], overrides, noverrides,
		    force, fn, arg, err);

		if (r != 1)
			return (r);
	}
	if (select_jails(ctx, IOC_LIST_JAILS, filters, n,
		rc ? (start ? "boot=yes" : "running=yes") : NULL, !start, &sel,
		&nsel, err) != 0)
		return (-1);
	/* Dependants stop before the jails they depend on. */
	if (!start && dep_stop_order(ctx, sel, nsel, err) != 0) {
		val_list_free(sel);
		return (-1);
	}
	for (i = 0; i < nsel; i++) {
		const char *name = strchr(sel[i], '/') + 1;
		struct plat_running pr;
		char srcname[128];
		int stale, running, rv;

		(void)snprintf(srcname, sizeof(srcname), "%.*s",
		    (int)(name - sel[i] - 1), sel[i]);
		running = rt_state_read(ctx, srcname, name, &pr, &stale) == 1;
		if (start && running) {
			/* libioc: "already running - skipping start". */
			if (fn != NULL)
				fn(arg, name, 1, pr.pid, NULL);
			continue;
		}
		rv = start ? ioc_jail_start(
				 ctx, sel[i], overrides, noverrides, &jid, &e)
			   : ioc_jail_stop(ctx, sel[i], force, &e);
		if (rv != 0)
			failed++;
		if (fn != NULL)
			fn(arg, name, 0, start ? jid : -1, rv != 0 ? &e : NULL);
	}
	val_list_free(sel);
	sel = NULL;
	if (nsel == 0 && start && !rc &&
	    select_jails(ctx, IOC_LIST_TEMPLATES, filters, n, NULL, 0, &sel,
		&nsel, &e) == 0) {
		/* Templates are left out of the selection: say why. */
		if (nsel > 0)
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "The jail '%s' is a template",
			    strchr(sel[0], '/') + 1);
		val_list_free(sel);
		if (nsel > 0)
			return (-1);
	}
	/* Boot and shutdown with no jail to start or stop are fine. */
	if (nsel == 0 && rc)
		return (0);
	if (nsel == 0)
		return (ioc_err_set(
		    err, IOC_ENOENT, 0, "No jails matched your input"));
	if (failed > 0)
		return (ioc_err_set(err, IOC_EEXEC, 0,
		    "%zu of %zu jails failed to %s", failed, nsel,
		    start ? "start" : "stop"));
	return (0);
}
