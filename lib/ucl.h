/*
 * ucl.h - the flat UCL "config" files written by iocell and iocage_legacy
 * (develop) and the legacy host defaults "<root>/.default": one
 * "key = value;" pair per line.  A small strict reader with line-numbered
 * errors and a writer that keeps the file's order (libucl is not packaged
 * on Debian).
 */
#ifndef IOC_UCL_H
#define IOC_UCL_H

#include <stddef.h>

#include "cfg.h"
#include "ioc.h"

/* Key order as found in the file (the writer keeps it). */
struct ucl_order {
	char **keys; /* first occurrence of each key, owned */
	size_t n;
	size_t cap;
};

/*
 * Parse buf (len bytes), a flat UCL object without braces.  Accepted, per
 * line: blank lines, "#" and "//" comments, and pairs KEY SEP VALUE
 * [";" or ","] [comment], several pairs on a line when each but the last
 * ends in ";" or ",".  KEY is [A-Za-z0-9_.-]+ (with ":" inside, as in
 * "a:b") or a quoted string; SEP is "=" or ":" with optional blanks.
 * VALUE is a "double-quoted" string (escapes \" \\ \/ \b \f \n \r \t
 * \uXXXX, surrogate pairs decoded to UTF-8), a 'single-quoted' string
 * (only \' is an escape) or a bare token up to a blank, ";", "," or "#"
 * (kept as text: "on", "yes", "1" stay strings).  A string must end on
 * its line.  A duplicate key: the last one wins (libucl would build an
 * implicit array).  Refused with IOC_EPARSE "line N: <what>": nested
 * objects or arrays, "/" + "*" comments, "<<" multi-line strings, a
 * missing separator or value, a bare value with blanks inside, unknown
 * escapes, \u0000, raw control characters (but tab) in strings, NUL
 * bytes, and an unterminated string (also when the file is cut in one;
 * a last line without ";" and newline is fine).  Bytes >= 0x80 are kept
 * as they are.  On success out and *order (when order is not NULL) are
 * replaced, their old contents released (both must be initialised, a
 * zeroed struct is); on failure neither is touched.
 */
int ucl_parse(const char *buf, size_t len, struct cfg *out,
    struct ucl_order *order, struct ioc_err *err);

/*
 * Serialise c as UCL_EMIT_CONFIG "key = "value";" lines: keys of order
 * first in that order (skipping removed ones), then the remaining keys
 * sorted.  Values are always quoted; \", \\, \n and \t are escaped, other
 * control characters written as \uXXXX; keys are bare when they are
 * [A-Za-z0-9_.-]+, quoted otherwise.  order may be NULL.  Returns a new
 * NUL-terminated buffer ("" for an empty c), or NULL with IOC_EINVAL for
 * an empty key.  ucl_parse() of the result gives c back.
 */
char *ucl_format(
    const struct cfg *c, const struct ucl_order *order, struct ioc_err *err);

/* Release the keys of o; o is empty afterwards.  NULL is a no-op. */
void ucl_order_free(struct ucl_order *o);

#endif /* IOC_UCL_H */
