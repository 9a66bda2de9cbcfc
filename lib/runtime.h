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

#define JAIL_PATH                                                              \
	"PATH=/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin"

/* Split and validate one "KEY=VALUE" start override (stored as set would). */
int rt_parse_override(
    const char *o, char *key, size_t size, char **stored, struct ioc_err *err);

/* The capabilities a jail's allow_* properties grant. */
uint64_t rt_jail_caps(struct ioc_jail *j);

#endif /* IOC_RUNTIME_H */
