/*
 * compat.h - the few system interfaces that differ between FreeBSD and
 * Linux and are needed by portable code.  Implemented in compat.c, the only
 * portable file allowed to test the platform.
 */
#ifndef IOC_COMPAT_H
#define IOC_COMPAT_H

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

#endif /* IOC_COMPAT_H */
