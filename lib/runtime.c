/*
 * runtime.c - start, stop and restart: the portable half of the runtime.  It
 * decides what a jail gets (mounts, hostname, capabilities, hooks) from its
 * configuration; platform_*.c carries the decisions out.  Start is a
 * table of steps, each with its undo.  The recorded state is rtstate.c's,
 * exec rtexec.c's, starting and stopping many jails rtbatch.c's.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "depends.h"
#include "exec.h"
#include "fstab.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "jparams.h"
#include "list.h"
#include "netplan.h"
#include "platform.h"
#include "passwd.h"
#include "props.h"
#include "propspec.h"
#include "release.h"
#include "rtplan.h"
#include "runtime.h"
#include "rtuserland.h"
#include "value.h"
#include "zds.h"

#define RESOLV_MAX ((size_t)64 * 1024)
#define MAX_ENV	   512

extern char **environ;

/* A running jail as start sees it. */
struct launch {
	struct ioc_jail *j;
	const char *src;
	const char *name; /* the jail's dataset name */
	char root[4096];
	struct plat_mount mounts[32];
	char mnt_src[32][4300];
	char mnt_dst[32][1024];
	char mnt_type[32][RTPLAN_FSTYPELEN]; /* fstab: rtplan_fstab() */
	char mnt_data[32][RTPLAN_DATALEN];
	size_t nmounts;
	struct plat_running run;
	int recorded; /* run is in the state file (step_create) */
	uint64_t caps;
	unsigned confine; /* PLAT_CONF_* */
	char **env;	  /* the IOC_* hook environment */
	int jid_in_env;
	struct netplan net;	    /* decided by step_netplan */
	struct rt_oneshot *oneshot; /* exec -f: its command, else NULL */
	char relroot[4096];	    /* basejail: its release clone, else "" */
};

static const char *
eff(const struct launch *l, const char *key)
{
	return (prop_effective(key, &l->j->cfg.cur, l->j->defs));
}

static int
eff_bool(const struct launch *l, const char *key)
{
	const char *v = eff(l, key);
	int b = 0;

	return (v != NULL && val_parse_bool(v, &b) == 0 && b);
}

