/*
 * manifest.c - parse the checksum list of a release mirror.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "manifest.h"

#define BSD_PREFIX "SHA256 ("
#define BSD_INFIX  ") = "

/* One line without its terminator. */
struct mline {
	const char *s;
	size_t len;
	size_t no;
};

static int
is_hex(int c)
{
	return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F'));
}

/* Copy exactly 64 hex digits into out, lower-cased; 0 or -1. */
static int
take_hex(const char *s, size_t len, char out[MANIFEST_HEX_LEN + 1])
{
	size_t i;

	if (len != MANIFEST_HEX_LEN)
		return (-1);
	for (i = 0; i < len; i++) {
		if (!is_hex((unsigned char)s[i]))
			return (-1);
		out[i] =
		    (s[i] >= 'A' && s[i] <= 'F') ? (char)(s[i] + 32) : s[i];
	}
	out[len] = '\0';
	return (0);
}

/* An asset name: printable, no blank, no "/", not "." or "..". */
static int
name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 255 || (len == 1 && s[0] == '.') ||
	    (len == 2 && s[0] == '.' && s[1] == '.'))
		return (0);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == '/' ||
		    (unsigned char)s[i] == 0x7f)
			return (0);
	return (1);
}

static int
add_entry(struct manifest *m, const struct mline *l, const char *name,
    size_t nlen, const char *hex, int on, struct ioc_err *err)
{
	struct manifest_entry *nv;
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (strlen(m->v[i].asset) != nlen ||
		    memcmp(m->v[i].asset, name, nlen) != 0)
			continue;
		if (strcmp(m->v[i].sha256, hex) == 0)
			return (0);
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: conflicting checksums for '%s' (line %zu)",
		    l->no, m->v[i].asset, m->v[i].line));
	}
	if ((nv = realloc(m->v, (m->n + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	m->v = nv;
	nv = &m->v[m->n];
	(void)memset(nv, 0, sizeof(*nv));
	if ((nv->asset = malloc(nlen + 1)) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	(void)memcpy(nv->asset, name, nlen);
	nv->asset[nlen] = '\0';
	(void)memcpy(nv->sha256, hex, sizeof(nv->sha256));
	nv->on = on;
	nv->line = l->no;
	m->n++;
	return (0);
}

/*
 * FreeBSD: asset TAB sha256 TAB count TAB component TAB "description" TAB
 * on|off.
 */
static int
parse_freebsd(struct manifest *m, const struct mline *l, struct ioc_err *err)
{
	const char *f[6];
	size_t flen[6], nf = 0, i;
	const char *p = l->s, *end = l->s + l->len;
	char hex[MANIFEST_HEX_LEN + 1];
	int on;

	for (i = 0; i < l->len; i++)
		if (l->s[i] == '\t')
			nf++;
	if (nf != 5)
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: expected 6 tab-separated fields", l->no));
	for (nf = 0; nf < 6; nf++) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));

		f[nf] = p;
		flen[nf] = (size_t)((tab != NULL ? tab : end) - p);
		p = tab != NULL ? tab + 1 : end;
	}
	if (!name_ok(f[0], flen[0]))
		return (ioc_err_set(
		    err, IOC_EPARSE, 0, "line %zu: invalid asset name", l->no));
	if (take_hex(f[1], flen[1], hex) != 0)
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: invalid sha256 checksum", l->no));
	for (i = 0; i < flen[2]; i++)
		if (f[2][i] < '0' || f[2][i] > '9')
			break;
	if (flen[2] == 0 || i != flen[2])
		return (ioc_err_set(
		    err, IOC_EPARSE, 0, "line %zu: invalid file count", l->no));
	if (!name_ok(f[3], flen[3]))
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: invalid component name", l->no));
	if (flen[4] < 2 || f[4][0] != '"' || f[4][flen[4] - 1] != '"')
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: invalid description", l->no));
	if (flen[5] == 2 && memcmp(f[5], "on", 2) == 0)
		on = 1;
	else if (flen[5] == 3 && memcmp(f[5], "off", 3) == 0)
		on = 0;
	else
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: expected 'on' or 'off'", l->no));
	return (add_entry(m, l, f[0], flen[0], hex, on, err));
}

/* The basename of path[0..len), or NULL when it has none. */
static const char *
base_of(const char *path, size_t len, size_t *blen)
{
	const char *b = path;
	size_t i;

	for (i = 0; i < len; i++)
		if (path[i] == '/')
			b = path + i + 1;
	*blen = len - (size_t)(b - path);
	return (*blen > 0 ? b : NULL);
}

/* sha256(1): SHA256 (path) = hex */
static int
parse_bsdsum(struct manifest *m, const struct mline *l, struct ioc_err *err)
{
	size_t plen = strlen(BSD_PREFIX), ilen = strlen(BSD_INFIX), blen;
	const char *path, *in = NULL, *b;
	char hex[MANIFEST_HEX_LEN + 1];
	size_t i;

	if (l->len < plen + ilen + MANIFEST_HEX_LEN + 1 ||
	    memcmp(l->s, BSD_PREFIX, plen) != 0)
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: expected 'SHA256 (FILE) = CHECKSUM'", l->no));
	path = l->s + plen;
	/* The last ") = " ends the path, which may hold one itself. */
	for (i = plen; i + ilen <= l->len; i++)
		if (memcmp(l->s + i, BSD_INFIX, ilen) == 0)
			in = l->s + i;
	if (in == NULL || in == path)
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: expected 'SHA256 (FILE) = CHECKSUM'", l->no));
	if (take_hex(in + ilen, (size_t)(l->s + l->len - (in + ilen)), hex) !=
	    0)
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: invalid sha256 checksum", l->no));
	if ((b = base_of(path, (size_t)(in - path), &blen)) == NULL ||
	    !name_ok(b, blen))
		return (ioc_err_set(
		    err, IOC_EPARSE, 0, "line %zu: invalid file name", l->no));
	return (add_entry(m, l, b, blen, hex, 1, err));
}

/* sha256sum(1): hex, a blank, " " or "*", path */
static int
parse_gnusum(struct manifest *m, const struct mline *l, struct ioc_err *err)
{
	char hex[MANIFEST_HEX_LEN + 1];
	const char *b;
	size_t blen;

	if (l->len < MANIFEST_HEX_LEN + 3 ||
	    take_hex(l->s, MANIFEST_HEX_LEN, hex) != 0 ||
	    l->s[MANIFEST_HEX_LEN] != ' ' ||
	    (l->s[MANIFEST_HEX_LEN + 1] != ' ' &&
		l->s[MANIFEST_HEX_LEN + 1] != '*'))
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "line %zu: expected 'CHECKSUM  FILE'", l->no));
	if ((b = base_of(l->s + MANIFEST_HEX_LEN + 2,
		 l->len - MANIFEST_HEX_LEN - 2, &blen)) == NULL ||
	    !name_ok(b, blen))
		return (ioc_err_set(
		    err, IOC_EPARSE, 0, "line %zu: invalid file name", l->no));
	return (add_entry(m, l, b, blen, hex, 1, err));
}

