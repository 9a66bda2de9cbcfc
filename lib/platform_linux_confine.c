/*
 * platform_linux_confine.c - what fences a Linux jail beyond its
 * namespaces and its bounding set: a seccomp deny list, the devices cgroup
 * allowlist of the minimal /dev, and the masks over /proc and /sys.
 *
 * The seccomp filter is a deny list (anything not listed is allowed, so
 * programs keep working as in a FreeBSD jail) that answers EPERM, the
 * errno a missing privilege gives, so programs fail the way they already
 * handle.  Most entries are also gated by a capability the jail lacks;
 * the filter is the second fence, and for the calls no capability guards
 * (keyrings, user namespaces, userfaultfd, io_uring) and the one a kept
 * capability allows (open_by_handle_at with CAP_DAC_READ_SEARCH) the only
 * one.  The list follows what Docker's default profile, podman's and
 * systemd-nspawn's refuse to a container, narrowed to a jail's needs.
 */
#define _GNU_SOURCE 1

#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"
#include "internal.h"
#include "platform.h"
#include "platform_linux.h"

/* When an entry of the deny list applies. */
enum deny_when {
	D_ALWAYS,  /* in every jail */
	D_NOMOUNT, /* unless allow_mount */
	D_REMOUNT, /* unless allow_mount, and always with securelevel >= 1 */
	D_SECURE,  /* with allow_mount and securelevel >= 1 */
};

struct deny {
	const char *name;    /* system call (resolved for every ABI) */
	enum deny_when when; /* see above */
	int arg;	     /* -1: every call, else the argument tested */
	uint64_t bits;	     /* ... denied when it has these bits set */
	int err;	     /* the errno returned */
};

/*
 * The deny list.  Each entry, and why a jail must not have it:
 */
static const struct deny deny_list[] = {
    /* Kernel modules: code in the host's kernel (CAP_SYS_MODULE is never
     * granted; Docker, nspawn @module). */
    {"init_module", D_ALWAYS, -1, 0, EPERM},
    {"finit_module", D_ALWAYS, -1, 0, EPERM},
    {"delete_module", D_ALWAYS, -1, 0, EPERM},
    /* Replacing the host's kernel (CAP_SYS_BOOT; Docker, nspawn). */
    {"kexec_load", D_ALWAYS, -1, 0, EPERM},
    {"kexec_file_load", D_ALWAYS, -1, 0, EPERM},
    /* Opening any file of a file system by its handle, bypassing the
     * jail's root: the "shocker" escape.  The jail keeps
     * CAP_DAC_READ_SEARCH for root's usual file access, so only this
     * filter stops it; name_to_handle_at is its other half (Docker). */
    {"open_by_handle_at", D_ALWAYS, -1, 0, EPERM},
    {"name_to_handle_at", D_ALWAYS, -1, 0, EPERM},
    /* Programs in the host's kernel, host-wide tracing and its side
     * channels (Docker, nspawn without CAP_SYS_ADMIN/CAP_BPF). */
    {"bpf", D_ALWAYS, -1, 0, EPERM},
    {"perf_event_open", D_ALWAYS, -1, 0, EPERM},
    {"lookup_dcookie", D_ALWAYS, -1, 0, EPERM},
    /* A tool to stretch kernel races in exploits; allowed to anyone in
     * user mode (Docker without CAP_SYS_PTRACE). */
    {"userfaultfd", D_ALWAYS, -1, 0, EPERM},
    /* Kernel keyrings are not namespaced: uid 0 in the jail would share
     * the host root's (Docker, nspawn @keyring). */
    {"keyctl", D_ALWAYS, -1, 0, EPERM},
    {"add_key", D_ALWAYS, -1, 0, EPERM},
    {"request_key", D_ALWAYS, -1, 0, EPERM},
    /* Host-wide state: swap, reboot, process accounting, quotas, the
     * kernel log, raw I/O ports (Docker, nspawn @swap @reboot @raw-io). */
    {"swapon", D_ALWAYS, -1, 0, EPERM},
    {"swapoff", D_ALWAYS, -1, 0, EPERM},
    {"reboot", D_ALWAYS, -1, 0, EPERM},
    {"acct", D_ALWAYS, -1, 0, EPERM},
    {"quotactl", D_ALWAYS, -1, 0, EPERM},
    {"quotactl_fd", D_ALWAYS, -1, 0, EPERM},
    {"syslog", D_ALWAYS, -1, 0, EPERM},
    {"iopl", D_ALWAYS, -1, 0, EPERM},
    {"ioperm", D_ALWAYS, -1, 0, EPERM},
    /* io_uring's operations run without passing this filter, and it has
     * a long record of kernel bugs (Docker since 25.0). */
    {"io_uring_setup", D_ALWAYS, -1, 0, EPERM},
    /* New user namespaces hand out every capability over new namespaces
     * of all kinds, a large attack surface no FreeBSD jail offers.
     * clone3 passes its flags in memory a filter cannot read: ENOSYS
     * makes the C library fall back to clone (Docker, Chromium). */
    {"unshare", D_ALWAYS, 0, CLONE_NEWUSER, EPERM},
    {"clone", D_ALWAYS, 0, CLONE_NEWUSER, EPERM},
    {"clone3", D_ALWAYS, -1, 0, ENOSYS},
    /* Mounting, unless allow_mount (it needs CAP_SYS_ADMIN anyway). */
    {"mount", D_NOMOUNT, -1, 0, EPERM},
    {"umount", D_NOMOUNT, -1, 0, EPERM},
    {"umount2", D_NOMOUNT, -1, 0, EPERM},
    {"pivot_root", D_NOMOUNT, -1, 0, EPERM},
    {"open_tree", D_NOMOUNT, -1, 0, EPERM},
    {"move_mount", D_NOMOUNT, -1, 0, EPERM},
    {"fsopen", D_NOMOUNT, -1, 0, EPERM},
    {"fsmount", D_NOMOUNT, -1, 0, EPERM},
    {"fsconfig", D_NOMOUNT, -1, 0, EPERM},
    {"setns", D_NOMOUNT, -1, 0, EPERM},
    /* Changing the flags of existing mounts: never with securelevel >= 1,
     * so the read-only basedirs and /proc/sys stay read-only. */
    {"mount_setattr", D_REMOUNT, -1, 0, EPERM},
    {"fspick", D_REMOUNT, -1, 0, EPERM},
    {"mount", D_SECURE, 3, MS_REMOUNT, EPERM},
};

