/*
 * ucl.c - the flat UCL "config" and ".default" files of iocell and
 * iocage_legacy (develop): a strict line-wise reader and a writer in the
 * layout uclcmd/libucl (UCL_EMIT_CONFIG, forced strings) produce.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ucl.h"

#define NESTED_MSG "nested UCL objects are not supported in a jail config"

/* A growing NUL-terminated string. */
struct ucl_buf {
	char *p;
	size_t len;
	size_t cap;
};

/* One line being parsed. */
struct ucl_line {
	const char *s;
	size_t len;
	size_t i;
	size_t no;
	struct ioc_err *err;
};

static int
ub_put(struct ucl_buf *b, const char *s, size_t n, struct ioc_err *err)
{
	char *np;
	size_t ncap;

	if (b->len + n + 1 > b->cap) {
		ncap = b->cap == 0 ? 64 : b->cap;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((np = realloc(b->p, ncap)) == NULL)
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		b->p = np;
		b->cap = ncap;
	}
	(void)memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return (0);
}

static int
ub_putc(struct ucl_buf *b, int c, struct ioc_err *err)
{
	char ch = (char)c;

	return (ub_put(b, &ch, 1, err));
}

static int
perr(const struct ucl_line *ln, const char *what)
{
	return (
	    ioc_err_set(ln->err, IOC_EPARSE, 0, "line %zu: %s", ln->no, what));
}

static int
peek(const struct ucl_line *ln, size_t k)
{
	if (ln->i + k >= ln->len)
		return (-1);
	return ((unsigned char)ln->s[ln->i + k]);
}

static void
skip_ws(struct ucl_line *ln)
{
	int c;

	while ((c = peek(ln, 0)) == ' ' || c == '\t' || c == '\r')
		ln->i++;
}

static int
is_key_char(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-');
}

/* The rest of the line is empty or a comment. */
static int
at_end(const struct ucl_line *ln)
{
	int c = peek(ln, 0);

	return (c < 0 || c == '#' || (c == '/' && peek(ln, 1) == '/'));
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* Four hex digits after "\u" at the current position, or -1. */
static long
hex4(struct ucl_line *ln)
{
	long v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		if ((h = hexval(peek(ln, (size_t)i))) < 0)
			return (-1);
		v = v * 16 + h;
	}
	ln->i += 4;
	return (v);
}

static int
put_utf8(struct ucl_buf *b, unsigned long cp, struct ioc_err *err)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return (ub_put(b, u, n, err));
}

/* "\uXXXX" (the "\u" consumed), with a following low surrogate. */
static int
unicode_escape(struct ucl_line *ln, struct ucl_buf *b)
{
	long hi, lo;

	if ((hi = hex4(ln)) < 0)
		return (perr(ln, "invalid \\u escape"));
	if (hi == 0)
		return (perr(ln, "\\u0000 in a string"));
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return (perr(ln, "invalid \\u escape (lone surrogate)"));
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (peek(ln, 0) != '\\' || peek(ln, 1) != 'u')
			return (
			    perr(ln, "invalid \\u escape (lone surrogate)"));
		ln->i += 2;
		if ((lo = hex4(ln)) < 0xdc00 || lo > 0xdfff)
			return (
			    perr(ln, "invalid \\u escape (lone surrogate)"));
		hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	return (put_utf8(b, (unsigned long)hi, ln->err));
}

/* A quoted string at its opening quote, unescaped into b. */
static int
quoted(struct ucl_line *ln, struct ucl_buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *p;
	char msg[48];
	int q = peek(ln, 0), c;

	ln->i++;
	for (;;) {
		if ((c = peek(ln, 0)) < 0)
			return (perr(ln, "unterminated string"));
		ln->i++;
		if (c == q)
			return (ub_put(b, "", 0, ln->err));
		if (c < 0x20 && c != '\t')
			return (perr(ln, "control character in a string"));
		if (c != '\\') {
			if (ub_putc(b, c, ln->err) != 0)
				return (-1);
			continue;
		}
		if ((c = peek(ln, 0)) < 0)
			return (perr(ln, "unterminated string"));
		if (c < 0x20 && c != '\t')
			return (perr(ln, "control character in a string"));
		ln->i++;
		if (q == '\'') {
			/* libucl: only \' is an escape in single quotes. */
			if (c != '\'' && ub_putc(b, '\\', ln->err) != 0)
				return (-1);
			if (ub_putc(b, c, ln->err) != 0)
				return (-1);
			continue;
		}
		if (c == 'u') {
			if (unicode_escape(ln, b) != 0)
				return (-1);
			continue;
		}
		if (c == 0 || (p = strchr(from, c)) == NULL) {
			if (c >= 0x20 && c < 0x7f)
				(void)snprintf(
				    msg, sizeof(msg), "invalid escape \\%c", c);
			else
				(void)snprintf(msg, sizeof(msg),
				    "invalid escape of byte 0x%02x", c);
			return (perr(ln, msg));
		}
		if (ub_putc(b, to[p - from], ln->err) != 0)
			return (-1);
	}
}

