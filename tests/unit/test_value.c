/*
 * test_value.c - the value algebra of spec §1.1 (libioc's test_helpers)
 * and the glob of filters (libioc's test_Filter).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "internal.h"
#include "value.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_parse_none(void **state)
{
	const char *none[] = {NULL, "", "none", "NONE", "None", "-"};
	const char *some[] = {"0", "no", "--", "nonee", " none", "x"};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(none); i++)
		if (!val_is_none(none[i]))
			fail_msg(
			    "'%s' is not none", none[i] ? none[i] : "NULL");
	for (i = 0; i < NELEM(some); i++)
		if (val_is_none(some[i]))
			fail_msg("'%s' was taken for none", some[i]);
}

static void
test_parse_bool(void **state)
{
	const char *yes[] = {
	    "yes", "YES", "Yes", "true", "True", "TRUE", "on", "On", "1"};
	const char *no[] = {"no", "NO", "false", "False", "off", "OFF", "0"};
	const char *bad[] = {
	    "", "2", "y", "n", "none", "-", "yess", "01", " yes", "enabled"};
	size_t i;
	int b;

	(void)state;
	for (i = 0; i < NELEM(yes); i++) {
		b = -1;
		assert_int_equal(val_parse_bool(yes[i], &b), 0);
		assert_int_equal(b, 1);
	}
	for (i = 0; i < NELEM(no); i++) {
		b = -1;
		assert_int_equal(val_parse_bool(no[i], &b), 0);
		assert_int_equal(b, 0);
	}
	for (i = 0; i < NELEM(bad); i++) {
		b = 7;
		if (val_parse_bool(bad[i], &b) == 0)
			fail_msg("'%s' parsed as a boolean", bad[i]);
		assert_int_equal(b, 7);
	}
	assert_int_equal(val_parse_bool(NULL, &b), -1);
}

static void
test_parse_int(void **state)
{
	static const struct {
		const char *s;
		long long v;
	} ok[] = {{"-1", -1}, {"3", 3}, {"5.0", 5}, {"+7", 7}, {"0", 0},
	    {"600", 600}, {"-0.00", 0},
	    {"9223372036854775807", 9223372036854775807LL}};
	const char *bad[] = {"invalid", "5.1", "0x10", "", "1e3", "5.", ".5",
	    "-", "+", " 3", "3 ", "9223372036854775808", "1,000", "5.0x"};
	long long v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		v = 42;
		if (val_parse_int(ok[i].s, &v) != 0)
			fail_msg("'%s' was refused", ok[i].s);
		assert_int_equal(v, ok[i].v);
	}
	for (i = 0; i < NELEM(bad); i++)
		if (val_parse_int(bad[i], &v) == 0)
			fail_msg("'%s' parsed as %lld", bad[i], v);
	assert_int_equal(val_parse_int(NULL, &v), -1);
}

static void
test_words(void **state)
{
	(void)state;
	/* to_string: yes / no / -. */
	assert_string_equal(val_bool_word(1, VAL_DISPLAY), "yes");
	assert_string_equal(val_bool_word(0, VAL_DISPLAY), "no");
	assert_string_equal(val_none_word(VAL_DISPLAY), "-");
	/* to_json: yes / no / none. */
	assert_string_equal(val_bool_word(1, VAL_JSON), "yes");
	assert_string_equal(val_bool_word(0, VAL_JSON), "no");
	assert_string_equal(val_none_word(VAL_JSON), "none");
	/* UCL and ZFS properties: on / off / none. */
	assert_string_equal(val_bool_word(1, VAL_LEGACY), "on");
	assert_string_equal(val_bool_word(0, VAL_LEGACY), "off");
	assert_string_equal(val_none_word(VAL_LEGACY), "none");
}

/* Split s and compare with the expected items. */
static void
expect_split(const char *s, char sep, const char *const *want, size_t nwant)
{
	struct ioc_err err = {0};
	char **items = NULL;
	size_t n = 99, i;

	if (val_list_split(s, sep, &items, &n, &err) != 0)
		fail_msg("split of '%s' failed: %s", s ? s : "NULL", err.msg);
	assert_non_null(items);
	assert_int_equal(n, nwant);
	for (i = 0; i < n; i++)
		assert_string_equal(items[i], want[i]);
	assert_null(items[n]);
	val_list_free(items);
}

