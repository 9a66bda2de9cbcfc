/*
 * update.c - "update": security updates of releases and jails through the
 * host's own updater (spec 9.2, 9.3; never the dead svn download of
 * libioc#768).
 *
 * Each root is updated as one transaction:
 *
 *	step		do				undo
 *	snapshot	<root>@ioc-update-<time>	rollback, destroy
 *	workdir		<dataset>/updates, the conf	(kept: the downloads)
 *	updater		freebsd-update ... fetch install
 *	version		bin/freebsd-version -> pN
 *	commit		release: root@pN + root-pN	destroy both
 *			jail: config release=REL-pN
 *	finish		destroy the pre-update snapshot
 *
 * A failing step rolls the root back to the pre-update snapshot and
 * destroys it, so a root is either updated completely or not at all.
 * The updater is found through one path: IOC_UPDATER (or the caller's
 * setting) on any host, else the host's freebsd-update / hbsd-update on
 * FreeBSD; Linux hosts have none.
 */
#include <sys/stat.h>
#include <sys/utsname.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfgstore.h"
#include "compat.h"
#include "exec.h"
#include "filter.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "list.h"
#include "release.h"
#include "update.h"
#include "value.h"
#include "zds.h"

#define VERSION_FILE_MAX ((size_t)64 * 1024)
#define CONF_MAX	 ((size_t)256 * 1024)

/* freebsd-update.conf of FreeBSD 14, for hosts without one. */
static const char default_conf[] =
    "KeyPrint 800651ef4b4c71c27e60786d7b487188970f4b4169cc055784e21eb71d410cc"
    "5\n"
    "ServerName update.FreeBSD.org\n"
    "Components world\n"
    "IgnorePaths\n"
    "IDSIgnorePaths /usr/share/man/cat\n"
    "IDSIgnorePaths /usr/share/man/whatis\n"
    "IDSIgnorePaths /var/db/locate.database\n"
    "IDSIgnorePaths /var/log\n"
    "UpdateIfUnmodified /etc/ /var/ /root/ /.cshrc /.profile\n"
    "MergeChanges /etc/\n";

/* ---------------------------------------------------------- pure logic */

static int
is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

static int
is_alnum(char c)
{
	return (
	    is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/*
 * Check a version "X.Y[.Z]-KIND[-WORD...]" and read the patch level of a
 * last word "pN"; 0 or -1.
 */
static int
version_check(const char *v, int *patch)
{
	const char *p = v, *last;
	long n = 0;

	*patch = 0;
	if (!is_digit(*p))
		return (-1);
	while (is_digit(*p))
		p++;
	if (*p++ != '.' || !is_digit(*p))
		return (-1);
	while (is_digit(*p) || (*p == '.' && is_digit(p[1])))
		p++;
	if (*p != '-')
		return (-1);
	last = p + 1;
	while (*p == '-') {
		p++;
		last = p;
		if (!is_alnum(*p))
			return (-1);
		while (is_alnum(*p))
			p++;
	}
	if (*p != '\0')
		return (-1);
	if (last[0] != 'p' || last == v)
		return (0);
	for (p = last + 1; is_digit(*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > INT_MAX)
			return (-1);
	}
	if (*p != '\0')
		return (0); /* a word such as "prerelease", not a patch */
	if (p == last + 1)
		return (-1); /* "-p" without a number: truncated */
	*patch = (int)n;
	return (0);
}

/* Parse bin/freebsd-version's USERLAND_VERSION. */
int
upd_parse_version(const char *text, size_t len, char *ver, size_t size,
    int *patch, struct ioc_err *err)
{
	static const char key[] = "USERLAND_VERSION=";
	const char *p = text, *end = text + len, *v, *ve;
	char buf[UPD_VERSION_MAX];

	*patch = -1;
	if (size > 0)
		ver[0] = '\0';
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end;

		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(le - p) < sizeof(key) - 1 ||
		    memcmp(p, key, sizeof(key) - 1) != 0) {
			p = nl != NULL ? nl + 1 : end;
			continue;
		}
		v = p + sizeof(key) - 1;
		if (v < le && (*v == '"' || *v == '\'')) {
			ve = memchr(v + 1, *v, (size_t)(le - v - 1));
			if (ve == NULL)
				return (ioc_err_set(err, IOC_EPARSE, 0,
				    "USERLAND_VERSION: unterminated quote"));
			v++;
		} else {
			for (ve = v; ve < le && *ve != ' ' && *ve != '\t' &&
			     *ve != ';' && *ve != '\r';
			     ve++)
				;
		}
		if ((size_t)(ve - v) >= sizeof(buf) ||
		    (size_t)(ve - v) >= size ||
		    memchr(v, '\0', (size_t)(ve - v)))
			return (ioc_err_set(err, IOC_EPARSE, 0,
			    "USERLAND_VERSION: not a version"));
		(void)memcpy(buf, v, (size_t)(ve - v));
		buf[ve - v] = '\0';
		if (version_check(buf, patch) != 0) {
			*patch = -1;
			return (ioc_err_set(err, IOC_EPARSE, 0,
			    "USERLAND_VERSION: '%s' is not a version such as "
			    "14.1-RELEASE-p3",
			    buf));
		}
		(void)memcpy(ver, buf, (size_t)(ve - v) + 1);
		return (0);
	}
	return (ioc_err_set(err, IOC_EPARSE, 0, "no USERLAND_VERSION line"));
}

