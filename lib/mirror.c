/*
 * mirror.c - mirror URLs, index scraping, version order and EOL names.
 */
#include <sys/utsname.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "internal.h"
#include "mirror.h"

/* uname machine (or alias) -> FreeBSD machine / machine_arch. */
static const struct {
	const char *alias;
	const char *machine;
	const char *arch;
} arches[] = {
    {"x86_64", "amd64", "amd64"},
    {"amd64", "amd64", "amd64"},
    {"aarch64", "arm64", "aarch64"},
    {"arm64", "arm64", "aarch64"},
    {"i386", "i386", "i386"},
    {"i486", "i386", "i386"},
    {"i586", "i386", "i386"},
    {"i686", "i386", "i386"},
    {"armv7", "arm", "armv7"},
    {"armv7l", "arm", "armv7"},
    {"riscv64", "riscv", "riscv64"},
    {"powerpc64", "powerpc", "powerpc64"},
    {"ppc64", "powerpc", "powerpc64"},
    {"powerpc64le", "powerpc", "powerpc64le"},
    {"ppc64le", "powerpc", "powerpc64le"},
};

/* A path component of a mirror URL: [a-z0-9_]+. */
static int
arch_word_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 32)
		return (0);
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
			(s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return (0);
	return (1);
}

/*
 * Resolve arch to machine and machine_arch (borrowed from the table or
 * from arch itself); 0 or -1.
 */
static int
arch_resolve(
    const char *arch, char *mach, size_t msize, char *march, size_t asize)
{
	struct utsname u;
	const char *slash;
	size_t i;

	if (arch == NULL) {
		if (uname(&u) != 0)
			return (-1);
		arch = u.machine;
		for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
			if (strcmp(arches[i].alias, arch) == 0)
				break;
		if (i == sizeof(arches) / sizeof(arches[0]))
			return (-1);
		(void)snprintf(mach, msize, "%s", arches[i].machine);
		(void)snprintf(march, asize, "%s", arches[i].arch);
		return (0);
	}
	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		if (strcmp(arches[i].alias, arch) == 0) {
			(void)snprintf(mach, msize, "%s", arches[i].machine);
			(void)snprintf(march, asize, "%s", arches[i].arch);
			return (0);
		}
	}
	if ((slash = strchr(arch, '/')) == NULL ||
	    !arch_word_ok(arch, (size_t)(slash - arch)) ||
	    !arch_word_ok(slash + 1, strlen(slash + 1)))
		return (-1);
	(void)snprintf(mach, msize, "%.*s", (int)(slash - arch), arch);
	(void)snprintf(march, asize, "%s", slash + 1);
	return (0);
}

/* The default FreeBSD mirror directory of an architecture. */
char *
mirror_default_url(const char *arch, struct ioc_err *err)
{
	char mach[64], march[64];

	if (arch_resolve(arch, mach, sizeof(mach), march, sizeof(march)) != 0) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "Unknown architecture '%s': use --arch MACHINE or "
		    "MACHINE/MACHINE_ARCH (amd64, arm64/aarch64, i386)",
		    arch != NULL ? arch : "(host)");
		return (NULL);
	}
	return (ioc_aprintf(err, "%s/%s/%s", MIRROR_FREEBSD, mach, march));
}

/* The machine_arch of an arch argument. */
int
mirror_machine_arch(const char *arch, char *buf, size_t size)
{
	char mach[64];

	return (arch_resolve(arch, mach, sizeof(mach), buf, size));
}

/* Add a copy of name. */
int
mirror_names_add(
    struct mirror_names *l, const char *name, size_t len, struct ioc_err *err)
{
	char **nv, *s;

	if ((s = malloc(len + 1)) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	(void)memcpy(s, name, len);
	s[len] = '\0';
	if ((nv = realloc(l->v, (l->n + 1) * sizeof(*nv))) == NULL) {
		free(s);
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	}
	l->v = nv;
	l->v[l->n++] = s;
	return (0);
}

/* Release a list. */
void
mirror_names_free(struct mirror_names *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* True when name is in the list. */
int
mirror_names_has(const struct mirror_names *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], name) == 0)
			return (1);
	return (0);
}

static int
has_len(const struct mirror_names *l, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == len && memcmp(l->v[i], s, len) == 0)
			return (1);
	return (0);
}

/* A listed name: [A-Za-z0-9._-], not starting with "." or "-". */
static int
listed_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 255 || s[0] == '.' || s[0] == '-')
		return (0);
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
			(s[i] >= 'A' && s[i] <= 'Z') ||
			(s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
			s[i] == '-' || s[i] == '_'))
			return (0);
	return (1);
}

/* Case-insensitive search of needle in [p, end). */
static const char *
find_ci(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; p + n <= end; p++)
		if (strncasecmp(p, needle, n) == 0)
			return (p);
	return (NULL);
}

