/*
 * zds.c - ZFS datasets through zfs(8) and zpool(8) (see zds.h).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exec.h"
#include "internal.h"
#include "names.h"
#include "zds.h"

#define ARGV_MAX      96
#define BUSY_TRIES    50
#define BUSY_SLEEP_MS 20

struct argv_b {
	const char *v[ARGV_MAX + 1];
	size_t n;
	int overflow;
};

static void
av_add(struct argv_b *a, const char *s)
{
	if (a->n >= ARGV_MAX) {
		a->overflow = 1;
		return;
	}
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

/* Parse -H output into a table. */
int
zds_table_parse(const char *out, size_t len, size_t ncols, struct zds_table *t,
    struct ioc_err *err)
{
	size_t rows = 0, i, r, c, line;
	char *p, *end;

	(void)memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	if (ncols == 0)
		return (ioc_err_set(err, IOC_EINVAL, 0, "no columns"));
	if (memchr(out, '\0', len) != NULL)
		return (ioc_err_set(
		    err, IOC_EPARSE, 0, "unexpected zfs output: NUL byte"));
	for (i = 0; i < len; i++)
		if (out[i] == '\n')
			rows++;
	if (len > 0 && out[len - 1] != '\n')
		rows++;
	if ((t->buf = malloc(len + 1)) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	(void)memcpy(t->buf, out, len);
	t->buf[len] = '\0';
	if (rows > 0 &&
	    (t->cells = calloc(rows * ncols, sizeof(*t->cells))) == NULL) {
		zds_table_free(t);
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	}
	p = t->buf;
	end = t->buf + len;
	for (r = 0, line = 1; p < end; line++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			nl = end;
		*nl = '\0';
		if (p == nl) { /* tolerate an empty line */
			p = nl + 1;
			continue;
		}
		for (c = 0; c < ncols; c++) {
			char *tab = strchr(p, '\t');

			t->cells[r * ncols + c] = p;
			if (c + 1 < ncols) {
				if (tab == NULL)
					goto bad;
				*tab = '\0';
				p = tab + 1;
			} else if (tab != NULL) {
				goto bad;
			}
		}
		r++;
		p = nl + 1;
	}
	t->nrows = r;
	return (0);
bad:
	zds_table_free(t);
	return (ioc_err_set(err, IOC_EPARSE, 0,
	    "unexpected zfs output on line %zu: expected %zu tab-separated "
	    "fields",
	    line, ncols));
}

/* Borrowed cell r, c. */
const char *
zds_cell(const struct zds_table *t, size_t r, size_t c)
{
	if (r >= t->nrows || c >= t->ncols)
		return (NULL);
	return (t->cells[r * t->ncols + c]);
}

/* Release a table. */
void
zds_table_free(struct zds_table *t)
{
	if (t == NULL)
		return;
	free(t->cells);
	free(t->buf);
	(void)memset(t, 0, sizeof(*t));
}

/* Parse a parsable zfs number. */
int
zds_parse_u64(const char *s, unsigned long long *v)
{
	unsigned long long n = 0;
	const char *p;

	if (strcmp(s, "-") == 0 || strcmp(s, "none") == 0) {
		*v = 0;
		return (0);
	}
	if (*s == '\0')
		return (-1);
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return (-1);
		if (n > (~0ULL - (unsigned)(*p - '0')) / 10)
			return (-1);
		n = n * 10 + (unsigned)(*p - '0');
	}
	*v = n;
	return (0);
}

static void
sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Classify a failed zfs/zpool run by its stderr. */
static int
classify(const struct exec_result *res)
{
	const char *e = res->errtail;

	if (strstr(e, "is busy") != NULL)
		return (IOC_EBUSY);
	if (strstr(e, "does not exist") != NULL ||
	    strstr(e, "no such pool") != NULL)
		return (IOC_ENOENT);
	if (strstr(e, "already exists") != NULL)
		return (IOC_EEXIST);
	if (strstr(e, "zfs-fuse daemon is running") != NULL ||
	    strstr(e, "failed to initialize ZFS library") != NULL ||
	    strstr(e, "/dev/zfs") != NULL)
		return (IOC_ENOZFS);
	if (strstr(e, "ermission denied") != NULL)
		return (IOC_EPERM);
	return (IOC_EEXEC);
}

