/*
 * test_extract.c - unpacking release assets beneath a root.  Every case
 * builds its archive with libarchive's write API, unpacks it into
 * base/root/ and checks that nothing ever appears outside the root
 * (base/outside/ stays as it was): "../" members, absolute members, a
 * symlink planted by one entry and used by a later one, hard links to
 * "../../x", to absolute paths and through symlinks.  And that what is
 * unpacked is right: owners by number (uid 3 stays 3), modes with setuid,
 * mtimes, symlinks, hard links, devices, fifos, file flags (one warning),
 * cancellation and truncated archives.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "extract.h"
#include "internal.h"
#include "testutil.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

enum etype { F, D, L, H, C, P }; /* file dir symlink hardlink chr fifo */

struct ent {
	long t; /* enum etype */
	const char *name;
	const char *data; /* F: content; L, H: target */
	long mode;
	long uid;
	long gid;
	const char *fflags;
};

struct fx {
	char base[PATH_MAX];
	char root[PATH_MAX];
	char outside[PATH_MAX];
	char archive[PATH_MAX];
	int rootfd;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(tu_mkdtemp("extract", f->base, sizeof(f->base)), 0);
	tu_path(f->root, sizeof(f->root), "%s/root", f->base);
	tu_path(f->outside, sizeof(f->outside), "%s/outside", f->base);
	tu_path(f->archive, sizeof(f->archive), "%s/a.tar", f->base);
	assert_int_equal(mkdir(f->root, 0755), 0);
	assert_int_equal(mkdir(f->outside, 0755), 0);
	f->rootfd = open(f->root, O_RDONLY | O_DIRECTORY);
	assert_true(f->rootfd >= 0);
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	(void)close(f->rootfd);
	(void)tu_rm_rf(f->base);
	free(f);
	return (0);
}

/* Write the entries as a pax archive, xz-compressed when xz. */
static void
mkarchive(const char *path, const struct ent *v, size_t n, int xz)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	size_t i;

	assert_non_null(a);
	assert_int_equal(
	    archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
	if (xz)
		assert_int_equal(archive_write_add_filter_xz(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		size_t len = v[i].t == F && v[i].data ? strlen(v[i].data) : 0;

		assert_non_null(e = archive_entry_new());
		archive_entry_set_pathname(e, v[i].name);
		archive_entry_set_uid(e, v[i].uid);
		archive_entry_set_gid(e, v[i].gid);
		/* Names that must never be used: the numbers count. */
		archive_entry_set_uname(e, "root");
		archive_entry_set_gname(e, "wheel");
		archive_entry_set_mtime(e, 1234567890, 0);
		switch (v[i].t) {
		case F:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)len);
			break;
		case D:
			archive_entry_set_filetype(e, AE_IFDIR);
			break;
		case L:
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, v[i].data);
			break;
		case H:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, v[i].data);
			archive_entry_set_size(e, 0);
			break;
		case C:
			archive_entry_set_filetype(e, AE_IFCHR);
			archive_entry_set_rdev(e, makedev(1, 3));
			break;
		case P:
			archive_entry_set_filetype(e, AE_IFIFO);
			break;
		}
		archive_entry_set_perm(e, (mode_t)v[i].mode);
		if (v[i].fflags != NULL)
			assert_null(
			    archive_entry_copy_fflags_text(e, v[i].fflags));
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (len > 0)
			assert_int_equal(archive_write_data(a, v[i].data, len),
			    (ssize_t)len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	assert_int_equal(archive_write_free(a), ARCHIVE_OK);
}

static int
run(struct fx *f, const struct ent *v, size_t n, struct extract_stats *st,
    struct ioc_err *err)
{
	mkarchive(f->archive, v, n, 0);
	memset(err, 0, sizeof(*err));
	return (extract_archive(NULL, f->archive, f->rootfd, NULL, st, err));
}

