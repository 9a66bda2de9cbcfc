/*
 * test_jparams.c - the jail(2) parameters of spec §6.5 built from a
 * jail's effective configuration (libioc's test_Config and test_Jail
 * parameter cases).
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
#include "cfgfix.h"
#include "internal.h"
#include "jparams.h"
#include "props.h"
#include "propspec.h"

#define HOSTUUID "8A1B2C3D-0000-4000-8000-00000000000A"

struct fixture {
	struct cfg jail;
	struct cfg defs;
	struct jparam_input in;
	struct jparam_list l;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return (-1);
	cfg_init(&f->jail);
	cfg_init(&f->defs);
	f->in.source = "ioc";
	f->in.name = "web";
	f->in.path = "/iocage/jails/web/root";
	f->in.hostuuid = HOSTUUID;
	f->in.jail = &f->jail;
	f->in.defaults = &f->defs;
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	jparams_free(&f->l);
	cfg_clear(&f->jail);
	cfg_clear(&f->defs);
	free(f);
	return (0);
}

static void
build(struct fixture *f)
{
	struct ioc_err err = {0};

	jparams_free(&f->l);
	if (jparams_build(&f->in, &f->l, &err) != 0)
		fail_msg("jparams_build failed: %s", err.msg);
}

static const struct jparam *
param(const struct fixture *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->l.n; i++)
		if (strcmp(f->l.v[i].name, name) == 0)
			return (&f->l.v[i]);
	return (NULL);
}

static const struct jparam_omit *
omitted(const struct fixture *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->l.nomitted; i++)
		if (strcmp(f->l.omitted[i].name, name) == 0)
			return (&f->l.omitted[i]);
	return (NULL);
}

static void
expect_param(const struct fixture *f, const char *name, enum jparam_type type,
    const char *value)
{
	const struct jparam *p = param(f, name);

	if (p == NULL)
		fail_msg("parameter %s is missing (omitted: %s)", name,
		    omitted(f, name) ? omitted(f, name)->why : "no");
	if (strcmp(p->value, value) != 0)
		fail_msg("%s=%s, expected %s", name, p->value, value);
	assert_int_equal(p->type, type);
	assert_null(omitted(f, name));
}

/* Left out, with a reason that mentions why. */
static void
expect_omitted(const struct fixture *f, const char *name, const char *why)
{
	const struct jparam_omit *o = omitted(f, name);

	if (param(f, name) != NULL)
		fail_msg(
		    "parameter %s=%s is present", name, param(f, name)->value);
	if (o == NULL)
		fail_msg("parameter %s is neither present nor omitted", name);
	if (strstr(o->why, why) == NULL)
		fail_msg("%s omitted because '%s', expected '%s'", name, o->why,
		    why);
}