static void
env_free(char **env)
{
	size_t i;

	for (i = 0; env != NULL && env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

/* Append an entry (taking ownership; NULL means allocation failed). */
static int
env_add(char **env, size_t *n, char *entry, struct ioc_err *err)
{
	if (entry == NULL)
		return (-1);
	if (*n >= MAX_ENV - 1) {
		free(entry);
		return (ioc_err_set(err, IOC_EINVAL, E2BIG,
		    "too many hook environment entries"));
	}
	env[*n] = entry;
	env[++*n] = NULL;
	return (0);
}

/* The hook variable name of a key: upper case, "." as "_". */
static void
env_key(const char *name, char *key, size_t size)
{
	size_t k;

	for (k = 0; k < size - 1 && name[k] != '\0'; k++)
		key[k] = name[k] == '.' ? '_'
					: (char)toupper((unsigned char)name[k]);
	key[k] = '\0';
}

/* IOC_<KEY>=value for every property, IOC_JAIL_PATH, IOC_JID, PATH. */
static int
build_env(struct launch *l, long jid, struct ioc_err *err)
{
	char **env, key[256], jidbuf[32];
	size_t n = 0, i, k;

	env_free(l->env);
	l->env = NULL;
	if ((env = calloc(MAX_ENV, sizeof(*env))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);
		char *v;

		if (p->flags & (PF_PATTERN | PF_ALIAS | PF_FOREIGN))
			continue;
		env_key(p->name, key, sizeof(key));
		if ((v = prop_render(
			 p->name, eff(l, p->name), VAL_DISPLAY, err)) == NULL)
			goto fail;
		k = (size_t)env_add(
		    env, &n, ioc_aprintf(err, "IOC_%s=%s", key, v), err);
		free(v);
		if (k != 0)
			goto fail;
	}
	for (i = 0; i < l->j->cfg.cur.n; i++) {
		const char *ck = l->j->cfg.cur.kv[i].key;

		if (strncmp(ck, "user.", 5) != 0)
			continue;
		env_key(ck, key, sizeof(key));
		if (env_add(env, &n,
			ioc_aprintf(
			    err, "IOC_%s=%s", key, l->j->cfg.cur.kv[i].value),
			err) != 0)
			goto fail;
	}
	(void)snprintf(jidbuf, sizeof(jidbuf), "%ld", jid);
	if (env_add(env, &n, ioc_aprintf(err, "IOC_JAIL_PATH=%s", l->root),
		err) != 0 ||
	    env_add(env, &n,
		ioc_aprintf(err, "IOC_JID=%s", jid > 0 ? jidbuf : "None"),
		err) != 0 ||
	    env_add(env, &n, ioc_strdup(JAIL_PATH, err), err) != 0)
		goto fail;
	l->env = env;
	return (0);
fail:
	env_free(env);
	return (-1);
}

/* Run a host-side hook (exec_prestart, ...) as /bin/sh -c HOOK. */
static int
host_hook(struct launch *l, const char *key, struct ioc_err *err)
{
	const char *hook = eff(l, key), *argv[] = {"/bin/sh", "-c", hook, NULL};
	struct exec_result res;
	struct exec_opts o;
	const char *tmo = eff(l, "exec_timeout");
	const char **env = NULL;
	size_t n = 0, i;
	long long t = 0;
	int rv;

	if (hook == NULL || val_is_none(hook))
		return (0);
	if (l->env == NULL)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "hook %s without an environment", key));
	exec_opts_init(&o, argv);
	if (tmo != NULL && val_parse_int(tmo, &t) == 0 && t > 0)
		o.timeout_ms = (int)(t > 86400 ? 86400000 : t * 1000);
	if (eff_bool(l, "exec_clean")) {
		o.env = (const char *const *)l->env;
		o.flags = EXEC_ENV_REPLACE;
	} else {
		/* exec_clean=0: the caller's environment, then IOC_*. */
		for (i = 0; environ[i] != NULL; i++)
			n++;
		for (i = 0; l->env[i] != NULL; i++)
			n++;
		if ((env = calloc(n + 1, sizeof(*env))) == NULL)
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		n = 0;
		for (i = 0; environ[i] != NULL; i++)
			env[n++] = environ[i];
		for (i = 0; l->env[i] != NULL; i++)
			env[n++] = l->env[i];
		o.env = env;
		o.flags = EXEC_ENV_REPLACE;
	}
	rv = exec_run(l->j->ctx, &o, &res, err);
	if (rv == 0)
		ioc_log(l->j->ctx, IOC_LOG_SPAM, "%s: %s", key, res.out);
	exec_result_free(&res);
	free(env);
	if (rv != 0)
		return (ioc_err_wrap(
		    err, "Jail %s hook %s failed", ioc_jail_name(l->j), key));
	return (0);
}

/* Run a hook inside the jail (exec_start, exec_stop). */
static int
jail_hook(struct launch *l, const char *key, struct ioc_err *err)
{
	const char *hook = eff(l, key), *argv[] = {"/bin/sh", "-c", hook, NULL};
	int status;

	if (hook == NULL || val_is_none(hook))
		return (0);
	if (plat_jail_exec(l->j->ctx, &l->run, argv,
		(const char *const *)l->env, NULL, l->caps, l->confine, &status,
		err) != 0)
		return (ioc_err_wrap(
		    err, "Jail %s hook %s failed", ioc_jail_name(l->j), key));
	if (status != 0)
		return (ioc_err_set(err, IOC_EEXEC, 0,
		    "Jail %s hook %s failed: exit status %d",
		    ioc_jail_name(l->j), key, status));
	return (0);
}

