/*
 * test_depends.c - the start order of jails with depends (spec §11.1 step
 * 1): dependencies first and in priority order, each jail once (a
 * diamond), a self-dependency ignored, cycles and dependencies that match
 * nothing refused with nothing ordered.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "depends.h"
#include "internal.h"

/* A graph of jails "a", "b", ... of source "t" with these priorities. */
static void
mkgraph(struct dep_graph *g, const char *names, const long long *prio)
{
	struct ioc_err err;
	char name[2] = {0, 0};
	size_t i;

	(void)memset(g, 0, sizeof(*g));
	for (i = 0; names[i] != '\0'; i++) {
		name[0] = names[i];
		if (dep_graph_add(g, "t", name, NULL,
			prio != NULL ? prio[i] : 0, NULL, &err) != 0)
			fail_msg("dep_graph_add: %s", err.msg);
	}
}

/* Add the edges "ab ac" (a depends on b, a depends on c). */
static void
edges(struct dep_graph *g, const char *spec)
{
	struct ioc_err err;
	const char *p;

	for (p = spec; p[0] != '\0' && p[1] != '\0'; p += 2) {
		while (*p == ' ')
			p++;
		if (dep_graph_edge(g, (size_t)(p[0] - 'a'),
			(size_t)(p[1] - 'a'), &err) != 0)
			fail_msg("dep_graph_edge: %s", err.msg);
	}
}

/* The start order of target (a letter) as a string of letters. */
static int
order_of(const struct dep_graph *g, const char *targets, char *out,
    struct ioc_err *err)
{
	size_t order[32], t[32], n = 0, norder = 99, i;

	for (i = 0; targets[i] != '\0'; i++)
		t[n++] = (size_t)(targets[i] - 'a');
	if (dep_order(g, t, n, order, &norder, err) != 0) {
		assert_int_equal(norder, 0);
		return (-1);
	}
	for (i = 0; i < norder; i++)
		out[i] = g->v[order[i]].name[0];
	out[norder] = '\0';
	return (0);
}

static void
test_chain(void **state)
{
	struct dep_graph g;
	struct ioc_err err;
	char out[32];

	(void)state;
	/* c depends on b, b on a: a, b, c. */
	mkgraph(&g, "abc", NULL);
	edges(&g, "cb ba");
	assert_int_equal(order_of(&g, "c", out, &err), 0);
	assert_string_equal(out, "abc");
	/* b alone needs only a. */
	assert_int_equal(order_of(&g, "b", out, &err), 0);
	assert_string_equal(out, "ab");
	/* Several targets: each jail once. */
	assert_int_equal(order_of(&g, "bc", out, &err), 0);
	assert_string_equal(out, "abc");
	dep_graph_free(&g);
}

static void
test_priority(void **state)
{
	static const long long prio[] = {0, 30, 10, 20};
	struct dep_graph g;
	struct ioc_err err;
	char out[32];

	(void)state;
	/* a depends on b (30), c (10), d (20): lowest priority first. */
	mkgraph(&g, "abcd", prio);
	edges(&g, "ab ac ad");
	assert_int_equal(order_of(&g, "a", out, &err), 0);
	assert_string_equal(out, "cdba");
	dep_graph_free(&g);
	/* Equal priorities: by name, whatever the order of the edges. */
	mkgraph(&g, "abcd", NULL);
	edges(&g, "ad ab ac");
	assert_int_equal(order_of(&g, "a", out, &err), 0);
	assert_string_equal(out, "bcda");
	dep_graph_free(&g);
}

static void
test_diamond(void **state)
{
	struct dep_graph g;
	struct ioc_err err;
	char out[32];

	(void)state;
	/* a needs b and c, both need d: d once, first. */
	mkgraph(&g, "abcd", NULL);
	edges(&g, "ab ac bd cd");
	assert_int_equal(order_of(&g, "a", out, &err), 0);
	assert_string_equal(out, "dbca");
	dep_graph_free(&g);
}

static void
test_self(void **state)
{
	struct dep_graph g;
	struct ioc_err err;
	char out[32];

	(void)state;
	/* depends=tags=x on a jail tagged x selects itself: ignored. */
	mkgraph(&g, "ab", NULL);
	edges(&g, "aa ab");
	assert_int_equal(g.v[0].ndeps, 1);
	assert_int_equal(order_of(&g, "a", out, &err), 0);
	assert_string_equal(out, "ba");
	/* A repeated edge is recorded once. */
	edges(&g, "ab");
	assert_int_equal(g.v[0].ndeps, 1);
	dep_graph_free(&g);
}

static void
test_cycles(void **state)
{
	struct dep_graph g;
	struct ioc_err err;
	char out[32];

	(void)state;
	mkgraph(&g, "ab", NULL);
	edges(&g, "ab ba");
	assert_int_equal(order_of(&g, "a", out, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	assert_string_equal(err.msg, "Dependency cycle: a -> b -> a");
	dep_graph_free(&g);
	/* A longer one, entered from outside the cycle. */
	mkgraph(&g, "abcd", NULL);
	edges(&g, "ab bc cd db");
	assert_int_equal(order_of(&g, "a", out, &err), -1);
	assert_string_equal(err.msg, "Dependency cycle: b -> c -> d -> b");
	dep_graph_free(&g);
	mkgraph(&g, "abc", NULL);
	edges(&g, "ab bc cb");
	assert_int_equal(order_of(&g, "a", out, &err), -1);
	assert_string_equal(err.msg, "Dependency cycle: b -> c -> b");
	dep_graph_free(&g);
}

static void
test_missing(void **state)
{
	struct dep_graph g;
	struct ioc_err err;
	char out[32];

	(void)state;
	mkgraph(&g, "abc", NULL);
	edges(&g, "ab");
	assert_int_equal(dep_graph_missing(&g, 1, "nosuch", &err), 0);
	assert_int_equal(order_of(&g, "a", out, &err), -1);
	assert_int_equal(err.code, IOC_ENOENT);
	assert_string_equal(
	    err.msg, "Jail 'b' depends on 'nosuch', which matches no jail");
	/* Only what is started matters. */
	assert_int_equal(order_of(&g, "c", out, &err), 0);
	assert_string_equal(out, "c");
	assert_int_equal(dep_graph_find(&g, "t", "c"), 2);
	assert_int_equal(dep_graph_find(&g, "u", "c"), -1);
	dep_graph_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chain),
	    cmocka_unit_test(test_priority),
	    cmocka_unit_test(test_diamond),
	    cmocka_unit_test(test_self),
	    cmocka_unit_test(test_cycles),
	    cmocka_unit_test(test_missing),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
