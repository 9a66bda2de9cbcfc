/*
 * rtuserland.c - can the host run the jail's /bin/sh (rtuserland.h)?  The
 * file is opened beneath the jail's root the way the jail resolves it; the
 * decision on its header is rtplan.c's.
 */
#include <sys/stat.h>
#include <sys/utsname.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "fsu.h"
#include "internal.h"
#include "rtplan.h"
#include "rtuserland.h"

/*
 * Open bin/sh beneath the directory dir: a descriptor, or -1 with err
 * (IOC_ENOENT when there is none there, a dangling symlink included).
 */
static int
open_sh(const char *dir, struct ioc_err *err)
{
	int rootfd, fd;

	if ((rootfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return (ioc_err_sys(err, 0, "open '%s'", dir));
	/* O_NONBLOCK: a FIFO planted there must not hang start. */
	fd = fsu_open_in_root(rootfd, "bin/sh",
	    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0, 0, err);
	(void)close(rootfd);
	return (fd);
}

/* Read the first bytes of fd (at most size); their count, or -1. */
static ssize_t
read_head(int fd, unsigned char *buf, size_t size)
{
	size_t got = 0;
	ssize_t n;

	while (got < size) {
		n = pread(fd, buf + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return (-1);
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return ((ssize_t)got);
}

/* Refuse a jail whose /bin/sh this host cannot run. */
int
rt_userland_check(const char *jail, const char *root, const char *relroot,
    struct ioc_err *err)
{
	unsigned char hdr[64];
	struct utsname u;
	struct stat sb;
	unsigned host = 0;
	ssize_t n;
	int fd = -1, rv = -1;

	if (relroot != NULL && relroot[0] != '\0') {
		fd = open_sh(relroot, err);
		if (fd < 0 && err->code != IOC_ENOENT)
			return (ioc_err_wrap(err, "Jail '%s'", jail));
	}
	if (fd < 0 && (fd = open_sh(root, err)) < 0) {
		if (err->code == IOC_ENOENT)
			return (ioc_err_set(err, IOC_ENOENT, err->sys,
			    "Jail '%s' has no /bin/sh", jail));
		return (ioc_err_wrap(err, "Jail '%s'", jail));
	}
	if (fstat(fd, &sb) != 0) {
		(void)ioc_err_sys(err, 0, "Jail '%s': /bin/sh", jail);
		goto out;
	}
	if (!S_ISREG(sb.st_mode) || (sb.st_mode & 0111) == 0) {
		(void)ioc_err_set(err, IOC_ENOTSUP, 0,
		    "Jail '%s': its /bin/sh is not an executable for this "
		    "host (%s)",
		    jail,
		    S_ISREG(sb.st_mode) ? "no execute permission"
					: "not a regular file");
		goto out;
	}
	if ((n = read_head(fd, hdr, sizeof(hdr))) < 0) {
		(void)ioc_err_sys(err, 0, "Jail '%s': read /bin/sh", jail);
		goto out;
	}
	if (uname(&u) == 0)
		host = rtplan_elf_machine(u.machine);
	rv = rtplan_userland_check(
	    hdr, (size_t)n, compat_platform(), host, jail, err);
out:
	(void)close(fd);
	return (rv);
}
