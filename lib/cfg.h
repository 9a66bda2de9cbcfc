/*
 * cfg.h - a flat configuration: dotted keys mapped to string values, kept
 * sorted by key.  Values are stored exactly as read or as normalised by
 * props.c; interpretation is the property table's job.
 */
#ifndef IOC_CFG_H
#define IOC_CFG_H

#include <stddef.h>

#include "ioc.h"

struct cfg_kv {
	char *key;
	char *value;
};

struct cfg {
	struct cfg_kv *kv;
	size_t n;
	size_t cap;
};

/* An empty configuration (a zeroed struct cfg is one too). */
void cfg_init(struct cfg *c);

/* Release every entry. */
void cfg_clear(struct cfg *c);

/* Borrowed value of key, or NULL when the key is not set. */
const char *cfg_get(const struct cfg *c, const char *key);

/* Set key to a copy of value (replacing an existing value). */
int cfg_set(
    struct cfg *c, const char *key, const char *value, struct ioc_err *err);

/* Remove key; returns 1 when it was set, 0 when not. */
int cfg_del(struct cfg *c, const char *key);

/* Replace dst by a copy of src. */
int cfg_copy(struct cfg *dst, const struct cfg *src, struct ioc_err *err);

/* True when both hold the same keys with the same values. */
int cfg_equal(const struct cfg *a, const struct cfg *b);

#endif /* IOC_CFG_H */
