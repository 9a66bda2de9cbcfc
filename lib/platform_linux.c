/*
 * platform_linux.c - jails as Linux namespaces (mount, pid, uts, ipc, net,
 * cgroup) pivoted into the jail's root, with a small init as pid 1 that
 * keeps them alive.  Every mount of a running jail exists only in its own
 * mount namespace: nothing is mounted in the host's, so nothing can go
 * stale there.
 */
#define _GNU_SOURCE 1

#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <grp.h>
#include <net/if.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "exec.h"
#include "fsu.h"
#include "internal.h"
#include "platform.h"
#include "platform_linux.h"

#define NS_FLAGS                                                               \
	(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP |         \
	    CLONE_NEWPID)

/* Capabilities every jail keeps (a FreeBSD jail's root can do as much). */
#define CAPS_BASE                                                              \
	((1ULL << CAP_CHOWN) | (1ULL << CAP_DAC_OVERRIDE) |                    \
	    (1ULL << CAP_DAC_READ_SEARCH) | (1ULL << CAP_FOWNER) |             \
	    (1ULL << CAP_FSETID) | (1ULL << CAP_KILL) | (1ULL << CAP_SETGID) | \
	    (1ULL << CAP_SETUID) | (1ULL << CAP_SETPCAP) |                     \
	    (1ULL << CAP_NET_BIND_SERVICE) | (1ULL << CAP_SYS_CHROOT) |        \
	    (1ULL << CAP_AUDIT_WRITE) | (1ULL << CAP_SETFCAP))

/* The capability set the allow_* properties grant. */
uint64_t
plat_caps(int allow_mount, int allow_raw_sockets, int allow_chflags,
    int allow_mlock, int allow_set_hostname, int allow_sysvipc)
{
	uint64_t caps = CAPS_BASE;

	(void)allow_set_hostname; /* sethostname needs CAP_SYS_ADMIN */
	if (allow_mount)
		caps |= 1ULL << CAP_SYS_ADMIN;
	if (allow_raw_sockets)
		caps |= 1ULL << CAP_NET_RAW;
	if (allow_chflags)
		caps |= 1ULL << CAP_LINUX_IMMUTABLE;
	if (allow_mlock)
		caps |= 1ULL << CAP_IPC_LOCK;
	if (allow_sysvipc)
		caps |= 1ULL << CAP_IPC_OWNER;
	return (caps);
}

/* Cut the calling process's own capability sets down to caps. */
static int
limit_caps(uint64_t caps)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[2];

	(void)memset(&h, 0, sizeof(h));
	(void)memset(d, 0, sizeof(d));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &h, d) != 0)
		return (-1);
	d[0].effective &= (uint32_t)caps;
	d[0].permitted &= (uint32_t)caps;
	d[0].inheritable &= (uint32_t)caps;
	d[1].effective &= (uint32_t)(caps >> 32);
	d[1].permitted &= (uint32_t)(caps >> 32);
	d[1].inheritable &= (uint32_t)(caps >> 32);
	return (syscall(SYS_capset, &h, d) != 0 ? -1 : 0);
}

/* Cut the bounding set down to caps; 0 or -1 with errno. */
static int
drop_caps(uint64_t caps)
{
	char buf[16];
	int fd, last = CAP_LAST_CAP, c;
	ssize_t n;

	if ((fd = open(
		 "/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC)) >= 0) {
		if ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
			buf[n] = '\0';
			last = (int)strtol(buf, NULL, 10);
		}
		(void)close(fd);
	}
	for (c = 0; c <= last; c++) {
		if (c < 64 && (caps & (1ULL << c)))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0 && errno != EINVAL)
			return (-1);
	}
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	return (0);
}

/* Start time of a process (field 22 of /proc/PID/stat), 0 if gone. */
static unsigned long long
proc_start(long pid, char *state)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	ssize_t n;
	int fd, field;

	(void)snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return (0);
	n = read(fd, buf, sizeof(buf) - 1);
	(void)close(fd);
	if (n <= 0)
		return (0);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL)
		return (0);
	p += 2;
	if (state != NULL)
		*state = *p;
	for (field = 3; field < 22 && p != NULL; field++)
		if ((p = strchr(p, ' ')) != NULL)
			p++;
	if (p != NULL)
		start = strtoull(p, NULL, 10);
	return (start);
}

