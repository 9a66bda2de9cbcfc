/*
 * test_props.c - the property table: every row's default, validation and
 * stored form, rendering in each output style, and effective values from
 * a jail's config, the host defaults and the built-in defaults (libioc's
 * test_Globals and the config cases of test_Config).
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
#include "compat.h"
#include "internal.h"
#include "props.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A concrete key of a row (pattern rows get a member of their family). */
static const char *
key_of(const struct prop *p)
{
	if (!(p->flags & PF_PATTERN))
		return (p->name);
	if (strcmp(p->name, "<nic>_mac") == 0)
		return ("vnet0_mac");
	if (strcmp(p->name, "<nic>_mtu") == 0)
		return ("vnet0_mtu");
	if (strcmp(p->name, "user.*") == 0)
		return ("user.foo");
	fail_msg("no sample key for pattern row '%s'", p->name);
	return (NULL);
}

/* Normalise user input that must be accepted; returns the stored form. */
static char *
norm_ok(const char *key, const char *in)
{
	struct ioc_err err = {.code = -7};
	char *out = (char *)"unset";

	if (prop_normalize(key, in, &out, &err) != 0)
		fail_msg("%s=%s was refused: %s", key, in, err.msg);
	assert_int_equal(err.code, -7);
	return (out);
}

/* Like norm_ok() for a value read from a file. */
static char *
loaded_ok(const char *key, const char *in)
{
	struct ioc_err err = {.code = -7};
	char *out = (char *)"unset";

	if (prop_normalize_loaded(key, in, &out, &err) != 0)
		fail_msg("%s=%s from a file was refused: %s", key, in, err.msg);
	return (out);
}

static void
expect_stored(const char *key, const char *in, const char *want)
{
	char *out = norm_ok(key, in);

	if (want == NULL) {
		if (out != NULL)
			fail_msg(
			    "%s=%s stored '%s', expected none", key, in, out);
		return;
	}
	if (out == NULL)
		fail_msg("%s=%s stored none, expected '%s'", key, in, want);
	if (strcmp(out, want) != 0)
		fail_msg(
		    "%s=%s stored '%s', expected '%s'", key, in, out, want);
	free(out);
}

/* An invalid value: refused with the property's name in the message. */
static void
expect_invalid(const char *key, const char *in)
{
	struct ioc_err err = {0};
	char want[256], *out = (char *)"unset";

	if (prop_normalize_loaded(key, in, &out, &err) == 0)
		fail_msg("%s=%s was accepted as '%s'", key, in,
		    out != NULL ? out : "none");
	assert_int_equal(err.code, IOC_EINVAL);
	(void)snprintf(
	    want, sizeof(want), "Invalid value for property '%s'", key);
	if (strstr(err.msg, want) == NULL)
		fail_msg(
		    "%s=%s: message '%s' lacks \"%s\"", key, in, err.msg, want);
}

static char *
render(const char *key, const char *stored, enum val_style style)
{
	struct ioc_err err = {0};
	char *s = prop_render(key, stored, style, &err);

	if (s == NULL)
		fail_msg("render of %s failed: %s", key, err.msg);
	return (s);
}

static void
expect_render(
    const char *key, const char *stored, enum val_style style, const char *want)
{
	char *s = render(key, stored, style);

	if (strcmp(s, want) != 0)
		fail_msg("render of %s='%s' in style %d gave '%s', expected "
			 "'%s'",
		    key, stored != NULL ? stored : "NULL", (int)style, s, want);
	free(s);
}

/* test_Globals: sorted, no duplicates, and every row is complete. */
static void
test_table(void **state)
{
	size_t i, n = prop_count();

	(void)state;
	assert_true(n >= 140);
	assert_null(prop_at(n));
	for (i = 0; i < n; i++) {
		const struct prop *p = prop_at(i);

		assert_non_null(p->name);
		if (i > 0 && strcmp(prop_at(i - 1)->name, p->name) >= 0)
			fail_msg("rows '%s' and '%s' are out of order or "
				 "duplicate",
			    prop_at(i - 1)->name, p->name);
		if (p->desc == NULL || strlen(p->desc) < 8)
			fail_msg("row '%s' has no description", p->name);
		if ((p->flags & PF_JPARAM) && p->jparam == NULL)
			fail_msg(
			    "row '%s' is a jail param without a name", p->name);
		if (p->jparam != NULL && !(p->flags & PF_JPARAM))
			fail_msg("row '%s' names a jail param but is not "
				 "PF_JPARAM",
			    p->name);
		if (p->type == PT_ENUM && p->choices == NULL)
			fail_msg("enum row '%s' has no choices", p->name);
		if (p->type == PT_INT && p->min > p->max)
			fail_msg("int row '%s' has min > max", p->name);
		if (p->flags & PF_ALIAS) {
			assert_non_null(p->alias);
			assert_true(prop_canonical(p) != p);
			assert_string_equal(prop_canonical(p)->name, p->alias);
		}
		/* Every key finds its own row. */
		if (prop_find(key_of(p)) != p)
			fail_msg("prop_find('%s') misses its row", key_of(p));
	}
}

