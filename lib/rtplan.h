/*
 * rtplan.h - the runtime's decisions that differ between FreeBSD and
 * Linux, as pure functions of the platform and the configuration: the
 * basedirs a basejail shares, how an fstab line is mounted, which
 * resource limits start hands to the platform, and whether a jail's
 * /bin/sh can run on the host.  runtime.c and jailfstab.c
 * pass compat_platform(); the unit tests pass both.
 */
#ifndef IOC_RTPLAN_H
#define IOC_RTPLAN_H

#include <stddef.h>

#include "cfg.h"
#include "compat.h"
#include "ioc.h"
#include "platform.h"

#define RTPLAN_FSTYPELEN 16   /* FreeBSD's MFSNAMELEN, with its NUL */
#define RTPLAN_DATALEN	 1024 /* the options passed on as mount data */

/*
 * The directories a basejail gets read-only from its release, those the
 * release has: spec §4's list on FreeBSD, bin sbin lib ... usr/share on
 * Linux.  A static NULL-terminated vector.
 */
const char *const *rtplan_basedirs(enum compat_platform plat);

/* How one fstab line is mounted (plat_mount's fields). */
struct rtplan_fsmount {
	char fstype[RTPLAN_FSTYPELEN]; /* "" for a bind mount (nullfs) */
	char data[RTPLAN_DATALEN];     /* options for the file system */
	int has_data;		       /* data is passed on (else NULL) */
	int readonly;		       /* the options hold "ro" */
	int bind;		       /* nullfs: the source is a host dir */
};

/*
 * Decide how a line of type with the comma-separated options opts is
 * mounted on plat.  nullfs is a bind mount (Linux) or nullfs (FreeBSD);
 * tmpfs is tmpfs on both; FreeBSD takes any other file system nmount(2)
 * knows by a plain name (procfs, linprocfs, fdescfs, devfs, zfs ...),
 * which Linux refuses: "file system type 'X' is not supported here
 * (nullfs, tmpfs)".  The options without ro and rw are the mount data,
 * except for a Linux bind mount, which has none.
 */
int rtplan_fstab(enum compat_platform plat, const char *type, const char *opts,
    struct rtplan_fsmount *out, struct ioc_err *err);

/* Check only the type of an fstab line for plat (as rtplan_fstab()). */
int rtplan_fstab_type(
    enum compat_platform plat, const char *type, struct ioc_err *err);

/* The resource limits start hands to the platform. */
struct rtplan_limits {
	struct plat_limits lim; /* -1: no limit */
	int strict;		/* rlimits=yes */
	char **warnings;	/* what the caller should log */
	size_t nwarnings;
};

/*
 * Decide the limits of a jail's configuration (jail over defaults).
 * rlimits=no: none.  Linux: memoryuse, maxproc, pcpu and openfiles with
 * the action deny per jail become lim; any other limit is an error "cannot
 * be enforced on Linux" with rlimits=yes, a warning otherwise.  FreeBSD:
 * every rctl resource is rctl's, whose rules fbplan.c derives from the
 * same configuration (racct permitting), so lim stays empty and nothing
 * is refused here.  Free with rtplan_limits_free().
 */
int rtplan_limits(enum compat_platform plat, const struct cfg *jail,
    const struct cfg *defaults, struct rtplan_limits *out, struct ioc_err *err);

/* Release the warnings of a limits decision; it is empty afterwards. */
void rtplan_limits_free(struct rtplan_limits *l);

/* The ELF header bytes rtplan_userland_check() looks at (e_machine's end). */
#define RTPLAN_ELF_HDRLEN 20

/*
 * The ELF machine (e_machine) of a uname(2) machine name on either
 * platform ("x86_64" and "amd64" are EM_X86_64), 0 when unknown.
 */
unsigned rtplan_elf_machine(const char *uname_machine);

/*
 * Decide whether the jail's /bin/sh, whose first len bytes are hdr, can run
 * on plat, whose machine is host (an e_machine; 0: unknown, any passes).
 * It must be an ELF executable or shared object (a script or garbage is
 * "not an executable for this host", as is a truncated header) of the
 * host's machine (x86_64 also runs i386, aarch64 arm).  On Linux a FreeBSD
 * binary (EI_OSABI 9) is refused: "... is a FreeBSD executable; a FreeBSD
 * release cannot run on a Linux host".  On FreeBSD the OS ABI is not
 * looked at: a Linux binary of the host's machine runs under the Linux
 * ABI when it is loaded, and an ELF OS ABI of 0 does not tell the systems
 * apart.  jail names the jail in the one-line error.  Returns 0 or -1.
 */
int rtplan_userland_check(const unsigned char *hdr, size_t len,
    enum compat_platform plat, unsigned host, const char *jail,
    struct ioc_err *err);

#endif /* IOC_RTPLAN_H */
