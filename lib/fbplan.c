/*
 * fbplan.c - the FreeBSD backend's decisions as data (fbplan.h).  The
 * order is jail(8)'s: rctl rules, mounts (basedirs, fstab, devfs,
 * fdescfs, procfs), host address aliases, jail_set(2), then VNET; stop
 * runs the other way round.  Nothing here touches the system.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg.h"
#include "fbplan.h"
#include "internal.h"
#include "jparams.h"
#include "names.h"
#include "netplan.h"
#include "props.h"
#include "propspec.h"
#include "value.h"

#define ARGV_MAX 16

static int
nomem(struct ioc_err *err)
{
	return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
}

static void
argv_free(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* A new copy of the NULL-terminated vector a. */
static char **
argv_from(struct ioc_err *err, const char *const *a)
{
	char **v;
	size_t n = 0, i;

	while (a[n] != NULL)
		n++;
	if ((v = calloc(n + 1, sizeof(*v))) == NULL) {
		(void)nomem(err);
		return (NULL);
	}
	for (i = 0; i < n; i++) {
		if ((v[i] = strdup(a[i])) == NULL) {
			argv_free(v);
			(void)nomem(err);
			return (NULL);
		}
	}
	return (v);
}

/* A new argv of the arguments (a NULL among them ends it early). */
#define ARGV(err, ...)                                                         \
	argv_from((err), (const char *const[]){__VA_ARGS__, NULL})

/* Append a command (taking ownership of argv and undo). */
static int
cmds_add(struct fb_cmds *c, char **argv, char **undo, struct ioc_err *err)
{
	struct fb_cmd *nv;

	if (argv == NULL)
		goto fail;
	if ((nv = realloc(c->v, (c->n + 1) * sizeof(*nv))) == NULL) {
		(void)nomem(err);
		goto fail;
	}
	c->v = nv;
	c->v[c->n].argv = argv;
	c->v[c->n].undo = undo;
	c->n++;
	return (0);
fail:
	argv_free(argv);
	argv_free(undo);
	return (-1);
}

/* Release a command list; it is empty afterwards. */
void
fbplan_cmds_free(struct fb_cmds *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		argv_free(c->v[i].argv);
		argv_free(c->v[i].undo);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

/* Append a string (taking ownership; NULL means allocation failed). */
static int
strv_add(char ***v, size_t *n, char *s, struct ioc_err *err)
{
	char **nv;

	if (s == NULL)
		return (-1);
	if ((nv = realloc(*v, (*n + 1) * sizeof(*nv))) == NULL) {
		free(s);
		return (nomem(err));
	}
	*v = nv;
	(*v)[(*n)++] = s;
	return (0);
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static const char *
eff(const struct plat_spec *s, const char *key)
{
	return (prop_effective(key, s->cfg, s->defaults));
}

/*
 * A mount target below the root, normalised: no leading "/", no empty or
 * "." components; ".." is refused.  "" is the root itself.
 */
static int
norm_target(const char *in, char *out, size_t size, struct ioc_err *err)
{
	size_t o = 0, len;
	const char *p = in;

	out[0] = '\0';
	while (*p != '\0') {
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len == 0)
			break;
		if (len == 2 && strncmp(p, "..", 2) == 0)
			return (ioc_err_set(err, IOC_ESECURITY, 0,
			    "Insecure path %s jail escape attempt", in));
		if (!(len == 1 && *p == '.')) {
			if (o + len + 2 > size)
				return (ioc_err_set(err, IOC_EINVAL, 0,
				    "mount target '%s' is too long", in));
			if (o > 0)
				out[o++] = '/';
			(void)memcpy(out + o, p, len);
			o += len;
		}
		p += len;
	}
	out[o] = '\0';
	return (0);
}

static int
opt_add(struct fb_mount *m, const char *name, const char *value,
    struct ioc_err *err)
{
	struct fb_opt *nv;
	char *n = NULL, *v = NULL;

	if ((n = strdup(name)) == NULL ||
	    (value != NULL && (v = strdup(value)) == NULL))
		goto fail;
	if ((nv = realloc(m->opts, (m->nopts + 1) * sizeof(*nv))) == NULL)
		goto fail;
	m->opts = nv;
	m->opts[m->nopts].name = n;
	m->opts[m->nopts].value = v;
	m->nopts++;
	return (0);
fail:
	free(n);
	free(v);
	return (nomem(err));
}

static void
mount_clear(struct fb_mount *m)
{
	size_t i;

	for (i = 0; i < m->nopts; i++) {
		free(m->opts[i].name);
		free(m->opts[i].value);
	}
	free(m->opts);
	free(m->fstype);
	free(m->fspath);
	free(m->target);
	(void)memset(m, 0, sizeof(*m));
}

/*
 * The options of an fstab-style option string: "k=v" as name and value,
 * a word as a flag; rw, late, noauto and failok are fstab's and dropped.
 */
static int
add_data_opts(struct fb_mount *m, const char *data, struct ioc_err *err)
{
	char *copy, *tok, *save = NULL, *eq;
	int rv = 0;

	if (data == NULL)
		return (0);
	if ((copy = strdup(data)) == NULL)
		return (nomem(err));
	for (tok = strtok_r(copy, ",", &save); tok != NULL && rv == 0;
	     tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "rw") == 0 || strcmp(tok, "late") == 0 ||
		    strcmp(tok, "noauto") == 0 || strcmp(tok, "failok") == 0 ||
		    strcmp(tok, "ro") == 0)
			continue;
		if ((eq = strchr(tok, '=')) != NULL)
			*eq++ = '\0';
		if (*tok == '\0') {
			rv = ioc_err_set(err, IOC_EINVAL, 0,
			    "mount option '%s' has no name", data);
			break;
		}
		rv = opt_add(m, tok, eq, err);
	}
	free(copy);
	return (rv);
}

