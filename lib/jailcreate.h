/*
 * jailcreate.h - the pure parts of "create" and "destroy": PROP=VALUE
 * operands, batch names, the new jail's configuration and which origin
 * snapshots belong to a jail.  Not installed.
 */
#ifndef IOC_JAILCREATE_H
#define IOC_JAILCREATE_H

#include <stddef.h>

#include "cfg.h"
#include "ioc.h"

#define JC_COUNT_MAX 10000 /* -c N: at most this many jails at once */

/* One validated PROP=VALUE operand. */
struct jc_assign {
	char *key;
	char *value; /* stored form (prop_normalize); NULL: none */
};

struct jc_props {
	struct jc_assign *v;
	size_t n;
};

/*
 * Validate PROP=VALUE operands through prop_normalize(): an operand
 * without "=" is "Invalid property '<x>'", unknown and read-only keys are
 * refused, and "release" must be chosen with -r.  out is freed with
 * jc_props_free() (also after a failure).
 */
int jc_props_parse(
    const char *const *in, size_t n, struct jc_props *out, struct ioc_err *err);

void jc_props_free(struct jc_props *p);

/*
 * Name i (1-based) of a batch of n jails into buf: base itself when n is
 * 1, else "<base>_<i>" (iocage's convention).  The result is checked with
 * ioc_name_check().
 */
int jc_batch_name(const char *base, size_t i, size_t n, char *buf, size_t size,
    struct ioc_err *err);

/* What the configuration of a new jail is made of. */
struct jc_input {
	const char *source;	/* source name of the new jail */
	const char *name;	/* its name */
	const char *release;	/* stored release value, or NULL */
	int basejail;		/* from a release: -b (1) or -nb (0) */
	const struct cfg *tmpl; /* the template's configuration, or NULL */
	const struct cfg *defs; /* host defaults, or NULL */
	const struct jc_props *props;
	const char *hostuuid; /* the host's uuid, or NULL when unknown */
};

/*
 * The configuration of a new jail: from a template every key except id,
 * name, uuid, template, hostid and host_hostuuid (basejail and
 * basejail_type as the template has them in effect), else basejail (with
 * basejail_type nullfs) or not; then id, release, hostid and the generated
 * host_hostuuid (spec §10.4), then the operands.  A basejail_type of zfs
 * in effect is refused with a hint to use nullfs.
 */
int jc_config(const struct jc_input *in, struct cfg *out, struct ioc_err *err);

/*
 * The snapshot name create gives the template snapshot of a new jail:
 * "<name>", or "<source>:<name>" when the template lives in another
 * source (":" never appears in a jail name, so the two cannot collide).
 */
int jc_origin_snapname(const char *jail_source, const char *tmpl_source,
    const char *name, char *buf, size_t size);

/* Is ds the dataset top, below it, or a snapshot of either? */
int jc_ds_within(const char *top, const char *ds);

/*
 * The name of the jail a dataset "<root>/jails/<name>[/...][@snap]"
 * belongs to, into buf; -1 when ds is not below <root>/jails.
 */
int jc_jail_of(const char *root, const char *ds, char *buf, size_t size);

#endif /* IOC_JAILCREATE_H */