/* The basename of a path. */
static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return (s != NULL ? s + 1 : path);
}

/* Find the updater program. */
int
upd_prog_find(const char *configured, const char *sysname, struct upd_prog *p,
    struct ioc_err *err)
{
	struct utsname u;
	struct stat sb;
	const char *path;

	(void)memset(p, 0, sizeof(*p));
	if (configured != NULL && configured[0] != '\0') {
		if (configured[0] != '/')
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "The updater '%s' (" UPD_ENV ") is not an "
			    "absolute path",
			    configured));
		path = configured;
	} else {
		if (sysname == NULL) {
			if (uname(&u) != 0)
				return (ioc_err_sys(err, IOC_EIO, "uname"));
			sysname = u.sysname;
		}
		if (strcmp(sysname, "FreeBSD") != 0)
			return (ioc_err_set(err, IOC_ENOTSUP, 0,
			    "ioc update needs FreeBSD's freebsd-update; this "
			    "host runs %s",
			    sysname));
		path = access(UPD_HBSD, X_OK) == 0 ? UPD_HBSD : UPD_FREEBSD;
	}
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    access(path, X_OK) != 0)
		return (ioc_err_set(err, IOC_ENOENT, errno,
		    "The updater '%s' is not an executable file", path));
	if ((size_t)snprintf(p->path, sizeof(p->path), "%s", path) >=
	    sizeof(p->path))
		return (ioc_err_set(
		    err, IOC_EINVAL, ENAMETOOLONG, "updater path too long"));
	p->flavour = strcmp(base_name(path), "hbsd-update") == 0
	    ? UPD_FLAVOUR_HBSD
	    : UPD_FLAVOUR_FREEBSD;
	return (0);
}

/* Rewrite the Components lines of a freebsd-update.conf to "world". */
int
upd_conf_world(const char *in, size_t len, char **out, struct ioc_err *err)
{
	static const char comp[] = "Components";
	static const char world[] = "Components world\n";
	const char *p = in, *end = in + len;
	size_t cap = len + sizeof(world) + 1, n = 0;
	int seen = 0;
	char *b;

	*out = NULL;
	if ((b = malloc(cap)) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end;
		size_t llen = (size_t)(le - p);

		if (llen >= sizeof(comp) - 1 &&
		    memcmp(p, comp, sizeof(comp) - 1) == 0 &&
		    (llen == sizeof(comp) - 1 || p[sizeof(comp) - 1] == ' ' ||
			p[sizeof(comp) - 1] == '\t')) {
			if (!seen) {
				(void)memcpy(b + n, world, sizeof(world) - 1);
				n += sizeof(world) - 1;
			}
			seen = 1;
		} else {
			(void)memcpy(b + n, p, llen);
			n += llen;
			b[n++] = '\n';
		}
		p = nl != NULL ? nl + 1 : end;
	}
	if (!seen) {
		(void)memcpy(b + n, world, sizeof(world) - 1);
		n += sizeof(world) - 1;
	}
	b[n] = '\0';
	*out = b;
	return (0);
}

