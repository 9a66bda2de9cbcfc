/*
 * test_fsu.c - the jail-root path rule (fsu_open_in_root,
 * fsu_mkdir_in_root), atomic writes, per-jail locks and bounded reads.
 *
 * Every path-resolution case runs twice, in a group using the kernel
 * resolver (openat2 RESOLVE_IN_ROOT on Linux) and in a group forcing the
 * portable component walk (FSU_WALK); the expectations are the same.
 *
 * Each case builds its own tree under /tmp:
 *
 *	base/outside/secret		"REAL SECRET" (the host: never reached)
 *	base/root/etc/passwd		the jail's file
 *	base/root/etc/link  -> /outside/secret
 *	base/root/a/esc     -> ../../../outside/secret
 *	base/root/d         -> /
 *	base/root/outside/		an empty directory inside the jail
 */
#include <sys/types.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fsu.h"
#include "internal.h"
#include "testutil.h"

#define SECRET	"REAL SECRET\n"
#define DECOY	"decoy inside the root\n"
#define PASSWD	"root:*:0:0::/root:/bin/sh\n"
#define ALARM_S 20

struct fx {
	unsigned mode; /* 0 or FSU_WALK */
	char base[PATH_MAX];
	char root[PATH_MAX];
	char outside[PATH_MAX];
	int rootfd;
	int fds;  /* descriptors open before the case */
	int nout; /* entries the case put into base/outside */
};

static unsigned mode_kernel = 0, mode_walk = FSU_WALK;

/* Group fixtures: the resolver mode every case of the group uses. */
static int
group_kernel(void **state)
{
	*state = &mode_kernel;
	return (0);
}

static int
group_walk(void **state)
{
	*state = &mode_walk;
	return (0);
}

/* A path below the fixture's base directory, in a static buffer. */
static const char *
P(const struct fx *fx, const char *rel)
{
	static char bufs[4][PATH_MAX];
	static int i;

	i = (i + 1) % 4;
	return (tu_path(bufs[i], sizeof(bufs[i]), "%s/%s", fx->base, rel));
}

static void
mk(const struct fx *fx, const char *rel)
{
	if (mkdir(P(fx, rel), 0755) != 0)
		fail_msg("mkdir %s: %s", rel, strerror(errno));
}

static void
ln(const struct fx *fx, const char *target, const char *rel)
{
	if (symlink(target, P(fx, rel)) != 0)
		fail_msg("symlink %s: %s", rel, strerror(errno));
}

static void
put(const struct fx *fx, const char *rel, const char *data)
{
	if (tu_write_file(P(fx, rel), data, strlen(data)) != 0)
		fail_msg("write %s: %s", rel, strerror(errno));
}

static int
setup_tree(void **state)
{
	const unsigned *mode = *state;
	struct fx *fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return (-1);
	fx->mode = mode != NULL ? *mode : 0;
	fx->rootfd = -1;
	fx->fds = tu_fd_count();
	if (tu_mkdtemp("fsu", fx->base, sizeof(fx->base)) != 0) {
		free(fx);
		return (-1);
	}
	*state = fx;
	(void)tu_path(fx->root, sizeof(fx->root), "%s/root", fx->base);
	(void)tu_path(fx->outside, sizeof(fx->outside), "%s/outside", fx->base);
	mk(fx, "outside");
	put(fx, "outside/secret", SECRET);
	fx->nout = 1;
	mk(fx, "root");
	mk(fx, "root/etc");
	put(fx, "root/etc/passwd", PASSWD);
	ln(fx, "/outside/secret", "root/etc/link");
	mk(fx, "root/a");
	ln(fx, "../../../outside/secret", "root/a/esc");
	ln(fx, "/", "root/d");
	mk(fx, "root/outside");
	fx->rootfd = open(fx->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fx->rootfd < 0)
		return (-1);
	(void)alarm(ALARM_S); /* a hang fails the run instead of blocking it */
	return (0);
}

static int
teardown_tree(void **state)
{
	struct fx *fx = *state;
	int rv;

	(void)alarm(0);
	if (fx->rootfd >= 0)
		(void)close(fx->rootfd);
	rv = tu_rm_rf(fx->base);
	free(fx);
	return (rv);
}

static void
assert_no_fd_leak(const struct fx *fx)
{
	/* The fixture keeps exactly one descriptor: rootfd. */
	assert_int_equal(tu_fd_count(), fx->fds + 1);
}

/* The outside of the root must always be as the fixture made it. */
static void
assert_outside_intact(const struct fx *fx)
{
	char buf[256];

	assert_int_equal(
	    tu_read_file(P(fx, "outside/secret"), buf, sizeof(buf)),
	    strlen(SECRET));
	assert_string_equal(buf, SECRET);
	assert_int_equal(tu_dir_entries(fx->outside), fx->nout);
}

static int
open_in(const struct fx *fx, const char *path, int flags, struct ioc_err *err)
{
	return (fsu_open_in_root(fx->rootfd, path, flags, 0644, fx->mode, err));
}