static int
nozfs(struct ioc_err *err, const char *prog)
{
	return (ioc_err_set(err, IOC_ENOZFS, ENOENT,
	    "ZFS is required to use ioc: %s(8) was not found in "
	    "/sbin:/bin:/usr/sbin:/usr/bin; install OpenZFS (or zfs-fuse "
	    "on Linux)",
	    prog));
}

/*
 * Run zfs or zpool with argv (argv[0] is the program); on success the
 * output is in res (caller frees), on failure res is freed and err holds
 * "<prog> <verb> <last operand>: <stderr line>".
 */
static int
run(struct ioc_ctx *ctx, const struct argv_b *a, int stdin_fd, int stdout_fd,
    unsigned flags, struct exec_result *res, struct ioc_err *err)
{
	struct exec_opts o;
	struct ioc_err e;

	if (a->overflow)
		return (ioc_err_set(
		    err, IOC_EINVAL, E2BIG, "%s: too many arguments", a->v[0]));
	exec_opts_init(&o, a->v);
	o.stdin_fd = stdin_fd;
	o.stdout_fd = stdout_fd;
	o.flags = flags | EXEC_QUIET;
	if (exec_run(ctx, &o, res, &e) == 0)
		return (0);
	exec_result_free(res);
	if (e.code == IOC_ENOENT && res->status == -1)
		return (nozfs(err, a->v[0]));
	if (e.code == IOC_EEXEC)
		e.code = classify(res);
	if (e.code == IOC_ENOZFS)
		return (ioc_err_set(err, IOC_ENOZFS, 0,
		    "ZFS is required to use ioc: %s (start the zfs-fuse "
		    "daemon, or load the zfs kernel module)",
		    e.msg));
	*err = e;
	return (
	    ioc_err_wrap(err, "%s %s %s", a->v[0], a->v[1], a->v[a->n - 1]));
}

/* run() that discards the output. */
static int
run_quiet(struct ioc_ctx *ctx, const struct argv_b *a, struct ioc_err *err)
{
	struct exec_result res;

	if (run(ctx, a, -1, -1, 0, &res, err) != 0)
		return (-1);
	exec_result_free(&res);
	return (0);
}

/* run_quiet() again while the dataset is busy. */
static int
run_retry_busy(struct ioc_ctx *ctx, const struct argv_b *a, struct ioc_err *err)
{
	int i;

	for (i = 0;; i++) {
		if (run_quiet(ctx, a, err) == 0)
			return (0);
		if (err->code != IOC_EBUSY || i + 1 >= BUSY_TRIES)
			return (-1);
		ioc_log(
		    ctx, IOC_LOG_DEBUG, "%s: busy, retrying", a->v[a->n - 1]);
		sleep_ms(BUSY_SLEEP_MS);
	}
}

static int
check_ds(const char *ds, int snap_ok, struct ioc_err *err)
{
	if (!names_dataset_ok(ds) || (!snap_ok && strchr(ds, '@') != NULL))
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "invalid dataset name '%s'", ds));
	return (0);
}

static int
check_snap(const char *snap, struct ioc_err *err)
{
	if (!names_dataset_ok(snap) || strchr(snap, '@') == NULL)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "invalid snapshot name '%s'", snap));
	return (0);
}

/* Join props as "name,p1,p2" into a new string. */
static char *
join_cols(const char *first, const char *const *props, struct ioc_err *err)
{
	size_t len = strlen(first) + 1, i;
	char *s;

	for (i = 0; props != NULL && props[i] != NULL; i++)
		len += strlen(props[i]) + 1;
	if ((s = malloc(len)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	(void)strcpy(s, first);
	for (i = 0; props != NULL && props[i] != NULL; i++) {
		if (s[0] != '\0')
			(void)strcat(s, ",");
		(void)strcat(s, props[i]);
	}
	return (s);
}

static size_t
count(const char *const *v)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	return (n);
}

/*
 * zfs list -H -o name,<props> -t filesystem,volume[,snapshot]
 * [-r [-d depth]] ds1 ds2 ...: depth 0 lists the datasets themselves,
 * -1 with ZDS_RECURSIVE every descendant.
 */
static int
list_impl(struct ioc_ctx *ctx, const char *const *dsv, const char *const *props,
    int depth, unsigned flags, struct zds_table *t, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	struct exec_result res;
	char depthbuf[16], *cols;
	size_t i;
	int rv = -1;

	(void)memset(t, 0, sizeof(*t));
	for (i = 0; dsv[i] != NULL; i++)
		if (check_ds(dsv[i], 0, err) != 0)
			return (-1);
	if ((cols = join_cols("name", props, err)) == NULL)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "list");
	av_add(&a, "-H");
	av_add(&a, "-o");
	av_add(&a, cols);
	av_add(&a, "-t");
	av_add(&a,
	    (flags & ZDS_SNAPSHOTS) ? "filesystem,volume,snapshot"
				    : "filesystem,volume");
	if (depth != 0 || (flags & ZDS_RECURSIVE)) {
		av_add(&a, "-r");
		if (depth >= 0) {
			(void)snprintf(depthbuf, sizeof(depthbuf), "%d", depth);
			av_add(&a, "-d");
			av_add(&a, depthbuf);
		}
	}
	for (i = 0; dsv[i] != NULL; i++)
		av_add(&a, dsv[i]);
	if (run(ctx, &a, -1, -1, 0, &res, err) != 0)
		goto out;
	rv = zds_table_parse(res.out, res.outlen, count(props) + 1, t, err);
	exec_result_free(&res);
out:
	free(cols);
	return (rv);
}