/* resolver: write etc/resolv.conf beneath the root before anything runs. */
static int
step_resolver(struct launch *l, struct ioc_err *err)
{
	enum spec_resolver_kind kind;
	char *text = NULL;
	int rootfd = -1, etcfd = -1, rv = -1;
	size_t len = 0;

	if (spec_parse_resolver(eff(l, "resolver"), &kind, &text, err) != 0)
		return (ioc_err_wrap(err, "resolver"));
	if (kind == SPEC_RESOLVER_NONE) {
		free(text);
		return (0);
	}
	if (kind == SPEC_RESOLVER_COPY) {
		free(text);
		if ((text = fsu_read_file(
			 "/etc/resolv.conf", RESOLV_MAX, &len, err)) == NULL)
			return (ioc_err_wrap(err, "resolver"));
	} else {
		len = strlen(text);
	}
	if ((rootfd = open(l->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		(void)ioc_err_sys(err, 0, "open '%s'", l->root);
		goto out;
	}
	/* The directory is resolved beneath the root; a symlink at
	 * etc/resolv.conf is replaced, never followed out. */
	if ((etcfd = fsu_mkdir_in_root(rootfd, "etc", 0755, 0, err)) < 0)
		goto out;
	/* Atomic, not durable: every start writes it again before the
	 * jail runs anything, a crash ends the jail that read it. */
	rv = fsu_write_replace_at(etcfd, "resolv.conf", text, len, 0644, err);
out:
	if (etcfd >= 0)
		(void)close(etcfd);
	if (rootfd >= 0)
		(void)close(rootfd);
	free(text);
	return (rv != 0 ? ioc_err_wrap(err, "resolver") : 0);
}

/* The read-only basedir mounts of a basejail. */
static int
plan_basejail(struct launch *l, struct ioc_err *err)
{
	const char *const *dirs = rtplan_basedirs(compat_platform());
	const char *type = eff(l, "basejail_type");
	char *mp = NULL, path[4300];
	struct stat sb;
	size_t i;

	if (!eff_bool(l, "basejail"))
		return (0);
	if (type != NULL && strcmp(type, "zfs") == 0)
		return (ioc_err_set(err, IOC_ENOTSUP, 0,
		    "Jail '%s' is a legacy ZFS basejail: run 'ioc set "
		    "basejail_type=nullfs %s' to start it",
		    ioc_jail_name(l->j), ioc_jail_name(l->j)));
	if (eff(l, "release") == NULL)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "basejail '%s' has no release", ioc_jail_name(l->j)));
	/* The read-only clone of root@pN: from the open's listing, a mount
	 * only if needed. */
	if (rt_release_clone(l->j->ctx, l->j->ent.src, eff(l, "release"),
		l->j->rels_known ? &l->j->rels : NULL, &mp, err) != 0)
		return (ioc_err_wrap(err, "basejail"));
	for (i = 0; dirs[i] != NULL; i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", mp, dirs[i]);
		/* Skip what the release lacks; a symlink stays a symlink. */
		if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
			continue;
		if (l->nmounts == sizeof(l->mounts) / sizeof(l->mounts[0]))
			break;
		(void)snprintf(l->mnt_src[l->nmounts],
		    sizeof(l->mnt_src[l->nmounts]), "%s", path);
		l->mounts[l->nmounts] =
		    (struct plat_mount){.source = l->mnt_src[l->nmounts],
			.target = dirs[i],
			.readonly = 1};
		l->nmounts++;
	}
	(void)snprintf(l->relroot, sizeof(l->relroot), "%s", mp);
	free(mp);
	return (0);
}

/* userland: a /bin/sh the host cannot run is refused before any hook. */
static int
step_userland(struct launch *l, struct ioc_err *err)
{
	return (rt_userland_check(ioc_jail_name(l->j), l->root,
	    l->relroot[0] != '\0' ? l->relroot : NULL, err));
}

/*
 * The fstab lines of the jail as mounts inside it.  Destinations are host
 * paths below the jail root (libioc's format) and are mounted at the same
 * place inside the jail, resolved beneath its root there.  The type and
 * the options are rtplan_fstab()'s: nullfs a bind mount (read-only with
 * "ro") on Linux, tmpfs with its options (size=, mode=); on FreeBSD any
 * file system nmount(2) takes, with its options.
 */
