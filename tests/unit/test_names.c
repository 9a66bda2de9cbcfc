/*
 * test_names.c - the name rules that guard every argv and path: jail and
 * release names, source names, legacy UUIDs, dataset and snapshot names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "names.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A name of n copies of 'a' (n < size). */
static const char *
repeat(char *buf, size_t size, size_t n)
{
	assert_true(n < size);
	(void)memset(buf, 'a', n);
	buf[n] = '\0';
	return (buf);
}

static void
expect_name_ok(const char *name)
{
	struct ioc_err err = {.code = -7};

	if (ioc_name_check(name, &err) != 0)
		fail_msg("'%s' was refused: %s", name, err.msg);
	/* err is written only on failure. */
	assert_int_equal(err.code, -7);
}

static void
expect_name_bad(const char *name)
{
	struct ioc_err err = {0};
	char shown[IOC_ERRMSG_MAX];
	size_t i;

	if (ioc_name_check(name, &err) == 0)
		fail_msg("'%s' was accepted as a jail name", name);
	assert_int_equal(err.code, IOC_EINVAL);
	/* libioc's wording, naming the offender, on one line (a line break
	 * or tab in the name is shown as a blank). */
	for (i = 0; name[i] != '\0' && i < sizeof(shown) - 1; i++)
		shown[i] = strchr("\n\r\t", name[i]) != NULL ? ' ' : name[i];
	shown[i] = '\0';
	assert_non_null(strstr(err.msg, "Invalid jail name"));
	assert_non_null(strstr(err.msg, shown));
	assert_null(strchr(err.msg, '\n'));
}

static void
test_jail_name_valid(void **state)
{
	char buf[64];
	const char *ok[] = {"myjail", "my-jail_2", "web01.example", "ioc-23",
	    "a", "A1", "12.1-RELEASE", "a.b-c_d"};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		expect_name_ok(ok[i]);
	expect_name_ok(repeat(buf, sizeof(buf), IOC_NAME_MAX));
}

static void
test_jail_name_invalid(void **state)
{
	char buf[64];
	const char *bad[] = {"", "-leading", "trailing-", "has space", "a--b",
	    "a-.b", "we,jails", "jail{ioc}", "a/b", "a@b", "\xc3\xa4", "..",
	    ".", ".hidden", "a%b", "tab\tname", "new\nline", "_x", "x_", "a\\b",
	    "a:b"};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		expect_name_bad(bad[i]);
	expect_name_bad(repeat(buf, sizeof(buf), IOC_NAME_MAX + 1));
}