/* Open path in the root and expect to read exactly want. */
static void
expect_content(
    const struct fx *fx, const char *path, int flags, const char *want)
{
	struct ioc_err err = {0};
	char buf[256];
	int fd;

	if ((fd = open_in(fx, path, flags, &err)) < 0)
		fail_msg("[%s] '%s': %s (%s)", fx->mode ? "walk" : "kernel",
		    path, err.msg, ioc_errcode_name(err.code));
	(void)tu_read_fd(fd, buf, sizeof(buf));
	(void)close(fd);
	if (strcmp(buf, want) != 0)
		fail_msg("[%s] '%s' read '%s', expected '%s'",
		    fx->mode ? "walk" : "kernel", path, buf, want);
	assert_no_fd_leak(fx);
	assert_outside_intact(fx);
}

/* Open path in the root and expect a failure with code (and errno). */
static void
expect_fail(const struct fx *fx, const char *path, int flags, int code, int sys)
{
	struct ioc_err err = {0};
	char buf[256];
	int fd;

	if ((fd = open_in(fx, path, flags, &err)) >= 0) {
		(void)tu_read_fd(fd, buf, sizeof(buf));
		(void)close(fd);
		fail_msg("[%s] '%s' opened (read '%s'), expected %s",
		    fx->mode ? "walk" : "kernel", path, buf,
		    ioc_errcode_name(code));
	}
	if (err.code != code || (sys != 0 && err.sys != sys))
		fail_msg("[%s] '%s': got %s/%d (%s), expected %s/%d",
		    fx->mode ? "walk" : "kernel", path,
		    ioc_errcode_name(err.code), err.sys, err.msg,
		    ioc_errcode_name(code), sys);
	assert_true(err.msg[0] != '\0');
	assert_no_fd_leak(fx);
	assert_outside_intact(fx);
}

static void
assert_same_file(int fd, const char *path)
{
	struct stat a, b;

	assert_int_equal(fstat(fd, &a), 0);
	if (stat(path, &b) != 0)
		fail_msg("stat %s: %s", path, strerror(errno));
	assert_true(a.st_dev == b.st_dev && a.st_ino == b.st_ino);
}

static void
test_plain_paths(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err;
	struct stat st, rst;
	int fd;

	expect_content(fx, "etc/passwd", O_RDONLY, PASSWD);
	expect_content(fx, "/etc/passwd", O_RDONLY, PASSWD);
	expect_content(fx, "//etc/./passwd", O_RDONLY, PASSWD);
	expect_content(fx, "etc/../etc/passwd", O_RDONLY, PASSWD);
	expect_fail(fx, "etc/missing", O_RDONLY, IOC_ENOENT, ENOENT);
	expect_fail(fx, "nodir/passwd", O_RDONLY, IOC_ENOENT, ENOENT);
	/* An empty path names nothing, as for open(2). */
	expect_fail(fx, "", O_RDONLY, IOC_ENOENT, ENOENT);

	/* "/" is the root itself. */
	assert_true((fd = open_in(fx, "/", O_RDONLY | O_DIRECTORY, &err)) >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(fstat(fx->rootfd, &rst), 0);
	assert_true(st.st_ino == rst.st_ino && st.st_dev == rst.st_dev);
	(void)close(fd);
	assert_no_fd_leak(fx);
}

/* ".." never climbs above the root. */
static void
test_dotdot_clamped(void **state)
{
	static const char *const paths[] = {"../../outside/secret",
	    "/../outside/secret", "a/../../..//outside/secret",
	    "../../../../../../../../../../outside/secret",
	    "etc/../../outside/secret"};
	struct fx *fx = *state;
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		expect_fail(fx, paths[i], O_RDONLY, IOC_ENOENT, ENOENT);
	put(fx, "root/outside/secret", DECOY);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		expect_content(fx, paths[i], O_RDONLY, DECOY);
	/* "../" up to the root, then back down: still the jail's file. */
	expect_content(fx, "../../etc/passwd", O_RDONLY, PASSWD);
}

/* An absolute symlink is resolved from the root, not from "/". */
static void
test_abs_symlink_clamped(void **state)
{
	struct fx *fx = *state;
	char target[PATH_MAX + 32];

	expect_fail(fx, "etc/link", O_RDONLY, IOC_ENOENT, ENOENT);
	expect_fail(fx, "/etc/link", O_RDONLY, IOC_ENOENT, ENOENT);
	put(fx, "root/outside/secret", DECOY);
	expect_content(fx, "etc/link", O_RDONLY, DECOY);
	expect_content(fx, "/etc/link", O_RDONLY, DECOY);

	/* The host's absolute path of the secret means nothing inside. */
	(void)tu_path(target, sizeof(target), "%s/secret", fx->outside);
	ln(fx, target, "root/etc/hostlink");
	expect_fail(fx, "etc/hostlink", O_RDONLY, IOC_ENOENT, ENOENT);

	/* A chain of absolute links, one through a directory link. */
	ln(fx, "/etc/link", "root/etc/link2");
	ln(fx, "/d/d/d/etc/link2", "root/etc/link3");
	expect_content(fx, "etc/link3", O_RDONLY, DECOY);
}

static void
test_rel_symlink_clamped(void **state)
{
	struct fx *fx = *state;

	expect_fail(fx, "a/esc", O_RDONLY, IOC_ENOENT, ENOENT);
	put(fx, "root/outside/secret", DECOY);
	expect_content(fx, "a/esc", O_RDONLY, DECOY);
	/* A relative link that stays inside resolves normally. */
	ln(fx, "../etc/passwd", "root/a/pw");
	expect_content(fx, "a/pw", O_RDONLY, PASSWD);
	/* A relative directory link that climbs out. */
	ln(fx, "../../../../outside", "root/a/up");
	expect_content(fx, "a/up/secret", O_RDONLY, DECOY);
}

/* A directory component that is a symlink to "/" is the root. */
static void
test_dir_symlink_clamped(void **state)
{
	struct fx *fx = *state;

	expect_fail(fx, "d/../outside/secret", O_RDONLY, IOC_ENOENT, ENOENT);
	expect_content(fx, "d/etc/passwd", O_RDONLY, PASSWD);
	expect_content(fx, "d/d/d/../etc/passwd", O_RDONLY, PASSWD);
	put(fx, "root/outside/secret", DECOY);
	expect_content(fx, "d/../outside/secret", O_RDONLY, DECOY);
	expect_content(fx, "d/../../outside/secret", O_RDONLY, DECOY);
}

/* Loops end in an error (ELOOP), without hanging or leaking. */
static void
test_symlink_loop(void **state)
{
	static const char *const paths[] = {"etc/la", "etc/lb", "etc/self",
	    "etc/la/x", "etc/abs1", "etc/self/../passwd"};
	struct fx *fx = *state;
	struct ioc_err err;
	char name[32], target[32];
	size_t i;
	int fd, n;

	ln(fx, "lb", "root/etc/la");
	ln(fx, "la", "root/etc/lb");
	ln(fx, "self", "root/etc/self");
	ln(fx, "/etc/abs2", "root/etc/abs1");
	ln(fx, "/etc/abs1", "root/etc/abs2");

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		(void)memset(&err, 0, sizeof(err));
		fd = open_in(fx, paths[i], O_RDONLY, &err);
		if (fd >= 0)
			fail_msg("loop '%s' opened", paths[i]);
		if (err.sys != ELOOP)
			fail_msg("[%s] loop '%s': errno %d (%s)",
			    fx->mode ? "walk" : "kernel", paths[i], err.sys,
			    err.msg);
		assert_true(
		    err.code == IOC_ESECURITY || err.code == IOC_EINVAL);
		assert_no_fd_leak(fx);
		/* O_CREAT through a loop creates nothing. */
		fd = open_in(fx, paths[i], O_WRONLY | O_CREAT, &err);
		assert_int_equal(fd, -1);
		assert_no_fd_leak(fx);
	}
	assert_int_equal(tu_dir_entries(P(fx, "root/etc")), 7);
	/* A chain just under the usual 40-link limit still works. */
	for (n = 0; n < 30; n++) {
		(void)snprintf(name, sizeof(name), "root/etc/c%d", n);
		(void)snprintf(target, sizeof(target), "c%d", n + 1);
		ln(fx, n == 29 ? "passwd" : target, name);
	}
	expect_content(fx, "etc/c0", O_RDONLY, PASSWD);
}

