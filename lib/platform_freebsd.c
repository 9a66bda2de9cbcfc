/*
 * platform_freebsd.c - the FreeBSD side of platform.h: carries out the plan
 * fbplan.c built (rctl_add_rule(2), nmount(2), host aliases through
 * ifconfig(8), jail_set(2) with JAIL_CREATE and persist), each step with
 * its undo, and records the stop plan under <rundir>/freebsd/ so that
 * stop (jail_remove(2), aliases, unmounts, rctl_remove_rule(2)) needs no
 * configuration and works after a killed ioc.  A jail's "pid" in
 * plat_running is its jail id.  fb_net_up()/fb_net_down() do VNET with
 * epair(4) for platform_freebsd_net.c.
 */
#include <sys/param.h>
#include <sys/jail.h>
#include <sys/mount.h>
#include <sys/rctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "exec.h"
#include "fbplan.h"
#include "fsu.h"
#include "internal.h"
#include "netplan.h"
#include "platform.h"
#include "props.h"
#include "value.h"

#define STOP_DIR  "freebsd"
#define RULES_MAX ((size_t)1024 * 1024)
#define GONE_WAIT 10000 /* ms a removed jail may stay dying */
#define MAX_IOV	  512

/* FreeBSD jails are fenced by the kernel, not by capabilities. */
uint64_t
plat_caps(int allow_mount, int allow_raw_sockets, int allow_chflags,
    int allow_mlock, int allow_set_hostname, int allow_sysvipc)
{
	(void)allow_mount;
	(void)allow_raw_sockets;
	(void)allow_chflags;
	(void)allow_mlock;
	(void)allow_set_hostname;
	(void)allow_sysvipc;
	return (0);
}

static void
msleep(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	(void)nanosleep(&ts, NULL);
}

/* A plan's argv as the exec layer takes it. */
static const char *const *
cargv(char **v)
{
	return ((const char *const *)v);
}

/* Point an iovec at a constant (the kernel only reads it). */
static void
iov_set(struct iovec *v, const void *base, size_t len)
{
	v->iov_base = (void *)base;
	v->iov_len = len;
}

/* The jid of the jail called name, or -1 (dying jails too with dying). */
static int
jid_of_name(const char *name, int dying)
{
	struct iovec iov[2];

	iov_set(&iov[0], "name", sizeof("name"));
	iov_set(&iov[1], name, strlen(name) + 1);
	return (jail_get(iov, 2, dying ? JAIL_DYING : 0));
}

/* The name of jail jid into buf; 0, or -1 when there is no such jail. */
static int
name_of_jid(int jid, int dying, char *buf, size_t size)
{
	struct iovec iov[4];

	buf[0] = '\0';
	iov_set(&iov[0], "jid", sizeof("jid"));
	iov[1].iov_base = &jid;
	iov[1].iov_len = sizeof(jid);
	iov_set(&iov[2], "name", sizeof("name"));
	iov[3].iov_base = buf;
	iov[3].iov_len = size;
	return (jail_get(iov, 4, dying ? JAIL_DYING : 0) < 0 ? -1 : 0);
}

/* True when jail r->pid exists (not dying) and is still called r->name. */
int
plat_jail_alive(const struct plat_running *r)
{
	char name[MAXHOSTNAMELEN + 64];

	if (r->pid <= 0 || r->pid > INT_MAX ||
	    name_of_jid((int)r->pid, 0, name, sizeof(name)) != 0)
		return (0);
	return (r->name[0] == '\0' || strcmp(name, r->name) == 0);
}

/* Run a program (argv[0] absolute) and wait; quiet: failure expected. */
static int
run(struct ioc_ctx *ctx, const char *const *argv, char **out, int quiet,
    struct ioc_err *err)
{
	struct exec_result res;
	struct exec_opts o;
	int rv;

	exec_opts_init(&o, argv);
	if (quiet)
		o.flags |= EXEC_QUIET;
	rv = exec_run(ctx, &o, &res, err);
	if (rv == 0 && out != NULL) {
		*out = res.out;
		res.out = NULL;
	}
	exec_result_free(&res);
	return (rv);
}

