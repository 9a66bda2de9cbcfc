/*
 * rtexec.c - run a command in a running jail, as root or as a user of the
 * jail's own passwd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "passwd.h"
#include "platform.h"
#include "runtime.h"

/* Read a file of the jail beneath its root (NULL when it is missing). */
static char *
jail_file(const char *root, const char *path, struct ioc_err *err)
{
	char *buf;
	int rootfd, fd;

	if ((rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		(void)ioc_err_sys(err, 0, "open '%s'", root);
		return (NULL);
	}
	fd = fsu_open_in_root(rootfd, path, O_RDONLY, 0, 0, err);
	(void)close(rootfd);
	if (fd < 0)
		return (NULL);
	buf = fsu_read_fd(fd, path, (size_t)4 * 1024 * 1024, NULL, err);
	(void)close(fd);
	return (buf);
}

/* The jail's own user, read beneath its root, and its environment. */
int
rt_jail_user(const char *root, const char *user, struct pw_user *u,
    struct rt_user_env *ue, const char **env, struct ioc_err *err)
{
	char *pw, *gr;
	struct ioc_err e;
	int rv;

	if ((pw = jail_file(root, "etc/passwd", err)) == NULL)
		return (ioc_err_wrap(err, "user '%s'", user));
	gr = jail_file(root, "etc/group", &e);
	rv = pw_lookup(pw, gr, user, u, err);
	free(pw);
	free(gr);
	if (rv != 0)
		return (-1);
	(void)snprintf(ue->home, sizeof(ue->home), "HOME=%s", u->home);
	(void)snprintf(ue->user, sizeof(ue->user), "USER=%s", user);
	(void)snprintf(ue->logname, sizeof(ue->logname), "LOGNAME=%s", user);
	env[1] = ue->home;
	env[3] = ue->user;
	env[4] = ue->logname;
	return (0);
}

/*
 * Run a command in a running jail; *status is its exit status.  A running
 * jail is found through its launch record (no zfs call); a name that is
 * ambiguous, not running or not recorded is looked up the usual way.
 */
int
ioc_jail_exec(struct ioc_ctx *ctx, const char *selector,
    const char *const *argv, const char *user, int *status, struct ioc_err *err)
{
	const char *env[] = {JAIL_PATH, "HOME=/root", "TERM=xterm", "USER=root",
	    "LOGNAME=root", NULL};
	struct rt_user_env ue;
	struct rt_launch rec;
	struct pw_user u;
	struct ioc_jail *j = NULL;
	int stale, rv = -1;

	if (rt_launch_find(ctx, selector, &rec, err) != 1) {
		if ((j = ioc_jail_open(ctx, selector, err)) == NULL)
			return (-1);
		if (rt_state_read(ctx, j->ent.src->name, j->ent.name, &rec.run,
			&stale) != 1) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "Jail '%s' is not running", ioc_jail_name(j));
			goto out;
		}
		(void)snprintf(rec.root, sizeof(rec.root), "%s/root",
		    j->ent.mountpoint != NULL ? j->ent.mountpoint
					      : "/nonexistent");
		rec.caps = rt_jail_caps(j);
		rec.confine = rt_jail_confine(j);
	}
	if (user != NULL &&
	    rt_jail_user(rec.root, user, &u, &ue, env, err) != 0)
		goto out;
	rv = plat_jail_exec(ctx, &rec.run, argv, env, user != NULL ? &u : NULL,
	    rec.caps, PLAT_EXEC_PASSTHRU | rec.confine, status, err);
out:
	ioc_jail_free(j);
	return (rv);
}
