/*
 * platform_freebsd_console.c - the FreeBSD side of console and of the live
 * fstab mounts (platform.h).  They need the FreeBSD runtime (jail_attach(2)
 * for a login on a pty of the jail, nmount(2) of nullfs below the jail's
 * root), which has not landed yet: until then each says so.
 */
#include <sys/types.h>

#include "internal.h"
#include "platform.h"

static int
notyet(const char *what, struct ioc_err *err)
{
	return (ioc_err_set(
	    err, IOC_ENOTSUP, 0, "%s on FreeBSD is not implemented yet", what));
}

/* Log in on a pty of a running jail: not implemented yet. */
int
plat_jail_console(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *const *progs, const char *const *argv, const char *const *env,
    uint64_t caps, unsigned flags, int *status, struct ioc_err *err)
{
	(void)ctx;
	(void)r;
	(void)progs;
	(void)argv;
	(void)env;
	(void)caps;
	(void)flags;
	*status = -1;
	return (notyet("console", err));
}

/* Mount an fstab line into a running jail: not implemented yet. */
int
plat_jail_mount(struct ioc_ctx *ctx, const struct plat_running *r,
    const struct plat_mount *m, struct ioc_err *err)
{
	(void)ctx;
	(void)r;
	(void)m;
	return (notyet("mounting into a running jail", err));
}

/* Unmount an fstab line in a running jail: not implemented yet. */
int
plat_jail_umount(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *target, struct ioc_err *err)
{
	(void)ctx;
	(void)r;
	(void)target;
	return (notyet("unmounting in a running jail", err));
}
