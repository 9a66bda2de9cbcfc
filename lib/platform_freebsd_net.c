/*
 * platform_freebsd_net.c - VNET on FreeBSD: the plan of netplan.c carried
 * out with epair(4) and if_bridge(4) (spec §11.4) by platform_freebsd.c's
 * fb_net_up() and fb_net_down(), which build on fbplan.c.
 */
#include <stddef.h>

#include "fbplan.h"
#include "internal.h"
#include "netplan.h"
#include "platform.h"

/* Create the VNET interfaces of a plan for a running jail. */
int
plat_net_up(struct ioc_ctx *ctx, const struct plat_running *r,
    const struct netplan *p, struct ioc_err *err)
{
	if (p->mode != NETPLAN_VNET || p->nnics == 0)
		return (0);
	return (fb_net_up(ctx, r, p, err));
}

/* Delete the recorded host interfaces that still carry their alias. */
int
plat_net_down(struct ioc_ctx *ctx, const char *const *names,
    const char *const *aliases, size_t n, struct ioc_err *err)
{
	if (n == 0)
		return (0);
	return (fb_net_down(ctx, names, aliases, n, err));
}
