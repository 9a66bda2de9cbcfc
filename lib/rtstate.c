/*
 * rtstate.c - the recorded runtime state of jails (runtime.h): the init's
 * pid and start time and the jid, written atomically under the run
 * directory, read without a zfs call.
 *
 * The state directory of a jail exists from before start creates anything
 * of it until stop has removed everything, so a directory without a live
 * init in it is what a killed ioc left behind: rt_state_clean() removes
 * it and what it stands for.  The files are written without fsync: they
 * describe processes, which a crash of the machine ends too.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"
#include "internal.h"
#include "jparams.h"
#include "netplan.h"
#include "platform.h"
#include "runtime.h"

static void
state_dir(const struct ioc_ctx *ctx, const char *source, const char *name,
    char *buf, size_t size)
{
	(void)snprintf(buf, size, "%s/jails/%s/%s", ctx->rundir, source, name);
}

/* Read the recorded state of a jail. */
int
rt_state_read(const struct ioc_ctx *ctx, const char *source, const char *name,
    struct plat_running *r, int *stale)
{
	char path[4096], *buf;
	struct ioc_err err;

	*stale = 0;
	(void)memset(r, 0, sizeof(*r));
	state_dir(ctx, source, name, path, sizeof(path));
	(void)strncat(path, "/state", sizeof(path) - strlen(path) - 1);
	if ((buf = fsu_read_file(path, 256, NULL, &err)) == NULL) {
		if (err.sys != ENOENT)
			return (-1);
		/* A directory without a state: a start killed before its
		 * state was in place. */
		state_dir(ctx, source, name, path, sizeof(path));
		*stale = access(path, F_OK) == 0;
		return (0);
	}
	/* "<pid> <start time>" as rt_state_write() wrote it. */
	{
		char *end;

		size_t n;

		r->pid = strtol(buf, &end, 10);
		r->start = strtoull(end, &end, 10);
		/* the jail's kernel name (its cgroups), since this version */
		while (*end == ' ')
			end++;
		n = strcspn(end, "\n");
		if (n < sizeof(r->name)) {
			(void)memcpy(r->name, end, n);
			r->name[n] = '\0';
			end += n;
		}
		if (*end != '\n' && *end != '\0')
			r->pid = 0;
	}
	free(buf);
	/* > 0: a FreeBSD jail id (pid) may be 1. */
	if (r->pid > 0 && plat_jail_alive(r))
		return (1);
	*stale = 1;
	return (0);
}

/* Record a started jail. */
int
rt_state_write(const struct ioc_ctx *ctx, const char *source, const char *name,
    const struct plat_running *r, struct ioc_err *err)
{
	char dir[4096], buf[256];
	int dfd, rv;

	state_dir(ctx, source, name, dir, sizeof(dir));
	if (fsu_mkdirs(dir, 0700, err) != 0)
		return (-1);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return (ioc_err_sys(err, 0, "open '%s'", dir));
	(void)snprintf(
	    buf, sizeof(buf), "%ld %llu %s\n", r->pid, r->start, r->name);
	rv = fsu_write_replace_at(dfd, "state", buf, strlen(buf), 0600, err);
	if (rv == 0) {
		/* The jid of a Linux jail is its init's host pid. */
		(void)snprintf(buf, sizeof(buf), "%ld\n", r->pid);
		rv = fsu_write_replace_at(
		    dfd, "jid", buf, strlen(buf), 0600, err);
	}
	(void)close(dfd);
	return (rv);
}

/* Create the state directory of a jail that is about to start. */
int
rt_state_prepare(const struct ioc_ctx *ctx, const char *source,
    const char *name, struct ioc_err *err)
{
	char dir[4096];

	state_dir(ctx, source, name, dir, sizeof(dir));
	return (fsu_mkdirs(dir, 0700, err));
}

/* Is name a temporary file of an interrupted atomic write of ours? */
static int
is_temp(const char *name)
{
	static const char *const files[] = {".state.", ".jid.", ".launch."};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (strncmp(name, files[i], strlen(files[i])) == 0)
			return (1);
	return (0);
}

/* Forget a jail's state. */
void
rt_state_remove(const struct ioc_ctx *ctx, const char *source, const char *name)
{
	char dir[4096], path[4200];
	struct dirent *d;
	DIR *dp;

	state_dir(ctx, source, name, dir, sizeof(dir));
	(void)snprintf(path, sizeof(path), "%s/launch", dir);
	(void)unlink(path);
	(void)snprintf(path, sizeof(path), "%s/jid", dir);
	(void)unlink(path);
	(void)snprintf(path, sizeof(path), "%s/state", dir);
	(void)unlink(path);
	if (rmdir(dir) == 0 || errno != ENOTEMPTY ||
	    (dp = opendir(dir)) == NULL)
		return;
	/* A killed ioc's half-written files. */
	while ((d = readdir(dp)) != NULL)
		if (is_temp(d->d_name))
			(void)unlinkat(dirfd(dp), d->d_name, 0);
	(void)closedir(dp);
	(void)rmdir(dir);
}

/*
 * Clean up after a jail that no longer runs: the rest of its processes
 * and its cgroups (kernel jail on FreeBSD), its VNET host interfaces, its
 * state directory.  r is what was recorded (zeroed when nothing was).
 */
void
rt_state_clean(struct ioc_ctx *ctx, const char *source, const char *name,
    struct plat_running *r)
{
	if (r->name[0] == '\0')
		(void)jparams_identifier(
		    source, name, r->name, sizeof(r->name));
	(void)plat_jail_stop(ctx, r, 0, NULL);
	(void)rt_net_down(ctx, source, name, 1, NULL);
	rt_state_remove(ctx, source, name);
}
