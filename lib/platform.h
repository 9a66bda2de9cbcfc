/*
 * platform.h - what the runtime needs from the operating system: create a
 * jail, run a program in it, stop it.  FreeBSD implements it with
 * jail_set(2) (lib/platform_freebsd.c), Linux with namespaces pivoted into
 * the jail's root (lib/platform_linux.c).  The portable runtime (runtime.c)
 * decides what to mount and run; the platform carries it out.
 */
#ifndef IOC_PLATFORM_H
#define IOC_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "ioc.h"
#include "passwd.h"

struct cfg;

/* One mount inside the jail, target relative to the jail root. */
struct plat_mount {
	const char *source; /* host path (bind) or file system source */
	const char *target; /* path inside the jail, resolved beneath it */
	const char *fstype; /* NULL: a bind mount (nullfs) */
	const char *data;   /* mount options for fstype, or NULL */
	int readonly;
};

struct plat_running;

struct plat_spec {
	const char *name;     /* kernel name / identifier */
	const char *root;     /* absolute host path of the jail root */
	const char *hostname; /* UTS host name */
	const struct plat_mount *mounts;
	size_t nmounts;
	int mount_dev;	  /* minimal /dev (devfs) */
	int mount_devfd;  /* /dev/fd (fdescfs) */
	int mount_proc;	  /* /proc (procfs) */
	int new_net;	  /* a network namespace of its own */
	uint64_t caps;	  /* capabilities kept in the bounding set */
	unsigned confine; /* PLAT_CONF_*: what the seccomp filter allows */
	struct plat_limits {
		long long memory; /* bytes (memoryuse), -1: none */
		long long procs;  /* processes/threads (maxproc), -1 */
		long long cpu;	  /* percent of one CPU (pcpu), -1 */
		long long files;  /* open files (openfiles), -1 */
	} limits;
	int limits_strict; /* a limit that cannot be enforced is an error */
	/* FreeBSD (fbplan.c): the configuration its jail(2) parameters,
	 * rctl rules and address aliases are derived from. */
	const char *source;	    /* source name */
	const char *jail;	    /* jail (dataset) name */
	const struct cfg *cfg;	    /* the jail's configuration */
	const struct cfg *defaults; /* host defaults, or NULL */
	/*
	 * Linux: called with the new init's pid and start time before the
	 * init does anything, which it does only once this returned 0 (a
	 * failure, or a caller killed before, ends the init), so that no
	 * jail ever runs unrecorded.  NULL: none.  FreeBSD: not called.
	 */
	int (*record)(
	    void *arg, const struct plat_running *r, struct ioc_err *err);
	void *record_arg;
};

/* A running jail: its init's process id, verified by its start time. */
struct plat_running {
	long pid;
	unsigned long long start;
	char name[128]; /* the jail's kernel name (its cgroup's name) */
};

/*
 * Create and start a persistent jail (its init keeps it alive).  Returns
 * when the jail is ready or has failed; nothing is left after a failure.
 */
int plat_jail_create(struct ioc_ctx *ctx, const struct plat_spec *spec,
    struct plat_running *out, struct ioc_err *err);

/* True when the recorded init still runs (same pid, same start time). */
int plat_jail_alive(const struct plat_running *r);

#define PLAT_EXEC_PASSTHRU 0x01 /* the caller's stdin/stdout/stderr */

/*
 * Confinement, in plat_spec.confine and in plat_jail_exec()'s flags: what
 * the jail's seccomp filter lets through on Linux (FreeBSD: jail params).
 */
#define PLAT_CONF_MOUNT	 0x100 /* allow_mount: the mount system calls */
#define PLAT_CONF_SECURE 0x200 /* securelevel >= 1: no remounts */

/*
 * Run argv inside a running jail with env as its whole environment, as
 * user (NULL: root; HOME, USER and LOGNAME then follow the user); the
 * bounding set is cut to caps, flags' PLAT_CONF_* bits confine it like
 * the jail's init.  *status is the program's exit status
 * (128 + signal when killed).  Returns -1 only when it could not run.
 */
int plat_jail_exec(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *const *argv, const char *const *env, const struct pw_user *user,
    uint64_t caps, unsigned flags, int *status, struct ioc_err *err);

/*
 * Stop a jail: SIGTERM to its init, which passes it on; SIGKILL after
 * timeout_s seconds; returns when every process of the jail is gone.
 */
int plat_jail_stop(struct ioc_ctx *ctx, const struct plat_running *r,
    int timeout_s, struct ioc_err *err);

/* The capability set the allow_* properties grant (platform numbering). */
uint64_t plat_caps(int allow_mount, int allow_raw_sockets, int allow_chflags,
    int allow_mlock, int allow_set_hostname, int allow_sysvipc);

struct netplan;

/*
 * Create the VNET interfaces of plan p (netplan.h, host ends named) for
 * the running jail r: each veth pair's host end on its bridge, which must
 * exist, the other end in the jail's network as the NIC with its MAC,
 * then the addresses, loopback and default routes inside.  On failure
 * the host ends it made are deleted again.
 */
int plat_net_up(struct ioc_ctx *ctx, const struct plat_running *r,
    const struct netplan *p, struct ioc_err *err);

/*
 * Delete the host interfaces names[i] that still exist and still carry
 * the alias aliases[i] (a name may belong to another jail by now);
 * missing ones are fine.
 */
int plat_net_down(struct ioc_ctx *ctx, const char *const *names,
    const char *const *aliases, size_t n, struct ioc_err *err);

/*
 * console: run the first of progs (absolute paths inside the jail) that
 * exists as an executable file, with argv (argv[0] is replaced by that
 * path) and env, through plat_jail_exec() with caps and flags, on a new
 * pseudo-terminal of the jail's own devpts that becomes its controlling
 * terminal.  The caller's stdin/stdout are relayed to it (stdin in raw
 * mode when it is a terminal, its window size passed on) until the
 * program exits.  *status is its exit status.
 */
int plat_jail_console(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *const *progs, const char *const *argv, const char *const *env,
    uint64_t caps, unsigned flags, int *status, struct ioc_err *err);

/*
 * fstab add on a running jail: mount m (target relative to the jail root,
 * resolved inside the jail's mount namespace through no symbolic link)
 * there now; nothing changes on the host.
 */
int plat_jail_mount(struct ioc_ctx *ctx, const struct plat_running *r,
    const struct plat_mount *m, struct ioc_err *err);

/*
 * fstab rm on a running jail: detach the mount at target (relative to the
 * jail root, resolved through no symbolic link) inside the jail's mount
 * namespace.  A target that is not a mount point is fine.
 */
int plat_jail_umount(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *target, struct ioc_err *err);

#endif /* IOC_PLATFORM_H */
