/*
 * test_listfmt.c - listing tables: the bordered table (widths, wrapping,
 * the 80-column limit), csv quoting, TAB lines, JSON types and sorting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "list.h"

/* A table with columns "a,b,..." of types, and rows of cells. */
static void
mk(struct ioc_table *t, const char *const *names, const enum lcol_type *types,
    size_t ncols, size_t stride, const char *const *cells, size_t nrows)
{
	struct ioc_err err;
	size_t r, c;

	assert_int_equal(
	    list_table_init(t, names, types, ncols, stride, &err), 0);
	for (r = 0; r < nrows; r++) {
		char **row = calloc(stride, sizeof(*row));

		assert_non_null(row);
		for (c = 0; c < stride; c++)
			row[c] = strdup(cells[r * stride + c]);
		assert_int_equal(list_table_add(t, row, &err), 0);
		free(row);
	}
}

static const char *const names2[] = {"jid", "name"};
static const enum lcol_type types2[] = {LCOL_NUMBER, LCOL_TEXT};

static void
test_table_small(void **state)
{
	const char *cells[] = {"-", "web", "12", "db"};
	struct ioc_table t;
	struct ioc_err err;
	char *s;

	(void)state;
	mk(&t, names2, types2, 2, 2, cells, 2);
	s = list_fmt_table(&t, 1, 80, &err);
	assert_non_null(s);
	assert_string_equal(s,
	    "+-----+------+\n"
	    "| JID | NAME |\n"
	    "+=====+======+\n"
	    "| -   | web  |\n"
	    "+-----+------+\n"
	    "| 12  | db   |\n"
	    "+-----+------+\n");
	free(s);
	s = list_fmt_table(&t, 0, 80, &err);
	assert_string_equal(s,
	    "+----+-----+\n"
	    "| -  | web |\n"
	    "+----+-----+\n"
	    "| 12 | db  |\n"
	    "+----+-----+\n");
	free(s);
	list_table_clear(&t);
}

static void
test_table_centre(void **state)
{
	const char *cells[] = {"13.2-RELEASE", "x"};
	struct ioc_table t;
	struct ioc_err err;
	char *s;

	(void)state;
	mk(&t, names2, types2, 2, 2, cells, 1);
	s = list_fmt_table(&t, 1, 80, &err);
	assert_non_null(s);
	/* 12 wide, "JID" centred: 4 left, 5 right. */
	assert_non_null(strstr(s, "|     JID      | NAME |\n"));
	free(s);
	list_table_clear(&t);
}

/* Every line of s at most w characters (ASCII here). */
static void
assert_max_width(const char *s, size_t w)
{
	size_t n;

	while (*s != '\0') {
		n = strcspn(s, "\n");
		if (n > w)
			fail_msg("line of %zu > %zu: %.*s", n, w, (int)n, s);
		s += n;
		if (*s == '\n')
			s++;
	}
}

static void
test_table_wraps(void **state)
{
	const char *cells[] = {"short",
	    "em0|192.168.100.101/24,em0|192.168.100.102/24,"
	    "em0|192.168.100.103/24,em0|192.168.100.104/24",
	    "averyveryveryveryveryveryveryveryveryveryveryveryveryvery"
	    "veryveryveryverylongword",
	    "x"};
	struct ioc_table t;
	struct ioc_err err;
	char *s;

	(void)state;
	mk(&t, names2, types2, 2, 2, cells, 2);
	s = list_fmt_table(&t, 1, 80, &err);
	assert_non_null(s);
	assert_max_width(s, 80);
	/* Lists wrap after a comma, inside their column. */
	assert_non_null(strstr(s, "em0|192.168.100.101/24,"));
	assert_null(strstr(s,
	    "em0|192.168.100.101/24,em0|192.168.100.102/24,"
	    "em0|192.168.100.103/24,em0"));
	/* Every line keeps the borders. */
	assert_true(s[0] == '+');
	free(s);
	/* A narrow table: still within the limit. */
	s = list_fmt_table(&t, 1, 20, &err);
	assert_non_null(s);
	assert_max_width(s, 20);
	free(s);
	/* Too narrow for even one character per column. */
	assert_null(list_fmt_table(&t, 1, 8, &err));
	assert_int_equal(err.code, IOC_EINVAL);
	list_table_clear(&t);
}

static void
test_table_hyphen(void **state)
{
	const char *cells[] = {"1", "7aff4f07-7598-11e5-bd69-ecf4bbe5df60"};
	struct ioc_table t;
	struct ioc_err err;
	char *s;

	(void)state;
	mk(&t, names2, types2, 2, 2, cells, 1);
	s = list_fmt_table(&t, 1, 30, &err);
	assert_non_null(s);
	assert_max_width(s, 30);
	/* Broken after the last hyphen that fits, not inside a group. */
	assert_non_null(strstr(s, "| 7aff4f07-7598-11e5-  |\n"));
	assert_non_null(strstr(s, "| bd69-ecf4bbe5df60    |\n"));
	free(s);
	list_table_clear(&t);
}