/*
 * Append a mount of fstype at target beneath the root: srckey ("target"
 * for nullfs, "from" otherwise) names src; ro, data options and a devfs
 * ruleset follow.
 */
static int
mount_add(struct fbplan *p, const char *fstype, const char *target,
    const char *src, int ro, const char *data, const char *ruleset,
    struct ioc_err *err)
{
	struct fb_mount m, *nv;
	char t[1024];

	(void)memset(&m, 0, sizeof(m));
	if (norm_target(target, t, sizeof(t), err) != 0)
		return (-1);
	if ((m.fstype = strdup(fstype)) == NULL ||
	    (m.target = strdup(t)) == NULL ||
	    (m.fspath = ioc_aprintf(
		 err, "%s%s%s", p->root, t[0] ? "/" : "", t)) == NULL) {
		(void)nomem(err);
		goto fail;
	}
	if (opt_add(&m, "fstype", fstype, err) != 0 ||
	    opt_add(&m, "fspath", m.fspath, err) != 0 ||
	    opt_add(&m, strcmp(fstype, "nullfs") == 0 ? "target" : "from", src,
		err) != 0 ||
	    (ro && opt_add(&m, "ro", NULL, err) != 0) ||
	    add_data_opts(&m, data, err) != 0 ||
	    (ruleset != NULL && opt_add(&m, "ruleset", ruleset, err) != 0))
		goto fail;
	if ((nv = realloc(p->mounts, (p->nmounts + 1) * sizeof(*nv))) == NULL) {
		(void)nomem(err);
		goto fail;
	}
	p->mounts = nv;
	p->mounts[p->nmounts++] = m;
	return (0);
fail:
	mount_clear(&m);
	return (-1);
}

/* The number of a devfs ruleset named in devfs.rules text, or -1. */
long
fbplan_devfs_ruleset(const char *rules, const char *name)
{
	const char *line = rules, *p, *eq, *end;
	size_t nlen = strlen(name);
	char *numend;
	long n;

	while (line != NULL && *line != '\0') {
		p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		end = p + strcspn(p, "\n");
		if (*p == '[' && (eq = memchr(p, '=', (size_t)(end - p))) &&
		    (size_t)(eq - p - 1) == nlen &&
		    strncmp(p + 1, name, nlen) == 0) {
			n = strtol(eq + 1, &numend, 10);
			if (numend > eq + 1 && *numend == ']' && n >= 0)
				return (n);
		}
		line = *end == '\n' ? end + 1 : NULL;
	}
	return (-1);
}

