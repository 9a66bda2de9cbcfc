/*
 * test_passwd.c - users looked up in a jail's own passwd and group files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "internal.h"
#include "passwd.h"

static const char passwd[] = "# FreeBSD\n"
			     "root:*:0:0:Charlie &:/root:/bin/csh\n"
			     "bin:*:3:7:Binaries:/:/usr/sbin/nologin\n"
			     "www:*:80:80:World Wide Web Owner:/nonexistent:"
			     "/usr/sbin/nologin\n"
			     "broken:x:notanumber:1::/:/bin/sh\n"
			     "app:x:1001:1001::/home/app:\n";

static const char group[] = "wheel:*:0:root\n"
			    "www:*:80:\n"
			    "staff:*:20:root,app\n"
			    "dev:*:1002:app\n"
			    "other:*:1003:application\n";

static void
test_lookup_by_name(void **state)
{
	struct pw_user u;
	struct ioc_err err;

	(void)state;
	assert_int_equal(pw_lookup(passwd, group, "app", &u, &err), 0);
	assert_int_equal(u.uid, 1001);
	assert_int_equal(u.gid, 1001);
	assert_string_equal(u.home, "/home/app");
	assert_string_equal(u.shell, "/bin/sh");
	/* primary group first, then the memberships; not "application" */
	assert_int_equal(u.ngroups, 3);
	assert_int_equal(u.groups[0], 1001);
	assert_int_equal(u.groups[1], 20);
	assert_int_equal(u.groups[2], 1002);
	assert_int_equal(pw_lookup(passwd, group, "bin", &u, &err), 0);
	/* FreeBSD's bin is uid 3: the jail's file decides, not the host's */
	assert_int_equal(u.uid, 3);
	assert_int_equal(u.gid, 7);
}

static void
test_lookup_by_number(void **state)
{
	struct pw_user u;
	struct ioc_err err;

	(void)state;
	assert_int_equal(pw_lookup(passwd, NULL, "80", &u, &err), 0);
	assert_int_equal(u.uid, 80);
	assert_int_equal(u.ngroups, 1);
}

static void
test_lookup_errors(void **state)
{
	struct pw_user u;
	struct ioc_err err;

	(void)state;
	assert_int_equal(pw_lookup(passwd, group, "nobody", &u, &err), -1);
	assert_int_equal(err.code, IOC_ENOENT);
	assert_string_equal(err.msg,
	    "no user 'nobody' in the jail's "
	    "/etc/passwd");
	assert_int_equal(pw_lookup(passwd, group, "broken", &u, &err), -1);
	assert_int_equal(err.code, IOC_EPARSE);
	assert_int_equal(pw_lookup("", NULL, "root", &u, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lookup_by_name),
	    cmocka_unit_test(test_lookup_by_number),
	    cmocka_unit_test(test_lookup_errors),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
