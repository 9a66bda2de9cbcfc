/*
 * test_jailcreate.c - the pure parts of create and destroy: PROP=VALUE
 * operands, batch names, the new jail's configuration, origin snapshot
 * names, dataset ownership, and the compat helpers they rely on (host
 * uuid formatting, release names, the Linux mount table).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"
#include "compat.h"
#include "internal.h"
#include "jailcreate.h"
#include "jparams.h"
#include "names.h"

#define HOSTUUID "3d1219c7-c4c5-404a-aa1f-6d2a48adfda4"

static void
test_props_parse(void **state)
{
	const char *ok[] = {
	    "vnet=on", "priority=10", "user.owner=ops", "ip4_addr=none"};
	struct jc_props p;
	struct ioc_err err;

	(void)state;
	assert_int_equal(jc_props_parse(ok, 4, &p, &err), 0);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.v[0].key, "vnet");
	assert_string_equal(p.v[0].value, "yes");
	assert_string_equal(p.v[1].value, "10");
	assert_string_equal(p.v[2].key, "user.owner");
	assert_null(p.v[3].value);
	jc_props_free(&p);
	assert_int_equal(jc_props_parse(NULL, 0, &p, &err), 0);
	assert_int_equal(p.n, 0);
	jc_props_free(&p);
}

static void
expect_props_bad(const char *in, const char *msg)
{
	const char *v[] = {"vnet=yes", in};
	struct jc_props p;
	struct ioc_err err;

	assert_int_equal(jc_props_parse(v, 2, &p, &err), -1);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("'%s': '%s' does not contain '%s'", in, err.msg, msg);
	assert_null(p.v);
	assert_int_equal(p.n, 0);
}

static void
test_props_bad(void **state)
{
	(void)state;
	expect_props_bad("vnet", "Invalid property 'vnet'");
	expect_props_bad("=yes", "Invalid property '=yes'");
	expect_props_bad(
	    "nonsense=1", "The config property 'nonsense' is unknown");
	expect_props_bad(
	    "priority=abc", "Invalid value for property 'priority'");
	expect_props_bad("id=x", "'id'");
	expect_props_bad("release=13.2-RELEASE", "-r RELEASE");
}

static void
test_batch_name(void **state)
{
	struct ioc_err err;
	char buf[IOC_NAME_MAX + 1];

	(void)state;
	assert_int_equal(jc_batch_name("web", 1, 1, buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "web");
	assert_int_equal(
	    jc_batch_name("web", 3, 12, buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "web_3");
	/* 29 + "_10" is too long, 29 + "_9" is fine */
	assert_int_equal(jc_batch_name("abcdefghijabcdefghijabcdefghi", 9, 10,
			     buf, sizeof(buf), &err),
	    0);
	assert_int_equal(jc_batch_name("abcdefghijabcdefghijabcdefghi", 10, 10,
			     buf, sizeof(buf), &err),
	    -1);
	assert_non_null(strstr(err.msg, "Invalid jail name"));
	assert_int_equal(jc_batch_name("-x", 1, 1, buf, sizeof(buf), &err), -1);
	assert_int_equal(
	    jc_batch_name("a b", 1, 1, buf, sizeof(buf), &err), -1);
}

static void
test_config_release(void **state)
{
	struct jc_input in;
	struct cfg c, defs;
	struct ioc_err err;
	char uuid[37];

	(void)state;
	(void)memset(&in, 0, sizeof(in));
	in.source = "ioc";
	in.name = "web";
	in.release = "13.2-RELEASE";
	in.basejail = 1;
	in.hostuuid = HOSTUUID;
	assert_int_equal(jc_config(&in, &c, &err), 0);
	assert_int_equal(c.n, 6);
	assert_string_equal(cfg_get(&c, "id"), "web");
	assert_string_equal(cfg_get(&c, "release"), "13.2-RELEASE");
	assert_string_equal(cfg_get(&c, "basejail"), "yes");
	assert_string_equal(cfg_get(&c, "basejail_type"), "nullfs");
	assert_string_equal(cfg_get(&c, "hostid"), HOSTUUID);
	assert_int_equal(jparams_hostuuid(HOSTUUID, "ioc", "web", uuid), 0);
	assert_string_equal(cfg_get(&c, "host_hostuuid"), uuid);
	cfg_clear(&c);

	/* standalone, no host uuid */
	in.basejail = 0;
	in.hostuuid = NULL;
	assert_int_equal(jc_config(&in, &c, &err), 0);
	assert_string_equal(cfg_get(&c, "basejail"), "no");
	assert_null(cfg_get(&c, "basejail_type"));
	assert_null(cfg_get(&c, "hostid"));
	assert_null(cfg_get(&c, "host_hostuuid"));
	cfg_clear(&c);

	/* host defaults with basejail_type=zfs: -b stores nullfs */
	in.basejail = 1;
	cfg_init(&defs);
	assert_int_equal(cfg_set(&defs, "basejail_type", "zfs", &err), 0);
	in.defs = &defs;
	assert_int_equal(jc_config(&in, &c, &err), 0);
	assert_string_equal(cfg_get(&c, "basejail_type"), "nullfs");
	cfg_clear(&c);
	/* ... and basejail=yes on a standalone jail then means zfs */
	{
		const char *ops[] = {"basejail=yes"};
		struct jc_props p;

		in.basejail = 0;
		assert_int_equal(jc_props_parse(ops, 1, &p, &err), 0);
		in.props = &p;
		assert_int_equal(jc_config(&in, &c, &err), -1);
		assert_non_null(strstr(err.msg, "use basejail_type=nullfs"));
		jc_props_free(&p);
		in.props = NULL;
	}
	cfg_clear(&defs);
}

