/*
 * extract.h - unpack a release asset (a tar archive, any compression
 * libarchive knows) beneath a root directory without ever leaving it.
 *
 * Every entry is created relative to a descriptor of its parent
 * directory, which is reached from the root one component at a time
 * with O_NOFOLLOW: an absolute member name, a ".." component, a parent
 * that is a symbolic link (a link planted by an earlier entry) and a hard
 * link whose target lies outside are refused, so nothing is ever written
 * outside the root.  Symbolic links are created as they are (their
 * targets are only read inside the jail).  Owners are kept by number
 * (never mapped through the host's passwd), and so are modes (setuid
 * included), modification times and device nodes (mknod when permitted).
 */
#ifndef IOC_EXTRACT_H
#define IOC_EXTRACT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "ioc.h"

struct extract_opts {
	const char *what;		     /* progress label, or NULL */
	const volatile sig_atomic_t *cancel; /* aborts when non-zero */
};

struct extract_stats {
	uint64_t entries; /* entries created */
	uint64_t noflags; /* entries whose file flags were dropped */
	uint64_t nodev;	  /* device nodes that could not be created */
	uint64_t noowner; /* entries whose owner could not be set */
};

/*
 * Unpack the archive file path beneath the directory rootfd.  Entries
 * the file system cannot represent fully (file flags such as schg on
 * Linux, device nodes without the privilege, owners when not root) are
 * counted in st and reported in ONE warning per kind at the end, not as
 * errors.  A refused entry is IOC_ESECURITY "Insecure path <name> jail
 * escape attempt"; what was already unpacked stays (the caller removes
 * the tree).  Cancellation is IOC_EIO with sys EINTR.
 */
int extract_archive(struct ioc_ctx *ctx, const char *path, int rootfd,
    const struct extract_opts *o, struct extract_stats *st,
    struct ioc_err *err);

/*
 * Normalise a member name into out: "./" prefixes, "." components and
 * repeated slashes dropped ("" is the root itself).  An absolute name, a
 * ".." component, a too-long name or component is refused: -1.
 */
int extract_name_norm(const char *name, char *out, size_t size);

#endif /* IOC_EXTRACT_H */