/* ------------------------------------------------------- one transaction */

struct txn;

/* The last step before the pre-update snapshot goes: 0 or -1. */
typedef int (*commit_fn)(struct txn *t, struct ioc_err *err);

struct txn {
	struct ioc_ctx *ctx;
	const struct upd_prog *prog;
	const char *kind;    /* "Release" or "Jail" */
	const char *name;    /* as the user names it */
	const char *ds;	     /* the release or jail dataset */
	const char *ds_mp;   /* its mountpoint, or NULL: ask zfs */
	const char *root_mp; /* the root's mountpoint, or NULL: ask zfs */
	commit_fn commit;
	const void *arg;
	char rootds[512];
	char snap[600];
	char *own_ds_mp;
	char *own_root_mp;
	char before[UPD_VERSION_MAX];
	char after[UPD_VERSION_MAX];
	int patch_before;
	int patch;
	int changed;
};

/* A dataset's mountpoint, mounted when it is not; a new string. */
static char *
mounted_mp(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err)
{
	char *mp, *mounted = NULL;

	if ((mp = zds_get_value(ctx, ds, "mountpoint", err)) == NULL)
		return (NULL);
	if (mp[0] != '/') {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "The dataset '%s' has no mountpoint (%s)", ds, mp);
		goto fail;
	}
	if ((mounted = zds_get_value(ctx, ds, "mounted", err)) == NULL)
		goto fail;
	if (strcmp(mounted, "yes") != 0 && zds_mount(ctx, ds, err) != 0)
		goto fail;
	free(mounted);
	return (mp);
fail:
	free(mounted);
	free(mp);
	return (NULL);
}

/* bin/freebsd-version of a root, parsed. */
static int
read_version(const char *root_mp, char *ver, size_t size, int *patch,
    struct ioc_err *err)
{
	char *text = NULL;
	size_t len;
	int rootfd, fd, rv = -1;

