/*
 * fsu.c - path resolution beneath a jail root, atomic writes and locks.
 */
#include <sys/types.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "fsu.h"
#include "internal.h"

#define WALK_MAXDEPTH 256
#define WALK_MAXLINKS 40

struct walk {
	int fds[WALK_MAXDEPTH]; /* fds[0] is the borrowed root */
	int depth;
	char *rest; /* owned: the path still to resolve */
};

static void
walk_pop_to(struct walk *w, int depth)
{
	while (w->depth > depth)
		(void)close(w->fds[w->depth--]);
}

/* Is name in dirfd a symbolic link? */
static int
is_symlink(int dirfd, const char *name)
{
	struct stat st;

	return (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode));
}

/* Open a directory entry without following a symlink. */
static int
open_dir(int dirfd, const char *name)
{
	return (openat(
	    dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

/*
 * Replace the component just read (a symlink in the current directory) by
 * its target: rest becomes "target/after" when the link was a directory
 * component (dir), "target" when it was the last one.  An absolute target
 * restarts at the root.
 */
static int
walk_expand(struct walk *w, const char *comp, const char *after, int dir,
    struct ioc_err *err)
{
	char target[PATH_MAX];
	ssize_t n;
	size_t alen = strlen(after), tlen;
	char *nrest;

	if ((n = readlinkat(
		 w->fds[w->depth], comp, target, sizeof(target) - 1)) < 0)
		return (ioc_err_sys(err, 0, "readlink '%s'", comp));
	target[n] = '\0';
	tlen = (size_t)n;
	if (tlen + alen + 2 > PATH_MAX)
		return (ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
		    "path too long after resolving '%s'", comp));
	if ((nrest = malloc(tlen + alen + 2)) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	(void)memcpy(nrest, target, tlen);
	if (dir)
		nrest[tlen++] = '/';
	(void)memcpy(nrest + tlen, after, alen + 1);
	free(w->rest);
	w->rest = nrest;
	if (target[0] == '/')
		walk_pop_to(w, 0);
	return (0);
}

/*
 * The portable resolver: one component at a time, never trusting "..".
 * With mk, missing directories are created and the last one is opened.
 * (mk is a parameter, not an open(2) flag bit: every spare-looking bit is
 * a real flag somewhere, 0x100 is O_NOFOLLOW on FreeBSD.)
 */
static int
walk_open(int rootfd, const char *path, int oflags, mode_t mode, int mk,
    struct ioc_err *err)
{
	struct walk w;
	char comp[NAME_MAX + 1];
	int links = 0, fd = -1;

	w.fds[0] = rootfd;
	w.depth = 0;
	if ((w.rest = ioc_strdup(path, err)) == NULL)
		return (-1);
	for (;;) {
		char *p = w.rest, *after;
		size_t len;
		int last;

		while (*p == '/')
			p++;
		if (*p == '\0') {
			/* The path names a directory already open. */
			fd = openat(w.fds[w.depth], ".",
			    (oflags &
				~(O_CREAT | O_EXCL | O_NOFOLLOW | O_TRUNC)) |
				O_CLOEXEC);
			if (fd < 0)
				(void)ioc_err_sys(err, 0, "open '%s'", path);
			break;
		}
		len = strcspn(p, "/");
		if (len > NAME_MAX) {
			(void)ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
			    "path component too long in '%s'", path);
			break;
		}
		(void)memcpy(comp, p, len);
		comp[len] = '\0';
		after = p + len;
		while (*after == '/')
			after++;
		last = *after == '\0';
		/* Keep a trailing slash meaningful: "dir/" must be a dir. */
		if (last && p[len] == '/')
			last = 0;
		(void)memmove(w.rest, after, strlen(after) + 1);
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			walk_pop_to(&w, w.depth > 0 ? w.depth - 1 : 0);
			continue;
		}
		if (!last || mk) {
			fd = open_dir(w.fds[w.depth], comp);
			if (fd < 0 && errno == ENOENT && mk) {
				if (mkdirat(w.fds[w.depth], comp, mode) != 0 &&
				    errno != EEXIST) {
					(void)ioc_err_sys(err, 0,
					    "mkdir '%s' in '%s'", comp, path);
					break;
				}
				fd = open_dir(w.fds[w.depth], comp);
			}
			if (fd < 0 && is_symlink(w.fds[w.depth], comp)) {
				if (++links > WALK_MAXLINKS) {
					(void)ioc_err_set(err, IOC_EINVAL,
					    ELOOP,
					    "too many levels of "
					    "symbolic links in '%s'",
					    path);
					break;
				}
				if (walk_expand(&w, comp, w.rest, 1, err) != 0)
					break;
				continue;
			}
			if (fd < 0) {
				(void)ioc_err_sys(
				    err, 0, "open '%s' of '%s'", comp, path);
				break;
			}
			if (w.depth + 1 >= WALK_MAXDEPTH) {
				(void)close(fd);
				fd = -1;
				(void)ioc_err_set(err, IOC_EINVAL, 0,
				    "path too deep: '%s'", path);
				break;
			}
			w.fds[++w.depth] = fd;
			fd = -1;
			if (last) {
				/* mkdir mode: the last directory is the result.
				 */
				fd = dup(w.fds[w.depth]);
				if (fd < 0)
					(void)ioc_err_sys(err, IOC_EIO, "dup");
				break;
			}
			continue;
		}
		fd = openat(w.fds[w.depth], comp,
		    oflags | O_NOFOLLOW | O_CLOEXEC, mode);
		/*
		 * A symlink gives ELOOP (EMLINK on FreeBSD), EEXIST with
		 * O_CREAT|O_EXCL, ENOTDIR with O_DIRECTORY.
		 */
		if (fd < 0 && !(oflags & O_NOFOLLOW) &&
		    (errno == ELOOP || errno == EMLINK || errno == EEXIST ||
			errno == ENOTDIR) &&
		    is_symlink(w.fds[w.depth], comp)) {
			if (oflags & O_EXCL) {
				errno = EEXIST;
				(void)ioc_err_sys(err, 0, "open '%s'", path);
				break;
			}
			if (++links > WALK_MAXLINKS) {
				(void)ioc_err_set(err, IOC_EINVAL, ELOOP,
				    "too many levels of symbolic links in "
				    "'%s'",
				    path);
				break;
			}
			if (walk_expand(&w, comp, "", 0, err) != 0)
				break;
			continue;
		}
		if (fd < 0)
			(void)ioc_err_sys(err, 0, "open '%s'", path);
		break;
	}
	walk_pop_to(&w, 0);
	free(w.rest);
	return (fd);
}

/* Open path beneath rootfd as the jail would see it. */
int
fsu_open_in_root(int rootfd, const char *path, int flags, mode_t mode,
    unsigned fsuflags, struct ioc_err *err)
{
	int fd, tries;

	if (path == NULL || strlen(path) >= PATH_MAX)
		return (
		    ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG, "invalid path"));
	/* Like open(2) and openat2(2); the walk alone would open the root. */
	if (path[0] == '\0')
		return (ioc_err_set(err, IOC_ENOENT, ENOENT, "empty path"));
	if (!(fsuflags & FSU_WALK)) {
		for (tries = 0; tries < 8; tries++) {
			fd = compat_open_in_root(
			    rootfd, path, flags | O_CLOEXEC, (int)mode);
			if (fd >= 0)
				return (fd);
			if (errno != EINTR)
				break;
		}
		if (errno == ELOOP && !(flags & O_NOFOLLOW))
			return (ioc_err_sys(err, IOC_ESECURITY,
			    "Insecure path %s jail escape attempt", path));
		if (errno != ENOSYS)
			return (ioc_err_sys(err, 0, "open '%s'", path));
	}
	return (walk_open(rootfd, path, flags, mode, 0, err));
}