/* Scrape the release directories of an index page. */
int
mirror_index_parse(
    const char *html, size_t len, struct mirror_names *out, struct ioc_err *err)
{
	const char *p = html, *end = html + len, *h;

	(void)memset(out, 0, sizeof(*out));
	while ((h = find_ci(p, end, "href=")) != NULL) {
		const char *v = h + 5, *q;
		char quote;
		size_t vlen;

		p = v;
		if (v >= end || (*v != '"' && *v != '\''))
			continue;
		quote = *v++;
		if ((q = memchr(v, quote, (size_t)(end - v))) == NULL)
			break;
		p = q + 1;
		vlen = (size_t)(q - v);
		if (vlen >= 2 && v[0] == '.' && v[1] == '/') {
			v += 2;
			vlen -= 2;
		}
		if (vlen < 2 || v[vlen - 1] != '/')
			continue;
		vlen--;
		if (memchr(v, '/', vlen) != NULL || !listed_ok(v, vlen) ||
		    (vlen == 10 && memcmp(v, "ISO-IMAGES", 10) == 0) ||
		    has_len(out, v, vlen))
			continue;
		if (mirror_names_add(out, v, vlen, err) != 0) {
			mirror_names_free(out);
			return (-1);
		}
	}
	mirror_names_sort(out);
	return (0);
}

/* A parsed release name. */
struct ver {
	int numbered;
	long major, minor, micro;
	int kind;
	long kindnum;
	long patch;
};

static const char *const kinds[] = {
    "ALPHA", "BETA", "PRERELEASE", "RC", "RELEASE", "STABLE", "CURRENT"};

#define KIND_RELEASE 5
#define KIND_STABLE  6
#define KIND_CURRENT 7
#define KIND_OTHER   8

static long
num(const char **pp)
{
	const char *p = *pp;
	long v = 0;

	while (*p >= '0' && *p <= '9') {
		if (v < LONG_MAX / 10 - 10)
			v = v * 10 + (*p - '0');
		p++;
	}
	*pp = p;
	return (v);
}

static void
ver_parse(const char *s, struct ver *v)
{
	const char *p = s;
	size_t i, n;
	int has_minor = 0;

	(void)memset(v, 0, sizeof(*v));
	v->kind = KIND_RELEASE;
	if (*p < '0' || *p > '9')
		return;
	v->numbered = 1;
	v->major = num(&p);
	if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
		p++;
		v->minor = num(&p);
		has_minor = 1;
		if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
			p++;
			v->micro = num(&p);
		}
	}
	if (*p == '-') {
		p++;
		v->kind = KIND_OTHER;
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
			n = strlen(kinds[i]);
			if (strncasecmp(p, kinds[i], n) == 0 &&
			    (p[n] == '\0' || p[n] == '-' ||
				(p[n] >= '0' && p[n] <= '9'))) {
				v->kind = (int)i + 1;
				p += n;
				v->kindnum = num(&p);
				break;
			}
		}
		if (v->kind != KIND_OTHER && p[0] == '-' && p[1] == 'p' &&
		    p[2] >= '0' && p[2] <= '9') {
			p += 2;
			v->patch = num(&p);
		}
	}
	/* A branch without a minor ("12-STABLE") follows its releases. */
	if (!has_minor && (v->kind == KIND_STABLE || v->kind == KIND_CURRENT))
		v->minor = LONG_MAX;
}

static int
lcmp(long a, long b)
{
	return (a < b ? -1 : a > b);
}

/* Order two release names. */
int
mirror_version_cmp(const char *a, const char *b)
{
	struct ver va, vb;
	int c;

	ver_parse(a, &va);
	ver_parse(b, &vb);
	if (va.numbered != vb.numbered)
		return (va.numbered ? -1 : 1);
	if (!va.numbered)
		return (strcmp(a, b));
	if ((c = lcmp(va.major, vb.major)) != 0 ||
	    (c = lcmp(va.minor, vb.minor)) != 0 ||
	    (c = lcmp(va.micro, vb.micro)) != 0 ||
	    (c = lcmp(va.kind, vb.kind)) != 0 ||
	    (c = lcmp(va.kindnum, vb.kindnum)) != 0 ||
	    (c = lcmp(va.patch, vb.patch)) != 0)
		return (c);
	return (strcmp(a, b));
}

static int
qcmp(const void *a, const void *b)
{
	return (mirror_version_cmp(
	    *(const char *const *)a, *(const char *const *)b));
}

/* Sort names by version. */
void
mirror_names_sort(struct mirror_names *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), qcmp);
}

/* True when release a is newer than the host's release h. */
int
mirror_newer_than(const char *a, const char *h)
{
	struct ver va, vh;

	ver_parse(a, &va);
	ver_parse(h, &vh);
	if (va.kind == KIND_CURRENT && va.numbered)
		return (vh.kind != KIND_CURRENT);
	return (mirror_version_cmp(a, h) > 0);
}

/*
 * The text of one table cell [p, end) without tags and surrounding
 * blanks, into buf; 0, or -1 when it does not fit.
 */
