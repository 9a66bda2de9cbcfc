/*
 * fbplan.h - the FreeBSD backend as data.  From a plat_spec and the jail's
 * configuration, fbplan_build() decides everything starting a FreeBSD
 * jail does: the nmount(2) option lists of its mounts, the jail_set(2)
 * parameters, the rctl(2) rules, the host-side address aliases and the
 * VNET commands; fbplan_stop() decides how it is taken down again.
 * platform_freebsd.c only carries a plan out.  Portable: built and
 * unit-tested on every platform.
 */
#ifndef IOC_FBPLAN_H
#define IOC_FBPLAN_H

#include <stddef.h>

#include "ioc.h"
#include "platform.h"
#include "propspec.h"

#define FB_IFCONFIG "/sbin/ifconfig"
#define FB_ROUTE    "/sbin/route"
#define FB_JEXEC    "/usr/sbin/jexec"
#define FB_DHCLIENT "/sbin/dhclient"
#define FB_RTSOLD   "/usr/sbin/rtsold"

/* One nmount(2) option; value NULL is a flag ("ro"). */
struct fb_opt {
	char *name;
	char *value;
};

/* One mount, made before jail_set(2) in the order of the plan. */
struct fb_mount {
	char *fstype;	     /* nullfs devfs fdescfs procfs tmpfs ... */
	char *fspath;	     /* absolute host path: root "/" target */
	char *target;	     /* the same below the root, created beneath it */
	struct fb_opt *opts; /* fstype, fspath, target or from, options */
	size_t nopts;
};

enum fb_ptype {
	FB_P_STR,  /* NUL-terminated string */
	FB_P_INT,  /* int (also the jailsys modes 0 disable 1 new 2 inherit) */
	FB_P_BOOL, /* present as name (value "1") or noname (value "0") */
	FB_P_IP4,  /* comma list, passed as struct in_addr[] */
	FB_P_IP6,  /* comma list, passed as struct in6_addr[] */
};

/* One jail_set(2) parameter. */
struct fb_param {
	char *name; /* the parameter, "allow.set_hostname" */
	enum fb_ptype type;
	char *value; /* text form; "1" / "0" for FB_P_BOOL */
};

/* A program the executor runs (argv[0] absolute), with its undo. */
struct fb_cmd {
	char **argv; /* NULL-terminated */
	char **undo; /* NULL-terminated, or NULL: nothing to undo */
};

struct fb_cmds {
	struct fb_cmd *v;
	size_t n;
};

struct fbplan {
	char ident[256]; /* kernel name "<source>-<name>" */
	char *root;
	int vnet;
	struct fb_mount *mounts;
	size_t nmounts;
	struct fb_param *params;
	size_t nparams;
	char **rctl; /* "jail:<ident>:<resource>:<action>=<amount>/<per>" */
	size_t nrctl;
	struct fb_cmds aliases; /* non-VNET: host-side address aliases */
	char **warnings;	/* what the caller should log */
	size_t nwarnings;
};

struct fbplan_input {
	const struct plat_spec *spec;
	const char *hostuuid; /* for a generated host.hostuuid */
	/* /etc/defaults/devfs.rules and /etc/devfs.rules, read when the
	 * devfs_ruleset is a name; NULL otherwise. */
	const char *devfs_rules;
	int racct; /* kern.racct.enable is 1 */
};

/*
 * Build the start plan.  Every name is validated before it reaches a
 * parameter or an argv.  On failure *p is empty.  Free with fbplan_free().
 */
int fbplan_build(
    const struct fbplan_input *in, struct fbplan *p, struct ioc_err *err);

/* Release a plan (a zeroed one is fine); it is empty afterwards. */
void fbplan_free(struct fbplan *p);

/*
 * The kernel's name of a parameter: the name itself, or for a false
 * boolean "no" before its last component ("allow.noset_hostname",
 * "nopersist"), into buf.  -1 when it does not fit.
 */
int fbplan_param_key(const struct fb_param *p, char *buf, size_t size);

struct netplan;

/*
 * The VNET commands of netplan.c's plan np (host ends named for jid by
 * netplan_set_jid()) once the jail exists as jid and NIC i's epair(4) was
 * created as epairs[i] ("epair3": sides epair3a and epair3b): the a side
 * renamed to the host end with its MAC, its alias as description, up and
 * on its bridge; the b side with its MAC moved into the jail, renamed to
 * the NIC, up and addressed there through jexec; then loopback and the
 * default routes.  Each command carries its undo (NULL when removing the
 * jail or the epair undoes it).  Free out with fbplan_cmds_free().
 */
int fbplan_vnet(const struct netplan *np, long jid, const char *const *epairs,
    struct fb_cmds *out, struct ioc_err *err);

/* True when s is the "epairNa" ifconfig(8) printed for "epair create". */
int fbplan_epair_ok(const char *s);

void fbplan_cmds_free(struct fb_cmds *c);

enum fb_stop_kind {
	FB_STOP_REMOVE, /* jail_remove(2) the jail and wait until it is gone */
	FB_STOP_CMD,	/* run argv; failures are warnings */
	FB_STOP_UMOUNT, /* unmount arg[1] if it is still an arg[0] mount */
	FB_STOP_RCTL,	/* rctl_remove_rule(2) with filter arg[0] */
};

struct fb_stop_step {
	enum fb_stop_kind kind;
	char **arg; /* NULL-terminated */
};

struct fb_stop {
	struct fb_stop_step *v;
	size_t n;
};

/*
 * The stop plan of a started jail: jail_remove, address aliases removed,
 * mounts unmounted in reverse, rctl rules removed.  (VNET interfaces are
 * rtnet.c's: recorded by rt_net_up(), removed by rt_net_down().)
 */
int fbplan_stop(
    const struct fbplan *p, long jid, struct fb_stop *out, struct ioc_err *err);

/* The stop plan as text (one step a line, fields tab-separated). */
char *fbplan_stop_format(const struct fb_stop *s, struct ioc_err *err);

/* Parse fbplan_stop_format()'s text; on failure *out is empty. */
int fbplan_stop_parse(
    const char *text, struct fb_stop *out, struct ioc_err *err);

void fbplan_stop_free(struct fb_stop *s);

/*
 * VNET on FreeBSD, implemented by platform_freebsd.c for plat_net_up()
 * and plat_net_down() (platform_freebsd_net.c): create one epair(4) per
 * NIC of np and run fbplan_vnet()'s commands for the jail r (undone on
 * failure); destroy the host ends names[i] that still carry the
 * description aliases[i].
 */
int fb_net_up(struct ioc_ctx *ctx, const struct plat_running *r,
    const struct netplan *np, struct ioc_err *err);
int fb_net_down(struct ioc_ctx *ctx, const char *const *names,
    const char *const *aliases, size_t n, struct ioc_err *err);

/*
 * The number of a devfs ruleset named in devfs.rules text ("[name=N]"),
 * or -1 when it is not there.
 */
long fbplan_devfs_ruleset(const char *rules, const char *name);

#endif /* IOC_FBPLAN_H */