/* The devfs_ruleset parameter as a number: given, or by name. */
static int
ruleset_number(const struct fbplan_input *in, const struct jparam *jp,
    char *buf, size_t size, struct ioc_err *err)
{
	long n;

	if (jp->type == JP_INT) {
		(void)snprintf(buf, size, "%s", jp->value);
		return (0);
	}
	if (in->devfs_rules == NULL ||
	    (n = fbplan_devfs_ruleset(in->devfs_rules, jp->value)) < 0)
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "devfs ruleset '%s' is not defined in devfs.rules",
		    jp->value));
	(void)snprintf(buf, size, "%ld", n);
	return (0);
}

/* The jail_set(2) parameters of jparams.c, typed for the kernel. */
static int
plan_params(const struct fbplan_input *in, struct fbplan *p, char *ruleset,
    size_t rsize, struct ioc_err *err)
{
	const struct plat_spec *s = in->spec;
	struct jparam_input ji;
	struct jparam_list l;
	size_t i;
	int rv = -1;

	(void)memset(&ji, 0, sizeof(ji));
	ji.source = s->source;
	ji.name = s->jail;
	ji.path = s->root;
	ji.hostuuid = in->hostuuid;
	ji.jail = s->cfg;
	ji.defaults = s->defaults;
	if (jparams_build(&ji, &l, err) != 0)
		return (-1);
	if ((p->params = calloc(l.n, sizeof(*p->params))) == NULL) {
		(void)nomem(err);
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		const struct jparam *jp = &l.v[i];
		struct fb_param *fp = &p->params[p->nparams];
		char num[32];
		const char *v = jp->value;
		enum fb_ptype t = FB_P_STR;

		switch (jp->type) {
		case JP_INT:
			t = FB_P_INT;
			break;
		case JP_BOOL:
			t = FB_P_BOOL;
			break;
		case JP_ADDRS:
			t = strcmp(jp->name, "ip6.addr") == 0 ? FB_P_IP6
							      : FB_P_IP4;
			break;
		default:
			break;
		}
		if (strcmp(jp->name, "devfs_ruleset") == 0) {
			if (ruleset_number(in, jp, num, sizeof(num), err) != 0)
				goto out;
			(void)snprintf(ruleset, rsize, "%s", num);
			v = num;
			t = FB_P_INT;
		}
		if ((fp->name = strdup(jp->name)) == NULL ||
		    (fp->value = strdup(v)) == NULL) {
			free(fp->name);
			(void)nomem(err);
			goto out;
		}
		fp->type = t;
		p->nparams++;
	}
	rv = 0;
out:
	jparams_free(&l);
	return (rv);
}

/* The kernel's name of a parameter ("allow.noset_hostname" when false). */
int
fbplan_param_key(const struct fb_param *p, char *buf, size_t size)
{
	const char *dot;
	int n;

	if (p->type != FB_P_BOOL || strcmp(p->value, "0") != 0)
		n = snprintf(buf, size, "%s", p->name);
	else if ((dot = strrchr(p->name, '.')) == NULL)
		n = snprintf(buf, size, "no%s", p->name);
	else
		n = snprintf(buf, size, "%.*sno%s", (int)(dot - p->name + 1),
		    p->name, dot + 1);
	return (n < 0 || (size_t)n >= size ? -1 : 0);
}

/* Mounts: the spec's (basedirs, fstab), then /dev, /dev/fd, /proc. */
static int
plan_mounts(const struct plat_spec *s, struct fbplan *p, const char *ruleset,
    struct ioc_err *err)
{
	size_t i;