static void
test_parse_list(void **state)
{
	const char *abc[] = {"a", "b", "c"};
	const char *esc[] = {"a,b", "c"};
	const char *bs[] = {"a\\b", "c"};
	const char *semi[] = {"x", "y,z"};
	const char *one[] = {"web"};

	(void)state;
	expect_split(NULL, ',', NULL, 0);
	expect_split("none", ',', NULL, 0);
	expect_split("-", ',', NULL, 0);
	expect_split("", ',', NULL, 0);
	expect_split("a,b,c", ',', abc, 3);
	expect_split("a,,b,c,", ',', abc, 3);
	/* Items that are none are dropped. */
	expect_split("a,none,b,-,c", ',', abc, 3);
	expect_split("a\\,b,c", ',', esc, 2);
	/* A backslash before anything but the separator stays. */
	expect_split("a\\b,c", ',', bs, 2);
	/* A custom separator. */
	expect_split("x;y,z", ';', semi, 2);
	expect_split("web", ',', one, 1);
}

static void
test_list_join(void **state)
{
	char *items[] = {"a,b", "c", "d\\e"};
	struct ioc_err err = {0};
	char **back;
	size_t n;
	char *s;

	(void)state;
	s = val_list_join(items, 3, ',', &err);
	assert_non_null(s);
	assert_string_equal(s, "a\\,b,c,d\\e");
	/* Round trip. */
	assert_int_equal(val_list_split(s, ',', &back, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(back[0], "a,b");
	assert_string_equal(back[1], "c");
	assert_string_equal(back[2], "d\\e");
	val_list_free(back);
	free(s);
	s = val_list_join(items, 0, ',', &err);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	val_list_free(NULL);
}

static void
test_glob(void **state)
{
	static const struct {
		const char *pattern, *s;
		int match;
	} cases[] = {
	    /* Exact. */
	    {"web", "web", 1},
	    {"web", "web1", 0},
	    {"web", "we", 0},
	    {"", "", 1},
	    {"", "a", 0},
	    {"Web", "web", 0},
	    /* "*": any run, also empty. */
	    {"*", "", 1},
	    {"*", "anything", 1},
	    {"web*", "web", 1},
	    {"web*", "web01", 1},
	    {"*01", "web01", 1},
	    {"*01", "web02", 0},
	    {"w*b*1", "web01", 1},
	    {"w**1", "w1", 1},
	    {"a*b*c", "abxbxc", 1},
	    {"a*b*c", "abxbx", 0},
	    /* "+": one or more. */
	    {"+", "", 0},
	    {"+", "x", 1},
	    {"web+", "web", 0},
	    {"web+", "web1", 1},
	    {"web+", "web123", 1},
	    {"+eb", "web", 1},
	    {"+eb", "eb", 0},
	    {"a+c", "ac", 0},
	    {"a+c", "abc", 1},
	    {"a+c", "abbbc", 1},
	    {"*+", "", 0},
	    {"*+", "a", 1},
	    {"+*+", "a", 0},
	    {"+*+", "ab", 1},
	    /* Every other character is literal. */
	    {"a.c", "a.c", 1},
	    {"a.c", "abc", 0},
	    {"a?c", "abc", 0},
	    {"a?c", "a?c", 1},
	    {"[ab]", "a", 0},
	    {"[ab]", "[ab]", 1},
	    {"^a$", "a", 0},
	    {"^a$", "^a$", 1},
	    {"(a)", "(a)", 1},
	    {"tag=x", "tag=x", 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		if (val_glob(cases[i].pattern, cases[i].s) != cases[i].match)
			fail_msg("glob '%s' against '%s': expected %s",
			    cases[i].pattern, cases[i].s,
			    cases[i].match ? "a match" : "no match");
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec t1;

	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	return ((double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9);
}

/* A backtracking matcher takes exponential time on these; ours must not. */
static void
test_glob_pathological(void **state)
{
	char pattern[256], s[1100];
	struct timespec t0;
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < 30; i++) {
		pattern[2 * i] = '*';
		pattern[2 * i + 1] = 'a';
	}
	pattern[60] = 'b';
	pattern[61] = '\0';
	(void)memset(s, 'a', 1000);
	s[1000] = '\0';
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	r = 0;
	for (i = 0; i < 100; i++)
		r += val_glob(pattern, s);
	assert_int_equal(r, 0);
	/* Without the final "b" it matches. */
	pattern[60] = '\0';
	for (i = 0; i < 100; i++)
		r += val_glob(pattern, s);
	assert_int_equal(r, 100);
	/* Same with "+". */
	for (i = 0; i < 30; i++)
		pattern[2 * i] = '+';
	pattern[60] = 'b';
	for (i = 0; i < 100; i++)
		r += val_glob(pattern, s);
	assert_int_equal(r, 100);
	/* 300 matches of 1000 characters: well below a second. */
	if (elapsed(&t0) > 1.0)
		fail_msg("glob took %.2f s", elapsed(&t0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_none),
	    cmocka_unit_test(test_parse_bool),
	    cmocka_unit_test(test_parse_int),
	    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_parse_list),
	    cmocka_unit_test(test_list_join),
	    cmocka_unit_test(test_glob),
	    cmocka_unit_test(test_glob_pathological),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