/* Every row of spec §6.1 and §6.2 exists with the type the spec gives. */
static void
test_spec_rows(void **state)
{
	static const struct {
		const char *name;
		enum prop_type type;
		const char *def;
	} rows[] = {
	    {"id", PT_STRING, NULL},
	    {"release", PT_RELEASE, NULL},
	    {"boot", PT_BOOL, "no"},
	    {"priority", PT_INT, "0"},
	    {"legacy", PT_BOOL, "no"},
	    {"depends", PT_DEPENDS, NULL},
	    {"basejail", PT_BOOL, "no"},
	    {"basejail_type", PT_ENUM, "nullfs"},
	    {"clonejail", PT_BOOL, "no"},
	    {"defaultrouter", PT_ROUTER4, NULL},
	    {"defaultrouter6", PT_ROUTER6, NULL},
	    {"mac_prefix", PT_MACPREFIX, "02ff60"},
	    {"vnet", PT_BOOL, "no"},
	    {"interfaces", PT_INTERFACES, NULL},
	    {"vnet_interfaces", PT_LIST, NULL},
	    {"ip4", PT_NSMODE, "new"},
	    {"ip4_saddrsel", PT_FLAG, "1"},
	    {"ip4_addr", PT_ADDR4, NULL},
	    {"ip6", PT_NSMODE, "new"},
	    {"ip6_saddrsel", PT_FLAG, "1"},
	    {"ip6_addr", PT_ADDR6, NULL},
	    {"resolver", PT_RESOLVER, "/etc/resolv.conf"},
	    {"host_hostuuid", PT_UUID, NULL},
	    {"host_hostname", PT_STRING, NULL},
	    {"host_domainname", PT_STRING, NULL},
	    {"hostid", PT_UUID, NULL},
	    {"hostid_strict_check", PT_BOOL, "no"},
	    {"devfs_ruleset", PT_DEVFS, "4"},
	    {"enforce_statfs", PT_INT, "2"},
	    {"children_max", PT_INT, "0"},
	    {"allow_set_hostname", PT_FLAG, "1"},
	    {"allow_sysvipc", PT_FLAG, "0"},
	    {"allow_raw_sockets", PT_FLAG, "0"},
	    {"allow_chflags", PT_FLAG, "0"},
	    {"allow_mlock", PT_FLAG, "0"},
	    {"allow_mount", PT_FLAG, "0"},
	    {"allow_mount_devfs", PT_FLAG, "0"},
	    {"allow_mount_fusefs", PT_FLAG, "0"},
	    {"allow_mount_nullfs", PT_FLAG, "0"},
	    {"allow_mount_procfs", PT_FLAG, "0"},
	    {"allow_mount_fdescfs", PT_FLAG, "0"},
	    {"allow_mount_zfs", PT_FLAG, "0"},
	    {"allow_mount_tmpfs", PT_FLAG, "0"},
	    {"allow_quotas", PT_FLAG, "0"},
	    {"allow_socket_af", PT_FLAG, "0"},
	    {"allow_vmm", PT_FLAG, "0"},
	    {"rlimits", PT_BOOL, NULL},
	    {"sysvmsg", PT_NSMODE, "new"},
	    {"sysvsem", PT_NSMODE, "new"},
	    {"sysvshm", PT_NSMODE, "new"},
	    {"exec_clean", PT_FLAG, "1"},
	    {"exec_fib", PT_INT, "0"},
	    {"exec_prestart", PT_STRING, NULL},
	    {"exec_created", PT_STRING, NULL},
	    {"exec_poststart", PT_STRING, NULL},
	    {"exec_prestop", PT_STRING, NULL},
	    {"exec_poststop", PT_STRING, NULL},
	    {"exec_jail_user", PT_STRING, "root"},
	    {"exec_timeout", PT_INT, "600"},
	    {"stop_timeout", PT_INT, "30"},
	    {"mount_devfs", PT_FLAG, "1"},
	    {"mount_linprocfs", PT_FLAG, "0"},
	    {"securelevel", PT_INT, "2"},
	    {"tags", PT_LIST, NULL},
	    {"tag", PT_STRING, NULL},
	    {"template", PT_BOOL, "no"},
	    {"jail_zfs", PT_BOOL, "no"},
	    {"jail_zfs_dataset", PT_DATASETS, NULL},
	    {"provision.method", PT_ENUM, NULL},
	    {"provision.source", PT_STRING, NULL},
	    {"provision.rev", PT_STRING, "master"},
	    {"type", PT_ENUM, "jail"},
	    {"cloned_release", PT_RELEASE, NULL},
	    {"login_flags", PT_STRING, "-f root"},
	    {"user.comment", PT_STRING, NULL},
	    {"vnet0_mac", PT_MACPAIR, NULL},
	};
	static const char *const rlimits[] = {"cputime", "datasize",
	    "stacksize", "coredumpsize", "memoryuse", "memorylocked", "maxproc",
	    "openfiles", "vmemoryuse", "pseudoterminals", "swapuse", "nthr",
	    "msgqqueued", "msgqsize", "nmsgq", "nsem", "nsemop", "nshm",
	    "shmsize", "wallclock", "pcpu", "readbps", "writebps", "readiops",
	    "writeiops"};
	const struct prop *p;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		const char *d;

		if ((p = prop_find(rows[i].name)) == NULL)
			fail_msg("property '%s' is missing", rows[i].name);
		if (p->type != rows[i].type)
			fail_msg("property '%s' has type %d, expected %d",
			    rows[i].name, (int)p->type, (int)rows[i].type);
		d = p->def;
		if ((d == NULL) != (rows[i].def == NULL) ||
		    (d != NULL && strcmp(d, rows[i].def) != 0))
			fail_msg("property '%s' defaults to '%s', expected "
				 "'%s'",
			    rows[i].name, d ? d : "none",
			    rows[i].def ? rows[i].def : "none");
	}
	for (i = 0; i < NELEM(rlimits); i++) {
		if ((p = prop_find(rlimits[i])) == NULL)
			fail_msg("resource limit '%s' is missing", rlimits[i]);
		assert_int_equal(p->type, PT_RLIMIT);
		assert_null(prop_default(p));
	}
	/* Aliases of id. */
	assert_string_equal(prop_canonical(prop_find("name"))->name, "id");
	assert_string_equal(prop_canonical(prop_find("uuid"))->name, "id");
	/* jail(2) names of the jail-backed rows (spec §6.5). */
	assert_string_equal(
	    prop_find("host_hostname")->jparam, "host.hostname");
	assert_string_equal(prop_find("children_max")->jparam, "children.max");
	assert_string_equal(prop_find("ip4_saddrsel")->jparam, "ip4.saddrsel");
	assert_string_equal(
	    prop_find("allow_mount_devfs")->jparam, "allow.mount.devfs");
	assert_string_equal(
	    prop_find("allow_raw_sockets")->jparam, "allow.raw_sockets");
	assert_string_equal(prop_find("sysvmsg")->jparam, "sysvmsg");
	/* Stored only: no jail(2) parameter of their own. */
	assert_null(prop_find("exec_fib")->jparam);
	assert_null(prop_find("mount_devfs")->jparam);
	assert_true(prop_find("legacy")->flags & PF_NOSAVE);
	assert_true(prop_find("devfs_ruleset")->flags & PF_FREEBSD);
}

