/*
 * rcconf.c - a sh(1)-compatible reader of the assignments in rc.conf.
 *
 * The text is tokenised as sh would (quotes, backslashes, comments,
 * line continuations, command separators, here-documents) but nothing is
 * evaluated: expansions are kept literally and flagged.  Assignments are
 * taken from every command that consists of assignments only, or that is
 * "export"/"readonly"; conditionals are not evaluated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "rcconf.h"

#define RC_MAXDEPTH 64 /* nested quotes and expansions */

/* A growing NUL-terminated string. */
struct rc_buf {
	char *p;
	size_t len;
	size_t cap;
};

struct rc_lex {
	const char *s;
	size_t len;
	size_t i;      /* next byte */
	size_t line;   /* line of s[i] */
	char *heredoc; /* delimiter of a pending here-document */
	int hd_strip;  /* "<<-": leading tabs are stripped */
	struct ioc_err *err;
};

enum rc_state {
	RC_START,  /* nothing but assignments so far */
	RC_EXPORT, /* "export" or "readonly" seen */
	RC_OTHER,  /* an ordinary command: its assignments do not persist */
};

static int
rb_putc(struct rc_buf *b, int c, struct ioc_err *err)
{
	char *np;
	size_t ncap;

	if (b->len + 2 > b->cap) {
		ncap = b->cap == 0 ? 32 : b->cap * 2;
		if ((np = realloc(b->p, ncap)) == NULL)
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		b->p = np;
		b->cap = ncap;
	}
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
	return (0);
}

/* Hand the string over to the caller (never NULL); b is empty again. */
static char *
rb_take(struct rc_buf *b, struct ioc_err *err)
{
	char *s;

	if (b->p == NULL)
		return (ioc_strdup("", err));
	s = b->p;
	(void)memset(b, 0, sizeof(*b));
	return (s);
}

static int
lx_peek(const struct rc_lex *lx, size_t k)
{
	if (lx->i + k >= lx->len)
		return (-1);
	return ((unsigned char)lx->s[lx->i + k]);
}

static int
lx_next(struct rc_lex *lx)
{
	int c = lx_peek(lx, 0);

	if (c < 0)
		return (-1);
	lx->i++;
	if (c == '\n')
		lx->line++;
	return (c);
}

/* Move the next byte into b. */
static int
lx_copy(struct rc_lex *lx, struct rc_buf *b)
{
	return (rb_putc(b, lx_next(lx), lx->err));
}

static int
is_name_start(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_');
}

static int
is_name_char(int c)
{
	return (is_name_start(c) || (c >= '0' && c <= '9'));
}

/* Bytes that end a word (besides blanks and newline). */
static int
is_meta(int c)
{
	return (c == ';' || c == '&' || c == '|' || c == '(' || c == ')' ||
	    c == '<' || c == '>');
}

/* What follows "$" when sh would expand it. */
static int
is_expansion_start(int c)
{
	return (is_name_char(c) || c == '{' || c == '(' || c == '\'' ||
	    (c != '\0' && strchr("@*#?-$!", c) != NULL));
}

static int
unterminated(struct rc_lex *lx, const char *what, size_t line)
{
	return (ioc_err_set(
	    lx->err, IOC_EPARSE, 0, "line %zu: unterminated %s", line, what));
}

/*
 * Copy the rest of a single-quoted string literally, its closing quote
 * too; escapes: "\'" does not end it ($'...').
 */
static int
copy_squote(struct rc_lex *lx, struct rc_buf *b, int escapes, size_t start)
{
	int c;

	while ((c = lx_peek(lx, 0)) != '\'') {
		if (c < 0)
			return (unterminated(lx, "quote", start));
		if (escapes && c == '\\' && lx_peek(lx, 1) >= 0 &&
		    lx_copy(lx, b) != 0)
			return (-1);
		if (lx_copy(lx, b) != 0)
			return (-1);
	}
	return (lx_copy(lx, b));
}

