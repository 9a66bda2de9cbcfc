/*
 * test_zds.c - parsing of "zfs ... -H" output (zds_table_parse, zds_cell)
 * and of parsable numbers (zds_parse_u64).  No ZFS is needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "zds.h"

#ifndef IOC_FIXTURES
#define IOC_FIXTURES "/work/shared/fixtures/real"
#endif

#define S(lit) (lit), (sizeof(lit) - 1)

static void
assert_row(const struct zds_table *t, size_t r, const char *c0, const char *c1,
    const char *c2, const char *c3)
{
	assert_string_equal(zds_cell(t, r, 0), c0);
	assert_string_equal(zds_cell(t, r, 1), c1);
	assert_string_equal(zds_cell(t, r, 2), c2);
	assert_string_equal(zds_cell(t, r, 3), c3);
}

static void
test_parse_get_output(void **state)
{
	static const char out[] =
	    "tank/iocage/jails/web\tcreation\tSun Oct 18 15:02 2015\t-\n"
	    "tank/iocage/jails/web\torg.freebsd.iocage:host_hostname\t"
	    "web.example.org\tlocal\n"
	    "tank/iocage/jails/web\tquota\t0\tdefault\n"
	    "tank/iocage/jails/web\torg.freebsd.iocage:notes\t\tlocal\n"
	    "tank/iocage/jails/web\torg.freebsd.iocage:ip4_addr\t"
	    "vnet0|10.0.0.5/24,lo0|127.0.1.1\tinherited from tank/iocage\n"
	    "tank/iocage/jails/web\tcomment\tx\t\n";
	char copy[sizeof(out)];
	struct zds_table t;
	struct ioc_err err = {.code = -7};

	(void)state;
	(void)memcpy(copy, out, sizeof(out));
	assert_int_equal(zds_table_parse(out, strlen(out), 4, &t, &err), 0);
	assert_int_equal(err.code, -7); /* untouched on success */
	assert_int_equal(t.nrows, 6);
	assert_int_equal(t.ncols, 4);
	assert_row(&t, 0, "tank/iocage/jails/web", "creation",
	    "Sun Oct 18 15:02 2015", "-");
	assert_row(&t, 1, "tank/iocage/jails/web",
	    "org.freebsd.iocage:host_hostname", "web.example.org", "local");
	assert_row(&t, 2, "tank/iocage/jails/web", "quota", "0", "default");
	assert_row(&t, 3, "tank/iocage/jails/web", "org.freebsd.iocage:notes",
	    "", "local");
	assert_row(&t, 4, "tank/iocage/jails/web",
	    "org.freebsd.iocage:ip4_addr", "vnet0|10.0.0.5/24,lo0|127.0.1.1",
	    "inherited from tank/iocage");
	assert_row(&t, 5, "tank/iocage/jails/web", "comment", "x", "");
	/* The input is copied, never split in place. */
	assert_memory_equal(out, copy, sizeof(out));
	zds_table_free(&t);
	assert_int_equal(t.nrows, 0);
	assert_null(t.cells);
	assert_null(t.buf);
	zds_table_free(&t); /* twice is fine */
}

static void
test_parse_no_trailing_newline(void **state)
{
	struct zds_table t;
	struct ioc_err err;

	(void)state;
	assert_int_equal(
	    zds_table_parse(S("tank\tONLINE\nzroot\tDEGRADED"), 2, &t, &err),
	    0);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(zds_cell(&t, 0, 0), "tank");
	assert_string_equal(zds_cell(&t, 0, 1), "ONLINE");
	assert_string_equal(zds_cell(&t, 1, 0), "zroot");
	assert_string_equal(zds_cell(&t, 1, 1), "DEGRADED");
	zds_table_free(&t);

	/* The length is honoured: bytes after len are not parsed. */
	assert_int_equal(zds_table_parse("a\tb\nc\td\n", 4, 2, &t, &err), 0);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(zds_cell(&t, 0, 1), "b");
	zds_table_free(&t);
}

/* A CR is data: it stays in the last field (zfs never prints one). */
static void
test_parse_crlf(void **state)
{
	struct zds_table t;
	struct ioc_err err;

	(void)state;
	assert_int_equal(
	    zds_table_parse(S("a\tb\r\nc\td\r\n"), 2, &t, &err), 0);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(zds_cell(&t, 0, 1), "b\r");
	assert_string_equal(zds_cell(&t, 1, 0), "c");
	assert_string_equal(zds_cell(&t, 1, 1), "d\r");
	zds_table_free(&t);
}