/* Every default is already in its stored form. */
static void
test_defaults_round_trip(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);
		const char *defs[2] = {p->def, p->def_linux};
		size_t j;

		for (j = 0; j < 2; j++) {
			char *out;

			if (defs[j] == NULL || strcmp(defs[j], "none") == 0)
				continue;
			out = loaded_ok(key_of(p), defs[j]);
			if (out == NULL || strcmp(out, defs[j]) != 0)
				fail_msg("default '%s' of %s normalises to "
					 "'%s'",
				    defs[j], p->name, out ? out : "none");
			free(out);
		}
	}
}

/* A value that breaks the syntax of each type (NULL: anything goes). */
static const char *
invalid_sample(const struct prop *p)
{
	switch (p->type) {
	case PT_BOOL:
		return ("maybe");
	case PT_FLAG:
		return ("2");
	case PT_INT:
		return ("1.5");
	case PT_ENUM:
		return ("bogus");
	case PT_NSMODE:
		return ("3");
	case PT_ADDR4:
		return ("10.0.0.1");
	case PT_ADDR6:
		return ("vnet0|2001:db8::1::2");
	case PT_INTERFACES:
		return ("vnet0");
	case PT_ROUTER4:
		return ("300.1.1.1");
	case PT_ROUTER6:
		return ("10.0.0.1");
	case PT_RESOLVER:
		return ("not-an-address");
	case PT_DEPENDS:
		return ("bogus_key=1");
	case PT_RLIMIT:
		return (":deny");
	case PT_MACPAIR:
		return ("zz");
	case PT_UUID:
		return ("not a uuid!");
	case PT_RELEASE:
		return ("13.2 RELEASE");
	case PT_DEVFS:
		return ("70000");
	case PT_DATASETS:
		return ("-pool/x");
	case PT_MACPREFIX:
		return ("zz");
	case PT_STRING:
	case PT_LIST:
		break;
	}
	return (NULL);
}

static void
test_invalid_values(void **state)
{
	size_t i, checked = 0;

	(void)state;
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);
		const char *bad = invalid_sample(p);
		char buf[32];

		if (bad == NULL)
			continue;
		expect_invalid(key_of(p), bad);
		checked++;
		if (p->type != PT_INT)
			continue;
		/* Out of range on either side. */
		if (p->max < 2147483647LL) {
			(void)snprintf(buf, sizeof(buf), "%lld", p->max + 1);
			expect_invalid(p->name, buf);
		}
		if (p->min > -2147483647LL) {
			(void)snprintf(buf, sizeof(buf), "%lld", p->min - 1);
			expect_invalid(p->name, buf);
		}
	}
	assert_true(checked > 60);
}