	if ((rootfd = open(root_mp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return (ioc_err_sys(err, 0, "open '%s'", root_mp));
	fd = fsu_open_in_root(rootfd, UPD_VERSION_FILE, O_RDONLY, 0, 0, err);
	if (fd >= 0) {
		text = fsu_read_fd(
		    fd, UPD_VERSION_FILE, VERSION_FILE_MAX, &len, err);
		(void)close(fd);
	}
	if (text != NULL &&
	    upd_parse_version(text, len, ver, size, patch, err) == 0)
		rv = 0;
	if (rv != 0)
		(void)ioc_err_wrap(err, UPD_VERSION_FILE);
	free(text);
	(void)close(rootfd);
	return (rv);
}

/* Remove freebsd-update's "<hash>-install" links of an earlier failure. */
static void
workdir_clean(struct txn *t, const char *dir)
{
	struct dirent *d;
	struct stat sb;
	size_t len;
	DIR *dp;
	int fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	if ((dp = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		len = strlen(d->d_name);
		if (len <= 8 || strcmp(d->d_name + len - 8, "-install") != 0 ||
		    fstatat(fd, d->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISLNK(sb.st_mode))
			continue;
		if (unlinkat(fd, d->d_name, 0) == 0)
			ioc_log(t->ctx, IOC_LOG_VERBOSE,
			    "%s '%s': removed the stale %s/%s", t->kind,
			    t->name, dir, d->d_name);
	}
	(void)closedir(dp);
}

/* <dataset>/updates with freebsd-update.conf; *dir is a new string. */
static int
workdir_prepare(struct txn *t, char **dir, struct ioc_err *err)
{
	char *conf = NULL, *host = NULL, *path = NULL;
	size_t len = 0;
	int rv = -1;

	if ((*dir = ioc_aprintf(err, "%s/" UPD_WORKDIR, t->ds_mp)) == NULL)
		return (-1);
	if (fsu_mkdirs(*dir, 0700, err) != 0)
		goto out;
	if (chmod(*dir, 0700) != 0) {
		(void)ioc_err_sys(err, 0, "chmod '%s'", *dir);
		goto out;
	}
	workdir_clean(t, *dir);
	if (t->prog->flavour != UPD_FLAVOUR_FREEBSD) {
		rv = 0;
		goto out;
	}
	if (access(UPD_HOST_CONF, R_OK) == 0 &&
	    (host = fsu_read_file(UPD_HOST_CONF, CONF_MAX, &len, err)) == NULL)
		goto out;
	if (upd_conf_world(host != NULL ? host : default_conf,
		host != NULL ? len : sizeof(default_conf) - 1, &conf,
		err) != 0 ||
	    conf == NULL ||
	    (path = ioc_aprintf(err, "%s/freebsd-update.conf", *dir)) == NULL ||
	    fsu_write_atomic(path, conf, strlen(conf), 0644, err) != 0)
		goto out;
	rv = 0;
out:
	if (rv != 0) {
		free(*dir);
		*dir = NULL;
	}
	free(host);
	free(conf);
	free(path);
	return (rv);
}

/* The last line of text (in place), or "". */
static const char *
last_line(char *text)
{
	size_t n = text != NULL ? strlen(text) : 0;

	if (n == 0)
		return ("");
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		text[--n] = '\0';
	while (n > 0 && text[n - 1] != '\n')
		n--;
	return (text + n);
}

/* Run the updater on the root. */
static int
run_updater(struct txn *t, const char *dir, struct ioc_err *err)
{
	char rootarg[PATH_MAX + 2], conf[PATH_MAX], running[UPD_VERSION_MAX];
	char e_root[PATH_MAX + 32], e_dir[PATH_MAX + 32], e_name[300];
	char e_kind[32], line[512];
	const char *argv[16], *env[8];
	struct exec_opts o;
	struct exec_result res;
	struct ioc_err e;
	size_t n = 0;
	int rv;

	/* --currently-running wants the release, not its patch level. */
	if (compat_release_cut(t->before, running, sizeof(running)) != 0)
		(void)snprintf(running, sizeof(running), "%s", t->before);
	(void)snprintf(rootarg, sizeof(rootarg), "%s/", t->root_mp);
	(void)snprintf(conf, sizeof(conf), "%s/freebsd-update.conf", dir);
	argv[n++] = t->prog->path;
	if (t->prog->flavour == UPD_FLAVOUR_FREEBSD) {
		argv[n++] = "-b";
		argv[n++] = rootarg;
		argv[n++] = "-d";
		argv[n++] = dir;
		argv[n++] = "-f";
		argv[n++] = conf;
		argv[n++] = "--currently-running";
		argv[n++] = running;
		argv[n++] = "--not-running-from-cron";
		argv[n++] = "fetch";
		argv[n++] = "install";
	} else {
		argv[n++] = "-r";
		argv[n++] = t->root_mp;
		argv[n++] = "-t";
		argv[n++] = dir;
		argv[n++] = "-n";
	}
	argv[n] = NULL;
	(void)snprintf(
	    e_root, sizeof(e_root), "IOC_UPDATE_ROOT=%s", t->root_mp);
	(void)snprintf(e_dir, sizeof(e_dir), "IOC_UPDATE_WORKDIR=%s", dir);
	(void)snprintf(e_name, sizeof(e_name), "IOC_UPDATE_NAME=%s", t->name);
	(void)snprintf(e_kind, sizeof(e_kind), "IOC_UPDATE_KIND=%s",
	    strcmp(t->kind, "Jail") == 0 ? "jail" : "release");
	env[0] = "PAGER=cat";
	env[1] = e_root;
	env[2] = e_dir;
	env[3] = e_name;
	env[4] = e_kind;
	env[5] = NULL;
	exec_opts_init(&o, argv);
	o.env = env;
	o.cwd = dir;
	o.flags = EXEC_QUIET;
	ioc_log(t->ctx, IOC_LOG_VERBOSE, "Updating %s '%s' (%s) with %s",
	    strcmp(t->kind, "Jail") == 0 ? "jail" : "release", t->name,
	    t->before, t->prog->path);
	rv = exec_run(t->ctx, &o, &res, &e);
	if (res.out != NULL && res.out[0] != '\0')
		ioc_log(t->ctx, IOC_LOG_VERBOSE, "%s", res.out);
	if (rv != 0) {
		exec_lastline(res.errtail, line, sizeof(line));
		if (line[0] == '\0')
			(void)snprintf(
			    line, sizeof(line), "%s", last_line(res.out));
		if (res.status > 0 && res.status != 127)
			(void)ioc_err_set(err, IOC_EEXEC, 0,
			    "%s failed (exit status %d)%s%s",
			    base_name(t->prog->path), res.status,
			    line[0] != '\0' ? ": " : "", line);
		else
			*err = e;
	}
	exec_result_free(&res);
	return (rv);
}

/* Roll the root back to the pre-update snapshot and destroy it. */
static void
txn_undo(struct txn *t)
{
	struct ioc_err e;

	if (zds_rollback(t->ctx, t->snap, 0, &e) != 0) {
		ioc_log(t->ctx, IOC_LOG_ERROR,
		    "%s '%s': could not roll back to '%s' (kept for a manual "
		    "'zfs rollback'): %s",
		    t->kind, t->name, t->snap, e.msg);
		return;
	}
	if (zds_destroy(t->ctx, t->snap, 0, &e) != 0)
		ioc_log(t->ctx, IOC_LOG_WARN,
		    "%s '%s': could not destroy '%s': %s", t->kind, t->name,
		    t->snap, e.msg);
}

/* The whole transaction on one root. */
static int
txn_run(struct txn *t, struct ioc_err *err)
{
	struct ioc_err e;
	struct tm tm;
	time_t now = time(NULL);
	char stamp[32], *dir = NULL;
	int rv = -1;

	(void)snprintf(t->rootds, sizeof(t->rootds), "%s/root", t->ds);
	if (t->ds_mp == NULL) {
		if ((t->own_ds_mp = mounted_mp(t->ctx, t->ds, err)) == NULL)
			goto fail;
		t->ds_mp = t->own_ds_mp;
	}
	if (t->root_mp == NULL) {
		t->own_root_mp = mounted_mp(t->ctx, t->rootds, err);
		if (t->own_root_mp == NULL)
			goto fail;
		t->root_mp = t->own_root_mp;
	}
	if (read_version(t->root_mp, t->before, sizeof(t->before),
		&t->patch_before, err) != 0)
		goto fail;
	(void)localtime_r(&now, &tm);
	(void)strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	(void)snprintf(t->snap, sizeof(t->snap), "%s@" UPD_SNAP_PREFIX "%s",
	    t->rootds, stamp);
	if (zds_snapshot(t->ctx, t->snap, 0, err) != 0)
		goto fail;
	/* From here on a failure rolls the root back. */
	if (workdir_prepare(t, &dir, err) != 0 || run_updater(t, dir, err) != 0)
		goto undo;
	if (read_version(
		t->root_mp, t->after, sizeof(t->after), &t->patch, err) != 0) {
		(void)ioc_err_wrap(err, "after the update");
		goto undo;
	}
	if (t->commit(t, err) != 0)
		goto undo;
	if (zds_destroy(t->ctx, t->snap, 0, &e) != 0)
		ioc_log(t->ctx, IOC_LOG_WARN,
		    "%s '%s': could not destroy '%s': %s", t->kind, t->name,
		    t->snap, e.msg);
	rv = 0;
	goto out;
undo:
	(void)ioc_err_wrap(err, "rolled back");
	txn_undo(t);
fail:
	(void)ioc_err_wrap(err, "%s '%s'", t->kind, t->name);
out:
	free(dir);
	return (rv);
}

static void
txn_free(struct txn *t)
{
	free(t->own_ds_mp);
	free(t->own_root_mp);
}

/* ------------------------------------------------------------- releases */

/* Release: root@pN and root-pN when pN is new. */
static int
commit_release(struct txn *t, struct ioc_err *err)
{
	const struct rel *r = t->arg;
	size_t i;

	t->changed = 0;
	for (i = 0; i < r->npatches; i++)
		if (r->patches[i] == t->patch)
			return (0); /* nothing new: no snapshot */
	if (r->npatches > 0 && r->patches[r->npatches - 1] > t->patch)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "the updated userland is %s, older than the release's "
		    "latest snapshot p%d",
		    t->after, r->patches[r->npatches - 1]));
	if (rel_snapshot_at(t->ctx, r, t->patch, err) != 0)
		return (-1);
	t->changed = 1;
	return (0);
}

/* Update a release whose lock the caller holds. */
int
upd_release_locked(struct ioc_ctx *ctx, const struct upd_prog *p,
    const struct rel *r, int *patch, int *changed, struct ioc_err *err)
{
	struct txn t;
	int rv;

	(void)memset(&t, 0, sizeof(t));
	t.ctx = ctx;
	t.prog = p;
	t.kind = "Release";
	t.name = r->name;
	t.ds = r->dataset;
	t.root_mp = r->root_mp;
	t.commit = commit_release;
	t.arg = r;
	rv = txn_run(&t, err);
	if (rv == 0) {
		*patch = t.patch;
		*changed = t.changed;
		if (t.changed)
			ioc_log(ctx, IOC_LOG_VERBOSE,
			    "release '%s': snapshot %s/root@p%d", r->name,
			    r->dataset, t.patch);
	}
	txn_free(&t);
	return (rv);
}

/* ---------------------------------------------------------------- jails */

/* One selected jail or release. */
struct target {
	const struct src *src;
	const struct jent *e; /* jails: borrowed from the jail list */
	const struct rel *r;  /* releases: borrowed from the release list */
	char name[256];	      /* as the user knows it */
	char release[256];    /* jails: the configured release, or "" */
	int basejail;
};

/* The configured release without a "-pN" suffix, into buf. */
static void
release_base(const char *rel, char *buf, size_t size)
{
	const char *dash = strrchr(rel, '-');

	if (dash != NULL && dash > rel && rel_parse_patch(dash + 1) >= 0)
		(void)snprintf(buf, size, "%.*s", (int)(dash - rel), rel);
	else
		(void)snprintf(buf, size, "%s", rel);
}

/*
 * Jail: record the userland's patch level in the configured release
 * (REL-pN), so that "get release" agrees with bin/freebsd-version.
 */
static int
commit_jail(struct txn *t, struct ioc_err *err)
{
	const struct target *tg = t->arg;
	struct cfgstore st;
	const char *cur;
	char base[256], want[300];
	int rv = -1;

	t->changed = strcmp(t->before, t->after) != 0;
	if (cfgstore_load(t->ctx, CFG_JAIL, tg->e->mountpoint, tg->e->dataset,
		&st, err) != 0)
		return (-1);
	cur = cfg_get(&st.cur, "release");
	if (cur == NULL || val_is_none(cur)) {
		rv = 0;
		goto out;
	}
	release_base(cur, base, sizeof(base));
	(void)snprintf(want, sizeof(want), "%s-p%d", base, t->patch);
	if (strcmp(cur, want) == 0) {
		rv = 0;
		goto out;
	}
	if (cfg_set(&st.cur, "release", want, err) != 0 ||
	    cfgstore_save(t->ctx, &st, err) != 0)
		goto out;
	rv = 0;
out:
	cfgstore_free(&st);
	return (rv);
}

/* Refuse what cannot be updated: running jails, basejails, no release. */
static int
target_check(struct ioc_ctx *ctx, int releases, const struct target *tg,
    struct ioc_err *err)
{
	char base[256];
	long jid;

	if (releases) {
		if (tg->r->npatches == 0 || !tg->r->has_root)
			return (ioc_err_set(err, IOC_ENOENT, 0,
			    "Release '%s' does not exist or is not fetched "
			    "locally",
			    tg->name));
		return (0);
	}
	if (jail_running(ctx, tg->e, &jid))
		return (ioc_err_set(err, IOC_EBUSY, 0,
		    "Jail '%s' is running: stop it before updating it",
		    tg->name));
	if (tg->basejail) {
		release_base(tg->release[0] != '\0' ? tg->release : "RELEASE",
		    base, sizeof(base));
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Jail '%s' is a basejail: basejails are updated through "
		    "their release: ioc update -r %s",
		    tg->name, base));
	}
	if (tg->e->mountpoint == NULL)
		return (ioc_err_set(err, IOC_EIO, 0,
		    "The dataset '%s' of jail '%s' is not mounted",
		    tg->e->dataset, tg->name));
	return (0);
}

/* One jail, under its lock. */
static int
update_jail(struct ioc_ctx *ctx, const struct upd_prog *p,
    const struct target *tg, int *patch, int *changed, struct ioc_err *err)
{
	struct fsu_lock lk = {-1};
	struct txn t;
	int rv = -1;

	if (fsu_lock(ctx->rundir, tg->src->name, tg->e->name, &lk, err) != 0)
		return (ioc_err_wrap(err, "Jail '%s'", tg->name));
	/* Checked again under the lock: a start may have come between. */
	if (target_check(ctx, 0, tg, err) != 0)
		goto out;
	(void)memset(&t, 0, sizeof(t));
	t.ctx = ctx;
	t.prog = p;
	t.kind = "Jail";
	t.name = tg->name;
	t.ds = tg->e->dataset;
	t.ds_mp = tg->e->mountpoint;
	t.commit = commit_jail;
	t.arg = tg;
	rv = txn_run(&t, err);
	*patch = t.patch;
	*changed = t.changed;
	txn_free(&t);
out:
	fsu_unlock(&lk);
	return (rv);
}

/* One release, under its lock, as listed under it. */
static int
update_release(struct ioc_ctx *ctx, const struct upd_prog *p,
    const struct target *tg, int *patch, int *changed, struct ioc_err *err)
{
	struct fsu_lock lk = {-1};
	struct rel r;
	char sel[300];
	int pin, rv = -1;

	(void)memset(&r, 0, sizeof(r));
	if (rel_lock(ctx, tg->src->name, tg->r->name, &lk, err) != 0)
		return (-1);
	(void)snprintf(sel, sizeof(sel), "%s/%s", tg->src->name, tg->r->name);
	if (rel_find(ctx, sel, &r, &pin, err) != 0)
		goto out;
	if (r.npatches == 0) {
		(void)ioc_err_set(err, IOC_ENOENT, 0,
		    "Release '%s' does not exist or is not fetched locally",
		    tg->name);
		goto out;
	}
	rv = upd_release_locked(ctx, p, &r, patch, changed, err);
out:
	rel_free(&r);
	fsu_unlock(&lk);
	return (rv);
}

/* ------------------------------------------------------------ selecting */

struct sel {
	struct target *v;
	size_t n;
	struct jentlist jails;
	struct rellist rels;
};

static void
sel_free(struct sel *s)
{
	free(s->v);
	jail_list_free(&s->jails);
	rel_list_free(&s->rels);
	(void)memset(s, 0, sizeof(*s));
}

static struct target *
sel_add(struct sel *s, struct ioc_err *err)
{
	struct target *nv;

	if ((nv = realloc(s->v, (s->n + 1) * sizeof(*nv))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	s->v = nv;
	(void)memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	return (&s->v[s->n++]);
}

/* Releases by name: one zfs call per source. */
static int
select_releases(struct ioc_ctx *ctx, const struct ioc_update_opts *o,
    struct sel *s, struct ioc_err *err)
{
	const struct srclist *srcs;
	struct target *tg;
	struct filter f;
	size_t i;
	int rv = -1;

	if (filter_parse(o->filters, o->nfilters, &f, err) != 0)
		return (-1);
	for (i = 0; i < f.n; i++)
		if (f.t[i].key != NULL) {
			(void)ioc_err_set(err, IOC_EINVAL, 0,
			    "update -r selects releases by name, not by '%s='",
			    f.t[i].key);
			goto out;
		}
	if ((srcs = src_get(ctx, err)) == NULL ||
	    rel_list(ctx, filter_source(&f), &s->rels, err) != 0)
		goto out;
	for (i = 0; i < s->rels.n; i++) {
		const struct rel *r = &s->rels.v[i];

		if (!filter_match_name(&f, r->src->name, r->name, NULL))
			continue;
		if ((tg = sel_add(s, err)) == NULL)
			goto out;
		tg->src = r->src;
		tg->r = r;
		if (srcs->n > 1)
			(void)snprintf(tg->name, sizeof(tg->name), "%s/%s",
			    r->src->name, r->name);
		else
			(void)snprintf(
			    tg->name, sizeof(tg->name), "%s", r->name);
	}
	rv = 0;
out:
	filter_free(&f);
	return (rv);
}

/* The listed jail source/id in the jail list, or NULL. */
static const struct jent *
jent_find(const struct jentlist *l, const char *src, const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].src->name, src) == 0 &&
		    strcmp(l->v[i].name, id) == 0)
			return (&l->v[i]);
	return (NULL);
}