static void
expect_parse_error(
    const char *out, size_t len, size_t ncols, int code, const char *msgpart)
{
	struct zds_table t;
	struct ioc_err err = {0};

	(void)memset(&t, 0x5a, sizeof(t));
	assert_int_equal(zds_table_parse(out, len, ncols, &t, &err), -1);
	assert_int_equal(err.code, code);
	if (strstr(err.msg, msgpart) == NULL)
		fail_msg("message '%s' lacks '%s'", err.msg, msgpart);
	/* A failed parse leaves an empty table that is safe to free. */
	assert_int_equal(t.nrows, 0);
	assert_null(t.cells);
	assert_null(t.buf);
	assert_null(zds_cell(&t, 0, 0));
	zds_table_free(&t);
}

static void
test_parse_wrong_field_count(void **state)
{
	(void)state;
	/* Too few fields on line 2. */
	expect_parse_error(S("a\tb\tc\td\na\tb\tc\n"), 4, IOC_EPARSE, "line 2");
	/* Too many on line 3. */
	expect_parse_error(S("a\tb\tc\td\na\tb\tc\td\na\tb\tc\td\te\n"), 4,
	    IOC_EPARSE, "line 3");
	/* A single field where 4 are expected, last line unterminated. */
	expect_parse_error(S("a\tb\tc\td\nlonely"), 4, IOC_EPARSE, "line 2");
	/* Empty lines are skipped but still counted. */
	expect_parse_error(S("\n\nx\n"), 2, IOC_EPARSE, "line 3");
	/* One column: a tab is an extra field. */
	expect_parse_error(S("tank\ntank\t\n"), 1, IOC_EPARSE, "line 2");
	/* The message says what was expected. */
	expect_parse_error(
	    S("a b c d\n"), 4, IOC_EPARSE, "expected 4 tab-separated fields");
}

static void
test_parse_nul_rejected(void **state)
{
	static const char out[] = "a\tb\nc\0x\td\n";

	(void)state;
	expect_parse_error(out, sizeof(out) - 1, 2, IOC_EPARSE, "NUL");
}

static void
test_parse_empty(void **state)
{
	struct zds_table t;
	struct ioc_err err = {.code = -7};

	(void)state;
	assert_int_equal(zds_table_parse("", 0, 4, &t, &err), 0);
	assert_int_equal(t.nrows, 0);
	assert_null(zds_cell(&t, 0, 0));
	zds_table_free(&t);

	/* Only empty lines: still no rows. */
	assert_int_equal(zds_table_parse(S("\n\n\n"), 3, &t, &err), 0);
	assert_int_equal(t.nrows, 0);
	zds_table_free(&t);
	assert_int_equal(err.code, -7);

	/* No columns is a caller error. */
	expect_parse_error(S("a\n"), 0, IOC_EINVAL, "no columns");
}

static void
test_parse_many_rows(void **state)
{
	enum { NROWS = 20000 };
	char *out, *p, want[64];
	struct zds_table t;
	struct ioc_err err;
	size_t r;

	(void)state;
	assert_non_null(out = malloc(NROWS * 64));
	p = out;
	for (r = 0; r < NROWS; r++)
		p += sprintf(p, "tank/iocage/jails/j%zu\t%zu\tyes\n", r, r * 7);
	assert_int_equal(
	    zds_table_parse(out, (size_t)(p - out), 3, &t, &err), 0);
	assert_int_equal(t.nrows, NROWS);
	for (r = 0; r < NROWS; r++) {
		(void)snprintf(want, sizeof(want), "tank/iocage/jails/j%zu", r);
		assert_string_equal(zds_cell(&t, r, 0), want);
		(void)snprintf(want, sizeof(want), "%zu", r * 7);
		assert_string_equal(zds_cell(&t, r, 1), want);
		assert_string_equal(zds_cell(&t, r, 2), "yes");
	}
	zds_table_free(&t);
	free(out);
}

static void
test_cell_bounds(void **state)
{
	struct zds_table t, zero;
	struct ioc_err err;

	(void)state;
	assert_int_equal(
	    zds_table_parse(S("a\tb\tc\nd\te\tf\n"), 3, &t, &err), 0);
	assert_string_equal(zds_cell(&t, 1, 2), "f");
	assert_null(zds_cell(&t, 2, 0));
	assert_null(zds_cell(&t, 0, 3));
	assert_null(zds_cell(&t, (size_t)-1, 0));
	assert_null(zds_cell(&t, 0, (size_t)-1));
	zds_table_free(&t);
	(void)memset(&zero, 0, sizeof(zero));
	assert_null(zds_cell(&zero, 0, 0));
	zds_table_free(&zero);
	zds_table_free(NULL);
}