#define NDENY (sizeof(deny_list) / sizeof(deny_list[0]))

static int
deny_applies(enum deny_when when, unsigned confine)
{
	int mnt = (confine & PLAT_CONF_MOUNT) != 0;
	int secure = (confine & PLAT_CONF_SECURE) != 0;

	switch (when) {
	case D_ALWAYS:
		return (1);
	case D_NOMOUNT:
		return (!mnt);
	case D_REMOUNT:
		return (!mnt || secure);
	case D_SECURE:
		return (mnt && secure);
	}
	return (1);
}

/*
 * Every ABI the kernel accepts from this machine's processes gets the same
 * rules: on amd64 the i386 (int 0x80) and x32 ABIs, on arm64 the 32-bit
 * arm one.  Calls of any other ABI kill the process.
 */
static int
add_arches(scmp_filter_ctx sc)
{
	static const struct {
		uint32_t native, also;
	} sub[] = {
	    {SCMP_ARCH_X86_64, SCMP_ARCH_X86},
	    {SCMP_ARCH_X86_64, SCMP_ARCH_X32},
	    {SCMP_ARCH_AARCH64, SCMP_ARCH_ARM},
	};
	uint32_t native = seccomp_arch_native();
	size_t i;
	int rc;

	rc = seccomp_attr_set(
	    sc, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	for (i = 0; rc == 0 && i < sizeof(sub) / sizeof(sub[0]); i++) {
		if (sub[i].native != native)
			continue;
		rc = seccomp_arch_add(sc, sub[i].also);
		if (rc == -EEXIST)
			rc = 0;
	}
	return (rc);
}

/* Load the jail's seccomp filter. */
int
plat_seccomp_load(unsigned confine)
{
	scmp_filter_ctx sc;
	size_t i;
	int rc, nr;

	if ((sc = seccomp_init(SCMP_ACT_ALLOW)) == NULL) {
		errno = ENOMEM;
		return (-1);
	}
	/*
	 * No no_new_privs: the caller still holds CAP_SYS_ADMIN, which is
	 * what lets a filter be loaded without it, and setuid programs (su,
	 * sudo) must keep working inside as in a FreeBSD jail; what they
	 * gain is bounded by the jail's bounding set and this filter.
	 */
	rc = seccomp_attr_set(sc, SCMP_FLTATR_CTL_NNP, 0);
	if (rc == 0)
		rc = add_arches(sc);
	for (i = 0; rc == 0 && i < NDENY; i++) {
		const struct deny *d = &deny_list[i];

		if (!deny_applies(d->when, confine))
			continue;
		/* A call this libseccomp does not know yet is skipped. */
		nr = seccomp_syscall_resolve_name(d->name);
		if (nr == __NR_SCMP_ERROR)
			continue;
		if (d->arg < 0)
			rc =
			    seccomp_rule_add(sc, SCMP_ACT_ERRNO(d->err), nr, 0);
		else
			rc = seccomp_rule_add(sc, SCMP_ACT_ERRNO(d->err), nr, 1,
			    SCMP_CMP((unsigned)d->arg, SCMP_CMP_MASKED_EQ,
				d->bits, d->bits));
	}
	if (rc == 0 && (rc = seccomp_load(sc)) == -EACCES &&
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0) {
		/* Without CAP_SYS_ADMIN only no_new_privs allows a filter. */
		rc = seccomp_load(sc);
	}
	seccomp_release(sc);
	if (rc != 0) {
		errno = rc < 0 ? -rc : EINVAL;
		return (-1);
	}
	return (0);
}

static int
write_str(const char *dir, const char *file, const char *value)
{
	char path[512];
	ssize_t n;
	int fd, e;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return (-1);
	n = write(fd, value, strlen(value));
	e = errno;
	(void)close(fd);
	if (n != (ssize_t)strlen(value)) {
		errno = n < 0 ? e : EIO;
		return (-1);
	}
	return (0);
}

static int
devices_allow(const char *dir)
{
	/* null zero full random urandom, tty, ptmx, the pty slaves. */
	static const char *const allow[] = {"c 1:3 rwm", "c 1:5 rwm",
	    "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:2 rwm",
	    "c 136:* rwm"};
	size_t i;

	if (write_str(dir, "devices.deny", "a") != 0)
		return (-1);
	for (i = 0; i < sizeof(allow) / sizeof(allow[0]); i++)
		if (write_str(dir, "devices.allow", allow[i]) != 0)
			return (-1);
	return (0);
}

/* Create the jail's devices cgroup with the allowlist of the minimal /dev. */
int
plat_cg_devices(
    struct ioc_ctx *ctx, const char *dir, int v2, struct ioc_err *err)
{
	char parent[512];
	const char *slash = strrchr(dir, '/');

	if (v2) {
		ioc_log(ctx, IOC_LOG_WARN,
		    "device allowlist not applied: cgroup v2 needs a device "
		    "BPF program, which ioc does not load yet");
		return (0);
	}
	(void)snprintf(parent, sizeof(parent), "%.*s",
	    slash != NULL ? (int)(slash - dir) : 0, dir);
	if (access(parent, W_OK) != 0) {
		ioc_log(ctx, IOC_LOG_WARN,
		    "device allowlist not applied: no devices cgroup "
		    "controller");
		return (0);
	}
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return (ioc_err_sys(err, 0, "cgroup %s", dir));
	if (devices_allow(dir) != 0)
		return (ioc_err_sys(err, 0, "device allowlist %s", dir));
	return (0);
}

/*
 * Mount over the entry path beneath rootfd: /dev/null over a file (reads
 * find nothing, writes vanish), an empty read-only tmpfs over a directory,
 * or the entry itself read-only (self).  A missing entry is skipped.
 */
static int
mask_one(int rootfd, const char *path, int self)
{
	struct ioc_err err;
	struct stat sb;
	char p[64];
	int fd, rv;

	fd = fsu_open_in_root(
	    rootfd, path, O_PATH | O_NOFOLLOW, 0, FSU_WALK, &err);
	if (fd < 0)
		return (0); /* not on this kernel */
	(void)snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	if (fstat(fd, &sb) != 0)
		rv = -1;
	else if (self)
		rv = mount(p, p, NULL, MS_BIND, NULL);
	else if (S_ISDIR(sb.st_mode))
		rv = mount("tmpfs", p, "tmpfs",
		    MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		    "mode=0555,size=4k");
	else
		rv = mount("/dev/null", p, NULL, MS_BIND, NULL);
	(void)close(fd);
	if (rv != 0 || !self)
		return (rv);
	/* Read-only, so writes fail with EROFS.  Open the entry again: the
	 * old descriptor names what lies under the new mount. */
	fd = fsu_open_in_root(
	    rootfd, path, O_PATH | O_NOFOLLOW, 0, FSU_WALK, &err);
	if (fd < 0) {
		errno = err.sys != 0 ? err.sys : EINVAL;
		return (-1);
	}
	(void)snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	rv = mount(NULL, p, NULL,
	    MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC, NULL);
	(void)close(fd);
	return (rv);
}

/* Fence the dangerous corners of /proc and /sys beneath rootfd. */
int
plat_mask_kernel(int rootfd, const char **what)
{
	static const struct {
		const char *path;
		int self; /* read-only itself rather than hidden */
	} masks[] = {
	    /* Kernel memory, symbols, log, keys and scheduler internals. */
	    {"proc/kcore", 0},
	    {"proc/kmsg", 0},
	    {"proc/kallsyms", 0},
	    {"proc/keys", 0},
	    {"proc/timer_list", 0},
	    {"proc/timer_stats", 0},
	    {"proc/sched_debug", 0},
	    {"proc/latency_stats", 0},
	    /* Writing a letter here reboots or crashes the host. */
	    {"proc/sysrq-trigger", 1},
	    /* Host hardware: ACPI, SCSI, sound, firmware tables and EFI
	     * variables, power meters (a side channel). */
	    {"proc/acpi", 0},
	    {"proc/scsi", 0},
	    {"proc/asound", 0},
	    {"sys/firmware", 0},
	    {"sys/devices/virtual/powercap", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		*what = masks[i].path;
		if (mask_one(rootfd, masks[i].path, masks[i].self) != 0)
			return (-1);
	}
	return (0);
}