/*
 * Copy raw text up to and including the byte close, skipping over nested
 * quotes and expansions as sh does when it looks for the end of "...",
 * `...`, ${...} or $(...).  The opening bytes are already copied.  sq:
 * single quotes quote here (not inside "..." nor in a ${...} within it).
 */
static int
copy_raw(struct rc_lex *lx, struct rc_buf *b, int close, int sq, int depth)
{
	size_t start = lx->line;
	int c, parens = 0;

	if (depth > RC_MAXDEPTH)
		return (ioc_err_set(lx->err, IOC_EPARSE, 0,
		    "line %zu: quotes nested too deeply", start));
	for (;;) {
		if ((c = lx_peek(lx, 0)) < 0)
			return (unterminated(
			    lx, close == '"' ? "quote" : "expansion", start));
		if (lx_copy(lx, b) != 0)
			return (-1);
		if (c == close && parens == 0)
			return (0);
		switch (c) {
		case '\\':
			if (lx_peek(lx, 0) >= 0 && lx_copy(lx, b) != 0)
				return (-1);
			break;
		case '\'':
			if (sq && copy_squote(lx, b, 0, lx->line) != 0)
				return (-1);
			break;
		case '"':
			if (copy_raw(lx, b, '"', 0, depth + 1) != 0)
				return (-1);
			break;
		case '`':
			if (copy_raw(lx, b, '`', 1, depth + 1) != 0)
				return (-1);
			break;
		case '$':
			c = lx_peek(lx, 0);
			if (c != '{' && c != '(')
				break;
			if (lx_copy(lx, b) != 0 ||
			    copy_raw(lx, b, c == '{' ? '}' : ')',
				c == '(' || sq, depth + 1) != 0)
				return (-1);
			break;
		case '(':
			if (close == ')')
				parens++;
			break;
		case ')':
			if (close == ')')
				parens--;
			break;
		default:
			break;
		}
	}
}

/*
 * Copy an expansion at "$" or "`" literally; *exp is set when sh would
 * expand it.  dq: inside double quotes, where $'...' does not exist.
 */
static int
copy_expansion(struct rc_lex *lx, struct rc_buf *b, int dq, int *exp)
{
	int c = lx_peek(lx, 0), n = lx_peek(lx, 1);

	if (c == '`') {
		*exp = 1;
		if (lx_copy(lx, b) != 0)
			return (-1);
		return (copy_raw(lx, b, '`', 1, 1));
	}
	if (n < 0 || !is_expansion_start(n) || (dq && n == '\''))
		return (lx_copy(lx, b));
	*exp = 1;
	if (lx_copy(lx, b) != 0)
		return (-1);
	if (n != '{' && n != '(' && n != '\'')
		return (0);
	if (lx_copy(lx, b) != 0)
		return (-1);
	if (n == '\'')
		return (copy_squote(lx, b, 1, lx->line));
	return (copy_raw(lx, b, n == '{' ? '}' : ')', n == '(' || !dq, 1));
}

/* A double-quoted part of a word, at its '"': quote removal into b. */
static int
lex_dquote(struct rc_lex *lx, struct rc_buf *b, int *exp)
{
	size_t start = lx->line;
	int c, n;

	(void)lx_next(lx);
	for (;;) {
		c = lx_peek(lx, 0);
		if (c < 0)
			return (unterminated(lx, "quote", start));
		if (c == '"') {
			(void)lx_next(lx);
			return (0);
		}
		if (c == '$' || c == '`') {
			if (copy_expansion(lx, b, 1, exp) != 0)
				return (-1);
			continue;
		}
		if (c == '\\') {
			n = lx_peek(lx, 1);
			if (n == '\n') {
				(void)lx_next(lx);
				(void)lx_next(lx);
				continue;
			}
			if (n == '$' || n == '`' || n == '"' || n == '\\')
				(void)lx_next(lx);
		}
		if (lx_copy(lx, b) != 0)
			return (-1);
	}
}

/*
 * One word from the current position up to an unquoted blank, newline or
 * operator, with quotes removed and expansions kept.  *quoted is set when
 * any byte was quoted or escaped.
 */