static void
test_table_utf8(void **state)
{
	const char *cells[] = {"1", "caf\xc3\xa9"};
	struct ioc_table t;
	struct ioc_err err;
	char *s;

	(void)state;
	mk(&t, names2, types2, 2, 2, cells, 1);
	s = list_fmt_table(&t, 1, 80, &err);
	assert_non_null(s);
	/* café counts 4 characters: the column is 4 wide. */
	assert_non_null(strstr(s, "| 1   | caf\xc3\xa9 |\n"));
	free(s);
	list_table_clear(&t);
}

static void
test_empty(void **state)
{
	struct ioc_table t;
	struct ioc_err err;
	char *s;

	(void)state;
	mk(&t, names2, types2, 2, 2, NULL, 0);
	s = list_fmt_table(&t, 0, 80, &err);
	assert_string_equal(s, "");
	free(s);
	s = list_fmt_table(&t, 1, 80, &err);
	assert_string_equal(s,
	    "+-----+------+\n"
	    "| JID | NAME |\n"
	    "+=====+======+\n");
	free(s);
	s = list_fmt_json(&t, &err);
	assert_string_equal(s, "[]\n");
	free(s);
	s = list_fmt_csv(&t, 0, &err);
	assert_string_equal(s, "");
	free(s);
	list_table_clear(&t);
}

static void
test_csv_list(void **state)
{
	const char *cells[] = {
	    "1", "a;b", "-", "say \"hi\"", "3", "two\nlines\tx"};
	struct ioc_table t;
	struct ioc_err err;
	char *s;

	(void)state;
	mk(&t, names2, types2, 2, 2, cells, 3);
	s = list_fmt_csv(&t, 1, &err);
	assert_string_equal(s,
	    "JID;NAME\n"
	    "1;\"a;b\"\n"
	    "-;\"say \"\"hi\"\"\"\n"
	    "3;\"two\nlines\tx\"\n");
	free(s);
	s = list_fmt_list(&t, 0, &err);
	assert_string_equal(s,
	    "1\ta;b\n"
	    "-\tsay \"hi\"\n"
	    "3\ttwo lines x\n");
	free(s);
	list_table_clear(&t);
}

static void
test_json_types(void **state)
{
	static const char *const names[] = {
	    "jid", "running", "ip4_addr", "release", "user.x"};
	static const enum lcol_type types[] = {
	    LCOL_NUMBER, LCOL_BOOL, LCOL_LIST, LCOL_TEXT, LCOL_TEXT};
	const char *cells[] = {"7", "yes", "em0|10.0.0.1/24,em1|10.0.0.2/24",
	    "13.2-RELEASE", "", "-", "no", "-", "-", "a\\,b"};
	struct ioc_table t;
	struct ioc_err err;
	char *s;

	(void)state;
	mk(&t, names, types, 5, 5, cells, 2);
	s = list_fmt_json(&t, &err);
	assert_non_null(s);
	assert_string_equal(s,
	    "[\n"
	    "  {\n"
	    "    \"jid\": 7,\n"
	    "    \"running\": true,\n"
	    "    \"ip4_addr\": [\n"
	    "      \"em0|10.0.0.1/24\",\n"
	    "      \"em1|10.0.0.2/24\"\n"
	    "    ],\n"
	    "    \"release\": \"13.2-RELEASE\",\n"
	    "    \"user.x\": \"\"\n"
	    "  },\n"
	    "  {\n"
	    "    \"jid\": null,\n"
	    "    \"running\": false,\n"
	    "    \"ip4_addr\": null,\n"
	    "    \"release\": null,\n"
	    "    \"user.x\": \"a\\\\,b\"\n"
	    "  }\n"
	    "]\n");
	free(s);
	list_table_clear(&t);
}

static void
test_sort(void **state)
{
	/* Column 2 is a hidden sort key. */
	static const char *const names[] = {"name", "jid", "prio"};
	static const enum lcol_type types[] = {
	    LCOL_TEXT, LCOL_NUMBER, LCOL_TEXT};
	const char *cells[] = {"web10", "10", "b", "web2", "-", "a", "web1",
	    "2", "b", "db", "9", "a"};
	struct ioc_table t;
	struct ioc_err err;
	char *s;

	(void)state;
	mk(&t, names, types, 2, 3, cells, 4);
	list_table_sort(&t, 1);
	s = list_fmt_list(&t, 0, &err);
	/* Numbers in natural order, none last. */
	assert_string_equal(s, "web1\t2\ndb\t9\nweb10\t10\nweb2\t-\n");
	free(s);
	list_table_sort(&t, 0);
	s = list_fmt_list(&t, 0, &err);
	assert_string_equal(s, "db\t9\nweb1\t2\nweb10\t10\nweb2\t-\n");
	free(s);
	/* Stable: equal keys keep their order; hidden column not shown. */
	list_table_sort(&t, 2);
	s = list_fmt_csv(&t, 1, &err);
	assert_string_equal(s, "NAME;JID\ndb;9\nweb2;-\nweb1;2\nweb10;10\n");
	free(s);
	list_table_clear(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_small),
	    cmocka_unit_test(test_table_centre),
	    cmocka_unit_test(test_table_wraps),
	    cmocka_unit_test(test_table_hyphen),
	    cmocka_unit_test(test_table_utf8),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_csv_list),
	    cmocka_unit_test(test_json_types),
	    cmocka_unit_test(test_sort),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