static enum manifest_kind
detect(const struct mline *l)
{
	size_t plen = strlen(BSD_PREFIX);

	if (l->len >= plen && memcmp(l->s, BSD_PREFIX, plen) == 0)
		return (MANIFEST_KIND_BSDSUM);
	if (memchr(l->s, '\t', l->len) != NULL)
		return (MANIFEST_KIND_FREEBSD);
	if (l->len > MANIFEST_HEX_LEN && l->s[MANIFEST_HEX_LEN] == ' ')
		return (MANIFEST_KIND_GNUSUM);
	return (MANIFEST_KIND_FREEBSD);
}

/* Parse a checksum list. */
int
manifest_parse(
    const char *buf, size_t len, struct manifest *out, struct ioc_err *err)
{
	const char *p = buf, *end = buf + len;
	struct mline l = {NULL, 0, 0};
	int rv;

	(void)memset(out, 0, sizeof(*out));
	if (memchr(buf, '\0', len) != NULL)
		return (ioc_err_set(err, IOC_EPARSE, 0, "NUL byte in file"));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		l.s = p;
		l.len = (size_t)((nl != NULL ? nl : end) - p);
		l.no++;
		p = nl != NULL ? nl + 1 : end;
		if (l.len > 0 && l.s[l.len - 1] == '\r')
			l.len--;
		if (l.len == 0)
			continue;
		if (out->kind == 0)
			out->kind = detect(&l);
		switch (out->kind) {
		case MANIFEST_KIND_BSDSUM:
			rv = parse_bsdsum(out, &l, err);
			break;
		case MANIFEST_KIND_GNUSUM:
			rv = parse_gnusum(out, &l, err);
			break;
		default:
			rv = parse_freebsd(out, &l, err);
			break;
		}
		if (rv != 0) {
			manifest_free(out);
			return (-1);
		}
	}
	if (out->n == 0)
		return (
		    ioc_err_set(err, IOC_EPARSE, 0, "no checksums in file"));
	return (0);
}

/* The entry of an asset, or NULL. */
const struct manifest_entry *
manifest_find(const struct manifest *m, const char *asset)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->v[i].asset, asset) == 0)
			return (&m->v[i]);
	return (NULL);
}

/* Release a manifest. */
void
manifest_free(struct manifest *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		free(m->v[i].asset);
	free(m->v);
	(void)memset(m, 0, sizeof(*m));
}
