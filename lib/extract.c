/*
 * extract.c - unpack tar archives beneath a root directory, refusing
 * every way out of it.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "extract.h"
#include "internal.h"

#define EXTRACT_BLOCK	    ((size_t)64 * 1024)
#define EXTRACT_IMPLIED_DIR 0755
#define INSECURE	    "Insecure path %s jail escape attempt"

/* Metadata of a directory, applied after its contents are written. */
struct dirmeta {
	char *path; /* normalised, "" for the root */
	mode_t mode;
	uid_t uid;
	gid_t gid;
	struct timespec times[2];
	unsigned long fflags;
};

struct xstate {
	struct ioc_ctx *ctx;
	const struct extract_opts *o;
	struct extract_stats *st;
	int rootfd;
	int isroot; /* euid 0: owners must be kept */
	struct dirmeta *dirs;
	size_t ndirs;
	const char *name; /* member being extracted (for messages) */
};

/* Normalise a member name. */
int
extract_name_norm(const char *name, char *out, size_t size)
{
	const char *p = name;
	size_t n = 0, len;

	if (name == NULL || name[0] == '/' || size == 0)
		return (-1);
	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, "/");
		if (len > NAME_MAX)
			return (-1);
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return (-1);
		if (!(len == 1 && p[0] == '.')) {
			if (n + (n > 0) + len + 1 > size || n + len >= PATH_MAX)
				return (-1);
			if (n > 0)
				out[n++] = '/';
			(void)memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	out[n] = '\0';
	return (0);
}

/*
 * Open the directory rel (normalised, "" for the root) beneath rootfd,
 * one component at a time, never following a symbolic link; with create,
 * missing directories are made.  Returns a descriptor or -1.
 */
static int
open_dir_strict(struct xstate *x, const char *rel, size_t len, int create,
    struct ioc_err *err)
{
	char comp[NAME_MAX + 1];
	size_t i = 0, clen;
	int fd, nfd;

	if ((fd = dup(x->rootfd)) < 0)
		return (ioc_err_sys(err, 0, "dup"));
	while (i < len) {
		clen = 0;
		while (i + clen < len && rel[i + clen] != '/')
			clen++;
		(void)memcpy(comp, rel + i, clen);
		comp[clen] = '\0';
		i += clen + 1;
		nfd = openat(
		    fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, comp, EXTRACT_IMPLIED_DIR) != 0 &&
			    errno != EEXIST) {
				(void)ioc_err_sys(err, 0, "mkdir '%.*s'",
				    (int)(i - 1 < len ? i - 1 : len), rel);
				(void)close(fd);
				return (-1);
			}
			nfd = openat(fd, comp,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (nfd < 0) {
			struct stat sb;
			int e = errno;

			if (fstatat(fd, comp, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(sb.st_mode))
				(void)ioc_err_set(err, IOC_ESECURITY, ELOOP,
				    INSECURE, x->name);
			else {
				errno = e;
				(void)ioc_err_sys(err, 0, "open '%s'", x->name);
			}
			(void)close(fd);
			return (-1);
		}
		(void)close(fd);
		fd = nfd;
	}
	return (fd);
}

/* Split a normalised non-empty path into its parent and last component. */
static const char *
split(const char *rel, size_t *plen)
{
	const char *slash = strrchr(rel, '/');

	*plen = slash != NULL ? (size_t)(slash - rel) : 0;
	return (slash != NULL ? slash + 1 : rel);
}

/*
 * Make room for a new entry "base" in pfd: a non-directory there is
 * removed; an existing directory stays when want_dir (returns 1), and is
 * an error otherwise.  Returns 0, 1 or -1.
 */
static int
clear_slot(struct xstate *x, int pfd, const char *base, int want_dir,
    struct ioc_err *err)
{
	struct stat sb;

