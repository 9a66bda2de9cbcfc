/*
 * fstab.c - a jail's fstab file as lines; rewriting the jail's own paths
 * after a rename or clone without touching anything else.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstab.h"
#include "internal.h"

static int
is_sep(char c)
{
	return (c == ' ' || c == '\t' || c == '\r');
}

static int
is_oct(char c)
{
	return (c >= '0' && c <= '7');
}

/* Decode one character at p (n bytes left); returns the bytes consumed. */
static size_t
decode_one(const char *p, size_t n, char *out)
{
	if (p[0] == '\\' && n >= 4 && p[1] >= '0' && p[1] <= '3' &&
	    is_oct(p[2]) && is_oct(p[3])) {
		*out = (char)((p[1] - '0') << 6 | (p[2] - '0') << 3 |
		    (p[3] - '0'));
		return (4);
	}
	if (p[0] == '\\' && n >= 2) {
		*out = p[1];
		return (2);
	}
	*out = p[0];
	return (1);
}

/* Find the fields of a line (entry or not). */
static void
split_line(struct fstab_line *l)
{
	const char *t = l->text;
	size_t i = 0, len = strlen(t), start;

	l->entry = 0;
	l->nfields = 0;
	while (l->nfields < FSTAB_NFIELDS) {
		while (i < len && is_sep(t[i]))
			i++;
		if (i >= len || t[i] == '#')
			break;
		start = i;
		while (i < len && !is_sep(t[i]))
			i += (t[i] == '\\' && i + 1 < len) ? 2 : 1;
		l->f[l->nfields].off = start;
		l->f[l->nfields].len = i - start;
		l->nfields++;
	}
	l->entry = l->nfields > 0;
}

/* Release the lines. */
void
fstab_free(struct fstab *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		free(f->v[i].text);
	free(f->v);
	(void)memset(f, 0, sizeof(*f));
}

/* Split text into lines. */
int
fstab_parse(const char *buf, size_t len, struct fstab *out, struct ioc_err *err)
{
	size_t i = 0, nlines = 0, k;
	const char *nl;

	(void)memset(out, 0, sizeof(*out));
	for (k = 0; k < len; k++)
		if (buf[k] == '\n')
			nlines++;
	if (len > 0 && buf[len - 1] != '\n')
		nlines++;
	out->newline = len > 0 && buf[len - 1] == '\n';
	if (nlines == 0)
		return (0);
	if ((out->v = calloc(nlines, sizeof(*out->v))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	while (i < len) {
		struct fstab_line *l = &out->v[out->n];
		size_t llen;

		nl = memchr(buf + i, '\n', len - i);
		llen = nl != NULL ? (size_t)(nl - (buf + i)) : len - i;
		if ((l->text = malloc(llen + 1)) == NULL) {
			fstab_free(out);
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		}
		(void)memcpy(l->text, buf + i, llen);
		l->text[llen] = '\0';
		split_line(l);
		out->n++;
		i += llen + 1;
	}
	return (0);
}

/* The file text again. */
char *
fstab_format(const struct fstab *f, size_t *lenp, struct ioc_err *err)
{
	size_t i, len = 0, off = 0;
	char *s;

	for (i = 0; i < f->n; i++)
		len += strlen(f->v[i].text) + 1;
	if ((s = malloc(len + 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	for (i = 0; i < f->n; i++) {
		size_t l = strlen(f->v[i].text);

		(void)memcpy(s + off, f->v[i].text, l);
		off += l;
		if (i + 1 < f->n || f->newline)
			s[off++] = '\n';
	}
	s[off] = '\0';
	if (lenp != NULL)
		*lenp = off;
	return (s);
}

/* Field i of an entry, decoded. */
char *
fstab_field(const struct fstab_line *l, size_t i, struct ioc_err *err)
{
	const char *p;
	size_t k = 0, n, o = 0;
	char *s;

	if (!l->entry || i >= l->nfields) {
		(void)ioc_err_set(err, IOC_EINVAL, 0, "no fstab field %zu", i);
		return (NULL);
	}
	p = l->text + l->f[i].off;
	n = l->f[i].len;
	if ((s = malloc(n + 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	while (k < n)
		k += decode_one(p + k, n - k, &s[o++]);
	s[o] = '\0';
	return (s);
}

/* A path in fstab's escaped form. */
char *
fstab_escape(const char *s, struct ioc_err *err)
{
	size_t i, o = 0;
	char *e;

	if ((e = malloc(strlen(s) * 4 + 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	for (i = 0; s[i] != '\0'; i++) {
		const char *rep = NULL;

		switch (s[i]) {
		case ' ':
			rep = "\\040";
			break;
		case '\t':
			rep = "\\011";
			break;
		case '\n':
			rep = "\\012";
			break;
		case '\\':
			rep = "\\134";
			break;
		default:
			e[o++] = s[i];
			continue;
		}
		(void)memcpy(e + o, rep, 4);
		o += 4;
	}
	e[o] = '\0';
	return (e);
}

/*
 * Does the decoded field start with the path from (followed by its end or
 * "/")?  Returns the raw bytes that spell from, or 0.
 */
static size_t
prefix_match(const char *p, size_t n, const char *from)
{
	size_t k = 0, j = 0, flen = strlen(from);
	char c;

	while (j < flen) {
		if (k >= n)
			return (0);
		k += decode_one(p + k, n - k, &c);
		if (c != from[j++])
			return (0);
	}
	if (k < n) {
		(void)decode_one(p + k, n - k, &c);
		if (c != '/')
			return (0);
	}
	return (k);
}

/* Replace the raw bytes [off, off + len) of a line by rep. */
static int
splice(struct fstab_line *l, size_t off, size_t len, const char *rep,
    struct ioc_err *err)
{
	size_t tlen = strlen(l->text), rlen = strlen(rep);
	char *t;

	if ((t = malloc(tlen - len + rlen + 1)) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	(void)snprintf(t, tlen - len + rlen + 1, "%.*s%s%s", (int)off, l->text,
	    rep, l->text + off + len);
	free(l->text);
	l->text = t;
	split_line(l);
	return (0);
}

/* Replace the leading path from by to in sources and destinations. */
int
fstab_rewrite_prefix(struct fstab *f, const char *from, const char *to,
    size_t *nchanged, struct ioc_err *err)
{
	char *base = NULL, *eto = NULL;
	size_t i, fi, flen;
	int rv = -1;

	if (nchanged != NULL)
		*nchanged = 0;
	flen = strlen(from);
	while (flen > 1 && from[flen - 1] == '/')
		flen--;
	if (from[0] != '/' || flen < 2 || to[0] != '/')
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "fstab: cannot rewrite '%s' to '%s'", from, to));
	if ((base = ioc_aprintf(err, "%.*s", (int)flen, from)) == NULL)
		return (-1);
	if ((eto = fstab_escape(to, err)) == NULL)
		goto out;
	if (strcmp(base, to) == 0) {
		rv = 0;
		goto out;
	}
	for (i = 0; i < f->n; i++) {
		struct fstab_line *l = &f->v[i];
		int changed = 0;

		/* Destination before source: offsets stay valid. */
		for (fi = 2; fi-- > 0;) {
			size_t k;

			if (!l->entry || fi >= l->nfields)
				continue;
			k = prefix_match(
			    l->text + l->f[fi].off, l->f[fi].len, base);
			if (k == 0)
				continue;
			if (splice(l, l->f[fi].off, k, eto, err) != 0)
				goto out;
			changed = 1;
		}
		if (changed && nchanged != NULL)
			(*nchanged)++;
	}
	rv = 0;
out:
	free(base);
	free(eto);
	return (rv);
}
