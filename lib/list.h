/*
 * list.h - the result of a listing (a table of display strings with a
 * type per column) and its renderers: a bordered table that never exceeds
 * a given width, csv, TAB-separated lines and JSON with real types.
 */
#ifndef IOC_LIST_H
#define IOC_LIST_H

#include <stddef.h>

#include "ioc.h"

#define LIST_WIDTH 80 /* table output never gets wider */

/* How a column's display strings become JSON values. */
enum lcol_type {
	LCOL_TEXT,   /* string; "-" is null */
	LCOL_BOOL,   /* yes/no (or 1/0) as true/false; "-" is null */
	LCOL_NUMBER, /* integer; "-" is null; sorted numerically */
	LCOL_LIST,   /* comma list ("\," escapes) as an array; "-" is null */
};

struct ioc_table {
	size_t ncols;	       /* shown columns */
	size_t stride;	       /* cells per row (> ncols: hidden sort key) */
	char **names;	       /* stride column names */
	enum lcol_type *types; /* stride column types */
	size_t nrows;
	size_t cap;
	char **cells; /* nrows * stride owned display strings */
};

/* An empty table with these columns (copied). */
int list_table_init(struct ioc_table *t, const char *const *names,
    const enum lcol_type *types, size_t ncols, size_t stride,
    struct ioc_err *err);

/* Append a row: stride values, taken over (freed on failure too). */
int list_table_add(struct ioc_table *t, char **row, struct ioc_err *err);

/* Release what a table holds (not the struct itself). */
void list_table_clear(struct ioc_table *t);

/*
 * Stable sort by column col: numbers ascending for LCOL_NUMBER columns
 * (none last), byte order otherwise.
 */
void list_table_sort(struct ioc_table *t, size_t col);

/*
 * The bordered table of libioc (texttable): "+---+" rules, centred
 * upper-case header over a "=" rule, left-aligned cells, a rule after each
 * row.  Cells wrap inside their column so that no line is wider than
 * width; IOC_EINVAL when even one character per column does not fit.
 */
char *list_fmt_table(
    const struct ioc_table *t, int header, size_t width, struct ioc_err *err);

/* ";"-separated lines; fields with ";", '"' or a line break are quoted. */
char *list_fmt_csv(const struct ioc_table *t, int header, struct ioc_err *err);

/* TAB-separated lines; tabs and line breaks in values become spaces. */
char *list_fmt_list(const struct ioc_table *t, int header, struct ioc_err *err);

/* A JSON array of objects keyed by column name, with real JSON types. */
char *list_fmt_json(const struct ioc_table *t, struct ioc_err *err);

#endif /* IOC_LIST_H */