/* Run an undo command; its failure is a warning. */
static void
run_undo(struct ioc_ctx *ctx, const char *const *argv)
{
	struct ioc_err e;

	if (argv != NULL && run(ctx, argv, NULL, 0, &e) != 0)
		ioc_log(ctx, IOC_LOG_WARN, "undo: %s", e.msg);
}

/* Unmount path when it is still a mount of fstype; 0 when not mounted. */
static int
umount_if(struct ioc_ctx *ctx, const char *fstype, const char *path,
    struct ioc_err *err)
{
	struct statfs sf;

	if (statfs(path, &sf) != 0)
		return (errno == ENOENT
			? 0
			: ioc_err_sys(err, 0, "statfs '%s'", path));
	if (strcmp(sf.f_mntonname, path) != 0)
		return (0); /* nothing mounted there any more */
	if (strcmp(sf.f_fstypename, fstype) != 0)
		return (ioc_err_set(err, IOC_EBUSY, 0,
		    "Unmount of %s failed: a %s mount is there, not %s", path,
		    sf.f_fstypename, fstype));
	if (unmount(path, 0) != 0 &&
	    (errno != EBUSY || unmount(path, MNT_FORCE) != 0))
		return (ioc_err_sys(err, 0, "Unmount of %s failed", path));
	ioc_log(ctx, IOC_LOG_DEBUG, "unmounted %s", path);
	return (0);
}

/* The stop plan file of a jail. */
static void
stop_path(const struct ioc_ctx *ctx, const char *ident, char *buf, size_t size)
{
	(void)snprintf(
	    buf, size, "%s/" STOP_DIR "/%s.stop", ctx->rundir, ident);
}

/* An executor in progress: the plan and how far it got. */
struct fbrun {
	struct ioc_ctx *ctx;
	struct fbplan p;
	int rootfd;
	size_t rctl_done;   /* rules added */
	size_t mounts_done; /* mounts made */
	size_t aliases_done;
	int jid; /* -1 until created */
};

/* Add the rctl rules. */
static int
do_rctl(struct fbrun *x, struct ioc_err *err)
{
	char out[256];

	for (; x->rctl_done < x->p.nrctl; x->rctl_done++) {
		const char *rule = x->p.rctl[x->rctl_done];

		if (rctl_add_rule(rule, strlen(rule) + 1, out, sizeof(out)) !=
		    0)
			return (ioc_err_sys(err, 0, "rctl rule '%s'", rule));
	}
	return (0);
}

static void
undo_rctl(struct fbrun *x)
{
	char filter[300], out[256];

	if (x->rctl_done == 0)
		return;
	(void)snprintf(filter, sizeof(filter), "jail:%s", x->p.ident);
	if (rctl_remove_rule(filter, strlen(filter) + 1, out, sizeof(out)) !=
		0 &&
	    errno != ESRCH)
		ioc_log(x->ctx, IOC_LOG_WARN, "undo: rctl -r %s: %s", filter,
		    strerror(errno));
}

/*
 * Create the mount point beneath the root (never through a symlink out of
 * it) and check that fspath names that very directory now.
 */
