/*
 * propspec.c - the special property syntaxes of spec §6.4: addresses,
 * interfaces, default routers, resolver, resource limits, MAC addresses
 * (given and generated, §11.4) and UUIDs.
 *
 * Every parser works on a private copy of its input, checks each field
 * against the size of its destination before copying, and writes its
 * outputs only on success.  Messages quote at most QMAX characters of user
 * input so the fixed part of a message always survives.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash.h"
#include "internal.h"
#include "propspec.h"

#define QMAX	 64 /* most characters of user input in a message */
#define Q(s)	 QMAX, (s)
#define ADDR_MAX 64 /* longest address text we look at */
#define WS	 " \t\n\r\v\f"

/* rctl(8) actions; any case is accepted, the stored form is this one. */
static const char *const rl_actions[] = {"deny", "log", "devctl", "throttle",
    "sighup", "sigint", "sigquit", "sigill", "sigtrap", "sigabrt", "sigemt",
    "sigfpe", "sigkill", "sigbus", "sigsegv", "sigsys", "sigpipe", "sigalrm",
    "sigterm", "sigurg", "sigstop", "sigtstp", "sigcont", "sigchld", "sigttin",
    "sigttou", "sigio", "sigxcpu", "sigxfsz", "sigvtalrm", "sigprof",
    "sigwinch", "siginfo", "sigusr1", "sigusr2", "sigthr", NULL};

/* rctl(8) subjects a limit can count per. */
static const char *const rl_pers[] = {
    "jail", "process", "user", "loginclass", NULL};

/* resolv.conf keywords written through as they are. */
static const char *const rs_keywords[] = {
    "nameserver", "search", "domain", "options", "sortlist", NULL};

static int
is_ws(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f');
}

static int
is_alnum(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'));
}

static int
is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* Strip leading and trailing whitespace in place. */
static char *
trim(char *s)
{
	size_t len;

	while (is_ws(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_ws(s[len - 1]))
		s[--len] = '\0';
	return (s);
}

/* none, "-" or empty (case-insensitive), as in §1.1. */
static int
is_none(const char *s)
{
	return (
	    s[0] == '\0' || strcmp(s, "-") == 0 || strcasecmp(s, "none") == 0);
}

/* Occurrences of any character of set in s. */
static size_t
count_any(const char *s, const char *set)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (strchr(set, *s) != NULL)
			n++;
	return (n);
}

/*
 * An interface name: 1..15 characters of letters, digits, "_", "." and
 * "-", not starting with "-" (so it can never pose as an option).
 */
static int
nic_ok(const char *s)
{
	size_t i;

	if (s[0] == '\0' || s[0] == '-')
		return (0);
	for (i = 0; s[i] != '\0'; i++)
		if (i >= SPEC_IFNAMSIZ - 1 ||
		    !(is_alnum(s[i]) || s[i] == '_' || s[i] == '.' ||
			s[i] == '-'))
			return (0);
	return (1);
}

/* Index of s in a NULL-terminated word table (any case), or -1. */
static int
word_index(const char *const *tab, const char *s)
{
	int i;

	for (i = 0; tab[i] != NULL; i++)
		if (strcasecmp(tab[i], s) == 0)
			return (i);
	return (-1);
}

static const char *
family_name(int family)
{
	return (family == AF_INET ? "IPv4" : "IPv6");
}

/*
 * Parse a host address of family into its canonical text (buf, ADDR_MAX
 * bytes) and, when bin is not NULL, its binary form.  Returns 0 or -1.
 */
static int
addr_canon(int family, const char *s, char *buf, void *bin)
{
	unsigned char tmp[sizeof(struct in6_addr)];

	if (strlen(s) >= ADDR_MAX || inet_pton(family, s, tmp) != 1 ||
	    inet_ntop(family, tmp, buf, ADDR_MAX) == NULL)
		return (-1);
	if (bin != NULL)
		(void)memcpy(bin, tmp,
		    family == AF_INET ? sizeof(struct in_addr)
				      : sizeof(struct in6_addr));
	return (0);
}

