/*
 * test_rtplan.c - the runtime's per-platform decisions, both platforms
 * driven by the flag on any host: the basedir lists (pinned), how fstab
 * lines are mounted, and which resource limits start hands on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"
#include "compat.h"
#include "internal.h"
#include "rtplan.h"

static void
put(struct cfg *c, const char *k, const char *v)
{
	struct ioc_err err = {0};

	if (cfg_set(c, k, v, &err) != 0)
		fail_msg("cfg_set %s: %s", k, err.msg);
}

/* The vector joined with " ". */
static void
joined(const char *const *v, char *buf, size_t size)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; v[i] != NULL; i++)
		o += (size_t)snprintf(
		    buf + o, size - o, "%s%s", i > 0 ? " " : "", v[i]);
}

/* spec §4 on FreeBSD; a Linux userland's directories on Linux. */
static void
test_basedirs_pinned(void **state)
{
	char buf[512];

	(void)state;
	joined(rtplan_basedirs(COMPAT_FREEBSD), buf, sizeof(buf));
	assert_string_equal(buf,
	    "bin boot lib libexec rescue sbin usr/bin usr/include usr/lib "
	    "usr/libexec usr/sbin usr/share usr/libdata usr/lib32");
	joined(rtplan_basedirs(COMPAT_LINUX), buf, sizeof(buf));
	assert_string_equal(buf,
	    "bin sbin lib lib32 lib64 libx32 usr/bin usr/sbin usr/lib "
	    "usr/lib32 usr/lib64 usr/libexec usr/share usr/include");
	/* The build's own platform picks one of them. */
	assert_ptr_equal(rtplan_basedirs(compat_platform()),
	    rtplan_basedirs(compat_is_linux() ? COMPAT_LINUX : COMPAT_FREEBSD));
}

/* tmpfs keeps its options on both platforms (they were dropped). */
static void
test_fstab_tmpfs_options(void **state)
{
	static const enum compat_platform plats[] = {
	    COMPAT_LINUX, COMPAT_FREEBSD};
	struct rtplan_fsmount m;
	struct ioc_err err = {0};
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(rtplan_fstab(plats[i], "tmpfs",
				     "rw,size=1m,mode=0700", &m, &err),
		    0);
		assert_string_equal(m.fstype, "tmpfs");
		assert_int_equal(m.bind, 0);
		assert_int_equal(m.readonly, 0);
		assert_int_equal(m.has_data, 1);
		assert_string_equal(m.data, "size=1m,mode=0700");
		assert_int_equal(
		    rtplan_fstab(plats[i], "tmpfs", "ro,size=4k", &m, &err), 0);
		assert_int_equal(m.readonly, 1);
		assert_string_equal(m.data, "size=4k");
		/* rw alone: nothing to pass on */
		assert_int_equal(
		    rtplan_fstab(plats[i], "tmpfs", "rw", &m, &err), 0);
		assert_int_equal(m.has_data, 0);
	}
}

/* nullfs: a bind without data on Linux, nmount options on FreeBSD. */
static void
test_fstab_nullfs(void **state)
{
	struct rtplan_fsmount m;
	struct ioc_err err = {0};

	(void)state;
	assert_int_equal(
	    rtplan_fstab(COMPAT_LINUX, "nullfs", "ro,noexec", &m, &err), 0);
	assert_int_equal(m.bind, 1);
	assert_int_equal(m.readonly, 1);
	assert_string_equal(m.fstype, "");
	assert_int_equal(m.has_data, 0);
	assert_int_equal(
	    rtplan_fstab(COMPAT_FREEBSD, "nullfs", "ro,noexec", &m, &err), 0);
	assert_int_equal(m.bind, 1);
	assert_int_equal(m.readonly, 1);
	assert_int_equal(m.has_data, 1);
	assert_string_equal(m.data, "noexec");
	/* "rox" is not "ro" */
	assert_int_equal(
	    rtplan_fstab(COMPAT_FREEBSD, "nullfs", "rox", &m, &err), 0);
	assert_int_equal(m.readonly, 0);
}