/* A valid value different from the row's default. */
static const char *
valid_sample(const struct prop *p, char *buf, size_t size)
{
	const char *d = prop_default(p);

	switch (p->type) {
	case PT_BOOL:
		return (d != NULL && strcmp(d, "yes") == 0 ? "no" : "yes");
	case PT_FLAG:
		return (d != NULL && strcmp(d, "1") == 0 ? "0" : "1");
	case PT_INT:
		(void)snprintf(buf, size, "%lld",
		    d != NULL && atoll(d) == p->max ? p->min : p->max);
		return (buf);
	case PT_ENUM: {
		const char *last = strrchr(p->choices, '|');

		return (last != NULL ? last + 1 : p->choices);
	}
	case PT_NSMODE:
		return ("inherit");
	case PT_LIST:
		return ("a,b\\,c");
	case PT_ADDR4:
		return ("vnet0|10.0.0.2/24,vnet1|10.0.1.2/32");
	case PT_ADDR6:
		return ("vnet0|2001:db8::2/64");
	case PT_INTERFACES:
		return ("vnet0:bridge0,vnet1::bridge1");
	case PT_ROUTER4:
		return ("10.0.0.1@vnet0");
	case PT_ROUTER6:
		return ("2001:db8::1");
	case PT_RESOLVER:
		return ("nameserver 10.0.0.1;search example.org");
	case PT_DEPENDS:
		return ("tags=db,cache web*");
	case PT_RLIMIT:
		return ("log=1024M/process");
	case PT_MACPAIR:
		return ("02:ff:60:00:00:01,02:ff:60:00:00:02");
	case PT_UUID:
		return ("8a1b2c3d-0000-4000-8000-00000000000a");
	case PT_RELEASE:
		return ("14.3-RELEASE-p2");
	case PT_DEVFS:
		return ("5");
	case PT_DATASETS:
		return ("pool/a pool/b/c");
	case PT_MACPREFIX:
		return ("3e4a92");
	case PT_STRING:
		return ("some text, with a comma");
	}
	return (NULL);
}

/* normalize -> render (JSON) -> normalize keeps the value. */
static void
test_valid_round_trip(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);
		const char *key = key_of(p), *d = prop_default(p);
		char buf[32], *n1, *js, *n2;

		n1 = loaded_ok(key, valid_sample(p, buf, sizeof(buf)));
		if (n1 == NULL)
			fail_msg("%s: a valid value became none", key);
		if (d != NULL && strcmp(n1, d) == 0)
			fail_msg("%s: the sample is the default", key);
		js = render(key, n1, VAL_JSON);
		n2 = loaded_ok(key, js);
		if (n2 == NULL || strcmp(n1, n2) != 0)
			fail_msg("%s: '%s' rendered as '%s' normalises to "
				 "'%s'",
			    key, n1, js, n2 ? n2 : "none");
		free(n1);
		free(js);
		free(n2);
	}
}

/* None inputs of §1.1 store none for every settable row. */
static void
test_none_inputs(void **state)
{
	const char *nones[] = {"none", "NONE", "-", ""};
	size_t i, j;

	(void)state;
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);

		if (p->flags & PF_READONLY)
			continue;
		for (j = 0; j < NELEM(nones); j++)
			expect_stored(key_of(p), nones[j], NULL);
	}
}

static void
test_key_errors(void **state)
{
	const char *ro[] = {"id", "name", "uuid", "legacy", "CONFIG_VERSION",
	    "last_started", "available", "used", "quota", "compression",
	    "state"};
	const char *unknown[] = {"config_type", "bogus", "user", "user.",
	    "user..x", "user.a.", "user.a b", "_mac", "vnet0 x_mac",
	    "0vnet_mac", "Vnet"};
	struct ioc_err err = {0};
	char want[128], *out;
	size_t i;

	(void)state;
	assert_int_equal(prop_normalize("config_type", "json", &out, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	assert_string_equal(
	    err.msg, "The config property 'config_type' is unknown");
	for (i = 0; i < NELEM(unknown); i++) {
		assert_null(prop_find(unknown[i]));
		assert_int_equal(
		    prop_normalize(unknown[i], "x", &out, &err), -1);
		(void)snprintf(want, sizeof(want),
		    "The config property '%s' is unknown", unknown[i]);
		assert_string_equal(err.msg, want);
	}
	for (i = 0; i < NELEM(ro); i++) {
		assert_int_equal(prop_normalize(ro[i], "x", &out, &err), -1);
		assert_int_equal(err.code, IOC_EINVAL);
		(void)snprintf(want, sizeof(want),
		    "The config property '%s' is read-only", ro[i]);
		assert_string_equal(err.msg, want);
		/* ... but a config file may hold them. */
		out = loaded_ok(ro[i], "yes");
		free(out);
	}
}

static void
test_user_and_mac_keys(void **state)
{
	(void)state;
	expect_stored("user.foo", "bar", "bar");
	expect_stored("user.foo.bar", "1", "1");
	expect_stored("vnet0_mac", "02:FF:60:00:00:01,02-ff-60-00-00-02",
	    "02:ff:60:00:00:01,02:ff:60:00:00:02");
	expect_stored("epair0_mac", "02ff60000001,02ff60000002",
	    "02:ff:60:00:00:01,02:ff:60:00:00:02");
	expect_stored("vnet0_mac", "none", NULL);
	expect_invalid("vnet0_mac", "02:ff:60:00:00:01,zz:ff:60:00:00:02");
	expect_invalid("vnet0_mac", "02:ff:60:00:00:01");
	assert_int_equal(prop_find("vnet0_mac")->type, PT_MACPAIR);
	assert_int_equal(prop_find("vnet3_mtu")->type, PT_STRING);
	/* An exact row wins over the "<nic>_mtu" family. */
	assert_string_equal(
	    prop_find("vnet_default_mtu")->name, "vnet_default_mtu");
}

static void
test_flags_never_python_words(void **state)
{
	const char *on[] = {"True", "yes", "on", "1", "TRUE"};
	const char *off[] = {"False", "no", "off", "0"};
	size_t i, j;

	(void)state;
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);

		if (p->type != PT_FLAG)
			continue;
		for (j = 0; j < NELEM(on); j++)
			expect_stored(p->name, on[j], "1");
		for (j = 0; j < NELEM(off); j++)
			expect_stored(p->name, off[j], "0");
	}
}