/* Create every missing directory of path beneath rootfd. */
int
fsu_mkdir_in_root(int rootfd, const char *path, mode_t mode, unsigned fsuflags,
    struct ioc_err *err)
{
	(void)fsuflags;
	if (path == NULL || strlen(path) >= PATH_MAX)
		return (
		    ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG, "invalid path"));
	return (walk_open(rootfd, path, O_RDONLY | O_DIRECTORY, mode, 1, err));
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

/* Write data to name in dirfd atomically; durable: fsync both. */
static int
write_at(int dirfd, const char *name, const void *data, size_t len, mode_t mode,
    int durable, struct ioc_err *err)
{
	char tmp[NAME_MAX + 1];
	struct timespec ts;
	int fd = -1, i, rv = -1;

	if (name[0] == '\0' || strchr(name, '/') != NULL ||
	    strlen(name) > NAME_MAX - 24)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "invalid file name '%s'", name));
	for (i = 0; i < 100 && fd < 0; i++) {
		(void)clock_gettime(CLOCK_REALTIME, &ts);
		(void)snprintf(tmp, sizeof(tmp), ".%s.%ld.%lx", name,
		    (long)getpid(), (unsigned long)ts.tv_nsec + (unsigned)i);
		fd = openat(dirfd, tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return (ioc_err_sys(err, 0, "create '%s'", tmp));
	}
	if (fd < 0)
		return (ioc_err_sys(err, 0, "create temporary '%s'", tmp));
	if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 ||
	    (durable && fsync(fd) != 0)) {
		(void)ioc_err_sys(err, 0, "write '%s'", name);
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		(void)ioc_err_sys(err, 0, "write '%s'", name);
		goto out;
	}
	fd = -1;
	if (renameat(dirfd, tmp, dirfd, name) != 0) {
		(void)ioc_err_sys(err, 0, "rename '%s'", name);
		goto out;
	}
	tmp[0] = '\0';
	if (durable && fsync(dirfd) != 0 && errno != EINVAL) {
		(void)ioc_err_sys(err, 0, "fsync directory of '%s'", name);
		goto out;
	}
	rv = 0;