/* O_CREAT through a link that points out creates the file inside. */
static void
test_creat_through_symlink(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err = {0};
	char buf[64];
	int fd;

	ln(fx, "/outside/new", "root/etc/newlink");
	ln(fx, "../../../outside/new2", "root/a/newesc");
	ln(fx, "/d/../outside", "root/outdir");

	fd = open_in(fx, "etc/newlink", O_WRONLY | O_CREAT, &err);
	if (fd < 0)
		fail_msg("[%s] create through link: %s",
		    fx->mode ? "walk" : "kernel", err.msg);
	assert_int_equal(write(fd, "x", 1), 1);
	(void)close(fd);
	fd = open_in(fx, "a/newesc", O_WRONLY | O_CREAT | O_TRUNC, &err);
	if (fd < 0)
		fail_msg("[%s] create through relative link: %s",
		    fx->mode ? "walk" : "kernel", err.msg);
	assert_int_equal(write(fd, "y", 1), 1);
	(void)close(fd);
	fd = open_in(fx, "outdir/new3", O_WRONLY | O_CREAT | O_EXCL, &err);
	if (fd < 0)
		fail_msg("[%s] create in linked dir: %s",
		    fx->mode ? "walk" : "kernel", err.msg);
	(void)close(fd);

	assert_int_equal(
	    tu_read_file(P(fx, "root/outside/new"), buf, sizeof(buf)), 1);
	assert_string_equal(buf, "x");
	assert_int_equal(
	    tu_read_file(P(fx, "root/outside/new2"), buf, sizeof(buf)), 1);
	assert_string_equal(buf, "y");
	assert_true(tu_exists(P(fx, "root/outside/new3")));
	assert_false(tu_exists(P(fx, "outside/new")));
	assert_false(tu_exists(P(fx, "outside/new2")));
	assert_false(tu_exists(P(fx, "outside/new3")));
	/* The links themselves are still links. */
	assert_true(tu_exists(P(fx, "root/etc/newlink")));
	assert_no_fd_leak(fx);
	assert_outside_intact(fx);
}

static void
test_nofollow_final_symlink(void **state)
{
	struct fx *fx = *state;

	put(fx, "root/outside/secret", DECOY);
	expect_fail(
	    fx, "etc/link", O_RDONLY | O_NOFOLLOW, IOC_ESECURITY, ELOOP);
	expect_fail(fx, "a/esc", O_RDONLY | O_NOFOLLOW, IOC_ESECURITY, ELOOP);
	/* O_NOFOLLOW is about the last component only. */
	expect_content(fx, "d/etc/passwd", O_RDONLY | O_NOFOLLOW, PASSWD);
	expect_content(fx, "etc/passwd", O_RDONLY | O_NOFOLLOW, PASSWD);
}