/* Jails by filters (templates never), through the listing of "list". */
static int
select_jails(struct ioc_ctx *ctx, const struct ioc_update_opts *o,
    struct sel *s, struct ioc_err *err)
{
	struct ioc_list_opts lo;
	struct ioc_table *t;
	struct target *tg;
	size_t i;
	int rv = -1;

	(void)memset(&lo, 0, sizeof(lo));
	lo.what = IOC_LIST_JAILS;
	lo.columns = "source,id,full_name,basejail,release";
	lo.filters = o->filters;
	lo.nfilters = o->nfilters;
	if ((t = ioc_list(ctx, &lo, err)) == NULL)
		return (-1);
	if (t->nrows > 0 && jail_list(ctx, NULL, &s->jails, err) != 0)
		goto out;
	for (i = 0; i < t->nrows; i++) {
		char **row = &t->cells[i * t->stride];
		const struct jent *e = jent_find(&s->jails, row[0], row[1]);

		if (e == NULL)
			continue; /* gone since the listing */
		if ((tg = sel_add(s, err)) == NULL)
			goto out;
		tg->src = e->src;
		tg->e = e;
		(void)snprintf(tg->name, sizeof(tg->name), "%s", row[2]);
		tg->basejail = strcmp(row[3], "yes") == 0;
		if (!val_is_none(row[4]))
			(void)snprintf(
			    tg->release, sizeof(tg->release), "%s", row[4]);
	}
	rv = 0;
out:
	ioc_table_free(t);
	return (rv);
}