/* A prefix length or (IPv4 only) a contiguous dotted netmask. */
static int
prefix_parse(int family, const char *s, int *prefix)
{
	int max = family == AF_INET ? 32 : 128, v = 0, i;
	struct in_addr m;
	uint32_t host;

	if (family == AF_INET && strchr(s, '.') != NULL) {
		/* The host part of a contiguous netmask is 2^k - 1. */
		if (inet_pton(AF_INET, s, &m) != 1)
			return (-1);
		host = ~ntohl(m.s_addr);
		if ((host & (host + 1)) != 0)
			return (-1);
		for (v = 32; host != 0; host >>= 1)
			v--;
		*prefix = v;
		return (0);
	}
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= 3 || !is_digit(s[i]))
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0 || v > max)
		return (-1);
	*prefix = v;
	return (0);
}

/* One NIC|ADDRESS[/PREFIX] entry (trimmed, modified in place). */
static int
addr_entry(char *ent, int family, struct spec_addr *a, struct ioc_err *err)
{
	char *bar, *nic, *addr, *slash;

	(void)memset(a, 0, sizeof(*a));
	a->family = family;
	if ((bar = strchr(ent, '|')) == NULL)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid address '%.*s': expected \"<nic>|<address>\"",
		    Q(ent)));
	*bar = '\0';
	nic = trim(ent);
	addr = trim(bar + 1);
	if (!nic_ok(nic))
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid interface name '%.*s' (1 to %d letters, digits, "
		    "'_', '.' or '-')",
		    Q(nic), SPEC_IFNAMSIZ - 1));
	(void)strcpy(a->nic, nic);
	if (strcasecmp(addr, "dhcp") == 0 ||
	    strcasecmp(addr, "accept_rtadv") == 0) {
		int dhcp = strcasecmp(addr, "dhcp") == 0;

		if (dhcp != (family == AF_INET))
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "'%s' is only valid for %s addresses",
			    dhcp ? "dhcp" : "accept_rtadv",
			    dhcp ? "IPv4" : "IPv6"));
		a->kind = dhcp ? SPEC_ADDR_DHCP : SPEC_ADDR_ACCEPT_RTADV;
		return (0);
	}
	a->kind = SPEC_ADDR_STATIC;
	a->prefix = family == AF_INET ? 32 : 128;
	if ((slash = strchr(addr, '/')) != NULL) {
		*slash = '\0';
		if (prefix_parse(family, slash + 1, &a->prefix) != 0)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "invalid prefix length '%.*s' of '%.*s' (0 to %d)",
			    Q(slash + 1), Q(addr),
			    family == AF_INET ? 32 : 128));
	}
	if (addr_canon(family, addr, a->addr, NULL) != 0)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid %s address '%.*s'", family_name(family), Q(addr)));
	return (0);
}

/*
 * Parse ip4_addr (AF_INET) or ip6_addr (AF_INET6) into a new array *v of
 * *n entries (NULL and 0 for none); the caller frees *v.
 */
int
spec_parse_addrs(const char *s, int family, struct spec_addr **v, size_t *n,
    struct ioc_err *err)
{
	struct spec_addr *a = NULL;
	char *dup = NULL, *body, *p, *ent;
	size_t cnt = 0;
	int rv = -1;

	if (family != AF_INET && family != AF_INET6)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "unsupported address family %d", family));
	if ((dup = ioc_strdup(s != NULL ? s : "", err)) == NULL)
		goto out;
	body = trim(dup);
	if (!is_none(body)) {
		a = calloc(count_any(body, ",") + 1, sizeof(*a));
		if (a == NULL) {
			(void)ioc_err_set(err, IOC_ENOMEM, 0, "out of memory");
			goto out;
		}
		for (p = body; (ent = strsep(&p, ",")) != NULL;) {
			ent = trim(ent);
			if (*ent == '\0')
				continue;
			if (addr_entry(ent, family, &a[cnt], err) != 0)
				goto out;
			cnt++;
		}
	}
	if (cnt == 0) {
		free(a);
		a = NULL;
	}
	*v = a;
	*n = cnt;
	a = NULL;
	rv = 0;
out:
	free(a);
	free(dup);
	return (rv);
}

/*
 * Join n pieces produced by fmt (at most piece - 1 characters each) with
 * ","; a new string, "" for n == 0.
 */
