/*
 * test_release.c - the pure logic of releases: pN names, reading a
 * "zfs list" of <root>/releases, rel_find()'s selector semantics
 * (rel_lookup), snapshot and clone names, and the root file system check.
 * No ZFS is needed.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "release.h"
#include "testutil.h"
#include "zds.h"

static char src_a_name[] = "main", src_a_ds[] = "tank/iocage";
static char src_b_name[] = "other", src_b_ds[] = "data/ioc";
static struct src src_a = {src_a_name, src_a_ds, NULL};
static struct src src_b = {src_b_name, src_b_ds, NULL};

static void
test_parse_patch(void **state)
{
	static const char *const bad[] = {"", "p", "P1", "x1", "p-1", "p1a",
	    "p01", "p00", "p 1", "1", "p2147483648", "p99999999999999999999",
	    "pre-update", "p1.0"};
	size_t i;

	(void)state;
	assert_int_equal(rel_parse_patch("p0"), 0);
	assert_int_equal(rel_parse_patch("p1"), 1);
	assert_int_equal(rel_parse_patch("p10"), 10);
	assert_int_equal(rel_parse_patch("p2147483647"), INT_MAX);
	assert_int_equal(rel_parse_patch(NULL), -1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (rel_parse_patch(bad[i]) != -1)
			fail_msg("'%s' parsed as a patch level", bad[i]);
	}
}

/* Parse a listing into l for source s. */
static void
load(const char *text, const struct src *s, const char *prefix,
    struct rellist *l)
{
	struct zds_table t;
	struct ioc_err err;

	assert_int_equal(zds_table_parse(text, strlen(text), 3, &t, &err), 0);
	if (rel_from_table(s, prefix, &t, l, &err) != 0)
		fail_msg("rel_from_table: %s", err.msg);
	zds_table_free(&t);
}

static const struct rel *
rel_named(const struct rellist *l, const struct src *s, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].src == s && strcmp(l->v[i].name, name) == 0)
			return (&l->v[i]);
	return (NULL);
}

/* Listing of source a: every shape a releases tree can have. */
static const char listing_a[] =
    "tank/iocage/releases\t/iocage/releases\tyes\n"
    "tank/iocage/releases@old\t-\t-\n"
    "tank/iocage/releases/13.2-RELEASE\t/iocage/releases/13.2-RELEASE\tyes\n"
    "tank/iocage/releases/13.2-RELEASE@x\t-\t-\n"
    "tank/iocage/releases/13.2-RELEASE/root\t"
    "/iocage/releases/13.2-RELEASE/root\tyes\n"
    /* snapshots out of order, one that is no patch level */
    "tank/iocage/releases/13.2-RELEASE/root@p4\t-\t-\n"
    "tank/iocage/releases/13.2-RELEASE/root@p0\t-\t-\n"
    "tank/iocage/releases/13.2-RELEASE/root@pre-update\t-\t-\n"
    "tank/iocage/releases/13.2-RELEASE/root@p01\t-\t-\n"
    "tank/iocage/releases/13.2-RELEASE/root@p2\t-\t-\n"
    /* clones and their snapshots, the updates dataset */
    "tank/iocage/releases/13.2-RELEASE/root-p0\t"
    "/iocage/releases/13.2-RELEASE/root-p0\tno\n"
    "tank/iocage/releases/13.2-RELEASE/root-p0@p7\t-\t-\n"
    "tank/iocage/releases/13.2-RELEASE/rootfs\t/x\tyes\n"
    "tank/iocage/releases/13.2-RELEASE/updates\t/x/updates\tyes\n"
    "tank/iocage/releases/13.2-RELEASE/updates@pre-update1\t-\t-\n"
    /* a release without root, one whose root is not mounted */
    "tank/iocage/releases/empty\t/iocage/releases/empty\tyes\n"
    "tank/iocage/releases/custom\t/iocage/releases/custom\tyes\n"
    "tank/iocage/releases/custom/root\t/iocage/releases/custom/root\tno\n"
    "tank/iocage/releases/nomp\t/iocage/releases/nomp\tyes\n"
    "tank/iocage/releases/nomp/root\tnone\tno\n"
    "tank/iocage/releases/nomp/root@p3\t-\t-\n"
    /* a name that really ends in -pN */
    "tank/iocage/releases/x-p1\t/iocage/releases/x-p1\tyes\n"
    "tank/iocage/releases/x-p1/root\t/iocage/releases/x-p1/root\tyes\n"
    "tank/iocage/releases/x\t/iocage/releases/x\tyes\n"
    "tank/iocage/releases/x/root\t/iocage/releases/x/root\tyes\n"
    "tank/iocage/releases/x/root@p1\t-\t-\n"
    "tank/iocage/releases/x/root@p5\t-\t-\n"
    /* names ioc could not use are skipped */
    "tank/iocage/releases/.hidden\t/h\tyes\n"
    "tank/iocage/releases/-dash\t/d\tyes\n";

