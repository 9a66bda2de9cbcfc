/*
 * test_netplan.c - the network plan of a jail: the table of non-VNET
 * modes with its refusals, VNET pairs with their names, MACs, addresses
 * and routers, and the host end names.
 */
#include <sys/socket.h>

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
#include "fbplan.h"
#include "internal.h"
#include "netplan.h"
#include "propspec.h"

struct fixture {
	struct cfg jail;
	struct cfg defs;
	struct netplan_input in;
	struct netplan p;
	struct ioc_err err;
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
	f->in.jail = &f->jail;
	f->in.defaults = &f->defs;
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cfg_clear(&f->jail);
	cfg_clear(&f->defs);
	free(f);
	return (0);
}

static void
build_ok(struct fixture *f)
{
	(void)memset(&f->err, 0, sizeof(f->err));
	if (netplan_build(&f->in, &f->p, &f->err) != 0)
		fail_msg("netplan_build failed: %s", f->err.msg);
}

/* The build fails and the message contains want. */
static void
build_fails(struct fixture *f, const char *want)
{
	(void)memset(&f->err, 0, sizeof(f->err));
	assert_int_equal(netplan_build(&f->in, &f->p, &f->err), -1);
	if (strstr(f->err.msg, want) == NULL)
		fail_msg("message '%s' lacks '%s'", f->err.msg, want);
	/* nothing half-built is left */
	assert_int_equal(f->p.nnics, 0);
	assert_int_equal(f->p.naddrs, 0);
}

/* The non-VNET table: (ip4, ip6) -> mode, or refused. */
static void
test_novnet_table(void **state)
{
	static const struct {
		const char *ip4, *ip6;
		int mode; /* -1: refused */
	} rows[] = {
	    {NULL, NULL, NETPLAN_LOOPBACK},
	    {"new", "new", NETPLAN_LOOPBACK},
	    {"disable", "new", NETPLAN_LOOPBACK},
	    {"new", "disable", NETPLAN_LOOPBACK},
	    {"disable", "disable", NETPLAN_LOOPBACK},
	    {"inherit", "inherit", NETPLAN_HOST},
	    {"2", "2", NETPLAN_HOST}, /* jail(2) numbers mean the same */
	    {"inherit", "new", -1},
	    {"inherit", NULL, -1}, /* ip6 defaults to new */
	    {"inherit", "disable", -1},
	    {"new", "inherit", -1},
	    {"disable", "inherit", -1},
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		cfg_clear(&f->jail);
		cfg_init(&f->jail);
		if (rows[i].ip4 != NULL)
			put(&f->jail, "ip4", rows[i].ip4);
		if (rows[i].ip6 != NULL)
			put(&f->jail, "ip6", rows[i].ip6);
		if (rows[i].mode < 0) {
			build_fails(f, "cannot be expressed on Linux");
			continue;
		}
		build_ok(f);
		if ((int)f->p.mode != rows[i].mode)
			fail_msg("ip4=%s ip6=%s: mode %s", rows[i].ip4,
			    rows[i].ip6, netplan_mode_name(f->p.mode));
		assert_int_equal(f->p.nnics, 0);
		assert_non_null(f->p.why);
	}
}

/* vnet=off: addresses are refused, whatever the modes. */
static void
test_novnet_addrs_refused(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "ip4_addr", "em0|192.0.2.5/24");
	build_fails(f,
	    "ip4_addr needs vnet=on on Linux: a jail cannot have "
	    "a subset of the host's addresses");
	cfg_del(&f->jail, "ip4_addr");
	put(&f->jail, "ip6_addr", "em0|2001:db8::5/64");
	put(&f->jail, "ip4", "inherit");
	put(&f->jail, "ip6", "inherit");
	build_fails(f, "ip6_addr needs vnet=on");
	/* none is no address */
	put(&f->jail, "ip6_addr", "none");
	build_ok(f);
	assert_int_equal(f->p.mode, NETPLAN_HOST);
	/* the host defaults count too */
	put(&f->defs, "ip4_addr", "em0|192.0.2.9");
	build_fails(f, "ip4_addr needs vnet=on");
}