static char *
join_pieces(size_t n, size_t piece, const void *v, size_t elsize,
    int (*fmt)(const void *, char *, size_t), struct ioc_err *err)
{
	char *out, *p;
	size_t i;
	int len;

	if (n > (SIZE_MAX - 1) / piece) {
		(void)ioc_err_set(err, IOC_ENOMEM, 0, "out of memory");
		return (NULL);
	}
	if ((out = malloc(n * piece + 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, 0, "out of memory");
		return (NULL);
	}
	p = out;
	*p = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = ',';
		len = fmt((const char *)v + i * elsize, p, piece - 1);
		if (len < 0 || (size_t)len >= piece - 1) {
			free(out);
			(void)ioc_err_set(
			    err, IOC_EINVAL, 0, "malformed entry %zu", i);
			return (NULL);
		}
		p += len;
	}
	*p = '\0';
	return (out);
}

static int
fmt_addr(const void *e, char *buf, size_t size)
{
	const struct spec_addr *a = e;
	int nl = SPEC_IFNAMSIZ - 1, al = (int)sizeof(a->addr) - 1;

	switch (a->kind) {
	case SPEC_ADDR_DHCP:
		return (snprintf(buf, size, "%.*s|dhcp", nl, a->nic));
	case SPEC_ADDR_ACCEPT_RTADV:
		return (snprintf(buf, size, "%.*s|accept_rtadv", nl, a->nic));
	case SPEC_ADDR_STATIC:
		break;
	}
	return (snprintf(
	    buf, size, "%.*s|%.*s/%d", nl, a->nic, al, a->addr, a->prefix));
}

/* Canonical "nic|addr/prefix,..." as a new string ("" for no entries). */
char *
spec_format_addrs(const struct spec_addr *v, size_t n, struct ioc_err *err)
{
	return (join_pieces(n, 128, v, sizeof(*v), fmt_addr, err));
}

/* One JAILNIC:BRIDGE pair (modified in place). */
static int
nicpair_entry(char *ent, struct spec_nicpair *np, struct ioc_err *err)
{
	char *colon, *br;

	(void)memset(np, 0, sizeof(*np));
	if ((colon = strchr(ent, ':')) == NULL)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid NIC pair (should be <nic>:<bridge>): '%.*s'",
		    Q(ent)));
	*colon = '\0';
	br = colon + 1;
	if (*br == ':') {
		np->secure = 1;
		br++;
	}
	if (!nic_ok(ent))
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid jail interface name '%.*s' (1 to %d letters, "
		    "digits, '_', '.' or '-')",
		    Q(ent), SPEC_IFNAMSIZ - 1));
	(void)strcpy(np->nic, ent);
	if (is_none(br)) {
		if (np->secure)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "secure VNET interface '%s' needs a bridge",
			    np->nic));
		return (0);
	}
	if (!nic_ok(br))
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid bridge name '%.*s' for '%s'", Q(br), np->nic));
	(void)strcpy(np->bridge, br);
	return (0);
}

/*
 * Parse interfaces into a new array *v of *n pairs (NULL and 0 for none);
 * the caller frees *v.  A jail NIC may appear only once.
 */
int
spec_parse_interfaces(
    const char *s, struct spec_nicpair **v, size_t *n, struct ioc_err *err)
{
	struct spec_nicpair *a = NULL;
	char *dup = NULL, *body, *p, *ent;
	size_t cnt = 0, i;
	int rv = -1;

	if ((dup = ioc_strdup(s != NULL ? s : "", err)) == NULL)
		goto out;
	body = trim(dup);
	if (!is_none(body)) {
		a = calloc(count_any(body, "," WS) + 1, sizeof(*a));
		if (a == NULL) {
			(void)ioc_err_set(err, IOC_ENOMEM, 0, "out of memory");
			goto out;
		}
		for (p = body; (ent = strsep(&p, "," WS)) != NULL;) {
			if (*ent == '\0')
				continue;
			if (nicpair_entry(ent, &a[cnt], err) != 0)
				goto out;
			for (i = 0; i < cnt; i++)
				if (strcmp(a[i].nic, a[cnt].nic) == 0) {
					(void)ioc_err_set(err, IOC_EINVAL, 0,
					    "interface '%s' is given more "
					    "than once",
					    a[cnt].nic);
					goto out;
				}
			cnt++;
		}
	}
	if (cnt == 0) {
		free(a);
		a = NULL;
	}
	*v = a;
	*n = cnt;
	a = NULL;
	rv = 0;
out:
	free(a);
	free(dup);
	return (rv);
}

static int
fmt_nicpair(const void *e, char *buf, size_t size)
{
	const struct spec_nicpair *np = e;
	int nl = SPEC_IFNAMSIZ - 1;

	if (np->bridge[0] == '\0')
		return (snprintf(buf, size, "%.*s:-", nl, np->nic));
	return (snprintf(buf, size, "%.*s:%s%.*s", nl, np->nic,
	    np->secure ? ":" : "", nl, np->bridge));
}

