/*
 * platform_linux.h - what the Linux platform files (platform_linux*.c)
 * share.  Not portable: include it only from lib/platform_linux*.c.
 */
#ifndef IOC_PLATFORM_LINUX_H
#define IOC_PLATFORM_LINUX_H

#include "ioc.h"

/*
 * Load the jail's seccomp filter into the calling process (and what it
 * will exec): the deny list for the confinement flags (PLAT_CONF_* of
 * platform.h), loaded without no_new_privs while the caller holds
 * CAP_SYS_ADMIN (with it otherwise).  Returns 0, or -1 with errno.
 */
int plat_seccomp_load(unsigned confine);

/*
 * Create the jail's devices cgroup dir (cgroup v1) with the allowlist of
 * the minimal /dev: everything denied, then null zero full random urandom
 * tty ptmx and the pty slaves.  Without a devices controller, and on
 * cgroup v2 (v2 is true: that needs a device BPF program, not written),
 * it warns and returns 0.  Returns 0, or -1 with err set.
 */
int plat_cg_devices(
    struct ioc_ctx *ctx, const char *dir, int v2, struct ioc_err *err);

/*
 * Fence the dangerous corners of a freshly mounted /proc and /sys beneath
 * rootfd: kernel memory, logs and debug files masked, sysrq-trigger
 * read-only, firmware and power-meter directories hidden.  Entries this
 * kernel lacks are skipped.  Returns 0, or -1 with errno and *what set to
 * the entry that failed.
 */
int plat_mask_kernel(int rootfd, const char **what);

/*
 * Is a process that is not an ioc init (pid 1 of its own pid namespace,
 * named ioc-init) in the cgroup dir?  1 with *pid set to the first one,
 * else 0 (no such group, an empty one, or only ioc inits: left over).
 */
int plat_cg_foreign(const char *dir, long *pid);

/*
 * Report a failed step of a child to its parent over fd as
 * "E<what>: <strerror>" and end the child.
 */
void plat_child_fail(int fd, const char *what, int sys);

#endif /* IOC_PLATFORM_LINUX_H */