static void
test_config_template(void **state)
{
	const char *ops[] = {"vnet=on", "priority=3"};
	struct jc_props props;
	struct jc_input in;
	struct cfg t, c;
	struct ioc_err err;

	(void)state;
	cfg_init(&t);
	assert_int_equal(cfg_set(&t, "id", "tpl", &err), 0);
	assert_int_equal(cfg_set(&t, "template", "yes", &err), 0);
	assert_int_equal(cfg_set(&t, "release", "13.2-RELEASE", &err), 0);
	assert_int_equal(cfg_set(&t, "basejail", "on", &err), 0); /* legacy */
	assert_int_equal(cfg_set(&t, "priority", "7", &err), 0);
	assert_int_equal(cfg_set(&t, "boot", "on", &err), 0);
	assert_int_equal(cfg_set(&t, "hostid", "x", &err), 0);
	assert_int_equal(cfg_set(&t, "host_hostuuid", "y", &err), 0);
	assert_int_equal(cfg_set(&t, "user.role", "base", &err), 0);
	assert_int_equal(jc_props_parse(ops, 2, &props, &err), 0);
	(void)memset(&in, 0, sizeof(in));
	in.source = "ioc";
	in.name = "web";
	in.basejail = 0; /* the template's value wins */
	in.tmpl = &t;
	in.props = &props;
	in.hostuuid = HOSTUUID;
	assert_int_equal(jc_config(&in, &c, &err), 0);
	assert_string_equal(cfg_get(&c, "id"), "web");
	assert_null(cfg_get(&c, "template"));
	assert_string_equal(cfg_get(&c, "release"), "13.2-RELEASE");
	assert_string_equal(cfg_get(&c, "basejail"), "yes");
	assert_string_equal(cfg_get(&c, "basejail_type"), "nullfs");
	assert_string_equal(cfg_get(&c, "boot"), "yes");
	assert_string_equal(cfg_get(&c, "priority"), "3");
	assert_string_equal(cfg_get(&c, "vnet"), "yes");
	assert_string_equal(cfg_get(&c, "user.role"), "base");
	assert_string_equal(cfg_get(&c, "hostid"), HOSTUUID);
	assert_string_not_equal(cfg_get(&c, "host_hostuuid"), "y");
	cfg_clear(&c);
	/* a legacy ZFS basejail template is not copied */
	assert_int_equal(cfg_set(&t, "basejail_type", "zfs", &err), 0);
	assert_int_equal(jc_config(&in, &c, &err), -1);
	assert_non_null(strstr(err.msg, "basejail_type=nullfs"));
	jc_props_free(&props);
	cfg_clear(&t);
}

static void
test_hostuuid(void **state)
{
	char a[37], b[37], c[37];
	size_t i;

	(void)state;
	assert_int_equal(jparams_hostuuid(HOSTUUID, "ioc", "web", a), 0);
	assert_int_equal(jparams_hostuuid(HOSTUUID, "ioc", "web", b), 0);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 36);
	for (i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", a[i]));
	assert_int_equal(jparams_hostuuid(HOSTUUID, "other", "web", c), 0);
	assert_string_not_equal(a, c);
	assert_int_equal(jparams_hostuuid("not-a-uuid", "ioc", "web", c), -1);
}

