/*
 * test_filter.c - filter terms (spec §7, libioc's test_Filter): name terms
 * with sources and globs, key=value terms with alternatives, the empty
 * alternative for unset values, booleans, lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "filter.h"
#include "internal.h"

static struct filter
parse1(const char *s)
{
	struct filter f;
	struct ioc_err err;

	if (filter_parse(&s, 1, &f, &err) != 0)
		fail_msg("filter '%s': %s", s, err.msg);
	return (f);
}

static void
test_name_terms(void **state)
{
	struct filter f;

	(void)state;
	f = parse1("web*");
	assert_true(filter_match_name(&f, "ioc", "web01", NULL));
	assert_true(filter_match_name(&f, "ioc", "web", NULL));
	assert_false(filter_match_name(&f, "ioc", "db", NULL));
	filter_free(&f);
	f = parse1("web+");
	assert_false(filter_match_name(&f, "ioc", "web", NULL));
	assert_true(filter_match_name(&f, "ioc", "web1", NULL));
	filter_free(&f);
	/* "." is literal. */
	f = parse1("a.b");
	assert_true(filter_match_name(&f, "ioc", "a.b", NULL));
	assert_false(filter_match_name(&f, "ioc", "axb", NULL));
	filter_free(&f);
	/* Source prefixes restrict the source. */
	f = parse1("other/web");
	assert_string_equal(filter_source(&f), "other");
	assert_true(filter_match_name(&f, "other", "web", NULL));
	assert_false(filter_match_name(&f, "main", "web", NULL));
	filter_free(&f);
	/* Legacy jails match by tag and by the short UUID. */
	f = parse1("mail");
	assert_true(filter_match_name(
	    &f, "ioc", "7aff4f07-7598-11e5-bd69-ecf4bbe5df60", "mail"));
	filter_free(&f);
	f = parse1("7aff4f07");
	assert_true(filter_match_name(
	    &f, "ioc", "7aff4f07-7598-11e5-bd69-ecf4bbe5df60", NULL));
	filter_free(&f);
	/* Alternatives of a name term. */
	f = parse1("db,web");
	assert_true(filter_match_name(&f, "ioc", "web", NULL));
	assert_true(filter_match_name(&f, "ioc", "db", NULL));
	assert_false(filter_match_name(&f, "ioc", "mail", NULL));
	filter_free(&f);
}

struct kv {
	const char *k, *v;
};

static const char *
lookup(void *arg, const char *key)
{
	const struct kv *kv;

	for (kv = arg; kv->k != NULL; kv++)
		if (strcmp(kv->k, key) == 0)
			return (kv->v);
	return (NULL);
}

static void
test_key_terms(void **state)
{
	struct kv jail[] = {{"boot", "yes"}, {"tags", "web,prod"},
	    {"template", "-"}, {"release", "13.2-RELEASE"}, {NULL, NULL}};
	const char *two[] = {"boot=on", "release=13.*"};
	struct filter f;
	struct ioc_err err;

	(void)state;
	/* yes == on == true when no glob is used */
	f = parse1("boot=on");
	assert_true(filter_match_keys(&f, lookup, jail));
	filter_free(&f);
	f = parse1("boot=no");
	assert_false(filter_match_keys(&f, lookup, jail));
	filter_free(&f);
	/* "template=no,-": not a template (unset counts) */
	f = parse1("template=no,-");
	assert_true(filter_match_keys(&f, lookup, jail));
	filter_free(&f);
	/* "tag=a," means "a or unset" */
	f = parse1("notes=x,");
	assert_true(filter_match_keys(&f, lookup, jail));
	filter_free(&f);
	f = parse1("notes=x");
	assert_false(filter_match_keys(&f, lookup, jail));
	filter_free(&f);
	/* a list value matches when one element does */
	f = parse1("tags=prod");
	assert_true(filter_match_keys(&f, lookup, jail));
	filter_free(&f);
	/* terms are ANDed, whitespace separates them in one argument */
	f = parse1("boot=yes tags=dev");
	assert_int_equal(f.n, 2);
	assert_false(filter_match_keys(&f, lookup, jail));
	filter_free(&f);
	assert_int_equal(filter_parse(two, 2, &f, &err), 0);
	assert_true(filter_match_keys(&f, lookup, jail));
	filter_free(&f);
	/* an escaped comma is part of the value */
	f = parse1("notes=a\\,b");
	assert_int_equal(f.t[0].nvalues, 1);
	assert_string_equal(f.t[0].values[0], "a,b");
	filter_free(&f);
}

static void
test_invalid_terms(void **state)
{
	static const char *const bad[] = {
	    "=x", "b@d/web", "we b/", "-rf", "a/", "../x"};
	struct filter f;
	struct ioc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err.code = 0;
		if (filter_parse(&bad[i], 1, &f, &err) == 0)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(err.code, IOC_EINVAL);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_name_terms),
	    cmocka_unit_test(test_key_terms),
	    cmocka_unit_test(test_invalid_terms),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
