/*
 * value.h - the value algebra every part of ioc shares (spec §1.1):
 * booleans, none, lists with "\," escapes, and their renderings.
 */
#ifndef IOC_VALUE_H
#define IOC_VALUE_H

#include <stddef.h>

#include "ioc.h"

enum val_style {
	VAL_DISPLAY, /* yes / no / -            (get, list, filters) */
	VAL_JSON,    /* yes / no / none         (config.json) */
	VAL_LEGACY,  /* on / off / none         (UCL and ZFS properties) */
};

/* True for NULL, "", "none" and "-" (case-insensitive). */
int val_is_none(const char *s);

/*
 * Parse yes/true/on/1 (1) and no/false/off/0 (0), case-insensitive.
 * Returns 0 and sets *b, or -1 when s is not a boolean word.
 */
int val_parse_bool(const char *s, int *b);

/*
 * Parse a decimal integer ("-1", "3", "5.0" and "+7" are fine; "5.1",
 * "0x10", "", "1e3" and out-of-range values are not).  Returns 0 or -1.
 */
int val_parse_int(const char *s, long long *v);

/* The word for a boolean in a style: yes/no or on/off. */
const char *val_bool_word(int b, enum val_style style);

/* The word for none in a style: "-" or "none". */
const char *val_none_word(enum val_style style);

/*
 * Split s on sep, honouring "\<sep>" as an escaped separator (the
 * backslash is removed).  Empty items and none items are dropped; a none s
 * gives zero items.  *items is a NULL-terminated array of new strings.
 */
int val_list_split(
    const char *s, char sep, char ***items, size_t *n, struct ioc_err *err);

/* Join items with sep, escaping sep inside items as "\<sep>". */
char *val_list_join(
    char *const *items, size_t n, char sep, struct ioc_err *err);

/* Free a list from val_list_split(). */
void val_list_free(char **items);

/*
 * Anchored glob match: "*" matches any run (also empty), "+" one or more
 * characters; every other character is literal.
 */
int val_glob(const char *pattern, const char *s);

#endif /* IOC_VALUE_H */
