/*
 * testutil.c - helpers shared by the cmocka unit tests.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* Create a fresh directory /tmp/ioc-unit-<tag>.XXXXXX. */
int
tu_mkdtemp(const char *tag, char *buf, size_t size)
{
	if ((size_t)snprintf(buf, size, "/tmp/ioc-unit-%s.XXXXXX", tag) >= size)
		return (-1);
	return (mkdtemp(buf) != NULL ? 0 : -1);
}

static int
rm_at(int dfd, const char *name)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd, rv = 0;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return (errno == ENOENT ? 0 : -1);
	if (!S_ISDIR(st.st_mode))
		return (unlinkat(dfd, name, 0));
	/* Make sure the test can always clean up what it made read-only. */
	(void)fchmodat(dfd, name, 0700, 0);
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return (-1);
	if ((d = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (rm_at(dirfd(d), de->d_name) != 0)
			rv = -1;
	}
	(void)closedir(d);
	if (unlinkat(dfd, name, AT_REMOVEDIR) != 0)
		rv = -1;
	return (rv);
}

/* Remove a directory tree without following symlinks. */
int
tu_rm_rf(const char *path)
{
	return (rm_at(AT_FDCWD, path));
}

/* Number of open descriptors of this process. */
int
tu_fd_count(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 4096; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return (n);
}

/* Write a whole file. */
int
tu_write_file(const char *path, const char *data, size_t len)
{
	int fd, rv = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return (-1);
	if (write(fd, data, len) != (ssize_t)len)
		rv = -1;
	if (close(fd) != 0)
		rv = -1;
	return (rv);
}

/* Read everything left on a descriptor into buf. */
ssize_t
tu_read_fd(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return ((ssize_t)len);
}

/* Read a file into buf. */
ssize_t
tu_read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return (-1);
	n = tu_read_fd(fd, buf, size);
	(void)close(fd);
	return (n);
}

/* True when path exists. */
int
tu_exists(const char *path)
{
	struct stat st;

	return (lstat(path, &st) == 0);
}

/* Number of entries of a directory. */
int
tu_dir_entries(const char *path)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if ((d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	(void)closedir(d);
	return (n);
}

/* snprintf() into buf that aborts on truncation. */
char *
tu_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		(void)fprintf(stderr, "tu_path: path too long\n");
		abort();
	}
	return (buf);
}