static void
test_identifier(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(jparams_identifier("ioc", "web", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ioc-web");
	assert_int_equal(
	    jparams_identifier("ioc", "jail.with.dots", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ioc-jail*with*dots");
	/* Dots of the source are not touched (sources have none). */
	assert_int_equal(
	    jparams_identifier("main", "a.b", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "main-a*b");
	assert_int_equal(jparams_identifier("ioc", "web", buf, 7), -1);
	assert_int_equal(jparams_identifier("ioc", "web", buf, 8), 0);
	assert_int_equal(jparams_identifier(NULL, "web", buf, 8), -1);
}

/* A basejail with nothing but the defaults. */
static void
test_basejail_defaults(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "basejail", "yes");
	put(&f->jail, "release", "14.3-RELEASE");
	build(f);
	expect_param(f, "name", JP_STRING, "ioc-web");
	expect_param(f, "path", JP_STRING, "/iocage/jails/web/root");
	expect_param(f, "host.hostname", JP_STRING, "web");
	expect_param(f, "host.domainname", JP_STRING, "local");
	expect_param(f, "persist", JP_BOOL, "1");
	expect_param(f, "devfs_ruleset", JP_INT, "4");
	expect_param(f, "enforce_statfs", JP_INT, "2");
	expect_param(f, "securelevel", JP_INT, "2");
	expect_param(f, "children.max", JP_INT, "0");
	expect_param(f, "allow.set_hostname", JP_BOOL, "1");
	expect_param(f, "allow.mlock", JP_BOOL, "0");
	expect_param(f, "allow.mount", JP_BOOL, "0");
	expect_param(f, "allow.mount.zfs", JP_BOOL, "0");
	/* jail(2) numbers: new is JAIL_SYS_NEW (1). */
	expect_param(f, "ip4", JP_INT, "1");
	expect_param(f, "ip6", JP_INT, "1");
	expect_param(f, "sysvmsg", JP_INT, "1");
	expect_param(f, "ip4.saddrsel", JP_BOOL, "1");
	expect_omitted(f, "vnet", "vnet is off");
	expect_omitted(f, "ip4.addr", "ip4_addr is none");
	expect_omitted(f, "ip6.addr", "ip6_addr is none");
	/* Stored-only properties never reach jail(2). */
	assert_null(param(f, "exec_fib"));
	assert_null(param(f, "exec.fib"));
	assert_null(param(f, "mount_devfs"));
	assert_null(param(f, "release"));
}

/* Every jail(2)-backed row is either passed or omitted with a reason. */
static void
test_every_row_accounted(void **state)
{
	struct fixture *f = *state;
	size_t i;

	put(&f->jail, "vnet", "on");
	put(&f->jail, "devfs_ruleset", "none");
	build(f);
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);

		if (!(p->flags & PF_JPARAM))
			continue;
		if (param(f, p->jparam) == NULL &&
		    omitted(f, p->jparam) == NULL)
			fail_msg("%s (%s) is neither passed nor omitted",
			    p->jparam, p->name);
	}
	for (i = 0; i < f->l.nomitted; i++)
		assert_true(strlen(f->l.omitted[i].why) > 5);
	/* Each parameter once. */
	for (i = 1; i < f->l.n; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (strcmp(f->l.v[i].name, f->l.v[j].name) == 0)
				fail_msg("%s appears twice", f->l.v[i].name);
	}
}

static void
test_dotted_name(void **state)
{
	struct fixture *f = *state;

	f->in.name = "jail.with.dots";
	build(f);
	expect_param(f, "name", JP_STRING, "ioc-jail*with*dots");
	expect_param(f, "host.hostname", JP_STRING, "jail.with.dots");
}

/* test_Config: devfs_ruleset=None omits the param (default 4). */
static void
test_devfs_ruleset(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "devfs_ruleset", "none");
	build(f);
	expect_omitted(f, "devfs_ruleset", "devfs_ruleset is none");
	/* The host defaults do not bring it back. */
	put(&f->defs, "devfs_ruleset", "7");
	build(f);
	expect_omitted(f, "devfs_ruleset", "devfs_ruleset is none");
	cfg_del(&f->jail, "devfs_ruleset");
	build(f);
	expect_param(f, "devfs_ruleset", JP_INT, "7");
	/* A name is resolved at start. */
	put(&f->jail, "devfs_ruleset", "devfsrules_jail");
	build(f);
	expect_param(f, "devfs_ruleset", JP_STRING, "devfsrules_jail");
}

static void
test_allow_mlock(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "allow_mlock", "1");
	put(&f->jail, "allow_raw_sockets", "on");
	put(&f->jail, "allow_mount_fusefs", "yes");
	build(f);
	expect_param(f, "allow.mlock", JP_BOOL, "1");
	expect_param(f, "allow.raw_sockets", JP_BOOL, "1");
	expect_param(f, "allow.mount.fusefs", JP_BOOL, "1");
}

static void
test_vnet(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "vnet", "on");
	put(&f->jail, "interfaces", "vnet0:bridge0");
	put(&f->jail, "ip4_addr", "vnet0|10.0.0.2/24");
	put(&f->jail, "ip6_addr", "vnet0|accept_rtadv");
	build(f);
	expect_param(f, "vnet", JP_INT, "1");
	expect_omitted(f, "ip4.addr", "vnet is on");
	expect_omitted(f, "ip6.addr", "vnet is on");
	expect_omitted(f, "ip4", "vnet is on");
	expect_omitted(f, "ip6", "vnet is on");
	expect_omitted(f, "ip4.saddrsel", "vnet is on");
	expect_omitted(f, "ip6.saddrsel", "vnet is on");
	/* dhcp needs vnet, and has it here. */
	put(&f->jail, "ip4_addr", "vnet0|dhcp");
	build(f);
	expect_param(f, "vnet", JP_INT, "1");
}