/* The cases of spec §6.3 and §18.2 item 17 a user notices. */
static void
test_specific_values(void **state)
{
	(void)state;
	/* libioc stored "yes" for priority=1 and "True" for exec_timeout. */
	expect_stored("priority", "1", "1");
	expect_stored("priority", "99", "99");
	expect_stored("priority", "5.0", "5");
	expect_invalid("priority", "yes");
	expect_stored("exec_timeout", "1", "1");
	expect_invalid("exec_timeout", "True");
	expect_stored("exec_start", "1", "1");
	expect_stored("allow_raw_sockets", "yes", "1");
	expect_stored("vnet", "on", "yes");
	expect_stored("vnet", "1", "yes");
	expect_stored("basejail", "OFF", "no");
	expect_stored("ip4", "inherit", "inherit");
	expect_stored("ip4", "NEW", "new");
	/* jail(2) numbers: 0 disable, 1 new, 2 inherit. */
	expect_stored("ip6", "0", "disable");
	expect_stored("ip6", "1", "new");
	expect_stored("sysvshm", "2", "inherit");
	expect_invalid("securelevel", "4");
	expect_invalid("securelevel", "-2");
	expect_stored("securelevel", "-1", "-1");
	expect_invalid("enforce_statfs", "3");
	expect_invalid("children_max", "-1");
	expect_invalid("mac_prefix", "zz");
	expect_invalid("mac_prefix", "03ff60");
	expect_stored("mac_prefix", "3E4A92", "3e4a92");
	expect_stored("defaultrouter", "10.0.0.1@vnet0", "10.0.0.1@vnet0");
	expect_stored("defaultrouter", "auto", "auto");
	expect_stored("defaultrouter6", "auto", "auto");
	expect_stored("cputime", "1024M:deny", "1024M:deny");
	expect_stored("memoryuse", "deny=512M", "512M:deny");
	expect_stored("cputime", "off", NULL);
	expect_invalid("cputime", "deny=");
	expect_stored("basejail_type", "ZFS", "zfs");
	expect_invalid("basejail_type", "tmpfs");
	expect_stored("provision.method", "puppet", "puppet");
	expect_stored("type", "basejail", "basejail");
	expect_stored("devfs_ruleset", "devfsrules_jail", "devfsrules_jail");
	expect_stored("devfs_ruleset", "0005", "5");
	expect_stored("jail_zfs_dataset", "pool/a,pool/b  pool/c",
	    "pool/a pool/b pool/c");
	expect_invalid("jail_zfs_dataset", "pool/a@snap");
	expect_stored("depends", "  db   cache ", "db cache");
	expect_stored("depends", "tags=backend running=yes",
	    "tags=backend "
	    "running=yes");
	expect_stored("depends", "ioc/web+", "ioc/web+");
	expect_invalid("depends", "nokey=1");
	expect_stored("tags", "a,b,,c", "a,b,c");
	expect_stored("host_hostuuid", "8A1B2C3D-0000-4000-8000-00000000000A",
	    "8a1b2c3d-0000-4000-8000-00000000000a");
	/* python-iocage names host_hostuuid after the jail. */
	expect_stored("host_hostuuid", "test_101", "test_101");
	expect_stored("hostid", "34333834-3734-5A43-3331-313342464631",
	    "34333834-3734-5a43-3331-313342464631");
	expect_stored("release", "13.4-RELEASE-p2", "13.4-RELEASE-p2");
	expect_invalid("release", "../13.2-RELEASE");
	expect_stored("interfaces", "vnet0:bridge0 vnet1::bridge1",
	    "vnet0:bridge0,vnet1::bridge1");
	expect_stored("resolver", "/etc/resolv.conf", "/etc/resolv.conf");
	expect_stored("resolver", "/dev/null", "/dev/null");
}

