/*
 * platform_linux_fstab.c - fstab lines mounted into and unmounted from a
 * running jail.  The jail pivoted into its root, so the host path of a
 * destination means nothing inside it any more: the mount is made on the
 * host as a detached tree (open_tree(2) of the source, or fsopen(2) and
 * fsmount(2) of a tmpfs), then a child that joined the jail's mount
 * namespace resolves the target from the jail's "/" through no symbolic
 * link and moves the tree there (move_mount(2)).  Nothing is ever mounted
 * in the host's namespace.
 */
#define _GNU_SOURCE 1

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "jailfstab.h"
#include "platform.h"
#include "platform_linux.h"

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x2000
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC 0x1
#endif

/* The mount attributes an option names, or 0 for a file system option. */
static unsigned long long
opt_attr(const char *opt)
{
	static const struct {
		const char *name;
		unsigned long long attr;
	} attrs[] = {
	    {"nosuid", MOUNT_ATTR_NOSUID},
	    {"nodev", MOUNT_ATTR_NODEV},
	    {"noexec", MOUNT_ATTR_NOEXEC},
	    {"noatime", MOUNT_ATTR_NOATIME},
	    {"nodiratime", MOUNT_ATTR_NODIRATIME},
	};
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (strcmp(opt, attrs[i].name) == 0)
			return (attrs[i].attr);
	return (0);
}

/*
 * A new detached file system (tmpfs): source and every "key=value" or
 * "flag" of data go to fsconfig(2), the mount attributes among them to
 * *attrs.
 */
static int
make_fs(
    const struct plat_mount *m, unsigned long long *attrs, struct ioc_err *err)
{
	char *opts = NULL, *p, *save = NULL, *eq;
	int fsfd, mfd = -1;

	if ((fsfd = fsopen(m->fstype, FSOPEN_CLOEXEC)) < 0)
		return (ioc_err_sys(err, 0, "fsopen %s", m->fstype));
	if (fsconfig(fsfd, FSCONFIG_SET_STRING, "source", m->source, 0) != 0) {
		(void)ioc_err_sys(
		    err, 0, "%s source '%s'", m->fstype, m->source);
		goto out;
	}
	if (m->data != NULL && (opts = ioc_strdup(m->data, err)) == NULL)
		goto out;
	for (p = opts != NULL ? strtok_r(opts, ",", &save) : NULL; p != NULL;
	     p = strtok_r(NULL, ",", &save)) {
		int rc;

		if (opt_attr(p) != 0) {
			*attrs |= opt_attr(p);
			continue;
		}
		if ((eq = strchr(p, '=')) != NULL) {
			*eq = '\0';
			rc = fsconfig(fsfd, FSCONFIG_SET_STRING, p, eq + 1, 0);
			*eq = '=';
		} else {
			rc = fsconfig(fsfd, FSCONFIG_SET_FLAG, p, NULL, 0);
		}
		if (rc != 0) {
			(void)ioc_err_sys(
			    err, 0, "%s option '%s'", m->fstype, p);
			goto out;
		}
	}
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) != 0) {
		(void)ioc_err_sys(err, 0, "create %s", m->fstype);
		goto out;
	}
	if ((mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, 0)) < 0)
		(void)ioc_err_sys(err, 0, "fsmount %s", m->fstype);
out:
	free(opts);
	(void)close(fsfd);
	return (mfd);
}