/* A bare value: up to a blank, ";", ",", "#" or the end of the line. */
static int
bare(struct ucl_line *ln, struct ucl_buf *b)
{
	size_t s = ln->i;
	int c;

	if (peek(ln, 0) == '<' && peek(ln, 1) == '<')
		return (perr(ln, "multi-line strings are not supported"));
	while ((c = peek(ln, 0)) >= 0 && c != ' ' && c != '\t' && c != '\r' &&
	    c != ';' && c != ',' && c != '#') {
		if (c == '"' || c == '\'')
			return (
			    perr(ln, "unexpected quote in an unquoted value"));
		if (c == '{' || c == '}' || c == '[' || c == ']')
			return (perr(ln, NESTED_MSG));
		if (c < 0x20 || c == 0x7f)
			return (perr(ln, "control character in a value"));
		ln->i++;
	}
	return (ub_put(b, ln->s + s, ln->i - s, ln->err));
}

/* The key of a pair at the current position. */
static int
key(struct ucl_line *ln, struct ucl_buf *b)
{
	size_t s = ln->i;
	int c = peek(ln, 0);

	if (c == '"' || c == '\'') {
		if (quoted(ln, b) != 0)
			return (-1);
		if (b->len == 0)
			return (perr(ln, "empty key"));
		return (0);
	}
	if (c == '{' || c == '[' || c == '}' || c == ']')
		return (perr(ln, NESTED_MSG));
	if (c == '/' && peek(ln, 1) == '*')
		return (perr(ln, "multi-line comments are not supported"));
	while (is_key_char(c = peek(ln, 0)) ||
	    (c == ':' && ln->i > s && is_key_char(peek(ln, 1))))
		ln->i++;
	if (ln->i == s)
		return (perr(ln, "expected a key"));
	return (ub_put(b, ln->s + s, ln->i - s, ln->err));
}

static int
order_add(struct ucl_order *o, const char *k, struct ioc_err *err)
{
	char **nk, *dup;
	size_t ncap;

	if ((dup = ioc_strdup(k, err)) == NULL)
		return (-1);
	if (o->n == o->cap) {
		ncap = o->cap == 0 ? 32 : o->cap * 2;
		if ((nk = reallocarray(o->keys, ncap, sizeof(*nk))) == NULL) {
			free(dup);
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		}
		o->keys = nk;
		o->cap = ncap;
	}
	o->keys[o->n++] = dup;
	return (0);
}

/* One line: comments, blank, or one or more pairs. */
static int
parse_line(struct ucl_line *ln, struct cfg *c, struct ucl_order *o)
{
	struct ucl_buf k = {0}, v = {0};
	char msg[IOC_ERRMSG_MAX / 2];
	int ch, isbare, rv = -1;

	for (;;) {
		skip_ws(ln);
		if (at_end(ln))
			break;
		k.len = v.len = 0;
		if (key(ln, &k) != 0)
			goto out;
		skip_ws(ln);
		ch = peek(ln, 0);
		if (ch == '{' || ch == '[') {
			(void)perr(ln, NESTED_MSG);
			goto out;
		}
		if (ch != '=' && ch != ':') {
			(void)snprintf(msg, sizeof(msg),
			    "expected '=' or ':' after '%.64s'", k.p);
			(void)perr(ln, msg);
			goto out;
		}
		ln->i++;
		skip_ws(ln);
		ch = peek(ln, 0);
		isbare = ch != '"' && ch != '\'';
		if (ch == '{' || ch == '[') {
			(void)perr(ln, NESTED_MSG);
			goto out;
		}
		if (ch < 0 || ch == ';' || ch == ',' || ch == '#' ||
		    (ch == '/' && peek(ln, 1) == '/')) {
			(void)snprintf(
			    msg, sizeof(msg), "missing value for '%.64s'", k.p);
			(void)perr(ln, msg);
			goto out;
		}
		if ((isbare ? bare(ln, &v) : quoted(ln, &v)) != 0)
			goto out;
		skip_ws(ln);
		ch = peek(ln, 0);
		if (ch == ';' || ch == ',') {
			ln->i++;
		} else if (!at_end(ln)) {
			if (ch == '{' || ch == '[' || ch == '}' || ch == ']')
				(void)snprintf(
				    msg, sizeof(msg), "%s", NESTED_MSG);
			else if (isbare)
				(void)snprintf(msg, sizeof(msg),
				    "unquoted value of '%.64s' contains blanks",
				    k.p);
			else
				(void)snprintf(msg, sizeof(msg),
				    "unexpected text after the value of "
				    "'%.64s'",
				    k.p);
			(void)perr(ln, msg);
			goto out;
		}
		if (o != NULL && cfg_get(c, k.p) == NULL &&
		    order_add(o, k.p, ln->err) != 0)
			goto out;
		if (cfg_set(c, k.p, v.p, ln->err) != 0)
			goto out;
	}
	rv = 0;
out:
	free(k.p);
	free(v.p);
	return (rv);
}

