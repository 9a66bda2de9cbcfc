/*
 * compat.h - the few system interfaces that differ between FreeBSD and
 * Linux and are needed by portable code.  Implemented in compat.c, the only
 * portable file allowed to test the platform.
 */
#ifndef IOC_COMPAT_H
#define IOC_COMPAT_H

#include <stddef.h>

/* Close every descriptor >= lowfd (close_range(2) or closefrom(2)). */
void compat_closefrom(int lowfd);

/*
 * Open path below the directory dirfd the way a chroot at dirfd would see
 * it (openat2 RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS).  Returns a
 * descriptor, or -1 with errno; errno ENOSYS means the kernel or platform
 * has no such call and the caller must walk the path itself.
 */
int compat_open_in_root(int dirfd, const char *path, int flags, int mode);

/* Flag that opens a directory only to anchor lookups (O_PATH or O_RDONLY). */
int compat_o_path(void);

/* True when libioc was built for Linux (namespace jails). */
int compat_is_linux(void);

/* The platforms whose runtime decisions differ (rtplan.c, netplan.c). */
enum compat_platform {
	COMPAT_LINUX,	/* namespace jails */
	COMPAT_FREEBSD, /* jail(2) */
};

/*
 * The platform libioc was built for: FreeBSD on FreeBSD, Linux elsewhere
 * (namespace jails are the only other runtime).  Portable code takes it
 * as data so that both behaviours are unit-tested on either host.
 */
enum compat_platform compat_platform(void);

/*
 * The host's uuid as 8-4-4-4-12 lower-case hex into buf (at least 37
 * bytes): kern.hostuuid on FreeBSD, /etc/machine-id on Linux.  Returns 0,
 * or -1 with errno.
 */
int compat_host_uuid(char *buf, size_t size);

/*
 * Format a machine-id (32 hex digits, maybe followed by a newline) as
 * 8-4-4-4-12 lower-case hex into buf.  Returns 0, or -1 with EINVAL.
 */
int compat_format_machine_id(const char *in, char *buf, size_t size);

/*
 * The host's release as libioc names it: FreeBSD "uname -r" cut to its
 * first two "-" fields (13.2-RELEASE).  Linux has none: -1 with ENOTSUP.
 */
int compat_host_release(char *buf, size_t size);

/* Cut a "uname -r" string to its first two "-" fields; 0 or -1. */
int compat_release_cut(const char *release, char *buf, size_t size);

/*
 * Is a file system that is not ZFS mounted at or below path?  Returns 1
 * and writes "<mountpoint> (<type>)" of the first one into what, 0 when
 * there is none, -1 with errno when the mount table cannot be read.
 */
int compat_mounted_below(const char *path, char *what, size_t size);

/*
 * compat_mounted_below() over the text of a Linux /proc/self/mountinfo
 * (octal escapes such as \040 decoded); fuse.zfs and zfs count as ZFS.
 */
int compat_mountinfo_scan(
    const char *text, const char *path, char *what, size_t size);

#endif /* IOC_COMPAT_H */