static int
lex_word(struct rc_lex *lx, struct rc_buf *b, int *exp, int *quoted)
{
	size_t start;
	int c, n;

	for (;;) {
		c = lx_peek(lx, 0);
		if (c < 0 || c == ' ' || c == '\t' || c == '\n' || is_meta(c))
			return (0);
		switch (c) {
		case '\\':
			n = lx_peek(lx, 1);
			(void)lx_next(lx);
			if (n == '\n') {
				(void)lx_next(lx);
				break;
			}
			if (n < 0) {
				if (rb_putc(b, '\\', lx->err) != 0)
					return (-1);
				break;
			}
			*quoted = 1;
			if (lx_copy(lx, b) != 0)
				return (-1);
			break;
		case '\'':
			*quoted = 1;
			start = lx->line;
			(void)lx_next(lx);
			while ((c = lx_peek(lx, 0)) != '\'') {
				if (c < 0)
					return (
					    unterminated(lx, "quote", start));
				if (lx_copy(lx, b) != 0)
					return (-1);
			}
			(void)lx_next(lx);
			break;
		case '"':
			*quoted = 1;
			if (lex_dquote(lx, b, exp) != 0)
				return (-1);
			break;
		case '$':
		case '`':
			if (copy_expansion(lx, b, 0, exp) != 0)
				return (-1);
			break;
		default:
			if (lx_copy(lx, b) != 0)
				return (-1);
			break;
		}
	}
}

/* Skip blanks and "\<newline>" continuations. */
static void
skip_blanks(struct rc_lex *lx)
{
	int c;

	for (;;) {
		c = lx_peek(lx, 0);
		if (c == ' ' || c == '\t')
			(void)lx_next(lx);
		else if (c == '\\' && lx_peek(lx, 1) == '\n') {
			(void)lx_next(lx);
			(void)lx_next(lx);
		} else
			return;
	}
}

/* After a newline: skip the body of a pending here-document. */
static void
skip_heredoc(struct rc_lex *lx)
{
	size_t dlen, s;
	int c;

	if (lx->heredoc == NULL)
		return;
	dlen = strlen(lx->heredoc);
	while (lx_peek(lx, 0) >= 0) {
		if (lx->hd_strip)
			while (lx_peek(lx, 0) == '\t')
				(void)lx_next(lx);
		s = lx->i;
		while ((c = lx_peek(lx, 0)) >= 0 && c != '\n')
			(void)lx_next(lx);
		(void)lx_next(lx);
		if (lx->i - s - (c == '\n') == dlen &&
		    memcmp(lx->s + s, lx->heredoc, dlen) == 0)
			break;
	}
	free(lx->heredoc);
	lx->heredoc = NULL;
}

/* A redirection operator at "<" or ">" and its word. */
static int
lex_redirect(struct rc_lex *lx)
{
	struct rc_buf w = {0};
	int heredoc = 0, strip = 0, exp = 0, quoted = 0;

	if (lx_peek(lx, 0) == '<' && lx_peek(lx, 1) == '<') {
		heredoc = 1;
		strip = lx_peek(lx, 2) == '-';
	}
	while (lx_peek(lx, 0) >= 0 && strchr("<>&|-", lx_peek(lx, 0)) != NULL)
		(void)lx_next(lx);
	skip_blanks(lx);
	if (lex_word(lx, &w, &exp, &quoted) != 0) {
		free(w.p);
		return (-1);
	}
	if (heredoc && w.p != NULL) {
		free(lx->heredoc);
		lx->heredoc = w.p;
		lx->hd_strip = strip;
	} else
		free(w.p);
	return (0);
}

static struct rcconf_var *
rc_find(const struct rcconf *rc, const char *name)
{
	size_t i;

	for (i = 0; i < rc->n; i++)
		if (strcmp(rc->v[i].name, name) == 0)
			return (&rc->v[i]);
	return (NULL);
}

