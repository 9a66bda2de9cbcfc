/*
 * platform_freebsd.c - the FreeBSD side of platform.h.  The FreeBSD
 * runtime (jail_set(2) with the parameter list of jparams.c, nmount(2)
 * nullfs and devfs, epair/bridge VNET) is the runtime issue's work; until
 * it lands every operation says so instead of pretending.
 */
#include <sys/types.h>

#include <errno.h>
#include <signal.h>

#include "internal.h"
#include "platform.h"

static int
notyet(struct ioc_err *err)
{
	return (ioc_err_set(err, IOC_ENOTSUP, 0,
	    "starting jails on FreeBSD is not implemented yet"));
}

/* Create and start a persistent jail: not implemented yet. */
int
plat_jail_create(struct ioc_ctx *ctx, const struct plat_spec *spec,
    struct plat_running *out, struct ioc_err *err)
{
	(void)ctx;
	(void)spec;
	out->pid = 0;
	out->start = 0;
	return (notyet(err));
}

/* True when the recorded process still runs. */
int
plat_jail_alive(const struct plat_running *r)
{
	return (r->pid > 1 && kill((pid_t)r->pid, 0) == 0);
}

/* Run a program in a jail: not implemented yet. */
int
plat_jail_exec(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *const *argv, const char *const *env, const struct pw_user *user,
    uint64_t caps, unsigned flags, int *status, struct ioc_err *err)
{
	(void)ctx;
	(void)r;
	(void)argv;
	(void)env;
	(void)user;
	(void)caps;
	(void)flags;
	*status = -1;
	return (notyet(err));
}

/* Stop a jail: not implemented yet. */
int
plat_jail_stop(struct ioc_ctx *ctx, const struct plat_running *r, int timeout_s,
    struct ioc_err *err)
{
	(void)ctx;
	(void)r;
	(void)timeout_s;
	return (notyet(err));
}

/* FreeBSD jails are fenced by the kernel, not by capabilities. */
uint64_t
plat_caps(int allow_mount, int allow_raw_sockets, int allow_chflags,
    int allow_mlock, int allow_set_hostname, int allow_sysvipc)
{
	(void)allow_mount;
	(void)allow_raw_sockets;
	(void)allow_chflags;
	(void)allow_mlock;
	(void)allow_set_hostname;
	(void)allow_sysvipc;
	return (0);
}