static int
mount_point(struct fbrun *x, const struct fb_mount *m, struct ioc_err *err)
{
	char rroot[PATH_MAX], rpath[PATH_MAX], want[PATH_MAX + 1024];
	struct stat a, b;
	int fd;

	if (m->target[0] == '\0')
		fd = dup(x->rootfd);
	else
		fd = fsu_mkdir_in_root(x->rootfd, m->target, 0755, 0, err);
	if (fd < 0)
		return (-1);
	if (fstat(fd, &a) != 0) {
		(void)close(fd);
		return (ioc_err_sys(err, 0, "stat '%s'", m->fspath));
	}
	(void)close(fd);
	if (realpath(x->p.root, rroot) == NULL ||
	    realpath(m->fspath, rpath) == NULL)
		return (ioc_err_sys(err, 0, "realpath '%s'", m->fspath));
	(void)snprintf(want, sizeof(want), "%s%s%s", rroot,
	    m->target[0] != '\0' ? "/" : "", m->target);
	if (strcmp(rpath, want) != 0 || stat(m->fspath, &b) != 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return (ioc_err_set(err, IOC_ESECURITY, 0,
		    "Insecure path %s jail escape attempt", m->fspath));
	return (0);
}

/* nmount(2) one mount of the plan. */
static int
mount_one(struct fbrun *x, const struct fb_mount *m, struct ioc_err *err)
{
	struct iovec iov[2 * 32 + 2];
	char errmsg[256] = "";
	size_t i, n = 0;

	if (m->nopts > 32)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Failed to mount %s: too many options", m->fspath));
	if (mount_point(x, m, err) != 0)
		return (-1);
	for (i = 0; i < m->nopts; i++) {
		iov[n].iov_base = m->opts[i].name;
		iov[n++].iov_len = strlen(m->opts[i].name) + 1;
		iov[n].iov_base = m->opts[i].value;
		iov[n++].iov_len =
		    m->opts[i].value != NULL ? strlen(m->opts[i].value) + 1 : 0;
	}
	iov_set(&iov[n++], "errmsg", sizeof("errmsg"));
	iov[n].iov_base = errmsg;
	iov[n++].iov_len = sizeof(errmsg);
	if (nmount(iov, (unsigned)n, 0) != 0)
		return (ioc_err_sys(err, 0, "Failed to mount %s%s%s", m->fspath,
		    errmsg[0] != '\0' ? ": " : "", errmsg));
	ioc_log(
	    x->ctx, IOC_LOG_DEBUG, "mounted %s on %s", m->fstype, m->fspath);
	return (0);
}

static int
do_mounts(struct fbrun *x, struct ioc_err *err)
{
	for (; x->mounts_done < x->p.nmounts; x->mounts_done++)
		if (mount_one(x, &x->p.mounts[x->mounts_done], err) != 0)
			return (-1);
	return (0);
}

static void
undo_mounts(struct fbrun *x)
{
	struct ioc_err e;

	while (x->mounts_done > 0) {
		const struct fb_mount *m = &x->p.mounts[--x->mounts_done];

		if (umount_if(x->ctx, m->fstype, m->fspath, &e) != 0)
			ioc_log(x->ctx, IOC_LOG_WARN, "undo: %s", e.msg);
	}
}

static int
do_aliases(struct fbrun *x, struct ioc_err *err)
{
	for (; x->aliases_done < x->p.aliases.n; x->aliases_done++)
		if (run(x->ctx, cargv(x->p.aliases.v[x->aliases_done].argv),
			NULL, 0, err) != 0)
			return (-1);
	return (0);
}

static void
undo_aliases(struct fbrun *x)
{
	while (x->aliases_done > 0)
		run_undo(x->ctx, cargv(x->p.aliases.v[--x->aliases_done].undo));
}

/* True when the kernel knows the jail parameter (or its node form). */
static int
param_known(const char *name)
{
	char buf[256];
	int mib[CTL_MAXNAME];
	size_t len = CTL_MAXNAME;

	(void)snprintf(buf, sizeof(buf), "security.jail.param.%s", name);
	if (sysctlnametomib(buf, mib, &len) == 0)
		return (1);
	len = CTL_MAXNAME;
	(void)strncat(buf, ".", sizeof(buf) - strlen(buf) - 1);
	return (sysctlnametomib(buf, mib, &len) == 0);
}

/* The binary value of one parameter into a new buffer (*len its size). */
static void *
param_value(const struct fb_param *p, size_t *len, struct ioc_err *err)
{
	char *copy, *tok, *save = NULL, *end;
	size_t n = 0, cap = 0;
	void *v = NULL;
	long l;

	switch (p->type) {
	case FB_P_BOOL:
		*len = 0;
		return (NULL);
	case FB_P_INT:
		errno = 0;
		l = strtol(p->value, &end, 10);
		if (errno != 0 || *end != '\0' || l < INT_MIN || l > INT_MAX) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "jail parameter %s: '%s' is not a number", p->name,
			    p->value);
			return (NULL);
		}
		if ((v = malloc(sizeof(int))) == NULL)
			break;
		*(int *)v = (int)l;
		*len = sizeof(int);
		return (v);
	case FB_P_STR:
		*len = strlen(p->value) + 1;
		if ((v = strdup(p->value)) == NULL)
			break;
		return (v);
	case FB_P_IP4:
	case FB_P_IP6: {
		int v6 = p->type == FB_P_IP6;
		size_t sz =
		    v6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);

		for (tok = p->value; *tok != '\0'; tok++)
			cap += *tok == ',';
		cap++;
		if ((v = calloc(cap, sz)) == NULL ||
		    (copy = strdup(p->value)) == NULL)
			break;
		for (tok = strtok_r(copy, ",", &save); tok != NULL;
		     tok = strtok_r(NULL, ",", &save)) {
			if (n == cap ||
			    inet_pton(v6 ? AF_INET6 : AF_INET, tok,
				(char *)v + n * sz) != 1) {
				(void)ioc_err_set(err, IOC_EINVAL, 0,
				    "jail parameter %s: bad address '%s'",
				    p->name, tok);
				free(copy);
				free(v);
				return (NULL);
			}
			n++;
		}
		free(copy);
		*len = n * sz;
		return (v);
	}
	}
	free(v);
	(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
	return (NULL);
}

