/*
 * test_propspec.c - the special property syntaxes of spec §6.4: ip4_addr /
 * ip6_addr, interfaces, default routers, resolver, resource limits
 * (libioc's test_ResourceLimit), MAC addresses and pairs (test_MacAddress),
 * generated MACs (§11.4) and UUIDs.  Every valid form is checked for its
 * canonical text and for parse -> format -> parse stability; every invalid
 * form for IOC_EINVAL and the message a user sees.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hash.h"
#include "internal.h"
#include "propspec.h"

#define NELEM(a)  (sizeof(a) / sizeof((a)[0]))
#define UNTOUCHED (-7)

/* head, n copies of c, then tail, as a new string. */
static char *
longstr(const char *head, char c, size_t n, const char *tail)
{
	size_t hl = strlen(head), tl = strlen(tail);
	char *s;

	assert_non_null(s = malloc(hl + n + tl + 1));
	(void)memcpy(s, head, hl);
	(void)memset(s + hl, c, n);
	(void)memcpy(s + hl + n, tail, tl + 1);
	return (s);
}

/* err must be an IOC_EINVAL naming want (a substring). */
static void
assert_einval(const struct ioc_err *err, const char *in, const char *want)
{
	assert_int_equal(err->code, IOC_EINVAL);
	if (strstr(err->msg, want) == NULL)
		fail_msg(
		    "'%s': message \"%s\" lacks \"%s\"", in, err->msg, want);
}

/*
 * Addresses
 */

static void
addrs_ok(const char *in, int family, const char *want)
{
	struct ioc_err err = {.code = UNTOUCHED};
	struct spec_addr *v = NULL, *v2 = NULL;
	size_t n = 99, n2 = 99;
	char *out, *out2;

	if (spec_parse_addrs(in, family, &v, &n, &err) != 0)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_int_equal(err.code, UNTOUCHED);
	assert_non_null(out = spec_format_addrs(v, n, &err));
	assert_string_equal(out, want);
	/* The canonical form parses to the same entries. */
	assert_int_equal(spec_parse_addrs(out, family, &v2, &n2, &err), 0);
	assert_int_equal(n2, n);
	assert_non_null(out2 = spec_format_addrs(v2, n2, &err));
	assert_string_equal(out2, out);
	if (n > 0)
		assert_memory_equal(v, v2, n * sizeof(*v));
	free(out);
	free(out2);
	free(v);
	free(v2);
}

static void
addrs_bad(const char *in, int family, const char *want)
{
	struct ioc_err err = {0};
	struct spec_addr *v = (struct spec_addr *)&err;
	size_t n = 99;

	if (spec_parse_addrs(in, family, &v, &n, &err) == 0)
		fail_msg("'%s' was accepted", in);
	assert_einval(&err, in, want);
	/* Outputs are written only on success. */
	assert_ptr_equal(v, (struct spec_addr *)&err);
	assert_int_equal(n, 99);
}

static void
test_addrs_ipv4(void **state)
{
	(void)state;
	addrs_ok("em0|10.0.0.1/24", AF_INET, "em0|10.0.0.1/24");
	addrs_ok("em0|10.0.0.1", AF_INET, "em0|10.0.0.1/32");
	addrs_ok(" em0|10.0.0.1/24 , vnet0|192.168.1.2 ", AF_INET,
	    "em0|10.0.0.1/24,vnet0|192.168.1.2/32");
	addrs_ok("em0 | 10.0.0.1/24", AF_INET, "em0|10.0.0.1/24");
	addrs_ok("em0|10.0.0.1/24,,", AF_INET, "em0|10.0.0.1/24");
	addrs_ok("em0|10.0.0.1/0", AF_INET, "em0|10.0.0.1/0");
	addrs_ok("em0|10.0.0.1/255.255.255.0", AF_INET, "em0|10.0.0.1/24");
	addrs_ok("em0|10.0.0.1/255.255.255.255", AF_INET, "em0|10.0.0.1/32");
	addrs_ok("em0|10.0.0.1/0.0.0.0", AF_INET, "em0|10.0.0.1/0");
	addrs_ok("vnet0|DHCP", AF_INET, "vnet0|dhcp");
	addrs_ok("vnet0|dhcp,vnet1|10.1.0.101/24", AF_INET,
	    "vnet0|dhcp,vnet1|10.1.0.101/24");
	addrs_ok("em0.100|1.2.3.4,lagg_0|1.2.3.5,a-b|1.2.3.6", AF_INET,
	    "em0.100|1.2.3.4/32,lagg_0|1.2.3.5/32,a-b|1.2.3.6/32");
	addrs_ok(
	    "abcdefghijklmno|1.2.3.4", AF_INET, "abcdefghijklmno|1.2.3.4/32");
}

static void
test_addrs_ipv6(void **state)
{
	(void)state;
	addrs_ok("vnet0|2001:DB8:0:0::1/64", AF_INET6, "vnet0|2001:db8::1/64");
	addrs_ok("em0|::1", AF_INET6, "em0|::1/128");
	addrs_ok("vnet0|Accept_RtAdv", AF_INET6, "vnet0|accept_rtadv");
	addrs_ok("vnet0|accept_rtadv, vnet0|fd00::5/48", AF_INET6,
	    "vnet0|accept_rtadv,vnet0|fd00::5/48");
	addrs_ok("em0|::ffff:10.0.0.1/96", AF_INET6, "em0|::ffff:10.0.0.1/96");
}

