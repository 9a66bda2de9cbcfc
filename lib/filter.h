/*
 * filter.h - filter terms (spec §7): "key=value[,value...]" terms and name
 * terms "[source/]name" with the globs "*" and "+"; terms are ANDed, the
 * values of one term ORed.
 */
#ifndef IOC_FILTER_H
#define IOC_FILTER_H

#include <stddef.h>

#include "ioc.h"

struct fterm {
	char *key;     /* NULL for a name term */
	char *source;  /* name term: the "source/" prefix, or NULL */
	char **values; /* NULL-terminated alternatives */
	size_t nvalues;
};

struct filter {
	struct fterm *t;
	size_t n;
};

/*
 * Parse filter arguments: each argument may hold several terms separated
 * by unescaped whitespace.  Name terms must be valid names once the globs
 * are removed (or "*" / "+" alone).
 */
int filter_parse(const char *const *args, size_t nargs, struct filter *f,
    struct ioc_err *err);

void filter_free(struct filter *f);

/* The source prefix of the first name term, or NULL. */
const char *filter_source(const struct filter *f);

/*
 * Does a jail in source with name (and legacy human name, or NULL) pass
 * every name term?  Key terms are not looked at.
 */
int filter_match_name(const struct filter *f, const char *source,
    const char *name, const char *humanname);

/* Display value of key for a jail (borrowed or NULL for none). */
typedef const char *(*filter_lookup_fn)(void *arg, const char *key);

/* Does a jail pass every key term?  Name terms are not looked at. */
int filter_match_keys(
    const struct filter *f, filter_lookup_fn lookup, void *arg);

/* Match one display value against one term's alternatives. */
int filter_value_match(const struct fterm *t, const char *value);

#endif /* IOC_FILTER_H */