/* The unpack is refused as an escape attempt naming the member. */
static void
expect_refused(struct fx *f, const struct ent *v, size_t n, const char *member)
{
	struct extract_stats st;
	struct ioc_err err;
	char want[PATH_MAX + 64];

	assert_int_equal(run(f, v, n, &st, &err), -1);
	assert_int_equal(err.code, IOC_ESECURITY);
	(void)snprintf(
	    want, sizeof(want), "Insecure path %s jail escape attempt", member);
	assert_string_equal(err.msg, want);
	/* Nothing outside, ever. */
	assert_int_equal(tu_dir_entries(f->outside), 0);
}

static void
test_name_norm(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} ok[] = {
	    {"./etc/passwd", "etc/passwd"},
	    {"etc//rc.d/./x", "etc/rc.d/x"},
	    {"./", ""},
	    {".", ""},
	    {"./././bin/", "bin"},
	    {"..foo/bar..", "..foo/bar.."},
	    {"a/.../b", "a/.../b"},
	};
	static const char *const bad[] = {
	    "/etc", "..", "../x", "a/../b", "a/..", "./../x", "//x"};
	char buf[PATH_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		assert_int_equal(
		    extract_name_norm(ok[i].in, buf, sizeof(buf)), 0);
		assert_string_equal(buf, ok[i].out);
	}
	for (i = 0; i < NELEM(bad); i++)
		if (extract_name_norm(bad[i], buf, sizeof(buf)) == 0)
			fail_msg("'%s' accepted as '%s'", bad[i], buf);
	assert_int_equal(extract_name_norm("aaaa", buf, 4), -1);
	assert_int_equal(extract_name_norm(NULL, buf, sizeof(buf)), -1);
}

/* A small release: every kind of entry, xz-compressed. */
static void
test_basic(void **state)
{
	static const struct ent v[] = {
	    {D, "./", NULL, 0755, 0, 0, NULL},
	    {D, "./etc", NULL, 0755, 0, 0, NULL},
	    {F, "./etc/passwd", "root:*:0:0::/root:/bin/sh\n", 0644, 0, 0,
		NULL},
	    {D, "./bin", NULL, 0755, 0, 0, NULL},
	    {F, "./bin/su", "#!su\n", 04555, 0, 0, NULL},
	    {H, "./bin/su2", "./bin/su", 04555, 0, 0, NULL},
	    {F, "./usr/bin/prog", "prog\n", 0750, 3, 7, NULL},
	    {D, "./tmp", NULL, 01777, 0, 0, NULL},
	    {D, "./var/empty", NULL, 0555, 3, 3, NULL},
	    {L, "./sys", "usr/src/sys", 0755, 0, 0, NULL},
	    {L, "./abs", "/etc/passwd", 0755, 5, 5, NULL},
	    {P, "./var/fifo", NULL, 0600, 0, 0, NULL},
	    {C, "./dev/null", NULL, 0666, 0, 0, NULL},
	    {F, "./etc/passwd", "replaced\n", 0600, 0, 0, NULL},
	};
	struct fx *f = *state;
	struct extract_stats st;
	struct ioc_err err;
	struct stat sb, sb2;
	char buf[256], p[PATH_MAX];
	ssize_t n;

	mkarchive(f->archive, v, NELEM(v), 1);
	memset(&err, 0, sizeof(err));
	if (extract_archive(NULL, f->archive, f->rootfd, NULL, &st, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(tu_dir_entries(f->outside), 0);
	/* A later member replaces an earlier one. */
	tu_path(p, sizeof(p), "%s/etc/passwd", f->root);
	assert_int_equal(tu_read_file(p, buf, sizeof(buf)), 9);
	assert_string_equal(buf, "replaced\n");
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(sb.st_mtime, 1234567890);
	/* setuid kept, hard link shares the inode. */
	tu_path(p, sizeof(p), "%s/bin/su", f->root);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 04555);
	tu_path(p, sizeof(p), "%s/bin/su2", f->root);
	assert_int_equal(stat(p, &sb2), 0);
	assert_int_equal(sb.st_ino, sb2.st_ino);
	assert_int_equal(sb.st_nlink, 2);
	/* Directories: modes applied after their contents. */
	tu_path(p, sizeof(p), "%s/tmp", f->root);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 01777);
	tu_path(p, sizeof(p), "%s/var/empty", f->root);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0555);
	assert_int_equal(sb.st_mtime, 1234567890);
	/* Implied parent directories exist. */
	tu_path(p, sizeof(p), "%s/usr/bin", f->root);
	assert_int_equal(stat(p, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	/* Symlinks as they are, never followed. */
	tu_path(p, sizeof(p), "%s/sys", f->root);
	assert_int_equal(n = readlink(p, buf, sizeof(buf) - 1), 11);
	buf[n] = '\0';
	assert_string_equal(buf, "usr/src/sys");
	tu_path(p, sizeof(p), "%s/abs", f->root);
	assert_int_equal(n = readlink(p, buf, sizeof(buf) - 1), 11);
	buf[n] = '\0';
	assert_string_equal(buf, "/etc/passwd");
	tu_path(p, sizeof(p), "%s/var/fifo", f->root);
	assert_int_equal(lstat(p, &sb), 0);
	assert_true(S_ISFIFO(sb.st_mode));
	assert_int_equal(st.entries, NELEM(v));
	if (geteuid() != 0)
		return;
	/* Owners by number: uid 3 is 3, whatever the host calls it. */
	tu_path(p, sizeof(p), "%s/usr/bin/prog", f->root);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_uid, 3);
	assert_int_equal(sb.st_gid, 7);
	assert_int_equal(sb.st_mode & 07777, 0750);
	tu_path(p, sizeof(p), "%s/var/empty", f->root);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_uid, 3);
	tu_path(p, sizeof(p), "%s/abs", f->root);
	assert_int_equal(lstat(p, &sb), 0);
	assert_int_equal(sb.st_uid, 5);
	assert_int_equal(st.noowner, 0);
	/* The device node, when this system lets root make one. */
	tu_path(p, sizeof(p), "%s/dev/null", f->root);
	if (st.nodev == 0) {
		assert_int_equal(lstat(p, &sb), 0);
		assert_true(S_ISCHR(sb.st_mode));
		assert_int_equal(sb.st_rdev, makedev(1, 3));
	} else
		assert_false(tu_exists(p));
}