/* jail_set(2) with JAIL_CREATE and every parameter of the plan. */
static int
do_jail(struct fbrun *x, struct ioc_err *err)
{
	struct iovec iov[MAX_IOV];
	char *keys[MAX_IOV / 2], errmsg[256] = "";
	void *vals[MAX_IOV / 2];
	size_t i, n = 0, k = 0, len;
	int rv = -1, jid;

	(void)memset(vals, 0, sizeof(vals));
	(void)memset(keys, 0, sizeof(keys));
	if (x->p.nparams + 1 > MAX_IOV / 2)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Launching jail %s failed: too many parameters",
		    x->p.ident));
	for (i = 0; i < x->p.nparams; i++) {
		const struct fb_param *p = &x->p.params[i];
		char key[256];

		if (strncmp(p->name, "allow.", 6) == 0 &&
		    !param_known(p->name)) {
			if (p->type == FB_P_BOOL &&
			    strcmp(p->value, "0") == 0) {
				ioc_log(x->ctx, IOC_LOG_DEBUG,
				    "jail parameter %s: not in this kernel, "
				    "left out",
				    p->name);
				continue;
			}
			(void)ioc_err_set(err, IOC_ENOTSUP, 0,
			    "Launching jail %s failed: this kernel has no "
			    "jail parameter %s",
			    x->p.ident, p->name);
			goto out;
		}
		if (fbplan_param_key(p, key, sizeof(key)) != 0 ||
		    (keys[k] = strdup(key)) == NULL) {
			/* keys[k] is NULL here: nothing to free. */
			(void)ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory");
			goto out;
		}
		vals[k] = param_value(p, &len, err);
		k++;
		if (vals[k - 1] == NULL && p->type != FB_P_BOOL)
			goto out;
		iov[n].iov_base = keys[k - 1];
		iov[n++].iov_len = strlen(keys[k - 1]) + 1;
		iov[n].iov_base = vals[k - 1];
		iov[n++].iov_len = len;
	}
	iov_set(&iov[n++], "errmsg", sizeof("errmsg"));
	iov[n].iov_base = errmsg;
	iov[n++].iov_len = sizeof(errmsg);
	if ((jid = jail_set(iov, (unsigned)n, JAIL_CREATE)) < 0) {
		(void)ioc_err_set(err, ioc_err_from_errno(errno), errno,
		    "Launching jail %s failed: %s", x->p.ident,
		    errmsg[0] != '\0' ? errmsg : strerror(errno));
		goto out;
	}
	x->jid = jid;
	ioc_log(x->ctx, IOC_LOG_DEBUG, "jail %s created as jid %d", x->p.ident,
	    jid);
	rv = 0;
out:
	for (i = 0; i < k; i++) {
		free(keys[i]);
		free(vals[i]);
	}
	return (rv);
}

