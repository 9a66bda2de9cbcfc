/*
 * netplan.h - the network of a jail, decided from its effective
 * configuration before anything is created: the host's network namespace,
 * a new one with loopback only, or a VNET one with veth pairs on bridges,
 * each pair with its names, MACs and addresses, and the default routes.
 * Building the plan is pure (unit-tested); rtnet.c records and carries it
 * out through the platform (plat_net_up, plat_net_down).
 */
#ifndef IOC_NETPLAN_H
#define IOC_NETPLAN_H

#include <stddef.h>

#include "cfg.h"
#include "compat.h"
#include "ioc.h"
#include "platform.h"
#include "propspec.h"

#define NETPLAN_MAXNICS	 16
#define NETPLAN_MAXADDRS 64
#define NETPLAN_ALIASLEN 160 /* "ioc:<source>/<name>:<nic>" + NUL */

enum netplan_mode {
	NETPLAN_HOST,	  /* the host's network namespace (inherit) */
	NETPLAN_LOOPBACK, /* a new namespace with loopback only */
	NETPLAN_VNET,	  /* a new namespace with the interfaces below */
	NETPLAN_ADDRS,	  /* FreeBSD: the host's stack, the jail's addrs */
};

/* One VNET interface pair: a veth with its host end on a bridge. */
struct netplan_nic {
	char nic[SPEC_IFNAMSIZ];      /* the name inside the jail ("vnet0") */
	char bridge[SPEC_IFNAMSIZ];   /* the bridge the host end joins */
	char host[SPEC_IFNAMSIZ];     /* the host end; see netplan_set_jid() */
	char alias[NETPLAN_ALIASLEN]; /* the host end's alias */
	unsigned char mac_host[6];    /* <nic>_mac a, or generated */
	unsigned char mac_jail[6];    /* <nic>_mac b, or generated a + 1 */
	int rtadv;		      /* ip6_addr "<nic>|accept_rtadv" */
};

struct netplan {
	enum netplan_mode mode;
	const char *why; /* static text: the row of the table that applied */
	struct netplan_nic nics[NETPLAN_MAXNICS];
	size_t nnics;
	struct spec_addr addrs[NETPLAN_MAXADDRS]; /* static, IPv4 first */
	size_t naddrs;
	struct spec_router router4, router6;
	int has_router4, has_router6;
};

struct netplan_input {
	const char *source; /* source name ("ioc") */
	const char *name;   /* jail name */
	const struct cfg *jail;
	const struct cfg *defaults;
	enum compat_platform platform; /* whose refusals apply */
};

/*
 * Decide the network of a jail on in->platform.  Without VNET on Linux
 * one table maps (ip4, ip6): both inherit -> the host's namespace; neither
 * inherit -> a new namespace with loopback only; one inherit and not the
 * other, or any ip4_addr / ip6_addr, is refused with an explanation (Linux
 * cannot share a part of the host's network).  Without VNET on FreeBSD
 * every combination is the kernel's: both inherit -> the host's network,
 * else NETPLAN_ADDRS, where addrs holds the static addresses of each
 * family whose mode is new (ip4.addr / ip6.addr and the host aliases
 * fbplan.c makes of them); dhcp and accept_rtadv need VNET there.  With
 * VNET every "nic:bridge" of interfaces is a
 * veth pair (a bridge is required; secure VNET is refused), MACs come from
 * <nic>_mac or are generated from mac_prefix and the jail's identifier,
 * each address must name one of the NICs (dhcp is refused), and routers
 * with @IFACE must name one too.  Host end names are left empty until
 * netplan_set_jid().  On failure *p is zeroed.
 */
int netplan_build(
    const struct netplan_input *in, struct netplan *p, struct ioc_err *err);

/*
 * The host end name of the NIC at index i of the jail whose id is jid:
 * "ioc<jid>v<i>", at most 15 characters (jid < 10^8, i < 1000); -1 when
 * it would not fit.  Jail ids are the inits' pids, unique while the jails
 * run, and a host end dies with its jail's namespace, so two jails never
 * share a name.
 */
int netplan_hostname(long jid, size_t i, char *buf, size_t size);

/* Name the host ends of every NIC after the jail id (netplan_hostname). */
int netplan_set_jid(struct netplan *p, long jid, struct ioc_err *err);

/* A short description of a mode: "host", "loopback", "vnet", "addrs". */
const char *netplan_mode_name(enum netplan_mode mode);

/*
 * Bring up the network of a jail that start has just created, in the
 * order of the plan: record the host ends in the runtime state first (so
 * that a later stop removes them even after a killed ioc), then let the
 * platform create them.  Nothing of it is left after a failure.
 */
int rt_net_up(struct ioc_ctx *ctx, const char *source, const char *name,
    const struct netplan *p, const struct plat_running *r, struct ioc_err *err);

/*
 * Remove the host ends recorded for a jail (those still there and still
 * carrying its alias) and forget the record.  On failure the record is
 * kept and -1 returned, unless force: then the failure is only logged.
 */
int rt_net_down(struct ioc_ctx *ctx, const char *source, const char *name,
    int force, struct ioc_err *err);

#endif /* IOC_NETPLAN_H */