static int
plan_fstab(struct launch *l, struct ioc_err *err)
{
	struct rtplan_fsmount fm;
	struct fstab f;
	struct stat sb;
	char path[4300], *buf, *src = NULL, *dst = NULL, *type = NULL;
	char *opts = NULL;
	size_t i, rlen = strlen(l->root), len;
	int rv = -1;

	(void)snprintf(path, sizeof(path), "%s/fstab", l->j->ent.mountpoint);
	if ((buf = fsu_read_file(path, (size_t)1024 * 1024, &len, err)) == NULL)
		return (err->sys == ENOENT ? 0 : ioc_err_wrap(err, "fstab"));
	rv = fstab_parse(buf, len, &f, err);
	free(buf);
	if (rv != 0)
		return (-1);
	rv = -1;
	for (i = 0; i < f.n; i++) {
		struct plat_mount *m = &l->mounts[l->nmounts];

		if (!f.v[i].entry)
			continue;
		free(src);
		free(dst);
		free(type);
		free(opts);
		src = dst = type = opts = NULL;
		if (f.v[i].nfields < 4 ||
		    (src = fstab_field(&f.v[i], 0, err)) == NULL ||
		    (dst = fstab_field(&f.v[i], 1, err)) == NULL ||
		    (type = fstab_field(&f.v[i], 2, err)) == NULL ||
		    (opts = fstab_field(&f.v[i], 3, err)) == NULL) {
			if (f.v[i].nfields < 4)
				(void)ioc_err_set(err, IOC_EPARSE, 0,
				    "fstab line %zu: expected source, "
				    "destination, type and options",
				    i + 1);
			goto out;
		}
		if (strncmp(dst, l->root, rlen) != 0 ||
		    (dst[rlen] != '/' && dst[rlen] != '\0')) {
			(void)ioc_err_set(err, IOC_ESECURITY, 0,
			    "fstab line %zu: destination '%s' is not in the "
			    "jail root %s",
			    i + 1, dst, l->root);
			goto out;
		}
		if (l->nmounts == sizeof(l->mounts) / sizeof(l->mounts[0])) {
			(void)ioc_err_set(
			    err, IOC_EINVAL, 0, "fstab: too many mounts");
			goto out;
		}
		if (rtplan_fstab(compat_platform(), type, opts, &fm, err) !=
		    0) {
			(void)ioc_err_wrap(err, "fstab line %zu", i + 1);
			goto out;
		}
		if (fm.bind && stat(src, &sb) != 0) {
			(void)ioc_err_sys(
			    err, 0, "fstab line %zu: source '%s'", i + 1, src);
			goto out;
		}
		(void)memcpy(
		    l->mnt_type[l->nmounts], fm.fstype, sizeof(fm.fstype));
		(void)memcpy(l->mnt_data[l->nmounts], fm.data, sizeof(fm.data));
		m->fstype = fm.bind ? NULL : l->mnt_type[l->nmounts];
		m->data = fm.has_data ? l->mnt_data[l->nmounts] : NULL;
		m->readonly = fm.readonly;
		(void)snprintf(l->mnt_src[l->nmounts],
		    sizeof(l->mnt_src[l->nmounts]), "%s", src);
		(void)snprintf(l->mnt_dst[l->nmounts],
		    sizeof(l->mnt_dst[l->nmounts]), "%s",
		    dst[rlen] == '\0' ? "." : dst + rlen + 1);
		m->source = l->mnt_src[l->nmounts];
		m->target = l->mnt_dst[l->nmounts];
		l->nmounts++;
	}
	rv = 0;
out:
	free(src);
	free(dst);
	free(type);
	free(opts);
	fstab_free(&f);
	return (
	    rv != 0 ? ioc_err_wrap(err, "Jail '%s'", ioc_jail_name(l->j)) : 0);
}

/* The capabilities the allow_* properties grant. */
static uint64_t
jail_caps(const struct launch *l)
{
	return (plat_caps(eff_bool(l, "allow_mount"),
	    eff_bool(l, "allow_raw_sockets"), eff_bool(l, "allow_chflags"),
	    eff_bool(l, "allow_mlock"), eff_bool(l, "allow_set_hostname"),
	    eff_bool(l, "allow_sysvipc")));
}

/* The capabilities a jail's allow_* properties grant. */
uint64_t
rt_jail_caps(struct ioc_jail *j)
{
	struct launch l;

	(void)memset(&l, 0, sizeof(l));
	l.j = j;
	return (jail_caps(&l));
}

/*
 * What the jail's seccomp filter lets through: the mount calls with
 * allow_mount; no remount with securelevel >= 1 (an unreadable value
 * counts as secure).
 */
static unsigned
jail_confine(const struct launch *l)
{
	long long level = 1;
	unsigned c = 0;

	if (eff_bool(l, "allow_mount"))
		c |= PLAT_CONF_MOUNT;
	if (val_parse_int(eff(l, "securelevel"), &level) != 0 || level >= 1)
		c |= PLAT_CONF_SECURE;
	return (c);
}

/* The PLAT_CONF_* confinement of a jail (allow_mount, securelevel). */
unsigned
rt_jail_confine(struct ioc_jail *j)
{
	struct launch l;

	(void)memset(&l, 0, sizeof(l));
	l.j = j;
	return (jail_confine(&l));
}

/*
 * The resource limits of the configuration as the platform enforces them
 * (rtplan_limits()): on Linux memoryuse, maxproc, pcpu and openfiles as
 * cgroup limits and RLIMIT_NOFILE, the rest an error with rlimits=yes and
 * a warning otherwise; on FreeBSD rctl rules, which fbplan.c derives from
 * the configuration itself.
 */