/* Remove jail jid and wait (at most GONE_WAIT ms) until it is gone. */
static int
remove_wait(struct ioc_ctx *ctx, int jid, struct ioc_err *err)
{
	char name[MAXHOSTNAMELEN + 64];
	int waited = 0;

	if (jail_remove(jid) != 0 && errno != EINVAL)
		return (ioc_err_sys(err, 0, "jail_remove %d", jid));
	while (name_of_jid(jid, 1, name, sizeof(name)) == 0) {
		if (waited >= GONE_WAIT) {
			ioc_log(ctx, IOC_LOG_WARN,
			    "jail %d is still dying after %d s", jid,
			    GONE_WAIT / 1000);
			break;
		}
		msleep(20);
		waited += 20;
	}
	return (0);
}

static void
undo_jail(struct fbrun *x)
{
	struct ioc_err e;

	if (x->jid >= 0 && remove_wait(x->ctx, x->jid, &e) != 0)
		ioc_log(x->ctx, IOC_LOG_WARN, "undo: %s", e.msg);
	x->jid = -1;
}

/* Record the stop plan of the created jail (atomically). */
static int
write_stop(struct fbrun *x, struct ioc_err *err)
{
	char dir[4096], path[4400], *text;
	struct fb_stop s;
	int rv;

	(void)snprintf(dir, sizeof(dir), "%s/" STOP_DIR, x->ctx->rundir);
	if (fsu_mkdirs(dir, 0700, err) != 0)
		return (-1);
	if (fbplan_stop(&x->p, x->jid, &s, err) != 0)
		return (-1);
	text = fbplan_stop_format(&s, err);
	fbplan_stop_free(&s);
	if (text == NULL)
		return (-1);
	stop_path(x->ctx, x->p.ident, path, sizeof(path));
	rv = fsu_write_atomic(path, text, strlen(text), 0600, err);
	free(text);
	return (rv);
}

struct fbstep {
	const char *name;
	int (*run)(struct fbrun *, struct ioc_err *);
	void (*undo)(struct fbrun *);
};

/* jail(8)'s order: limits, mounts, addresses, then the jail itself. */
static const struct fbstep create_steps[] = {
    {"rctl", do_rctl, undo_rctl},
    {"mounts", do_mounts, undo_mounts},
    {"aliases", do_aliases, undo_aliases},
    {"jail_set", do_jail, undo_jail},
    {"record", write_stop, NULL},
};

#define NCREATE (sizeof(create_steps) / sizeof(create_steps[0]))

/* What the plan needs from the host: uuid, racct, devfs.rules. */
static int
plan_input(const struct plat_spec *spec, struct fbplan_input *in, char *uuid,
    size_t usize, char **rules, struct ioc_err *err)
{
	const char *rs =
	    prop_effective("devfs_ruleset", spec->cfg, spec->defaults);
	long long n;
	size_t len = sizeof(int);
	int racct = 0;

	(void)memset(in, 0, sizeof(*in));
	in->spec = spec;
	if (compat_host_uuid(uuid, usize) == 0)
		in->hostuuid = uuid;
	if (sysctlbyname("kern.racct.enable", &racct, &len, NULL, 0) == 0)
		in->racct = racct != 0;
	*rules = NULL;
	if (rs != NULL && !val_is_none(rs) && val_parse_int(rs, &n) != 0) {
		char *a, *b;

		a = fsu_read_file(
		    "/etc/defaults/devfs.rules", RULES_MAX, NULL, err);
		b = fsu_read_file("/etc/devfs.rules", RULES_MAX, NULL, err);
		*rules = ioc_aprintf(
		    err, "%s\n%s", a != NULL ? a : "", b != NULL ? b : "");
		free(a);
		free(b);
		if (*rules == NULL)
			return (-1);
		in->devfs_rules = *rules;
	}
	return (0);
}

/* Create and start a persistent jail from its plan. */
int
plat_jail_create(struct ioc_ctx *ctx, const struct plat_spec *spec,
    struct plat_running *out, struct ioc_err *err)
{
	struct fbplan_input in;
	struct fbrun x;
	char uuid[64], *rules = NULL;
	size_t i;
	int rv = -1;

