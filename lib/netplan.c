/*
 * netplan.c - the network plan of a jail (netplan.h): which network
 * namespace it gets and, with VNET, every veth pair with its names, MACs,
 * addresses and the default routes.  What the platform cannot express is
 * refused; the platform is an input, so both are unit-tested anywhere.
 * Pure: no system call, no file.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jparams.h"
#include "netplan.h"
#include "props.h"
#include "propspec.h"
#include "value.h"

static const char *
eff(const struct netplan_input *in, const char *key)
{
	return (prop_effective(key, in->jail, in->defaults));
}

/* A namespace mode as its number (0 disable, 1 new, 2 inherit). */
/* Append one static address to the plan. */
static int
add_addr(struct netplan *p, const char *key, const struct spec_addr *a,
    struct ioc_err *err)
{
	if (p->naddrs == NETPLAN_MAXADDRS)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "%s: at most %d addresses", key, NETPLAN_MAXADDRS));
	p->addrs[p->naddrs++] = *a;
	return (0);
}

static int
mode_of(const struct netplan_input *in, const char *key, struct ioc_err *err)
{
	const char *v = eff(in, key);
	int m;

	if (v == NULL || val_is_none(v))
		return (1); /* new, the default */
	if ((m = prop_nsmode(v)) < 0)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid value for property '%s': expected disable, "
		    "inherit or new",
		    key));
	return (m);
}

/* True when ip4_addr or ip6_addr (key) has any entry. */
static int
has_addrs(const struct netplan_input *in, const char *key)
{
	const char *v = eff(in, key);

	return (v != NULL && !val_is_none(v) && v[strspn(v, " \t,")] != '\0');
}

/* What a refusal of a feature ioc lacks says about the platform. */
static const char *
lacking(const struct netplan_input *in)
{
	return (in->platform == COMPAT_FREEBSD ? "by ioc on FreeBSD yet"
					       : "on Linux");
}

/*
 * FreeBSD without VNET: the static addresses of ip4_addr (AF_INET) or
 * ip6_addr, kept when the family's mode is new (ip4.addr / ip6.addr);
 * dhcp and accept_rtadv need an interface of the jail's own.
 */
static int
plan_shared_addrs(const struct netplan_input *in, int family, int mode,
    struct netplan *p, struct ioc_err *err)
{
	const char *key = family == AF_INET ? "ip4_addr" : "ip6_addr";
	struct spec_addr *v = NULL;
	size_t n = 0, i;
	int rv = -1;

	if (spec_parse_addrs(eff(in, key), family, &v, &n, err) != 0)
		return (
		    ioc_err_wrap(err, "Invalid value for property '%s'", key));
	for (i = 0; i < n; i++) {
		if (v[i].kind != SPEC_ADDR_STATIC) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "%s '%s|%s' needs vnet=on", key, v[i].nic,
			    v[i].kind == SPEC_ADDR_DHCP ? "dhcp"
							: "accept_rtadv");
			goto out;
		}
		if (mode != 1)
			continue;
		if (add_addr(p, key, &v[i], err) != 0)
			goto out;
	}
	rv = 0;
out:
	free(v);
	return (rv);
}

/* FreeBSD without VNET: the kernel takes every (ip4, ip6) pair. */
static int
plan_novnet_freebsd(
    const struct netplan_input *in, struct netplan *p, struct ioc_err *err)
{
	int m4, m6;

	if ((m4 = mode_of(in, "ip4", err)) < 0 ||
	    (m6 = mode_of(in, "ip6", err)) < 0 ||
	    plan_shared_addrs(in, AF_INET, m4, p, err) != 0 ||
	    plan_shared_addrs(in, AF_INET6, m6, p, err) != 0)
		return (-1);
	if (m4 == 2 && m6 == 2) {
		p->mode = NETPLAN_HOST;
		p->why = "ip4=inherit and ip6=inherit: the host's network";
		return (0);
	}
	p->mode = NETPLAN_ADDRS;
	p->why = "no vnet: the host's network stack with, per family, its "
		 "addresses (inherit), the jail's own (new) or none (disable)";
	return (0);
}

