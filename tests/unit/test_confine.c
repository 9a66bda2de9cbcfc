/*
 * test_confine.c - the seccomp deny list of Linux jails (lib/
 * platform_linux_confine.c) for each confinement: a child process loads
 * the filter and reports the errno of the calls it must refuse and of
 * ordinary ones it must let through.  Linux only; needs no privilege
 * (without CAP_SYS_ADMIN the filter sets no_new_privs itself).
 */
#define _GNU_SOURCE 1

#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "platform.h"
#include "platform_linux.h"

/* Calls a child makes under the filter; each reports its errno (0: ok). */
enum probe {
	P_KEYCTL,
	P_CLONE3,
	P_UNSHARE_USER,
	P_MOUNT,
	P_REMOUNT,
	P_FSPICK,
	P_GETPID,
	P_NNP,
};

static int
probe_errno(enum probe p)
{
	long r = 0;

	errno = 0;
	switch (p) {
	case P_KEYCTL:
		r = syscall(SYS_keyctl, 0L, -4L, 0L);
		break;
	case P_CLONE3:
		r = syscall(SYS_clone3, NULL, 0L);
		break;
	case P_UNSHARE_USER:
		r = unshare(CLONE_NEWUSER);
		break;
	case P_MOUNT: /* a target that cannot exist: never mounts */
		r = mount("none", "/nonexistent/ioc", "tmpfs", 0, NULL);
		break;
	case P_REMOUNT:
		r = mount(
		    NULL, "/nonexistent/ioc", NULL, MS_BIND | MS_REMOUNT, NULL);
		break;
	case P_FSPICK:
		r = syscall(SYS_fspick, -100L, "/nonexistent/ioc", 0L);
		break;
	case P_GETPID:
		r = getpid() > 0 ? 0 : -1;
		break;
	case P_NNP:
		return (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 1 : 0);
	}
	return (r < 0 ? errno : 0);
}

/* The errno of probe p in a child that loaded the filter for confine. */
static int
under_filter(unsigned confine, enum probe p)
{
	pid_t c;
	int st;

	c = fork();
	assert_true(c >= 0);
	if (c == 0) {
		if (plat_seccomp_load(confine) != 0)
			_exit(255);
		_exit(probe_errno(p) & 0x7f);
	}
	assert_int_equal(waitpid(c, &st, 0), c);
	assert_true(WIFEXITED(st));
	assert_int_not_equal(WEXITSTATUS(st), 255);
	return (WEXITSTATUS(st));
}

static void
test_always_denied(void **state)
{
	static const unsigned modes[] = {0, PLAT_CONF_SECURE, PLAT_CONF_MOUNT,
	    PLAT_CONF_MOUNT | PLAT_CONF_SECURE};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		assert_int_equal(under_filter(modes[i], P_KEYCTL), EPERM);
		assert_int_equal(under_filter(modes[i], P_UNSHARE_USER), EPERM);
		assert_int_equal(under_filter(modes[i], P_CLONE3), ENOSYS);
		assert_int_equal(under_filter(modes[i], P_GETPID), 0);
		/* no_new_privs only where CAP_SYS_ADMIN is missing */
		assert_int_equal(
		    under_filter(modes[i], P_NNP), geteuid() == 0 ? 0 : 1);
	}
}

static void
test_mount_needs_allow_mount(void **state)
{
	(void)state;
	assert_int_equal(under_filter(0, P_MOUNT), EPERM);
	assert_int_equal(under_filter(PLAT_CONF_SECURE, P_MOUNT), EPERM);
	assert_int_equal(under_filter(0, P_FSPICK), EPERM);
	/* allowed: the kernel itself answers (no such target) */
	assert_int_not_equal(under_filter(PLAT_CONF_MOUNT, P_MOUNT), EPERM);
	assert_int_not_equal(
	    under_filter(PLAT_CONF_MOUNT | PLAT_CONF_SECURE, P_MOUNT), EPERM);
}

static void
test_securelevel_no_remount(void **state)
{
	const unsigned sec = PLAT_CONF_MOUNT | PLAT_CONF_SECURE;

	(void)state;
	assert_int_equal(under_filter(sec, P_REMOUNT), EPERM);
	assert_int_equal(under_filter(sec, P_FSPICK), EPERM);
	assert_int_not_equal(under_filter(PLAT_CONF_MOUNT, P_REMOUNT), EPERM);
	if (geteuid() == 0) /* else the missing capability says EPERM */
		assert_int_not_equal(
		    under_filter(PLAT_CONF_MOUNT, P_FSPICK), EPERM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_always_denied),
	    cmocka_unit_test(test_mount_needs_allow_mount),
	    cmocka_unit_test(test_securelevel_no_remount),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