	(void)memset(out, 0, sizeof(*out));
	(void)memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	x.rootfd = -1;
	x.jid = -1;
	if (plan_input(spec, &in, uuid, sizeof(uuid), &rules, err) != 0 ||
	    fbplan_build(&in, &x.p, err) != 0)
		goto out;
	for (i = 0; i < x.p.nwarnings; i++)
		ioc_log(
		    ctx, IOC_LOG_WARN, "%s: %s", x.p.ident, x.p.warnings[i]);
	if (jid_of_name(x.p.ident, 1) >= 0) {
		(void)ioc_err_set(err, IOC_EEXIST, 0,
		    "Launching jail %s failed: a jail of that name exists",
		    x.p.ident);
		goto out;
	}
	if ((x.rootfd = open(x.p.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) <
	    0) {
		(void)ioc_err_sys(err, 0, "open '%s'", x.p.root);
		goto out;
	}
	for (i = 0; i < NCREATE; i++) {
		ioc_log(ctx, IOC_LOG_DEBUG, "jail %s: %s", x.p.ident,
		    create_steps[i].name);
		if (create_steps[i].run(&x, err) == 0)
			continue;
		/* The failed step may have done a part: undo it too. */
		do {
			if (create_steps[i].undo != NULL)
				create_steps[i].undo(&x);
		} while (i-- > 0);
		goto out;
	}
	out->pid = x.jid;
	out->start = 0;
	(void)snprintf(out->name, sizeof(out->name), "%s", x.p.ident);
	rv = 0;
out:
	if (x.rootfd >= 0)
		(void)close(x.rootfd);
	fbplan_free(&x.p);
	free(rules);
	return (rv);
}

/* Report errno through a pipe and end the child. */
static void
child_fail(int fd, int sys)
{
	(void)!write(fd, &sys, sizeof(sys));
	_exit(126);
}

/* Run argv in a running jail: fork, jail_attach, drop to user, execve. */
int
plat_jail_exec(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *const *argv, const char *const *env, const struct pw_user *user,
    uint64_t caps, unsigned flags, int *status, struct ioc_err *err)
{
	int pfd[2], st, sys = 0, nullfd;
	ssize_t got;
	pid_t c;

	(void)ctx;
	(void)caps;
	*status = -1;
	if (!plat_jail_alive(r))
		return (ioc_err_set(
		    err, IOC_ENOENT, 0, "Jail '%s' is not running", r->name));
	if (pipe2(pfd, O_CLOEXEC) != 0)
		return (ioc_err_sys(err, IOC_EIO, "pipe"));
	(void)fflush(NULL);
	if ((c = fork()) < 0) {
		(void)close(pfd[0]);
		(void)close(pfd[1]);
		return (ioc_err_sys(err, IOC_EIO, "fork"));
	}
	if (c == 0) {
		(void)close(pfd[0]);
		if (!(flags & PLAT_EXEC_PASSTHRU) &&
		    (nullfd = open("/dev/null", O_RDONLY)) >= 0)
			(void)dup2(nullfd, 0);
		if (jail_attach((int)r->pid) != 0 || chdir("/") != 0)
			child_fail(pfd[1], errno);
		if (user != NULL) {
			if (setgroups(user->ngroups, user->groups) != 0 ||
			    setgid(user->gid) != 0 || setuid(user->uid) != 0)
				child_fail(pfd[1], errno);
			if (chdir(user->home) != 0)
				(void)chdir("/");
		}
		(void)signal(SIGPIPE, SIG_DFL);
		if (pfd[1] != 3 && dup2(pfd[1], 3) >= 0) {
			(void)close(pfd[1]);
			pfd[1] = 3;
			(void)fcntl(3, F_SETFD, FD_CLOEXEC);
		}
		compat_closefrom(4);
		exec_path_search(argv, env);
		child_fail(pfd[1], errno);
	}
	(void)close(pfd[1]);
	got = read(pfd[0], &sys, sizeof(sys));
	(void)close(pfd[0]);
	while (waitpid(c, &st, 0) < 0)
		if (errno != EINTR)
			return (ioc_err_sys(err, IOC_EIO, "waitpid"));
	if (got == (ssize_t)sizeof(sys))
		return (ioc_err_set(err, ioc_err_from_errno(sys), sys,
		    "cannot run '%s' in jail %s: %s", argv[0], r->name,
		    strerror(sys)));
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return (0);
}

/*
 * SIGTERM to every process of the jail (from a child attached to it, as
 * jail(8) does) and wait up to timeout_s for them to leave.
 */
static void
term_wait(struct ioc_ctx *ctx, int jid, int timeout_s)
{
	int st, waited = 0;
	pid_t c;

	(void)fflush(NULL);
	if ((c = fork()) < 0)
		return;
	if (c == 0) {
		if (jail_attach(jid) != 0)
			_exit(2);
		(void)kill(-1, SIGTERM);
		/* kill(-1, 0) fails with ESRCH once no other process is
		 * left in the jail. */
		while (kill(-1, 0) == 0 || errno != ESRCH) {
			if (waited >= timeout_s * 1000)
				_exit(1);
			msleep(50);
			waited += 50;
		}
		_exit(0);
	}
	while (waitpid(c, &st, 0) < 0)
		if (errno != EINTR)
			return;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
		ioc_log(ctx, IOC_LOG_NOTICE,
		    "jail %d did not stop in %d s: removing it", jid,
		    timeout_s);
}

/* One step of a stop plan; the first error is kept in err. */
static int
stop_step(struct ioc_ctx *ctx, const struct fb_stop_step *s, int timeout_s,
    struct ioc_err *err)
{
	char name[MAXHOSTNAMELEN + 64], out[256];
	long jid;