/* Canonical "nic:bridge,nic::bridge,nic:-" ("" for no pairs). */
char *
spec_format_interfaces(
    const struct spec_nicpair *v, size_t n, struct ioc_err *err)
{
	return (join_pieces(n, 40, v, sizeof(*v), fmt_nicpair, err));
}

/*
 * Parse a default router of family: 0 with *r filled, 1 for none (*r
 * cleared), -1 on error.  An IPv6 link-local router needs an interface,
 * given as "fe80::1@vnet0" (or "fe80::1%vnet0", stored with "@").
 */
int
spec_parse_router(
    const char *s, int family, struct spec_router *r, struct ioc_err *err)
{
	struct spec_router tmp;
	struct in6_addr a6;
	char *dup = NULL, *body, *at;
	int rv = -1;

	if (family != AF_INET && family != AF_INET6)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "unsupported address family %d", family));
	if ((dup = ioc_strdup(s != NULL ? s : "", err)) == NULL)
		goto out;
	body = trim(dup);
	(void)memset(&tmp, 0, sizeof(tmp));
	tmp.family = family;
	if (is_none(body)) {
		*r = tmp;
		rv = 1;
		goto out;
	}
	at = strchr(body, '@');
	if (at == NULL && family == AF_INET6)
		at = strchr(body, '%');
	if (at != NULL) {
		*at++ = '\0';
		if (!nic_ok(at)) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "invalid interface name '%.*s' of router '%.*s'",
			    Q(at), Q(body));
			goto out;
		}
		(void)strcpy(tmp.iface, at);
	}
	if (addr_canon(family, body, tmp.addr, &a6) != 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid %s router '%.*s' (expected <address>[@<iface>])",
		    family_name(family), Q(body));
		goto out;
	}
	if (family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&a6) &&
	    tmp.iface[0] == '\0') {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "link-local router '%s' needs an interface: %s@<iface>",
		    tmp.addr, tmp.addr);
		goto out;
	}
	*r = tmp;
	rv = 0;
out:
	free(dup);
	return (rv);
}

/* Canonical "addr[@iface]" as a new string. */
char *
spec_format_router(const struct spec_router *r, struct ioc_err *err)
{
	int al = (int)sizeof(r->addr) - 1, nl = SPEC_IFNAMSIZ - 1;

	if (r->iface[0] == '\0')
		return (ioc_aprintf(err, "%.*s", al, r->addr));
	return (ioc_aprintf(err, "%.*s@%.*s", al, r->addr, nl, r->iface));
}

/* An entry that starts with a resolv.conf keyword and whitespace. */
static int
resolv_keyword_line(const char *ent)
{
	size_t i, len;

	for (i = 0; rs_keywords[i] != NULL; i++) {
		len = strlen(rs_keywords[i]);
		if (strncmp(ent, rs_keywords[i], len) == 0 && is_ws(ent[len]))
			return (1);
	}
	return (0);
}

/*
 * Parse resolver into its kind and, for SPEC_RESOLVER_LINES, the new
 * resolv.conf text *text (ends with a newline; caller frees).
 */
int
spec_parse_resolver(const char *s, enum spec_resolver_kind *kind, char **text,
    struct ioc_err *err)
{
	char *dup = NULL, *body, *p, *ent, *out = NULL;
	char canon[ADDR_MAX];
	size_t cap, used = 0, i;
	int rv = -1, len;

