/*
 * depends.h - the dependency graph of jails (the depends property, spec
 * §6.4 and §11.1 step 1): which jails start before which, in priority
 * order, with cycles and dependencies that select nothing refused before
 * anything starts.
 */
#ifndef IOC_DEPENDS_H
#define IOC_DEPENDS_H

#include <stddef.h>

#include "ioc.h"

/* One jail of the graph. */
struct dep_node {
	char *src;	    /* source name */
	char *name;	    /* dataset basename */
	char *human;	    /* legacy tag, or NULL */
	long long priority; /* start priority (ascending) */
	char *missing;	    /* what depends names that matches no jail */
	size_t *deps;	    /* the jails its depends selects, never itself */
	size_t ndeps;
};

struct dep_graph {
	struct dep_node *v;
	size_t n;
};

/* Add a jail; *idx (may be NULL) receives its index. */
int dep_graph_add(struct dep_graph *g, const char *src, const char *name,
    const char *human, long long priority, size_t *idx, struct ioc_err *err);

/* Record that jail from depends on jail to (an edge to itself is dropped). */
int dep_graph_edge(
    struct dep_graph *g, size_t from, size_t to, struct ioc_err *err);

/* Record that jail i names a dependency (what) that matches no jail. */
int dep_graph_missing(
    struct dep_graph *g, size_t i, const char *what, struct ioc_err *err);

/* The index of the jail src/name, or -1. */
long dep_graph_find(
    const struct dep_graph *g, const char *src, const char *name);

void dep_graph_free(struct dep_graph *g);

/*
 * The order in which to start the targets: every jail after the jails it
 * depends on, dependencies in priority order (ascending, then by name),
 * each jail once.  order must have room for g->n indices; *norder gets
 * how many were written (the targets included).  A cycle is IOC_EINVAL
 * "Dependency cycle: a -> b -> a", a dependency that matches no jail
 * IOC_ENOENT; nothing is written to order then.
 */
int dep_order(const struct dep_graph *g, const size_t *targets, size_t n,
    size_t *order, size_t *norder, struct ioc_err *err);

/*
 * Load the graph of every jail (templates are not jails here): one
 * listing, plus a second one only when some depends uses key terms
 * (tags=...).  The jail self_src/self_name gets self_depends instead of
 * its saved value (a "start -o depends=..." override; NULL: the saved).
 */
int dep_graph_load(struct ioc_ctx *ctx, const char *self_src,
    const char *self_name, const char *self_depends, struct dep_graph *g,
    struct ioc_err *err);

/* The dependencies one start brought up, to stop again on failure. */
struct dep_started {
	char **sel; /* "source/name" */
	size_t n;
};

/*
 * Start what the jail src/name with the effective depends value depends
 * on (recursively, in priority order; running jails are skipped), before
 * the jail itself starts.  No depends: nothing happens and no zfs call is
 * made.  On failure the dependencies started so far are stopped again.
 */
int dep_start(struct ioc_ctx *ctx, const char *src, const char *name,
    const char *depends, struct dep_started *st, struct ioc_err *err);

/* Stop (newest first) and forget the dependencies dep_start() started. */
void dep_undo(struct ioc_ctx *ctx, struct dep_started *st);

/* Forget the started dependencies without stopping them. */
void dep_started_free(struct dep_started *st);

/*
 * Reorder "source/name" selectors that are about to be stopped so that
 * every jail stops before the jails it depends on; otherwise the order
 * given (priority, descending) is kept.  No-op for fewer than two.
 */
int dep_stop_order(
    struct ioc_ctx *ctx, char **sel, size_t n, struct ioc_err *err);

#endif /* IOC_DEPENDS_H */
