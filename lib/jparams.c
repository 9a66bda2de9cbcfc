/*
 * jparams.c - the jail(2) parameters of spec §6.5: every PF_JPARAM row of
 * the property table with its effective value, plus the overrides (name,
 * path, host.*, devfs_ruleset, allow.mount, enforce_statfs, vnet,
 * addresses, persist).  Whatever is left out is listed with a reason.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "internal.h"
#include "jparams.h"
#include "names.h"
#include "props.h"
#include "propspec.h"

#define IDENT_MAX 256

struct build {
	const struct jparam_input *in;
	struct jparam_list *l;
	char ident[IDENT_MAX];
	int vnet;	  /* vnet is on */
	int mount_wanted; /* an allow_mount_* is explicitly 1, or jail_zfs */
};

/* The kernel jail name "<source>-<name with . replaced by *>". */
int
jparams_identifier(const char *source, const char *name, char *buf, size_t size)
{
	size_t slen, i;
	int n;

	if (source == NULL || name == NULL || buf == NULL)
		return (-1);
	n = snprintf(buf, size, "%s-%s", source, name);
	if (n < 0 || (size_t)n >= size)
		return (-1);
	slen = strlen(source) + 1;
	for (i = slen; buf[i] != '\0'; i++)
		if (buf[i] == '.')
			buf[i] = '*';
	return (0);
}

static int
add(struct build *b, const char *name, enum jparam_type type, const char *value,
    struct ioc_err *err)
{
	struct jparam_list *l = b->l;
	struct jparam *nv;
	char *n = NULL, *v = NULL;

	if ((n = ioc_strdup(name, err)) == NULL ||
	    (v = ioc_strdup(value, err)) == NULL)
		goto fail;
	if ((nv = realloc(l->v, (l->n + 1) * sizeof(*nv))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto fail;
	}
	l->v = nv;
	l->v[l->n].name = n;
	l->v[l->n].type = type;
	l->v[l->n].value = v;
	l->n++;
	return (0);
fail:
	free(n);
	free(v);
	return (-1);
}

static int omit(struct build *b, const char *name, struct ioc_err *err,
    const char *fmt, ...) IOC_PRINTF(4, 5);

/* Record that name is left out, and why. */
static int
omit(struct build *b, const char *name, struct ioc_err *err, const char *fmt,
    ...)
{
	struct jparam_list *l = b->l;
	struct jparam_omit *no;
	char why[256], *n = NULL, *w = NULL;
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if ((n = ioc_strdup(name, err)) == NULL ||
	    (w = ioc_strdup(why, err)) == NULL)
		goto fail;
	no = realloc(l->omitted, (l->nomitted + 1) * sizeof(*no));
	if (no == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto fail;
	}
	l->omitted = no;
	l->omitted[l->nomitted].name = n;
	l->omitted[l->nomitted].why = w;
	l->nomitted++;
	return (0);
fail:
	free(n);
	free(w);
	return (-1);
}

static const char *
eff(const struct build *b, const char *key)
{
	return (prop_effective(key, b->in->jail, b->in->defaults));
}

/* True when key is set in the jail's config or in the host defaults. */
static int
explicit_set(const struct build *b, const char *key)
{
	return ((b->in->jail != NULL && cfg_get(b->in->jail, key) != NULL) ||
	    (b->in->defaults != NULL && cfg_get(b->in->defaults, key) != NULL));
}

static int
eff_on(const struct build *b, const char *key)
{
	const char *v = eff(b, key);
	int on;

	return (v != NULL && val_parse_bool(v, &on) == 0 && on);
}

/* An allow_mount_* set to 1 by the jail or the host defaults, or jail_zfs. */
static int
mount_wanted(const struct build *b)
{
	size_t i;

	if (eff_on(b, "jail_zfs"))
		return (1);
	for (i = 0; i < prop_count(); i++) {
		const char *name = prop_at(i)->name;

		if (strncmp(name, "allow_mount_", 12) == 0 &&
		    explicit_set(b, name) && eff_on(b, name))
			return (1);
	}
	return (0);
}

/*
 * The generated host.hostuuid of spec §10.4: the first 32 hex digits of
 * SHA-1(host uuid as 16 bytes || identifier) as 8-4-4-4-12.
 */
static int
generate_hostuuid(const char *hostuuid, const char *ident, char out[37])
{
	struct hash_sha1 c;
	unsigned char raw[16], md[HASH_SHA1_LEN];
	char hex[2 * HASH_SHA1_LEN + 1];
	const char *p;
	size_t i;

	if (hostuuid == NULL || !spec_is_uuid(hostuuid))
		return (-1);
	for (i = 0, p = hostuuid; i < 16; p++) {
		int hi, lo;

		if (*p == '-')
			continue;
		hi = isdigit((unsigned char)p[0])
		    ? p[0] - '0'
		    : tolower((unsigned char)p[0]) - 'a' + 10;
		lo = isdigit((unsigned char)p[1])
		    ? p[1] - '0'
		    : tolower((unsigned char)p[1]) - 'a' + 10;
		raw[i++] = (unsigned char)(hi << 4 | lo);
		p++;
	}
	hash_sha1_init(&c);
	hash_sha1_update(&c, raw, sizeof(raw));
	hash_sha1_update(&c, ident, strlen(ident));
	hash_sha1_final(&c, md);
	hash_hex(md, sizeof(md), hex);
	(void)snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8,
	    hex + 12, hex + 16, hex + 20);
	return (0);
}