static void
test_excl_on_symlink(void **state)
{
	struct fx *fx = *state;

	/* Dangling inside the root (no root/outside/secret): still EEXIST. */
	expect_fail(
	    fx, "etc/link", O_WRONLY | O_CREAT | O_EXCL, IOC_EEXIST, EEXIST);
	assert_false(tu_exists(P(fx, "root/outside/secret")));
	expect_fail(
	    fx, "etc/passwd", O_WRONLY | O_CREAT | O_EXCL, IOC_EEXIST, EEXIST);
	put(fx, "root/outside/secret", DECOY);
	expect_fail(
	    fx, "a/esc", O_WRONLY | O_CREAT | O_EXCL, IOC_EEXIST, EEXIST);
}

static void
test_trailing_slash(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err;
	int fd;

	expect_fail(fx, "etc/passwd/", O_RDONLY, IOC_ENOENT, ENOTDIR);
	expect_fail(fx, "etc/passwd/.", O_RDONLY, IOC_ENOENT, ENOTDIR);
	/* A directory with a trailing slash is fine, also through a link. */
	fd = open_in(fx, "etc/", O_RDONLY | O_DIRECTORY, &err);
	assert_true(fd >= 0);
	(void)close(fd);
	fd = open_in(fx, "d/", O_RDONLY | O_DIRECTORY, &err);
	assert_true(fd >= 0);
	(void)close(fd);
	/* A link to a file, with a trailing slash, is not a directory. */
	put(fx, "root/outside/secret", DECOY);
	expect_fail(fx, "etc/link/", O_RDONLY, IOC_ENOENT, ENOTDIR);
	assert_no_fd_leak(fx);
}

static void
expect_dir(const struct fx *fx, const char *path, int flags, const char *rel)
{
	struct ioc_err err = {0};
	int fd;

	if ((fd = open_in(fx, path, flags, &err)) < 0)
		fail_msg("[%s] '%s': %s", fx->mode ? "walk" : "kernel", path,
		    err.msg);
	assert_same_file(fd, P(fx, rel));
	(void)close(fd);
	assert_no_fd_leak(fx);
}

/* A last component that links to a directory, opened as a directory. */
static void
test_final_dir_symlink(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err = {0};

	ln(fx, "/a", "root/etc/dl");
	ln(fx, "../../../outside", "root/etc/up");
	expect_dir(fx, "d", O_RDONLY | O_DIRECTORY, "root");
	expect_dir(fx, "etc/dl", O_RDONLY | O_DIRECTORY, "root/a");
	expect_dir(fx, "etc/dl", O_RDONLY, "root/a");
	expect_dir(fx, "etc/up", O_RDONLY | O_DIRECTORY, "root/outside");
	expect_dir(fx, "etc/dl/", O_RDONLY | O_DIRECTORY, "root/a");
	/* A link to a file is not a directory. */
	put(fx, "root/outside/secret", DECOY);
	expect_fail(
	    fx, "etc/link", O_RDONLY | O_DIRECTORY, IOC_ENOENT, ENOTDIR);
	/* O_NOFOLLOW still refuses the link itself. */
	assert_int_equal(
	    open_in(fx, "etc/dl", O_RDONLY | O_DIRECTORY | O_NOFOLLOW, &err),
	    -1);
	assert_int_not_equal(err.code, 0);
	assert_no_fd_leak(fx);
}

/*
 * The root's content changes between two calls: a directory that was
 * real becomes a symlink pointing out.  The second call stays inside.
 */
static void
test_swapped_symlink(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err;
	char buf[64];
	int fd;

	mk(fx, "root/sub");
	put(fx, "root/sub/file", "inside\n");
	put(fx, "outside/file", "OUTSIDE\n");
	fx->nout++;
	expect_content(fx, "sub/file", O_RDONLY, "inside\n");

	assert_int_equal(rename(P(fx, "root/sub"), P(fx, "root/sub.old")), 0);
	ln(fx, "/outside", "root/sub");
	expect_fail(fx, "sub/file", O_RDONLY, IOC_ENOENT, ENOENT);
	put(fx, "root/outside/file", DECOY);
	expect_content(fx, "sub/file", O_RDONLY, DECOY);

	/* Now with the host's absolute path of the outside directory. */
	assert_int_equal(unlink(P(fx, "root/sub")), 0);
	ln(fx, fx->outside, "root/sub");
	expect_fail(fx, "sub/file", O_RDONLY, IOC_ENOENT, ENOENT);
	/* And a relative one that climbs out of base/root. */
	assert_int_equal(unlink(P(fx, "root/sub")), 0);
	ln(fx, "../outside", "root/sub");
	expect_content(fx, "sub/file", O_RDONLY, DECOY);
	assert_int_equal(unlink(P(fx, "root/sub")), 0);
	ln(fx, "../../outside", "root/sub");
	expect_content(fx, "sub/file", O_RDONLY, DECOY);
	/* Writing through it never touches the real outside file. */
	fd = open_in(fx, "sub/file", O_WRONLY | O_TRUNC, &err);
	assert_true(fd >= 0);
	(void)close(fd);
	assert_int_equal(
	    tu_read_file(P(fx, "outside/file"), buf, sizeof(buf)), 8);
	assert_string_equal(buf, "OUTSIDE\n");
	assert_int_equal(
	    tu_read_file(P(fx, "root/outside/file"), buf, sizeof(buf)), 0);
	assert_no_fd_leak(fx);
}

