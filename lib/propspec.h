/*
 * propspec.h - the special property syntaxes of spec §6.4: addresses,
 * interfaces, default routers, resolver, resource limits and MACs.  Every
 * parser fills a caller-provided structure (or a new array) and every
 * formatter gives back the canonical serialisation.
 */
#ifndef IOC_PROPSPEC_H
#define IOC_PROPSPEC_H

#include <stddef.h>

#include "ioc.h"

#define SPEC_IFNAMSIZ	 16	  /* includes the NUL, like IFNAMSIZ */
#define SPEC_MAC_PREFIX	 "02ff60" /* default mac_prefix */
#define SPEC_MACPAIR_LEN 36	  /* "aa:bb:cc:dd:ee:ff,aa:bb:cc:dd:ee:ff" */

/*
 * Interface names (jail NICs, bridges, router interfaces) are 1 to 15
 * letters, digits, "_", "." or "-", not starting with "-".
 */

enum spec_addr_kind {
	SPEC_ADDR_STATIC,
	SPEC_ADDR_DHCP,		/* "dhcp" (IPv4 only) */
	SPEC_ADDR_ACCEPT_RTADV, /* "accept_rtadv" (IPv6 only) */
};

/*
 * One "NIC|ADDRESS[/PREFIX]" entry of ip4_addr or ip6_addr.  addr and
 * prefix are "" and 0 unless kind is SPEC_ADDR_STATIC.
 */
struct spec_addr {
	char nic[SPEC_IFNAMSIZ];
	enum spec_addr_kind kind;
	int family;    /* AF_INET or AF_INET6 */
	char addr[64]; /* canonical text form, without prefix */
	int prefix;    /* 0..32 / 0..128; default 32 / 128 */
};

/*
 * Parse ip4_addr (family AF_INET) or ip6_addr (AF_INET6): a comma list of
 * NIC|ADDRESS[/PREFIX].  Whitespace around entries and empty entries are
 * ignored; IPv4 prefixes may also be written as a dotted netmask.  The
 * words dhcp (IPv4 only) and accept_rtadv (IPv6 only) are taken in any
 * case.  A none value gives *v = NULL and *n = 0.  *v is a new array the
 * caller frees.  A missing "|" is an error whose message contains:
 * expected "<nic>|<address>".
 */
int spec_parse_addrs(const char *s, int family, struct spec_addr **v, size_t *n,
    struct ioc_err *err);

/*
 * Canonical "nic|addr/prefix,..." (dhcp / accept_rtadv kept as words) as a
 * new string; "" for n == 0.
 */
char *spec_format_addrs(
    const struct spec_addr *v, size_t n, struct ioc_err *err);

/* One "JAILNIC:BRIDGE" pair of interfaces; secure for "nic::bridge". */
struct spec_nicpair {
	char nic[SPEC_IFNAMSIZ];
	char bridge[SPEC_IFNAMSIZ]; /* "" when none */
	int secure;
};

/*
 * Parse interfaces: pairs separated by "," or whitespace.  A pair without
 * ":" is an error "Invalid NIC pair (should be <nic>:<bridge>)".  The
 * bridge may be none: "vnet0:", "vnet0:-" or "vnet0:none" (not with the
 * secure "::" form).  A jail NIC may appear once.  A none value gives
 * *v = NULL and *n = 0; otherwise *v is a new array the caller frees.
 */
int spec_parse_interfaces(
    const char *s, struct spec_nicpair **v, size_t *n, struct ioc_err *err);

/* Canonical "nic:bridge,nic::bridge,nic:-" as a new string ("" for n == 0). */
char *spec_format_interfaces(
    const struct spec_nicpair *v, size_t n, struct ioc_err *err);

/* defaultrouter / defaultrouter6: ADDRESS[@IFACE]. */
struct spec_router {
	int family;
	char addr[64];
	char iface[SPEC_IFNAMSIZ]; /* "" when not given */
};

/*
 * Parse a default router of the given family: 0 with *r filled, 1 for a
 * none value (no route), -1 on error.  An IPv6 link-local router needs an
 * interface ("fe80::1@vnet0"; "fe80::1%vnet0" is read the same way).
 */
int spec_parse_router(
    const char *s, int family, struct spec_router *r, struct ioc_err *err);