static void
test_addrs_fields(void **state)
{
	struct ioc_err err = {0};
	struct spec_addr *v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(spec_parse_addrs("em0|10.0.0.1/24,vnet0|DHCP", AF_INET,
			     &v, &n, &err),
	    0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].nic, "em0");
	assert_int_equal(v[0].kind, SPEC_ADDR_STATIC);
	assert_int_equal(v[0].family, AF_INET);
	assert_string_equal(v[0].addr, "10.0.0.1");
	assert_int_equal(v[0].prefix, 24);
	assert_string_equal(v[1].nic, "vnet0");
	assert_int_equal(v[1].kind, SPEC_ADDR_DHCP);
	assert_string_equal(v[1].addr, "");
	free(v);

	assert_int_equal(spec_parse_addrs("vnet0|accept_rtadv,lo0|::1",
			     AF_INET6, &v, &n, &err),
	    0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].kind, SPEC_ADDR_ACCEPT_RTADV);
	assert_int_equal(v[0].family, AF_INET6);
	assert_int_equal(v[1].prefix, 128);
	free(v);
}

static void
test_addrs_none(void **state)
{
	static const char *const none[] = {
	    "none", "NONE", "-", "", "  ", " none ", ","};
	struct ioc_err err = {.code = UNTOUCHED};
	struct spec_addr *v;
	size_t i, n;
	char *out;

	(void)state;
	for (i = 0; i < NELEM(none); i++) {
		v = (struct spec_addr *)&err;
		n = 99;
		assert_int_equal(
		    spec_parse_addrs(none[i], AF_INET6, &v, &n, &err), 0);
		assert_null(v);
		assert_int_equal(n, 0);
	}
	v = (struct spec_addr *)&err;
	assert_int_equal(spec_parse_addrs(NULL, AF_INET, &v, &n, &err), 0);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_int_equal(err.code, UNTOUCHED);
	assert_non_null(out = spec_format_addrs(NULL, 0, &err));
	assert_string_equal(out, "");
	free(out);
}

static void
test_addrs_invalid(void **state)
{
	char *s;

	(void)state;
	/* test_Config: the message names the expected syntax exactly. */
	addrs_bad("10.0.0.1/24", AF_INET, "expected \"<nic>|<address>\"");
	addrs_bad("em0|10.0.0.1/24,10.0.0.2", AF_INET,
	    "expected \"<nic>|<address>\"");
	addrs_bad("em0:10.0.0.1", AF_INET,
	    "invalid address 'em0:10.0.0.1': expected \"<nic>|<address>\"");
	addrs_bad("2001:db8::1", AF_INET6, "expected \"<nic>|<address>\"");
	/* Wrong family. */
	addrs_bad("em0|::1", AF_INET, "invalid IPv4 address '::1'");
	addrs_bad("em0|10.0.0.1", AF_INET6, "invalid IPv6 address '10.0.0.1'");
	addrs_bad("em0|dhcp", AF_INET6, "'dhcp' is only valid for IPv4");
	addrs_bad("em0|accept_rtadv", AF_INET,
	    "'accept_rtadv' is only valid for IPv6");
	/* Bad addresses and prefixes. */
	addrs_bad("em0|10.0.0.256", AF_INET, "invalid IPv4 address");
	addrs_bad("em0|10.0.0", AF_INET, "invalid IPv4 address");
	addrs_bad("em0|", AF_INET, "invalid IPv4 address ''");
	addrs_bad("em0|dhcp/24", AF_INET, "invalid IPv4 address 'dhcp'");
	addrs_bad("em0|fe80::1%em0", AF_INET6, "invalid IPv6 address");
	addrs_bad("em0|10.0.0.1/33", AF_INET, "invalid prefix length '33'");
	addrs_bad("em0|::1/129", AF_INET6, "invalid prefix length '129'");
	addrs_bad("em0|10.0.0.1/", AF_INET, "invalid prefix length ''");
	addrs_bad("em0|10.0.0.1/-1", AF_INET, "invalid prefix length");
	addrs_bad("em0|10.0.0.1/+8", AF_INET, "invalid prefix length");
	addrs_bad("em0|10.0.0.1/0024", AF_INET, "invalid prefix length");
	addrs_bad("em0|10.0.0.1/24/24", AF_INET, "invalid prefix length");
	addrs_bad("em0|10.0.0.1/255.0.255.0", AF_INET, "invalid prefix length");
	addrs_bad("em0|::1/ffff::", AF_INET6, "invalid prefix length");
	addrs_bad("em0|10.0.0.1 /24", AF_INET, "invalid IPv4 address");
	/* Bad interface names. */
	addrs_bad("|10.0.0.1", AF_INET, "invalid interface name ''");
	addrs_bad("-em0|10.0.0.1", AF_INET, "invalid interface name '-em0'");
	addrs_bad("em 0|10.0.0.1", AF_INET, "invalid interface name 'em 0'");
	addrs_bad("em0;x|10.0.0.1", AF_INET, "invalid interface name");
	addrs_bad("em0/1|10.0.0.1", AF_INET, "invalid interface name");
	addrs_bad("abcdefghijklmnop|10.0.0.1", AF_INET,
	    "invalid interface name 'abcdefghijklmnop'");
	addrs_bad(
	    "em0|10.0.0.1,bad nic|10.0.0.2", AF_INET, "invalid interface name");
	/* Long input is refused cleanly, the message keeps its fixed part. */
	s = longstr("", 'a', 100000, "|10.0.0.1");
	addrs_bad(s, AF_INET, "invalid interface name 'aaaa");
	free(s);
	s = longstr("", '1', 100000, "");
	addrs_bad(s, AF_INET, "expected \"<nic>|<address>\"");
	free(s);
	s = longstr("|", '1', 100000, "");
	addrs_bad(s, AF_INET, "invalid interface name ''");
	free(s);
	s = longstr("em0|", 'a', 100000, "");
	addrs_bad(s, AF_INET, "invalid IPv4 address 'aaaa");
	free(s);
}

/*
 * Interfaces
 */