static int
plan_limits(
    struct launch *l, struct plat_limits *lim, int *strict, struct ioc_err *err)
{
	struct rtplan_limits rl;
	size_t i;

	if (rtplan_limits(
		compat_platform(), &l->j->cfg.cur, l->j->defs, &rl, err) != 0)
		return (-1);
	for (i = 0; i < rl.nwarnings; i++)
		ioc_log(l->j->ctx, IOC_LOG_WARN, "%s: %s", ioc_jail_name(l->j),
		    rl.warnings[i]);
	*lim = rl.lim;
	*strict = rl.strict;
	rtplan_limits_free(&rl);
	return (0);
}

/* plat_spec.record: the state, before the new init does anything. */
static int
record_state(void *arg, const struct plat_running *r, struct ioc_err *err)
{
	struct launch *l = arg;

	if (rt_state_write(l->j->ctx, l->src, l->name, r, err) != 0)
		return (-1);
	l->recorded = 1;
	return (0);
}

/* Create the jail and record it. */
static int
step_create(struct launch *l, struct ioc_err *err)
{
	struct plat_spec spec;
	const char *host = eff(l, "host_hostname");
	char ident[256];

	(void)jparams_identifier(l->src, l->name, ident, sizeof(ident));
	(void)memset(&spec, 0, sizeof(spec));
	spec.name = ident;
	spec.root = l->root;
	spec.hostname =
	    host != NULL && !val_is_none(host) ? host : ioc_jail_name(l->j);
	spec.mounts = l->mounts;
	spec.nmounts = l->nmounts;
	spec.mount_dev = eff_bool(l, "mount_devfs");
	spec.mount_devfd = eff_bool(l, "mount_fdescfs");
	spec.mount_proc = eff_bool(l, "mount_procfs");
	/* The host's network namespace or one of its own: netplan.c. */
	spec.new_net = l->net.mode != NETPLAN_HOST;
	spec.caps = l->caps;
	spec.confine = l->confine;
	/* FreeBSD: fbplan.c derives its plan from the configuration. */
	spec.source = l->src;
	spec.jail = l->name;
	spec.cfg = &l->j->cfg.cur;
	spec.defaults = l->j->defs;
	if (plan_limits(l, &spec.limits, &spec.limits_strict, err) != 0)
		return (ioc_err_wrap(err, "Jail '%s'", ioc_jail_name(l->j)));
	/* The state directory first: a killed ioc leaves it behind for the
	 * next start or stop (rt_state_clean()), and the init is recorded
	 * before it does anything (spec.record). */
	spec.record = record_state;
	spec.record_arg = l;
	l->recorded = 0;
	if (rt_state_prepare(l->j->ctx, l->src, l->name, err) != 0)
		return (ioc_err_wrap(err, "Jail '%s'", ioc_jail_name(l->j)));
	if (plat_jail_create(l->j->ctx, &spec, &l->run, err) != 0) {
		rt_state_remove(l->j->ctx, l->src, l->name);
		return (-1);
	}
	if ((!l->recorded && record_state(l, &l->run, err) != 0) ||
	    rt_launch_write(l->j, l->root, l->caps, err) != 0) {
		(void)plat_jail_stop(l->j->ctx, &l->run, 0, NULL);
		rt_state_remove(l->j->ctx, l->src, l->name);
		return (-1);
	}
	return (build_env(l, l->run.pid, err));
}

static void
undo_create(struct launch *l)
{
	struct ioc_err e;

	if (plat_jail_stop(l->j->ctx, &l->run, 0, &e) != 0)
		ioc_log(l->j->ctx, IOC_LOG_WARN, "undo: %s", e.msg);
	rt_state_remove(l->j->ctx, l->src, l->name);
}

static int
step_prestart(struct launch *l, struct ioc_err *err)
{
	return (host_hook(l, "exec_prestart", err));
}

static int
step_created(struct launch *l, struct ioc_err *err)
{
	return (host_hook(l, "exec_created", err));
}

static int
step_start(struct launch *l, struct ioc_err *err)
{
	return (jail_hook(l, "exec_start", err));
}

static int
step_poststart(struct launch *l, struct ioc_err *err)
{
	return (host_hook(l, "exec_poststart", err));
}

