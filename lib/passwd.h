/*
 * passwd.h - users and groups as a jail's own /etc/passwd and /etc/group
 * name them (never the host's, never through NSS).
 */
#ifndef IOC_PASSWD_H
#define IOC_PASSWD_H

#include <sys/types.h>

#include <stddef.h>

#include "ioc.h"

#define PW_MAXGROUPS 64

struct pw_user {
	uid_t uid;
	gid_t gid;
	char home[256];
	char shell[256];
	gid_t groups[PW_MAXGROUPS]; /* supplementary groups, gid first */
	size_t ngroups;
};

/*
 * Find user (a name, or a number) in passwd text and collect its groups
 * from group text (which may be NULL).  Returns 0, or -1 with IOC_ENOENT
 * "no user '<user>' in the jail's /etc/passwd" or IOC_EPARSE for a
 * malformed line of that user.
 */
int pw_lookup(const char *passwd, const char *group, const char *user,
    struct pw_user *out, struct ioc_err *err);

#endif /* IOC_PASSWD_H */
