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

/* One mount inside the jail, target relative to the jail root. */
struct plat_mount {
	const char *source; /* host path (bind) or file system source */
	const char *target; /* path inside the jail, resolved beneath it */
	const char *fstype; /* NULL: a bind mount (nullfs) */
	const char *data;   /* mount options for fstype, or NULL */
	int readonly;
};

struct plat_spec {
	const char *name;     /* kernel name / identifier */
	const char *root;     /* absolute host path of the jail root */
	const char *hostname; /* UTS host name */
	const struct plat_mount *mounts;
	size_t nmounts;
	int mount_dev;	 /* minimal /dev (devfs) */
	int mount_devfd; /* /dev/fd (fdescfs) */
	int mount_proc;	 /* /proc (procfs) */
	int new_net;	 /* a network namespace of its own */
	uint64_t caps;	 /* capabilities kept in the bounding set */
	struct plat_limits {
		long long memory; /* bytes (memoryuse), -1: none */
		long long procs;  /* processes/threads (maxproc), -1 */
		long long cpu;	  /* percent of one CPU (pcpu), -1 */
		long long files;  /* open files (openfiles), -1 */
	} limits;
	int limits_strict; /* a limit that cannot be enforced is an error */
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
 * Run argv inside a running jail with env as its whole environment, as
 * user (NULL: root; HOME, USER and LOGNAME then follow the user); the
 * bounding set is cut to caps.  *status is the program's exit status
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

#endif /* IOC_PLATFORM_H */