/* FreeBSD without VNET: every (ip4, ip6) pair is the kernel's. */
static void
test_novnet_table_freebsd(void **state)
{
	static const struct {
		const char *ip4, *ip6;
		int mode;
	} rows[] = {
	    {NULL, NULL, NETPLAN_ADDRS},
	    {"new", "disable", NETPLAN_ADDRS},
	    {"disable", "disable", NETPLAN_ADDRS},
	    {"inherit", "inherit", NETPLAN_HOST},
	    {"inherit", "new", NETPLAN_ADDRS},
	    {"inherit", "disable", NETPLAN_ADDRS},
	    {"disable", "inherit", NETPLAN_ADDRS},
	    {"new", "inherit", NETPLAN_ADDRS},
	};
	struct fixture *f = *state;
	size_t i;

	f->in.platform = COMPAT_FREEBSD;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		cfg_clear(&f->jail);
		cfg_init(&f->jail);
		if (rows[i].ip4 != NULL)
			put(&f->jail, "ip4", rows[i].ip4);
		if (rows[i].ip6 != NULL)
			put(&f->jail, "ip6", rows[i].ip6);
		build_ok(f);
		if ((int)f->p.mode != rows[i].mode)
			fail_msg("ip4=%s ip6=%s: mode %s", rows[i].ip4,
			    rows[i].ip6, netplan_mode_name(f->p.mode));
		assert_int_equal(f->p.naddrs, 0);
		assert_non_null(f->p.why);
	}
	put(&f->jail, "ip4", "sometimes");
	build_fails(f, "Invalid value for property 'ip4'");
}

/*
 * FreeBSD without VNET: the addresses of each family in mode new are the
 * jail's, the same ones fbplan.c makes host aliases of.
 */
static void
test_novnet_addrs_freebsd(void **state)
{
	struct fixture *f = *state;
	struct plat_spec spec;
	struct fbplan_input fi;
	struct fbplan fp;
	size_t i;

	f->in.platform = COMPAT_FREEBSD;
	put(&f->jail, "ip6_addr", "em0|2001:db8::5/64");
	put(&f->defs, "ip4_addr", "em0|192.0.2.5/24,em1|192.0.2.6");
	build_ok(f);
	assert_int_equal(f->p.mode, NETPLAN_ADDRS);
	assert_int_equal(f->p.naddrs, 3);
	assert_string_equal(f->p.addrs[0].addr, "192.0.2.5");
	assert_string_equal(f->p.addrs[1].nic, "em1");
	assert_string_equal(f->p.addrs[2].addr, "2001:db8::5");
	assert_int_equal(f->p.nnics, 0);

	/* The executor's plan of the same configuration agrees. */
	(void)memset(&spec, 0, sizeof(spec));
	(void)memset(&fi, 0, sizeof(fi));
	spec.root = "/iocage/jails/web/root";
	spec.source = "ioc";
	spec.jail = "web";
	spec.cfg = &f->jail;
	spec.defaults = &f->defs;
	fi.spec = &spec;
	fi.hostuuid = "8A1B2C3D-0000-4000-8000-00000000000A";
	if (fbplan_build(&fi, &fp, &f->err) != 0)
		fail_msg("fbplan_build: %s", f->err.msg);
	assert_int_equal(fp.aliases.n, f->p.naddrs);
	for (i = 0; i < fp.aliases.n; i++) {
		assert_string_equal(fp.aliases.v[i].argv[1], f->p.addrs[i].nic);
		assert_non_null(
		    strstr(fp.aliases.v[i].argv[3], f->p.addrs[i].addr));
	}
	fbplan_free(&fp);

	/* A family that is not new keeps none of its addresses. */
	put(&f->jail, "ip4", "disable");
	build_ok(f);
	assert_int_equal(f->p.naddrs, 1);
	assert_int_equal(f->p.addrs[0].family, AF_INET6);
	put(&f->jail, "ip6", "inherit");
	put(&f->jail, "ip4", "inherit");
	build_ok(f);
	assert_int_equal(f->p.mode, NETPLAN_HOST);
	assert_int_equal(f->p.naddrs, 0);

	/* dhcp and accept_rtadv need an interface of the jail's own. */
	put(&f->jail, "ip4_addr", "em0|dhcp");
	build_fails(f, "ip4_addr 'em0|dhcp' needs vnet=on");
	cfg_del(&f->jail, "ip4_addr");
	put(&f->jail, "ip6_addr", "em0|accept_rtadv");
	build_fails(f, "ip6_addr 'em0|accept_rtadv' needs vnet=on");
	put(&f->jail, "ip6_addr", "em0|not-an-address");
	build_fails(f, "Invalid value for property 'ip6_addr'");

	/* The same configuration on Linux is refused. */
	put(&f->jail, "ip6_addr", "em0|2001:db8::5/64");
	f->in.platform = COMPAT_LINUX;
	build_fails(f, "ip4_addr needs vnet=on on Linux");
}