	for (i = 0; i < s->nmounts; i++) {
		const struct plat_mount *m = &s->mounts[i];

		if (m->source == NULL || m->target == NULL)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "mount %zu has no source or target", i + 1));
		if (mount_add(p, m->fstype != NULL ? m->fstype : "nullfs",
			m->target, m->source, m->readonly, m->data, NULL,
			err) != 0)
			return (-1);
	}
	if (s->mount_dev &&
	    mount_add(p, "devfs", "dev", "devfs", 0, NULL,
		ruleset[0] != '\0' ? ruleset : NULL, err) != 0)
		return (-1);
	if (s->mount_devfd &&
	    mount_add(p, "fdescfs", "dev/fd", "fdescfs", 0, NULL, NULL, err) !=
		0)
		return (-1);
	if (s->mount_proc &&
	    mount_add(p, "procfs", "proc", "procfs", 0, NULL, NULL, err) != 0)
		return (-1);
	return (0);
}

/*
 * rctl rules for every limit set: with rlimits=yes (an error when racct
 * is off), or unset and racct on (a warning when it is off); none with
 * rlimits=no.
 */
static int
plan_rctl(const struct fbplan_input *in, struct fbplan *p, struct ioc_err *err)
{
	const struct plat_spec *s = in->spec;
	const char *rl = eff(s, "rlimits");
	size_t i;
	int b = -1, skipped = 0;

	if (rl != NULL && !val_is_none(rl) && val_parse_bool(rl, &b) == 0 &&
	    b == 0)
		return (0);
	for (i = 0; i < prop_count(); i++) {
		const struct prop *pr = prop_at(i);
		struct spec_rlimit r;
		unsigned long long amount;
		const char *v;

		if (pr->type != PT_RLIMIT || (pr->flags & PF_PATTERN))
			continue;
		v = eff(s, pr->name);
		if (v == NULL || val_is_none(v) || strcmp(v, "off") == 0)
			continue;
		if (spec_parse_rlimit(v, &r, err) != 0 ||
		    spec_rlimit_amount(&r, &amount, err) != 0)
			return (ioc_err_wrap(
			    err, "Invalid value for property '%s'", pr->name));
		if (!in->racct) {
			if (b == 1)
				return (ioc_err_set(err, IOC_ENOTSUP, 0,
				    "rlimits is yes but resource accounting "
				    "is off (kern.racct.enable=0): %s=%s",
				    pr->name, v));
			skipped++;
			continue;
		}
		if (strv_add(&p->rctl, &p->nrctl,
			ioc_aprintf(err, "jail:%s:%s:%s=%llu/%s", p->ident,
			    pr->name, r.action, amount, r.per),
			err) != 0)
			return (-1);
	}
	if (skipped > 0 &&
	    strv_add(&p->warnings, &p->nwarnings,
		ioc_aprintf(err,
		    "%d resource limit(s) not applied: resource accounting "
		    "is off (kern.racct.enable=0)",
		    skipped),
		err) != 0)
		return (-1);
	return (0);
}

/* Host-side aliases of a non-VNET jail's static addresses (mode new). */
static int
alias_cmds(
    struct fbplan *p, const struct spec_addr *v, size_t n, struct ioc_err *err)
{
	char cidr[80];
	size_t i;

	for (i = 0; i < n; i++) {
		const char *fam = v[i].family == AF_INET ? "inet" : "inet6";

		if (v[i].kind != SPEC_ADDR_STATIC)
			continue;
		(void)snprintf(
		    cidr, sizeof(cidr), "%s/%d", v[i].addr, v[i].prefix);
		if (cmds_add(&p->aliases,
			ARGV(err, FB_IFCONFIG, v[i].nic, fam, cidr, "alias"),
			ARGV(err, FB_IFCONFIG, v[i].nic, fam, v[i].addr,
			    "-alias"),
			err) != 0)
			return (-1);
	}
	return (0);
}

/* Host-side aliases of a non-VNET jail (VNET: netplan.c, rtnet.c). */
static int
plan_net(const struct plat_spec *s, struct fbplan *p, struct ioc_err *err)
{
	struct spec_addr *a4 = NULL, *a6 = NULL;
	const char *mode;
	size_t n4 = 0, n6 = 0;
	int rv = -1;

	if (p->vnet)
		return (0);
	if (spec_parse_addrs(eff(s, "ip4_addr"), AF_INET, &a4, &n4, err) != 0 ||
	    spec_parse_addrs(eff(s, "ip6_addr"), AF_INET6, &a6, &n6, err) != 0)
		goto out;
	/* Only a jail with addresses of its own (mode new) gets them. */
	mode = eff(s, "ip4");
	if ((mode == NULL || prop_nsmode(mode) == 1) &&
	    alias_cmds(p, a4, n4, err) != 0)
		goto out;
	mode = eff(s, "ip6");
	if ((mode == NULL || prop_nsmode(mode) == 1) &&
	    alias_cmds(p, a6, n6, err) != 0)
		goto out;
	rv = 0;
out:
	free(a4);
	free(a6);
	return (rv);
}