static void
test_shared_ip(void **state)
{
	struct fixture *f = *state;
	struct ioc_err err = {0};

	put(&f->jail, "ip4_addr", "vnet0|10.0.0.2/24,vnet1|10.0.1.2");
	put(&f->jail, "ip6_addr", "em0|2001:db8::2/64");
	build(f);
	expect_param(f, "ip4.addr", JP_ADDRS, "10.0.0.2,10.0.1.2");
	expect_param(f, "ip6.addr", JP_ADDRS, "2001:db8::2");
	expect_param(f, "ip4", JP_INT, "1");
	expect_omitted(f, "vnet", "vnet is off");
	/* dhcp and accept_rtadv need VNET. */
	put(&f->jail, "ip4_addr", "vnet0|10.0.0.2,vnet0|dhcp");
	jparams_free(&f->l);
	assert_int_equal(jparams_build(&f->in, &f->l, &err), -1);
	assert_string_equal(err.msg, "ip4_addr 'dhcp' needs vnet");
	assert_int_equal(f->l.n, 0);
	assert_null(f->l.v);
	put(&f->jail, "ip4_addr", "none");
	put(&f->jail, "ip6_addr", "em0|accept_rtadv");
	assert_int_equal(jparams_build(&f->in, &f->l, &err), -1);
	assert_string_equal(err.msg, "ip6_addr 'accept_rtadv' needs vnet");
	/* ip4=inherit: the jail uses the host's addresses. */
	put(&f->jail, "ip6_addr", "none");
	put(&f->jail, "ip4_addr", "em0|10.0.0.2");
	put(&f->jail, "ip4", "inherit");
	build(f);
	expect_param(f, "ip4", JP_INT, "2");
	expect_omitted(f, "ip4.addr", "ip4 is inherit");
}

/* An allow_mount_* set to 1 turns on allow.mount and enforce_statfs=1. */
static void
test_allow_mount(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "allow_mount_nullfs", "1");
	build(f);
	expect_param(f, "allow.mount", JP_BOOL, "1");
	expect_param(f, "enforce_statfs", JP_INT, "1");
	expect_param(f, "allow.mount.nullfs", JP_BOOL, "1");
	/* Explicit values win. */
	put(&f->jail, "enforce_statfs", "2");
	build(f);
	expect_param(f, "enforce_statfs", JP_INT, "2");
	expect_param(f, "allow.mount", JP_BOOL, "1");
	put(&f->jail, "allow_mount", "0");
	build(f);
	expect_param(f, "allow.mount", JP_BOOL, "0");
	/* An allow_mount_* of 0 changes nothing. */
	cfg_clear(&f->jail);
	put(&f->jail, "allow_mount_nullfs", "0");
	build(f);
	expect_param(f, "allow.mount", JP_BOOL, "0");
	expect_param(f, "enforce_statfs", JP_INT, "2");
	/* The host defaults count as explicit. */
	cfg_clear(&f->jail);
	put(&f->defs, "allow_mount_tmpfs", "yes");
	build(f);
	expect_param(f, "allow.mount", JP_BOOL, "1");
	expect_param(f, "enforce_statfs", JP_INT, "1");
}

static void
test_jail_zfs(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "jail_zfs", "on");
	put(&f->jail, "jail_zfs_dataset", "pool/iocage/jails/web/data");
	build(f);
	expect_param(f, "allow.mount.zfs", JP_BOOL, "1");
	expect_param(f, "allow.mount", JP_BOOL, "1");
	expect_param(f, "enforce_statfs", JP_INT, "1");
	put(&f->jail, "jail_zfs", "off");
	build(f);
	expect_param(f, "allow.mount.zfs", JP_BOOL, "0");
}

static int
uuid_shaped(const char *s)
{
	size_t i;

	if (strlen(s) != 36)
		return (0);
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return (0);
		} else if (strchr("0123456789abcdef", s[i]) == NULL) {
			return (0);
		}
	}
	return (1);
}