/* VNET refusals name what is missing on each platform. */
static void
test_vnet_refusals_freebsd(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "vnet", "on");
	put(&f->jail, "interfaces", "vnet0:br0");
	put(&f->jail, "ip4_addr", "vnet0|dhcp");
	f->in.platform = COMPAT_FREEBSD;
	build_fails(f, "DHCP is not supported by ioc on FreeBSD yet");
	f->in.platform = COMPAT_LINUX;
	build_fails(f, "DHCP is not supported on Linux");
	cfg_del(&f->jail, "ip4_addr");
	put(&f->jail, "interfaces", "vnet0::br0");
	f->in.platform = COMPAT_FREEBSD;
	build_fails(f, "not supported by ioc on FreeBSD yet");
	/* the rest of VNET is the same on both */
	put(&f->jail, "interfaces", "vnet0:br0");
	put(&f->jail, "ip4_addr", "vnet0|10.0.0.2/24");
	build_ok(f);
	assert_int_equal(f->p.mode, NETPLAN_VNET);
	assert_int_equal(f->p.naddrs, 1);
}

/* A host default vnet=on applies; the jail's own value wins. */
static void
test_vnet_from_defaults(void **state)
{
	struct fixture *f = *state;

	put(&f->defs, "vnet", "on");
	build_ok(f);
	assert_int_equal(f->p.mode, NETPLAN_VNET);
	assert_int_equal(f->p.nnics, 0); /* loopback only, like lo0 */
	put(&f->jail, "vnet", "off");
	build_ok(f);
	assert_int_equal(f->p.mode, NETPLAN_LOOPBACK);
	put(&f->jail, "vnet", "maybe");
	build_fails(f, "Invalid value for property 'vnet'");
}

/* Two pairs with addresses of both families and both routers. */
static void
test_vnet_full(void **state)
{
	struct fixture *f = *state;
	unsigned char a[6], b[6];
	char mac[18];

	put(&f->jail, "vnet", "on");
	/* ip4/ip6 modes do not matter with VNET */
	put(&f->jail, "ip4", "inherit");
	put(&f->jail, "interfaces", "vnet0:br0,vnet1:br1");
	put(&f->jail, "ip4_addr", "vnet0|192.0.2.2/24,vnet1|198.51.100.2/25");
	put(&f->jail, "ip6_addr", "vnet0|2001:db8::2/64,vnet1|accept_rtadv");
	put(&f->jail, "defaultrouter", "192.0.2.1");
	put(&f->jail, "defaultrouter6", "fe80::1@vnet1");
	put(&f->jail, "vnet1_mac", "02:00:00:00:00:0a,02:00:00:00:00:0b");
	build_ok(f);
	assert_int_equal(f->p.mode, NETPLAN_VNET);
	assert_int_equal(f->p.nnics, 2);
	assert_string_equal(f->p.nics[0].nic, "vnet0");
	assert_string_equal(f->p.nics[0].bridge, "br0");
	assert_string_equal(f->p.nics[1].nic, "vnet1");
	assert_string_equal(f->p.nics[1].bridge, "br1");
	assert_string_equal(f->p.nics[0].alias, "ioc:ioc/web:vnet0");
	assert_string_equal(f->p.nics[1].alias, "ioc:ioc/web:vnet1");
	/* host ends are named only once the jail id is known */
	assert_string_equal(f->p.nics[0].host, "");
	/* configured MACs: a on the host, b in the jail */
	spec_format_mac(f->p.nics[1].mac_host, mac);
	assert_string_equal(mac, "02:00:00:00:00:0a");
	spec_format_mac(f->p.nics[1].mac_jail, mac);
	assert_string_equal(mac, "02:00:00:00:00:0b");
	/* generated: mac_prefix 02ff60 + SHA-224 of identifier and nic */
	assert_int_equal(
	    spec_generate_macpair(NULL, "ioc-web", "vnet0", a, b, &f->err), 0);
	assert_memory_equal(f->p.nics[0].mac_host, a, 6);
	assert_memory_equal(f->p.nics[0].mac_jail, b, 6);
	spec_format_mac(f->p.nics[0].mac_host, mac);
	assert_memory_equal(mac, "02:ff:60", 8);
	/* static addresses, IPv4 first; accept_rtadv is a NIC flag */
	assert_int_equal(f->p.naddrs, 3);
	assert_string_equal(f->p.addrs[0].addr, "192.0.2.2");
	assert_int_equal(f->p.addrs[0].prefix, 24);
	assert_string_equal(f->p.addrs[0].nic, "vnet0");
	assert_string_equal(f->p.addrs[1].addr, "198.51.100.2");
	assert_int_equal(f->p.addrs[1].prefix, 25);
	assert_string_equal(f->p.addrs[1].nic, "vnet1");
	assert_string_equal(f->p.addrs[2].addr, "2001:db8::2");
	assert_int_equal(f->p.addrs[2].family, AF_INET6);
	assert_int_equal(f->p.nics[1].rtadv, 1);
	assert_int_equal(f->p.nics[0].rtadv, 0);
	assert_int_equal(f->p.has_router4, 1);
	assert_string_equal(f->p.router4.addr, "192.0.2.1");
	assert_string_equal(f->p.router4.iface, "");
	assert_int_equal(f->p.has_router6, 1);
	assert_string_equal(f->p.router6.addr, "fe80::1");
	assert_string_equal(f->p.router6.iface, "vnet1");
}