static void
ifaces_ok(const char *in, const char *want)
{
	struct ioc_err err = {.code = UNTOUCHED};
	struct spec_nicpair *v = NULL, *v2 = NULL;
	size_t n = 99, n2 = 99;
	char *out, *out2;

	if (spec_parse_interfaces(in, &v, &n, &err) != 0)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_int_equal(err.code, UNTOUCHED);
	assert_non_null(out = spec_format_interfaces(v, n, &err));
	assert_string_equal(out, want);
	assert_int_equal(spec_parse_interfaces(out, &v2, &n2, &err), 0);
	assert_int_equal(n2, n);
	assert_non_null(out2 = spec_format_interfaces(v2, n2, &err));
	assert_string_equal(out2, out);
	if (n > 0)
		assert_memory_equal(v, v2, n * sizeof(*v));
	free(out);
	free(out2);
	free(v);
	free(v2);
}

static void
ifaces_bad(const char *in, const char *want)
{
	struct ioc_err err = {0};
	struct spec_nicpair *v = (struct spec_nicpair *)&err;
	size_t n = 99;

	if (spec_parse_interfaces(in, &v, &n, &err) == 0)
		fail_msg("'%s' was accepted", in);
	assert_einval(&err, in, want);
	assert_ptr_equal(v, (struct spec_nicpair *)&err);
	assert_int_equal(n, 99);
}

static void
test_interfaces(void **state)
{
	struct ioc_err err = {0};
	struct spec_nicpair *v = NULL;
	size_t n = 0;

	(void)state;
	ifaces_ok("vnet0:bridge0", "vnet0:bridge0");
	ifaces_ok("vnet0:bridge0,vnet1:bridge1", "vnet0:bridge0,vnet1:bridge1");
	ifaces_ok("vnet0:bridge0 vnet1:bridge1", "vnet0:bridge0,vnet1:bridge1");
	ifaces_ok(" vnet0:bridge0 ,\tvnet1::bridge1\n",
	    "vnet0:bridge0,vnet1::bridge1");
	ifaces_ok("vnet0:", "vnet0:-");
	ifaces_ok("vnet0:-", "vnet0:-");
	ifaces_ok("vnet0:none,vnet1:NONE", "vnet0:-,vnet1:-");
	ifaces_ok("vnet0:bridge0.10,e_1:br-lan", "vnet0:bridge0.10,e_1:br-lan");
	ifaces_ok("abcdefghijklmno:abcdefghijklmno",
	    "abcdefghijklmno:abcdefghijklmno");
	ifaces_ok("none", "");
	ifaces_ok("-", "");
	ifaces_ok("", "");
	ifaces_ok(NULL, "");

	assert_int_equal(
	    spec_parse_interfaces("vnet0::bridge0 vnet1:", &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].nic, "vnet0");
	assert_string_equal(v[0].bridge, "bridge0");
	assert_int_equal(v[0].secure, 1);
	assert_string_equal(v[1].nic, "vnet1");
	assert_string_equal(v[1].bridge, "");
	assert_int_equal(v[1].secure, 0);
	free(v);
}

static void
test_interfaces_invalid(void **state)
{
	char *s;

	(void)state;
	ifaces_bad("vnet0", "Invalid NIC pair (should be <nic>:<bridge>)");
	ifaces_bad("vnet0:bridge0,vnet1",
	    "Invalid NIC pair (should be <nic>:<bridge>): 'vnet1'");
	ifaces_bad("vnet0 : bridge0", "Invalid NIC pair");
	ifaces_bad("vnet0:bridge0 vnet0:bridge1",
	    "interface 'vnet0' is given more than once");
	ifaces_bad("vnet0::", "secure VNET interface 'vnet0' needs a bridge");
	ifaces_bad("vnet0::-", "needs a bridge");
	ifaces_bad(":bridge0", "invalid jail interface name ''");
	ifaces_bad("-x:bridge0", "invalid jail interface name '-x'");
	ifaces_bad("vnet0:bridge0:x", "invalid bridge name 'bridge0:x'");
	ifaces_bad("vnet0:::bridge0", "invalid bridge name ':bridge0'");
	ifaces_bad("vnet0:-bridge", "invalid bridge name '-bridge'");
	ifaces_bad("abcdefghijklmnop:bridge0",
	    "invalid jail interface name 'abcdefghijklmnop'");
	ifaces_bad(
	    "vnet0:abcdefghijklmnop", "invalid bridge name 'abcdefghijklmnop'");
	s = longstr("vnet0:", 'b', 100000, "");
	ifaces_bad(s, "invalid bridge name 'bbbb");
	free(s);
	s = longstr("", 'v', 100000, "");
	ifaces_bad(s, "Invalid NIC pair (should be <nic>:<bridge>)");
	free(s);
}

/*
 * Default routers
 */

static void
router_ok(const char *in, int family, const char *want, const char *iface)
{
	struct ioc_err err = {.code = UNTOUCHED};
	struct spec_router r, r2;
	char *out;

	(void)memset(&r, 0x55, sizeof(r));
	if (spec_parse_router(in, family, &r, &err) != 0)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_int_equal(err.code, UNTOUCHED);
	assert_int_equal(r.family, family);
	assert_string_equal(r.iface, iface);
	assert_non_null(out = spec_format_router(&r, &err));
	assert_string_equal(out, want);
	assert_int_equal(spec_parse_router(out, family, &r2, &err), 0);
	assert_memory_equal(&r, &r2, sizeof(r));
	free(out);
}

static void
router_bad(const char *in, int family, const char *want)
{
	struct ioc_err err = {0};
	struct spec_router r, r0;

	(void)memset(&r, 0x55, sizeof(r));
	r0 = r;
	if (spec_parse_router(in, family, &r, &err) >= 0)
		fail_msg("'%s' was accepted", in);
	assert_einval(&err, in, want);
	assert_memory_equal(&r, &r0, sizeof(r));
}