/* zfs list -H -o name,<props> ... root. */
int
zds_list(struct ioc_ctx *ctx, const char *root, const char *const *props,
    int depth, unsigned flags, struct zds_table *t, struct ioc_err *err)
{
	const char *dsv[] = {root, NULL};

	return (list_impl(ctx, dsv, props, depth, flags, t, err));
}

/* zfs list -H -o name,<props> ds1 ds2 ... */
int
zds_list_many(struct ioc_ctx *ctx, const char *const *dsv,
    const char *const *props, struct zds_table *t, struct ioc_err *err)
{
	return (list_impl(ctx, dsv, props, 0, 0, t, err));
}

/* zfs list -H -o name,<props> -t ... -r -d depth ds1 ds2 ... */
int
zds_list_trees(struct ioc_ctx *ctx, const char *const *dsv,
    const char *const *props, int depth, unsigned flags, struct zds_table *t,
    struct ioc_err *err)
{
	if (depth < 1)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "zds_list_trees: depth must be at least 1"));
	return (list_impl(ctx, dsv, props, depth, flags, t, err));
}

/* zfs get -H -p -o name,property,value,source props ds... [-r -d N]. */
static int
get_impl(struct ioc_ctx *ctx, const char *const *dsv, const char *const *props,
    int depth, struct zds_table *t, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	struct exec_result res;
	char depthbuf[16], *plist;
	size_t i;
	int rv = -1;

	(void)memset(t, 0, sizeof(*t));
	for (i = 0; dsv[i] != NULL; i++)
		if (check_ds(dsv[i], 1, err) != 0)
			return (-1);
	if ((plist = join_cols("", props, err)) == NULL)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "get");
	av_add(&a, "-H");
	av_add(&a, "-p");
	av_add(&a, "-o");
	av_add(&a, "name,property,value,source");
	if (depth != 0) {
		av_add(&a, "-r");
		if (depth > 0) {
			(void)snprintf(depthbuf, sizeof(depthbuf), "%d", depth);
			av_add(&a, "-d");
			av_add(&a, depthbuf);
		}
	}
	av_add(&a, plist[0] != '\0' ? plist : "all");
	for (i = 0; dsv[i] != NULL; i++)
		av_add(&a, dsv[i]);
	if (run(ctx, &a, -1, -1, 0, &res, err) != 0)
		goto out;
	rv = zds_table_parse(res.out, res.outlen, 4, t, err);
	exec_result_free(&res);
out:
	free(plist);
	return (rv);
}

/* zfs get -H -p -o name,property,value,source props ds. */
int
zds_get(struct ioc_ctx *ctx, const char *ds, const char *const *props,
    int depth, struct zds_table *t, struct ioc_err *err)
{
	const char *dsv[] = {ds, NULL};

	return (get_impl(ctx, dsv, props, depth, t, err));
}

/* zfs get for several datasets in one call. */
int
zds_get_many(struct ioc_ctx *ctx, const char *const *dsv,
    const char *const *props, struct zds_table *t, struct ioc_err *err)
{
	return (get_impl(ctx, dsv, props, 0, t, err));
}