/* The generated MACs depend on the source too: no clash across sources. */
static void
test_vnet_mac_per_source(void **state)
{
	struct fixture *f = *state;
	unsigned char first[6];

	put(&f->jail, "vnet", "on");
	put(&f->jail, "interfaces", "vnet0:br0");
	build_ok(f);
	(void)memcpy(first, f->p.nics[0].mac_host, 6);
	/* stable */
	build_ok(f);
	assert_memory_equal(first, f->p.nics[0].mac_host, 6);
	f->in.source = "other";
	build_ok(f);
	assert_memory_not_equal(first, f->p.nics[0].mac_host, 6);
	/* mac_prefix from the host defaults */
	put(&f->defs, "mac_prefix", "0a0b0c0d");
	build_ok(f);
	assert_int_equal(f->p.nics[0].mac_host[0], 0x0a);
	assert_int_equal(f->p.nics[0].mac_host[3], 0x0d);
	assert_int_equal(f->p.nics[0].mac_jail[3], 0x0d);
}

/* What a VNET jail refuses, each with a message saying why. */
static void
test_vnet_refusals(void **state)
{
	static const struct {
		const char *key, *value, *want;
	} rows[] = {
	    {"interfaces", "vnet0:", "requires setting a bridge"},
	    {"interfaces", "vnet0::br0", "secure VNET"},
	    {"interfaces", "lo:br0", "loopback"},
	    {"interfaces", "vnet0", "Invalid NIC pair"},
	    {"ip4_addr", "vnet9|192.0.2.2/24", "interface 'vnet9' is not one"},
	    {"ip4_addr", "vnet0|dhcp", "DHCP is not supported on Linux"},
	    {"ip4_addr", "192.0.2.2", "expected \"<nic>|<address>\""},
	    {"ip6_addr", "vnet1|2001:db8::1", "interface 'vnet1' is not one"},
	    {"defaultrouter", "192.0.2.1@vnet7", "interface 'vnet7' is not"},
	    {"defaultrouter", "nonsense", "defaultrouter"},
	    {"vnet0_mac", "02:00:00:00:00:01", "vnet0_mac"},
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		cfg_clear(&f->jail);
		cfg_init(&f->jail);
		put(&f->jail, "vnet", "on");
		put(&f->jail, "interfaces", "vnet0:br0");
		put(&f->jail, rows[i].key, rows[i].value);
		build_fails(f, rows[i].want);
	}
}

/* Host end names: derived from the jail id, always within IFNAMSIZ. */
static void
test_hostname(void **state)
{
	struct fixture *f = *state;
	char buf[SPEC_IFNAMSIZ];

	assert_int_equal(netplan_hostname(1234, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ioc1234v0");
	/* the largest pid Linux hands out (pid_max 2^22) and NIC 15 */
	assert_int_equal(netplan_hostname(4194304, 15, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ioc4194304v15");
	assert_int_equal(netplan_hostname(99999999, 999, buf, sizeof(buf)), 0);
	assert_int_equal(strlen(buf), 15);
	assert_int_equal(netplan_hostname(100000000, 0, buf, sizeof(buf)), -1);
	assert_int_equal(netplan_hostname(0, 0, buf, sizeof(buf)), -1);
	assert_int_equal(netplan_hostname(-5, 0, buf, sizeof(buf)), -1);
	assert_int_equal(netplan_hostname(1, 1000, buf, sizeof(buf)), -1);
	assert_int_equal(netplan_hostname(1234, 0, buf, 5), -1);

	put(&f->jail, "vnet", "on");
	put(&f->jail, "interfaces", "vnet0:br0 vnet1:br0");
	build_ok(f);
	assert_int_equal(netplan_set_jid(&f->p, 77, &f->err), 0);
	assert_string_equal(f->p.nics[0].host, "ioc77v0");
	assert_string_equal(f->p.nics[1].host, "ioc77v1");
	assert_int_equal(netplan_set_jid(&f->p, 0, &f->err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_novnet_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_novnet_addrs_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_novnet_table_freebsd, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_novnet_addrs_freebsd, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_vnet_refusals_freebsd, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_vnet_from_defaults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vnet_full, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_vnet_mac_per_source, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_vnet_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostname, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
