/*
 * platform_linux_busy.c - is a jail's cgroup held by a process that is not
 * the jail's?  A group "ioc.<source>-<name>" that exists before start
 * makes it is either left over (empty, or holding an ioc init that a
 * killed ioc left behind: the recovery's to clean) or someone else's: a
 * foreign process is never killed, start refuses instead.
 */
#define _GNU_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"
#include "internal.h"
#include "platform_linux.h"

/*
 * An ioc init: named "ioc-init" and pid 1 of a pid namespace of its own
 * (the last NSpid of /proc/PID/status is 1).  Anyone can name a process
 * so; only a pid namespace's init is pid 1 there.
 */
static int
is_ioc_init(long pid)
{
	char path[64], *buf, *name, *ns, *end;
	struct ioc_err err;
	size_t len;
	int rv = 0;

	(void)snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if ((buf = fsu_read_file(path, 16384, &len, &err)) == NULL)
		return (1); /* gone meanwhile: nobody holds the group */
	name = strstr(buf, "Name:\t");
	ns = strstr(buf, "\nNSpid:");
	if (name != NULL && strncmp(name + 6, "ioc-init\n", 9) == 0 &&
	    ns != NULL) {
		ns += 7;
		end = ns + strcspn(ns, "\n");
		*end = '\0';
		/* "\t<host pid>\t...\t1": more than one level, ending in 1 */
		if ((end = strrchr(ns, '\t')) != NULL && end != ns &&
		    strcmp(end, "\t1") == 0 && strchr(ns + 1, '\t') != NULL)
			rv = 1;
	}
	free(buf);
	return (rv);
}

/* A process in the cgroup dir that is not an ioc init: 1 and *pid. */
int
plat_cg_foreign(const char *dir, long *pid)
{
	char path[600], *buf, *p, *end;
	struct ioc_err err;
	size_t len;
	long v;
	int rv = 0;

	(void)snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	if ((buf = fsu_read_file(path, (size_t)1024 * 1024, &len, &err)) ==
	    NULL)
		return (0);
	for (p = buf; *p != '\0'; p = end) {
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p) {
			end = p + 1;
			continue;
		}
		if (errno == 0 && v > 0 && !is_ioc_init(v)) {
			*pid = v;
			rv = 1;
			break;
		}
	}
	free(buf);
	return (rv);
}