static const char listing_b[] =
    "data/ioc/releases\t/data/releases\tyes\n"
    "data/ioc/releases/13.2-RELEASE\t/d/13.2-RELEASE\tyes\n"
    "data/ioc/releases/13.2-RELEASE/root\t/d/13.2-RELEASE/root\tyes\n"
    "data/ioc/releases/13.2-RELEASE/root@p9\t-\t-\n"
    "data/ioc/releases/onlyb\t/d/onlyb\tyes\n"
    "data/ioc/releases/onlyb/root\t/d/onlyb/root\tyes\n"
    "data/ioc/releases/onlyb/root@p0\t-\t-\n";

static void
load_both(struct rellist *l)
{
	(void)memset(l, 0, sizeof(*l));
	load(listing_a, &src_a, "tank/iocage/releases", l);
	load(listing_b, &src_b, "data/ioc/releases", l);
}

static void
test_from_table(void **state)
{
	const struct rel *r;
	struct rellist l;

	(void)state;
	load_both(&l);
	/* 13.2-RELEASE empty custom nomp x-p1 x; onlyb and 13.2 in b */
	assert_int_equal(l.n, 8);
	assert_null(rel_named(&l, &src_a, ".hidden"));
	assert_null(rel_named(&l, &src_a, "-dash"));
	assert_null(rel_named(&l, &src_a, "root-p0"));

	assert_non_null(r = rel_named(&l, &src_a, "13.2-RELEASE"));
	assert_string_equal(r->dataset, "tank/iocage/releases/13.2-RELEASE");
	assert_string_equal(r->root_mp, "/iocage/releases/13.2-RELEASE/root");
	assert_true(r->has_root);
	assert_int_equal(r->npatches, 3);
	assert_int_equal(r->patches[0], 0);
	assert_int_equal(r->patches[1], 2);
	assert_int_equal(r->patches[2], 4);

	assert_non_null(r = rel_named(&l, &src_a, "empty"));
	assert_false(r->has_root);
	assert_null(r->root_mp);
	assert_int_equal(r->npatches, 0);

	assert_non_null(r = rel_named(&l, &src_a, "custom"));
	assert_true(r->has_root);
	assert_null(r->root_mp); /* not mounted */

	assert_non_null(r = rel_named(&l, &src_a, "nomp"));
	assert_null(r->root_mp);
	assert_int_equal(r->npatches, 1);

	assert_non_null(r = rel_named(&l, &src_b, "13.2-RELEASE"));
	assert_string_equal(r->dataset, "data/ioc/releases/13.2-RELEASE");
	assert_int_equal(r->npatches, 1);
	assert_int_equal(r->patches[0], 9);
	rel_list_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	rel_list_free(&l); /* twice is fine */
	rel_list_free(NULL);
}

/* Rows that appear before their parent still land in one release. */
static void
test_from_table_order(void **state)
{
	static const char text[] = "p/releases/r/root@p3\t-\t-\n"
				   "p/releases/r/root@p1\t-\t-\n"
				   "p/releases/r/root\t/r\tyes\n"
				   "p/releases/r\t/rr\tyes\n"
				   "p/releases/r/root@p1\t-\t-\n";
	struct rellist l = {NULL, 0};

	(void)state;
	load(text, &src_a, "p/releases", &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].npatches, 2); /* p1 once */
	assert_int_equal(l.v[0].patches[0], 1);
	assert_int_equal(l.v[0].patches[1], 3);
	assert_string_equal(l.v[0].root_mp, "/r");
	rel_list_free(&l);
}

