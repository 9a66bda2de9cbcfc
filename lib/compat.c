/*
 * compat.c - platform differences that portable code needs.
 */
#if defined(__linux__)
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
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