static void
test_router(void **state)
{
	static const char *const none[] = {"none", "None", "-", "", " "};
	struct ioc_err err = {.code = UNTOUCHED};
	struct spec_router r;
	size_t i;

	(void)state;
	router_ok("10.0.0.1", AF_INET, "10.0.0.1", "");
	router_ok(" 10.0.0.1 ", AF_INET, "10.0.0.1", "");
	router_ok("10.0.0.1@vnet0", AF_INET, "10.0.0.1@vnet0", "vnet0");
	router_ok("2001:DB8:0::1", AF_INET6, "2001:db8::1", "");
	router_ok("2001:db8::1@vnet0", AF_INET6, "2001:db8::1@vnet0", "vnet0");
	/* Link-local: kept as addr@iface; the runtime writes fe80::1%vnet0. */
	router_ok("fe80::1@vnet0", AF_INET6, "fe80::1@vnet0", "vnet0");
	router_ok("FE80::1%vnet0", AF_INET6, "fe80::1@vnet0", "vnet0");

	for (i = 0; i < NELEM(none); i++) {
		(void)memset(&r, 0x55, sizeof(r));
		assert_int_equal(
		    spec_parse_router(none[i], AF_INET, &r, &err), 1);
		assert_string_equal(r.addr, "");
		assert_string_equal(r.iface, "");
	}
	assert_int_equal(spec_parse_router(NULL, AF_INET6, &r, &err), 1);
	assert_int_equal(err.code, UNTOUCHED);
}

static void
test_router_invalid(void **state)
{
	char *s;

	(void)state;
	router_bad("::1", AF_INET, "invalid IPv4 router '::1'");
	router_bad("10.0.0.1", AF_INET6, "invalid IPv6 router '10.0.0.1'");
	router_bad("10.0.0.1/24", AF_INET, "invalid IPv4 router");
	router_bad("10.0.0.1@", AF_INET, "invalid interface name ''");
	router_bad("10.0.0.1@-x", AF_INET, "invalid interface name '-x'");
	router_bad("10.0.0.1%em0", AF_INET, "invalid IPv4 router");
	router_bad("auto", AF_INET6, "invalid IPv6 router 'auto'");
	router_bad("fe80::1", AF_INET6,
	    "link-local router 'fe80::1' needs an interface");
	router_bad("@vnet0", AF_INET, "invalid IPv4 router ''");
	s = longstr("", '1', 100000, "");
	router_bad(s, AF_INET, "invalid IPv4 router '1111");
	free(s);
}

/*
 * Resolver
 */

static void
resolver_kind(const char *in, enum spec_resolver_kind want)
{
	struct ioc_err err = {.code = UNTOUCHED};
	enum spec_resolver_kind k = SPEC_RESOLVER_LINES;
	char *text = (char *)&err;

	if (spec_parse_resolver(in, &k, &text, &err) != 0)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_int_equal(k, want);
	assert_null(text);
	assert_int_equal(err.code, UNTOUCHED);
}

static void
resolver_lines(const char *in, const char *want)
{
	struct ioc_err err = {.code = UNTOUCHED};
	enum spec_resolver_kind k = SPEC_RESOLVER_NONE;
	char *text = NULL;

	if (spec_parse_resolver(in, &k, &text, &err) != 0)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_int_equal(k, SPEC_RESOLVER_LINES);
	assert_non_null(text);
	assert_string_equal(text, want);
	free(text);
}

static void
resolver_bad(const char *in, const char *want)
{
	struct ioc_err err = {0};
	enum spec_resolver_kind k = (enum spec_resolver_kind)77;
	char *text = (char *)&err;

	if (spec_parse_resolver(in, &k, &text, &err) == 0)
		fail_msg("'%s' was accepted", in);
	assert_einval(&err, in, want);
	assert_int_equal(k, 77);
	assert_ptr_equal(text, (char *)&err);
}