/* The jail's mount namespace, checked against the recorded init. */
static int
open_mntns(const struct plat_running *r, struct ioc_err *err)
{
	char path[64];
	int fd;

	(void)snprintf(path, sizeof(path), "/proc/%ld/ns/mnt", r->pid);
	if (!plat_jail_alive(r) || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return (
		    ioc_err_set(err, IOC_ENOENT, 0, "the jail is not running"));
	/* The pid could have been reused between the check and the open. */
	if (!plat_jail_alive(r)) {
		(void)close(fd);
		return (
		    ioc_err_set(err, IOC_ENOENT, 0, "the jail is not running"));
	}
	return (fd);
}

/* Report from a child over fd and end it. */
static void
child_say(int fd, const char *msg)
{
	(void)!write(fd, msg, strlen(msg));
	_exit(0);
}

/* "E<msg>" from a child; ends it. */
static void
child_err(int fd, const char *msg)
{
	(void)!write(fd, "E", 1);
	child_say(fd, msg);
}

/* The jail's "/" in a child that has joined its mount namespace. */
static int
child_enter(int nsfd, int out)
{
	int rootfd;

	/* setns() makes the namespace's root our root and cwd. */
	if (setns(nsfd, CLONE_NEWNS) != 0)
		plat_child_fail(out, "join the mount namespace", errno);
	if ((rootfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		plat_child_fail(out, "open /", errno);
	return (rootfd);
}

/*
 * Run the child body (mount or unmount) and collect its answer: "OK",
 * "N" (nothing to do) or "E<message>".  Returns 0, 1 for "N", or -1.
 */
static int
run_child(
    int nsfd, int tree, const char *target, int unmount, struct ioc_err *err)
{
	char msg[512];
	ssize_t n, got = 0;
	int pfd[2], st;
	pid_t c;

	if (pipe2(pfd, O_CLOEXEC) != 0)
		return (ioc_err_sys(err, IOC_EIO, "pipe"));
	(void)fflush(NULL);
	if ((c = fork()) < 0) {
		(void)close(pfd[0]);
		(void)close(pfd[1]);
		return (ioc_err_sys(err, IOC_EIO, "fork"));
	}
	if (c == 0) {
		struct ioc_err e;
		int rootfd, dfd;

		(void)close(pfd[0]);
		rootfd = child_enter(nsfd, pfd[1]);
		if (!unmount) {
			if ((dfd = jfs_open_dir(rootfd, target, target, &e)) <
			    0) {
				child_err(pfd[1], e.msg);
			}
			if (move_mount(tree, "", dfd, "",
				MOVE_MOUNT_F_EMPTY_PATH |
				    MOVE_MOUNT_T_EMPTY_PATH) != 0)
				plat_child_fail(pfd[1], "move_mount", errno);
			child_say(pfd[1], "OK");
		} else {
			char parent[4096];
			const char *last = strrchr(target, '/');
			struct statx sx;

			(void)snprintf(parent, sizeof(parent), "%.*s",
			    last != NULL ? (int)(last - target) : 0, target);
			last = last != NULL ? last + 1 : target;
			if ((dfd = jfs_open_dir(rootfd, parent, target, &e)) <
			    0) {
				if (e.sys == ENOENT)
					child_say(pfd[1], "N");
				child_err(pfd[1], e.msg);
			}
			if (statx(dfd, last, AT_SYMLINK_NOFOLLOW,
				STATX_BASIC_STATS, &sx) != 0) {
				if (errno == ENOENT)
					child_say(pfd[1], "N");
				plat_child_fail(pfd[1], "statx", errno);
			}
			if (S_ISLNK(sx.stx_mode)) {
				(void)snprintf(msg, sizeof(msg),
				    "EInsecure path %s jail escape attempt",
				    target);
				child_say(pfd[1], msg);
			}
			if (!(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) ||
			    !(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
				child_say(pfd[1], "N");
			/* Relative to the parent found without a link. */
			if (fchdir(dfd) != 0 ||
			    umount2(last, MNT_DETACH | UMOUNT_NOFOLLOW) != 0)
				plat_child_fail(pfd[1], "umount", errno);
			child_say(pfd[1], "OK");
		}
	}
	(void)close(pfd[1]);
	while ((n = read(pfd[0], msg + got, sizeof(msg) - 1 - (size_t)got)) > 0)
		got += n;
	msg[got] = '\0';
	(void)close(pfd[0]);
	while (waitpid(c, &st, 0) < 0 && errno == EINTR)
		;
	if (got >= 2 && strncmp(msg, "OK", 2) == 0)
		return (0);
	if (got == 1 && msg[0] == 'N')
		return (1);
	return (ioc_err_set(err, IOC_EIO, 0, "%s",
	    got > 1 ? msg + 1 : "the helper in the jail's namespace died"));
}

/* Mount m into a running jail. */
int
plat_jail_mount(struct ioc_ctx *ctx, const struct plat_running *r,
    const struct plat_mount *m, struct ioc_err *err)
{
	unsigned long long attrs = 0;
	struct mount_attr ma;
	int nsfd, tree = -1, rv = -1;

	if ((nsfd = open_mntns(r, err)) < 0)
		return (-1);
	if (m->fstype == NULL) {
		tree = open_tree(AT_FDCWD, m->source,
		    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
		if (tree < 0) {
			(void)ioc_err_sys(err, 0, "open_tree '%s'", m->source);
			goto out;
		}
	} else if ((tree = make_fs(m, &attrs, err)) < 0) {
		goto out;
	}
	/* As at start: a read-only bind is nosuid and nodev too. */
	if (m->readonly)
		attrs |= MOUNT_ATTR_RDONLY |
		    (m->fstype == NULL ? MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV
				       : 0);
	if (attrs != 0) {
		(void)memset(&ma, 0, sizeof(ma));
		ma.attr_set = attrs;
		if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &ma,
			sizeof(ma)) != 0) {
			(void)ioc_err_sys(err, 0, "mount_setattr");
			goto out;
		}
	}
	if (run_child(nsfd, tree, m->target, 0, err) != 0)
		goto out;
	ioc_log(ctx, IOC_LOG_DEBUG, "jail %s: %s mounted at /%s", r->name,
	    m->source, m->target);
	rv = 0;
out:
	if (tree >= 0)
		(void)close(tree);
	(void)close(nsfd);
	return (rv);
}

/* Detach the mount at target inside a running jail. */
int
plat_jail_umount(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *target, struct ioc_err *err)
{
	int nsfd, rv;

	if ((nsfd = open_mntns(r, err)) < 0)
		return (-1);
	rv = run_child(nsfd, -1, target, 1, err);
	(void)close(nsfd);
	if (rv == 1)
		ioc_log(ctx, IOC_LOG_DEBUG, "jail %s: /%s was not mounted",
		    r->name, target);
	return (rv < 0 ? -1 : 0);
}