/* The address message of libioc: expected "<nic>|<address>". */
static void
test_address_message(void **state)
{
	struct ioc_err err = {0};
	char *out;

	(void)state;
	assert_int_equal(
	    prop_normalize("ip4_addr", "10.0.0.2", &out, &err), -1);
	assert_non_null(strstr(err.msg, "ip4_addr"));
	assert_non_null(strstr(err.msg, "expected \"<nic>|<address>\""));
	expect_stored("ip4_addr", "vnet0|10.0.0.2", "vnet0|10.0.0.2/32");
	expect_stored("ip4_addr", "vnet0|dhcp", "vnet0|dhcp");
}

static void
test_render(void **state)
{
	(void)state;
	/* A UCL file holds on/off for yes/no properties. */
	expect_render("vnet", "on", VAL_DISPLAY, "yes");
	expect_render("vnet", "on", VAL_JSON, "yes");
	expect_render("vnet", "on", VAL_LEGACY, "on");
	expect_render("vnet", "no", VAL_LEGACY, "off");
	/* A python-iocage 1.x file holds 1/0. */
	expect_render("basejail", "1", VAL_DISPLAY, "yes");
	expect_render("template", "0", VAL_JSON, "no");
	/* jail(2) booleans stay numbers in every style. */
	expect_render("allow_mlock", "1", VAL_DISPLAY, "1");
	expect_render("allow_mlock", "1", VAL_LEGACY, "1");
	expect_render("allow_mlock", "on", VAL_JSON, "1");
	expect_render("mount_devfs", "off", VAL_DISPLAY, "0");
	/* None. */
	expect_render("vnet", NULL, VAL_DISPLAY, "-");
	expect_render("ip4_addr", NULL, VAL_JSON, "none");
	expect_render("ip4_addr", "none", VAL_DISPLAY, "-");
	expect_render("rlimits", "-", VAL_LEGACY, "none");
	/* Others as stored. */
	expect_render("priority", "5.0", VAL_DISPLAY, "5");
	expect_render("ip4", "2", VAL_DISPLAY, "inherit");
	expect_render(
	    "ip4_addr", "vnet0|10.0.0.2/24", VAL_DISPLAY, "vnet0|10.0.0.2/24");
	expect_render("exec_start", "1", VAL_JSON, "1");
	expect_render("no_such_key", "x", VAL_DISPLAY, "x");
}

static void
expect_effective(const char *key, const struct cfg *jail,
    const struct cfg *defaults, const char *want)
{
	const char *v = prop_effective(key, jail, defaults);

	if ((v == NULL) != (want == NULL) ||
	    (v != NULL && strcmp(v, want) != 0))
		fail_msg("effective %s is '%s', expected '%s'", key,
		    v ? v : "none", want ? want : "none");
}

static void
test_effective(void **state)
{
	struct cfg jail, defs;

	(void)state;
	cfg_init(&jail);
	cfg_init(&defs);
	/* Built-in defaults. */
	expect_effective("allow_set_hostname", &jail, &defs, "1");
	expect_effective("devfs_ruleset", NULL, NULL, "4");
	expect_effective("host_domainname", &jail, &defs, NULL);
	expect_effective("no_such_key", &jail, &defs, NULL);
	/* Host defaults beat built-ins, the jail beats both. */
	put(&defs, "exec_timeout", "60");
	expect_effective("exec_timeout", &jail, &defs, "60");
	put(&jail, "exec_timeout", "5");
	expect_effective("exec_timeout", &jail, &defs, "5");
	/* §18.2 item 14: host_domainname consults the defaults too. */
	put(&defs, "host_domainname", "example.org");
	expect_effective("host_domainname", &jail, &defs, "example.org");
	/* A stored none is none, not "inherit". */
	put(&defs, "devfs_ruleset", "7");
	expect_effective("devfs_ruleset", &jail, &defs, "7");
	put(&jail, "devfs_ruleset", "none");
	expect_effective("devfs_ruleset", &jail, &defs, NULL);
	put(&jail, "devfs_ruleset", "-");
	expect_effective("devfs_ruleset", &jail, &defs, NULL);
	cfg_del(&jail, "devfs_ruleset");
	expect_effective("devfs_ruleset", &jail, &defs, "7");
	/* Identity never comes from the defaults. */
	put(&defs, "release", "13.2-RELEASE");
	put(&defs, "host_hostuuid", "x");
	put(&defs, "host_hostname", "h");
	expect_effective("release", &jail, &defs, NULL);
	expect_effective("host_hostuuid", &jail, &defs, NULL);
	expect_effective("host_hostname", &jail, &defs, NULL);
	/* Aliases. */
	put(&jail, "id", "web");
	expect_effective("name", &jail, &defs, "web");
	expect_effective("uuid", &jail, &defs, "web");
	cfg_clear(&jail);
	cfg_clear(&defs);
}

static void
test_effective_computed(void **state)
{
	struct cfg jail;

	(void)state;
	cfg_init(&jail);
	/* basejail_type is none for other jails, nullfs for basejails. */
	expect_effective("basejail_type", &jail, NULL, NULL);
	expect_effective("type", &jail, NULL, "jail");
	put(&jail, "basejail", "yes");
	expect_effective("basejail_type", &jail, NULL, "nullfs");
	expect_effective("type", &jail, NULL, "basejail");
	put(&jail, "basejail", "1");
	put(&jail, "basejail_type", "zfs");
	expect_effective("basejail_type", &jail, NULL, "zfs");
	put(&jail, "basejail", "off");
	put(&jail, "clonejail", "on");
	expect_effective("type", &jail, NULL, "clonejail");
	put(&jail, "clonejail", "no");
	put(&jail, "type", "pluginv2");
	expect_effective("type", &jail, NULL, "pluginv2");
	cfg_clear(&jail);
}