	switch (s->kind) {
	case FB_STOP_REMOVE:
		jid = strtol(s->arg[1], NULL, 10);
		/* A jid may have been reused: check the name. */
		if (jid <= 0 || jid > INT_MAX ||
		    name_of_jid((int)jid, 1, name, sizeof(name)) != 0 ||
		    strcmp(name, s->arg[0]) != 0)
			return (0);
		if (timeout_s > 0)
			term_wait(ctx, (int)jid, timeout_s);
		return (remove_wait(ctx, (int)jid, err));
	case FB_STOP_CMD:
		if (run(ctx, cargv(s->arg), NULL, 1, err) != 0)
			ioc_log(ctx, IOC_LOG_DEBUG, "stop: %s", err->msg);
		return (0); /* an alias may be gone already */
	case FB_STOP_UMOUNT:
		return (umount_if(ctx, s->arg[0], s->arg[1], err));
	case FB_STOP_RCTL:
		if (rctl_remove_rule(s->arg[0], strlen(s->arg[0]) + 1, out,
			sizeof(out)) != 0 &&
		    errno != ESRCH && errno != ENOSYS)
			return (ioc_err_sys(err, 0, "rctl -r %s", s->arg[0]));
		return (0);
	}
	return (0);
}

/*
 * Stop a jail: SIGTERM to its processes, jail_remove after timeout_s,
 * then the rest of its recorded stop plan.  A jail without a plan is
 * removed by name.  The plan is forgotten only when every step worked.
 */
int
plat_jail_stop(struct ioc_ctx *ctx, const struct plat_running *r, int timeout_s,
    struct ioc_err *err)
{
	struct fb_stop s = {NULL, 0};
	struct ioc_err e, first;
	char path[4400], *text;
	size_t i;
	int failed = 0, jid;

	if (r->name[0] == '\0')
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "jail %ld has no recorded name", r->pid));
	stop_path(ctx, r->name, path, sizeof(path));
	if ((text = fsu_read_file(path, RULES_MAX, NULL, &e)) != NULL) {
		if (fbplan_stop_parse(text, &s, &e) != 0)
			ioc_log(ctx, IOC_LOG_WARN, "%s: %s", path, e.msg);
		free(text);
	}
	if (s.n == 0 && (jid = jid_of_name(r->name, 1)) >= 0) {
		/* No plan (or a broken one): at least remove the jail. */
		if (timeout_s > 0)
			term_wait(ctx, jid, timeout_s);
		if (remove_wait(ctx, jid, &first) != 0)
			failed = 1;
	}
	for (i = 0; i < s.n; i++) {
		if (stop_step(ctx, &s.v[i], timeout_s, &e) == 0)
			continue;
		ioc_log(ctx, IOC_LOG_DEBUG, "stop %s: %s", r->name, e.msg);
		if (!failed)
			first = e;
		failed = 1;
	}
	fbplan_stop_free(&s);
	if (failed) {
		if (err != NULL)
			*err = first;
		return (-1);
	}
	(void)unlink(path);
	return (0);
}