static void
test_resolver(void **state)
{
	(void)state;
	resolver_kind("none", SPEC_RESOLVER_NONE);
	resolver_kind("NONE", SPEC_RESOLVER_NONE);
	resolver_kind("-", SPEC_RESOLVER_NONE);
	resolver_kind("", SPEC_RESOLVER_NONE);
	resolver_kind(NULL, SPEC_RESOLVER_NONE);
	resolver_kind("/dev/null", SPEC_RESOLVER_NONE);
	resolver_kind("/etc/resolv.conf", SPEC_RESOLVER_COPY);
	resolver_kind(" /etc/resolv.conf ", SPEC_RESOLVER_COPY);

	resolver_lines("8.8.8.8", "nameserver 8.8.8.8\n");
	resolver_lines(
	    "8.8.8.8;8.8.4.4", "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
	resolver_lines(
	    "2001:4860:4860:0:0:0:0:8888", "nameserver 2001:4860:4860::8888\n");
	/* Keyword lines as they are; not "nameserver options edns0". */
	resolver_lines("nameserver 1.1.1.1; search example.com ;options "
		       "edns0;;",
	    "nameserver 1.1.1.1\nsearch example.com\noptions edns0\n");
	resolver_lines("domain example.org;sortlist 10.0.0.0/255.0.0.0;9.9.9.9",
	    "domain example.org\nsortlist 10.0.0.0/255.0.0.0\n"
	    "nameserver 9.9.9.9\n");
	resolver_lines(
	    "search\ta.example b.example", "search\ta.example b.example\n");
	resolver_lines("nameserver fe80::1%em0", "nameserver fe80::1%em0\n");
	/* Canonical text may be longer than the input. */
	resolver_lines("::ffff:0:0", "nameserver ::ffff:0.0.0.0\n");
	resolver_lines("::ffff:0:0;::ffff:0:0;1::",
	    "nameserver ::ffff:0.0.0.0\nnameserver ::ffff:0.0.0.0\n"
	    "nameserver 1::\n");
}

static void
test_resolver_invalid(void **state)
{
	char *s;

	(void)state;
	resolver_bad("example.com", "invalid resolver entry 'example.com'");
	resolver_bad(
	    "8.8.8.8;example.com", "invalid resolver entry 'example.com'");
	resolver_bad("options", "invalid resolver entry 'options'");
	resolver_bad("Nameserver 1.1.1.1",
	    "invalid resolver entry 'Nameserver 1.1.1.1'");
	resolver_bad("nameserverx 1.1.1.1", "invalid resolver entry");
	resolver_bad("8.8.8.8 8.8.4.4", "invalid resolver entry");
	resolver_bad(
	    "nameserver 1.1.1.1\nnameserver 2.2.2.2", "control character");
	resolver_bad(";;", "resolver ';;' has no entries");
	resolver_bad(" ; ", "has no entries");
	resolver_bad("/etc/other.conf", "invalid resolver entry");
	s = longstr("", 'x', 100000, "");
	resolver_bad(s, "invalid resolver entry 'xxxx");
	free(s);
}

/*
 * Resource limits (libioc test_ResourceLimit)
 */

static void
rlimit_ok(const char *in, const char *amount, const char *action,
    const char *per, const char *str)
{
	struct ioc_err err = {.code = UNTOUCHED};
	struct spec_rlimit r, r2;
	char *out;

	(void)memset(&r, 0x55, sizeof(r));
	if (spec_parse_rlimit(in, &r, &err) != 0)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_int_equal(err.code, UNTOUCHED);
	assert_string_equal(r.amount, amount);
	assert_string_equal(r.action, action);
	assert_string_equal(r.per, per);
	assert_non_null(out = spec_format_rlimit(&r, &err));
	assert_string_equal(out, str);
	(void)memset(&r2, 0, sizeof(r2));
	assert_int_equal(spec_parse_rlimit(out, &r2, &err), 0);
	assert_string_equal(r2.amount, r.amount);
	assert_string_equal(r2.action, r.action);
	assert_string_equal(r2.per, r.per);
	free(out);
}

static void
rlimit_bad(const char *in, const char *want)
{
	struct ioc_err err = {0};
	struct spec_rlimit r, r0;

	(void)memset(&r, 0x55, sizeof(r));
	r0 = r;
	if (spec_parse_rlimit(in, &r, &err) == 0)
		fail_msg("'%s' was accepted", in);
	assert_einval(&err, in, want);
	assert_memory_equal(&r, &r0, sizeof(r));
}

static void
test_rlimit(void **state)
{
	(void)state;
	/* The libioc cases. */
	rlimit_ok("128M", "128M", "deny", "jail", "128M:deny");
	rlimit_ok("log=1024M/process", "1024M", "log", "process",
	    "log=1024M/process");
	rlimit_ok("deny=512M", "512M", "deny", "jail", "512M:deny");
	rlimit_ok("1024M:deny", "1024M", "deny", "jail", "1024M:deny");
	/* More forms. */
	rlimit_ok("8G:log", "8G", "log", "jail", "8G:log");
	rlimit_ok("20", "20", "deny", "jail", "20:deny");
	rlimit_ok("128m", "128M", "deny", "jail", "128M:deny");
	rlimit_ok(" 0128k ", "128K", "deny", "jail", "128K:deny");
	rlimit_ok("DENY=1k/USER", "1K", "deny", "user", "deny=1K/user");
	rlimit_ok("deny=1G/jail", "1G", "deny", "jail", "1G:deny");
	rlimit_ok("devctl=100/jail", "100", "devctl", "jail", "100:devctl");
	rlimit_ok("throttle=10M/process", "10M", "throttle", "process",
	    "throttle=10M/process");
	rlimit_ok("sigterm=10/process", "10", "sigterm", "process",
	    "sigterm=10/process");
	rlimit_ok("SIGKILL=1T/loginclass", "1T", "sigkill", "loginclass",
	    "sigkill=1T/loginclass");
	rlimit_ok("2P:sigusr1", "2P", "sigusr1", "jail", "2P:sigusr1");
	rlimit_ok("0:log", "0", "log", "jail", "0:log");
}

static void
test_rlimit_amount(void **state)
{
	static const struct {
		const char *in;
		unsigned long long want;
	} v[] = {
	    {"128M", 134217728ULL},
	    {"20", 20ULL},
	    {"1k", 1024ULL},
	    {"1024M:deny", 1073741824ULL},
	    {"log=1G/process", 1073741824ULL},
	    {"3T", 3ULL << 40},
	    {"1P", 1ULL << 50},
	    {"8191P", 8191ULL << 50},
	    {"9223372036854775807", 9223372036854775807ULL},
	};
	struct ioc_err err = {.code = UNTOUCHED};
	struct spec_rlimit r;
	unsigned long long got;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		assert_int_equal(spec_parse_rlimit(v[i].in, &r, &err), 0);
		got = 0;
		assert_int_equal(spec_rlimit_amount(&r, &got, &err), 0);
		if (got != v[i].want)
			fail_msg(
			    "'%s': %llu, want %llu", v[i].in, got, v[i].want);
	}
	assert_int_equal(err.code, UNTOUCHED);
	/* A hand-made struct with a bad amount is refused. */
	(void)memset(&r, 0, sizeof(r));
	(void)strcpy(r.amount, "12X");
	assert_int_equal(spec_rlimit_amount(&r, &got, &err), -1);
	assert_einval(&err, r.amount, "invalid resource limit amount '12X'");
	(void)memset(r.amount, '9', sizeof(r.amount));
	assert_int_equal(spec_rlimit_amount(&r, &got, &err), -1);
}