/* Other types: FreeBSD's nmount(2) takes them, Linux refuses them. */
static void
test_fstab_types(void **state)
{
	static const char *const others[] = {
	    "procfs", "linprocfs", "fdescfs", "devfs", "zfs", "ufs"};
	struct rtplan_fsmount m;
	struct ioc_err err = {0};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		assert_int_equal(
		    rtplan_fstab(COMPAT_FREEBSD, others[i], "rw", &m, &err), 0);
		assert_string_equal(m.fstype, others[i]);
		assert_int_equal(m.bind, 0);
		assert_int_equal(
		    rtplan_fstab_type(COMPAT_FREEBSD, others[i], &err), 0);
		(void)memset(&err, 0, sizeof(err));
		assert_int_equal(
		    rtplan_fstab(COMPAT_LINUX, others[i], "rw", &m, &err), -1);
		assert_int_equal(err.code, IOC_ENOTSUP);
		assert_non_null(
		    strstr(err.msg, "is not supported here (nullfs, tmpfs)"));
		assert_int_equal(
		    rtplan_fstab_type(COMPAT_LINUX, others[i], &err), -1);
	}
	/* Not a name nmount(2) could take, on either platform. */
	(void)memset(&err, 0, sizeof(err));
	assert_int_equal(
	    rtplan_fstab(COMPAT_FREEBSD, "Proc/fs", "rw", &m, &err), -1);
	assert_non_null(strstr(err.msg, "is not a file system name"));
	assert_int_equal(
	    rtplan_fstab(COMPAT_FREEBSD, "averyveryverylongfs", "rw", &m, &err),
	    -1);
	assert_int_equal(rtplan_fstab_type(COMPAT_FREEBSD, "", &err), -1);
	assert_int_equal(rtplan_fstab_type(COMPAT_LINUX, "", &err), -1);
}

/* Options longer than the mount data buffer are an error, not cut. */
static void
test_fstab_long_options(void **state)
{
	char opts[RTPLAN_DATALEN + 16];
	struct rtplan_fsmount m;
	struct ioc_err err = {0};

	(void)state;
	(void)memset(opts, 'a', sizeof(opts) - 1);
	opts[sizeof(opts) - 1] = '\0';
	assert_int_equal(
	    rtplan_fstab(COMPAT_LINUX, "tmpfs", opts, &m, &err), -1);
	assert_non_null(strstr(err.msg, "too long"));
	assert_int_equal(m.has_data, 0);
}

struct lfix {
	struct cfg jail, defs;
	struct rtplan_limits l;
	struct ioc_err err;
};

static int
lsetup(void **state)
{
	struct lfix *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return (-1);
	cfg_init(&f->jail);
	cfg_init(&f->defs);
	*state = f;
	return (0);
}

static int
lteardown(void **state)
{
	struct lfix *f = *state;

	rtplan_limits_free(&f->l);
	cfg_clear(&f->jail);
	cfg_clear(&f->defs);
	free(f);
	return (0);
}

static void
assert_no_limits(const struct rtplan_limits *l)
{
	assert_true(l->lim.memory == -1 && l->lim.procs == -1 &&
	    l->lim.cpu == -1 && l->lim.files == -1);
}

/* Linux: the four mapped limits, the rest warned about (automatic). */
static void
test_limits_linux(void **state)
{
	struct lfix *f = *state;

	put(&f->jail, "memoryuse", "64M:deny");
	put(&f->jail, "maxproc", "40");
	put(&f->jail, "nthr", "10:deny");
	put(&f->defs, "openfiles", "256");
	assert_int_equal(
	    rtplan_limits(COMPAT_LINUX, &f->jail, &f->defs, &f->l, &f->err), 0);
	assert_true(f->l.lim.memory == 64LL * 1024 * 1024);
	assert_true(f->l.lim.procs == 40);
	assert_true(f->l.lim.files == 256);
	assert_true(f->l.lim.cpu == -1);
	assert_int_equal(f->l.strict, 0);
	assert_int_equal(f->l.nwarnings, 1);
	assert_string_equal(
	    f->l.warnings[0], "nthr=10:deny is not enforced on Linux");
	rtplan_limits_free(&f->l);
	/* a mapped resource with another action is not enforceable */
	put(&f->jail, "maxproc", "40:log");
	assert_int_equal(
	    rtplan_limits(COMPAT_LINUX, &f->jail, &f->defs, &f->l, &f->err), 0);
	assert_true(f->l.lim.procs == -1);
	assert_int_equal(f->l.nwarnings, 2);
}