static void
expect_u64(const char *s, int rv, unsigned long long want)
{
	unsigned long long v = 12345;

	if (zds_parse_u64(s, &v) != rv)
		fail_msg("zds_parse_u64('%s') did not return %d", s, rv);
	if (rv == 0 && v != want)
		fail_msg("zds_parse_u64('%s') gave %llu, not %llu", s, v, want);
	if (rv != 0 && v != 12345)
		fail_msg("zds_parse_u64('%s') wrote %llu on failure", s, v);
}

static void
test_parse_u64(void **state)
{
	(void)state;
	expect_u64("-", 0, 0);
	expect_u64("none", 0, 0);
	expect_u64("0", 0, 0);
	expect_u64("42", 0, 42);
	expect_u64("0012", 0, 12);
	expect_u64("10737418240", 0, 10737418240ULL);
	expect_u64("18446744073709551615", 0, 18446744073709551615ULL);
	expect_u64("18446744073709551616", -1, 0);
	expect_u64("18446744073709551620", -1, 0);
	expect_u64("99999999999999999999999", -1, 0);
	expect_u64("12K", -1, 0);
	expect_u64("8G", -1, 0);
	expect_u64("1.5", -1, 0);
	expect_u64("", -1, 0);
	expect_u64("-1", -1, 0);
	expect_u64("+1", -1, 0);
	expect_u64(" 1", -1, 0);
	expect_u64("1 ", -1, 0);
	expect_u64("None", -1, 0);
	expect_u64("--", -1, 0);
}

/*
 * A real paste of "zfs get -H ... | grep quota" (iocage_legacy#234) whose
 * tabs became runs of spaces: it must be refused cleanly, naming line 1.
 */
static void
test_fixture_spaces_not_tabs(void **state)
{
	const char *dir = getenv("IOC_FIXTURES");
	char path[1024], *data;
	struct zds_table t;
	struct ioc_err err = {0};
	FILE *f;
	size_t len;

	(void)state;
	(void)snprintf(path, sizeof(path),
	    "%s/zfs-props/iocage_legacy-zfs-get-H-grep-quota_iocage_legacy-"
	    "issue-234.txt",
	    dir != NULL ? dir : IOC_FIXTURES);
	if ((f = fopen(path, "r")) == NULL) {
		print_message("fixture %s not found\n", path);
		skip();
	}
	assert_non_null(data = malloc(65536));
	len = fread(data, 1, 65536, f);
	(void)fclose(f);
	assert_true(len > 0 && len < 65536);
	/* The paste really has the three quota rows, and no tab. */
	assert_null(memchr(data, '\t', len));
	data[len] = '\0';
	assert_non_null(strstr(data, "org.freebsd.iocage:allow_quotas"));

	(void)memset(&err, 0, sizeof(err));
	assert_int_equal(zds_table_parse(data, len, 4, &t, &err), -1);
	assert_int_equal(err.code, IOC_EPARSE);
	assert_non_null(strstr(err.msg, "line 1"));
	assert_int_equal(t.nrows, 0);
	zds_table_free(&t);

	/* Read as one column, every line is a row of its own. */
	assert_int_equal(zds_table_parse(data, len, 1, &t, &err), 0);
	assert_int_equal(t.nrows, 3);
	assert_non_null(strstr(zds_cell(&t, 2, 0), "allow_quotas 0"));
	zds_table_free(&t);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_get_output),
	    cmocka_unit_test(test_parse_no_trailing_newline),
	    cmocka_unit_test(test_parse_crlf),
	    cmocka_unit_test(test_parse_wrong_field_count),
	    cmocka_unit_test(test_parse_nul_rejected),
	    cmocka_unit_test(test_parse_empty),
	    cmocka_unit_test(test_parse_many_rows),
	    cmocka_unit_test(test_cell_bounds),
	    cmocka_unit_test(test_parse_u64),
	    cmocka_unit_test(test_fixture_spaces_not_tabs),
	};

	return (cmocka_run_group_tests_name("zds", tests, NULL, NULL));
}