/* Build the start plan of a FreeBSD jail. */
int
fbplan_build(
    const struct fbplan_input *in, struct fbplan *p, struct ioc_err *err)
{
	const struct plat_spec *s = in->spec;
	char ruleset[32] = "";
	int rv = -1;

	(void)memset(p, 0, sizeof(*p));
	if (s->cfg == NULL || s->source == NULL || s->jail == NULL ||
	    s->root == NULL || s->root[0] != '/') {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "a FreeBSD jail needs its source, name, configuration and "
		    "an absolute root");
		goto out;
	}
	if (!names_existing_ok(s->jail)) {
		(void)ioc_err_set(
		    err, IOC_EINVAL, 0, "Invalid jail name '%s'", s->jail);
		goto out;
	}
	if (jparams_identifier(
		s->source, s->jail, p->ident, sizeof(p->ident)) != 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "jail identifier '%s-%s' is too long", s->source, s->jail);
		goto out;
	}
	if ((p->root = ioc_strdup(s->root, err)) == NULL)
		goto out;
	{
		const char *v = eff(s, "vnet");
		int b = 0;

		p->vnet = v != NULL && val_parse_bool(v, &b) == 0 && b;
	}
	if (plan_params(in, p, ruleset, sizeof(ruleset), err) != 0 ||
	    plan_rctl(in, p, err) != 0 ||
	    plan_mounts(s, p, ruleset, err) != 0 || plan_net(s, p, err) != 0)
		goto out;
	rv = 0;
out:
	if (rv != 0)
		fbplan_free(p);
	return (rv);
}

/* Release a plan. */
void
fbplan_free(struct fbplan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nmounts; i++)
		mount_clear(&p->mounts[i]);
	free(p->mounts);
	for (i = 0; i < p->nparams; i++) {
		free(p->params[i].name);
		free(p->params[i].value);
	}
	free(p->params);
	strv_free(p->rctl, p->nrctl);
	fbplan_cmds_free(&p->aliases);
	strv_free(p->warnings, p->nwarnings);
	free(p->root);
	(void)memset(p, 0, sizeof(*p));
}

/* True for "epair<digits>a". */
int
fbplan_epair_ok(const char *s)
{
	size_t n;

	if (s == NULL || strncmp(s, "epair", 5) != 0)
		return (0);
	n = strspn(s + 5, "0123456789");
	return (n > 0 && n < 6 && strcmp(s + 5 + n, "a") == 0);
}

/* A command run in the jail: jexec <jid> prog args. */
#define IN_JAIL(c, jid, err, ...)                                              \
	cmds_add((c), ARGV((err), FB_JEXEC, (jid), __VA_ARGS__), NULL, (err))

/* Routes inside the jail: a host route through @iface, then default. */
static int
route_cmds(const struct spec_router *r, const char *jid, struct fb_cmds *c,
    struct ioc_err *err)
{
	int v6 = r->family == AF_INET6;
	int ll = v6 && strncasecmp(r->addr, "fe80:", 5) == 0;
	const char *fam = v6 ? "-6" : "-4";
	char gw[96];

	if (ll)
		(void)snprintf(gw, sizeof(gw), "%s%%%s", r->addr, r->iface);
	else
		(void)snprintf(gw, sizeof(gw), "%s", r->addr);
	if (r->iface[0] != '\0' && !ll &&
	    cmds_add(c,
		ARGV(err, FB_JEXEC, jid, FB_ROUTE, "-q", "add", fam, "-host",
		    gw, "-iface", r->iface),
		NULL, err) != 0)
		return (-1);
	return (cmds_add(c,
	    ARGV(err, FB_JEXEC, jid, FB_ROUTE, "-q", "add", fam, "default", gw),
	    NULL, err));
}

