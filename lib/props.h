/*
 * props.h - the property table: every jail property as one row.  get, set,
 * validation, list columns, the jail(2) mapping and the man page derive
 * from it.
 */
#ifndef IOC_PROPS_H
#define IOC_PROPS_H

#include <stddef.h>

#include "cfg.h"
#include "ioc.h"
#include "value.h"

enum prop_type {
	PT_STRING,     /* free text */
	PT_BOOL,       /* stored yes / no */
	PT_FLAG,       /* stored "1" / "0" (jail(2) booleans, mount_*) */
	PT_INT,	       /* decimal, within [min, max] */
	PT_ENUM,       /* one of choices ("a|b|c") */
	PT_NSMODE,     /* disable / new / inherit (jail(2): 0 / 1 / 2) */
	PT_LIST,       /* comma list */
	PT_ADDR4,      /* ip4_addr */
	PT_ADDR6,      /* ip6_addr */
	PT_INTERFACES, /* interfaces */
	PT_ROUTER4,    /* defaultrouter */
	PT_ROUTER6,    /* defaultrouter6 */
	PT_RESOLVER,   /* resolver */
	PT_DEPENDS,    /* filter terms */
	PT_RLIMIT,     /* resource limit */
	PT_MACPAIR,    /* <nic>_mac */
	PT_UUID,       /* host_hostuuid, hostid */
	PT_RELEASE,    /* release name, optionally -pN */
	PT_DEVFS,      /* devfs_ruleset: number or ruleset name */
	PT_DATASETS,   /* space-separated dataset names */
	PT_MACPREFIX,  /* mac_prefix: spec_check_mac_prefix() */
};

#define PF_READONLY 0x01 /* computed or identity: never set by the user */
#define PF_RESTART  0x02 /* takes effect at the next start */
#define PF_FREEBSD  0x04 /* only meaningful on FreeBSD */
#define PF_LINUX    0x08 /* only meaningful on Linux */
#define PF_JPARAM   0x10 /* passed to jail(2) as jparam */
#define PF_PATTERN  0x20 /* row matches a family of keys (user.*, ...) */
#define PF_NOSAVE   0x40 /* never written to a config file */
#define PF_ALIAS    0x80 /* another name of a property (name, uuid, ...) */
/*
 * A python-iocage key that ioc keeps as found but does not use: it loads,
 * get shows it, a save preserves it.  Plain py-iocage settings stay
 * settable (as free text); the ones py-iocage computes or passes through
 * to ZFS (CONFIG_VERSION, last_started, state, quota, used ...) are
 * PF_READONLY as well.
 */
#define PF_FOREIGN   0x100
#define PF_NODEFAULT 0x200 /* per jail: host defaults never apply (id ...) */

struct prop {
	const char *name;      /* key, or pattern for PF_PATTERN rows */
	const char *def;       /* built-in default (stored form), NULL: none */
	const char *def_linux; /* default on Linux, when different */
	const char *jparam;    /* jail(2) parameter name, or NULL */
	const char *choices;   /* PT_ENUM: "a|b|c" */
	const char *desc;      /* one line, for the manual */
	const char *alias;     /* PF_ALIAS: the property this names */
	long long min, max;    /* PT_INT bounds */
	enum prop_type type;
	unsigned flags;
};

/* The row for key (exact, or a pattern row); NULL for unknown keys. */
const struct prop *prop_find(const char *key);

/* Number of rows and row i, in table order (sorted by name). */
size_t prop_count(void);
const struct prop *prop_at(size_t i);

/*
 * The built-in default of a row on this platform (stored form) or NULL.
 * On Linux def_linux wins when set; a def_linux of "none" means no
 * default there.
 */
const char *prop_default(const struct prop *p);

/* The row a key resolves to: the target row for aliases, else p. */
const struct prop *prop_canonical(const struct prop *p);

/*
 * Validate input for key and normalise it to the stored form (the form
 * config.json holds: yes/no, "1"/"0", decimal, canonical special syntax).
 * *out is a new string, or NULL when the value is none.  An invalid value
 * fails with IOC_EINVAL and "Invalid value for property '<key>': <why>".
 * Unknown keys fail with "The config property '<key>' is unknown",
 * read-only ones with "The config property '<key>' is read-only".
 * python-iocage forms are accepted: "off" for a resource limit (none),
 * "auto" for a default router (kept), the jail name as host_hostuuid.
 */
int prop_normalize(
    const char *key, const char *input, char **out, struct ioc_err *err);

/*
 * Like prop_normalize() for a value read from a config file: read-only
 * keys (id, CONFIG_VERSION, ...) are validated too instead of refused.
 */
int prop_normalize_loaded(
    const char *key, const char *input, char **out, struct ioc_err *err);

/*
 * Render a stored value (or NULL for none) for a style: booleans as
 * yes/no (display, JSON) or on/off (legacy), none as "-" or "none".
 * PT_FLAG values stay "1" / "0" in every style; legacy stored forms
 * ("on", "1" for a yes/no property, "0".."2" for a namespace mode) are
 * rendered in the style's words.  Unknown keys render as free text.
 * Returns a new string.
 */
char *prop_render(const char *key, const char *stored, enum val_style style,
    struct ioc_err *err);

/*
 * The jail(2) number of a PT_NSMODE value: 0 disable, 1 new, 2 inherit
 * (JAIL_SYS_DISABLE, JAIL_SYS_NEW, JAIL_SYS_INHERIT of <sys/jail.h>; the
 * "disable/inherit/new -> 0/1/2" of spec §6.5 does not match the kernel's
 * constants).  Numbers in input and files mean the same.  -1 when the
 * value is neither a mode word nor one of those numbers.
 */
int prop_nsmode(const char *stored);

/*
 * Effective value of key: the jail's own value, else the host default,
 * else the built-in default (every property resolves this way, spec
 * §18.2 item 14 fixed; PF_NODEFAULT rows such as id, release and
 * host_hostuuid skip the host defaults).  A stored none ("none", "-") is
 * none and does not fall through.  Two computed readings of libioc:
 * basejail_type is none unless basejail is on, and type is basejail /
 * clonejail when those flags are on.  Borrowed from jail, defaults or the
 * table; NULL means none (also python-iocage's "off" of a resource
 * limit).  Either config may be NULL.
 */
const char *prop_effective(
    const char *key, const struct cfg *jail, const struct cfg *defaults);

#endif /* IOC_PROPS_H */