/*
 * A python-iocage thin config (only the keys that differ from its
 * defaults.json) over a full python-iocage defaults.json.
 */
static void
test_effective_python_iocage(void **state)
{
	static const char *const defaults[][2] = {{"CONFIG_VERSION", "28"},
	    {"priority", "99"}, {"exec_timeout", "60"},
	    {"defaultrouter", "auto"}, {"vnet", "0"}, {"cputime", "off"},
	    {"exec_prestart", "/usr/bin/true"}, {"available", "readonly"},
	    {"compression", "lz4"}, {"last_started", "none"},
	    {"host_domainname", "none"}, {"mount_fdescfs", "1"},
	    {"notes", "none"}, {"type", "jail"}};
	struct cfg jail, defs;
	size_t i;

	(void)state;
	cfg_init(&jail);
	cfg_init(&defs);
	for (i = 0; i < NELEM(defaults); i++)
		put(&defs, defaults[i][0], defaults[i][1]);
	put(&jail, "host_hostname", "myjail");
	put(&jail, "host_hostuuid", "myjail");
	put(&jail, "jail_zfs_dataset", "iocage/jails/myjail/data");
	put(&jail, "release", "12.0-RELEASE");
	expect_effective("priority", &jail, &defs, "99");
	expect_effective("exec_timeout", &jail, &defs, "60");
	expect_effective("defaultrouter", &jail, &defs, "auto");
	expect_effective("vnet", &jail, &defs, "0");
	/* "off" is no limit. */
	expect_effective("cputime", &jail, &defs, NULL);
	expect_effective("mount_fdescfs", &jail, &defs, "1");
	expect_effective("host_domainname", &jail, &defs, NULL);
	expect_effective("release", &jail, &defs, "12.0-RELEASE");
	expect_effective("host_hostuuid", &jail, &defs, "myjail");
	/* The defaults' own version and ZFS pass-throughs are not the jail's.
	 */
	expect_effective("CONFIG_VERSION", &jail, &defs, NULL);
	expect_effective("available", &jail, &defs, NULL);
	expect_effective("compression", &jail, &defs, NULL);
	expect_effective("last_started", &jail, &defs, NULL);
	cfg_clear(&jail);
	cfg_clear(&defs);
}

/* Linux jails need /proc and run no rc scripts. */
static void
test_platform_defaults(void **state)
{
	const struct prop *procfs = prop_find("mount_procfs");
	const struct prop *fdescfs = prop_find("mount_fdescfs");
	const struct prop *start = prop_find("exec_start");
	const struct prop *stop = prop_find("exec_stop");

	(void)state;
	assert_string_equal(procfs->def, "0");
	assert_string_equal(procfs->def_linux, "1");
	assert_string_equal(fdescfs->def, "0");
	assert_string_equal(fdescfs->def_linux, "1");
	assert_string_equal(start->def, "/bin/sh /etc/rc");
	assert_string_equal(stop->def, "/bin/sh /etc/rc.shutdown");
	if (compat_is_linux()) {
		assert_string_equal(prop_default(procfs), "1");
		assert_string_equal(prop_default(fdescfs), "1");
		assert_null(prop_default(start));
		assert_null(prop_default(stop));
		expect_effective("exec_start", NULL, NULL, NULL);
	} else {
		assert_string_equal(prop_default(procfs), "0");
		assert_string_equal(prop_default(fdescfs), "0");
		assert_string_equal(prop_default(start), "/bin/sh /etc/rc");
		assert_string_equal(
		    prop_default(stop), "/bin/sh /etc/rc.shutdown");
	}
	/* Rows without a Linux default are the same everywhere. */
	assert_string_equal(prop_default(prop_find("mount_devfs")), "1");
}

/*
 * The keys of python-iocage 1.x "get all" (CONFIG_VERSION 28, the
 * retrieve_default_props() set plus computed ones) with typical values:
 * every one loads, and the plain ones stay settable.
 */
