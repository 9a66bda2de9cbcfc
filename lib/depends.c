/*
 * depends.c - the dependency graph of jails (depends.h): a jail starts
 * after the jails its depends filter selects, those in priority order;
 * cycles and dependencies that match no jail are refused before anything
 * starts (libioc recursed without a visited set, spec §18.2 item 9).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depends.h"
#include "filter.h"
#include "internal.h"
#include "list.h"
#include "platform.h"
#include "runtime.h"
#include "value.h"

#define KEYS_MAX 16

static void
node_clear(struct dep_node *d)
{
	free(d->src);
	free(d->name);
	free(d->human);
	free(d->missing);
	free(d->deps);
	(void)memset(d, 0, sizeof(*d));
}

/* Release a graph. */
void
dep_graph_free(struct dep_graph *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++)
		node_clear(&g->v[i]);
	free(g->v);
	g->v = NULL;
	g->n = 0;
}

/* Add a jail to the graph. */
int
dep_graph_add(struct dep_graph *g, const char *src, const char *name,
    const char *human, long long priority, size_t *idx, struct ioc_err *err)
{
	struct dep_node *nv, *d;

	if ((nv = realloc(g->v, (g->n + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	g->v = nv;
	d = &g->v[g->n];
	(void)memset(d, 0, sizeof(*d));
	d->priority = priority;
	if ((d->src = ioc_strdup(src, err)) == NULL ||
	    (d->name = ioc_strdup(name, err)) == NULL ||
	    (human != NULL && (d->human = ioc_strdup(human, err)) == NULL)) {
		node_clear(d);
		return (-1);
	}
	if (idx != NULL)
		*idx = g->n;
	g->n++;
	return (0);
}

/* Record an edge from -> to (self-edges are dropped, as libioc did). */
int
dep_graph_edge(struct dep_graph *g, size_t from, size_t to, struct ioc_err *err)
{
	struct dep_node *d = &g->v[from];
	size_t *nv, i;

	if (from == to)
		return (0);
	for (i = 0; i < d->ndeps; i++)
		if (d->deps[i] == to)
			return (0);
	if ((nv = realloc(d->deps, (d->ndeps + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	d->deps = nv;
	d->deps[d->ndeps++] = to;
	return (0);
}

/* Record a dependency of jail i that matches no jail. */
int
dep_graph_missing(
    struct dep_graph *g, size_t i, const char *what, struct ioc_err *err)
{
	if (g->v[i].missing != NULL)
		return (0);
	return ((g->v[i].missing = ioc_strdup(what, err)) == NULL ? -1 : 0);
}

/* The index of src/name, or -1. */
long
dep_graph_find(const struct dep_graph *g, const char *src, const char *name)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (strcmp(g->v[i].src, src) == 0 &&
		    strcmp(g->v[i].name, name) == 0)
			return ((long)i);
	return (-1);
}

static const char *
node_name(const struct dep_node *d)
{
	return (d->human != NULL ? d->human : d->name);
}

/* Does a start before b?  Priority ascending, then source, then name. */
static int
node_before(const struct dep_node *a, const struct dep_node *b)
{
	int c;

	if (a->priority != b->priority)
		return (a->priority < b->priority);
	if ((c = strcmp(a->src, b->src)) != 0)
		return (c < 0);
	return (strcmp(a->name, b->name) < 0);
}

struct walk {
	const struct dep_graph *g;
	unsigned char *state; /* 0 new, 1 on the path, 2 done */
	size_t *path;
	size_t *order;
	size_t norder;
};

/* "Dependency cycle: a -> b -> a" from the path back to i. */
static int
cycle_error(const struct walk *w, size_t depth, size_t i, struct ioc_err *err)
{
	char buf[IOC_ERRMSG_MAX];
	size_t k = 0, off = 0;

	while (k < depth && w->path[k] != i)
		k++;
	buf[0] = '\0';
	for (; k < depth && off < sizeof(buf); k++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s -> ",
		    node_name(&w->g->v[w->path[k]]));
	return (ioc_err_set(err, IOC_EINVAL, 0, "Dependency cycle: %s%s", buf,
	    node_name(&w->g->v[i])));
}

/* Depth-first: the dependencies of i (in start order), then i. */
static int
visit(struct walk *w, size_t i, size_t depth, struct ioc_err *err)
{
	const struct dep_node *d = &w->g->v[i];
	size_t *deps, k, m, t;
	int rv = 0;

	if (w->state[i] == 2)
		return (0);
	if (w->state[i] == 1)
		return (cycle_error(w, depth, i, err));
	if (d->missing != NULL)
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "Jail '%s' depends on '%s', which matches no jail",
		    node_name(d), d->missing));
	w->state[i] = 1;
	w->path[depth] = i;
	if ((deps = calloc(d->ndeps + 1, sizeof(*deps))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	/* Insertion sort: lists of dependencies are short. */
	for (k = 0; k < d->ndeps; k++) {
		t = d->deps[k];
		for (m = k;
		     m > 0 && node_before(&w->g->v[t], &w->g->v[deps[m - 1]]);
		     m--)
			deps[m] = deps[m - 1];
		deps[m] = t;
	}
	for (k = 0; k < d->ndeps && rv == 0; k++)
		rv = visit(w, deps[k], depth + 1, err);
	free(deps);
	if (rv != 0)
		return (-1);
	w->state[i] = 2;
	w->order[w->norder++] = i;
	return (0);
}

/* The start order of the targets and everything they depend on. */
int
dep_order(const struct dep_graph *g, const size_t *targets, size_t n,
    size_t *order, size_t *norder, struct ioc_err *err)
{
	struct walk w;
	size_t i;
	int rv = 0;

	*norder = 0;
	(void)memset(&w, 0, sizeof(w));
	w.g = g;
	if ((w.state = calloc(g->n + 1, 1)) == NULL ||
	    (w.path = calloc(g->n + 1, sizeof(*w.path))) == NULL ||
	    (w.order = calloc(g->n + 1, sizeof(*w.order))) == NULL) {
		rv = ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n && rv == 0; i++)
		rv = visit(&w, targets[i], 0, err);
	if (rv == 0) {
		(void)memcpy(order, w.order, w.norder * sizeof(*order));
		*norder = w.norder;
	}
out:
	free(w.state);
	free(w.path);
	free(w.order);
	return (rv);
}

/* ------------------------------------------------------------ loading */

/* Cell c of row r of a listing. */
static const char *
cell(const struct ioc_table *t, size_t r, size_t c)
{
	return (t->cells[r * t->stride + c]);
}

struct keyrow {
	const struct ioc_table *t; /* source, id, then the keys */
	const char *const *keys;
	size_t nkeys;
	size_t row;
};

static const char *
keyrow_lookup(void *arg, const char *key)
{
	const struct keyrow *k = arg;
	size_t i;

	for (i = 0; i < k->nkeys; i++)
		if (strcmp(k->keys[i], key) == 0)
			return (cell(k->t, k->row, 2 + i));
	return (NULL);
}

/* Add the keys of f's key terms to keys (distinct, at most KEYS_MAX). */
static int
collect_keys(
    const struct filter *f, char **keys, size_t *n, struct ioc_err *err)
{
	size_t i, k;
	const char *p;

	for (i = 0; i < f->n; i++) {
		if (f->t[i].key == NULL)
			continue;
		for (p = f->t[i].key; *p != '\0'; p++)
			if (strchr("abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-",
				*p) == NULL)
				return (ioc_err_set(err, IOC_EINVAL, 0,
				    "depends: invalid filter key '%s'",
				    f->t[i].key));
		for (k = 0; k < *n; k++)
			if (strcmp(keys[k], f->t[i].key) == 0)
				break;
		if (k < *n)
			continue;
		if (*n == KEYS_MAX)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "depends: more than %d different filter keys",
			    KEYS_MAX));
		if ((keys[(*n)++] = ioc_strdup(f->t[i].key, err)) == NULL)
			return (-1);
	}
	return (0);
}

/* The plain name alternative of f (no glob) that names no jail, or NULL. */
static const char *
unknown_name(const struct dep_graph *g, const struct filter *f)
{
	size_t i, a, k;

	for (i = 0; i < f->n; i++) {
		if (f->t[i].key != NULL)
			continue;
		for (a = 0; a < f->t[i].nvalues; a++) {
			const char *v = f->t[i].values[a];

			if (strpbrk(v, "*+") != NULL)
				continue;
			for (k = 0; k < g->n; k++) {
				const struct dep_node *d = &g->v[k];

				if (f->t[i].source != NULL &&
				    strcmp(f->t[i].source, d->src) != 0)
					continue;
				if (strcmp(d->name, v) == 0 ||
				    (d->human != NULL &&
					strcmp(d->human, v) == 0))
					break;
			}
			if (k == g->n)
				return (v);
		}
	}
	return (NULL);
}

/* A listing of every jail with these columns. */
static struct ioc_table *
list_all(struct ioc_ctx *ctx, const char *columns, struct ioc_err *err)
{
	struct ioc_list_opts o;

	(void)memset(&o, 0, sizeof(o));
	o.what = IOC_LIST_JAILS;
	o.columns = columns;
	return (ioc_list(ctx, &o, err));
}

/* The edges of every jail whose depends is set. */
static int
add_edges(struct ioc_ctx *ctx, struct dep_graph *g, struct filter *fs,
    struct ioc_err *err)
{
	struct ioc_table *kt = NULL;
	char *keys[KEYS_MAX], cols[2048];
	long *rowof = NULL;
	size_t i, m, nkeys = 0, off;
	int rv = -1;

	for (i = 0; i < g->n; i++)
		if (fs[i].n > 0 && collect_keys(&fs[i], keys, &nkeys, err) != 0)
			goto out;
	if ((rowof = calloc(g->n + 1, sizeof(*rowof))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < g->n; i++)
		rowof[i] = -1;
	if (nkeys > 0) {
		/* Key terms (tags=db): their values in one more listing. */
		off = (size_t)snprintf(cols, sizeof(cols), "source,id");
		for (i = 0; i < nkeys && off < sizeof(cols); i++)
			off += (size_t)snprintf(
			    cols + off, sizeof(cols) - off, ",%s", keys[i]);
		if ((kt = list_all(ctx, cols, err)) == NULL) {
			(void)ioc_err_wrap(err, "depends");
			goto out;
		}
		for (i = 0; i < kt->nrows; i++) {
			long k =
			    dep_graph_find(g, cell(kt, i, 0), cell(kt, i, 1));

			if (k >= 0)
				rowof[k] = (long)i;
		}
	}
	for (i = 0; i < g->n; i++) {
		const char *miss;
		size_t hits = 0;

		if (fs[i].n == 0)
			continue;
		for (m = 0; m < g->n; m++) {
			struct keyrow kr = {
			    kt, (const char *const *)keys, nkeys, 0};

			if (m == i ||
			    !filter_match_name(&fs[i], g->v[m].src,
				g->v[m].name, g->v[m].human))
				continue;
			if (nkeys > 0) {
				if (rowof[m] < 0)
					continue;
				kr.row = (size_t)rowof[m];
				if (!filter_match_keys(
					&fs[i], keyrow_lookup, &kr))
					continue;
			}
			if (dep_graph_edge(g, i, m, err) != 0)
				goto out;
			hits++;
		}
		miss = unknown_name(g, &fs[i]);
		if ((miss != NULL || hits == 0) &&
		    dep_graph_missing(g, i, miss != NULL ? miss : "", err) != 0)
			goto out;
	}
	rv = 0;
out:
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(rowof);
	ioc_table_free(kt);
	return (rv);
}

/* Load the graph of every jail. */
int
dep_graph_load(struct ioc_ctx *ctx, const char *self_src, const char *self_name,
    const char *self_depends, struct dep_graph *g, struct ioc_err *err)
{
	struct ioc_table *t;
	struct filter *fs = NULL;
	size_t i;
	int rv = -1;

	(void)memset(g, 0, sizeof(*g));
	if ((t = list_all(ctx, "source,id,humanreadable_name,priority,depends",
		 err)) == NULL)
		return (-1);
	if ((fs = calloc(t->nrows + 1, sizeof(*fs))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < t->nrows; i++) {
		const char *src = cell(t, i, 0), *name = cell(t, i, 1);
		const char *human = cell(t, i, 2), *dep = cell(t, i, 4);
		long long prio = 0;

		(void)val_parse_int(cell(t, i, 3), &prio);
		if (dep_graph_add(g, src, name,
			strcmp(human, name) != 0 ? human : NULL, prio, NULL,
			err) != 0)
			goto out;
		if (self_src != NULL && strcmp(src, self_src) == 0 &&
		    strcmp(name, self_name) == 0)
			dep = self_depends;
		if (dep == NULL || val_is_none(dep))
			continue;
		if (filter_parse(&dep, 1, &fs[i], err) != 0) {
			(void)ioc_err_wrap(err, "depends of jail '%s'", name);
			goto out;
		}
	}
	rv = add_edges(ctx, g, fs, err);
out:
	for (i = 0; fs != NULL && i < t->nrows; i++)
		filter_free(&fs[i]);
	free(fs);
	ioc_table_free(t);
	if (rv != 0)
		dep_graph_free(g);
	return (rv);
}

/* ------------------------------------------------------------ runtime */

/* Forget the started dependencies. */
void
dep_started_free(struct dep_started *st)
{
	size_t i;

	for (i = 0; st->sel != NULL && i < st->n; i++)
		free(st->sel[i]);
	free(st->sel);
	st->sel = NULL;
	st->n = 0;
}

/* Stop what dep_start() started, newest first. */
void
dep_undo(struct ioc_ctx *ctx, struct dep_started *st)
{
	struct ioc_err e;
	size_t i;

	for (i = st->sel != NULL ? st->n : 0; i-- > 0;)
		if (ioc_jail_stop(ctx, st->sel[i], 0, &e) != 0)
			ioc_log(ctx, IOC_LOG_WARN, "undo: %s", e.msg);
	dep_started_free(st);
}

/* Start the dependencies of src/name in order. */
int
dep_start(struct ioc_ctx *ctx, const char *src, const char *name,
    const char *depends, struct dep_started *st, struct ioc_err *err)
{
	struct dep_graph g = {NULL, 0};
	size_t *order = NULL, norder = 0, i, self;
	struct ioc_err e;
	long k;
	int rv = -1;

	(void)memset(st, 0, sizeof(*st));
	if (depends == NULL || val_is_none(depends))
		return (0);
	if (dep_graph_load(ctx, src, name, depends, &g, err) != 0)
		return (-1);
	if ((k = dep_graph_find(&g, src, name)) < 0) {
		(void)ioc_err_set(
		    err, IOC_ENOENT, 0, "Jail '%s' does not exist", name);
		goto out;
	}
	self = (size_t)k;
	if ((order = calloc(g.n + 1, sizeof(*order))) == NULL ||
	    (st->sel = calloc(g.n + 1, sizeof(*st->sel))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	if (dep_order(&g, &self, 1, order, &norder, err) != 0)
		goto out;
	/* The last one is the jail itself: its caller starts it. */
	for (i = 0; i + 1 < norder; i++) {
		const struct dep_node *d = &g.v[order[i]];
		struct plat_running r;
		char *sel;
		long jid = -1;
		int stale;

		if (rt_state_read(ctx, d->src, d->name, &r, &stale) == 1)
			continue;
		if ((sel = ioc_aprintf(err, "%s/%s", d->src, d->name)) == NULL)
			goto out;
		if (ioc_jail_start(ctx, sel, NULL, 0, &jid, &e) != 0) {
			free(sel);
			(void)ioc_err_set(err, e.code, e.sys,
			    "Jail '%s': dependency '%s' failed to start: %s",
			    name, node_name(d), e.msg);
			goto out;
		}
		ioc_log(ctx, IOC_LOG_VERBOSE, "%s running as JID %ld", d->name,
		    jid);
		st->sel[st->n++] = sel;
	}
	rv = 0;
out:
	if (rv != 0)
		dep_undo(ctx, st);
	free(order);
	dep_graph_free(&g);
	return (rv);
}

/* Dependants stop before their dependencies. */
int
dep_stop_order(struct ioc_ctx *ctx, char **sel, size_t n, struct ioc_err *err)
{
	struct dep_graph g = {NULL, 0};
	size_t *targets = NULL, *order = NULL, norder = 0, i, k, nt = 0;
	char **out = NULL;
	int rv = -1;

	if (n < 2)
		return (0);
	if (dep_graph_load(ctx, NULL, NULL, NULL, &g, err) != 0)
		return (-1);
	/* Dependencies that match nothing do not matter when stopping. */
	for (i = 0; i < g.n; i++) {
		free(g.v[i].missing);
		g.v[i].missing = NULL;
	}
	if ((targets = calloc(n + 1, sizeof(*targets))) == NULL ||
	    (order = calloc(g.n + 1, sizeof(*order))) == NULL ||
	    (out = calloc(n + 1, sizeof(*out))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	/* sel is in stop order: its reverse is the start order. */
	for (i = n; i-- > 0;) {
		const char *slash = strchr(sel[i], '/');
		char src[128];
		long x;

		if (slash == NULL)
			continue;
		(void)snprintf(
		    src, sizeof(src), "%.*s", (int)(slash - sel[i]), sel[i]);
		if ((x = dep_graph_find(&g, src, slash + 1)) >= 0)
			targets[nt++] = (size_t)x;
	}
	if (nt != n) {
		rv = 0; /* something changed meanwhile: keep the order */
		goto out;
	}
	if (dep_order(&g, targets, nt, order, &norder, err) != 0) {
		if (err->code != IOC_EINVAL)
			goto out;
		/* A cycle among running jails: priority order it is. */
		ioc_log(ctx, IOC_LOG_WARN, "%s", err->msg);
		rv = 0;
		goto out;
	}
	/* Keep the selected ones, in reverse start order. */
	k = 0;
	for (i = norder; i-- > 0;) {
		const struct dep_node *d = &g.v[order[i]];
		size_t t, sl = strlen(d->src);

		for (t = 0; t < n; t++)
			if (strncmp(sel[t], d->src, sl) == 0 &&
			    sel[t][sl] == '/' &&
			    strcmp(sel[t] + sl + 1, d->name) == 0)
				break;
		if (t < n && k < n)
			out[k++] = sel[t];
	}
	/* out borrows sel's strings: a permutation of them. */
	if (k == n)
		(void)memcpy(sel, out, n * sizeof(*sel));
	rv = 0;
out:
	free(out);
	free(order);
	free(targets);
	dep_graph_free(&g);
	return (rv);
}
