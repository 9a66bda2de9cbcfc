/*
 * jparams.h - the jail(2) parameter list of spec §6.5, derived from a
 * jail's effective configuration.  The FreeBSD backend passes it to
 * jail_set(2); it is built and tested on every platform.
 */
#ifndef IOC_JPARAMS_H
#define IOC_JPARAMS_H

#include <stddef.h>

#include "cfg.h"
#include "ioc.h"

enum jparam_type {
	JP_STRING, /* also devfs_ruleset given by name: resolve it at start */
	JP_INT,	   /* decimal; namespace modes and vnet as 0 / 1 / 2 */
	JP_BOOL,   /* a boolean parameter: value "1" / "0" */
	JP_ADDRS,  /* ip4.addr / ip6.addr: comma list of addresses */
};

struct jparam {
	char *name;
	enum jparam_type type;
	char *value;
};

struct jparam_omit {
	char *name;
	char *why;
};

struct jparam_list {
	struct jparam *v;
	size_t n;
	struct jparam_omit *omitted; /* parameters left out and why */
	size_t nomitted;
};

struct jparam_input {
	const char *source;   /* source name ("ioc") */
	const char *name;     /* jail name */
	const char *path;     /* root path (mountpoint of <jail>/root) */
	const char *hostuuid; /* host uuid, for the generated host_hostuuid */
	const struct cfg *jail;
	const struct cfg *defaults;
};

/*
 * Render the parameter list from the effective configuration: name, path,
 * host.hostname, host.domainname, host.hostuuid, every PF_JPARAM row, vnet,
 * ip4.addr, ip6.addr and persist.  Parameters left out (vnet off, none
 * values, addresses under VNET ...) are listed in out->omitted with the
 * reason.  Fails with IOC_EINVAL for an invalid stored value and for
 * dhcp / accept_rtadv addresses of a non-VNET jail ("ip4_addr 'dhcp'
 * needs vnet").  On failure *out is empty.  Free it with jparams_free().
 */
int jparams_build(const struct jparam_input *in, struct jparam_list *out,
    struct ioc_err *err);

/* The kernel jail name "<source>-<name with . replaced by *>" into buf. */
int jparams_identifier(
    const char *source, const char *name, char *buf, size_t size);

/*
 * The generated host_hostuuid of spec §10.4 for the jail name of source
 * into out: SHA-1 of the host uuid (16 bytes) and the identifier
 * "<source>-<name>", as 8-4-4-4-12.  -1 when hostuuid is not a UUID.
 */
int jparams_hostuuid(
    const char *hostuuid, const char *source, const char *name, char out[37]);

/* Release a list (NULL is fine); it is empty afterwards. */
void jparams_free(struct jparam_list *l);

#endif /* IOC_JPARAMS_H */