static void
test_python_iocage_keys(void **state)
{
	static const char *const lines[] = {"CONFIG_VERSION:28",
	    "allow_chflags:0", "allow_mlock:0", "allow_mount:0",
	    "allow_mount_devfs:0", "allow_mount_fusefs:0",
	    "allow_mount_nullfs:0", "allow_mount_procfs:0",
	    "allow_mount_tmpfs:0", "allow_mount_zfs:0", "allow_quotas:0",
	    "allow_raw_sockets:0", "allow_set_hostname:1", "allow_socket_af:0",
	    "allow_sysvipc:0", "allow_tun:0", "allow_vmm:0",
	    "assign_localhost:0", "available:readonly", "basejail:1", "boot:0",
	    "bpf:0", "children_max:0", "comment:none", "compression:lz4",
	    "compressratio:readonly", "coredumpsize:off", "count:1",
	    "cpuset:off", "cputime:off", "datasize:off", "dedup:off",
	    "defaultrouter:10.1.0.10", "defaultrouter6:auto", "depends:none",
	    "devfs_ruleset:4", "dhcp:0", "enforce_statfs:2", "exec_clean:1",
	    "exec_created:/usr/bin/true", "exec_fib:0", "exec_jail_user:root",
	    "exec_poststart:/usr/bin/true", "exec_poststop:/usr/bin/true",
	    "exec_prestart:/usr/bin/true", "exec_prestop:/usr/bin/true",
	    "exec_start:/bin/sh /etc/rc", "exec_stop:/bin/sh /etc/rc.shutdown",
	    "exec_system_jail_user:0", "exec_system_user:root",
	    "exec_timeout:60", "host_domainname:none",
	    "host_hostname:ansible-client", "host_hostuuid:test_101",
	    "host_time:1", "hostid:34333834-3734-5a43-3331-313342464631",
	    "hostid_strict_check:0", "interfaces:vnet0:bridge0", "ip4:new",
	    "ip4_addr:vnet0|10.1.0.101/24", "ip4_saddrsel:1", "ip6:new",
	    "ip6_addr:none", "ip6_saddrsel:1", "ip_hostname:0", "jail_zfs:0",
	    "jail_zfs_dataset:iocage/jails/test_101/data",
	    "jail_zfs_mountpoint:none", "last_started:2019-02-12 23:27:39",
	    "localhost_ip:none", "login_flags:-f root", "mac_prefix:3e4a92",
	    "maxproc:off", "memorylocked:off", "memoryuse:off",
	    "min_dyn_devfs_ruleset:1000", "mount_devfs:1", "mount_fdescfs:1",
	    "mount_linprocfs:0", "mount_procfs:0", "mountpoint:readonly",
	    "msgqqueued:off", "msgqsize:off", "nat:0", "nat_backend:ipfw",
	    "nat_forwards:none", "nat_interface:none", "nat_prefix:172.16",
	    "nmsgq:off", "notes:vmm=iocage_01", "nsem:off", "nsemop:off",
	    "nshm:off", "nthr:off", "openfiles:off", "origin:readonly",
	    "owner:root", "pcpu:off", "plugin_name:none",
	    "plugin_repository:none", "priority:99", "pseudoterminals:off",
	    "quota:none", "readbps:off", "readiops:off",
	    "release:13.4-RELEASE-p2", "reservation:none",
	    "resolver:/etc/resolv.conf", "rlimits:off", "rtsold:0",
	    "securelevel:2", "shmsize:off", "stacksize:off", "state:down",
	    "stop_timeout:30", "swapuse:off", "sync_state:none",
	    "sync_target:none", "sync_tgt_zpool:none", "sysvmsg:new",
	    "sysvsem:new", "sysvshm:new", "template:0", "type:jail",
	    "used:readonly", "vmemoryuse:off", "vnet:1", "vnet0_mac:none",
	    "vnet0_mtu:auto", "vnet1_mac:none", "vnet1_mtu:auto",
	    "vnet_default_interface:auto", "vnet_default_mtu:1500",
	    "vnet_interfaces:none", "wallclock:off", "writebps:off",
	    "writeiops:off",
	    /* python-iocage 0.9 words. */
	    "boot:on", "dhcp:off", "bpf:yes", "basejail:no",
	    "cloned_release:11.0-RELEASE-p10", "host_time:yes"};
	const char *settable[] = {"notes", "comment", "allow_tun", "bpf",
	    "dhcp", "nat", "owner", "vnet0_mtu", "cpuset"};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(lines); i++) {
		const char *colon = strchr(lines[i], ':');
		char key[64], *out;

		assert_non_null(colon);
		(void)snprintf(key, sizeof(key), "%.*s",
		    (int)(colon - lines[i]), lines[i]);
		if (prop_find(key) == NULL)
			fail_msg("python-iocage key '%s' is unknown", key);
		out = loaded_ok(key, colon + 1);
		free(out);
	}
	for (i = 0; i < NELEM(settable); i++) {
		assert_true(prop_find(settable[i])->flags & PF_FOREIGN);
		expect_stored(settable[i], "x y", "x y");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_spec_rows),
	    cmocka_unit_test(test_defaults_round_trip),
	    cmocka_unit_test(test_invalid_values),
	    cmocka_unit_test(test_valid_round_trip),
	    cmocka_unit_test(test_none_inputs),
	    cmocka_unit_test(test_key_errors),
	    cmocka_unit_test(test_user_and_mac_keys),
	    cmocka_unit_test(test_flags_never_python_words),
	    cmocka_unit_test(test_specific_values),
	    cmocka_unit_test(test_address_message),
	    cmocka_unit_test(test_render),
	    cmocka_unit_test(test_effective),
	    cmocka_unit_test(test_effective_computed),
	    cmocka_unit_test(test_effective_python_iocage),
	    cmocka_unit_test(test_platform_defaults),
	    cmocka_unit_test(test_python_iocage_keys),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