/* Update the jails or releases the filters select. */
int
ioc_update(struct ioc_ctx *ctx, const struct ioc_update_opts *o,
    ioc_update_fn fn, void *arg, struct ioc_err *err)
{
	const char *what = o->releases ? "release" : "jail";
	struct upd_prog prog;
	struct sel s;
	struct ioc_err e;
	size_t i, failed = 0;
	int patch, changed, rv = -1;

	(void)memset(&s, 0, sizeof(s));
	if (o->nfilters == 0)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "No %s selector provided", what));
	/* The platform first: without an updater nothing can be done. */
	if (upd_prog_find(o->updater != NULL ? o->updater : getenv(UPD_ENV),
		NULL, &prog, err) != 0)
		return (-1);
	if ((o->releases ? select_releases(ctx, o, &s, err)
			 : select_jails(ctx, o, &s, err)) != 0)
		goto out;
	if (s.n == 0) {
		(void)ioc_err_set(
		    err, IOC_ENOENT, 0, "No %s matched your input", what);
		goto out;
	}
	/* Every target is checked before the first one changes. */
	for (i = 0; i < s.n; i++)
		if (target_check(ctx, o->releases, &s.v[i], err) != 0)
			goto out;
	for (i = 0; i < s.n; i++) {
		patch = -1;
		changed = 0;
		if ((o->releases ? update_release(ctx, &prog, &s.v[i], &patch,
				       &changed, &e)
				 : update_jail(ctx, &prog, &s.v[i], &patch,
				       &changed, &e)) != 0) {
			failed++;
			if (fn != NULL)
				fn(arg, s.v[i].name, -1, 0, &e);
			if (s.n == 1)
				*err = e;
			continue;
		}
		if (fn != NULL)
			fn(arg, s.v[i].name, patch, changed, NULL);
	}
	if (failed > 0) {
		if (s.n > 1)
			(void)ioc_err_set(err, IOC_EEXEC, 0,
			    "%zu of %zu %ss failed to update", failed, s.n,
			    what);
		goto out;
	}
	rv = 0;
out:
	sel_free(&s);
	return (rv);
}
