/*
 * jailconsole.c - "console" (login on a pseudo-terminal of the jail) and
 * "exec -f" (a jail started for one command and torn down after it): the
 * portable halves.  The pty and the relay are platform_*_console.c's, the
 * one-shot start is runtime.c's step table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jail.h"
#include "passwd.h"
#include "platform.h"
#include "props.h"
#include "runtime.h"
#include "value.h"

#define LOGIN_MAXARGS 32

/* Where console looks for login(1) in the jail, in this order. */
static const char *const login_progs[] = {"/usr/bin/login", "/bin/login", NULL};

/* "TERM=<the caller's>", when it is a plain name; else xterm. */
static void
term_env(char *buf, size_t size)
{
	const char *t = getenv("TERM");
	size_t i;

	if (t == NULL || t[0] == '\0' || strlen(t) > 64)
		t = "xterm";
	for (i = 0; t[i] != '\0'; i++)
		if (t[i] <= ' ' || t[i] > '~')
			t = "xterm";
	(void)snprintf(buf, size, "TERM=%s", t);
}

/*
 * argv of login: argv[0] (replaced by the program found) and login_flags
 * split on blanks, in buf (owned by the caller).
 */
static int
login_argv(struct ioc_jail *j, char *buf, size_t size, const char **argv,
    struct ioc_err *err)
{
	const char *flags = prop_effective("login_flags", &j->cfg.cur, j->defs);
	size_t n = 0;
	char *p, *save = NULL;

	argv[n++] = "login";
	if (flags == NULL || val_is_none(flags))
		flags = "";
	if (strlen(flags) >= size)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid value for property 'login_flags'"));
	(void)snprintf(buf, size, "%s", flags);
	for (p = strtok_r(buf, " \t", &save); p != NULL;
	     p = strtok_r(NULL, " \t", &save)) {
		if (n == LOGIN_MAXARGS)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "Invalid value for property 'login_flags': more "
			    "than %d words",
			    LOGIN_MAXARGS - 1));
		argv[n++] = p;
	}
	argv[n] = NULL;
	return (0);
}

/* Log in to a jail on a pseudo-terminal of its own. */
int
ioc_jail_console(struct ioc_ctx *ctx, const char *selector, int start,
    int *status, struct ioc_err *err)
{
	const char *argv[LOGIN_MAXARGS + 1];
	char flags[1024], term[80];
	const char *env[] = {
	    JAIL_PATH, "HOME=/root", term, "USER=root", "LOGNAME=root", NULL};
	struct plat_running r;
	struct ioc_jail *j;
	long jid;
	int stale, rv = -1;

	if ((j = ioc_jail_open(ctx, selector, err)) == NULL)
		return (-1);
	if (login_argv(j, flags, sizeof(flags), argv, err) != 0)
		goto out;
	if (rt_state_read(ctx, j->ent.src->name, j->ent.name, &r, &stale) !=
	    1) {
		if (!start) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "Jail '%s' is not running", ioc_jail_name(j));
			goto out;
		}
		if (ioc_jail_start(ctx, selector, NULL, 0, &jid, err) != 0)
			goto out;
		ioc_log(ctx, IOC_LOG_INFO, "%s running as JID %ld",
		    ioc_jail_name(j), jid);
		if (rt_state_read(
			ctx, j->ent.src->name, j->ent.name, &r, &stale) != 1) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "Jail '%s' is not running", ioc_jail_name(j));
			goto out;
		}
	}
	term_env(term, sizeof(term));
	rv = plat_jail_console(ctx, &r, login_progs, argv, env, rt_jail_caps(j),
	    rt_jail_confine(j), status, err);
	if (rv != 0)
		(void)ioc_err_wrap(err, "Jail '%s': console", ioc_jail_name(j));
out:
	ioc_jail_free(j);
	return (rv);
}

/* Run argv in a stopped jail started for it alone. */
int
ioc_jail_exec_fork(struct ioc_ctx *ctx, const char *selector,
    const char *const *argv, const char *user, int *status, struct ioc_err *err)
{
	char root[4096];
	const char *env[] = {JAIL_PATH, "HOME=/root", "TERM=xterm", "USER=root",
	    "LOGNAME=root", NULL};
	struct rt_user_env ue;
	struct rt_oneshot o;
	struct pw_user u;
	struct ioc_jail *j;

	if (argv == NULL || argv[0] == NULL)
		return (ioc_err_set(err, IOC_EINVAL, 0, "no command to run"));
	if ((j = ioc_jail_open(ctx, selector, err)) == NULL)
		return (-1);
	(void)memset(&o, 0, sizeof(o));
	if (user != NULL) {
		/* The jail's own passwd and group, as exec -u reads them. */
		(void)snprintf(root, sizeof(root), "%s/root",
		    j->ent.mountpoint != NULL ? j->ent.mountpoint
					      : "/nonexistent");
		if (rt_jail_user(root, user, &u, &ue, env, err) != 0) {
			ioc_jail_free(j);
			return (-1);
		}
		o.user = &u;
	}
	o.argv = argv;
	o.env = env;
	if (rt_jail_oneshot_open(j, &o, err) != 0)
		return (-1);
	*status = o.status;
	return (0);
}
