/*
 * rtuserland.h - start's check that the host can run a jail's /bin/sh
 * (a FreeBSD release on a Linux host cannot), made before any hook runs.
 */
#ifndef IOC_RTUSERLAND_H
#define IOC_RTUSERLAND_H

#include "ioc.h"

/*
 * Open the jail's bin/sh as the jail will see it, symlinks resolved inside
 * the root it lives in (an absolute /bin/busybox is the jail's, never the
 * host's): beneath relroot, a basejail's read-only release clone whose
 * basedirs are mounted over the jail's, when it has one there, else
 * beneath root.  Its ELF header decides (rtplan_userland_check()).
 * Returns 0, or -1 with one line naming jail: "Jail 'x' has no /bin/sh",
 * "... is not an executable for this host", "... is a FreeBSD
 * executable; ...".  relroot may be NULL.
 */
int rt_userland_check(const char *jail, const char *root, const char *relroot,
    struct ioc_err *err);

#endif /* IOC_RTUSERLAND_H */
