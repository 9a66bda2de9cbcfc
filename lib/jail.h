/*
 * jail.h - jails as datasets with a configuration: finding them in their
 * sources, reading and changing their properties.
 */
#ifndef IOC_JAIL_H
#define IOC_JAIL_H

#include <stddef.h>

#include "cfgstore.h"
#include "ioc.h"
#include "source.h"
#include "zds.h"

/* One jail dataset found under <root>/jails. */
struct jent {
	const struct src *src; /* borrowed from the context */
	char *name;	       /* dataset basename (a UUID for legacy jails) */
	char *human;	       /* legacy tag of a UUID jail, or NULL */
	char *dataset;
	char *mountpoint;
};

struct jentlist {
	struct jent *v;
	size_t n;
};

struct ioc_jail {
	struct ioc_ctx *ctx;
	int is_defaults;
	struct jent ent;	/* owned copies */
	struct cfgstore cfg;	/* the jail's (or the defaults') config */
	const struct cfg *defs; /* host defaults, borrowed from ctx */
	/* jail_open_start(): the source's releases, listed with the jail */
	struct zds_table rels;
	int rels_known;
};

/*
 * ioc_jail_open() for start: the same one zfs call also lists the jail's
 * source's releases (<root>/releases, two levels, no snapshots) into
 * j->rels (rels_known) for the basejail step.
 */
struct ioc_jail *jail_open_start(
    struct ioc_ctx *ctx, const char *selector, struct ioc_err *err);

/*
 * Every jail of every source (or of the source named src, when not NULL),
 * with one zfs call per source.
 */
int jail_list(struct ioc_ctx *ctx, const char *src, struct jentlist *out,
    struct ioc_err *err);

void jail_list_free(struct jentlist *l);

/* The host defaults of the main source, loaded once per context. */
const struct cfgstore *jail_defaults(struct ioc_ctx *ctx, struct ioc_err *err);

/* Running state from the runtime state directory: 1 running, 0 not. */
int jail_running(struct ioc_ctx *ctx, const struct jent *e, long *jid);

#endif /* IOC_JAIL_H */