/* The network plan: refused combinations fail before anything runs. */
static int
step_netplan(struct launch *l, struct ioc_err *err)
{
	struct netplan_input in = {
	    l->src, l->name, &l->j->cfg.cur, l->j->defs, compat_platform()};

	if (netplan_build(&in, &l->net, err) != 0)
		return (ioc_err_wrap(err, "Jail '%s'", ioc_jail_name(l->j)));
	ioc_log(l->j->ctx, IOC_LOG_DEBUG, "start %s: network %s (%s)",
	    ioc_jail_name(l->j), netplan_mode_name(l->net.mode), l->net.why);
	return (0);
}

/* VNET: the veth pairs, addresses and routes of the plan. */
static int
step_network(struct launch *l, struct ioc_err *err)
{
	if (rt_net_up(l->j->ctx, l->src, l->name, &l->net, &l->run, err) != 0)
		return (ioc_err_wrap(err, "Jail '%s'", ioc_jail_name(l->j)));
	return (0);
}

static void
undo_network(struct launch *l)
{
	struct ioc_err e;

	if (rt_net_down(l->j->ctx, l->src, l->name, 0, &e) != 0)
		ioc_log(l->j->ctx, IOC_LOG_WARN, "undo: %s", e.msg);
}

struct step {
	const char *name;
	int (*run)(struct launch *, struct ioc_err *);
	void (*undo)(struct launch *);
};

/* The start sequence of spec §11.1, in Linux's order (mounts inside). */
static const struct step start_steps[] = {
    {"netplan", step_netplan, NULL},
    {"basejail", plan_basejail, NULL},
    {"userland", step_userland, NULL},
    {"resolver", step_resolver, NULL},
    {"fstab", plan_fstab, NULL},
    {"exec_prestart", step_prestart, NULL},
    {"create", step_create, undo_create},
    {"exec_created", step_created, NULL},
    {"network", step_network, undo_network},
    {"exec_start", step_start, NULL},
    {"exec_poststart", step_poststart, NULL},
};

#define NSTEPS (sizeof(start_steps) / sizeof(start_steps[0]))

/*
 * exec -f (spec §11.1 fork-exec): the one command in place of exec_start
 * and exec_poststart, with the caller's stdio, as the jail's exec would
 * run it.
 */
static int
run_oneshot(struct launch *l, struct ioc_err *err)
{
	struct rt_oneshot *o = l->oneshot;

	ioc_log(l->j->ctx, IOC_LOG_DEBUG, "start %s: the one-shot command",
	    ioc_jail_name(l->j));
	return (plat_jail_exec(l->j->ctx, &l->run, o->argv, o->env, o->user,
	    l->caps, PLAT_EXEC_PASSTHRU | l->confine, &o->status, err));
}