	if (fstatat(pfd, base, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return (0);
		return (ioc_err_sys(err, 0, "stat '%s'", x->name));
	}
	if (S_ISDIR(sb.st_mode)) {
		if (want_dir)
			return (1);
		return (ioc_err_set(err, IOC_EEXIST, EISDIR,
		    "cannot replace directory '%s'", x->name));
	}
	if (unlinkat(pfd, base, 0) != 0)
		return (ioc_err_sys(err, 0, "remove '%s'", x->name));
	return (0);
}

static void
entry_times(struct archive_entry *e, struct timespec ts[2])
{
	ts[0].tv_sec = archive_entry_atime_is_set(e) ? archive_entry_atime(e)
						     : archive_entry_mtime(e);
	ts[0].tv_nsec = archive_entry_atime_is_set(e)
	    ? archive_entry_atime_nsec(e)
	    : archive_entry_mtime_nsec(e);
	if (archive_entry_mtime_is_set(e)) {
		ts[1].tv_sec = archive_entry_mtime(e);
		ts[1].tv_nsec = archive_entry_mtime_nsec(e);
	} else {
		ts[1].tv_sec = 0;
		ts[1].tv_nsec = UTIME_OMIT;
		if (!archive_entry_atime_is_set(e))
			ts[0].tv_nsec = UTIME_OMIT;
	}
}

/* Set the owner by number; only a failure as root is an error. */
static int
set_owner(struct xstate *x, int pfd, const char *base, int fd, uid_t uid,
    gid_t gid, struct ioc_err *err)
{
	int r = fd >= 0 ? fchown(fd, uid, gid)
			: fchownat(pfd, base, uid, gid, AT_SYMLINK_NOFOLLOW);

	if (r == 0)
		return (0);
	if (!x->isroot && (errno == EPERM || errno == EINVAL)) {
		x->st->noowner++;
		return (0);
	}
	return (ioc_err_sys(err, 0, "chown '%s'", x->name));
}

/*
 * File flags (schg, uarch, ...) where the platform has fchflags(2);
 * elsewhere they are counted and reported once.
 */
static void
set_fdflags(struct xstate *x, int fd, unsigned long set)
{
	if (set == 0)
		return;
#if defined(SF_IMMUTABLE)
	if (fchflags(fd, set) == 0)
		return;
#else
	(void)fd;
#endif
	x->st->noflags++;
}

static int
write_data(struct xstate *x, struct archive *a, int fd, struct ioc_err *err)
{
	const void *buf;
	size_t size;
	la_int64_t off;
	int r;

	for (;;) {
		if (x->o->cancel != NULL && *x->o->cancel != 0)
			return (ioc_err_set(
			    err, IOC_EIO, EINTR, "Extraction interrupted"));
		r = archive_read_data_block(a, &buf, &size, &off);
		if (r == ARCHIVE_EOF)
			return (0);
		if (r < ARCHIVE_WARN)
			return (ioc_err_set(err, IOC_EIO, 0, "read '%s': %s",
			    x->name, archive_error_string(a)));
		while (size > 0) {
			ssize_t w = pwrite(fd, buf, size, (off_t)off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return (
				    ioc_err_sys(err, 0, "write '%s'", x->name));
			buf = (const char *)buf + w;
			size -= (size_t)w;
			off += w;
		}
	}
}

static int
do_file(struct xstate *x, struct archive *a, struct archive_entry *e, int pfd,
    const char *base, struct ioc_err *err)
{
	struct timespec ts[2];
	unsigned long set = 0, clr = 0;
	int fd, rv = -1;

	if (clear_slot(x, pfd, base, 0, err) != 0)
		return (-1);
	fd = openat(pfd, base,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return (ioc_err_sys(err, 0, "create '%s'", x->name));
	if (write_data(x, a, fd, err) != 0)
		goto out;
	if (archive_entry_size_is_set(e) &&
	    ftruncate(fd, (off_t)archive_entry_size(e)) != 0) {
		(void)ioc_err_sys(err, 0, "write '%s'", x->name);
		goto out;
	}
	if (set_owner(x, pfd, base, fd, (uid_t)archive_entry_uid(e),
		(gid_t)archive_entry_gid(e), err) != 0)
		goto out;
	/* After chown, which clears setuid and setgid. */
	if (fchmod(fd, archive_entry_mode(e) & 07777) != 0) {
		(void)ioc_err_sys(err, 0, "chmod '%s'", x->name);
		goto out;
	}
	entry_times(e, ts);
	if (futimens(fd, ts) != 0) {
		(void)ioc_err_sys(err, 0, "set times of '%s'", x->name);
		goto out;
	}
	archive_entry_fflags(e, &set, &clr);
	set_fdflags(x, fd, set);
	rv = 0;
out:
	(void)close(fd);
	return (rv);
}

static int
do_dir(struct xstate *x, struct archive_entry *e, const char *rel, int pfd,
    const char *base, struct ioc_err *err)
{
	struct dirmeta *nv, *d;
	unsigned long set = 0, clr = 0;
	int r;

	if (base != NULL) {
		if ((r = clear_slot(x, pfd, base, 1, err)) < 0)
			return (-1);
		if (r == 0 && mkdirat(pfd, base, 0700) != 0)
			return (ioc_err_sys(err, 0, "mkdir '%s'", x->name));
	}
	if ((nv = realloc(x->dirs, (x->ndirs + 1) * sizeof(*nv))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	x->dirs = nv;
	d = &x->dirs[x->ndirs];
	if ((d->path = ioc_strdup(rel, err)) == NULL)
		return (-1);
	d->mode = archive_entry_mode(e) & 07777;
	d->uid = (uid_t)archive_entry_uid(e);
	d->gid = (gid_t)archive_entry_gid(e);
	entry_times(e, d->times);
	archive_entry_fflags(e, &set, &clr);
	d->fflags = set;
	x->ndirs++;
	return (0);
}

static int
do_symlink(struct xstate *x, struct archive_entry *e, int pfd, const char *base,
    struct ioc_err *err)
{
	const char *target = archive_entry_symlink(e);
	struct timespec ts[2];

	if (target == NULL || target[0] == '\0')
		return (ioc_err_set(err, IOC_EPARSE, 0,
		    "symbolic link '%s' without a target", x->name));
	if (clear_slot(x, pfd, base, 0, err) != 0)
		return (-1);
	if (symlinkat(target, pfd, base) != 0)
		return (ioc_err_sys(err, 0, "symlink '%s'", x->name));
	if (set_owner(x, pfd, base, -1, (uid_t)archive_entry_uid(e),
		(gid_t)archive_entry_gid(e), err) != 0)
		return (-1);
	entry_times(e, ts);
	if (utimensat(pfd, base, ts, AT_SYMLINK_NOFOLLOW) != 0 &&
	    errno != EOPNOTSUPP)
		return (ioc_err_sys(err, 0, "set times of '%s'", x->name));
	return (0);
}

static int
do_hardlink(struct xstate *x, const char *target, const char *rel, int pfd,
    const char *base, struct ioc_err *err)
{
	char trel[PATH_MAX];
	const char *tbase;
	struct stat sb;
	size_t tplen;
	int tfd, rv = -1;

	if (extract_name_norm(target, trel, sizeof(trel)) != 0 ||
	    trel[0] == '\0')
		return (ioc_err_set(err, IOC_ESECURITY, 0, INSECURE, target));
	tbase = split(trel, &tplen);
	if ((tfd = open_dir_strict(x, trel, tplen, 0, err)) < 0)
		return (-1);
	if (fstatat(tfd, tbase, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		(void)ioc_err_sys(
		    err, 0, "hard link '%s' to '%s'", x->name, target);
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		(void)ioc_err_set(err, IOC_EINVAL, EPERM,
		    "hard link '%s' to the directory '%s'", x->name, target);
		goto out;
	}
	if (strcmp(trel, rel) != 0) {
		if (clear_slot(x, pfd, base, 0, err) != 0)
			goto out;
		if (linkat(tfd, tbase, pfd, base, 0) != 0) {
			(void)ioc_err_sys(err, 0, "hard link '%s'", x->name);
			goto out;
		}
	}
	rv = 0;
out:
	(void)close(tfd);
	return (rv);
}

static int
do_node(struct xstate *x, struct archive_entry *e, int pfd, const char *base,
    struct ioc_err *err)
{
	mode_t type = archive_entry_filetype(e);
	struct timespec ts[2];
	int r;

	if (clear_slot(x, pfd, base, 0, err) != 0)
		return (-1);
	if (type == AE_IFIFO)
		r = mkfifoat(pfd, base, archive_entry_mode(e) & 07777);
	else
		r = mknodat(pfd, base,
		    (type == AE_IFCHR ? S_IFCHR : S_IFBLK) |
			(archive_entry_mode(e) & 07777),
		    archive_entry_rdev(e));
	if (r != 0) {
		if (errno == EPERM || errno == EACCES || errno == EOPNOTSUPP) {
			x->st->nodev++;
			return (0);
		}
		return (ioc_err_sys(err, 0, "mknod '%s'", x->name));
	}
	if (set_owner(x, pfd, base, -1, (uid_t)archive_entry_uid(e),
		(gid_t)archive_entry_gid(e), err) != 0)
		return (-1);
	if (fchmodat(pfd, base, archive_entry_mode(e) & 07777, 0) != 0)
		return (ioc_err_sys(err, 0, "chmod '%s'", x->name));
	entry_times(e, ts);
	(void)utimensat(pfd, base, ts, AT_SYMLINK_NOFOLLOW);
	return (0);
}

/* Create one entry. */
static int
do_entry(struct xstate *x, struct archive *a, struct archive_entry *e,
    struct ioc_err *err)
{
	char rel[PATH_MAX];
	const char *base, *hl = archive_entry_hardlink(e);
	mode_t type = archive_entry_filetype(e);
	size_t plen;
	int pfd, rv;

	if (extract_name_norm(x->name, rel, sizeof(rel)) != 0)
		return (ioc_err_set(err, IOC_ESECURITY, 0, INSECURE, x->name));
	if (rel[0] == '\0') {
		if (type != AE_IFDIR)
			return (ioc_err_set(
			    err, IOC_ESECURITY, 0, INSECURE, x->name));
		if (do_dir(x, e, rel, -1, NULL, err) != 0)
			return (-1);
		x->st->entries++;
		return (0);
	}
	base = split(rel, &plen);
	if ((pfd = open_dir_strict(x, rel, plen, 1, err)) < 0)
		return (-1);
	if (hl != NULL)
		rv = do_hardlink(x, hl, rel, pfd, base, err);
	else if (type == AE_IFREG)
		rv = do_file(x, a, e, pfd, base, err);
	else if (type == AE_IFDIR)
		rv = do_dir(x, e, rel, pfd, base, err);
	else if (type == AE_IFLNK)
		rv = do_symlink(x, e, pfd, base, err);
	else if (type == AE_IFCHR || type == AE_IFBLK || type == AE_IFIFO)
		rv = do_node(x, e, pfd, base, err);
	else {
		ioc_log(x->ctx, IOC_LOG_DEBUG, "skipping '%s' of type %o",
		    x->name, (unsigned)type);
		rv = 0;
	}
	(void)close(pfd);
	if (rv == 0)
		x->st->entries++;
	return (rv);
}

/* Apply the deferred directory metadata, deepest entries first. */
static int
finish_dirs(struct xstate *x, struct ioc_err *err)
{
	size_t i;

	for (i = x->ndirs; i-- > 0;) {
		struct dirmeta *d = &x->dirs[i];
		int fd;

		x->name = d->path[0] != '\0' ? d->path : ".";
		if ((fd = open_dir_strict(
			 x, d->path, strlen(d->path), 0, err)) < 0)
			return (-1);
		if (set_owner(x, -1, NULL, fd, d->uid, d->gid, err) != 0) {
			(void)close(fd);
			return (-1);
		}
		if (fchmod(fd, d->mode) != 0 || futimens(fd, d->times) != 0) {
			(void)ioc_err_sys(
			    err, 0, "set attributes of '%s'", x->name);
			(void)close(fd);
			return (-1);
		}
		set_fdflags(x, fd, d->fflags);
		(void)close(fd);
	}
	return (0);
}

/* Unpack an archive beneath rootfd. */
int
extract_archive(struct ioc_ctx *ctx, const char *path, int rootfd,
    const struct extract_opts *o, struct extract_stats *st, struct ioc_err *err)
{
	static const struct extract_opts noopts = {NULL, NULL};
	struct extract_stats dummy = {0};
	struct archive_entry *e;
	struct archive *a;
	struct xstate x;
	struct stat sb;
	uint64_t total = 0, n = 0;
	size_t i;
	int r, rv = -1;

	(void)memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	x.o = o != NULL ? o : &noopts;
	x.st = st != NULL ? st : &dummy;
	(void)memset(x.st, 0, sizeof(*x.st));
	x.rootfd = rootfd;
	x.isroot = geteuid() == 0;
	if (stat(path, &sb) == 0)
		total = (uint64_t)sb.st_size;
	if ((a = archive_read_new()) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	(void)archive_read_support_filter_all(a);
	(void)archive_read_support_format_tar(a);
	(void)archive_read_support_format_gnutar(a);
	if (archive_read_open_filename(a, path, EXTRACT_BLOCK) != ARCHIVE_OK) {
		(void)ioc_err_set(err, IOC_EIO, archive_errno(a),
		    "open '%s': %s", path, archive_error_string(a));
		goto out;
	}
	for (;;) {
		if (x.o->cancel != NULL && *x.o->cancel != 0) {
			(void)ioc_err_set(
			    err, IOC_EIO, EINTR, "Extraction interrupted");
			goto out;
		}
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_WARN)
			ioc_log(ctx, IOC_LOG_WARN, "%s: %s", path,
			    archive_error_string(a));
		else if (r != ARCHIVE_OK) {
			(void)ioc_err_set(err, IOC_EIO, archive_errno(a),
			    "read '%s': %s", path, archive_error_string(a));
			goto out;
		}
		x.name = archive_entry_pathname(e);
		if (x.name == NULL) {
			(void)ioc_err_set(err, IOC_EPARSE, 0,
			    "read '%s': entry without a name", path);
			goto out;
		}
		if (do_entry(&x, a, e, err) != 0)
			goto out;
		if (x.o->what != NULL && (++n & 255) == 0)
			ioc_progress(ctx, x.o->what,
			    (uint64_t)archive_filter_bytes(a, -1), total);
	}
	if (finish_dirs(&x, err) != 0)
		goto out;
	if (x.o->what != NULL)
		ioc_progress(ctx, x.o->what, total, total);
	if (x.st->noflags > 0)
		ioc_log(ctx, IOC_LOG_WARN,
		    "%s: file flags (such as schg) of %llu entries cannot be "
		    "kept on this file system",
		    path, (unsigned long long)x.st->noflags);
	if (x.st->nodev > 0)
		ioc_log(ctx, IOC_LOG_WARN,
		    "%s: %llu device nodes could not be created (not "
		    "permitted)",
		    path, (unsigned long long)x.st->nodev);
	if (x.st->noowner > 0)
		ioc_log(ctx, IOC_LOG_WARN,
		    "%s: the owners of %llu entries could not be kept (not "
		    "root)",
		    path, (unsigned long long)x.st->noowner);
	rv = 0;
out:
	(void)archive_read_free(a);
	for (i = 0; i < x.ndirs; i++)
		free(x.dirs[i].path);
	free(x.dirs);
	return (rv);
}
