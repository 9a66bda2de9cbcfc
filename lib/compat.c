/*
 * compat.c - platform differences that portable code needs.
 */
#if defined(__linux__)
#define _GNU_SOURCE 1
#endif

#if defined(__FreeBSD__)
#include <sys/param.h>
#include <sys/mount.h>
#include <sys/sysctl.h>
#include <sys/ucred.h>
#include <sys/utsname.h>
#endif

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__linux__)
#include <linux/openat2.h>
#include <sys/syscall.h>
#endif

#include "compat.h"

/* Close every descriptor >= lowfd. */
void
compat_closefrom(int lowfd)
{
#if defined(__FreeBSD__)
	closefrom(lowfd);
#else
	long max, fd;

#if defined(__linux__) && defined(SYS_close_range)
	if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0U) == 0)
		return;
#endif
	if ((max = sysconf(_SC_OPEN_MAX)) < 0 || max > 65536)
		max = 65536;
	for (fd = lowfd; fd < max; fd++)
		(void)close((int)fd);
#endif
}

/* Open path below dirfd as a chroot at dirfd would see it. */
int
compat_open_in_root(int dirfd, const char *path, int flags, int mode)
{
#if defined(__linux__) && defined(SYS_openat2)
	struct open_how how = {0};
	long fd;

	how.flags = (unsigned long long)flags;
	how.mode = (flags & O_CREAT) ? (unsigned long long)mode : 0;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	if (fd < 0 && errno == EAGAIN)
		errno = EINTR; /* a concurrent rename: caller may retry */
	return ((int)fd);
#else
	(void)dirfd;
	(void)path;
	(void)flags;
	(void)mode;
	errno = ENOSYS;
	return (-1);
#endif
}

/* Flag that opens a directory only to anchor lookups. */
int
compat_o_path(void)
{
#if defined(O_PATH)
	return (O_PATH);
#else
	return (O_RDONLY);
#endif
}

/* True when libioc was built for Linux. */
int
compat_is_linux(void)
{
#if defined(__linux__)
	return (1);
#else
	return (0);
#endif
}

/* The platform libioc was built for. */
enum compat_platform
compat_platform(void)
{
#if defined(__FreeBSD__)
	return (COMPAT_FREEBSD);
#else
	return (COMPAT_LINUX);
#endif
}

/* Format a machine-id as 8-4-4-4-12 lower-case hex. */
int
compat_format_machine_id(const char *in, char *buf, size_t size)
{
	char hex[33];
	size_t i;

	for (i = 0; i < 32; i++) {
		if (!isxdigit((unsigned char)in[i])) {
			errno = EINVAL;
			return (-1);
		}
		hex[i] = (char)tolower((unsigned char)in[i]);
	}
	hex[32] = '\0';
	if ((in[32] != '\0' && in[32] != '\n') ||
	    (in[32] == '\n' && in[33] != '\0') || size < 37) {
		errno = EINVAL;
		return (-1);
	}
	(void)snprintf(buf, size, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8,
	    hex + 12, hex + 16, hex + 20);
	return (0);
}

/* The host's uuid. */
int
compat_host_uuid(char *buf, size_t size)
{
#if defined(__FreeBSD__)
	char tmp[64];
	size_t len = sizeof(tmp);

	if (sysctlbyname("kern.hostuuid", tmp, &len, NULL, 0) != 0)
		return (-1);
	tmp[sizeof(tmp) - 1] = '\0';
	if (strlen(tmp) != 36 || size < 37) {
		errno = EINVAL;
		return (-1);
	}
	(void)snprintf(buf, size, "%s", tmp);
	return (0);
#else
	char tmp[64];
	ssize_t n;
	int fd, rv;

	if ((fd = open("/etc/machine-id", O_RDONLY | O_CLOEXEC)) < 0)
		return (-1);
	n = read(fd, tmp, sizeof(tmp) - 1);
	(void)close(fd);
	if (n < 0)
		return (-1);
	tmp[n] = '\0';
	rv = compat_format_machine_id(tmp, buf, size);
	return (rv);
#endif
}