/* One property's value as a new string. */
char *
zds_get_value(
    struct ioc_ctx *ctx, const char *ds, const char *prop, struct ioc_err *err)
{
	const char *props[] = {prop, NULL};
	struct zds_table t;
	char *v = NULL;

	if (zds_get(ctx, ds, props, 0, &t, err) != 0)
		return (NULL);
	if (t.nrows != 1)
		(void)ioc_err_set(err, IOC_EPARSE, 0,
		    "zfs get %s %s: expected one row, got %zu", prop, ds,
		    t.nrows);
	else
		v = ioc_strdup(zds_cell(&t, 0, 2), err);
	zds_table_free(&t);
	return (v);
}

/* True (1) when the dataset exists. */
int
zds_exists(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	struct exec_result res;

	if (check_ds(ds, 1, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "list");
	av_add(&a, "-H");
	av_add(&a, "-o");
	av_add(&a, "name");
	if (strchr(ds, '@') != NULL) {
		av_add(&a, "-t");
		av_add(&a, "snapshot");
	}
	av_add(&a, ds);
	if (run(ctx, &a, -1, -1, 0, &res, err) == 0) {
		exec_result_free(&res);
		return (1);
	}
	return (err->code == IOC_ENOENT ? 0 : -1);
}

/* zfs set prop=value ds. */
int
zds_set(struct ioc_ctx *ctx, const char *ds, const char *prop,
    const char *value, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	char *kv;
	int rv;

	if (check_ds(ds, 1, err) != 0)
		return (-1);
	if (prop[0] == '\0' || strchr(prop, '=') != NULL || prop[0] == '-')
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "invalid property name '%s'", prop));
	if ((kv = ioc_aprintf(err, "%s=%s", prop, value)) == NULL)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "set");
	av_add(&a, kv);
	av_add(&a, ds);
	rv = run_quiet(ctx, &a, err);
	free(kv);
	return (rv);
}

/* zfs inherit prop ds. */
int
zds_inherit(
    struct ioc_ctx *ctx, const char *ds, const char *prop, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};

	if (check_ds(ds, 1, err) != 0)
		return (-1);
	if (prop[0] == '\0' || prop[0] == '-' || strchr(prop, '=') != NULL)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "invalid property name '%s'", prop));
	av_add(&a, "zfs");
	av_add(&a, "inherit");
	av_add(&a, prop);
	av_add(&a, ds);
	return (run_quiet(ctx, &a, err));
}

static int
add_props(struct argv_b *a, const char *const *props, struct ioc_err *err)
{
	size_t i;

	for (i = 0; props != NULL && props[i] != NULL; i++) {
		if (props[i][0] == '-' || strchr(props[i], '=') == NULL)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "invalid property '%s'", props[i]));
		av_add(a, "-o");
		av_add(a, props[i]);
	}
	return (0);
}

/* zfs create [-p] [-o k=v ...] ds. */
int
zds_create(struct ioc_ctx *ctx, const char *ds, const char *const *props,
    unsigned flags, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};

	if (check_ds(ds, 0, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "create");
	if (flags & ZDS_PARENTS)
		av_add(&a, "-p");
	if (add_props(&a, props, err) != 0)
		return (-1);
	av_add(&a, ds);
	return (run_quiet(ctx, &a, err));
}

/* zfs mount ds. */
int
zds_mount(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};

	if (check_ds(ds, 0, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "mount");
	av_add(&a, ds);
	return (run_quiet(ctx, &a, err));
}

/* zfs umount ds. */
int
zds_umount(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};

	if (check_ds(ds, 0, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "umount");
	av_add(&a, ds);
	return (run_retry_busy(ctx, &a, err));
}

static int
cmp_desc(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)b, *(const char *const *)a));
}

/*
 * Unmount every mounted filesystem at and below ds, deepest first.  The
 * names that were unmounted are returned (deepest first) in *names, which
 * the caller frees with free() of the array and of t.
 */