/* Run the steps; on a failure undo the earlier ones in reverse. */
static int
run_steps(struct launch *l, struct ioc_err *err)
{
	struct timespec t0, t1;
	size_t i;
	int rv;

	for (i = 0; i < NSTEPS; i++) {
		if (l->oneshot != NULL && start_steps[i].run == step_start) {
			/* exec -f: the command, then everything undone. */
			rv = run_oneshot(l, err);
			while (i-- > 0)
				if (start_steps[i].undo != NULL)
					start_steps[i].undo(l);
			return (rv);
		}
		ioc_log(l->j->ctx, IOC_LOG_DEBUG, "start %s: %s",
		    ioc_jail_name(l->j), start_steps[i].name);
		(void)clock_gettime(CLOCK_MONOTONIC, &t0);
		rv = start_steps[i].run(l, err);
		(void)clock_gettime(CLOCK_MONOTONIC, &t1);
		/* Per phase, for bench/runtime. */
		ioc_log(l->j->ctx, IOC_LOG_DEBUG, "start %s: %s %s in %.3f ms",
		    ioc_jail_name(l->j), start_steps[i].name,
		    rv == 0 ? "done" : "failed",
		    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		if (rv == 0)
			continue;
		while (i-- > 0)
			if (start_steps[i].undo != NULL)
				start_steps[i].undo(l);
		return (-1);
	}
	return (0);
}

static int
launch_init(struct launch *l, struct ioc_jail *j, struct ioc_err *err)
{
	struct stat sb;

	(void)memset(l, 0, sizeof(*l));
	l->j = j;
	l->src = j->ent.src->name;
	l->name = j->ent.name;
	if (j->ent.mountpoint == NULL)
		return (ioc_err_set(err, IOC_EIO, 0,
		    "The dataset of jail '%s' is not mounted",
		    ioc_jail_name(j)));
	(void)snprintf(l->root, sizeof(l->root), "%s/root", j->ent.mountpoint);
	if (lstat(l->root, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "Jail '%s' has no root directory %s", ioc_jail_name(j),
		    l->root));
	l->caps = jail_caps(l);
	l->confine = jail_confine(l);
	return (build_env(l, -1, err));
}

/* Split and validate one "KEY=VALUE" override; *stored as set stores it. */
int
rt_parse_override(
    const char *o, char *key, size_t size, char **stored, struct ioc_err *err)
{
	const char *eq = strchr(o, '=');

	*stored = NULL;
	if (eq == NULL || eq == o || (size_t)(eq - o) >= size)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid override '%s' (expected KEY=VALUE)", o));
	(void)snprintf(key, size, "%.*s", (int)(eq - o), o);
	return (prop_normalize(key, eq + 1, stored, err));
}

/* Apply "KEY=VALUE" overrides to the loaded configuration (not saved). */
static int
apply_overrides(
    struct ioc_jail *j, const char *const *o, size_t n, struct ioc_err *err)
{
	char key[256], *stored;
	size_t i;
	int rv;

	for (i = 0; i < n; i++) {
		if (rt_parse_override(o[i], key, sizeof(key), &stored, err) !=
		    0)
			return (-1);
		rv = cfg_set(
		    &j->cfg.cur, key, stored != NULL ? stored : "none", err);
		free(stored);
		if (rv != 0)
			return (-1);
	}
	return (0);
}

static int start_open(struct ioc_jail *j, const char *const *overrides,
    size_t noverrides, long *jid, struct rt_oneshot *o, struct ioc_err *err);

/* Start a jail: the steps of spec §11.1, every failure undone. */
int
ioc_jail_start(struct ioc_ctx *ctx, const char *selector,
    const char *const *overrides, size_t noverrides, long *jid,
    struct ioc_err *err)
{
	struct ioc_jail *j;

	if ((j = jail_open_start(ctx, selector, err)) == NULL)
		return (-1);
	return (rt_jail_start_open(j, overrides, noverrides, jid, err));
}

/* Start an opened jail, which this takes over (and frees). */
int
rt_jail_start_open(struct ioc_jail *j, const char *const *overrides,
    size_t noverrides, long *jid, struct ioc_err *err)
{
	return (start_open(j, overrides, noverrides, jid, NULL, err));
}

/* Start an opened jail for one command (exec -f) and tear it down. */
int
rt_jail_oneshot_open(
    struct ioc_jail *j, struct rt_oneshot *o, struct ioc_err *err)
{
	long jid;

	return (start_open(j, NULL, 0, &jid, o, err));
}

/* Start an opened jail (taken over); with o, for its command only. */
static int
start_open(struct ioc_jail *j, const char *const *overrides, size_t noverrides,
    long *jid, struct rt_oneshot *o, struct ioc_err *err)
{
	struct ioc_ctx *ctx = j->ctx;
	struct dep_started deps = {NULL, 0};
	struct fsu_lock lk = {-1};
	struct launch l;
	struct plat_running r;
	int stale, rv = -1;

	(void)memset(&l, 0, sizeof(l));
	if (apply_overrides(j, overrides, noverrides, err) != 0)
		goto out;
	if (fsu_lock(ctx->rundir, j->ent.src->name, j->ent.name, &lk, err) !=
	    0) {
		(void)ioc_err_wrap(err, "Jail '%s'", ioc_jail_name(j));
		goto out;
	}
	if (eff_bool(&(struct launch){.j = j}, "template")) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "The jail '%s' is a template", ioc_jail_name(j));
		goto out;
	}
	if (rt_state_read(ctx, j->ent.src->name, j->ent.name, &r, &stale) ==
	    1) {
		(void)ioc_err_set(err, IOC_EBUSY, 0,
		    "Jail '%s' is already running", ioc_jail_name(j));
		goto out;
	}
	if (stale) /* a killed init or ioc: what it left behind */
		rt_state_clean(ctx, j->ent.src->name, j->ent.name, &r);
	/* depends: what this jail needs runs first (no depends: no call). */
	if (dep_start(ctx, j->ent.src->name, j->ent.name,
		eff(&(struct launch){.j = j}, "depends"), &deps, err) != 0)
		goto out;
	if (launch_init(&l, j, err) != 0)
		goto out;
	l.oneshot = o;
	if (run_steps(&l, err) != 0)
		goto out;
	*jid = l.run.pid;
	rv = 0;