/* Cut a "uname -r" string to its first two "-" fields. */
int
compat_release_cut(const char *release, char *buf, size_t size)
{
	const char *dash;
	size_t len;

	if ((dash = strchr(release, '-')) == NULL || dash == release ||
	    dash[1] == '\0' || dash[1] == '-') {
		errno = EINVAL;
		return (-1);
	}
	len = strcspn(dash + 1, "-") + (size_t)(dash + 1 - release);
	if (len >= size) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	(void)memcpy(buf, release, len);
	buf[len] = '\0';
	return (0);
}

/* The host's release. */
int
compat_host_release(char *buf, size_t size)
{
#if defined(__FreeBSD__)
	struct utsname u;

	if (uname(&u) != 0)
		return (-1);
	return (compat_release_cut(u.release, buf, size));
#else
	(void)buf;
	(void)size;
	errno = ENOTSUP;
	return (-1);
#endif
}

/* Is mp at or below path? */
static int
at_or_below(const char *mp, const char *path)
{
	size_t len = strlen(path);

	while (len > 1 && path[len - 1] == '/')
		len--;
	if (strncmp(mp, path, len) != 0)
		return (0);
	return (
	    mp[len] == '\0' || mp[len] == '/' || (len == 1 && path[0] == '/'));
}

static int
is_zfs_type(const char *type)
{
	return (strcmp(type, "zfs") == 0 || strcmp(type, "fuse.zfs") == 0);
}

/* Decode the octal escapes (\040) of one mountinfo field in place. */
static void
unescape(char *s)
{
	char *w = s;

	while (*s != '\0') {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
			    (s[3] - '0'));
			s += 4;
		} else {
			*w++ = *s++;
		}
	}
	*w = '\0';
}

/* The fields of one mountinfo line: mountpoint (5th), type (after "-"). */
static int
scan_line(char *line, const char *path, char *what, size_t size)
{
	char *f, *save = NULL, *mp = NULL, *type = NULL;
	int i = 0, dash = 0;

	for (f = strtok_r(line, " ", &save); f != NULL;
	     f = strtok_r(NULL, " ", &save), i++) {
		if (i == 4)
			mp = f;
		else if (i > 5 && !dash && strcmp(f, "-") == 0)
			dash = 1;
		else if (dash) {
			type = f;
			break;
		}
	}
	if (mp == NULL || type == NULL)
		return (0);
	unescape(mp);
	unescape(type);
	if (!at_or_below(mp, path) || is_zfs_type(type))
		return (0);
	(void)snprintf(what, size, "%s (%s)", mp, type);
	return (1);
}

/* compat_mounted_below() over a Linux mountinfo text. */
int
compat_mountinfo_scan(
    const char *text, const char *path, char *what, size_t size)
{
	char *copy, *line, *save = NULL;
	int hit = 0;

	if ((copy = strdup(text)) == NULL)
		return (-1);
	for (line = strtok_r(copy, "\n", &save); line != NULL && !hit;
	     line = strtok_r(NULL, "\n", &save))
		hit = scan_line(line, path, what, size);
	free(copy);
	return (hit);
}

/* Is a file system that is not ZFS mounted at or below path? */
int
compat_mounted_below(const char *path, char *what, size_t size)
{
#if defined(__FreeBSD__)
	struct statfs *mnt;
	int i, n;

	if ((n = getmntinfo(&mnt, MNT_NOWAIT)) == 0)
		return (-1);
	for (i = 0; i < n; i++) {
		if (!at_or_below(mnt[i].f_mntonname, path) ||
		    is_zfs_type(mnt[i].f_fstypename))
			continue;
		(void)snprintf(what, size, "%s (%s)", mnt[i].f_mntonname,
		    mnt[i].f_fstypename);
		return (1);
	}
	return (0);
#else
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd, rv;

	if ((fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)) < 0)
		return (-1);
	for (;;) {
		if (cap - len < 4096) {
			if ((nb = realloc(buf, cap + 65536)) == NULL) {
				free(buf);
				(void)close(fd);
				errno = ENOMEM;
				return (-1);
			}
			buf = nb;
			cap += 65536;
		}
		if ((n = read(fd, buf + len, cap - len - 1)) < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			(void)close(fd);
			return (-1);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	(void)close(fd);
	buf[len] = '\0';
	rv = compat_mountinfo_scan(buf, path, what, size);
	free(buf);
	return (rv);
#endif
}