static void
test_dotdot(void **state)
{
	static const struct ent v1[] = {
	    {F, "./ok", "ok\n", 0644, 0, 0, NULL},
	    {F, "../outside/escape", "x\n", 0644, 0, 0, NULL},
	};
	static const struct ent v2[] = {
	    {D, "./a", NULL, 0755, 0, 0, NULL},
	    {F, "a/../../outside/x", "x\n", 0644, 0, 0, NULL},
	};
	static const struct ent v3[] = {
	    {D, "..", NULL, 0755, 0, 0, NULL},
	};
	struct fx *f = *state;
	char p[PATH_MAX];

	expect_refused(f, v1, NELEM(v1), "../outside/escape");
	tu_path(p, sizeof(p), "%s/escape", f->base);
	assert_false(tu_exists(p));
	expect_refused(f, v2, NELEM(v2), "a/../../outside/x");
	tu_path(p, sizeof(p), "%s/x", f->base);
	assert_false(tu_exists(p));
	/* pax stores directories with a final "/". */
	expect_refused(f, v3, NELEM(v3), "../");
}

static void
test_absolute(void **state)
{
	struct fx *f = *state;
	char name[PATH_MAX], p[PATH_MAX];
	struct ent v[] = {
	    {F, name, "x\n", 0644, 0, 0, NULL},
	};

	tu_path(name, sizeof(name), "%s/abs", f->outside);
	expect_refused(f, v, NELEM(v), name);
	tu_path(p, sizeof(p), "%s/abs", f->outside);
	assert_false(tu_exists(p));
	/* Nor inside as "<root>/<base>/outside/abs". */
	assert_int_equal(tu_dir_entries(f->root), 0);
}