/* spec §10.4: SHA-1(host uuid as 16 bytes || identifier) as a UUID. */
static void
test_generated_hostuuid(void **state)
{
	struct fixture *f = *state;
	const struct jparam *p;
	char first[40];

	build(f);
	p = param(f, "host.hostuuid");
	assert_non_null(p);
	assert_true(uuid_shaped(p->value));
	/* Computed independently: sha1(bytes.fromhex(...) + b"ioc-web"). */
	assert_string_equal(p->value, "077209d1-93fd-e8aa-273e-37cd7bb6bc0a");
	(void)snprintf(first, sizeof(first), "%s", p->value);
	/* The same input gives the same UUID (the case of HOSTUUID too). */
	f->in.hostuuid = "8a1b2c3d-0000-4000-8000-00000000000a";
	build(f);
	assert_string_equal(param(f, "host.hostuuid")->value, first);
	/* It changes with the source name. */
	f->in.source = "main";
	build(f);
	p = param(f, "host.hostuuid");
	assert_string_not_equal(p->value, first);
	assert_string_equal(p->value, "956df560-9568-7d80-66d3-04a999b7feb2");
	/* A configured host_hostuuid wins. */
	put(&f->jail, "host_hostuuid", "test_101");
	build(f);
	expect_param(f, "host.hostuuid", JP_STRING, "test_101");
	/* Without a parsable host uuid it is left to the kernel. */
	cfg_del(&f->jail, "host_hostuuid");
	f->in.hostuuid = "not-a-uuid";
	build(f);
	expect_omitted(f, "host.hostuuid", "not a UUID");
	f->in.hostuuid = NULL;
	build(f);
	expect_omitted(f, "host.hostuuid", "not a UUID");
}

static void
test_host_names(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "host_hostname", "www.example.org");
	put(&f->defs, "host_domainname", "example.org");
	build(f);
	expect_param(f, "host.hostname", JP_STRING, "www.example.org");
	expect_param(f, "host.domainname", JP_STRING, "example.org");
	/* A legacy UUID-named jail is called by its short name. */
	cfg_clear(&f->jail);
	f->in.name = "7aff4f07-7598-11e5-bd69-ecf4bbe5df60";
	build(f);
	expect_param(f, "host.hostname", JP_STRING, "7aff4f07");
}

/* Legacy stored forms, and a stored value that is not valid. */
static void
test_stored_forms(void **state)
{
	struct fixture *f = *state;
	struct ioc_err err = {0};

	put(&f->jail, "allow_chflags", "on");
	put(&f->jail, "sysvshm", "disable");
	put(&f->jail, "sysvsem", "inherit");
	put(&f->jail, "ip6_saddrsel", "0");
	put(&f->jail, "children_max", "5.0");
	build(f);
	expect_param(f, "allow.chflags", JP_BOOL, "1");
	expect_param(f, "sysvshm", JP_INT, "0");
	expect_param(f, "sysvsem", JP_INT, "2");
	expect_param(f, "ip6.saddrsel", JP_BOOL, "0");
	expect_param(f, "children.max", JP_INT, "5");
	put(&f->jail, "securelevel", "9");
	jparams_free(&f->l);
	assert_int_equal(jparams_build(&f->in, &f->l, &err), -1);
	assert_non_null(strstr(err.msg, "'securelevel'"));
	/* securelevel none: left to the kernel. */
	put(&f->jail, "securelevel", "none");
	build(f);
	expect_omitted(f, "securelevel", "securelevel is none");
}

static void
test_bad_input(void **state)
{
	struct fixture *f = *state;
	struct ioc_err err = {0};
	char longname[300];

	f->in.path = NULL;
	assert_int_equal(jparams_build(&f->in, &f->l, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	f->in.path = "/x";
	(void)memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	f->in.name = longname;
	assert_int_equal(jparams_build(&f->in, &f->l, &err), -1);
	assert_non_null(strstr(err.msg, "too long"));
	jparams_free(NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_identifier),
	    T(test_basejail_defaults),
	    T(test_every_row_accounted),
	    T(test_dotted_name),
	    T(test_devfs_ruleset),
	    T(test_allow_mlock),
	    T(test_vnet),
	    T(test_shared_ip),
	    T(test_allow_mount),
	    T(test_jail_zfs),
	    T(test_generated_hostuuid),
	    T(test_host_names),
	    T(test_stored_forms),
	    T(test_bad_input),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