static void
test_jail_name_null(void **state)
{
	struct ioc_err err = {0};

	(void)state;
	assert_int_equal(ioc_name_check(NULL, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	/* A NULL err must not crash either. */
	assert_int_equal(ioc_name_check("-x", NULL), -1);
}

static void
test_source_name(void **state)
{
	const char *ok[] = {"main", "my-src", "src_2", "ioc", "A"};
	const char *bad[] = {
	    "b@d", "-x", "a-", "a.b", "", "a b", "a/b", "a--b", "_a"};
	struct ioc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		if (ioc_source_name_check(ok[i], &err) != 0)
			fail_msg("source '%s' refused: %s", ok[i], err.msg);
	for (i = 0; i < NELEM(bad); i++) {
		(void)memset(&err, 0, sizeof(err));
		if (ioc_source_name_check(bad[i], &err) == 0)
			fail_msg("source '%s' was accepted", bad[i]);
		assert_int_equal(err.code, IOC_EINVAL);
		assert_non_null(strstr(err.msg, "Invalid source name"));
	}
}

static void
test_is_uuid(void **state)
{
	const char *yes[] = {"bbf26bee-5ef5-11e5-a368-d05099728dbf",
	    "7AFF4F07-7598-11E5-BD69-ECF4BBE5DF60"};
	const char *no[] = {"", "bbf26bee", "bbf26bee-5ef5-11e5-a368",
	    "bbf26be-5ef5-11e5-a368-d05099728dbf",
	    "bbf26bee0-5ef5-11e5-a368-d05099728dbf",
	    "bbf26bee-5ef-11e5-a368-d05099728dbf",
	    "bbf26bee-5ef5-11e5-a368-d05099728dbf0",
	    "bbf26bee-5ef5-11e5-a368-d05099728db",
	    "bbf26bee_5ef5_11e5_a368_d05099728dbf",
	    "bbf26bee-5ef5-11e5-a368-d05099728dbf-",
	    "bbf26bee-5ef5-11e5-a368-d0509972.dbf", "myjail"};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(yes); i++)
		if (!names_is_uuid(yes[i]))
			fail_msg("'%s' is a UUID", yes[i]);
	for (i = 0; i < NELEM(no); i++)
		if (names_is_uuid(no[i]))
			fail_msg("'%s' is not a UUID", no[i]);
}

static void
test_dataset_ok(void **state)
{
	char buf[300];
	const char *ok[] = {"pool", "pool/a/b", "pool/a@snap", "pool/.defaults",
	    "zroot/iocage/jails/web:1", "tank/iocage/releases/12.1-RELEASE",
	    "pool/a_b.c-d@ioc_update_2020-01-01"};
	const char *bad[] = {"", "-pool", "/pool", "pool//a", "pool/a/",
	    "pool/../x", "pool/./x", "pool/..", "pool@a@b", "pool/a b",
	    "pool/a@", "@snap", "pool/a@.", "pool/a%b", "pool/a,b", "pool/a\tb",
	    "pool/\xc3\xa4", "pool/a@b/c"};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		if (!names_dataset_ok(ok[i]))
			fail_msg("dataset '%s' refused", ok[i]);
	for (i = 0; i < NELEM(bad); i++)
		if (names_dataset_ok(bad[i]))
			fail_msg("dataset '%s' accepted", bad[i]);
	assert_false(names_dataset_ok(NULL));
	/* 255 characters is the limit. */
	assert_true(names_dataset_ok(repeat(buf, sizeof(buf), 255)));
	assert_false(names_dataset_ok(repeat(buf, sizeof(buf), 256)));
}

static void
test_existing_ok(void **state)
{
	char buf[300];
	const char *ok[] = {"bbf26bee-5ef5-11e5-a368-d05099728dbf", "myjail",
	    "12.1-RELEASE", "my.jail", "jail_1", "web:1", "a"};
	const char *bad[] = {"", "-x", "a/b", "a b", ".hidden", "..", "a@b",
	    "a,b", "a\nb", "\xc3\xa4"};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		if (!names_existing_ok(ok[i]))
			fail_msg("existing name '%s' refused", ok[i]);
	for (i = 0; i < NELEM(bad); i++)
		if (names_existing_ok(bad[i]))
			fail_msg("existing name '%s' accepted", bad[i]);
	assert_true(names_existing_ok(repeat(buf, sizeof(buf), 255)));
	assert_false(names_existing_ok(repeat(buf, sizeof(buf), 256)));
}

static void
test_snapshot_ok(void **state)
{
	(void)state;
	assert_true(names_snapshot_ok("ioc_update_12.1-RELEASE-p1_2020-01-01"));
	assert_true(names_snapshot_ok("snap1"));
	assert_false(names_snapshot_ok(""));
	assert_false(names_snapshot_ok("-r"));
	assert_false(names_snapshot_ok("a@b"));
	assert_false(names_snapshot_ok("a/b"));
	assert_false(names_snapshot_ok("a b"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jail_name_valid),
	    cmocka_unit_test(test_jail_name_invalid),
	    cmocka_unit_test(test_jail_name_null),
	    cmocka_unit_test(test_source_name),
	    cmocka_unit_test(test_is_uuid),
	    cmocka_unit_test(test_dataset_ok),
	    cmocka_unit_test(test_existing_ok),
	    cmocka_unit_test(test_snapshot_ok),
	};

	return (cmocka_run_group_tests_name("names", tests, NULL, NULL));
}
