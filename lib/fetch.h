/*
 * fetch.h - pieces of the release fetch pipeline (lib/fetch.c) that are
 * pure logic, for the unit tests.
 */
#ifndef IOC_FETCH_H
#define IOC_FETCH_H

#include <stddef.h>

#include "ioc.h"

#define FETCH_CACHE_DEFAULT "/var/cache/ioc"
#define FETCH_CACHE_ENV	    "IOC_CACHE_DIR"
#define FETCH_EOL_ENV	    "IOC_EOL_URL"

/*
 * Apply key="value" settings to the text of an rc.conf-style file: every
 * line assigning one of the keys (KEY=..., leading blanks allowed) is
 * replaced by KEY="VALUE", and keys without a line are appended.  kv is a
 * NULL-terminated list of alternating keys and values.  *out is a new
 * string; *changed is 1 when it differs from the input.
 */
int fetch_conf_apply(const char *in, size_t len, const char *const *kv,
    char **out, int *changed, struct ioc_err *err);

/*
 * Normalise an asset name given by the user into "<name>.txz": ".txz" is
 * optional; names are [A-Za-z0-9._-] without a leading "." or "-".
 */
int fetch_asset_name(
    const char *name, char *buf, size_t size, struct ioc_err *err);

#endif /* IOC_FETCH_H */