static void
test_mkdir_in_root(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err = {0};
	struct stat st;
	mode_t old = umask(022);
	int fd;

	fd = fsu_mkdir_in_root(fx->rootfd, "n1/n2/n3", 0750, fx->mode, &err);
	if (fd < 0)
		fail_msg("mkdir: %s", err.msg);
	assert_same_file(fd, P(fx, "root/n1/n2/n3"));
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0750);
	/* The descriptor is usable as a directory. */
	assert_int_equal(mkdirat(fd, "n4", 0755), 0);
	(void)close(fd);

	/* Existing directories are fine, absolute paths too. */
	fd = fsu_mkdir_in_root(fx->rootfd, "/n1/n2", 0750, fx->mode, &err);
	assert_true(fd >= 0);
	assert_same_file(fd, P(fx, "root/n1/n2"));
	(void)close(fd);

	/* Through a link pointing out: created inside. */
	ln(fx, "/outside", "root/m");
	fd = fsu_mkdir_in_root(fx->rootfd, "m/x", 0755, fx->mode, &err);
	if (fd < 0)
		fail_msg("mkdir through link: %s", err.msg);
	assert_same_file(fd, P(fx, "root/outside/x"));
	(void)close(fd);
	assert_false(tu_exists(P(fx, "outside/x")));

	/* A link whose target does not exist yet: made inside. */
	ln(fx, "/made/by/link", "root/ml");
	fd = fsu_mkdir_in_root(fx->rootfd, "ml/y", 0755, fx->mode, &err);
	if (fd < 0)
		fail_msg("mkdir through dangling link: %s", err.msg);
	assert_same_file(fd, P(fx, "root/made/by/link/y"));
	(void)close(fd);

	/* ".." is clamped. */
	fd =
	    fsu_mkdir_in_root(fx->rootfd, "../../escape", 0755, fx->mode, &err);
	assert_true(fd >= 0);
	assert_same_file(fd, P(fx, "root/escape"));
	(void)close(fd);
	assert_false(tu_exists(P(fx, "escape")));

	/* A file in the way is an error. */
	(void)memset(&err, 0, sizeof(err));
	fd =
	    fsu_mkdir_in_root(fx->rootfd, "etc/passwd/z", 0755, fx->mode, &err);
	assert_int_equal(fd, -1);
	assert_int_not_equal(err.code, 0);
	(void)umask(old);
	assert_no_fd_leak(fx);
	assert_outside_intact(fx);
}

/* ------------------------------------------------ atomic writes --- */

static int
count_temp(const char *dir)
{
	/* Only the fixture's own entries may be present. */
	return (tu_dir_entries(dir));
}