/* evil -> / (or the outside) followed by evil/...: refused. */
static void
test_symlink_escape(void **state)
{
	struct fx *f = *state;
	char target[PATH_MAX], p[PATH_MAX];
	struct ent v1[] = {
	    {D, "./etc", NULL, 0755, 0, 0, NULL},
	    {L, "./evil", "/", 0755, 0, 0, NULL},
	    {F, "./evil/etc/x", "x\n", 0644, 0, 0, NULL},
	};
	struct ent v2[] = {
	    {L, "./evil2", target, 0755, 0, 0, NULL},
	    {F, "./evil2/x", "x\n", 0644, 0, 0, NULL},
	};
	struct ent v3[] = {
	    {L, "./up", "../outside", 0755, 0, 0, NULL},
	    {D, "./up/d", NULL, 0755, 0, 0, NULL},
	};
	struct ent v4[] = {
	    {D, "./d", NULL, 0755, 0, 0, NULL},
	    {L, "./d/deeper", "../../outside", 0755, 0, 0, NULL},
	    {L, "./d/deeper/x", "/etc/shadow", 0755, 0, 0, NULL},
	};

	tu_path(target, sizeof(target), "%s", f->outside);
	expect_refused(f, v1, NELEM(v1), "./evil/etc/x");
	tu_path(p, sizeof(p), "%s/etc/x", f->root);
	assert_false(tu_exists(p));
	expect_refused(f, v2, NELEM(v2), "./evil2/x");
	expect_refused(f, v3, NELEM(v3), "./up/d/");
	expect_refused(f, v4, NELEM(v4), "./d/deeper/x");
}

/* Hard links to ../../x, to absolute paths, through symlinks. */
static void
test_hardlink_escape(void **state)
{
	struct fx *f = *state;
	char secret[PATH_MAX], p[PATH_MAX];
	struct stat sb;
	struct ent v1[] = {
	    {H, "./h", "../../x", 0644, 0, 0, NULL},
	};
	struct ent v2[] = {
	    {H, "./h", secret, 0644, 0, 0, NULL},
	};
	struct ent v3[] = {
	    {L, "./lnk", "/", 0755, 0, 0, NULL},
	    {H, "./h", "lnk/x", 0644, 0, 0, NULL},
	};
	struct ent v4[] = {
	    {L, "./lnk2", "x", 0755, 0, 0, NULL},
	    {H, "./h2", "lnk2/../../x", 0644, 0, 0, NULL},
	};
	struct extract_stats st;
	struct ioc_err err;

	tu_path(secret, sizeof(secret), "%s/x", f->base);
	assert_int_equal(tu_write_file(secret, "SECRET\n", 7), 0);
	/* The escape names the link target. */
	assert_int_equal(run(f, v1, NELEM(v1), &st, &err), -1);
	assert_int_equal(err.code, IOC_ESECURITY);
	assert_string_equal(
	    err.msg, "Insecure path ../../x jail escape attempt");
	assert_int_equal(run(f, v2, NELEM(v2), &st, &err), -1);
	assert_int_equal(err.code, IOC_ESECURITY);
	/* Through a symlink planted by the archive: lnk is not a directory. */
	assert_int_equal(run(f, v3, NELEM(v3), &st, &err), -1);
	assert_int_equal(err.code, IOC_ESECURITY);
	assert_int_equal(run(f, v4, NELEM(v4), &st, &err), -1);
	assert_int_equal(err.code, IOC_ESECURITY);
	assert_int_equal(stat(secret, &sb), 0);
	assert_int_equal(sb.st_nlink, 1);
	tu_path(p, sizeof(p), "%s/h", f->root);
	assert_false(tu_exists(p));
	assert_int_equal(tu_dir_entries(f->outside), 0);
}