	if ((dup = ioc_strdup(s != NULL ? s : "", err)) == NULL)
		goto out;
	body = trim(dup);
	if (strcmp(body, "/etc/resolv.conf") == 0) {
		*kind = SPEC_RESOLVER_COPY;
		*text = NULL;
		rv = 0;
		goto out;
	}
	if (is_none(body) || strcmp(body, "/dev/null") == 0) {
		*kind = SPEC_RESOLVER_NONE;
		*text = NULL;
		rv = 0;
		goto out;
	}
	/*
	 * An entry grows by "nameserver " and a newline, and an address may
	 * grow when canonicalised ("::ffff:0:0" is "::ffff:0.0.0.0").
	 */
	cap = strlen(body) + (count_any(body, ";") + 1) * (12 + ADDR_MAX) + 1;
	if ((out = malloc(cap)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, 0, "out of memory");
		goto out;
	}
	for (p = body; (ent = strsep(&p, ";")) != NULL;) {
		ent = trim(ent);
		if (*ent == '\0')
			continue;
		for (i = 0; ent[i] != '\0'; i++)
			if ((unsigned char)ent[i] < 0x20 && ent[i] != '\t')
				break;
		if (ent[i] != '\0') {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "invalid resolver entry '%.*s': control character",
			    Q(ent));
			goto out;
		}
		if (resolv_keyword_line(ent))
			len = snprintf(out + used, cap - used, "%s\n", ent);
		else if (addr_canon(AF_INET, ent, canon, NULL) == 0 ||
		    addr_canon(AF_INET6, ent, canon, NULL) == 0)
			len = snprintf(
			    out + used, cap - used, "nameserver %s\n", canon);
		else {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "invalid resolver entry '%.*s': neither an IP "
			    "address nor a nameserver, search, domain, options "
			    "or sortlist line",
			    Q(ent));
			goto out;
		}
		if (len < 0 || (size_t)len >= cap - used) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "resolver entry '%.*s' does not fit", Q(ent));
			goto out;
		}
		used += (size_t)len;
	}
	if (used == 0) {
		(void)ioc_err_set(
		    err, IOC_EINVAL, 0, "resolver '%.*s' has no entries", Q(s));
		goto out;
	}
	*kind = SPEC_RESOLVER_LINES;
	*text = out;
	out = NULL;
	rv = 0;
out:
	free(out);
	free(dup);
	return (rv);
}

/*
 * An rctl amount: decimal digits with an optional K, M, G, T or P suffix
 * (any case, 1024 multipliers), at most INT64_MAX in total.  Sets the
 * number, the multiplier and the upper-case suffix (or '\0').
 */
static int
amount_parse(const char *s, unsigned long long *num, unsigned long long *mul,
    char *suffix)
{
	static const char units[] = "KMGTP";
	unsigned long long v = 0, m = 1;
	const char *u;
	size_t i, k;

	for (i = 0; is_digit(s[i]); i++) {
		if (v > (ULLONG_MAX - 9) / 10)
			return (-1);
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (i == 0)
		return (-1);
	*suffix = '\0';
	if (s[i] != '\0') {
		char c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (s[i + 1] != '\0' || (u = strchr(units, c)) == NULL)
			return (-1);
		*suffix = c;
		for (k = (size_t)(u - units) + 1; k > 0; k--)
			m *= 1024;
	}
	if (v > (unsigned long long)INT64_MAX / m)
		return (-1);
	*num = v;
	*mul = m;
	return (0);
}

/* Copy a known word of tab (its stored spelling) into dst. */
static int
rl_word(const char *const *tab, const char *s, char *dst, size_t size)
{
	int i;

	if ((i = word_index(tab, s)) < 0 || strlen(tab[i]) >= size)
		return (-1);
	(void)strcpy(dst, tab[i]);
	return (0);
}

/* Parse AMOUNT, ACTION=AMOUNT[/PER] or legacy AMOUNT:ACTION into *r. */
int
spec_parse_rlimit(const char *s, struct spec_rlimit *r, struct ioc_err *err)
{
	struct spec_rlimit tmp;
	unsigned long long num, mul;
	char *dup = NULL, *body, *amount, *action = NULL, *per = NULL, *sep;
	const char *empty = NULL;
	char suffix;
	int rv = -1;

	if ((dup = ioc_strdup(s != NULL ? s : "", err)) == NULL)
		goto out;
	body = trim(dup);
	if ((sep = strchr(body, '=')) != NULL) {
		*sep = '\0';
		action = body;
		amount = sep + 1;
		if ((sep = strchr(amount, '/')) != NULL) {
			*sep = '\0';
			per = sep + 1;
		}
	} else if ((sep = strchr(body, ':')) != NULL) {
		*sep = '\0';
		amount = body;
		action = sep + 1;
	} else
		amount = body;
	(void)memset(&tmp, 0, sizeof(tmp));
	(void)strcpy(tmp.action, "deny");
	(void)strcpy(tmp.per, "jail");
	if (*amount == '\0')
		empty = "amount";
	else if (action != NULL && *action == '\0')
		empty = "action";
	else if (per != NULL && *per == '\0')
		empty = "subject";
	if (empty != NULL) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid resource limit '%.*s': empty %s (expected "
		    "AMOUNT, ACTION=AMOUNT[/PER] or AMOUNT:ACTION)",
		    Q(s != NULL ? s : ""), empty);
		goto out;
	}
	if (amount_parse(amount, &num, &mul, &suffix) != 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid resource limit amount '%.*s' (digits with an "
		    "optional K, M, G, T or P suffix)",
		    Q(amount));
		goto out;
	}
	if (suffix != '\0')
		(void)snprintf(
		    tmp.amount, sizeof(tmp.amount), "%llu%c", num, suffix);
	else
		(void)snprintf(tmp.amount, sizeof(tmp.amount), "%llu", num);
	if (action != NULL &&
	    rl_word(rl_actions, action, tmp.action, sizeof(tmp.action)) != 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid resource limit action '%.*s' (deny, log, devctl, "
		    "throttle or a signal such as sigterm)",
		    Q(action));
		goto out;
	}
	if (per != NULL &&
	    rl_word(rl_pers, per, tmp.per, sizeof(tmp.per)) != 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid resource limit subject '%.*s' (jail, process, "
		    "user or loginclass)",
		    Q(per));
		goto out;
	}
	*r = tmp;
	rv = 0;
out:
	free(dup);
	return (rv);
}