/* The row of the table of a jail without VNET. */
static int
plan_novnet(
    const struct netplan_input *in, struct netplan *p, struct ioc_err *err)
{
	int m4, m6;

	if (in->platform == COMPAT_FREEBSD)
		return (plan_novnet_freebsd(in, p, err));
	if (has_addrs(in, "ip4_addr") || has_addrs(in, "ip6_addr"))
		return (ioc_err_set(err, IOC_ENOTSUP, 0,
		    "%s needs vnet=on on Linux: a jail cannot have a subset "
		    "of the host's addresses",
		    has_addrs(in, "ip4_addr") ? "ip4_addr" : "ip6_addr"));
	if ((m4 = mode_of(in, "ip4", err)) < 0 ||
	    (m6 = mode_of(in, "ip6", err)) < 0)
		return (-1);
	if (m4 == 2 && m6 == 2) {
		p->mode = NETPLAN_HOST;
		p->why = "ip4=inherit and ip6=inherit: the host's network";
		return (0);
	}
	if (m4 == 2 || m6 == 2)
		return (ioc_err_set(err, IOC_ENOTSUP, 0,
		    "ip4=%s with ip6=%s cannot be expressed on Linux: a jail "
		    "shares the host's network namespace with both families "
		    "or with neither (set both to inherit, or use vnet=on)",
		    m4 == 2	  ? "inherit"
			: m4 == 1 ? "new"
				  : "disable",
		    m6 == 2	  ? "inherit"
			: m6 == 1 ? "new"
				  : "disable"));
	p->mode = NETPLAN_LOOPBACK;
	p->why = "ip4 and ip6 new or disable: a new network with loopback only";
	return (0);
}

/* The index of the NIC named nic, or -1. */
static int
nic_index(const struct netplan *p, const char *nic)
{
	size_t i;

	for (i = 0; i < p->nnics; i++)
		if (strcmp(p->nics[i].nic, nic) == 0)
			return ((int)i);
	return (-1);
}

/* MACs: <nic>_mac "a,b", else generated from mac_prefix (§11.4). */
static int
plan_macs(const struct netplan_input *in, const char *ident,
    struct netplan_nic *n, struct ioc_err *err)
{
	char key[SPEC_IFNAMSIZ + 8];
	const char *v, *prefix = eff(in, "mac_prefix");

	(void)snprintf(key, sizeof(key), "%s_mac", n->nic);
	v = eff(in, key);
	if (v != NULL && !val_is_none(v)) {
		if (spec_parse_macpair(v, n->mac_host, n->mac_jail, err) != 0)
			return (ioc_err_wrap(
			    err, "Invalid value for property '%s'", key));
		return (0);
	}
	if (prefix != NULL && val_is_none(prefix))
		prefix = NULL;
	if (spec_generate_macpair(
		prefix, ident, n->nic, n->mac_host, n->mac_jail, err) != 0)
		return (ioc_err_wrap(err, "mac_prefix"));
	return (0);
}

/* The interfaces pairs of a VNET jail. */
static int
plan_nics(const struct netplan_input *in, const char *ident, struct netplan *p,
    struct ioc_err *err)
{
	struct spec_nicpair *v = NULL;
	size_t n = 0, i;
	int rv = -1;

	if (spec_parse_interfaces(eff(in, "interfaces"), &v, &n, err) != 0)
		return (ioc_err_wrap(
		    err, "Invalid value for property 'interfaces'"));
	if (n > NETPLAN_MAXNICS) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "interfaces: at most %d VNET interfaces", NETPLAN_MAXNICS);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct netplan_nic *nn = &p->nics[i];

		if (v[i].secure) {
			(void)ioc_err_set(err, IOC_ENOTSUP, 0,
			    "secure VNET (%s::%s) needs IPFW and is not "
			    "supported %s",
			    v[i].nic, v[i].bridge, lacking(in));
			goto out;
		}
		if (v[i].bridge[0] == '\0') {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "VNET is enabled and requires setting a bridge "
			    "(interfaces=%s:BRIDGE)",
			    v[i].nic);
			goto out;
		}
		if (strcmp(v[i].nic, "lo") == 0) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "interfaces: 'lo' is the jail's loopback "
			    "interface");
			goto out;
		}
		(void)memcpy(nn->nic, v[i].nic, sizeof(nn->nic));
		(void)memcpy(nn->bridge, v[i].bridge, sizeof(nn->bridge));
		(void)snprintf(nn->alias, sizeof(nn->alias), "ioc:%s/%s:%s",
		    in->source, in->name, nn->nic);
		if (plan_macs(in, ident, nn, err) != 0)
			goto out;
		p->nnics++;
	}
	rv = 0;
out:
	free(v);
	return (rv);
}

/* The addresses of ip4_addr (family AF_INET) or ip6_addr of a VNET jail. */
static int
plan_addrs(const struct netplan_input *in, int family, struct netplan *p,
    struct ioc_err *err)
{
	const char *key = family == AF_INET ? "ip4_addr" : "ip6_addr";
	struct spec_addr *v = NULL;
	size_t n = 0, i;
	int k, rv = -1;