out:
	if (fd >= 0)
		(void)close(fd);
	if (tmp[0] != '\0')
		(void)unlinkat(dirfd, tmp, 0);
	return (rv);
}

/* Write data to name in dirfd atomically and durably. */
int
fsu_write_atomic_at(int dirfd, const char *name, const void *data, size_t len,
    mode_t mode, struct ioc_err *err)
{
	return (write_at(dirfd, name, data, len, mode, 1, err));
}

/* Write data to name in dirfd atomically, without the fsyncs. */
int
fsu_write_replace_at(int dirfd, const char *name, const void *data, size_t len,
    mode_t mode, struct ioc_err *err)
{
	return (write_at(dirfd, name, data, len, mode, 0, err));
}

/* fsu_write_atomic_at() for a path. */
int
fsu_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    struct ioc_err *err)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	int dfd, rv;

	if (slash == NULL) {
		(void)strcpy(dir, ".");
	} else if (slash == path) {
		(void)strcpy(dir, "/");
	} else {
		if ((size_t)(slash - path) >= sizeof(dir))
			return (ioc_err_set(
			    err, IOC_EINVAL, ENAMETOOLONG, "path too long"));
		(void)memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return (ioc_err_sys(err, 0, "open directory '%s'", dir));
	rv = fsu_write_atomic_at(
	    dfd, slash != NULL ? slash + 1 : path, data, len, mode, err);
	(void)close(dfd);
	return (rv);
}

