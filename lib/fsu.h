/*
 * fsu.h - file system utilities: path resolution beneath a jail root,
 * atomic writes and per-jail locks.
 */
#ifndef IOC_FSU_H
#define IOC_FSU_H

#include <sys/types.h>

#include "ioc.h"

/* Never use openat2(); walk the path component by component. */
#define FSU_WALK 0x01

/*
 * Open path beneath the directory rootfd as the jail would see it: the
 * path is taken relative to the root whether or not it starts with "/",
 * symlinks are followed, but ".." and absolute symlink targets are clamped
 * to the root, so the result never lies outside it.  Magic links
 * (/proc/PID/fd/N) are never followed.  flags are open(2) flags (O_CREAT
 * creates the last component; O_NOFOLLOW refuses a symlink as the last
 * component).  Returns a descriptor, or -1 with IOC_ESECURITY for a
 * refused escape, IOC_ENOENT for a missing component, IOC_EIO otherwise.
 */
int fsu_open_in_root(int rootfd, const char *path, int flags, mode_t mode,
    unsigned fsuflags, struct ioc_err *err);

/*
 * Create every missing directory of path beneath rootfd (resolving
 * existing components like fsu_open_in_root()) and return a descriptor of
 * the last one.
 */
int fsu_mkdir_in_root(int rootfd, const char *path, mode_t mode,
    unsigned fsuflags, struct ioc_err *err);

/*
 * Write data to name in the directory dirfd atomically: a temporary file
 * in the same directory (O_EXCL), write, fsync, rename over name, fsync the
 * directory.  The temporary file is removed on failure.
 */
int fsu_write_atomic_at(int dirfd, const char *name, const void *data,
    size_t len, mode_t mode, struct ioc_err *err);

/*
 * fsu_write_atomic_at() without the two fsyncs: a reader sees the old or
 * the new content, never a part, but a crash of the machine may lose the
 * write.  Only for files whose content does not outlive the machine's
 * uptime anyway: the runtime state of running jails, and a running
 * jail's resolv.conf, which every start writes again.
 */
int fsu_write_replace_at(int dirfd, const char *name, const void *data,
    size_t len, mode_t mode, struct ioc_err *err);

/* fsu_write_atomic_at() for an absolute or relative path. */
int fsu_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode, struct ioc_err *err);

/*
 * Read what is left of a descriptor (at most max bytes) into a new
 * NUL-terminated buffer; name is used in error messages.
 */
char *fsu_read_fd(
    int fd, const char *name, size_t max, size_t *lenp, struct ioc_err *err);

/* Read a whole file (at most max bytes) into a new NUL-terminated buffer. */
char *fsu_read_file(
    const char *path, size_t max, size_t *lenp, struct ioc_err *err);

/* Create a directory and its parents (mkdir -p) with mode. */
int fsu_mkdirs(const char *path, mode_t mode, struct ioc_err *err);

/* An exclusive lock on one resource, held until fsu_unlock(). */
struct fsu_lock {
	int fd;
};

/*
 * Take the lock <rundir>/lock/<source>/<name> without waiting: another
 * holder gives IOC_EBUSY ("<what> '<name>' is busy: ...").  Locks live
 * outside the jail's dataset so that an open descriptor never blocks a
 * rename or destroy of the dataset.
 */
int fsu_lock(const char *rundir, const char *source, const char *name,
    struct fsu_lock *lk, struct ioc_err *err);

/*
 * Lock two names of one source (rename), in a fixed order so that two
 * processes can never deadlock; both or neither are held on return.
 */
int fsu_lock2(const char *rundir, const char *source, const char *a,
    const char *b, struct fsu_lock *la, struct fsu_lock *lb,
    struct ioc_err *err);

/* Release a lock (a zeroed or released lock with fd -1 is fine). */
void fsu_unlock(struct fsu_lock *lk);

#endif /* IOC_FSU_H */