	if (spec_parse_addrs(eff(in, key), family, &v, &n, err) != 0)
		return (
		    ioc_err_wrap(err, "Invalid value for property '%s'", key));
	for (i = 0; i < n; i++) {
		if ((k = nic_index(p, v[i].nic)) < 0) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "%s: interface '%s' is not one of interfaces "
			    "(expected \"<nic>|<address>\" with a <nic> of "
			    "interfaces=<nic>:<bridge>)",
			    key, v[i].nic);
			goto out;
		}
		if (v[i].kind == SPEC_ADDR_DHCP) {
			(void)ioc_err_set(err, IOC_ENOTSUP, 0,
			    "%s '%s|dhcp': DHCP is not supported %s; "
			    "give a static address",
			    key, v[i].nic, lacking(in));
			goto out;
		}
		if (v[i].kind == SPEC_ADDR_ACCEPT_RTADV) {
			p->nics[k].rtadv = 1;
			continue;
		}
		if (add_addr(p, key, &v[i], err) != 0)
			goto out;
	}
	rv = 0;
out:
	free(v);
	return (rv);
}

/* defaultrouter (AF_INET) or defaultrouter6 of a VNET jail. */
static int
plan_router(const struct netplan_input *in, int family, struct netplan *p,
    struct ioc_err *err)
{
	const char *key =
	    family == AF_INET ? "defaultrouter" : "defaultrouter6";
	struct spec_router *r = family == AF_INET ? &p->router4 : &p->router6;
	int rv;

	if ((rv = spec_parse_router(eff(in, key), family, r, err)) < 0)
		return (
		    ioc_err_wrap(err, "Invalid value for property '%s'", key));
	if (rv == 1)
		return (0);
	if (r->iface[0] != '\0' && nic_index(p, r->iface) < 0)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "%s: interface '%s' is not one of interfaces", key,
		    r->iface));
	if (family == AF_INET)
		p->has_router4 = 1;
	else
		p->has_router6 = 1;
	return (0);
}

/* Decide the network of a jail. */
int
netplan_build(
    const struct netplan_input *in, struct netplan *p, struct ioc_err *err)
{
	const char *vnet;
	char ident[256];
	int on = 0;

	(void)memset(p, 0, sizeof(*p));
	if (in->source == NULL || in->name == NULL ||
	    jparams_identifier(in->source, in->name, ident, sizeof(ident)) != 0)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "a network plan needs a jail name"));
	vnet = eff(in, "vnet");
	if (vnet != NULL && !val_is_none(vnet) &&
	    val_parse_bool(vnet, &on) != 0)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "Invalid value for property 'vnet'"));
	if (!on) {
		if (plan_novnet(in, p, err) != 0)
			goto fail;
		return (0);
	}
	p->mode = NETPLAN_VNET;
	p->why = "vnet=on: a new network with the interfaces' veth pairs";
	if (plan_nics(in, ident, p, err) != 0 ||
	    plan_addrs(in, AF_INET, p, err) != 0 ||
	    plan_addrs(in, AF_INET6, p, err) != 0 ||
	    plan_router(in, AF_INET, p, err) != 0 ||
	    plan_router(in, AF_INET6, p, err) != 0)
		goto fail;
	return (0);
fail:
	(void)memset(p, 0, sizeof(*p));
	return (-1);
}

/* The host end name "ioc<jid>v<i>" of a NIC. */
int
netplan_hostname(long jid, size_t i, char *buf, size_t size)
{
	int n;

	if (jid <= 0 || jid >= 100000000L || i >= 1000 || size == 0)
		return (-1);
	n = snprintf(buf, size, "ioc%ldv%zu", jid, i);
	if (n < 0 || (size_t)n >= size || n >= SPEC_IFNAMSIZ) {
		buf[0] = '\0';
		return (-1);
	}
	return (0);
}

/* Name the host ends after the jail id. */
int
netplan_set_jid(struct netplan *p, long jid, struct ioc_err *err)
{
	size_t i;

	for (i = 0; i < p->nnics; i++)
		if (netplan_hostname(
			jid, i, p->nics[i].host, sizeof(p->nics[i].host)) != 0)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "no interface name for jail id %ld", jid));
	return (0);
}

/* A short description of a mode. */
const char *
netplan_mode_name(enum netplan_mode mode)
{
	switch (mode) {
	case NETPLAN_HOST:
		return ("host");
	case NETPLAN_LOOPBACK:
		return ("loopback");
	case NETPLAN_VNET:
		return ("vnet");
	case NETPLAN_ADDRS:
		return ("addrs");
	}
	return ("?");
}