static void
test_origin_snapname(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(
	    jc_origin_snapname("ioc", "ioc", "web", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "web");
	assert_int_equal(
	    jc_origin_snapname("two", "one", "web", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "two:web");
	assert_int_equal(jc_origin_snapname("two", "one", "web", buf, 4), -1);
}

static void
test_ds_within(void **state)
{
	char buf[64];

	(void)state;
	assert_true(jc_ds_within("p/r/jails/a", "p/r/jails/a"));
	assert_true(jc_ds_within("p/r/jails/a", "p/r/jails/a/root"));
	assert_true(jc_ds_within("p/r/jails/a", "p/r/jails/a/root@x"));
	assert_true(jc_ds_within("p/r/jails/a", "p/r/jails/a@s"));
	assert_false(jc_ds_within("p/r/jails/a", "p/r/jails/ab"));
	assert_false(jc_ds_within("p/r/jails/a", "p/r/jails"));
	assert_false(jc_ds_within("p/r/jails/a", "-"));
	assert_int_equal(
	    jc_jail_of("p/r", "p/r/jails/web/root@x", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "web");
	assert_int_equal(
	    jc_jail_of("p/r", "p/r/jails/web", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "web");
	assert_int_equal(
	    jc_jail_of("p/r", "p/r/releases/x/root@p0", buf, sizeof(buf)), -1);
	assert_int_equal(
	    jc_jail_of("p/r", "p/rr/jails/web", buf, sizeof(buf)), -1);
	assert_int_equal(jc_jail_of("p/r", "p/r/jails/", buf, sizeof(buf)), -1);
}

static void
test_machine_id(void **state)
{
	char buf[37];

	(void)state;
	assert_int_equal(
	    compat_format_machine_id(
		"3D1219C7C4C5404AAA1F6D2A48ADFDA4\n", buf, sizeof(buf)),
	    0);
	assert_string_equal(buf, HOSTUUID);
	assert_int_equal(
	    compat_format_machine_id(
		"3d1219c7c4c5404aaa1f6d2a48adfda4", buf, sizeof(buf)),
	    0);
	assert_int_equal(
	    compat_format_machine_id(
		"3d1219c7c4c5404aaa1f6d2a48adfda", buf, sizeof(buf)),
	    -1);
	assert_int_equal(
	    compat_format_machine_id(
		"3d1219c7c4c5404aaa1f6d2a48adfda4x", buf, sizeof(buf)),
	    -1);
	assert_int_equal(
	    compat_format_machine_id(
		"3d1219c7c4c5404aaa1f6d2a48adfdaz", buf, sizeof(buf)),
	    -1);
	assert_int_equal(compat_format_machine_id(
			     "3d1219c7c4c5404aaa1f6d2a48adfda4", buf, 36),
	    -1);
}

static void
test_release_cut(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(
	    compat_release_cut("13.2-RELEASE-p4", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "13.2-RELEASE");
	assert_int_equal(
	    compat_release_cut("14.0-CURRENT", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "14.0-CURRENT");
	assert_int_equal(compat_release_cut("6.18.44", buf, sizeof(buf)), -1);
	assert_int_equal(compat_release_cut("-RELEASE", buf, sizeof(buf)), -1);
	assert_int_equal(compat_release_cut("13.2-", buf, sizeof(buf)), -1);
	assert_int_equal(compat_release_cut("13.2-RELEASE", buf, 8), -1);
}

static const char mountinfo[] =
    "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
    "40 27 0:40 / /pool/jails/web rw shared:1 - fuse.zfs pool/jails/web rw\n"
    "41 40 0:41 / /pool/jails/web/root rw - fuse.zfs pool/jails/web/root rw\n"
    "42 40 0:42 / /pool/jails/webby/x rw - tmpfs none rw\n"
    "43 41 0:43 / /pool/jails/web/root/my\\040tmp rw master:2 - tmpfs t rw\n";

static void
test_mountinfo(void **state)
{
	char what[256];

	(void)state;
	assert_int_equal(compat_mountinfo_scan(
			     mountinfo, "/pool/jails/web", what, sizeof(what)),
	    1);
	assert_string_equal(what, "/pool/jails/web/root/my tmp (tmpfs)");
	/* a trailing slash is the same path */
	assert_int_equal(compat_mountinfo_scan(
			     mountinfo, "/pool/jails/web/", what, sizeof(what)),
	    1);
	/* only ZFS below the root; "webby" is not below "web" */
	assert_int_equal(compat_mountinfo_scan(mountinfo,
			     "/pool/jails/web/root/etc", what, sizeof(what)),
	    0);
	assert_int_equal(compat_mountinfo_scan(mountinfo, "/pool/jails/webby",
			     what, sizeof(what)),
	    1);
	assert_string_equal(what, "/pool/jails/webby/x (tmpfs)");
	assert_int_equal(
	    compat_mountinfo_scan("", "/x", what, sizeof(what)), 0);
	assert_int_equal(
	    compat_mountinfo_scan("garbage line\n", "/", what, sizeof(what)),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_props_parse),
	    cmocka_unit_test(test_props_bad),
	    cmocka_unit_test(test_batch_name),
	    cmocka_unit_test(test_config_release),
	    cmocka_unit_test(test_config_template),
	    cmocka_unit_test(test_hostuuid),
	    cmocka_unit_test(test_origin_snapname),
	    cmocka_unit_test(test_ds_within),
	    cmocka_unit_test(test_machine_id),
	    cmocka_unit_test(test_release_cut),
	    cmocka_unit_test(test_mountinfo),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