out:
	/* exec -f: the jails it needed stop with it. */
	if (rv != 0 || o != NULL)
		dep_undo(ctx, &deps);
	dep_started_free(&deps);
	env_free(l.env);
	fsu_unlock(&lk);
	ioc_jail_free(j);
	return (rv);
}

/* Stop a jail: exec_prestop, exec_stop, SIGTERM, stop_timeout, SIGKILL. */
int
ioc_jail_stop(
    struct ioc_ctx *ctx, const char *selector, int force, struct ioc_err *err)
{
	struct ioc_jail *j;
	struct fsu_lock lk = {-1};
	struct launch l;
	struct plat_running r;
	struct ioc_err e;
	long long timeout = 30;
	int stale, running, rv = -1;

	(void)memset(&l, 0, sizeof(l));
	/* A running jail is found through its runtime state: no zfs. */
	if ((j = rt_jail_open_running(ctx, selector, err)) == NULL)
		return (-1);
	if (fsu_lock(ctx->rundir, j->ent.src->name, j->ent.name, &lk, err) !=
	    0) {
		(void)ioc_err_wrap(err, "Jail '%s'", ioc_jail_name(j));
		goto out;
	}
	running =
	    rt_state_read(ctx, j->ent.src->name, j->ent.name, &l.run, &stale);
	if (running != 1) {
		if (stale)
			rt_state_clean(
			    ctx, j->ent.src->name, j->ent.name, &l.run);
		if (force) {
			rv = 0;
			goto out;
		}
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "Jail '%s' is not running", ioc_jail_name(j));
		goto out;
	}
	r = l.run; /* launch_init() starts from a clean slate */
	if (launch_init(&l, j, err) != 0) {
		if (!force)
			goto out;
		l.caps = jail_caps(&l);
		l.confine = jail_confine(&l);
	}
	l.run = r;
	if (build_env(&l, l.run.pid, err) != 0)
		goto out;
	if (host_hook(&l, "exec_prestop", force ? &e : err) != 0 && !force)
		goto out;
	if (jail_hook(&l, "exec_stop", force ? &e : err) != 0 && !force)
		goto out;
	(void)val_parse_int(eff(&l, "stop_timeout"), &timeout);
	if (plat_jail_stop(ctx, &l.run, (int)timeout, err) != 0)
		goto out;
	/* VNET host ends (spec §11.2 step 6); the state stays on failure. */
	if (rt_net_down(ctx, j->ent.src->name, j->ent.name, force, err) != 0)
		goto out;
	rt_state_remove(ctx, j->ent.src->name, j->ent.name);
	if (host_hook(&l, "exec_poststop", force ? &e : err) != 0 && !force)
		goto out;
	rv = 0;
out:
	env_free(l.env);
	fsu_unlock(&lk);
	ioc_jail_free(j);
	return (rv);
}

/*
 * Restart a jail.  Soft (the default): exec_stop and then exec_start run
 * inside the running jail, nothing is torn down.  shutdown: a full stop
 * and start; force implies it and ignores stop errors.
 */
int
ioc_jail_restart(struct ioc_ctx *ctx, const char *selector, int shutdown,
    int force, long *jid, struct ioc_err *err)
{
	struct ioc_jail *j;
	struct fsu_lock lk = {-1};
	struct plat_running r;
	struct launch l;
	int stale, rv = -1;

	if (shutdown || force) {
		if (ioc_jail_stop(ctx, selector, force, err) != 0)
			return (-1);
		return (ioc_jail_start(ctx, selector, NULL, 0, jid, err));
	}
	(void)memset(&l, 0, sizeof(l));
	if ((j = ioc_jail_open(ctx, selector, err)) == NULL)
		return (-1);
	if (fsu_lock(ctx->rundir, j->ent.src->name, j->ent.name, &lk, err) !=
	    0) {
		(void)ioc_err_wrap(err, "Jail '%s'", ioc_jail_name(j));
		goto out;
	}
	if (rt_state_read(ctx, j->ent.src->name, j->ent.name, &r, &stale) !=
	    1) {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "Jail '%s' is not running", ioc_jail_name(j));
		goto out;
	}
	if (launch_init(&l, j, err) != 0)
		goto out;
	l.run = r;
	if (build_env(&l, r.pid, err) != 0 ||
	    jail_hook(&l, "exec_stop", err) != 0 ||
	    jail_hook(&l, "exec_start", err) != 0)
		goto out;
	*jid = r.pid;
	rv = 0;
out:
	env_free(l.env);
	fsu_unlock(&lk);
	ioc_jail_free(j);
	return (rv);
}
