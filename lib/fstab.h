/*
 * fstab.h - a jail's fstab file as a list of lines.  An entry holds
 * fields separated by tabs or spaces (source, destination, type, options,
 * freq, passno), with "\040" (or "\ ") for a space inside a field and an
 * optional "# comment" after the fields; comment and blank lines are kept
 * byte for byte.  Paths are absolute host paths.  Pure: no I/O here.
 */
#ifndef IOC_FSTAB_H
#define IOC_FSTAB_H

#include <stddef.h>

#include "ioc.h"

#define FSTAB_NFIELDS 6 /* source destination type options freq passno */

/* Where one field lies in its line, in its raw (escaped) form. */
struct fstab_field {
	size_t off;
	size_t len;
};

struct fstab_line {
	char *text;	/* the line without its newline (owned) */
	int entry;	/* 0: comment or blank line */
	size_t nfields; /* fields before the comment, at most FSTAB_NFIELDS */
	struct fstab_field f[FSTAB_NFIELDS];
};

struct fstab {
	struct fstab_line *v;
	size_t n;
	int newline; /* the text ended with a newline */
};

/*
 * Split text into lines (LF; a CR before it stays in the line).  Never
 * fails on content: a line that is not an entry is kept as it is.  On
 * failure (out of memory) *out is empty.
 */
int fstab_parse(
    const char *buf, size_t len, struct fstab *out, struct ioc_err *err);

/* The file text again, as a new NUL-terminated string; *lenp its length. */
char *fstab_format(const struct fstab *f, size_t *lenp, struct ioc_err *err);

/* Field i of an entry, decoded ("\040" to a space), as a new string. */
char *fstab_field(const struct fstab_line *l, size_t i, struct ioc_err *err);

/* A path in fstab's escaped form (space, tab, newline, "\"), new string. */
char *fstab_escape(const char *s, struct ioc_err *err);

/*
 * Replace the leading path from by to in the source and destination of
 * every entry where the decoded path is from or lies below it ("from/..."),
 * keeping the rest of each field byte for byte.  *nchanged (may be NULL)
 * counts the changed lines.
 */
int fstab_rewrite_prefix(struct fstab *f, const char *from, const char *to,
    size_t *nchanged, struct ioc_err *err);

/* Release the lines (a zeroed fstab is fine). */
void fstab_free(struct fstab *f);

#endif /* IOC_FSTAB_H */
