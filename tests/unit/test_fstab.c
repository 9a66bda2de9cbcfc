/*
 * test_fstab.c - the fstab line model: entries and comments kept byte for
 * byte, escaped spaces, and the path rewriting of rename and clone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fstab.h"
#include "internal.h"

/* Parse, rewrite from -> to, format; compare with want and the count. */
static void
expect_rewrite(const char *in, const char *from, const char *to,
    const char *want, size_t nwant)
{
	struct fstab f;
	struct ioc_err err;
	size_t n = 99, len;
	char *out;

	if (fstab_parse(in, strlen(in), &f, &err) != 0)
		fail_msg("parse: %s", err.msg);
	if (fstab_rewrite_prefix(&f, from, to, &n, &err) != 0)
		fail_msg("rewrite: %s", err.msg);
	out = fstab_format(&f, &len, &err);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	assert_int_equal(n, nwant);
	free(out);
	fstab_free(&f);
}

static void
test_roundtrip(void **state)
{
	const char *texts[] = {
	    "",
	    "\n",
	    "# only a comment",
	    "/a\t/b\tnullfs\tro\t0\t0\n",
	    "/a /b nullfs ro 0 0 # with comment\n\n  # indented\n",
	    "/with\\040space\t/x\\ y\tnullfs\tro\t0\t0",
	    "/crlf\t/b\tnullfs\tro\t0\t0\r\n",
	    "one-field-only\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct fstab f;
		struct ioc_err err;
		char *out;
		size_t len;

		assert_int_equal(
		    fstab_parse(texts[i], strlen(texts[i]), &f, &err), 0);
		out = fstab_format(&f, &len, &err);
		assert_non_null(out);
		assert_string_equal(out, texts[i]);
		free(out);
		fstab_free(&f);
	}
}

static void
test_fields(void **state)
{
	const char *in = "# c\n/src\\040dir /dst\\ x\tnullfs rw,noatime 0 0 "
			 "# note\n\n";
	struct fstab f;
	struct ioc_err err;
	char *s;

	(void)state;
	assert_int_equal(fstab_parse(in, strlen(in), &f, &err), 0);
	assert_int_equal(f.n, 3);
	assert_false(f.v[0].entry);
	assert_true(f.v[1].entry);
	assert_false(f.v[2].entry);
	assert_int_equal(f.v[1].nfields, 6);
	s = fstab_field(&f.v[1], 0, &err);
	assert_string_equal(s, "/src dir");
	free(s);
	s = fstab_field(&f.v[1], 1, &err);
	assert_string_equal(s, "/dst x");
	free(s);
	s = fstab_field(&f.v[1], 3, &err);
	assert_string_equal(s, "rw,noatime");
	free(s);
	s = fstab_field(&f.v[1], 5, &err);
	assert_string_equal(s, "0");
	free(s);
	assert_null(fstab_field(&f.v[0], 0, &err));
	fstab_free(&f);
}

static void
test_escape(void **state)
{
	char *e;
	struct ioc_err err;

	(void)state;
	e = fstab_escape("/a b\tc\\d", &err);
	assert_string_equal(e, "/a\\040b\\011c\\134d");
	free(e);
}

/* rename: the jail mountpoint changes, "/root" and the rest stay. */
static void
test_rewrite_rename(void **state)
{
	(void)state;
	expect_rewrite("/host/data\t/iocage/jails/old/root/mnt/data\tnullfs\t"
		       "ro\t0\t0\n",
	    "/iocage/jails/old", "/iocage/jails/new",
	    "/host/data\t/iocage/jails/new/root/mnt/data\tnullfs\tro\t0\t0\n",
	    1);
	/* the source too, when it lies in the jail */
	expect_rewrite("/iocage/jails/old/share /iocage/jails/old/root/share "
		       "nullfs ro 0 0 # keep me\n",
	    "/iocage/jails/old", "/iocage/jails/web",
	    "/iocage/jails/web/share /iocage/jails/web/root/share "
	    "nullfs ro 0 0 # keep me\n",
	    1);
	/* the mountpoint itself */
	expect_rewrite("/x\t/iocage/jails/old\tnullfs\tro\t0\t0",
	    "/iocage/jails/old/", "/iocage/jails/b",
	    "/x\t/iocage/jails/b\tnullfs\tro\t0\t0", 1);
}

/* Paths that only share a prefix string, comments, other jails: kept. */
static void
test_rewrite_untouched(void **state)
{
	const char *in = "# /iocage/jails/old/root/mnt in a comment\n"
			 "/h\t/iocage/jails/old2/root/mnt\tnullfs\tro\t0\t0\n"
			 "/h\t/iocage/jails/ol\tnullfs\tro\t0\t0\n"
			 "/iocage/jails/other/root /mnt/x nullfs ro 0 0 # "
			 "/iocage/jails/old\n";

	(void)state;
	expect_rewrite(in, "/iocage/jails/old", "/iocage/jails/new", in, 0);
	/* from == to changes nothing */
	expect_rewrite("/h /iocage/jails/old/root nullfs ro 0 0\n",
	    "/iocage/jails/old", "/iocage/jails/old",
	    "/h /iocage/jails/old/root nullfs ro 0 0\n", 0);
}

/* Escaped spaces in the old prefix match; the new prefix is escaped. */
static void
test_rewrite_spaces(void **state)
{
	(void)state;
	expect_rewrite(
	    "/h\t/my\\040pool/jails/a/root/m\\ n\tnullfs\tro\t0\t0\n",
	    "/my pool/jails/a", "/my pool/jails/b c",
	    "/h\t/my\\040pool/jails/b\\040c/root/m\\ n\tnullfs\tro\t0\t0\n", 1);
	expect_rewrite("/h /p/a\\ b/root nullfs ro 0 0\n", "/p/a b", "/p/c",
	    "/h /p/c/root nullfs ro 0 0\n", 1);
}

static void
test_rewrite_invalid(void **state)
{
	struct fstab f;
	struct ioc_err err;

	(void)state;
	assert_int_equal(fstab_parse("/a /b x y 0 0\n", 14, &f, &err), 0);
	assert_int_equal(fstab_rewrite_prefix(&f, "/", "/x", NULL, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	assert_int_equal(
	    fstab_rewrite_prefix(&f, "relative", "/x", NULL, &err), -1);
	assert_int_equal(fstab_rewrite_prefix(&f, "/a", "rel", NULL, &err), -1);
	fstab_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_rewrite_rename),
	    cmocka_unit_test(test_rewrite_untouched),
	    cmocka_unit_test(test_rewrite_spaces),
	    cmocka_unit_test(test_rewrite_invalid),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