static int
umount_tree(struct ioc_ctx *ctx, const char *ds, struct zds_table *t,
    const char ***names, size_t *n, struct ioc_err *err)
{
	static const char *const props[] = {"mounted", NULL};
	size_t r;

	*names = NULL;
	*n = 0;
	if (zds_list(ctx, ds, props, -1, ZDS_RECURSIVE, t, err) != 0)
		return (-1);
	if (t->nrows == 0)
		return (0);
	if ((*names = calloc(t->nrows, sizeof(**names))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (r = 0; r < t->nrows; r++)
		if (strcmp(zds_cell(t, r, 1), "yes") == 0)
			(*names)[(*n)++] = zds_cell(t, r, 0);
	qsort(*names, *n, sizeof(**names), cmp_desc);
	for (r = 0; r < *n; r++) {
		if (zds_umount(ctx, (*names)[r], err) != 0) {
			/* Put back what was already unmounted. */
			while (r-- > 0)
				(void)zds_mount(ctx, (*names)[r], NULL);
			return (-1);
		}
	}
	return (0);
}

/* Mount names (deepest first) again, parents first, old prefix replaced. */
static void
remount(struct ioc_ctx *ctx, const char *const *names, size_t n,
    const char *from, const char *to)
{
	struct ioc_err e;
	size_t flen = strlen(from);
	char *ds;

	while (n-- > 0) {
		if (to != NULL)
			ds = ioc_aprintf(&e, "%s%s", to, names[n] + flen);
		else
			ds = ioc_strdup(names[n], &e);
		if (ds == NULL || zds_mount(ctx, ds, &e) != 0)
			ioc_log(ctx, IOC_LOG_WARN, "could not mount %s: %s",
			    ds != NULL ? ds : names[n], e.msg);
		free(ds);
	}
}

/* Destroy a dataset or snapshot. */
int
zds_destroy(
    struct ioc_ctx *ctx, const char *ds, unsigned flags, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	struct zds_table t;
	const char **names = NULL;
	size_t n = 0;
	int rv = -1;

	if (check_ds(ds, 1, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "destroy");
	if (flags & ZDS_RECURSIVE)
		av_add(&a, "-r");
	if (flags & ZDS_FORCE)
		av_add(&a, "-f");
	av_add(&a, ds);
	if (strchr(ds, '@') != NULL)
		return (run_retry_busy(ctx, &a, err));
	if (umount_tree(ctx, ds, &t, &names, &n, err) != 0)
		goto out;
	if ((rv = run_retry_busy(ctx, &a, err)) != 0)
		remount(ctx, names, n, ds, NULL);
out:
	free(names);
	zds_table_free(&t);
	return (rv);
}

/* Rename a dataset, unmounting first and mounting again. */
int
zds_rename(struct ioc_ctx *ctx, const char *from, const char *to,
    unsigned flags, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	struct zds_table t;
	const char **names = NULL;
	size_t n = 0;
	int rv = -1, snap = strchr(from, '@') != NULL;

	if (check_ds(from, 1, err) != 0 || check_ds(to, 1, err) != 0)
		return (-1);
	if (snap != (strchr(to, '@') != NULL))
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "cannot rename '%s' to '%s'", from, to));
	av_add(&a, "zfs");
	av_add(&a, "rename");
	if (flags & ZDS_PARENTS)
		av_add(&a, "-p");
	if (snap && (flags & ZDS_RECURSIVE))
		av_add(&a, "-r");
	av_add(&a, from);
	av_add(&a, to);
	if (snap)
		return (run_retry_busy(ctx, &a, err));
	if (umount_tree(ctx, from, &t, &names, &n, err) != 0)
		goto out;
	rv = run_retry_busy(ctx, &a, err);
	remount(ctx, names, n, from, rv == 0 ? to : NULL);
out:
	free(names);
	zds_table_free(&t);
	return (rv);
}

/* zfs snapshot [-r] ds@snap. */
int
zds_snapshot(
    struct ioc_ctx *ctx, const char *snap, unsigned flags, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};

	if (check_snap(snap, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "snapshot");
	if (flags & ZDS_RECURSIVE)
		av_add(&a, "-r");
	av_add(&a, snap);
	return (run_quiet(ctx, &a, err));
}

/* zfs rollback [-r] ds@snap. */
int
zds_rollback(
    struct ioc_ctx *ctx, const char *snap, unsigned flags, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};

	if (check_snap(snap, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "rollback");
	if (flags & ZDS_RECURSIVE)
		av_add(&a, "-r");
	av_add(&a, snap);
	return (run_retry_busy(ctx, &a, err));
}

/* zfs clone [-p] [-o k=v ...] ds@snap target. */
int
zds_clone(struct ioc_ctx *ctx, const char *snap, const char *target,
    const char *const *props, unsigned flags, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};

	if (check_snap(snap, err) != 0 || check_ds(target, 0, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "clone");
	if (flags & ZDS_PARENTS)
		av_add(&a, "-p");
	if (add_props(&a, props, err) != 0)
		return (-1);
	av_add(&a, snap);
	av_add(&a, target);
	return (run_quiet(ctx, &a, err));
}

/* zfs promote ds, unmounting first. */
int
zds_promote(struct ioc_ctx *ctx, const char *ds, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	struct zds_table t;
	const char **names = NULL;
	size_t n = 0;
	int rv = -1;

	if (check_ds(ds, 0, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "promote");
	av_add(&a, ds);
	if (umount_tree(ctx, ds, &t, &names, &n, err) != 0)
		goto out;
	rv = run_retry_busy(ctx, &a, err);
	remount(ctx, names, n, ds, NULL);
out:
	free(names);
	zds_table_free(&t);
	return (rv);
}

/* zfs send [-R] snap > fd. */
int
zds_send(struct ioc_ctx *ctx, const char *snap, int fd, unsigned flags,
    struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	struct exec_result res;

	if (check_snap(snap, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "send");
	if (flags & ZDS_RECURSIVE)
		av_add(&a, "-R");
	av_add(&a, snap);
	if (run(ctx, &a, -1, fd, 0, &res, err) != 0)
		return (-1);
	exec_result_free(&res);
	return (0);
}

/* zfs receive [-F] [-u] target < fd. */
int
zds_receive(struct ioc_ctx *ctx, const char *target, int fd, unsigned flags,
    struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	struct exec_result res;

	if (check_ds(target, 0, err) != 0)
		return (-1);
	av_add(&a, "zfs");
	av_add(&a, "receive");
	if (flags & ZDS_FORCE)
		av_add(&a, "-F");
	if (flags & ZDS_NOMOUNT)
		av_add(&a, "-u");
	av_add(&a, target);
	if (run(ctx, &a, fd, -1, 0, &res, err) != 0)
		return (-1);
	exec_result_free(&res);
	return (0);
}

/* zpool list -H -o name,health. */
int
zds_pools(struct ioc_ctx *ctx, struct zds_table *t, struct ioc_err *err)
{
	struct argv_b a = {.n = 0};
	struct exec_result res;
	int rv;

	(void)memset(t, 0, sizeof(*t));
	av_add(&a, "zpool");
	av_add(&a, "list");
	av_add(&a, "-H");
	av_add(&a, "-o");
	av_add(&a, "name,health");
	if (run(ctx, &a, -1, -1, 0, &res, err) != 0)
		return (-1);
	rv = zds_table_parse(res.out, res.outlen, 2, t, err);
	exec_result_free(&res);
	return (rv);
}

#define ZFS_FUSE_SOCKET "/var/run/zfs/zfs_socket"

/* Connect to the zfs-fuse daemon's socket: 0, or the errno. */
static int
zfs_fuse_answers(void)
{
	static const char sock[] = ZFS_FUSE_SOCKET;
	struct sockaddr_un sun;
	int fd, rv = 0;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return (errno);
	(void)memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	(void)memcpy(sun.sun_path, sock, sizeof(sock));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
		rv = errno;
	(void)close(fd);
	return (rv);
}

/* Check whether ZFS is reachable, without running zfs(8). */
int
ioc_zfs_check(struct ioc_ctx *ctx, struct ioc_err *err)
{
	struct ioc_err e;
	struct stat st;
	int sys;

	if (exec_which(ctx, "zfs", &e) == NULL)
		return (nozfs(err, "zfs"));
	if (exec_which(ctx, "zpool", &e) == NULL)
		return (nozfs(err, "zpool"));
	if (stat("/dev/zfs", &st) == 0 && S_ISCHR(st.st_mode))
		return (0);
	if ((sys = zfs_fuse_answers()) == 0)
		return (0);
	if (sys == EACCES)
		return (ioc_err_set(err, IOC_ENOZFS, sys,
		    "ZFS is required to use ioc: " ZFS_FUSE_SOCKET ": %s "
		    "(zfs-fuse answers only root)",
		    strerror(sys)));
	return (ioc_err_set(err, IOC_ENOZFS, sys,
	    "ZFS is required to use ioc: there is no ZFS kernel module "
	    "(/dev/zfs) and no zfs-fuse daemon answering on " ZFS_FUSE_SOCKET
	    "; load the zfs module or start zfs-fuse"));
}