/* Append v (taking its strings) to rc. */
static int
rc_push(struct rcconf *rc, struct rcconf_var *v, struct ioc_err *err)
{
	struct rcconf_var *nv;
	size_t ncap;

	if (rc->n == rc->cap) {
		ncap = rc->cap == 0 ? 16 : rc->cap * 2;
		if ((nv = reallocarray(rc->v, ncap, sizeof(*nv))) == NULL)
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		rc->v = nv;
		rc->cap = ncap;
	}
	rc->v[rc->n++] = *v;
	(void)memset(v, 0, sizeof(*v));
	return (0);
}

/* Open-addressing index of rc->v by name, used while parsing. */
struct rc_index {
	size_t *slot; /* 0: empty, else the index into v plus one */
	size_t cap;   /* a power of two */
};

/* FNV-1a. */
static size_t
rc_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h);
}

/* The slot of name: its entry, or the empty slot where it belongs. */
static size_t *
idx_slot(const struct rc_index *ix, const struct rcconf *rc, const char *name)
{
	size_t i = rc_hash(name) & (ix->cap - 1);

	while (
	    ix->slot[i] != 0 && strcmp(rc->v[ix->slot[i] - 1].name, name) != 0)
		i = (i + 1) & (ix->cap - 1);
	return (&ix->slot[i]);
}

/* Make room for one more name (the table stays at most half full). */
static int
idx_grow(struct rc_index *ix, const struct rcconf *rc, struct ioc_err *err)
{
	struct rc_index nix;
	size_t i;

	if ((rc->n + 1) * 2 <= ix->cap)
		return (0);
	nix.cap = ix->cap == 0 ? 64 : ix->cap * 2;
	if ((nix.slot = calloc(nix.cap, sizeof(*nix.slot))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < rc->n; i++)
		*idx_slot(&nix, rc, rc->v[i].name) = i + 1;
	free(ix->slot);
	*ix = nix;
	return (0);
}

/* Apply (or drop) the assignments of a finished command. */
static int
end_command(struct rcconf *rc, struct rc_index *ix, struct rcconf *pending,
    enum rc_state *st, struct ioc_err *err)
{
	struct rcconf_var *old;
	size_t i, *sp;
	int rv = 0;

	for (i = 0; i < pending->n && *st != RC_OTHER && rv == 0; i++) {
		struct rcconf_var *v = &pending->v[i];

		if ((rv = idx_grow(ix, rc, err)) != 0)
			break;
		sp = idx_slot(ix, rc, v->name);
		if (*sp != 0) {
			old = &rc->v[*sp - 1];
			free(old->value);
			old->value = v->value;
			old->line = v->line;
			old->expansion = v->expansion;
			v->value = NULL;
		} else if ((rv = rc_push(rc, v, err)) == 0)
			*sp = rc->n;
	}
	rcconf_free(pending);
	*st = RC_START;
	return (rv);
}

/* A reserved word after which a new command starts. */
static int
is_reserved(const char *w)
{
	static const char *const words[] = {
	    "!", "{", "do", "elif", "else", "if", "then", "until", "while"};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(w, words[i]) == 0)
			return (1);
	return (0);
}

/* The word at the current position: an assignment or a command word. */
static int
lex_command_word(struct rc_lex *lx, struct rcconf *pending, enum rc_state *st)
{
	struct rcconf_var v = {0};
	struct rc_buf w = {0};
	size_t j = lx->i;
	int exp = 0, quoted = 0, rv = -1, c;

	if (*st != RC_OTHER && is_name_start(lx_peek(lx, 0))) {
		while (j < lx->len && is_name_char((unsigned char)lx->s[j]))
			j++;
	}
	if (j > lx->i && j < lx->len && lx->s[j] == '=') {
		v.line = lx->line;
		if ((v.name = malloc(j - lx->i + 1)) == NULL) {
			(void)ioc_err_set(
			    lx->err, IOC_ENOMEM, ENOMEM, "out of memory");
			goto out;
		}
		(void)memcpy(v.name, lx->s + lx->i, j - lx->i);
		v.name[j - lx->i] = '\0';
		lx->i = j + 1;
		if (lex_word(lx, &w, &v.expansion, &quoted) != 0 ||
		    (v.value = rb_take(&w, lx->err)) == NULL ||
		    rc_push(pending, &v, lx->err) != 0)
			goto out;
		rv = 0;
		goto out;
	}
	if (lex_word(lx, &w, &exp, &quoted) != 0)
		goto out;
	rv = 0;
	if (*st == RC_EXPORT)
		goto out;
	c = lx_peek(lx, 0);
	if (w.p != NULL && *st == RC_START) {
		if (!quoted && pending->n == 0 && is_reserved(w.p))
			goto out;
		/* Builtins, not reserved words: quoting does not matter. */
		if (strcmp(w.p, "export") == 0 ||
		    strcmp(w.p, "readonly") == 0) {
			*st = RC_EXPORT;
			goto out;
		}
		/* An I/O number such as the 2 of "2>/dev/null". */
		if (!quoted && (c == '<' || c == '>') &&
		    strspn(w.p, "0123456789") == w.len)
			goto out;
	}
	*st = RC_OTHER;
out:
	free(w.p);
	free(v.name);
	free(v.value);
	return (rv);
}