/* rtsold and accept_rtadv for a NIC whose ip6_addr says so. */
static int
rtadv_cmds(const struct netplan_nic *n, const char *jid, struct fb_cmds *c,
    struct ioc_err *err)
{
	if (!n->rtadv)
		return (0);
	if (IN_JAIL(
		c, jid, err, FB_IFCONFIG, n->nic, "inet6", "accept_rtadv") != 0)
		return (-1);
	return (IN_JAIL(c, jid, err, FB_RTSOLD, n->nic));
}

/* The static addresses inside the jail: the first of a NIC and family
 * plain, every later one as an alias. */
static int
addr_cmds(const struct netplan *np, const char *jid, struct fb_cmds *c,
    struct ioc_err *err)
{
	char cidr[80];
	size_t i, k;

	for (i = 0; i < np->naddrs; i++) {
		const struct spec_addr *a = &np->addrs[i];
		int v4 = a->family == AF_INET, first = 1;

		if (a->kind != SPEC_ADDR_STATIC)
			continue;
		for (k = 0; k < i; k++)
			if (np->addrs[k].kind == SPEC_ADDR_STATIC &&
			    np->addrs[k].family == a->family &&
			    strcmp(np->addrs[k].nic, a->nic) == 0)
				first = 0;
		(void)snprintf(cidr, sizeof(cidr), "%s/%d", a->addr, a->prefix);
		if (IN_JAIL(c, jid, err, FB_IFCONFIG, a->nic,
			v4 ? "inet" : "inet6", cidr,
			first ? NULL : "alias") != 0)
			return (-1);
	}
	return (0);
}

/* The VNET commands once the jail runs as jid and its epairs exist. */
int
fbplan_vnet(const struct netplan *np, long jid, const char *const *epairs,
    struct fb_cmds *out, struct ioc_err *err)
{
	char j[32], a[32], b[32], mh[18], mj[18];
	size_t i;

	(void)memset(out, 0, sizeof(*out));
	(void)snprintf(j, sizeof(j), "%ld", jid);
	if (np->mode != NETPLAN_VNET)
		return (0);
	for (i = 0; i < np->nnics; i++) {
		const struct netplan_nic *n = &np->nics[i];

		(void)snprintf(a, sizeof(a), "%sa", epairs[i]);
		(void)snprintf(b, sizeof(b), "%sb", epairs[i]);
		if (!fbplan_epair_ok(a)) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "'%s' is not an epair interface", epairs[i]);
			goto fail;
		}
		if (n->host[0] == '\0') {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "the host end of %s has no name", n->nic);
			goto fail;
		}
		spec_format_mac(n->mac_host, mh);
		spec_format_mac(n->mac_jail, mj);
		if (cmds_add(out, ARGV(err, FB_IFCONFIG, a, "name", n->host),
			ARGV(err, FB_IFCONFIG, n->host, "name", a), err) != 0 ||
		    cmds_add(out,
			ARGV(err, FB_IFCONFIG, n->host, "ether", mh,
			    "description", n->alias, "up"),
			NULL, err) != 0 ||
		    cmds_add(out,
			ARGV(err, FB_IFCONFIG, n->bridge, "addm", n->host),
			ARGV(err, FB_IFCONFIG, n->bridge, "deletem", n->host),
			err) != 0 ||
		    cmds_add(out, ARGV(err, FB_IFCONFIG, b, "ether", mj), NULL,
			err) != 0 ||
		    cmds_add(out, ARGV(err, FB_IFCONFIG, b, "vnet", j),
			ARGV(err, FB_IFCONFIG, b, "-vnet", j), err) != 0 ||
		    cmds_add(out,
			ARGV(err, FB_JEXEC, j, FB_IFCONFIG, b, "name", n->nic),
			ARGV(err, FB_JEXEC, j, FB_IFCONFIG, n->nic, "name", b),
			err) != 0 ||
		    IN_JAIL(out, j, err, FB_IFCONFIG, n->nic, "up") != 0)
			goto fail;
	}
	if (addr_cmds(np, j, out, err) != 0)
		goto fail;
	for (i = 0; i < np->nnics; i++)
		if (rtadv_cmds(&np->nics[i], j, out, err) != 0)
			goto fail;
	if (IN_JAIL(out, j, err, FB_IFCONFIG, "lo0", "inet", "127.0.0.1/8",
		"up") != 0 ||
	    (np->has_router4 && route_cmds(&np->router4, j, out, err) != 0) ||
	    (np->has_router6 && route_cmds(&np->router6, j, out, err) != 0))
		goto fail;
	return (0);