static void
test_from_table_columns(void **state)
{
	struct zds_table t;
	struct rellist l = {NULL, 0};
	struct ioc_err err;

	(void)state;
	assert_int_equal(zds_table_parse("a\tb\n", 4, 2, &t, &err), 0);
	assert_int_equal(rel_from_table(&src_a, "a", &t, &l, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	zds_table_free(&t);
}

/* rel_lookup(sel) must find release name in source s at patch level. */
static void
expect(const struct rellist *l, const char *sel, const struct src *s,
    const char *name, int patch)
{
	const struct rel *r;
	struct ioc_err err;
	int p = -7;

	if (rel_lookup(l, sel, &r, &p, &err) != 0)
		fail_msg("rel_lookup(%s): %s", sel, err.msg);
	assert_ptr_equal(r->src, s);
	assert_string_equal(r->name, name);
	if (p != patch)
		fail_msg(
		    "rel_lookup(%s): patch %d, expected %d", sel, p, patch);
}

static void
expect_fail(const struct rellist *l, const char *sel, int code, const char *msg)
{
	const struct rel *r = (const struct rel *)1;
	struct ioc_err err;
	int p = -7;

	if (rel_lookup(l, sel, &r, &p, &err) == 0)
		fail_msg("rel_lookup(%s) found %s", sel, r->name);
	assert_int_equal(err.code, code);
	assert_null(r);
	assert_int_equal(p, -1);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("rel_lookup(%s): '%s' lacks '%s'", sel, err.msg, msg);
}

static void
test_lookup(void **state)
{
	struct rellist l;

	(void)state;
	load_both(&l);
	/* the highest patch level, main source first */
	expect(&l, "13.2-RELEASE", &src_a, "13.2-RELEASE", 4);
	expect(&l, "other/13.2-RELEASE", &src_b, "13.2-RELEASE", 9);
	expect(&l, "main/13.2-RELEASE", &src_a, "13.2-RELEASE", 4);
	/* found in the second source only */
	expect(&l, "onlyb", &src_b, "onlyb", 0);
	/* pinned */
	expect(&l, "13.2-RELEASE-p2", &src_a, "13.2-RELEASE", 2);
	expect(&l, "13.2-RELEASE-p0", &src_a, "13.2-RELEASE", 0);
	expect(&l, "other/13.2-RELEASE-p9", &src_b, "13.2-RELEASE", 9);
	/* no snapshots yet: found, patch -1 */
	expect(&l, "empty", &src_a, "empty", -1);
	expect(&l, "custom", &src_a, "custom", -1);
	/* a release really named x-p1 wins over x pinned at p1 */
	expect(&l, "x-p1", &src_a, "x-p1", -1);
	expect(&l, "x-p5", &src_a, "x", 5);
	expect(&l, "x", &src_a, "x", 5);

	expect_fail(&l, "nothere", IOC_ENOENT,
	    "Release 'nothere' does not exist or is not fetched locally");
	expect_fail(&l, "13.2-RELEASE-p3", IOC_ENOENT, "has no snapshot p3");
	expect_fail(&l, "13.2-RELEASE-p01", IOC_ENOENT, "does not exist");
	expect_fail(&l, "other/13.2-RELEASE-p4", IOC_ENOENT, "no snapshot p4");
	expect_fail(&l, "other/custom", IOC_ENOENT, "does not exist");
	expect_fail(&l, "main/onlyb", IOC_ENOENT, "does not exist");
	expect_fail(&l, "nosuch/13.2-RELEASE", IOC_ENOENT, "does not exist");
	expect_fail(&l, "-p1", IOC_EINVAL, "Invalid release name");
	expect_fail(&l, "", IOC_EINVAL, "Invalid release name");
	expect_fail(&l, "a/b/c", IOC_EINVAL, "Invalid release name");
	expect_fail(&l, "main/", IOC_EINVAL, "Invalid release name");
	expect_fail(&l, "bad source/x", IOC_EINVAL, "source name");
	expect_fail(&l, "white space", IOC_EINVAL, "Invalid release name");
	rel_list_free(&l);
}

static void
test_names(void **state)
{
	char ds[] = "tank/iocage/releases/custom";
	struct rel r;
	char buf[64], small[20];
	struct ioc_err err;

	(void)state;
	(void)memset(&r, 0, sizeof(r));
	r.dataset = ds;
	assert_int_equal(rel_snapshot_name(&r, 3, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "tank/iocage/releases/custom/root@p3");
	assert_int_equal(rel_clone_name(&r, 12, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "tank/iocage/releases/custom/root-p12");
	assert_int_equal(rel_snapshot_name(&r, 3, small, sizeof(small)), -1);
	assert_int_equal(rel_clone_name(&r, 3, small, sizeof(small)), -1);

	assert_int_equal(rel_name_check("custom", &err), 0);
	assert_int_equal(rel_name_check("13.2-RELEASE", &err), 0);
	assert_int_equal(rel_name_check("bad name", &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	assert_non_null(strstr(err.msg, "Invalid release name 'bad name'"));
	assert_int_equal(rel_name_check("x/y", &err), -1);
	assert_int_equal(rel_name_check("-x", &err), -1);
	assert_int_equal(rel_name_check("a@b", &err), -1);
	assert_int_equal(rel_name_check(NULL, &err), -1);
}

/* A root tree under a fresh temporary directory. */
struct tree {
	char dir[128];
};

static void
mk(const struct tree *t, const char *rel)
{
	char p[256];

	if (mkdir(tu_path(p, sizeof(p), "%s/%s", t->dir, rel), 0755) != 0)
		fail_msg("mkdir %s", p);
}

static void
mkfile(const struct tree *t, const char *rel, mode_t mode)
{
	char p[256];

	tu_path(p, sizeof(p), "%s/%s", t->dir, rel);
	assert_int_equal(tu_write_file(p, "#!\n", 3), 0);
	assert_int_equal(chmod(p, mode), 0);
}

static void
mklink(const struct tree *t, const char *target, const char *rel)
{
	char p[256];

	tu_path(p, sizeof(p), "%s/%s", t->dir, rel);
	(void)unlink(p);
	if (symlink(target, p) != 0)
		fail_msg("symlink %s", p);
}

static void
root_bad(const struct tree *t, const char *missing)
{
	struct ioc_err err;
	char want[128];

	assert_int_equal(rel_root_ok(t->dir, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	(void)snprintf(want, sizeof(want), "it has no %s", missing);
	if (strstr(err.msg, want) == NULL)
		fail_msg("'%s' lacks '%s'", err.msg, want);
}

static void
test_root_ok(void **state)
{
	struct ioc_err err;
	struct tree t;
	char p[256];
	int fds;

	(void)state;
	fds = tu_fd_count();
	assert_int_equal(tu_mkdtemp("rel", t.dir, sizeof(t.dir)), 0);
	root_bad(&t, "etc, dev, var, an executable bin/sh");
	mk(&t, "etc");
	mk(&t, "var");
	root_bad(&t, "dev, an executable bin/sh");
	mk(&t, "dev");
	root_bad(&t, "an executable bin/sh");
	mk(&t, "bin");
	/* not executable */
	mkfile(&t, "bin/busybox", 0644);
	mklink(&t, "busybox", "bin/sh");
	root_bad(&t, "an executable bin/sh");
	/* a relative symlink inside the root */
	tu_path(p, sizeof(p), "%s/bin/busybox", t.dir);
	assert_int_equal(chmod(p, 0755), 0);
	assert_int_equal(rel_root_ok(t.dir, &err), 0);
	/* an absolute symlink resolves inside the root, not on the host */
	mklink(&t, "/bin/busybox", "bin/sh");
	assert_int_equal(rel_root_ok(t.dir, &err), 0);
	mklink(&t, "/bin/nothere-in-root", "bin/sh");
	root_bad(&t, "an executable bin/sh");
	/* ".." is clamped to the root: the host's /bin/sh does not count */
	mklink(&t, "../../../../../../bin/sh", "bin/sh");
	root_bad(&t, "an executable bin/sh");
	/* a dangling or looping link, a directory */
	mklink(&t, "sh", "bin/sh");
	root_bad(&t, "an executable bin/sh");
	tu_path(p, sizeof(p), "%s/bin/sh", t.dir);
	assert_int_equal(unlink(p), 0);
	mk(&t, "bin/sh");
	root_bad(&t, "an executable bin/sh");
	assert_int_equal(tu_rm_rf(t.dir), 0);
	/* a missing root */
	assert_int_equal(rel_root_ok(t.dir, &err), -1);
	assert_non_null(strstr(err.msg, t.dir));
	/* a regular file where etc should be a directory */
	assert_int_equal(tu_mkdtemp("rel", t.dir, sizeof(t.dir)), 0);
	mkfile(&t, "etc", 0644);
	mk(&t, "dev");
	mk(&t, "var");
	mk(&t, "bin");
	mkfile(&t, "bin/sh", 0755);
	root_bad(&t, "etc");
	assert_int_equal(tu_rm_rf(t.dir), 0);
	assert_int_equal(tu_fd_count(), fds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_patch),
	    cmocka_unit_test(test_from_table),
	    cmocka_unit_test(test_from_table_order),
	    cmocka_unit_test(test_from_table_columns),
	    cmocka_unit_test(test_lookup),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_root_ok),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