/* Parse rc.conf text; see rcconf.h for the accepted syntax. */
int
rcconf_parse(
    const char *buf, size_t len, struct rcconf *out, struct ioc_err *err)
{
	struct rcconf rc = {0}, pending = {0};
	struct rc_index ix = {0};
	struct rc_lex lx = {.s = buf, .len = len, .line = 1, .err = err};
	enum rc_state st = RC_START;
	const char *nul;
	size_t i;
	int c, rv = -1;

	(void)memset(out, 0, sizeof(*out));
	if (len > 0 && (nul = memchr(buf, '\0', len)) != NULL) {
		for (i = 0; buf + i < nul; i++)
			if (buf[i] == '\n')
				lx.line++;
		(void)ioc_err_set(
		    err, IOC_EPARSE, 0, "line %zu: NUL byte", lx.line);
		goto out;
	}
	for (;;) {
		skip_blanks(&lx);
		c = lx_peek(&lx, 0);
		if (c < 0)
			break;
		if (c == '#') {
			while ((c = lx_peek(&lx, 0)) >= 0 && c != '\n')
				(void)lx_next(&lx);
		} else if (c == '\n' || c == ';' || c == '&' || c == '|' ||
		    c == '(' || c == ')') {
			(void)lx_next(&lx);
			if (end_command(&rc, &ix, &pending, &st, err) != 0)
				goto out;
			if (c == '\n')
				skip_heredoc(&lx);
		} else if (c == '<' || c == '>') {
			if (lex_redirect(&lx) != 0)
				goto out;
		} else if (lex_command_word(&lx, &pending, &st) != 0)
			goto out;
	}
	if (end_command(&rc, &ix, &pending, &st, err) != 0)
		goto out;
	*out = rc;
	(void)memset(&rc, 0, sizeof(rc));
	rv = 0;
out:
	free(ix.slot);
	free(lx.heredoc);
	rcconf_free(&pending);
	rcconf_free(&rc);
	return (rv);
}

/* Borrowed value of name, or NULL. */
const char *
rcconf_get(const struct rcconf *rc, const char *name)
{
	const struct rcconf_var *v;

	if (rc == NULL || name == NULL)
		return (NULL);
	v = rc_find(rc, name);
	return (v != NULL ? v->value : NULL);
}

/* True when the text of value holds something sh would expand. */
int
rcconf_has_expansion(const char *value)
{
	const char *p;

	if (value == NULL)
		return (0);
	for (p = value; *p != '\0'; p++) {
		if (*p == '`')
			return (1);
		if (*p == '$' && is_expansion_start((unsigned char)p[1]))
			return (1);
	}
	return (0);
}

/* Release every variable of rc. */
void
rcconf_free(struct rcconf *rc)
{
	size_t i;

	if (rc == NULL)
		return;
	for (i = 0; i < rc->n; i++) {
		free(rc->v[i].name);
		free(rc->v[i].value);
	}
	free(rc->v);
	(void)memset(rc, 0, sizeof(*rc));
}