fail:
	fbplan_cmds_free(out);
	return (-1);
}

static int
stop_add(
    struct fb_stop *s, enum fb_stop_kind kind, char **arg, struct ioc_err *err)
{
	struct fb_stop_step *nv;

	if (arg == NULL)
		return (-1);
	if ((nv = realloc(s->v, (s->n + 1) * sizeof(*nv))) == NULL) {
		argv_free(arg);
		return (nomem(err));
	}
	s->v = nv;
	s->v[s->n].kind = kind;
	s->v[s->n].arg = arg;
	s->n++;
	return (0);
}

/* A copy of a NULL-terminated vector. */
static char **
argv_dup(char *const *v, struct ioc_err *err)
{
	size_t n = 0, i;
	char **c;

	while (v[n] != NULL)
		n++;
	if ((c = calloc(n + 1, sizeof(*c))) == NULL) {
		(void)nomem(err);
		return (NULL);
	}
	for (i = 0; i < n; i++) {
		if ((c[i] = strdup(v[i])) == NULL) {
			argv_free(c);
			(void)nomem(err);
			return (NULL);
		}
	}
	return (c);
}

/* The stop plan of a started jail. */
int
fbplan_stop(
    const struct fbplan *p, long jid, struct fb_stop *out, struct ioc_err *err)
{
	char j[32];
	size_t i;

	(void)memset(out, 0, sizeof(*out));
	(void)snprintf(j, sizeof(j), "%ld", jid);
	if (stop_add(out, FB_STOP_REMOVE, ARGV(err, p->ident, j), err) != 0)
		goto fail;
	for (i = p->aliases.n; i-- > 0;)
		if (stop_add(out, FB_STOP_CMD,
			argv_dup(p->aliases.v[i].undo, err), err) != 0)
			goto fail;
	for (i = p->nmounts; i-- > 0;)
		if (stop_add(out, FB_STOP_UMOUNT,
			ARGV(err, p->mounts[i].fstype, p->mounts[i].fspath),
			err) != 0)
			goto fail;
	if (p->nrctl > 0) {
		char filter[300];

		(void)snprintf(filter, sizeof(filter), "jail:%s", p->ident);
		if (stop_add(out, FB_STOP_RCTL, ARGV(err, filter), err) != 0)
			goto fail;
	}
	return (0);
fail:
	fbplan_stop_free(out);
	return (-1);
}

static const char *const stop_words[] = {"remove", "cmd", "umount", "rctl"};

/* Append s to buf, escaped ("\\" "\t" "\n" as \\ \t \n) when esc. */
static int
buf_append(char **buf, size_t *len, size_t *cap, const char *s, int esc,
    struct ioc_err *err)
{
	size_t need = strlen(s) * 2 + 2;
	char *nb;

	if (*len + need >= *cap) {
		*cap = (*len + need) * 2;
		if ((nb = realloc(*buf, *cap)) == NULL)
			return (nomem(err));
		*buf = nb;
	}
	for (; *s != '\0'; s++) {
		if (esc && (*s == '\\' || *s == '\t' || *s == '\n')) {
			(*buf)[(*len)++] = '\\';
			(*buf)[(*len)++] = *s == '\t' ? 't'
			    : *s == '\n'	      ? 'n'
						      : '\\';
		} else {
			(*buf)[(*len)++] = *s;
		}
	}
	(*buf)[*len] = '\0';
	return (0);
}