/* The generated host_hostuuid of a jail. */
int
jparams_hostuuid(
    const char *hostuuid, const char *source, const char *name, char out[37])
{
	char ident[IDENT_MAX];

	if (jparams_identifier(source, name, ident, sizeof(ident)) != 0)
		return (-1);
	return (generate_hostuuid(hostuuid, ident, out));
}

/* name, path, host.hostname, host.domainname, host.hostuuid. */
static int
add_identity(struct build *b, struct ioc_err *err)
{
	const struct jparam_input *in = b->in;
	char human[9], uuid[37];
	const char *v;

	if (add(b, "name", JP_STRING, b->ident, err) != 0 ||
	    add(b, "path", JP_STRING, in->path, err) != 0)
		return (-1);
	if ((v = eff(b, "host_hostname")) == NULL) {
		/* A legacy UUID-named jail is called by its short name. */
		if (names_is_uuid(in->name)) {
			(void)snprintf(human, sizeof(human), "%s", in->name);
			v = human;
		} else {
			v = in->name;
		}
	}
	if (add(b, "host.hostname", JP_STRING, v, err) != 0)
		return (-1);
	if ((v = eff(b, "host_domainname")) == NULL)
		v = "local";
	if (add(b, "host.domainname", JP_STRING, v, err) != 0)
		return (-1);
	if ((v = eff(b, "host_hostuuid")) != NULL)
		return (add(b, "host.hostuuid", JP_STRING, v, err));
	if (generate_hostuuid(in->hostuuid, b->ident, uuid) == 0)
		return (add(b, "host.hostuuid", JP_STRING, uuid, err));
	return (omit(b, "host.hostuuid", err,
	    "host_hostuuid is none and the host uuid '%s' is not a UUID",
	    in->hostuuid != NULL ? in->hostuuid : ""));
}

/* The parameter of one PF_JPARAM row, from its normalised value. */
static int
add_row(
    struct build *b, const struct prop *p, const char *v, struct ioc_err *err)
{
	char *norm = NULL;
	long long n;
	int rv = -1, on;

	if (prop_normalize_loaded(p->name, v, &norm, err) != 0)
		return (-1);
	if (norm == NULL) {
		rv = omit(b, p->jparam, err, "%s is none", p->name);
		goto out;
	}
	switch (p->type) {
	case PT_FLAG:
	case PT_BOOL:
		(void)val_parse_bool(norm, &on);
		rv = add(b, p->jparam, JP_BOOL, on ? "1" : "0", err);
		break;
	case PT_NSMODE: {
		char num[2] = {(char)('0' + prop_nsmode(norm)), '\0'};

		rv = add(b, p->jparam, JP_INT, num, err);
		break;
	}
	case PT_INT:
		rv = add(b, p->jparam, JP_INT, norm, err);
		break;
	case PT_DEVFS:
		/* A ruleset name is resolved to its number at start (§11.5). */
		rv = add(b, p->jparam,
		    val_parse_int(norm, &n) == 0 ? JP_INT : JP_STRING, norm,
		    err);
		break;
	default:
		rv = add(b, p->jparam, JP_STRING, norm, err);
		break;
	}
out:
	free(norm);
	return (rv);
}

/* The rows whose parameter is built elsewhere or only under a condition. */
static int
row_param(struct build *b, const struct prop *p, struct ioc_err *err)
{
	const char *v = eff(b, p->name);
	const char *name = p->name;

	if (strncmp(name, "host_", 5) == 0)
		return (0); /* add_identity() */
	if (strcmp(name, "vnet") == 0)
		return (0); /* add_network() */
	if (p->flags & PF_LINUX)
		return (
		    omit(b, p->jparam, err, "%s applies to Linux only", name));
	if (b->vnet &&
	    (strcmp(name, "ip4") == 0 || strcmp(name, "ip6") == 0 ||
		strcmp(name, "ip4_saddrsel") == 0 ||
		strcmp(name, "ip6_saddrsel") == 0))
		return (omit(b, p->jparam, err,
		    "vnet is on: the jail has its own network stack"));
	if (strcmp(name, "allow_mount_zfs") == 0 && eff_on(b, "jail_zfs"))
		v = "1";
	if ((strcmp(name, "allow_mount") == 0 ||
		strcmp(name, "enforce_statfs") == 0) &&
	    b->mount_wanted && !explicit_set(b, name))
		v = "1";
	if (v == NULL) {
		if (strcmp(name, "devfs_ruleset") == 0)
			return (omit(b, p->jparam, err,
			    "devfs_ruleset is none: no ruleset is applied"));
		return (omit(b, p->jparam, err, "%s is none", name));
	}
	return (add_row(b, p, v, err));
}