/* Check that a bridge exists: "VNET bridge <b> does not exist". */
static int
bridge_exists(struct ioc_ctx *ctx, const char *bridge, struct ioc_err *err)
{
	const char *argv[] = {FB_IFCONFIG, bridge, NULL};
	struct ioc_err e;

	if (run(ctx, argv, NULL, 1, &e) == 0)
		return (0);
	return (ioc_err_set(
	    err, IOC_ENOENT, 0, "VNET bridge %s does not exist", bridge));
}

/* Destroy the epairs created so far (their a sides). */
static void
destroy_epairs(struct ioc_ctx *ctx, char (*epairs)[32], size_t n)
{
	char a[40];
	const char *argv[] = {FB_IFCONFIG, a, "destroy", NULL};

	while (n-- > 0) {
		(void)snprintf(a, sizeof(a), "%sa", epairs[n]);
		run_undo(ctx, argv);
	}
}

/*
 * Create the VNET interfaces of np for the running jail r: one epair(4)
 * per NIC, then fbplan_vnet()'s commands; undone on failure.
 */
int
fb_net_up(struct ioc_ctx *ctx, const struct plat_running *r,
    const struct netplan *np, struct ioc_err *err)
{
	static const char *const create[] = {
	    FB_IFCONFIG, "epair", "create", NULL};
	char epairs[NETPLAN_MAXNICS][32];
	const char *names[NETPLAN_MAXNICS];
	struct fb_cmds c = {NULL, 0};
	size_t i, made = 0, done = 0;
	char *out = NULL;
	int rv = -1;

	if (np->mode != NETPLAN_VNET)
		return (0);
	for (i = 0; i < np->nnics; i++)
		if (bridge_exists(ctx, np->nics[i].bridge, err) != 0)
			return (-1);
	for (i = 0; i < np->nnics; i++) {
		size_t len;

		if (run(ctx, create, &out, 0, err) != 0)
			goto out;
		len = strcspn(out, "\n");
		out[len] = '\0';
		if (!fbplan_epair_ok(out)) {
			/* Not what we asked for: leave it alone. */
			(void)ioc_err_set(err, IOC_EIO, 0,
			    "ifconfig epair create printed '%s'", out);
			goto out;
		}
		out[len - 1] = '\0'; /* epairNa -> epairN */
		(void)snprintf(epairs[i], sizeof(epairs[i]), "%s", out);
		names[i] = epairs[i];
		free(out);
		out = NULL;
		made++;
	}
	if (fbplan_vnet(np, r->pid, names, &c, err) != 0)
		goto out;
	for (done = 0; done < c.n; done++)
		if (run(ctx, cargv(c.v[done].argv), NULL, 0, err) != 0)
			goto out;
	rv = 0;
out:
	if (rv != 0) {
		while (done-- > 0)
			run_undo(ctx, cargv(c.v[done].undo));
		destroy_epairs(ctx, epairs, made);
	}
	free(out);
	fbplan_cmds_free(&c);
	return (rv);
}

/*
 * Destroy the host ends names[i] that still exist and still carry the
 * description aliases[i] (destroying one side of an epair destroys both).
 */
int
fb_net_down(struct ioc_ctx *ctx, const char *const *names,
    const char *const *aliases, size_t n, struct ioc_err *err)
{
	char want[NETPLAN_ALIASLEN + 32];
	size_t i;
	int rv = 0;

	for (i = 0; i < n; i++) {
		const char *show[] = {FB_IFCONFIG, names[i], NULL};
		const char *destroy[] = {
		    FB_IFCONFIG, names[i], "destroy", NULL};
		struct ioc_err e;
		char *out = NULL;

		if (run(ctx, show, &out, 1, &e) != 0)
			continue; /* gone already */
		(void)snprintf(
		    want, sizeof(want), "description: %s\n", aliases[i]);
		if (strstr(out, want) == NULL) {
			free(out);
			continue; /* another jail's by now */
		}
		free(out);
		if (run(ctx, destroy, NULL, 0, &e) != 0) {
			if (rv == 0 && err != NULL)
				*err = e;
			rv = -1;
		}
	}
	return (rv);
}