/* True when the recorded init still runs. */
int
plat_jail_alive(const struct plat_running *r)
{
	char state = '?';

	return (r->pid > 1 && proc_start(r->pid, &state) == r->start &&
	    state != 'Z' && state != 'X');
}

/* Report a setup failure to the parent and end the child. */
void
plat_child_fail(int fd, const char *what, int sys)
{
	char msg[512];
	int n;

	n = snprintf(msg, sizeof(msg), "E%s: %s", what, strerror(sys));
	if (n > 0)
		(void)!write(fd, msg, (size_t)n);
	_exit(1);
}

/*
 * Remount the mount at target (beneath the root) read-only.  The target is
 * opened again: a descriptor taken before the mount names the directory
 * underneath it, not the new mount.
 */
static int
remount_ro(int rootfd, const char *target, unsigned long extra)
{
	struct ioc_err err;
	char path[64];
	int fd, rv;

	if ((fd = fsu_open_in_root(
		 rootfd, target, O_PATH | O_DIRECTORY, 0, 0, &err)) < 0) {
		errno = err.sys != 0 ? err.sys : EINVAL;
		return (-1);
	}
	(void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rv = mount(NULL, path, NULL,
	    MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | extra,
	    NULL);
	(void)close(fd);
	return (rv);
}

/*
 * A file system's fstab options as mount(2) takes them: the mount flags
 * among them (nosuid, nodev, noexec, noatime, nodiratime) into *fl, the
 * rest (size=, mode= ...) into buf, as a live fstab add does.
 */
static const char *
mount_data(const char *data, char *buf, size_t size, unsigned long *fl)
{
	static const struct {
		const char *name;
		unsigned long flag;
	} flags[] = {{"nosuid", MS_NOSUID}, {"nodev", MS_NODEV},
	    {"noexec", MS_NOEXEC}, {"noatime", MS_NOATIME},
	    {"nodiratime", MS_NODIRATIME}};
	size_t o = 0, len, k;

	if (data == NULL || size == 0)
		return (data);
	while (*data != '\0') {
		len = strcspn(data, ",");
		for (k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if (strlen(flags[k].name) == len &&
			    strncmp(data, flags[k].name, len) == 0)
				break;
		if (k < sizeof(flags) / sizeof(flags[0]))
			*fl |= flags[k].flag;
		else if (len > 0 && o + len + 2 <= size) {
			if (o > 0)
				buf[o++] = ',';
			(void)memcpy(buf + o, data, len);
			o += len;
		}
		data += len;
		if (*data == ',')
			data++;
	}
	buf[o] = '\0';
	return (o > 0 ? buf : NULL);
}

/* Mount onto a directory beneath the root, never through a symlink out. */
static int
mount_beneath(int rootfd, const char *target, const char *source,
    const char *fstype, unsigned long flags, const char *data)
{
	struct ioc_err err;
	char path[64];
	int fd, rv;

	if ((fd = fsu_mkdir_in_root(rootfd, target, 0755, 0, &err)) < 0) {
		errno = err.sys != 0 ? err.sys : EINVAL;
		return (-1);
	}
	(void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rv = mount(source, path, fstype, flags, data);
	(void)close(fd);
	if (rv == 0 && (flags & MS_BIND) && (flags & MS_RDONLY))
		rv = remount_ro(rootfd, target, 0);
	return (rv);
}

/*
 * A system mountpoint (dev, proc, sys) that is a symlink is refused, as
 * libioc refuses one at dev: never followed, not even within the root.
 */
static int
not_symlink(int rootfd, const char *name)
{
	struct stat sb;

	if (fstatat(rootfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(sb.st_mode)) {
		errno = ELOOP;
		return (-1);
	}
	return (0);
}

/* A minimal /dev: null zero full random urandom tty, devpts, shm. */
static int
make_dev(int rootfd, int devfd_link)
{
	static const struct {
		const char *name;
		unsigned maj, min;
	} nodes[] = {
	    {"null", 1, 3},
	    {"zero", 1, 5},
	    {"full", 1, 7},
	    {"random", 1, 8},
	    {"urandom", 1, 9},
	    {"tty", 5, 0},
	};
	struct ioc_err err;
	size_t i;
	int dfd;

	if (not_symlink(rootfd, "dev") != 0 ||
	    mount_beneath(rootfd, "dev", "tmpfs", "tmpfs",
		MS_NOSUID | MS_NOEXEC, "mode=0755,size=1m") != 0)
		return (-1);
	if ((dfd = fsu_open_in_root(
		 rootfd, "dev", O_RDONLY | O_DIRECTORY, 0, 0, &err)) < 0) {
		errno = err.sys;
		return (-1);
	}
	for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		if (mknodat(dfd, nodes[i].name, S_IFCHR | 0666,
			makedev(nodes[i].maj, nodes[i].min)) != 0 ||
		    fchmodat(dfd, nodes[i].name, 0666, 0) != 0)
			goto fail;
	}
	if (symlinkat("pts/ptmx", dfd, "ptmx") != 0 ||
	    symlinkat("/proc/self/fd/0", dfd, "stdin") != 0 ||
	    symlinkat("/proc/self/fd/1", dfd, "stdout") != 0 ||
	    symlinkat("/proc/self/fd/2", dfd, "stderr") != 0)
		goto fail;
	if (devfd_link && symlinkat("/proc/self/fd", dfd, "fd") != 0)
		goto fail;
	(void)close(dfd);
	if (mount_beneath(rootfd, "dev/pts", "devpts", "devpts",
		MS_NOSUID | MS_NOEXEC,
		"newinstance,ptmxmode=0666,mode=0620") != 0)
		return (-1);
	return (mount_beneath(rootfd, "dev/shm", "tmpfs", "tmpfs",
	    MS_NOSUID | MS_NODEV, "mode=1777,size=64m"));
fail:
	(void)close(dfd);
	return (-1);
}

/*
 * /proc of the jail's pid namespace and a read-only /sys, their dangerous
 * corners fenced (plat_mask_kernel(), platform_linux_confine.c).
 */
static int
make_proc(int rootfd, const char **what)
{
	static const char *const readonly[] = {
	    "proc/sys", "proc/bus", "proc/fs", "proc/irq"};
	struct ioc_err err;
	char path[64];
	size_t i;
	int fd;

	*what = "/proc";
	if (not_symlink(rootfd, "proc") != 0 ||
	    mount_beneath(rootfd, "proc", "proc", "proc",
		MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
		return (-1);
	for (i = 0; i < sizeof(readonly) / sizeof(readonly[0]); i++) {
		*what = readonly[i];
		fd = fsu_open_in_root(rootfd, readonly[i],
		    O_PATH | O_DIRECTORY | O_NOFOLLOW, 0, FSU_WALK, &err);
		if (fd < 0)
			continue;
		(void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) != 0) {
			(void)close(fd);
			return (-1);
		}
		(void)close(fd);
		if (remount_ro(rootfd, readonly[i], MS_NOEXEC) != 0)
			return (-1);
	}
	/* sysfs read-only (its network part follows the new netns). */
	*what = "/sys";
	if (not_symlink(rootfd, "sys") != 0 ||
	    mount_beneath(rootfd, "sys", "sysfs", "sysfs",
		MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
		return (-1);
	return (plat_mask_kernel(rootfd, what));
}

/*
 * cgroups: one group per jail, "ioc.<name>", under every v1 controller it
 * needs (memory, pids, cpu) or in the v2 tree when /sys/fs/cgroup itself
 * is cgroup2 (these machines are hybrid: v1 controllers, a near-empty v2
 * tree).  The jail's init joins before it unshares its cgroup namespace,
 * exec joins before it enters the namespaces.
 */
#define CG_ROOT	      "/sys/fs/cgroup"
#define CGROUP2_MAGIC 0x63677270

/* The first CG_NLIMITS carry limits; devices the allowlist of /dev. */
static const char *const cg_v1[] = {"memory", "pids", "cpu", "devices"};
#define CG_NV1	   (sizeof(cg_v1) / sizeof(cg_v1[0]))
#define CG_NLIMITS 3
#define CG_DEVICES 3

static int
cg_is_v2(void)
{
	struct statfs sf;

	return (statfs(CG_ROOT, &sf) == 0 &&
	    (unsigned long)sf.f_type == CGROUP2_MAGIC);
}

/* The group of a jail under controller i (v1) or in the v2 tree. */
static void
cg_path(int v2, size_t i, const char *name, char *buf, size_t size)
{
	if (v2)
		(void)snprintf(buf, size, CG_ROOT "/ioc.%s", name);
	else
		(void)snprintf(buf, size, CG_ROOT "/%s/ioc.%s", cg_v1[i], name);
}

static int
cg_write(const char *dir, const char *file, const char *value)
{
	char path[512];
	ssize_t n;
	int fd;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return (-1);
	n = write(fd, value, strlen(value));
	(void)close(fd);
	return (n == (ssize_t)strlen(value) ? 0 : -1);
}

/*
 * Move the calling process into every group of the jail that exists.  It
 * must have one thread (a child just forked): v1 then moves it through
 * "tasks" as "0", itself, which the kernel does without the global
 * threadgroup lock that moving a whole process through cgroup.procs
 * takes, whose RCU grace period made every start and exec wait 5-13 ms.
 */
static int
cg_join(const char *name)
{
	char dir[512];
	int v2 = cg_is_v2(), rv = 0;
	size_t i;

	for (i = 0; i < (v2 ? 1 : CG_NV1); i++) {
		cg_path(v2, i, name, dir, sizeof(dir));
		if (access(dir, F_OK) == 0 &&
		    cg_write(dir, v2 ? "cgroup.procs" : "tasks", "0") != 0)
			rv = -1;
	}
	return (rv);
}

/* Remove the groups of a jail (they must be empty: its processes gone). */
static void
cg_remove(const char *name)
{
	char dir[512];
	int v2 = cg_is_v2(), tries;
	size_t i;

	for (i = 0; i < (v2 ? 1 : CG_NV1); i++) {
		cg_path(v2, i, name, dir, sizeof(dir));
		/* Exiting tasks leave late: up to 1 s, in 1 ms steps. */
		for (tries = 0; tries < 1000; tries++) {
			if (rmdir(dir) == 0 || errno == ENOENT)
				break;
			(void)usleep(1000);
		}
	}
}

/* What one limit needs: its v1 controller, its files and value. */
static int
cg_apply(struct ioc_ctx *ctx, const struct plat_spec *spec, size_t i,
    const char *dir, int v2, struct ioc_err *err)
{
	const struct plat_limits *lim = &spec->limits;
	char v[64];

	if (i == 0 && lim->memory >= 0) {
		(void)snprintf(v, sizeof(v), "%lld", lim->memory);
		if (cg_write(dir, v2 ? "memory.max" : "memory.limit_in_bytes",
			v) != 0)
			return (ioc_err_sys(err, 0, "memoryuse limit"));
	}
	if (i == 1 && lim->procs >= 0) {
		(void)snprintf(v, sizeof(v), "%lld", lim->procs);
		if (cg_write(dir, "pids.max", v) != 0)
			return (ioc_err_sys(err, 0, "maxproc limit"));
	}
	if (i == 2 && lim->cpu >= 0) {
		(void)snprintf(
		    v, sizeof(v), v2 ? "%lld 100000" : "%lld", lim->cpu * 1000);
		if ((!v2 &&
			cg_write(dir, "cpu.cfs_period_us", "100000") != 0) ||
		    cg_write(dir, v2 ? "cpu.max" : "cpu.cfs_quota_us", v) != 0)
			return (ioc_err_sys(err, 0, "pcpu limit"));
	}
	(void)ctx;
	return (0);
}

/*
 * Create the groups of a jail and set its limits.  A limit whose
 * controller is missing is an error when strict, else a warning.
 */
static int
cg_create(
    struct ioc_ctx *ctx, const struct plat_spec *spec, struct ioc_err *err)
{
	const struct plat_limits *lim = &spec->limits;
	const long long want[] = {lim->memory, lim->procs, lim->cpu};
	static const char *const what[] = {"memoryuse", "maxproc", "pcpu"};
	char dir[512];
	int v2 = cg_is_v2();
	size_t i;
	long pid;

	/* A group of the jail's name that someone else's process holds. */
	for (i = 0; i < (v2 ? 1 : CG_NV1); i++) {
		cg_path(v2, i, spec->name, dir, sizeof(dir));
		if (plat_cg_foreign(dir, &pid))
			return (ioc_err_set(err, IOC_EBUSY, 0,
			    "Jail '%s': cgroup %s is in use by process %ld, "
			    "which is not this jail's",
			    spec->jail != NULL ? spec->jail : spec->name, dir,
			    pid));
	}
	for (i = 0; i < CG_NLIMITS; i++) {
		char ctrl[256];

		if (v2) {
			if (i > 0)
				break;
		} else {
			(void)snprintf(
			    ctrl, sizeof(ctrl), CG_ROOT "/%s", cg_v1[i]);
			if (access(ctrl, W_OK) != 0) {
				if (want[i] < 0)
					continue;
				if (spec->limits_strict) {
					cg_remove(spec->name);
					return (ioc_err_set(err, IOC_ENOTSUP, 0,
					    "%s: no %s cgroup controller "
					    "on this host",
					    what[i], cg_v1[i]));
				}
				ioc_log(ctx, IOC_LOG_WARN,
				    "%s not applied: no "
				    "%s cgroup controller",
				    what[i], cg_v1[i]);
				continue;
			}
		}
		cg_path(v2, i, spec->name, dir, sizeof(dir));
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			(void)ioc_err_sys(err, 0, "cgroup %s", dir);
			cg_remove(spec->name);
			return (-1);
		}
		if (v2) {
			size_t k;

			for (k = 0; k < CG_NLIMITS; k++)
				if (cg_apply(ctx, spec, k, dir, 1, err) != 0)
					goto fail;
		} else if (cg_apply(ctx, spec, i, dir, 0, err) != 0) {
			goto fail;
		}
	}
	/* The devices allowlist of the minimal /dev (confine.c). */
	cg_path(v2, CG_DEVICES, spec->name, dir, sizeof(dir));
	if (plat_cg_devices(ctx, dir, v2, err) != 0)
		goto fail;
	return (0);
fail:
	cg_remove(spec->name);
	return (-1);
}

/* Bring the loopback interface of a new network namespace up. */
static int
loopback_up(void)
{
	struct ifreq ifr;
	int s, rv = -1;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return (-1);
	(void)memset(&ifr, 0, sizeof(ifr));
	(void)strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		rv = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	(void)close(s);
	return (rv);
}

/* pid 1 of the jail: reap children; on SIGTERM pass it on and leave. */
/* A handler, so the kernel delivers the signal to a namespace's init. */
static void
init_nop(int sig)
{
	(void)sig;
}

static void
init_loop(void)
{
	struct sigaction sa;
	sigset_t set;
	siginfo_t si;
	int stopping = 0;

	/* Signals without a handler never reach pid 1 of a namespace. */
	(void)memset(&sa, 0, sizeof(sa));
	sa.sa_handler = init_nop;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGHUP, &sa, NULL);
	(void)sigaction(SIGCHLD, &sa, NULL);

	(void)sigemptyset(&set);
	(void)sigaddset(&set, SIGCHLD);
	(void)sigaddset(&set, SIGTERM);
	(void)sigaddset(&set, SIGINT);
	(void)sigaddset(&set, SIGHUP);
	(void)sigprocmask(SIG_BLOCK, &set, NULL);
	(void)prctl(PR_SET_NAME, "ioc-init", 0, 0, 0);
	for (;;) {
		int sig = sigwaitinfo(&set, &si);

		if (sig == SIGTERM || sig == SIGINT) {
			stopping = 1;
			(void)kill(-1, SIGTERM);
		}
		for (;;) {
			pid_t p = waitpid(-1, NULL, WNOHANG);

			if (p > 0)
				continue;
			if (p < 0 && errno == ECHILD && stopping)
				_exit(0);
			break;
		}
	}
}

/*
 * Everything the jail's pid 1 does before it becomes init, once ioc has
 * recorded it and given leave on go; without that leave (ioc died, or
 * could not record it) it ends at once, having done nothing.
 */
static void
child_setup(const struct plat_spec *spec, int ready, int go)
{
	struct ioc_err err;
	const char *what = NULL;
	int rootfd, nullfd;
	ssize_t n;
	size_t i;
	char c;

	while ((n = read(go, &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 1)
		_exit(1);
	(void)close(go);
	(void)prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		plat_child_fail(ready, "make / private", errno);
	if (mount(spec->root, spec->root, NULL, MS_BIND | MS_REC, NULL) != 0)
		plat_child_fail(ready, "bind the root", errno);
	if ((rootfd = open(spec->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		plat_child_fail(ready, "open the root", errno);
	for (i = 0; i < spec->nmounts; i++) {
		const struct plat_mount *m = &spec->mounts[i];
		unsigned long fl = m->fstype == NULL ? MS_BIND | MS_REC : 0;
		const char *data;
		char dbuf[1024];

		if (m->readonly)
			fl |= MS_RDONLY;
		data = mount_data(m->data, dbuf, sizeof(dbuf), &fl);
		if (mount_beneath(
			rootfd, m->target, m->source, m->fstype, fl, data) != 0)
			plat_child_fail(ready, m->target, errno);
	}
	if (spec->mount_dev && make_dev(rootfd, spec->mount_devfd) != 0)
		plat_child_fail(ready, "/dev", errno);
	if (spec->mount_proc && make_proc(rootfd, &what) != 0)
		plat_child_fail(ready, what, errno);
	if ((nullfd = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
		plat_child_fail(ready, "/dev/null", errno);
	if (fchdir(rootfd) != 0 || syscall(SYS_pivot_root, ".", ".") != 0 ||
	    umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
		plat_child_fail(ready, "pivot_root", errno);
	(void)close(rootfd);
	if (spec->new_net && loopback_up() != 0)
		plat_child_fail(ready, "loopback", errno);
	if (sethostname(spec->hostname, strlen(spec->hostname)) != 0)
		plat_child_fail(ready, "sethostname", errno);
	if (drop_caps(spec->caps) != 0)
		plat_child_fail(ready, "drop capabilities", errno);
	if (spec->limits.files >= 0) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = (rlim_t)spec->limits.files;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			plat_child_fail(ready, "openfiles limit", errno);
	}
	if (plat_seccomp_load(spec->confine) != 0)
		plat_child_fail(ready, "seccomp filter", errno);
	/* The init never execs: its own sets shrink to the bounding set. */
	if (limit_caps(spec->caps) != 0)
		plat_child_fail(ready, "capabilities", errno);
	(void)err;
	if (dup2(nullfd, 0) < 0 || dup2(nullfd, 1) < 0 || dup2(nullfd, 2) < 0)
		plat_child_fail(ready, "stdio", errno);
	(void)setsid();
	(void)!write(ready, "OK", 2);
	(void)close(ready);
	compat_closefrom(3);
	init_loop();
}

/*
 * Create and start a persistent jail.  The init is recorded
 * (spec->record) before it does anything: it waits for a byte on go, and
 * a go closed without one (a killed ioc) ends it.
 */
int
plat_jail_create(struct ioc_ctx *ctx, const struct plat_spec *spec,
    struct plat_running *out, struct ioc_err *err)
{
	int pfd[2] = {-1, -1}, pidp[2] = {-1, -1}, go[2] = {-1, -1}, st;
	int recfail = 0;
	char msg[512];
	ssize_t n, got = 0;
	pid_t a;
	long pid = -1;

	(void)memset(out, 0, sizeof(*out));
	if (cg_create(ctx, spec, err) != 0)
		return (-1);
	/* go is a socket: a send to an init that died fails, no SIGPIPE. */
	if (pipe2(pfd, O_CLOEXEC) != 0 || pipe2(pidp, O_CLOEXEC) != 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, go) != 0) {
		(void)ioc_err_sys(err, IOC_EIO, "pipe");
		cg_remove(spec->name);
		goto out;
	}
	(void)fflush(NULL);
	if ((a = fork()) < 0) {
		(void)ioc_err_sys(err, IOC_EIO, "fork");
		cg_remove(spec->name);
		goto out;
	}
	if (a == 0) {
		pid_t b;

		(void)close(pfd[0]);
		(void)close(pidp[0]);
		(void)close(go[1]);
		/* Join first: the cgroup namespace is rooted where we are. */
		if (cg_join(spec->name) != 0)
			plat_child_fail(pfd[1], "join the cgroups", errno);
		if (unshare(NS_FLAGS | (spec->new_net ? CLONE_NEWNET : 0)) != 0)
			plat_child_fail(pfd[1], "unshare", errno);
		if ((b = fork()) < 0)
			plat_child_fail(pfd[1], "fork", errno);
		if (b == 0) {
			(void)close(pidp[1]);
			child_setup(spec, pfd[1], go[0]);
			_exit(1);
		}
		pid = b;
		(void)!write(pidp[1], &pid, sizeof(pid));
		_exit(0);
	}
	(void)close(pfd[1]);
	(void)close(pidp[1]);
	(void)close(go[0]);
	pfd[1] = pidp[1] = go[0] = -1;
	while (waitpid(a, &st, 0) < 0 && errno == EINTR)
		;
	if (read(pidp[0], &pid, sizeof(pid)) != (ssize_t)sizeof(pid))
		pid = -1;
	if (pid > 1) {
		out->pid = pid;
		out->start = proc_start(pid, NULL);
		(void)snprintf(out->name, sizeof(out->name), "%s", spec->name);
		if (out->start != 0 && spec->record != NULL &&
		    spec->record(spec->record_arg, out, err) != 0)
			recfail = 1;
		else if (out->start == 0 ||
		    send(go[1], "G", 1, MSG_NOSIGNAL) != 1)
			pid = -1;
	}
	/* Unsent, the init ends; either way it closes pfd when done. */
	(void)close(go[1]);
	go[1] = -1;
	for (;;) {
		n = read(pfd[0], msg + got, sizeof(msg) - 1 - (size_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	msg[got] = '\0';
	if (!recfail && got >= 2 && strncmp(msg, "OK", 2) == 0 && pid > 1) {
		ioc_log(ctx, IOC_LOG_DEBUG, "jail %s: init is pid %ld",
		    spec->name, pid);
		goto out;
	}
	if (!recfail)
		(void)ioc_err_set(err, IOC_EIO, 0,
		    "cannot create jail '%s': %s", spec->name,
		    got > 1 && msg[0] == 'E' ? msg + 1
					     : "its init died during setup");
	(void)memset(out, 0, sizeof(*out));
	cg_remove(spec->name);
out:
	if (pfd[0] >= 0)
		(void)close(pfd[0]);
	if (pfd[1] >= 0)
		(void)close(pfd[1]);
	if (pidp[0] >= 0)
		(void)close(pidp[0]);
	if (pidp[1] >= 0)
		(void)close(pidp[1]);
	if (go[0] >= 0)
		(void)close(go[0]);
	if (go[1] >= 0)
		(void)close(go[1]);
	return (out->pid > 1 ? 0 : -1);
}

/* Enter the namespaces of pid (mount last, it changes /proc). */
static int
enter_ns(long pid)
{
	static const char *const ns[] = {
	    "cgroup", "ipc", "uts", "net", "pid", "mnt"};
	int fds[6], i, rv = 0;
	char path[64];

	for (i = 0; i < 6; i++) {
		(void)snprintf(
		    path, sizeof(path), "/proc/%ld/ns/%s", pid, ns[i]);
		if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			while (i-- > 0)
				(void)close(fds[i]);
			return (-1);
		}
	}
	for (i = 0; i < 6; i++) {
		if (rv == 0 && setns(fds[i], 0) != 0)
			rv = -1;
		(void)close(fds[i]);
	}
	return (rv);
}

/* Run argv inside a running jail. */
int
plat_jail_exec(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *const *argv, const char *const *env, const struct pw_user *user,
    uint64_t caps, unsigned flags, int *status, struct ioc_err *err)
{
	int st, nullfd;
	pid_t c;

	(void)ctx;
	if (!plat_jail_alive(r))
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "the jail is not "
		    "running"));
	(void)fflush(NULL);
	if ((c = fork()) < 0)
		return (ioc_err_sys(err, IOC_EIO, "fork"));
	if (c == 0) {
		struct rlimit rl;
		pid_t d;

		/* Nothing of ioc's (a jail's lock) outlives it in here. */
		compat_closefrom(3);
		/* Joining the namespaces does not join the cgroups. */
		if (r->name[0] != '\0' && cg_join(r->name) != 0)
			_exit(126);
		if (prlimit((pid_t)r->pid, RLIMIT_NOFILE, NULL, &rl) == 0)
			(void)setrlimit(RLIMIT_NOFILE, &rl);
		if (enter_ns(r->pid) != 0)
			_exit(126);
		if ((d = fork()) < 0)
			_exit(126);
		if (d == 0) {
			if (!(flags & PLAT_EXEC_PASSTHRU) &&
			    (nullfd = open("/dev/null", O_RDONLY)) >= 0)
				(void)dup2(nullfd, 0);
			compat_closefrom(3);
			if (chdir("/") != 0 || drop_caps(caps) != 0)
				_exit(126);
			/* Loaded while CAP_SYS_ADMIN is still ours, before
			 * the user's identity (see plat_seccomp_load()). */
			if (plat_seccomp_load(flags) != 0)
				_exit(126);
			if (user != NULL) {
				if (setgroups(user->ngroups, user->groups) !=
					0 ||
				    setgid(user->gid) != 0 ||
				    setuid(user->uid) != 0)
					_exit(126);
				if (chdir(user->home) != 0)
					(void)chdir("/");
			}
			(void)signal(SIGPIPE, SIG_DFL);
			exec_path_search(argv, env);
			_exit(127);
		}
		while (waitpid(d, &st, 0) < 0)
			if (errno != EINTR)
				_exit(126);
		if (WIFSIGNALED(st))
			_exit(128 + WTERMSIG(st));
		_exit(WEXITSTATUS(st));
	}
	while (waitpid(c, &st, 0) < 0)
		if (errno != EINTR)
			return (ioc_err_sys(err, IOC_EIO, "waitpid"));
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (*status == 126)
		return (ioc_err_set(
		    err, IOC_EIO, 0, "cannot enter the jail's namespaces"));
	return (0);
}

/* Wait until the process is gone; 1 when it is, 0 on timeout. */
static int
wait_gone(const struct plat_running *r, int pidfd, int timeout_ms)
{
	struct pollfd p = {pidfd, POLLIN, 0};
	int waited = 0;

	if (pidfd >= 0)
		return (poll(&p, 1, timeout_ms) > 0 || !plat_jail_alive(r));
	while (plat_jail_alive(r)) {
		if (waited >= timeout_ms)
			return (0);
		(void)usleep(10000);
		waited += 10;
	}
	return (1);
}

/* Stop a jail: SIGTERM to its init, SIGKILL after timeout_s seconds. */
int
plat_jail_stop(struct ioc_ctx *ctx, const struct plat_running *r, int timeout_s,
    struct ioc_err *err)
{
	int pidfd;

	if (!plat_jail_alive(r)) {
		if (r->name[0] != '\0')
			cg_remove(r->name);
		return (0);
	}
	pidfd = (int)syscall(SYS_pidfd_open, (pid_t)r->pid, 0);
	(void)kill((pid_t)r->pid, SIGTERM);
	if (!wait_gone(r, pidfd, timeout_s > 0 ? timeout_s * 1000 : 1)) {
		ioc_log(ctx, IOC_LOG_NOTICE,
		    "jail init %ld did not stop in "
		    "%d s: killing it",
		    r->pid, timeout_s);
		(void)kill((pid_t)r->pid, SIGKILL);
		if (!wait_gone(r, pidfd, 10000)) {
			if (pidfd >= 0)
				(void)close(pidfd);
			return (ioc_err_set(err, IOC_ETIMEDOUT, 0,
			    "jail init %ld does not die", r->pid));
		}
	}
	if (pidfd >= 0)
		(void)close(pidfd);
	if (r->name[0] != '\0')
		cg_remove(r->name);
	return (0);
}
