/*
 * runtime.h - the runtime state of jails under <rundir>/jails/<source>/
 * <name>/: what start recorded so that running, jid, exec and stop need
 * no zfs call, and a killed ioc can be cleaned up by the next stop/start.
 */
#ifndef IOC_RUNTIME_H
#define IOC_RUNTIME_H

#include "ioc.h"
#include "platform.h"

/*
 * Read the recorded state of a jail: 1 and *r filled when its init still
 * runs, 0 when it does not (*stale is set when a record was left behind
 * by a jail that is gone), -1 on error.
 */
int rt_state_read(const struct ioc_ctx *ctx, const char *source,
    const char *name, struct plat_running *r, int *stale);

/* Record a started jail (atomically). */
int rt_state_write(const struct ioc_ctx *ctx, const char *source,
    const char *name, const struct plat_running *r, struct ioc_err *err);

/* Forget a jail's state (stopped, or stale). */
void rt_state_remove(
    const struct ioc_ctx *ctx, const char *source, const char *name);

/*
 * Create the state directory of a jail before start creates anything of
 * it: from then on a killed ioc leaves a directory the next start or stop
 * finds (*stale of rt_state_read()).
 */
int rt_state_prepare(const struct ioc_ctx *ctx, const char *source,
    const char *name, struct ioc_err *err);

/*
 * Clean up after a jail that does not run (stale): its processes and
 * cgroups, VNET host interfaces and state directory.  r is the recorded
 * state, zeroed when there was none.
 */
void rt_state_clean(struct ioc_ctx *ctx, const char *source, const char *name,
    struct plat_running *r);

#define JAIL_PATH                                                              \
	"PATH=/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin"

/* Split and validate one "KEY=VALUE" start override (stored as set would). */
int rt_parse_override(
    const char *o, char *key, size_t size, char **stored, struct ioc_err *err);

/* The capabilities a jail's allow_* properties grant. */
uint64_t rt_jail_caps(struct ioc_jail *j);

/* The PLAT_CONF_* confinement of a jail (allow_mount, securelevel). */
unsigned rt_jail_confine(struct ioc_jail *j);

/* HOME, USER and LOGNAME of a command run as a user of the jail. */
struct rt_user_env {
	char home[300];
	char user[300];
	char logname[300];
};

/*
 * Look user up in the jail's own etc/passwd and etc/group beneath root
 * (*u), and point env[1], env[3] and env[4] (HOME, USER and LOGNAME of an
 * environment laid out {JAIL_PATH, HOME, TERM, USER, LOGNAME}) at its
 * strings in *ue.  Returns 0 or -1 (pw_lookup()'s errors; a missing
 * passwd is "user '<user>': ...").
 */
int rt_jail_user(const char *root, const char *user, struct pw_user *u,
    struct rt_user_env *ue, const char **env, struct ioc_err *err);

/* Start an opened jail (ioc_jail_start() after the lookup); frees j. */
int rt_jail_start_open(struct ioc_jail *j, const char *const *overrides,
    size_t noverrides, long *jid, struct ioc_err *err);

/* exec -f: the command a one-shot start runs instead of exec_start. */
struct rt_oneshot {
	const char *const *argv;
	const char *const *env;	    /* the command's whole environment */
	const struct pw_user *user; /* NULL: root */
	int status;		    /* out: its exit status */
};

/*
 * Start an opened jail (freed here) for o's command alone: the start
 * steps before exec_start, the command with the caller's stdio, then
 * every step undone and the jails it depends on stopped again.  Returns
 * -1 when the jail could not start or the command could not run.
 */
int rt_jail_oneshot_open(
    struct ioc_jail *j, struct rt_oneshot *o, struct ioc_err *err);

/* A running jail as its launch record describes it (rtlaunch.c). */
struct rt_launch {
	char src[128];
	char name[256];
	char dataset[1024];
	char srcdataset[1024];
	char mountpoint[4096];
	char root[4096];
	char defaults[4096]; /* the host defaults' directory, or "" */
	uint64_t caps;	     /* the capabilities it was started with */
	unsigned confine;    /* its PLAT_CONF_* flags */
	struct plat_running run;
};

/*
 * Record beside a started jail's state what exec and stop need: its
 * dataset, mountpoint, root, capabilities and host defaults' directory.
 */
int rt_launch_write(
    struct ioc_jail *j, const char *root, uint64_t caps, struct ioc_err *err);

/*
 * Find a running jail by "name" or "source/name" through the runtime
 * state alone (no zfs call): 1 and *out filled, or 0 when the caller must
 * look it up the usual way (not running, not recorded, ambiguous).
 */
int rt_launch_find(struct ioc_ctx *ctx, const char *selector,
    struct rt_launch *out, struct ioc_err *err);

/*
 * ioc_jail_open() for stop: a running jail is opened from its launch
 * record and its config file, without a zfs call, when it can be.
 */
struct ioc_jail *rt_jail_open_running(
    struct ioc_ctx *ctx, const char *selector, struct ioc_err *err);

/*
 * The read-only clone root-pN that a basejail of "REL[-pN]" in source s
 * shares, mounted (rtbase.c): *mp (new) is its mountpoint.  Found in known
 * (jail_open_start()'s listing) when not NULL and it is there, else in one
 * zfs call; a zfs mount only when it is not mounted yet.
 */
struct src;
struct zds_table;
int rt_release_clone(struct ioc_ctx *ctx, const struct src *s,
    const char *release, const struct zds_table *known, char **mp,
    struct ioc_err *err);

#endif /* IOC_RUNTIME_H */