/* The stop plan as text. */
char *
fbplan_stop_format(const struct fb_stop *s, struct ioc_err *err)
{
	size_t i, k, len = 0, cap = 256;
	char *buf;

	if ((buf = malloc(cap)) == NULL) {
		(void)nomem(err);
		return (NULL);
	}
	buf[0] = '\0';
	for (i = 0; i < s->n; i++) {
		if (buf_append(&buf, &len, &cap, stop_words[s->v[i].kind], 0,
			err) != 0)
			goto fail;
		for (k = 0; s->v[i].arg[k] != NULL; k++)
			if (buf_append(&buf, &len, &cap, "\t", 0, err) != 0 ||
			    buf_append(
				&buf, &len, &cap, s->v[i].arg[k], 1, err) != 0)
				goto fail;
		if (buf_append(&buf, &len, &cap, "\n", 0, err) != 0)
			goto fail;
	}
	return (buf);
fail:
	free(buf);
	return (NULL);
}

/* One escaped field [p, end) as a new string; NULL on a bad escape. */
static char *
unescape(const char *p, const char *end, struct ioc_err *err)
{
	char *s, *o;

	if ((s = malloc((size_t)(end - p) + 1)) == NULL) {
		(void)nomem(err);
		return (NULL);
	}
	for (o = s; p < end; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		if (++p == end || (*p != 't' && *p != 'n' && *p != '\\')) {
			free(s);
			(void)ioc_err_set(
			    err, IOC_EPARSE, 0, "stop plan: bad escape");
			return (NULL);
		}
		*o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : '\\';
	}
	*o = '\0';
	return (s);
}

/* Parse one line (without its newline) into a step. */
static int
parse_line(
    const char *p, const char *end, struct fb_stop *out, struct ioc_err *err)
{
	char *f[ARGV_MAX + 1] = {NULL}, **arg;
	size_t n = 0, i, k;
	int kind = -1;

	while (p <= end) {
		const char *t = memchr(p, '\t', (size_t)(end - p));

		if (t == NULL)
			t = end;
		if (n == ARGV_MAX + 1) {
			(void)ioc_err_set(
			    err, IOC_EPARSE, 0, "stop plan: too many fields");
			goto fail;
		}
		if ((f[n] = unescape(p, t, err)) == NULL)
			goto fail;
		n++;
		p = t + 1;
	}
	for (k = 0; k < sizeof(stop_words) / sizeof(stop_words[0]); k++)
		if (n > 1 && strcmp(f[0], stop_words[k]) == 0)
			kind = (int)k;
	if (kind < 0 || (kind == FB_STOP_REMOVE && n != 3) ||
	    (kind == FB_STOP_UMOUNT && n != 3) ||
	    (kind == FB_STOP_RCTL && n != 2) ||
	    (kind == FB_STOP_CMD && f[1][0] != '/')) {
		(void)ioc_err_set(
		    err, IOC_EPARSE, 0, "stop plan: bad line '%s'", f[0]);
		goto fail;
	}
	if ((arg = calloc(n, sizeof(*arg))) == NULL) {
		(void)nomem(err);
		goto fail;
	}
	for (i = 1; i < n; i++)
		arg[i - 1] = f[i];
	free(f[0]);
	return (stop_add(out, (enum fb_stop_kind)kind, arg, err));
fail:
	for (i = 0; i < n; i++)
		free(f[i]);
	return (-1);
}

/* Parse a stop plan. */
int
fbplan_stop_parse(const char *text, struct fb_stop *out, struct ioc_err *err)
{
	const char *p = text, *nl;

	(void)memset(out, 0, sizeof(*out));
	while (*p != '\0') {
		if ((nl = strchr(p, '\n')) == NULL) {
			(void)ioc_err_set(
			    err, IOC_EPARSE, 0, "stop plan: unterminated line");
			goto fail;
		}
		if (parse_line(p, nl, out, err) != 0)
			goto fail;
		p = nl + 1;
	}
	return (0);
fail:
	fbplan_stop_free(out);
	return (-1);
}

/* Release a stop plan. */
void
fbplan_stop_free(struct fb_stop *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		argv_free(s->v[i].arg);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