/* "AMOUNT:ACTION" when per is jail, else "ACTION=AMOUNT/PER"; new string. */
char *
spec_format_rlimit(const struct spec_rlimit *r, struct ioc_err *err)
{
	int am = (int)sizeof(r->amount) - 1, ac = (int)sizeof(r->action) - 1,
	    pe = (int)sizeof(r->per) - 1;

	if (r->per[0] == '\0' || strcmp(r->per, "jail") == 0)
		return (ioc_aprintf(err, "%.*s:%.*s", am, r->amount, ac,
		    r->action[0] != '\0' ? r->action : "deny"));
	return (ioc_aprintf(err, "%.*s=%.*s/%.*s", ac,
	    r->action[0] != '\0' ? r->action : "deny", am, r->amount, pe,
	    r->per));
}

/* The amount of a limit in bytes (1024 multipliers) or plain units. */
int
spec_rlimit_amount(
    const struct spec_rlimit *r, unsigned long long *v, struct ioc_err *err)
{
	unsigned long long num, mul;
	char suffix;

	if (memchr(r->amount, '\0', sizeof(r->amount)) == NULL ||
	    amount_parse(r->amount, &num, &mul, &suffix) != 0)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid resource limit amount '%.*s'",
		    (int)sizeof(r->amount) - 1, r->amount));
	*v = num * mul;
	return (0);
}

/*
 * Twelve hex digits from "aabbccddeeff", "aa:bb:cc:dd:ee:ff" or
 * "aa-bb-cc-dd-ee-ff" into mac.
 */
static int
mac_scan(const char *s, unsigned char mac[6])
{
	size_t len = strlen(s), step, i;
	int hi, lo;

	if (len == 12)
		step = 2;
	else if (len == 17 && (s[2] == ':' || s[2] == '-'))
		step = 3;
	else
		return (-1);
	for (i = 0; i < 6; i++) {
		const char *p = s + i * step;

		if (step == 3 && i < 5 && p[2] != s[2])
			return (-1);
		if ((hi = hexval(p[0])) < 0 || (lo = hexval(p[1])) < 0)
			return (-1);
		mac[i] = (unsigned char)(hi << 4 | lo);
	}
	return (0);
}

/* Parse one MAC address (surrounding whitespace ignored). */
int
spec_parse_mac(const char *s, unsigned char mac[6], struct ioc_err *err)
{
	unsigned char tmp[6];
	char *dup;
	int rv = -1;

	if ((dup = ioc_strdup(s != NULL ? s : "", err)) == NULL)
		return (-1);
	if (mac_scan(trim(dup), tmp) != 0)
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid MAC address '%.*s'", Q(s != NULL ? s : ""));
	else {
		(void)memcpy(mac, tmp, sizeof(tmp));
		rv = 0;
	}
	free(dup);
	return (rv);
}

/* Canonical lower-case "aa:bb:cc:dd:ee:ff" into buf (18 bytes). */
void
spec_format_mac(const unsigned char mac[6], char buf[18])
{
	(void)snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
	    mac[2], mac[3], mac[4], mac[5]);
}