static int
cell_text(const char *p, const char *end, char *buf, size_t size)
{
	size_t n = 0;
	int intag = 0;

	for (; p < end; p++) {
		if (*p == '<')
			intag = 1;
		else if (*p == '>')
			intag = 0;
		else if (!intag) {
			if (n == 0 &&
			    (*p == ' ' || *p == '\t' || *p == '\n' ||
				*p == '\r'))
				continue;
			if (n + 1 >= size)
				return (-1);
			buf[n++] = *p;
		}
	}
	while (n > 0 &&
	    (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\n' ||
		buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	return (0);
}

static int
eol_add(struct mirror_names *out, const char *s, struct ioc_err *err)
{
	size_t len = strlen(s);

	if (!listed_ok(s, len) || has_len(out, s, len))
		return (0);
	return (mirror_names_add(out, s, len, err));
}

/* The EOL names of unsupported.html. */
int
mirror_eol_parse(
    const char *html, size_t len, struct mirror_names *out, struct ioc_err *err)
{
	const char *p = html, *end = html + len, *tr, *rowend, *td;
	char text[128], name[160];
	int col;

	(void)memset(out, 0, sizeof(*out));
	while ((tr = find_ci(p, end, "<tr")) != NULL) {
		if ((rowend = find_ci(tr + 3, end, "</tr")) == NULL)
			rowend = end;
		p = tr + 3;
		col = 0;
		while (col < 2 && (td = find_ci(p, rowend, "<td")) != NULL) {
			const char *gt = memchr(td, '>', (size_t)(rowend - td));
			const char *ce;

			if (gt == NULL)
				break;
			if ((ce = find_ci(gt, rowend, "</td")) == NULL)
				ce = rowend;
			p = ce;
			col++;
			if (cell_text(gt + 1, ce, text, sizeof(text)) != 0)
				continue;
			name[0] = '\0';
			if (col == 1 && strncmp(text, "stable/", 7) == 0)
				(void)snprintf(
				    name, sizeof(name), "%s-STABLE", text + 7);
			else if (col == 2 && strcmp(text, "n/a") != 0)
				(void)snprintf(name, sizeof(name), "%s", text);
			if (name[0] != '\0' && eol_add(out, name, err) != 0) {
				mirror_names_free(out);
				return (-1);
			}
		}
		p = rowend;
		if (p < end)
			p++;
	}
	return (0);
}

/* The distribution of a host. */
const char *
mirror_distro(const char *sysname, int has_hbsd_update)
{
	if (has_hbsd_update)
		return ("HardenedBSD");
	return (sysname != NULL ? sysname : "unknown");
}

/* The distribution of this host. */
int
mirror_host_distro(char *buf, size_t size)
{
	struct utsname u;
	int n;

	if (uname(&u) != 0)
		return (-1);
	n = snprintf(buf, size, "%s",
	    mirror_distro(u.sysname, access(MIRROR_HBSD_UPDATE, X_OK) == 0));
	return (n < 0 || (size_t)n >= size ? -1 : 0);
}

/* True for HardenedBSD. */
int
mirror_is_hbsd(const char *distro)
{
	return (distro != NULL && strcmp(distro, "HardenedBSD") == 0);
}

/* The default mirror of a distribution. */
char *
mirror_default_url_for(
    const char *distro, const char *arch, struct ioc_err *err)
{
	if (mirror_is_hbsd(distro))
		return (ioc_strdup(MIRROR_HBSD, err));
	return (mirror_default_url(arch, err));
}

/* The directory of a release below a default mirror. */
int
mirror_release_dir(const char *distro, const char *name, const char *march,
    char *buf, size_t size)
{
	int n;

	if (mirror_is_hbsd(distro))
		n = snprintf(
		    buf, size, "HardenedBSD-%s-%s-LATEST", name, march);
	else
		n = snprintf(buf, size, "%s", name);
	return (n < 0 || (size_t)n >= size ? -1 : 0);
}

/* The release name of a HardenedBSD build directory. */
int
mirror_hbsd_name(const char *dir, const char *march, char *buf, size_t size)
{
	static const char pre[] = "HardenedBSD-", post[] = "-LATEST";
	size_t len = strlen(dir), alen = strlen(march), n;

	if (len <= sizeof(pre) - 1 + 1 + alen + sizeof(post) - 1 ||
	    strncmp(dir, pre, sizeof(pre) - 1) != 0 ||
	    strcmp(dir + len - (sizeof(post) - 1), post) != 0)
		return (-1);
	n = len - (sizeof(pre) - 1) - (sizeof(post) - 1);
	/* n covers "<name>-<march>". */
	if (n <= alen + 1 || dir[sizeof(pre) - 1 + n - alen - 1] != '-' ||
	    strncmp(dir + sizeof(pre) - 1 + n - alen, march, alen) != 0)
		return (-1);
	n -= alen + 1;
	if (n + 1 > size)
		return (-1);
	(void)memcpy(buf, dir + sizeof(pre) - 1, n);
	buf[n] = '\0';
	return (0);
}