/* Linux with rlimits=yes: what it cannot enforce is an error. */
static void
test_limits_linux_strict(void **state)
{
	struct lfix *f = *state;

	put(&f->jail, "rlimits", "yes");
	put(&f->jail, "memoryuse", "64M:deny");
	assert_int_equal(
	    rtplan_limits(COMPAT_LINUX, &f->jail, &f->defs, &f->l, &f->err), 0);
	assert_int_equal(f->l.strict, 1);
	put(&f->jail, "nthr", "10:deny");
	assert_int_equal(
	    rtplan_limits(COMPAT_LINUX, &f->jail, &f->defs, &f->l, &f->err),
	    -1);
	assert_int_equal(f->err.code, IOC_ENOTSUP);
	assert_string_equal(f->err.msg,
	    "nthr=10:deny cannot be enforced on Linux (memoryuse, maxproc, "
	    "pcpu and openfiles with deny per jail can)");
	assert_int_equal(f->l.nwarnings, 0);
}

/* FreeBSD: rctl takes every resource (fbplan.c's rules); none here. */
static void
test_limits_freebsd(void **state)
{
	struct lfix *f = *state;

	put(&f->jail, "memoryuse", "64M:deny");
	put(&f->jail, "nthr", "10:deny");
	put(&f->jail, "maxproc", "40:log");
	assert_int_equal(
	    rtplan_limits(COMPAT_FREEBSD, &f->jail, &f->defs, &f->l, &f->err),
	    0);
	assert_no_limits(&f->l);
	assert_int_equal(f->l.nwarnings, 0);
	assert_int_equal(f->l.strict, 0);
	put(&f->jail, "rlimits", "yes");
	assert_int_equal(
	    rtplan_limits(COMPAT_FREEBSD, &f->jail, &f->defs, &f->l, &f->err),
	    0);
	assert_int_equal(f->l.strict, 1);
	assert_no_limits(&f->l);
}

/* rlimits=no: no limit on either platform, nothing said. */
static void
test_limits_off(void **state)
{
	struct lfix *f = *state;

	put(&f->jail, "rlimits", "no");
	put(&f->jail, "memoryuse", "64M:deny");
	put(&f->jail, "nthr", "10:deny");
	assert_int_equal(
	    rtplan_limits(COMPAT_LINUX, &f->jail, &f->defs, &f->l, &f->err), 0);
	assert_no_limits(&f->l);
	assert_int_equal(f->l.nwarnings, 0);
	assert_int_equal(
	    rtplan_limits(COMPAT_FREEBSD, &f->jail, &f->defs, &f->l, &f->err),
	    0);
	assert_no_limits(&f->l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basedirs_pinned),
	    cmocka_unit_test(test_fstab_tmpfs_options),
	    cmocka_unit_test(test_fstab_nullfs),
	    cmocka_unit_test(test_fstab_types),
	    cmocka_unit_test(test_fstab_long_options),
	    cmocka_unit_test_setup_teardown(
		test_limits_linux, lsetup, lteardown),
	    cmocka_unit_test_setup_teardown(
		test_limits_linux_strict, lsetup, lteardown),
	    cmocka_unit_test_setup_teardown(
		test_limits_freebsd, lsetup, lteardown),
	    cmocka_unit_test_setup_teardown(test_limits_off, lsetup, lteardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