/* Canonical "addr[@iface]" as a new string. */
char *spec_format_router(const struct spec_router *r, struct ioc_err *err);

enum spec_resolver_kind {
	SPEC_RESOLVER_NONE,  /* none, "-", "/dev/null", "": leave untouched */
	SPEC_RESOLVER_COPY,  /* exactly "/etc/resolv.conf": copy the host's */
	SPEC_RESOLVER_LINES, /* ";"-separated entries */
};

/*
 * Parse resolver.  For SPEC_RESOLVER_LINES, *text receives the resolv.conf
 * content to write: entries are separated by ";", trimmed, and empty ones
 * dropped.  An entry that starts with a resolv.conf keyword (nameserver,
 * search, domain, options, sortlist) and whitespace is written as is; any
 * other entry must be an IPv4 or IPv6 address and is written as
 * "nameserver <address>" (libioc wrote "nameserver options edns0"; ioc
 * does not).  Every line ends with a newline.  Caller frees *text; it is
 * NULL for the other kinds.
 */
int spec_parse_resolver(const char *s, enum spec_resolver_kind *kind,
    char **text, struct ioc_err *err);

/* A resource limit: AMOUNT, ACTION=AMOUNT[/PER] or legacy AMOUNT:ACTION. */
struct spec_rlimit {
	char amount[32]; /* digits + optional upper-case K M G T P: "128M" */
	char action[16]; /* deny, log, devctl, throttle, sig*; default deny */
	char per[16];	 /* jail, process, user, loginclass; default jail */
};

/*
 * Parse a limit; empty parts (":deny", "deny=") are errors.  Words are
 * taken in any case and stored lower-case; the amount is stored without
 * leading zeros and with an upper-case suffix; at most INT64_MAX bytes.
 * The actions are rctl(8)'s: deny, log, devctl, throttle and the signal
 * actions sighup ... sigthr.
 */
int spec_parse_rlimit(
    const char *s, struct spec_rlimit *r, struct ioc_err *err);

/* "AMOUNT:ACTION" when per is jail, else "ACTION=AMOUNT/PER"; new string. */
char *spec_format_rlimit(const struct spec_rlimit *r, struct ioc_err *err);

/* Amount in bytes or units: "128M" -> 134217728, "20" -> 20. */
int spec_rlimit_amount(
    const struct spec_rlimit *r, unsigned long long *v, struct ioc_err *err);

/*
 * A MAC address: 12 hex digits, plain or as six pairs joined by ":" or by
 * "-".  An error says "Invalid MAC address '<s>'".
 */
int spec_parse_mac(const char *s, unsigned char mac[6], struct ioc_err *err);

/* Canonical lower-case "aa:bb:cc:dd:ee:ff" into buf (18 bytes). */
void spec_format_mac(const unsigned char mac[6], char buf[18]);

/* "<nic>_mac": "MACa,MACb" (host side a, jail side b), exactly two. */
int spec_parse_macpair(
    const char *s, unsigned char a[6], unsigned char b[6], struct ioc_err *err);

/* Canonical "MACa,MACb" into buf (SPEC_MACPAIR_LEN bytes). */
void spec_format_macpair(const unsigned char a[6], const unsigned char b[6],
    char buf[SPEC_MACPAIR_LEN]);

/*
 * Check a mac_prefix: 6 to 11 hex digits (any case) whose first octet has
 * the multicast bit clear.  12 digits are refused: nothing would be left
 * to generate, and every jail would get the same pair.
 */
int spec_check_mac_prefix(const char *prefix, struct ioc_err *err);

/*
 * Generated MACs of spec §11.4: mac_prefix (NULL: SPEC_MAC_PREFIX; see
 * spec_check_mac_prefix()) followed by the first (12 - prefix length) hex
 * characters of SHA-224(jail name || nic name); b = a + 1, with the carry
 * kept within the generated digits (all ones wrap to all zeros), so b
 * always keeps the prefix.  libioc let the carry run into the prefix; the
 * two differ only when the generated digits are all "f".
 */
int spec_generate_macpair(const char *prefix, const char *jail, const char *nic,
    unsigned char a[6], unsigned char b[6], struct ioc_err *err);

/* An RFC 4122-shaped UUID, case-insensitive ("8-4-4-4-12" hex). */
int spec_is_uuid(const char *s);

#endif /* IOC_PROPSPEC_H */
