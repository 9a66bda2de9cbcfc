/*
 * test_jailfstab.c - the pure parts of "fstab add": the destination
 * relative to the jail root, the checks of a line's words, the options,
 * the line libioc writes, and the walk that never follows a symlink.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fstab.h"
#include "internal.h"
#include "jailfstab.h"
#include "testutil.h"

#define ROOT "/iocage/jails/web/root"

static void
expect_rel(const char *dst, const char *want)
{
	struct ioc_err err;
	char out[256];

	if (jfs_dest_rel(ROOT, dst, out, sizeof(out), &err) != 0)
		fail_msg("'%s': %s", dst, err.msg);
	assert_string_equal(out, want);
}

static void
expect_rel_fail(const char *dst, int code, const char *msg)
{
	struct ioc_err err;
	char out[256];

	assert_int_equal(jfs_dest_rel(ROOT, dst, out, sizeof(out), &err), -1);
	assert_int_equal(err.code, code);
	if (msg != NULL)
		assert_string_equal(err.msg, msg);
}

static void
test_dest_rel(void **state)
{
	(void)state;
	expect_rel("/mnt/x", "mnt/x");
	expect_rel("mnt/x", "mnt/x");
	expect_rel("//mnt///x/", "mnt/x");
	expect_rel("/./mnt/./x/.", "mnt/x");
	/* libioc's form: the host path below the root */
	expect_rel(ROOT "/mnt/x", "mnt/x");
	expect_rel(ROOT "//srv", "srv");
	/* only a whole component of the root counts */
	expect_rel(ROOT "x/y", "iocage/jails/web/rootx/y");
	/* a host path elsewhere is a path inside the jail */
	expect_rel("/data/share", "data/share");
	expect_rel_fail("/mnt/../../etc", IOC_ESECURITY,
	    "Insecure path " ROOT "/mnt/../../etc jail escape attempt");
	expect_rel_fail("..", IOC_ESECURITY, NULL);
	expect_rel_fail(ROOT "/a/..", IOC_ESECURITY, NULL);
	expect_rel_fail("/", IOC_EINVAL, NULL);
	expect_rel_fail(ROOT, IOC_EINVAL, NULL);
	expect_rel_fail("/./", IOC_EINVAL, NULL);
}