/* Read what is left of a descriptor into a new NUL-terminated buffer. */
char *
fsu_read_fd(
    int fd, const char *name, size_t max, size_t *lenp, struct ioc_err *err)
{
	size_t len = 0, cap = 4096;
	char *buf, *nb;

	if ((buf = malloc(cap)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			if ((nb = realloc(buf, cap * 2)) == NULL) {
				(void)ioc_err_set(
				    err, IOC_ENOMEM, ENOMEM, "out of memory");
				goto fail;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			(void)ioc_err_sys(err, 0, "read '%s'", name);
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			(void)ioc_err_set(err, IOC_EINVAL, EFBIG,
			    "'%s' is larger than %zu bytes", name, max);
			goto fail;
		}
	}
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return (buf);
fail:
	free(buf);
	return (NULL);
}

/* Read a whole file into a new NUL-terminated buffer. */
char *
fsu_read_file(const char *path, size_t max, size_t *lenp, struct ioc_err *err)
{
	char *buf;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		(void)ioc_err_sys(err, 0, "open '%s'", path);
		return (NULL);
	}
	buf = fsu_read_fd(fd, path, max, lenp, err);
	(void)close(fd);
	return (buf);
}

/* Create a directory and its parents with mode. */
int
fsu_mkdirs(const char *path, mode_t mode, struct ioc_err *err)
{
	char buf[PATH_MAX];
	char *p;

	if (strlen(path) >= sizeof(buf))
		return (ioc_err_set(
		    err, IOC_EINVAL, ENAMETOOLONG, "path too long"));
	(void)strcpy(buf, path);
	for (p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, mode) != 0 && errno != EEXIST)
				return (ioc_err_sys(err, 0, "mkdir '%s'", buf));
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	return (0);
}

static int
lock_name_ok(const char *s)
{
	return (s[0] != '\0' && strchr(s, '/') == NULL && strcmp(s, ".") != 0 &&
	    strcmp(s, "..") != 0 && strlen(s) <= NAME_MAX);
}

/* Take the lock <rundir>/lock/<source>/<name> without waiting. */
int
fsu_lock(const char *rundir, const char *source, const char *name,
    struct fsu_lock *lk, struct ioc_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX];
	int fd;

	lk->fd = -1;
	if (!lock_name_ok(source) || !lock_name_ok(name))
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "invalid lock name '%s/%s'", source, name));
	(void)snprintf(dir, sizeof(dir), "%s/lock/%s", rundir, source);
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return (ioc_err_set(
		    err, IOC_EINVAL, ENAMETOOLONG, "lock path too long"));
	if (fsu_mkdirs(dir, 0700, err) != 0)
		return (ioc_err_wrap(err, "lock '%s'", name));
	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600)) <
	    0)
		return (ioc_err_sys(err, 0, "lock '%s'", path));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;

		(void)close(fd);
		if (e == EWOULDBLOCK)
			return (ioc_err_set(err, IOC_EBUSY, e,
			    "'%s' is busy: another ioc process is working "
			    "on it",
			    name));
		errno = e;
		return (ioc_err_sys(err, 0, "lock '%s'", path));
	}
	lk->fd = fd;
	return (0);
}

/* Lock two names of one source in a fixed order. */
int
fsu_lock2(const char *rundir, const char *source, const char *a, const char *b,
    struct fsu_lock *la, struct fsu_lock *lb, struct ioc_err *err)
{
	int swap = strcmp(a, b) > 0;
	struct fsu_lock *first = swap ? lb : la, *second = swap ? la : lb;

	la->fd = lb->fd = -1;
	if (strcmp(a, b) == 0)
		return (fsu_lock(rundir, source, a, la, err));
	if (fsu_lock(rundir, source, swap ? b : a, first, err) != 0)
		return (-1);
	if (fsu_lock(rundir, source, swap ? a : b, second, err) != 0) {
		fsu_unlock(first);
		return (-1);
	}
	return (0);
}

/* Release a lock. */
void
fsu_unlock(struct fsu_lock *lk)
{
	if (lk != NULL && lk->fd >= 0) {
		(void)close(lk->fd);
		lk->fd = -1;
	}
}