/* ip4.addr or ip6.addr of a non-VNET jail: every static address. */
static int
add_addrs(struct build *b, const char *key, int family, const char *param,
    const char *mode, struct ioc_err *err)
{
	struct spec_addr *v = NULL;
	char *list = NULL, *np;
	size_t n = 0, i, len = 0;
	int rv = -1;

	if (b->vnet) {
		rv = omit(b, param, err,
		    "vnet is on: %s is configured inside the jail", key);
		goto out;
	}
	if (spec_parse_addrs(eff(b, key), family, &v, &n, err) != 0) {
		(void)ioc_err_wrap(err, "Invalid value for property '%s'", key);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (v[i].kind != SPEC_ADDR_STATIC) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "%s '%s' needs vnet", key,
			    v[i].kind == SPEC_ADDR_DHCP ? "dhcp"
							: "accept_rtadv");
			goto out;
		}
	}
	if (n == 0) {
		rv = omit(b, param, err, "%s is none", key);
		goto out;
	}
	if (mode != NULL && prop_nsmode(mode) != 1) {
		rv = omit(b, param, err,
		    "%s is %s: the jail gets no addresses of its own",
		    family == AF_INET ? "ip4" : "ip6", mode);
		goto out;
	}
	for (i = 0; i < n; i++) {
		size_t alen = strlen(v[i].addr);

		if ((np = realloc(list, len + alen + 2)) == NULL) {
			(void)ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory");
			goto out;
		}
		list = np;
		if (len > 0)
			list[len++] = ',';
		(void)memcpy(list + len, v[i].addr, alen + 1);
		len += alen;
	}
	rv = add(b, param, JP_ADDRS, list, err);
out:
	free(list);
	free(v);
	return (rv);
}

/* vnet, ip4.addr, ip6.addr. */
static int
add_network(struct build *b, struct ioc_err *err)
{
	if (b->vnet) {
		if (add(b, "vnet", JP_INT, "1", err) != 0)
			return (-1);
	} else if (omit(b, "vnet", err,
		       "vnet is off: the jail shares the host's network "
		       "stack") != 0) {
		return (-1);
	}
	if (add_addrs(b, "ip4_addr", AF_INET, "ip4.addr", eff(b, "ip4"), err) !=
		0 ||
	    add_addrs(
		b, "ip6_addr", AF_INET6, "ip6.addr", eff(b, "ip6"), err) != 0)
		return (-1);
	return (0);
}

/* Render the jail(2) parameter list of a jail; free with jparams_free(). */
int
jparams_build(
    const struct jparam_input *in, struct jparam_list *out, struct ioc_err *err)
{
	struct build b;
	size_t i;
	int rv = -1;

	(void)memset(out, 0, sizeof(*out));
	(void)memset(&b, 0, sizeof(b));
	b.in = in;
	b.l = out;
	if (in->source == NULL || in->name == NULL || in->path == NULL) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "jail parameters need a source, a name and a path");
		goto out;
	}
	if (jparams_identifier(
		in->source, in->name, b.ident, sizeof(b.ident)) != 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "jail identifier '%s-%s' is too long", in->source,
		    in->name);
		goto out;
	}
	b.vnet = eff_on(&b, "vnet");
	b.mount_wanted = mount_wanted(&b);
	if (add_identity(&b, err) != 0)
		goto out;
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);

		if ((p->flags & PF_JPARAM) && row_param(&b, p, err) != 0)
			goto out;
	}
	if (add_network(&b, err) != 0)
		goto out;
	if (add(&b, "persist", JP_BOOL, "1", err) != 0)
		goto out;
	rv = 0;
out:
	if (rv != 0)
		jparams_free(out);
	return (rv);
}

/* Release a parameter list; the list is empty afterwards. */
void
jparams_free(struct jparam_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].value);
	}
	for (i = 0; i < l->nomitted; i++) {
		free(l->omitted[i].name);
		free(l->omitted[i].why);
	}
	free(l->v);
	free(l->omitted);
	(void)memset(l, 0, sizeof(*l));
}