static void
test_write_atomic_content_mode(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err = {.code = -7};
	static const char data[] = "nameserver 192.0.2.1\n\0binary\xff";
	char buf[128];
	struct stat st;
	mode_t old = umask(077);

	mk(fx, "w");
	assert_int_equal(fsu_write_atomic(P(fx, "w/resolv.conf"), data,
			     sizeof(data) - 1, 0644, &err),
	    0);
	assert_int_equal(err.code, -7);
	assert_int_equal(tu_read_file(P(fx, "w/resolv.conf"), buf, sizeof(buf)),
	    sizeof(data) - 1);
	assert_memory_equal(buf, data, sizeof(data) - 1);
	assert_int_equal(stat(P(fx, "w/resolv.conf"), &st), 0);
	/* The mode is exact: the umask does not apply. */
	assert_int_equal(st.st_mode & 07777, 0644);

	assert_int_equal(
	    fsu_write_atomic(P(fx, "w/secret.key"), "k", 1, 0600, &err), 0);
	assert_int_equal(stat(P(fx, "w/secret.key"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	/* Empty content is a valid file. */
	assert_int_equal(
	    fsu_write_atomic(P(fx, "w/empty"), "", 0, 0640, &err), 0);
	assert_int_equal(stat(P(fx, "w/empty"), &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	(void)umask(old);
	/* No temporary file is left behind. */
	assert_int_equal(count_temp(P(fx, "w")), 3);
	assert_no_fd_leak(fx);
}

static void
test_write_atomic_replace(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err;
	struct stat before, after;
	char buf[64];
	int oldfd, dfd;

	mk(fx, "w");
	assert_int_equal(
	    fsu_write_atomic(P(fx, "w/config.json"), "old\n", 4, 0644, &err),
	    0);
	assert_int_equal(stat(P(fx, "w/config.json"), &before), 0);
	assert_true((oldfd = open(P(fx, "w/config.json"), O_RDONLY)) >= 0);

	assert_true((dfd = open(P(fx, "w"), O_RDONLY | O_DIRECTORY)) >= 0);
	assert_int_equal(fsu_write_atomic_at(dfd, "config.json",
			     "new content\n", 12, 0600, &err),
	    0);
	(void)close(dfd);
	assert_int_equal(stat(P(fx, "w/config.json"), &after), 0);
	/* A new inode replaced the old one in one step. */
	assert_true(before.st_ino != after.st_ino);
	assert_int_equal(after.st_mode & 07777, 0600);
	assert_int_equal(
	    tu_read_file(P(fx, "w/config.json"), buf, sizeof(buf)), 12);
	assert_string_equal(buf, "new content\n");
	/* A reader of the old file still sees the old content. */
	assert_int_equal(tu_read_fd(oldfd, buf, sizeof(buf)), 4);
	assert_string_equal(buf, "old\n");
	(void)close(oldfd);
	assert_int_equal(count_temp(P(fx, "w")), 1);
	assert_no_fd_leak(fx);
}

/* A relative path without a directory writes into the cwd. */
static void
test_write_atomic_relative(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err;
	char buf[16];
	int cwd;

	mk(fx, "w");
	assert_true((cwd = open(".", O_RDONLY | O_DIRECTORY)) >= 0);
	assert_int_equal(chdir(P(fx, "w")), 0);
	assert_int_equal(fsu_write_atomic("rel", "r", 1, 0644, &err), 0);
	assert_int_equal(fchdir(cwd), 0);
	(void)close(cwd);
	assert_int_equal(tu_read_file(P(fx, "w/rel"), buf, sizeof(buf)), 1);
	assert_no_fd_leak(fx);
}

static void
test_write_atomic_failures(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err = {0};
	int dfd;

	mk(fx, "w");
	/* The directory does not exist. */
	assert_int_equal(
	    fsu_write_atomic(P(fx, "nodir/file"), "x", 1, 0644, &err), -1);
	assert_int_equal(err.code, IOC_ENOENT);
	assert_non_null(strstr(err.msg, "nodir"));

	/* Names that are not a single component. */
	assert_true((dfd = open(P(fx, "w"), O_RDONLY | O_DIRECTORY)) >= 0);
	(void)memset(&err, 0, sizeof(err));
	assert_int_equal(
	    fsu_write_atomic_at(dfd, "a/b", "x", 1, 0644, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	(void)memset(&err, 0, sizeof(err));
	assert_int_equal(fsu_write_atomic_at(dfd, "", "x", 1, 0644, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);

	/*
	 * The rename fails (the target is a directory) after the temporary
	 * file was written: it must be removed again.
	 */
	mk(fx, "w/target");
	put(fx, "w/target/keep", "k");
	(void)memset(&err, 0, sizeof(err));
	assert_int_equal(
	    fsu_write_atomic_at(dfd, "target", "x", 1, 0644, &err), -1);
	assert_int_equal(err.sys, EISDIR);
	assert_non_null(strstr(err.msg, "target"));
	(void)close(dfd);
	assert_int_equal(count_temp(P(fx, "w")), 1);
	assert_int_equal(count_temp(P(fx, "w/target")), 1);
	assert_no_fd_leak(fx);
}

/*
 * fsu_write_replace_at(): the same atomic replacement without the fsyncs:
 * exact mode, a new inode, a symlink at the name replaced (not followed),
 * no temporary file left after a success or a failed rename.
 */
static void
test_write_replace(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err = {.code = -7};
	struct stat before, after, st;
	char buf[64];
	mode_t old = umask(077);
	int dfd;

	mk(fx, "w");
	assert_true((dfd = open(P(fx, "w"), O_RDONLY | O_DIRECTORY)) >= 0);
	assert_int_equal(
	    fsu_write_replace_at(dfd, "state", "1 2 a\n", 6, 0600, &err), 0);
	assert_int_equal(err.code, -7);
	assert_int_equal(stat(P(fx, "w/state"), &before), 0);
	assert_int_equal(before.st_mode & 07777, 0600);
	assert_int_equal(
	    fsu_write_replace_at(dfd, "state", "3 4 b\n", 6, 0644, &err), 0);
	assert_int_equal(stat(P(fx, "w/state"), &after), 0);
	assert_true(before.st_ino != after.st_ino);
	assert_int_equal(after.st_mode & 07777, 0644);
	assert_int_equal(tu_read_file(P(fx, "w/state"), buf, sizeof(buf)), 6);
	assert_string_equal(buf, "3 4 b\n");
	(void)umask(old);

	ln(fx, P(fx, "outside/secret"), "w/link");
	assert_int_equal(
	    fsu_write_replace_at(dfd, "link", "x", 1, 0644, &err), 0);
	assert_int_equal(lstat(P(fx, "w/link"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_outside_intact(fx);

	mk(fx, "w/target");
	(void)memset(&err, 0, sizeof(err));
	assert_int_equal(
	    fsu_write_replace_at(dfd, "target", "x", 1, 0644, &err), -1);
	assert_int_equal(err.sys, EISDIR);
	(void)memset(&err, 0, sizeof(err));
	assert_int_equal(
	    fsu_write_replace_at(dfd, "a/b", "x", 1, 0644, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	(void)close(dfd);
	assert_int_equal(count_temp(P(fx, "w")), 3);
	assert_no_fd_leak(fx);
}

/* A symlink at the name is replaced itself, its target is untouched. */
static void
test_write_atomic_symlink_target(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err;
	struct stat st;
	char buf[64];

	mk(fx, "w");
	ln(fx, P(fx, "outside/secret"), "w/link");
	assert_int_equal(
	    fsu_write_atomic(P(fx, "w/link"), "replaced\n", 9, 0644, &err), 0);
	assert_int_equal(lstat(P(fx, "w/link"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(tu_read_file(P(fx, "w/link"), buf, sizeof(buf)), 9);
	assert_string_equal(buf, "replaced\n");
	assert_outside_intact(fx);
	assert_int_equal(count_temp(P(fx, "w")), 1);
	assert_no_fd_leak(fx);
}

/* --------------------------------------------------------- locks --- */

/*
 * A child process that takes a lock, reports "L" (or "E" on failure) and
 * holds it until the parent writes to the pipe or closes it.
 */
struct holder {
	pid_t pid;
	int cmd; /* parent writes here to release */
};

static void
holder_start(struct holder *h, const char *rundir, const char *name)
{
	int up[2], down[2];
	char c = 0;

	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	h->pid = fork();
	assert_true(h->pid >= 0);
	if (h->pid == 0) {
		struct fsu_lock lk;
		struct ioc_err err;

		(void)close(up[0]);
		(void)close(down[1]);
		c = fsu_lock(rundir, "main", name, &lk, &err) == 0 ? 'L' : 'E';
		(void)write(up[1], &c, 1);
		(void)read(down[0], &c, 1);
		fsu_unlock(&lk);
		_exit(0);
	}
	(void)close(up[1]);
	(void)close(down[0]);
	assert_int_equal(read(up[0], &c, 1), 1);
	(void)close(up[0]);
	h->cmd = down[1];
	assert_int_equal(c, 'L');
}

static void
holder_stop(struct holder *h)
{
	int st;

	(void)close(h->cmd);
	assert_int_equal(waitpid(h->pid, &st, 0), h->pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static long long
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void
expect_busy(const char *rundir, const char *name)
{
	struct fsu_lock lk = {.fd = 42};
	struct ioc_err err = {0};
	long long t0 = now_ms();

	assert_int_equal(fsu_lock(rundir, "main", name, &lk, &err), -1);
	/* Fails fast: no waiting for the holder. */
	assert_true(now_ms() - t0 < 1000);
	assert_int_equal(err.code, IOC_EBUSY);
	assert_non_null(strstr(err.msg, "busy"));
	assert_non_null(strstr(err.msg, name));
	assert_int_equal(lk.fd, -1);
}

static void
expect_free(const char *rundir, const char *name)
{
	struct fsu_lock lk;
	struct ioc_err err;

	if (fsu_lock(rundir, "main", name, &lk, &err) != 0)
		fail_msg("'%s' should be free: %s", name, err.msg);
	fsu_unlock(&lk);
}

static void
test_lock_same_process(void **state)
{
	struct fx *fx = *state;
	struct fsu_lock lk;
	struct ioc_err err;
	struct stat st;
	const char *rundir = P(fx, "run");

	if (fsu_lock(rundir, "main", "web", &lk, &err) != 0)
		fail_msg("lock: %s", err.msg);
	assert_true(lk.fd >= 0);
	/* The lock file lives under <rundir>/lock/<source>/<name>. */
	assert_int_equal(lstat(P(fx, "run/lock/main/web"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	/* A second open file description conflicts, even in this process. */
	expect_busy(rundir, "web");
	/* Another name is independent. */
	expect_free(rundir, "db");
	fsu_unlock(&lk);
	assert_int_equal(lk.fd, -1);
	fsu_unlock(&lk); /* twice is fine */
	fsu_unlock(NULL);
	expect_free(rundir, "web");
	assert_no_fd_leak(fx);
}

static void
test_lock_other_process(void **state)
{
	struct fx *fx = *state;
	struct holder h;
	const char *rundir = P(fx, "run");

	holder_start(&h, rundir, "web");
	expect_busy(rundir, "web");
	holder_stop(&h);
	expect_free(rundir, "web");

	/* A holder that dies without unlocking releases the lock too. */
	holder_start(&h, rundir, "web");
	assert_int_equal(kill(h.pid, SIGKILL), 0);
	(void)close(h.cmd);
	assert_int_equal(waitpid(h.pid, NULL, 0), h.pid);
	expect_free(rundir, "web");
	assert_no_fd_leak(fx);
}

static void
test_lock_invalid_names(void **state)
{
	static const char *const bad[] = {"../x", "", "a/b", ".", "..", "/"};
	struct fx *fx = *state;
	struct fsu_lock lk;
	struct ioc_err err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		(void)memset(&err, 0, sizeof(err));
		lk.fd = 42;
		if (fsu_lock(P(fx, "run"), "main", bad[i], &lk, &err) == 0)
			fail_msg("lock name '%s' accepted", bad[i]);
		assert_int_equal(err.code, IOC_EINVAL);
		assert_int_equal(lk.fd, -1);
		(void)memset(&err, 0, sizeof(err));
		if (fsu_lock(P(fx, "run"), bad[i], "web", &lk, &err) == 0)
			fail_msg("lock source '%s' accepted", bad[i]);
		assert_int_equal(err.code, IOC_EINVAL);
	}
	/* Nothing was created anywhere. */
	assert_false(tu_exists(P(fx, "run")));
	assert_no_fd_leak(fx);
}

static void
test_lock2(void **state)
{
	struct fx *fx = *state;
	struct fsu_lock la, lb;
	struct ioc_err err = {0};
	struct holder h;
	const char *rundir = P(fx, "run");

	/* "beta" is held: lock2 fails whichever order it is asked in. */
	holder_start(&h, rundir, "beta");
	assert_int_equal(
	    fsu_lock2(rundir, "main", "alpha", "beta", &la, &lb, &err), -1);
	assert_int_equal(err.code, IOC_EBUSY);
	assert_int_equal(la.fd, -1);
	assert_int_equal(lb.fd, -1);
	/* ... and "alpha" was not left held. */
	expect_free(rundir, "alpha");
	assert_int_equal(
	    fsu_lock2(rundir, "main", "beta", "alpha", &la, &lb, &err), -1);
	assert_int_equal(la.fd, -1);
	assert_int_equal(lb.fd, -1);
	expect_free(rundir, "alpha");
	holder_stop(&h);

	/* "alpha" (taken first) is held. */
	holder_start(&h, rundir, "alpha");
	assert_int_equal(
	    fsu_lock2(rundir, "main", "beta", "alpha", &la, &lb, &err), -1);
	expect_free(rundir, "beta");
	holder_stop(&h);

	/* Both free: both held on return, each in its own slot. */
	if (fsu_lock2(rundir, "main", "beta", "alpha", &la, &lb, &err) != 0)
		fail_msg("lock2: %s", err.msg);
	assert_true(la.fd >= 0 && lb.fd >= 0);
	expect_busy(rundir, "alpha");
	expect_busy(rundir, "beta");
	/* la is "beta" (the first name), lb is "alpha". */
	fsu_unlock(&la);
	expect_free(rundir, "beta");
	expect_busy(rundir, "alpha");
	fsu_unlock(&lb);
	expect_free(rundir, "alpha");

	/* The same name twice is one lock. */
	if (fsu_lock2(rundir, "main", "same", "same", &la, &lb, &err) != 0)
		fail_msg("lock2 same: %s", err.msg);
	assert_true(la.fd >= 0);
	assert_int_equal(lb.fd, -1);
	expect_busy(rundir, "same");
	fsu_unlock(&la);
	fsu_unlock(&lb);
	assert_no_fd_leak(fx);
}

/* ----------------------------------------------------- read_file --- */

static void
test_read_file(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err = {0};
	char *data, *got;
	size_t len = 0, i;

	assert_non_null(data = malloc(10000));
	for (i = 0; i < 10000; i++)
		data[i] = (char)(i % 251);
	assert_int_equal(tu_write_file(P(fx, "big"), data, 10000), 0);

	got = fsu_read_file(P(fx, "big"), 10000, &len, &err);
	assert_non_null(got);
	assert_int_equal(len, 10000);
	assert_memory_equal(got, data, 10000);
	assert_int_equal(got[10000], '\0');
	free(got);

	/* One byte over the limit is refused. */
	got = fsu_read_file(P(fx, "big"), 9999, &len, &err);
	assert_null(got);
	assert_int_equal(err.code, IOC_EINVAL);
	assert_int_equal(err.sys, EFBIG);
	assert_non_null(strstr(err.msg, "9999"));
	got = fsu_read_file(P(fx, "big"), 0, NULL, &err);
	assert_null(got);

	/* An empty file is an empty string. */
	assert_int_equal(tu_write_file(P(fx, "empty"), "", 0), 0);
	got = fsu_read_file(P(fx, "empty"), 0, &len, &err);
	assert_non_null(got);
	assert_int_equal(len, 0);
	assert_string_equal(got, "");
	free(got);

	(void)memset(&err, 0, sizeof(err));
	assert_null(fsu_read_file(P(fx, "missing"), 100, &len, &err));
	assert_int_equal(err.code, IOC_ENOENT);
	assert_non_null(strstr(err.msg, "missing"));
	free(data);
	assert_no_fd_leak(fx);
}

static void
test_mkdirs(void **state)
{
	struct fx *fx = *state;
	struct ioc_err err = {0};
	struct stat st;

	assert_int_equal(fsu_mkdirs(P(fx, "p/q//r/"), 0700, &err), 0);
	assert_int_equal(stat(P(fx, "p/q/r"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(fsu_mkdirs(P(fx, "p/q/r"), 0700, &err), 0);
	put(fx, "p/file", "f");
	assert_int_equal(fsu_mkdirs(P(fx, "p/file/s"), 0700, &err), -1);
	assert_int_not_equal(err.code, 0);
	assert_no_fd_leak(fx);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_tree, teardown_tree)

int
main(void)
{
	const struct CMUnitTest resolve[] = {
	    T(test_plain_paths),
	    T(test_dotdot_clamped),
	    T(test_abs_symlink_clamped),
	    T(test_rel_symlink_clamped),
	    T(test_dir_symlink_clamped),
	    T(test_symlink_loop),
	    T(test_creat_through_symlink),
	    T(test_nofollow_final_symlink),
	    T(test_excl_on_symlink),
	    T(test_trailing_slash),
	    T(test_final_dir_symlink),
	    T(test_swapped_symlink),
	    T(test_mkdir_in_root),
	};
	const struct CMUnitTest files[] = {
	    T(test_write_atomic_content_mode),
	    T(test_write_atomic_replace),
	    T(test_write_atomic_relative),
	    T(test_write_atomic_failures),
	    T(test_write_atomic_symlink_target),
	    T(test_write_replace),
	    T(test_lock_same_process),
	    T(test_lock_other_process),
	    T(test_lock_invalid_names),
	    T(test_lock2),
	    T(test_read_file),
	    T(test_mkdirs),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name(
	    "fsu resolve (kernel)", resolve, group_kernel, NULL);
	failed += cmocka_run_group_tests_name(
	    "fsu resolve (walk)", resolve, group_walk, NULL);
	failed += cmocka_run_group_tests_name("fsu files", files, NULL, NULL);
	return (failed);
}