static void
test_dest_rel_size(void **state)
{
	struct ioc_err err;
	char out[8];

	(void)state;
	assert_int_equal(
	    jfs_dest_rel(ROOT, "/abc/def", out, sizeof(out), &err), 0);
	assert_string_equal(out, "abc/def");
	assert_int_equal(
	    jfs_dest_rel(ROOT, "/abc/defg", out, sizeof(out), &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
}

static void
test_check_word(void **state)
{
	static const char *const bad[] = {
	    "", "r o", "ro\t", "a#b", "a\\040b", "x\n"};
	struct ioc_err err;
	size_t i;

	(void)state;
	assert_int_equal(jfs_check_word("options", "rw,size=1m", &err), 0);
	assert_int_equal(jfs_check_word("type", "nullfs", &err), 0);
	assert_int_equal(jfs_check_word("type", NULL, &err), -1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(jfs_check_word("options", bad[i], &err), -1);
		assert_int_equal(err.code, IOC_EINVAL);
		assert_non_null(strstr(err.msg, "options"));
	}
}

static void
test_opts(void **state)
{
	struct ioc_err err;
	char *d;

	(void)state;
	assert_true(jfs_opts_readonly("ro"));
	assert_true(jfs_opts_readonly("nosuid,ro"));
	assert_true(jfs_opts_readonly("ro,noexec"));
	assert_false(jfs_opts_readonly("rw"));
	assert_false(jfs_opts_readonly("rox,xro,r,o"));
	assert_false(jfs_opts_readonly(""));
	d = jfs_opts_data("rw,size=1m,ro,mode=1777", &err);
	assert_non_null(d);
	assert_string_equal(d, "size=1m,mode=1777");
	free(d);
	d = jfs_opts_data("ro", &err);
	assert_non_null(d);
	assert_string_equal(d, "");
	free(d);
	d = jfs_opts_data(",,rw,,noexec,", &err);
	assert_non_null(d);
	assert_string_equal(d, "noexec");
	free(d);
	d = jfs_opts_data("defaults,size=2m,defaultsx", &err);
	assert_non_null(d);
	assert_string_equal(d, "size=2m,defaultsx");
	free(d);
}

static void
test_format_line(void **state)
{
	struct ioc_err err;
	struct fstab f;
	char *l, *v;

	(void)state;
	l = jfs_format_line(
	    "/data", ROOT "/mnt/x", "nullfs", "ro", 0, 0, NULL, &err);
	assert_non_null(l);
	assert_string_equal(l, "/data\t" ROOT "/mnt/x\tnullfs\tro\t0\t0");
	free(l);
	l = jfs_format_line(
	    "/my data", ROOT "/a b", "nullfs", "rw", 1, 2, "shared", &err);
	assert_non_null(l);
	assert_string_equal(
	    l, "/my\\040data\t" ROOT "/a\\040b\tnullfs\trw\t1\t2 # shared");
	/* What fstab.c reads back is what was given. */
	assert_int_equal(fstab_parse(l, strlen(l), &f, &err), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.v[0].nfields, 6);
	v = fstab_field(&f.v[0], 0, &err);
	assert_string_equal(v, "/my data");
	free(v);
	v = fstab_field(&f.v[0], 1, &err);
	assert_string_equal(v, ROOT "/a b");
	free(v);
	fstab_free(&f);
	free(l);
}

static void
test_open_dir(void **state)
{
	char dir[256], p[512], q[512];
	struct ioc_err err;
	int rootfd, fd, before;

	(void)state;
	assert_int_equal(tu_mkdtemp("jailfstab", dir, sizeof(dir)), 0);
	assert_int_equal(mkdir(tu_path(p, sizeof(p), "%s/root", dir), 0755), 0);
	assert_int_equal(
	    mkdir(tu_path(p, sizeof(p), "%s/root/a", dir), 0755), 0);
	assert_int_equal(
	    mkdir(tu_path(p, sizeof(p), "%s/root/a/b", dir), 0755), 0);
	assert_int_equal(
	    mkdir(tu_path(p, sizeof(p), "%s/outside", dir), 0755), 0);
	assert_int_equal(symlink(tu_path(q, sizeof(q), "%s/outside", dir),
			     tu_path(p, sizeof(p), "%s/root/evil", dir)),
	    0);
	assert_int_equal(
	    symlink("a", tu_path(p, sizeof(p), "%s/root/rel", dir)), 0);
	assert_int_equal(
	    tu_write_file(tu_path(p, sizeof(p), "%s/root/f", dir), "x", 1), 0);
	rootfd =
	    open(tu_path(p, sizeof(p), "%s/root", dir), O_RDONLY | O_DIRECTORY);
	assert_true(rootfd >= 0);
	before = tu_fd_count();

	fd = jfs_open_dir(rootfd, "a/b", "/a/b", &err);
	assert_true(fd >= 0);
	(void)close(fd);
	fd = jfs_open_dir(rootfd, "/a//./b/", "/a/b", &err);
	assert_true(fd >= 0);
	(void)close(fd);
	fd = jfs_open_dir(rootfd, "", "/", &err);
	assert_true(fd >= 0);
	(void)close(fd);
	/* a symlink anywhere, even one that stays inside, is refused */
	assert_int_equal(jfs_open_dir(rootfd, "evil", "/evil", &err), -1);
	assert_int_equal(err.code, IOC_ESECURITY);
	assert_string_equal(err.msg, "Insecure path /evil jail escape attempt");
	assert_int_equal(jfs_open_dir(rootfd, "evil/x", "/evil/x", &err), -1);
	assert_int_equal(err.code, IOC_ESECURITY);
	assert_int_equal(jfs_open_dir(rootfd, "rel/b", "/rel/b", &err), -1);
	assert_int_equal(err.code, IOC_ESECURITY);
	assert_int_equal(jfs_open_dir(rootfd, "a/../..", "/x", &err), -1);
	assert_int_equal(err.code, IOC_ESECURITY);
	assert_int_equal(jfs_open_dir(rootfd, "f", "/f", &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	assert_int_equal(jfs_open_dir(rootfd, "nope/x", "/nope/x", &err), -1);
	assert_int_equal(err.sys, ENOENT);
	/* nothing leaks on any path */
	assert_int_equal(tu_fd_count(), before);
	(void)close(rootfd);
	assert_int_equal(tu_rm_rf(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dest_rel),
	    cmocka_unit_test(test_dest_rel_size),
	    cmocka_unit_test(test_check_word),
	    cmocka_unit_test(test_opts),
	    cmocka_unit_test(test_format_line),
	    cmocka_unit_test(test_open_dir),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