static void
test_rlimit_invalid(void **state)
{
	char *s;

	(void)state;
	/* The libioc cases: empty parts raise. */
	rlimit_bad(":deny", "invalid resource limit ':deny': empty amount");
	rlimit_bad("deny=", "invalid resource limit 'deny=': empty amount");
	rlimit_bad("128M:", "empty action");
	rlimit_bad("=128M", "empty action");
	rlimit_bad("deny=128M/", "empty subject");
	rlimit_bad("deny=/process", "empty amount");
	rlimit_bad("", "empty amount");
	rlimit_bad(NULL, "empty amount");
	rlimit_bad("none", "invalid resource limit amount 'none'");
	/* Amounts. */
	rlimit_bad("128Q", "invalid resource limit amount '128Q'");
	rlimit_bad("128MB", "invalid resource limit amount");
	rlimit_bad("12.5M", "invalid resource limit amount");
	rlimit_bad("-1", "invalid resource limit amount");
	rlimit_bad("+1", "invalid resource limit amount");
	rlimit_bad("M", "invalid resource limit amount");
	rlimit_bad("1 M", "invalid resource limit amount");
	rlimit_bad("0x10", "invalid resource limit amount");
	rlimit_bad("8192P", "invalid resource limit amount");
	rlimit_bad("9223372036854775808", "invalid resource limit amount");
	rlimit_bad("99999999999999999999999", "invalid resource limit amount");
	rlimit_bad("deny=1M:log", "invalid resource limit amount '1M:log'");
	rlimit_bad("128M/process", "invalid resource limit amount");
	/* Actions and subjects. */
	rlimit_bad(
	    "frobnicate=1M", "invalid resource limit action 'frobnicate'");
	rlimit_bad("1M:frobnicate", "invalid resource limit action");
	rlimit_bad("sig=1M", "invalid resource limit action 'sig'");
	rlimit_bad("sigfoo=1M", "invalid resource limit action 'sigfoo'");
	rlimit_bad("1M:deny:log", "invalid resource limit action 'deny:log'");
	rlimit_bad("deny=1M/host", "invalid resource limit subject 'host'");
	rlimit_bad("deny=1M/process/jail", "invalid resource limit subject");
	s = longstr("", '9', 100000, "");
	rlimit_bad(s, "invalid resource limit amount '9999");
	free(s);
	s = longstr("", 'd', 100000, "=1M");
	rlimit_bad(s, "invalid resource limit action 'dddd");
	free(s);
}

/*
 * MAC addresses (libioc test_MacAddress)
 */

static void
mac_ok(const char *in, const char *want)
{
	struct ioc_err err = {.code = UNTOUCHED};
	unsigned char m[6], m2[6];
	char buf[18];

	if (spec_parse_mac(in, m, &err) != 0)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_int_equal(err.code, UNTOUCHED);
	spec_format_mac(m, buf);
	assert_string_equal(buf, want);
	assert_int_equal(spec_parse_mac(buf, m2, &err), 0);
	assert_memory_equal(m, m2, 6);
}

static void
mac_bad(const char *in)
{
	struct ioc_err err = {0};
	unsigned char m[6] = {1, 2, 3, 4, 5, 6}, m0[6];
	char want[IOC_ERRMSG_MAX];

	(void)memcpy(m0, m, sizeof(m));
	if (spec_parse_mac(in, m, &err) == 0)
		fail_msg("'%s' was accepted", in);
	(void)snprintf(want, sizeof(want), "Invalid MAC address '%s'", in);
	assert_int_equal(err.code, IOC_EINVAL);
	assert_string_equal(err.msg, want);
	assert_memory_equal(m, m0, 6);
}

static void
test_mac(void **state)
{
	(void)state;
	mac_ok("02:ff:60:ab:cd:ef", "02:ff:60:ab:cd:ef");
	mac_ok("02:FF:60:AB:CD:EF", "02:ff:60:ab:cd:ef");
	mac_ok("02-ff-60-ab-cd-ef", "02:ff:60:ab:cd:ef");
	mac_ok("02ff60ABCDEF", "02:ff:60:ab:cd:ef");
	mac_ok(" 02ff60abcdef\t", "02:ff:60:ab:cd:ef");
	mac_ok("000000000000", "00:00:00:00:00:00");
	mac_ok("ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff");
}

static void
test_mac_invalid(void **state)
{
	char *s;
	struct ioc_err err = {0};
	unsigned char m[6];

	(void)state;
	mac_bad("02:ff:60:ab:cd");
	mac_bad("02ff60abcde");
	mac_bad("02ff60abcdef0");
	mac_bad("02ff60abcdeg");
	mac_bad("02:ff-60:ab:cd:ef");
	mac_bad("02:ff:60:ab:cd:ef:");
	mac_bad("0:2ff:60:ab:cd:ef");
	mac_bad("02.ff.60.ab.cd.ef");
	mac_bad("02:ff:60:ab:cd:e");
	mac_bad("0x2ff60abcdef");
	mac_bad("02ff 60abcdef");
	mac_bad("");
	s = longstr("", 'a', 100000, "");
	assert_int_equal(spec_parse_mac(s, m, &err), -1);
	assert_einval(&err, "long", "Invalid MAC address 'aaaa");
	free(s);
	assert_int_equal(spec_parse_mac(NULL, m, &err), -1);
	assert_string_equal(err.msg, "Invalid MAC address ''");
}

static void
test_macpair(void **state)
{
	struct ioc_err err = {.code = UNTOUCHED};
	unsigned char a[6], b[6], a2[6], b2[6];
	char buf[SPEC_MACPAIR_LEN];

	(void)state;
	assert_int_equal(spec_parse_macpair(
			     "02:ff:60:00:00:01,02-FF-60-00-00-02", a, b, &err),
	    0);
	spec_format_macpair(a, b, buf);
	assert_string_equal(buf, "02:ff:60:00:00:01,02:ff:60:00:00:02");
	assert_int_equal(spec_parse_macpair(buf, a2, b2, &err), 0);
	assert_memory_equal(a, a2, 6);
	assert_memory_equal(b, b2, 6);
	assert_int_equal(
	    spec_parse_macpair(" 02ff60000001 , 02ff60000002 ", a2, b2, &err),
	    0);
	assert_memory_equal(a, a2, 6);
	assert_memory_equal(b, b2, 6);
	assert_int_equal(err.code, UNTOUCHED);
}