/* A file replaces a symlink of the same name; it never writes through. */
static void
test_replace_symlink(void **state)
{
	struct fx *f = *state;
	char target[PATH_MAX], p[PATH_MAX], buf[64];
	struct ent v[] = {
	    {L, "./f", target, 0755, 0, 0, NULL},
	    {F, "./f", "inside\n", 0644, 0, 0, NULL},
	    {L, "./g", target, 0755, 0, 0, NULL},
	    {D, "./g", NULL, 0755, 0, 0, NULL},
	};
	struct extract_stats st;
	struct ioc_err err;
	struct stat sb;

	tu_path(target, sizeof(target), "%s/target", f->outside);
	if (run(f, v, NELEM(v), &st, &err) != 0)
		fail_msg("%s", err.msg);
	assert_false(tu_exists(target));
	tu_path(p, sizeof(p), "%s/f", f->root);
	assert_int_equal(lstat(p, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(tu_read_file(p, buf, sizeof(buf)), 7);
	tu_path(p, sizeof(p), "%s/g", f->root);
	assert_int_equal(lstat(p, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(tu_dir_entries(f->outside), 0);
}

/* A directory is never silently replaced by a file. */
static void
test_replace_dir(void **state)
{
	static const struct ent v[] = {
	    {D, "./d", NULL, 0755, 0, 0, NULL},
	    {F, "./d/x", "x\n", 0644, 0, 0, NULL},
	    {F, "./d", "file\n", 0644, 0, 0, NULL},
	};
	struct fx *f = *state;
	struct extract_stats st;
	struct ioc_err err;

	assert_int_equal(run(f, v, NELEM(v), &st, &err), -1);
	assert_int_equal(err.code, IOC_EEXIST);
	assert_non_null(strstr(err.msg, "cannot replace directory"));
}

/* schg on a file system without file flags: counted, not an error. */
static void
test_fflags(void **state)
{
	static const struct ent v[] = {
	    {F, "./kernel", "k\n", 0555, 0, 0, "schg"},
	    {F, "./plain", "p\n", 0644, 0, 0, NULL},
	    {D, "./var/empty", NULL, 0555, 0, 0, "schg"},
	};
	struct fx *f = *state;
	struct extract_stats st;
	struct ioc_err err;
	struct archive_entry *e;
	unsigned long set, clr;

	/* Skip where libarchive cannot even name the flag. */
	assert_non_null(e = archive_entry_new());
	if (archive_entry_copy_fflags_text(e, "schg") != NULL) {
		archive_entry_free(e);
		skip();
	}
	archive_entry_fflags(e, &set, &clr);
	archive_entry_free(e);
	if (set == 0)
		skip();
	if (run(f, v, NELEM(v), &st, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(st.entries, 3);
#if !defined(SF_IMMUTABLE)
	assert_int_equal(st.noflags, 2);
#endif
}

static void
test_cancel(void **state)
{
	static const struct ent v[] = {
	    {F, "./a", "a\n", 0644, 0, 0, NULL},
	};
	static volatile sig_atomic_t flag = 1;
	struct extract_opts o = {"Extracting", &flag};
	struct fx *f = *state;
	struct extract_stats st;
	struct ioc_err err;

	mkarchive(f->archive, v, NELEM(v), 0);
	assert_int_equal(
	    extract_archive(NULL, f->archive, f->rootfd, &o, &st, &err), -1);
	assert_int_equal(err.sys, EINTR);
	assert_int_equal(tu_dir_entries(f->root), 0);
}

/* A truncated or missing archive fails cleanly. */
static void
test_truncated(void **state)
{
	static const struct ent v[] = {
	    {F, "./a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		0644, 0, 0, NULL},
	    {F, "./b", "b\n", 0644, 0, 0, NULL},
	};
	struct fx *f = *state;
	struct extract_stats st;
	struct ioc_err err;
	char p[PATH_MAX];

	mkarchive(f->archive, v, NELEM(v), 1);
	assert_int_equal(truncate(f->archive, 60), 0);
	assert_int_equal(
	    extract_archive(NULL, f->archive, f->rootfd, NULL, &st, &err), -1);
	assert_int_equal(err.code, IOC_EIO);
	tu_path(p, sizeof(p), "%s/nonexistent.txz", f->base);
	assert_int_equal(
	    extract_archive(NULL, p, f->rootfd, NULL, &st, &err), -1);
	assert_non_null(strstr(err.msg, "nonexistent.txz"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_name_norm),
	    cmocka_unit_test_setup_teardown(test_basic, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dotdot, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_absolute, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_symlink_escape, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_hardlink_escape, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_replace_symlink, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replace_dir, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fflags, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