/* Parse "MACa,MACb": exactly two addresses. */
int
spec_parse_macpair(
    const char *s, unsigned char a[6], unsigned char b[6], struct ioc_err *err)
{
	unsigned char ta[6], tb[6];
	char *dup, *comma;
	int rv = -1;

	if ((dup = ioc_strdup(s != NULL ? s : "", err)) == NULL)
		return (-1);
	if ((comma = strchr(dup, ',')) == NULL ||
	    strchr(comma + 1, ',') != NULL) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid MAC address pair '%.*s' (should be "
		    "<mac>,<mac>)",
		    Q(s != NULL ? s : ""));
		goto out;
	}
	*comma = '\0';
	if (spec_parse_mac(dup, ta, err) != 0 ||
	    spec_parse_mac(comma + 1, tb, err) != 0)
		goto out;
	(void)memcpy(a, ta, sizeof(ta));
	(void)memcpy(b, tb, sizeof(tb));
	rv = 0;
out:
	free(dup);
	return (rv);
}

/* Canonical "aa:..:ff,aa:..:ff" into buf (SPEC_MACPAIR_LEN bytes). */
void
spec_format_macpair(const unsigned char a[6], const unsigned char b[6],
    char buf[SPEC_MACPAIR_LEN])
{
	spec_format_mac(a, buf);
	buf[17] = ',';
	spec_format_mac(b, buf + 18);
}

/* Check a mac_prefix: 6 to 11 hex digits, multicast bit clear. */
int
spec_check_mac_prefix(const char *prefix, struct ioc_err *err)
{
	size_t i, len = prefix != NULL ? strlen(prefix) : 0;

	for (i = 0; i < len; i++)
		if (hexval(prefix[i]) < 0)
			break;
	if (len < 6 || len > 11 || i < len)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid MAC prefix '%.*s' (6 to 11 hex digits)",
		    Q(prefix != NULL ? prefix : "")));
	if (hexval(prefix[1]) & 1)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid MAC prefix '%s': the multicast bit is set",
		    prefix));
	return (0);
}

/*
 * Generated MACs (§11.4): a is the prefix followed by the first 12 - len
 * hex digits of SHA-224(jail || nic); b is a + 1, where the carry stays
 * within the generated digits (all ones wraps to all zeros), so b always
 * keeps the prefix.  A NULL prefix means SPEC_MAC_PREFIX.
 */
int
spec_generate_macpair(const char *prefix, const char *jail, const char *nic,
    unsigned char a[6], unsigned char b[6], struct ioc_err *err)
{
	struct hash_sha256 c;
	unsigned char dig[HASH_SHA224_LEN], ta[6], tb[6];
	char hex[2 * HASH_SHA224_LEN + 1], mac[13];
	uint64_t va, gen, mask;
	size_t plen, i;

	if (prefix == NULL)
		prefix = SPEC_MAC_PREFIX;
	if (spec_check_mac_prefix(prefix, err) != 0)
		return (-1);
	if (jail == NULL || jail[0] == '\0' || nic == NULL || nic[0] == '\0')
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "a generated MAC address needs a jail and a NIC name"));
	hash_sha224_init(&c);
	hash_sha256_update(&c, jail, strlen(jail));
	hash_sha256_update(&c, nic, strlen(nic));
	hash_sha256_final(&c, dig);
	hash_hex(dig, sizeof(dig), hex);
	plen = strlen(prefix);
	(void)memcpy(mac, prefix, plen);
	(void)memcpy(mac + plen, hex, 12 - plen);
	mac[12] = '\0';
	if (mac_scan(mac, ta) != 0)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "Invalid MAC address '%s'", mac));
	va = 0;
	for (i = 0; i < 6; i++)
		va = va << 8 | ta[i];
	mask = (UINT64_C(1) << (4 * (12 - plen))) - 1;
	gen = (va + 1) & mask;
	va = (va & ~mask) | gen;
	for (i = 0; i < 6; i++)
		tb[i] = (unsigned char)(va >> (8 * (5 - i)));
	(void)memcpy(a, ta, sizeof(ta));
	(void)memcpy(b, tb, sizeof(tb));
	return (0);
}

/* An RFC 4122-shaped UUID: 8-4-4-4-12 hex digits, any case. */
int
spec_is_uuid(const char *s)
{
	size_t i;

	if (s == NULL)
		return (0);
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return (0);
		} else if (hexval(s[i]) < 0)
			return (0);
	}
	return (s[36] == '\0');
}