static void
macpair_bad(const char *in, const char *want)
{
	struct ioc_err err = {0};
	unsigned char a[6] = {1, 1, 1, 1, 1, 1}, b[6] = {2, 2, 2, 2, 2, 2};

	if (spec_parse_macpair(in, a, b, &err) == 0)
		fail_msg("'%s' was accepted", in);
	assert_einval(&err, in, want);
	assert_int_equal(a[0], 1);
	assert_int_equal(b[5], 2);
}

static void
test_macpair_invalid(void **state)
{
	(void)state;
	/* A string without a comma, and three entries. */
	macpair_bad("02:ff:60:00:00:01",
	    "Invalid MAC address pair '02:ff:60:00:00:01' (should be "
	    "<mac>,<mac>)");
	macpair_bad("02ff60000001,02ff60000002,02ff60000003",
	    "Invalid MAC address pair");
	macpair_bad("02ff60000001,", "Invalid MAC address ''");
	macpair_bad(",02ff60000001", "Invalid MAC address ''");
	macpair_bad("02ff60000001,xyz", "Invalid MAC address 'xyz'");
	macpair_bad("", "Invalid MAC address pair");
	macpair_bad(NULL, "Invalid MAC address pair");
}

/*
 * Generated MACs (§11.4)
 */

/* The expected pair built independently: prefix + SHA-224 hex, b = a + 1. */
static void
expected_pair(const char *prefix, const char *jail, const char *nic,
    unsigned char a[6], unsigned char b[6])
{
	unsigned char dig[HASH_SHA224_LEN];
	char hex[2 * HASH_SHA224_LEN + 1], in[256], mac[13];
	size_t plen = strlen(prefix), i;
	uint64_t v = 0, mask;
	struct ioc_err err = {0};

	(void)snprintf(in, sizeof(in), "%s%s", jail, nic);
	hash_sha224(in, strlen(in), dig);
	hash_hex(dig, sizeof(dig), hex);
	(void)snprintf(
	    mac, sizeof(mac), "%s%.*s", prefix, (int)(12 - plen), hex);
	assert_int_equal(spec_parse_mac(mac, a, &err), 0);
	for (i = 0; i < 6; i++)
		v = v << 8 | a[i];
	mask = (UINT64_C(1) << (4 * (12 - plen))) - 1;
	v = (v & ~mask) | ((v + 1) & mask);
	for (i = 0; i < 6; i++)
		b[i] = (unsigned char)(v >> (8 * (5 - i)));
}

static void
generate_ok(const char *prefix, const char *jail, const char *nic)
{
	struct ioc_err err = {.code = UNTOUCHED};
	unsigned char a[6], b[6], wa[6], wb[6];

	if (spec_generate_macpair(prefix, jail, nic, a, b, &err) != 0)
		fail_msg("%s/%s/%s refused: %s", prefix, jail, nic, err.msg);
	assert_int_equal(err.code, UNTOUCHED);
	expected_pair(prefix != NULL ? prefix : "02ff60", jail, nic, wa, wb);
	assert_memory_equal(a, wa, 6);
	assert_memory_equal(b, wb, 6);
}

static void
test_generate_mac(void **state)
{
	struct ioc_err err = {0};
	unsigned char a[6], b[6], a2[6], b2[6];
	char buf[SPEC_MACPAIR_LEN];

	(void)state;
	/* printf %s myjailvnet0 | sha224sum -> cb4948e00e5b6f08... */
	assert_int_equal(
	    spec_generate_macpair("02ff60", "myjail", "vnet0", a, b, &err), 0);
	spec_format_macpair(a, b, buf);
	assert_string_equal(buf, "02:ff:60:cb:49:48,02:ff:60:cb:49:49");
	/* NULL means the default prefix; case does not matter. */
	assert_int_equal(
	    spec_generate_macpair(NULL, "myjail", "vnet0", a2, b2, &err), 0);
	assert_memory_equal(a, a2, 6);
	assert_memory_equal(b, b2, 6);
	assert_int_equal(
	    spec_generate_macpair("02FF60", "myjail", "vnet0", a2, b2, &err),
	    0);
	assert_memory_equal(a, a2, 6);
	/* SHA-224 of the concatenation, not of the parts. */
	assert_int_equal(
	    spec_generate_macpair("02ff60", "myja", "ilvnet0", a2, b2, &err),
	    0);
	assert_memory_equal(a, a2, 6);
	/* Another NIC gives another pair. */
	assert_int_equal(
	    spec_generate_macpair("02ff60", "myjail", "vnet1", a2, b2, &err),
	    0);
	assert_memory_not_equal(a, a2, 6);

	generate_ok("02ff60", "myjail", "vnet0");
	generate_ok(NULL, "web", "vnet1");
	generate_ok("02ff60a", "myjail", "vnet0");
	generate_ok("3e4a92", "db01", "vnet0");
	generate_ok("589cfc0", "Grönke", "vnet0");
	generate_ok("02ff60abcd", "myjail", "vnet0");
	generate_ok("02ff60abcde", "myjail", "vnet0");
}

/* Find a jail name whose SHA-224(name || nic) hex matches a predicate. */
static void
find_name(const char *nic, int (*pred)(const char *), char *name, size_t size)
{
	unsigned char dig[HASH_SHA224_LEN];
	char hex[2 * HASH_SHA224_LEN + 1], in[128];
	int i;

	for (i = 0; i < 100000; i++) {
		(void)snprintf(name, size, "j%d", i);
		(void)snprintf(in, sizeof(in), "%s%s", name, nic);
		hash_sha224(in, strlen(in), dig);
		hash_hex(dig, sizeof(dig), hex);
		if (pred(hex))
			return;
	}
	fail_msg("no name found");
}

