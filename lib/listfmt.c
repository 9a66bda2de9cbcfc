/*
 * listfmt.c - listing tables: building, sorting and rendering them as a
 * bordered table, csv, TAB-separated lines or JSON (see list.h).
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "list.h"
#include "value.h"

/* A growing output buffer; the first allocation failure sticks. */
struct sbuf {
	char *p;
	size_t len;
	size_t cap;
	int oom;
};

static void
sb_addn(struct sbuf *b, const char *s, size_t n)
{
	char *np;
	size_t ncap;

	if (b->oom)
		return;
	if (b->p == NULL || b->len + n + 1 > b->cap) {
		ncap = b->cap > 0 ? b->cap : 256;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((np = realloc(b->p, ncap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	(void)memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void
sb_fill(struct sbuf *b, char c, size_t n)
{
	char chunk[64];
	size_t k;

	(void)memset(chunk, c, sizeof(chunk));
	while (n > 0) {
		k = n < sizeof(chunk) ? n : sizeof(chunk);
		sb_addn(b, chunk, k);
		n -= k;
	}
}

/* The finished buffer (an empty string for no output), or NULL. */
static char *
sb_finish(struct sbuf *b, struct ioc_err *err)
{
	if (!b->oom && b->p == NULL)
		sb_addn(b, "", 0);
	if (b->oom) {
		free(b->p);
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	return (b->p);
}

/* An empty table with these columns. */
int
list_table_init(struct ioc_table *t, const char *const *names,
    const enum lcol_type *types, size_t ncols, size_t stride,
    struct ioc_err *err)
{
	size_t i;

	(void)memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->stride = stride;
	if ((t->names = calloc(stride + 1, sizeof(*t->names))) == NULL ||
	    (t->types = calloc(stride + 1, sizeof(*t->types))) == NULL)
		goto nomem;
	for (i = 0; i < stride; i++) {
		if ((t->names[i] = strdup(names[i])) == NULL)
			goto nomem;
		t->types[i] = types[i];
	}
	return (0);
nomem:
	list_table_clear(t);
	return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
}

/* Append a row of stride values, taking them over. */
int
list_table_add(struct ioc_table *t, char **row, struct ioc_err *err)
{
	char **nc;
	size_t i, ncap;

	if (t->nrows == t->cap) {
		ncap = t->cap > 0 ? t->cap * 2 : 16;
		nc = realloc(t->cells, ncap * t->stride * sizeof(*nc));
		if (nc == NULL) {
			for (i = 0; i < t->stride; i++)
				free(row[i]);
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		}
		t->cells = nc;
		t->cap = ncap;
	}
	(void)memcpy(
	    &t->cells[t->nrows * t->stride], row, t->stride * sizeof(*row));
	t->nrows++;
	return (0);
}

/* Release what a table holds. */
void
list_table_clear(struct ioc_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; t->cells != NULL && i < t->nrows * t->stride; i++)
		free(t->cells[i]);
	for (i = 0; t->names != NULL && i < t->stride; i++)
		free(t->names[i]);
	free(t->cells);
	free(t->names);
	free(t->types);
	(void)memset(t, 0, sizeof(*t));
}

static int
cell_cmp(enum lcol_type type, const char *a, const char *b)
{
	long long x, y;
	int na, nb;

	if (type == LCOL_NUMBER) {
		na = val_parse_int(a, &x) == 0;
		nb = val_parse_int(b, &y) == 0;
		if (na && nb)
			return (x < y ? -1 : x > y);
		if (na != nb)
			return (na ? -1 : 1);
	}
	return (strcmp(a, b));
}

/* Stable merge sort of row indices by one column. */
static void
msort(const struct ioc_table *t, size_t col, size_t *v, size_t *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j, k = 0;

	if (n < 2)
		return;
	msort(t, col, v, tmp, mid);
	msort(t, col, v + mid, tmp, n - mid);
	j = mid;
	while (i < mid && j < n) {
		if (cell_cmp(t->types[col], t->cells[v[j] * t->stride + col],
			t->cells[v[i] * t->stride + col]) < 0)
			tmp[k++] = v[j++];
		else
			tmp[k++] = v[i++];
	}
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	(void)memcpy(v, tmp, n * sizeof(*v));
}

/* Stable sort by column col. */
void
list_table_sort(struct ioc_table *t, size_t col)
{
	size_t *idx, *tmp, i;
	char **cells;

	if (t->nrows < 2 || col >= t->stride)
		return;
	idx = calloc(t->nrows, sizeof(*idx));
	tmp = calloc(t->nrows, sizeof(*tmp));
	cells = calloc(t->nrows * t->stride, sizeof(*cells));
	if (idx == NULL || tmp == NULL || cells == NULL)
		goto out; /* unsorted rather than lost */
	for (i = 0; i < t->nrows; i++)
		idx[i] = i;
	msort(t, col, idx, tmp, t->nrows);
	for (i = 0; i < t->nrows; i++)
		(void)memcpy(&cells[i * t->stride],
		    &t->cells[idx[i] * t->stride], t->stride * sizeof(*cells));
	(void)memcpy(t->cells, cells, t->nrows * t->stride * sizeof(*cells));
out:
	free(idx);
	free(tmp);
	free(cells);
}

/* --------------------------------------------------------------- table */

/* Characters (UTF-8 code points) in the first n bytes of s. */
static size_t
u8len(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return (c);
}

/* Bytes of the first c characters of s (at most n bytes). */
static size_t
u8bytes(const char *s, size_t n, size_t c)
{
	size_t i = 0;

	while (i < n && c > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		c--;
	}
	return (i);
}

/* The widest line of a cell, in characters. */
static size_t
cell_width(const char *s)
{
	size_t w = 0, n;

	for (;;) {
		n = strcspn(s, "\n");
		if (u8len(s, n) > w)
			w = u8len(s, n);
		if (s[n] == '\0')
			return (w);
		s += n + 1;
	}
}

struct seg {
	const char *p;
	size_t n;
};

/*
 * Split a cell into lines of at most w characters: at its line breaks,
 * then at the last space, or after the last comma or hyphen, that fits,
 * else hard.  *segs is a
 * new array (NULL when empty) of *nsegs pieces.
 */
static int
wrap(const char *s, size_t w, struct seg **segs, size_t *nsegs)
{
	struct seg *v = NULL, *nv;
	size_t n = 0, cap = 0, len, take, i, brk;

	do {
		len = strcspn(s, "\n");
		do {
			take = len;
			if (u8len(s, take) > w) {
				take = u8bytes(s, len, w);
				brk = 0;
				for (i = take; i > 0; i--) {
					if (s[i] == ' ' || s[i - 1] == ',' ||
					    s[i - 1] == ' ' ||
					    (s[i - 1] == '-' && i > 1)) {
						brk = i;
						break;
					}
				}
				if (brk > 0)
					take = brk;
			}
			if (n == cap) {
				cap = cap > 0 ? cap * 2 : 4;
				if ((nv = realloc(v, cap * sizeof(*v))) ==
				    NULL) {
					free(v);
					return (-1);
				}
				v = nv;
			}
			v[n].p = s;
			v[n].n = take;
			while (v[n].n > 0 && s[v[n].n - 1] == ' ' && take < len)
				v[n].n--;
			n++;
			s += take;
			len -= take;
			while (len > 0 && *s == ' ' && n > 0) {
				s++;
				len--;
			}
		} while (len > 0);
		if (*s == '\n')
			s++;
		else
			break;
	} while (1);
	*segs = v;
	*nsegs = n;
	return (0);
}

static void
rule(struct sbuf *b, const size_t *w, size_t n, char c)
{
	size_t i;

	sb_add(b, "+");
	for (i = 0; i < n; i++) {
		sb_fill(b, c, w[i] + 2);
		sb_add(b, "+");
	}
	sb_add(b, "\n");
}

/* The wrapped lines of one cell. */
struct wcell {
	struct seg *v;
	size_t n;
};

/* One table row of (possibly wrapped) cells; centre for the header. */
static int
draw_row(
    struct sbuf *b, char *const *cells, const size_t *w, size_t n, int centre)
{
	struct wcell *wc;
	size_t lines = 0, i, l, used, pad, left;
	int rv = -1;

	if ((wc = calloc(n, sizeof(*wc))) == NULL)
		return (-1);
	for (i = 0; i < n; i++) {
		if (wrap(cells[i], w[i], &wc[i].v, &wc[i].n) != 0)
			goto out;
		if (wc[i].n > lines)
			lines = wc[i].n;
	}
	for (l = 0; l < lines; l++) {
		sb_add(b, "|");
		for (i = 0; i < n; i++) {
			used =
			    l < wc[i].n ? u8len(wc[i].v[l].p, wc[i].v[l].n) : 0;
			pad = w[i] - used;
			left = centre ? pad / 2 : 0;
			sb_fill(b, ' ', 1 + left);
			if (l < wc[i].n)
				sb_addn(b, wc[i].v[l].p, wc[i].v[l].n);
			sb_fill(b, ' ', pad - left + 1);
			sb_add(b, "|");
		}
		sb_add(b, "\n");
	}
	rv = 0;
out:
	for (i = 0; i < n; i++)
		free(wc[i].v);
	free(wc);
	return (rv);
}

/* Column widths: natural, or shared out round-robin like texttable. */
static int
widths(const struct ioc_table *t, char *const *hdr, size_t width, size_t *w,
    struct ioc_err *err)
{
	size_t n = t->ncols, i, r, sum = 0, deco = 3 * n + 1, avail, *want;

	for (i = 0; i < n; i++) {
		w[i] = hdr != NULL ? cell_width(hdr[i]) : 0;
		for (r = 0; r < t->nrows; r++) {
			size_t cw = cell_width(t->cells[r * t->stride + i]);

			if (cw > w[i])
				w[i] = cw;
		}
		if (w[i] == 0)
			w[i] = 1;
		sum += w[i];
	}
	if (sum + deco <= width)
		return (0);
	if (width < deco + n)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "%zu columns do not fit in a table of %zu characters; "
		    "use another output format",
		    n, width));
	if ((want = calloc(n, sizeof(*want))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	(void)memcpy(want, w, n * sizeof(*w));
	(void)memset(w, 0, n * sizeof(*w));
	avail = width - deco;
	for (i = 0; avail > 0; i = (i + 1) % n) {
		if (w[i] < want[i]) {
			w[i]++;
			avail--;
		}
	}
	free(want);
	return (0);
}

/* The bordered table. */
char *
list_fmt_table(
    const struct ioc_table *t, int header, size_t width, struct ioc_err *err)
{
	struct sbuf b = {NULL, 0, 0, 0};
	char **hdr = NULL;
	size_t *w = NULL, i, r;
	char *p;

	if (t->ncols == 0 || (t->nrows == 0 && !header))
		return (sb_finish(&b, err));
	if ((w = calloc(t->ncols, sizeof(*w))) == NULL ||
	    (hdr = calloc(t->ncols, sizeof(*hdr))) == NULL)
		goto nomem;
	for (i = 0; header && i < t->ncols; i++) {
		if ((hdr[i] = strdup(t->names[i])) == NULL)
			goto nomem;
		for (p = hdr[i]; *p != '\0'; p++)
			*p = (char)toupper((unsigned char)*p);
	}
	if (widths(t, header ? hdr : NULL, width, w, err) != 0)
		goto fail;
	rule(&b, w, t->ncols, '-');
	if (header) {
		if (draw_row(&b, hdr, w, t->ncols, 1) != 0)
			goto nomem;
		rule(&b, w, t->ncols, '=');
	}
	for (r = 0; r < t->nrows; r++) {
		if (draw_row(&b, &t->cells[r * t->stride], w, t->ncols, 0) != 0)
			goto nomem;
		rule(&b, w, t->ncols, '-');
	}
	for (i = 0; i < t->ncols; i++)
		free(hdr[i]);
	free(hdr);
	free(w);
	return (sb_finish(&b, err));
nomem:
	(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
fail:
	for (i = 0; hdr != NULL && i < t->ncols; i++)
		free(hdr[i]);
	free(hdr);
	free(w);
	free(b.p);
	return (NULL);
}

/* ----------------------------------------------------------- csv, list */

static void
upper(struct sbuf *b, const char *s)
{
	char c;

	for (; *s != '\0'; s++) {
		c = (char)toupper((unsigned char)*s);
		sb_addn(b, &c, 1);
	}
}

static void
csv_field(struct sbuf *b, const char *s)
{
	const char *q;

	if (strpbrk(s, ";\"\n\r") == NULL) {
		sb_add(b, s);
		return;
	}
	sb_add(b, "\"");
	while ((q = strchr(s, '"')) != NULL) {
		sb_addn(b, s, (size_t)(q - s) + 1);
		sb_add(b, "\"");
		s = q + 1;
	}
	sb_add(b, s);
	sb_add(b, "\"");
}

static void
list_field(struct sbuf *b, const char *s)
{
	size_t n;

	while (*s != '\0') {
		n = strcspn(s, "\t\n\r");
		sb_addn(b, s, n);
		s += n;
		if (*s != '\0') {
			sb_add(b, " ");
			s++;
		}
	}
}

static char *
fmt_lines(const struct ioc_table *t, int header, const char *sep, int csv,
    struct ioc_err *err)
{
	struct sbuf b = {NULL, 0, 0, 0};
	size_t i, r;

	for (i = 0; header && i < t->ncols; i++) {
		if (i > 0)
			sb_add(&b, sep);
		upper(&b, t->names[i]);
	}
	if (header && t->ncols > 0)
		sb_add(&b, "\n");
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			const char *c = t->cells[r * t->stride + i];

			if (i > 0)
				sb_add(&b, sep);
			if (csv)
				csv_field(&b, c);
			else
				list_field(&b, c);
		}
		sb_add(&b, "\n");
	}
	return (sb_finish(&b, err));
}

/* ";"-separated lines. */
char *
list_fmt_csv(const struct ioc_table *t, int header, struct ioc_err *err)
{
	return (fmt_lines(t, header, ";", 1, err));
}

/* TAB-separated lines. */
char *
list_fmt_list(const struct ioc_table *t, int header, struct ioc_err *err)
{
	return (fmt_lines(t, header, "\t", 0, err));
}

/* ---------------------------------------------------------------- json */

/* A JSON string; bytes that are not UTF-8 become "?". */
static json_t *
jstring(const char *s)
{
	json_t *v;
	char *copy, *p;

	if ((v = json_string(s)) != NULL)
		return (v);
	if ((copy = strdup(s)) == NULL)
		return (NULL);
	for (p = copy; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	v = json_string(copy);
	free(copy);
	return (v);
}

static json_t *
jvalue(enum lcol_type type, const char *s)
{
	char **items = NULL;
	long long n;
	size_t k, nitems = 0;
	json_t *a;
	int b;

	switch (type) {
	case LCOL_BOOL:
		if (val_parse_bool(s, &b) == 0)
			return (json_boolean(b));
		break;
	case LCOL_NUMBER:
		if (val_parse_int(s, &n) == 0)
			return (json_integer((json_int_t)n));
		break;
	case LCOL_LIST:
		if (val_is_none(s))
			return (json_null());
		if (val_list_split(s, ',', &items, &nitems, NULL) != 0 ||
		    (a = json_array()) == NULL) {
			val_list_free(items);
			return (NULL);
		}
		for (k = 0; k < nitems; k++) {
			if (json_array_append_new(a, jstring(items[k])) != 0) {
				json_decref(a);
				a = NULL;
				break;
			}
		}
		val_list_free(items);
		return (a);
	default:
		break;
	}
	if (strcmp(s, "-") == 0 || (type != LCOL_TEXT && val_is_none(s)))
		return (json_null());
	return (jstring(s));
}

/* A JSON array of objects. */
char *
list_fmt_json(const struct ioc_table *t, struct ioc_err *err)
{
	json_t *arr, *obj;
	size_t r, i;
	char *dump, *out;

	if ((arr = json_array()) == NULL)
		goto nomem;
	for (r = 0; r < t->nrows; r++) {
		if ((obj = json_object()) == NULL ||
		    json_array_append_new(arr, obj) != 0)
			goto nomem;
		for (i = 0; i < t->ncols; i++)
			if (json_object_set_new(obj, t->names[i],
				jvalue(t->types[i],
				    t->cells[r * t->stride + i])) != 0)
				goto nomem;
	}
	if ((dump = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
	    NULL)
		goto nomem;
	json_decref(arr);
	out = ioc_aprintf(err, "%s\n", dump);
	free(dump);
	return (out);
nomem:
	json_decref(arr);
	(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
	return (NULL);
}
