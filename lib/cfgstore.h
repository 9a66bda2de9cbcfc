/*
 * cfgstore.h - where a jail's (or the host defaults') configuration lives
 * and how it is read and written: config.json (libioc and python-iocage),
 * the UCL "config" file (iocell, iocage_legacy develop) or
 * org.freebsd.iocage:* ZFS user properties (iocage_legacy v1.7.6).
 * Writes change only what changed and keep each file's format.
 */
#ifndef IOC_CFGSTORE_H
#define IOC_CFGSTORE_H

#include "cfg.h"
#include "ioc.h"
#include "ucl.h"

enum cfgfmt {
	CFG_JSON,
	CFG_UCL,
	CFG_ZFS,
};

enum cfgkind {
	CFG_JAIL,     /* <jail>/config.json, <jail>/config, props on <jail> */
	CFG_DEFAULTS, /* <root>/defaults.json, .default, defaults, .defaults */
};

#define CFG_ZFS_PREFIX	  "org.freebsd.iocage:"
#define CFG_ZFS_VALUE_MAX 8191 /* zfs-fuse aborts beyond this */

struct cfgstore {
	enum cfgfmt fmt;
	enum cfgkind kind;
	char *dir;     /* directory that holds the file (dataset mountpoint) */
	char *file;    /* file name in dir ("config.json"), NULL for ZFS */
	char *dataset; /* dataset that holds the properties (ZFS), or NULL */
	int exists;    /* a configuration was found */
	void *json;    /* json_t * of a loaded JSON file */
	int json_raw_utf8; /* write non-ASCII as UTF-8 (python-iocage) */
	int json_newline;  /* the file ended with a newline */
	struct ucl_order order;
	struct cfg orig; /* as loaded */
	struct cfg cur;	 /* as it should be saved */
};

/*
 * Find and load a configuration: dir is the mountpoint of the jail dataset
 * (CFG_JAIL) or of the root dataset (CFG_DEFAULTS), or NULL when it is not
 * mounted (then only properties are read, and files cannot be written); dataset
 * is the jail dataset or, for defaults, "<root>/.defaults" (probed only when no
 * file exists, and never created).  A missing configuration loads empty as
 * JSON.  Parse errors name the file.
 */
int cfgstore_load(struct ioc_ctx *ctx, enum cfgkind kind, const char *dir,
    const char *dataset, struct cfgstore *st, struct ioc_err *err);

/* Write what differs between orig and cur, in the store's format. */
int cfgstore_save(
    struct ioc_ctx *ctx, struct cfgstore *st, struct ioc_err *err);

/*
 * Convert the store to config.json: write config.json with every value,
 * then remove the legacy artifacts (the UCL file, or the local
 * org.freebsd.iocage:* properties).  On failure the jail is left as it
 * was.
 */
int cfgstore_convert_json(
    struct ioc_ctx *ctx, struct cfgstore *st, struct ioc_err *err);

/* "json", "ucl" or "zfs". */
const char *cfgstore_fmt_name(enum cfgfmt fmt);

/*
 * Parse a JSON configuration document into a flat cfg (nested objects
 * become dotted keys; integers become decimal strings, true/false
 * yes/no, null none).  Fuzzable; errors name the line and column.
 */
int cfgstore_json_parse(
    const char *buf, size_t len, struct cfg *out, struct ioc_err *err);

void cfgstore_free(struct cfgstore *st);

#endif /* IOC_CFGSTORE_H */