static int
starts_f(const char *hex)
{
	return (hex[0] == 'f');
}

static int
starts_xf(const char *hex)
{
	return (hex[0] != 'f' && hex[1] == 'f');
}

/* b = a + 1 carries within the generated digits and keeps the prefix. */
static void
test_generate_mac_carry(void **state)
{
	struct ioc_err err = {0};
	unsigned char a[6], b[6];
	char name[32], bufa[18], bufb[18];

	(void)state;
	/* One generated digit "f": it wraps to "0", the prefix stays. */
	find_name("vnet0", starts_f, name, sizeof(name));
	assert_int_equal(
	    spec_generate_macpair("02ff60abcde", name, "vnet0", a, b, &err), 0);
	spec_format_mac(a, bufa);
	spec_format_mac(b, bufb);
	assert_string_equal(bufa, "02:ff:60:ab:cd:ef");
	assert_string_equal(bufb, "02:ff:60:ab:cd:e0");
	generate_ok("02ff60abcde", name, "vnet0");

	/* Two generated digits "xf": the carry moves into x. */
	find_name("vnet0", starts_xf, name, sizeof(name));
	assert_int_equal(
	    spec_generate_macpair("02ff60abcd", name, "vnet0", a, b, &err), 0);
	assert_int_equal(a[5] & 0x0f, 0x0f);
	assert_int_equal(b[5], (unsigned char)(a[5] + 1));
	assert_int_equal(b[5] & 0x0f, 0);
	assert_memory_equal(a, b, 5);
	generate_ok("02ff60abcd", name, "vnet0");
}

static void
generate_bad(
    const char *prefix, const char *jail, const char *nic, const char *want)
{
	struct ioc_err err = {0};
	unsigned char a[6] = {7}, b[6] = {7};

	if (spec_generate_macpair(prefix, jail, nic, a, b, &err) == 0)
		fail_msg("%s/%s/%s was accepted", prefix, jail, nic);
	assert_einval(&err, prefix != NULL ? prefix : "(null)", want);
	assert_int_equal(a[0], 7);
	assert_int_equal(b[0], 7);
}

static void
test_generate_mac_invalid(void **state)
{
	struct ioc_err err = {.code = UNTOUCHED};

	(void)state;
	generate_bad("02ff6", "j", "vnet0",
	    "Invalid MAC prefix '02ff6' (6 to 11 hex digits)");
	generate_bad("02ff60abcdef", "j", "vnet0", "Invalid MAC prefix");
	generate_bad("02ff6g", "j", "vnet0", "Invalid MAC prefix");
	generate_bad("02:ff:60", "j", "vnet0", "Invalid MAC prefix");
	generate_bad("", "j", "vnet0", "Invalid MAC prefix");
	generate_bad("03ff60", "j", "vnet0", "the multicast bit is set");
	generate_bad("02ff60", "", "vnet0", "needs a jail and a NIC name");
	generate_bad("02ff60", "j", NULL, "needs a jail and a NIC name");
	assert_int_equal(spec_check_mac_prefix("02ff60", &err), 0);
	assert_int_equal(spec_check_mac_prefix("589CFC", &err), 0);
	assert_int_equal(spec_check_mac_prefix("02ff60abcde", &err), 0);
	assert_int_equal(err.code, UNTOUCHED);
	assert_int_equal(spec_check_mac_prefix(NULL, &err), -1);
}

/*
 * UUIDs
 */

static void
test_uuid(void **state)
{
	static const char *const good[] = {
	    "0d1f3e8a-6b2c-4a5e-9f00-123456789abc",
	    "0D1F3E8A-6B2C-4A5E-9F00-123456789ABC",
	    "00000000-0000-0000-0000-000000000000",
	};
	static const char *const bad[] = {
	    "",
	    "0d1f3e8a6b2c4a5e9f00123456789abc",
	    "0d1f3e8a-6b2c-4a5e-9f00-123456789ab",
	    "0d1f3e8a-6b2c-4a5e-9f00-123456789abcd",
	    "0d1f3e8a-6b2c-4a5e-9f00-123456789abg",
	    "0d1f3e8-a6b2c-4a5e-9f00-123456789abc",
	    "0d1f3e8a-6b2c-4a5e-9f00_123456789abc",
	    "{0d1f3e8a-6b2c-4a5e-9f00-123456789abc}",
	    " 0d1f3e8a-6b2c-4a5e-9f00-123456789abc",
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(good); i++)
		if (!spec_is_uuid(good[i]))
			fail_msg("'%s' is a UUID", good[i]);
	for (i = 0; i < NELEM(bad); i++)
		if (spec_is_uuid(bad[i]))
			fail_msg("'%s' is not a UUID", bad[i]);
	assert_false(spec_is_uuid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_addrs_ipv4),
	    cmocka_unit_test(test_addrs_ipv6),
	    cmocka_unit_test(test_addrs_fields),
	    cmocka_unit_test(test_addrs_none),
	    cmocka_unit_test(test_addrs_invalid),
	    cmocka_unit_test(test_interfaces),
	    cmocka_unit_test(test_interfaces_invalid),
	    cmocka_unit_test(test_router),
	    cmocka_unit_test(test_router_invalid),
	    cmocka_unit_test(test_resolver),
	    cmocka_unit_test(test_resolver_invalid),
	    cmocka_unit_test(test_rlimit),
	    cmocka_unit_test(test_rlimit_amount),
	    cmocka_unit_test(test_rlimit_invalid),
	    cmocka_unit_test(test_mac),
	    cmocka_unit_test(test_mac_invalid),
	    cmocka_unit_test(test_macpair),
	    cmocka_unit_test(test_macpair_invalid),
	    cmocka_unit_test(test_generate_mac),
	    cmocka_unit_test(test_generate_mac_carry),
	    cmocka_unit_test(test_generate_mac_invalid),
	    cmocka_unit_test(test_uuid),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