/* Parse a flat UCL object; see ucl.h. */
int
ucl_parse(const char *buf, size_t len, struct cfg *out, struct ucl_order *order,
    struct ioc_err *err)
{
	struct cfg c = {0};
	struct ucl_order o = {0};
	struct ucl_line ln = {.err = err};
	const char *nl;
	size_t pos = 0;
	int rv = -1;

	while (pos < len) {
		nl = memchr(buf + pos, '\n', len - pos);
		ln.s = buf + pos;
		ln.len = nl != NULL ? (size_t)(nl - (buf + pos)) : len - pos;
		ln.i = 0;
		ln.no++;
		if (memchr(ln.s, '\0', ln.len) != NULL) {
			(void)perr(&ln, "NUL byte");
			goto out;
		}
		if (parse_line(&ln, &c, order != NULL ? &o : NULL) != 0)
			goto out;
		pos += ln.len + 1;
	}
	cfg_clear(out);
	*out = c;
	(void)memset(&c, 0, sizeof(c));
	if (order != NULL) {
		ucl_order_free(order);
		*order = o;
		(void)memset(&o, 0, sizeof(o));
	}
	rv = 0;
out:
	cfg_clear(&c);
	ucl_order_free(&o);
	return (rv);
}

/* A key that needs no quotes. */
static int
bare_key(const char *k)
{
	for (; *k != '\0'; k++)
		if (!is_key_char((unsigned char)*k))
			return (0);
	return (1);
}

/* s as a double-quoted UCL string. */
static int
put_quoted(struct ucl_buf *b, const char *s, struct ioc_err *err)
{
	char u[8];
	const char *p, *run;
	int rv = 0;

	if (ub_putc(b, '"', err) != 0)
		return (-1);
	for (run = p = s; *p != '\0' && rv == 0; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch >= 0x20 && ch != 0x7f && ch != '"' && ch != '\\')
			continue;
		if (ub_put(b, run, (size_t)(p - run), err) != 0)
			return (-1);
		run = p + 1;
		if (ch == '"')
			rv = ub_put(b, "\\\"", 2, err);
		else if (ch == '\\')
			rv = ub_put(b, "\\\\", 2, err);
		else if (ch == '\n')
			rv = ub_put(b, "\\n", 2, err);
		else if (ch == '\t')
			rv = ub_put(b, "\\t", 2, err);
		else {
			(void)snprintf(u, sizeof(u), "\\u%04X", ch);
			rv = ub_put(b, u, 6, err);
		}
	}
	if (rv != 0 || ub_put(b, run, (size_t)(p - run), err) != 0)
		return (-1);
	return (ub_putc(b, '"', err));
}

static int
put_pair(struct ucl_buf *b, const struct cfg_kv *kv, struct ioc_err *err)
{
	if (kv->key[0] == '\0')
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "cannot write an empty key to a UCL config"));
	if (bare_key(kv->key)) {
		if (ub_put(b, kv->key, strlen(kv->key), err) != 0)
			return (-1);
	} else if (put_quoted(b, kv->key, err) != 0)
		return (-1);
	if (ub_put(b, " = ", 3, err) != 0 || put_quoted(b, kv->value, err) != 0)
		return (-1);
	return (ub_put(b, ";\n", 2, err));
}

/* Index of key in c (sorted by strcmp), or -1. */
static long
cfg_index(const struct cfg *c, const char *k)
{
	size_t lo = 0, hi = c->n, mid;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((r = strcmp(c->kv[mid].key, k)) == 0)
			return ((long)mid);
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (-1);
}

/* Serialise c as UCL config lines; see ucl.h. */
char *
ucl_format(
    const struct cfg *c, const struct ucl_order *order, struct ioc_err *err)
{
	struct ucl_buf b = {0};
	unsigned char *done = NULL;
	size_t i;
	long k;

	if (c->n > 0 && (done = calloc(c->n, 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; order != NULL && i < order->n; i++) {
		if ((k = cfg_index(c, order->keys[i])) < 0 || done[k])
			continue;
		done[k] = 1;
		if (put_pair(&b, &c->kv[k], err) != 0)
			goto fail;
	}
	for (i = 0; i < c->n; i++)
		if (!done[i] && put_pair(&b, &c->kv[i], err) != 0)
			goto fail;
	if (ub_put(&b, "", 0, err) != 0)
		goto fail;
	free(done);
	return (b.p);
fail:
	free(done);
	free(b.p);
	return (NULL);
}

/* Release the keys of o. */
void
ucl_order_free(struct ucl_order *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->n; i++)
		free(o->keys[i]);
	free(o->keys);
	(void)memset(o, 0, sizeof(*o));
}
