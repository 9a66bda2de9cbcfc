/*
 * ioc.h - the one public header of libioc, a jail manager library for
 * FreeBSD jails and Linux namespace jails on ZFS.
 *
 * Conventions:
 * - Every function that can fail takes a caller-owned struct ioc_err as its
 *   last argument and writes it only on failure.  Actions return 0 or -1,
 *   constructors a pointer or NULL.
 * - Objects returned by *_new() are owned by the caller and released with
 *   the matching *_free(), which accepts NULL.
 * - Getters return borrowed pointers that live as long as their object.
 * - The library never prints and never exits: it reports through the log
 *   and progress callbacks installed in the context.
 */
#ifndef IOC_H
#define IOC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define IOC_EXPORT	 __attribute__((visibility("default")))
#define IOC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define IOC_EXPORT
#define IOC_PRINTF(f, a)
#endif

#define IOC_VERSION "0.9.0 2026/11/28"

/* Stable error codes; new codes are only ever appended. */
enum ioc_errcode {
	IOC_OK = 0,
	IOC_EINVAL,	/* invalid argument or value */
	IOC_ENOENT,	/* resource does not exist */
	IOC_EEXIST,	/* resource already exists */
	IOC_EBUSY,	/* resource busy or locked by another process */
	IOC_EPERM,	/* not permitted */
	IOC_EIO,	/* system call or I/O failure */
	IOC_ENOMEM,	/* out of memory */
	IOC_ENOTSUP,	/* not supported on this platform */
	IOC_EEXEC,	/* an external program failed */
	IOC_ENOZFS,	/* ZFS is not reachable */
	IOC_ESECURITY,	/* path escape or other security violation */
	IOC_ETIMEDOUT,	/* an operation timed out */
	IOC_ENOTACTIVE, /* no root dataset (source) is configured */
	IOC_EPARSE,	/* malformed input file or command output */
};

#define IOC_ERRMSG_MAX 512

/* An error: the caller owns it, libioc fills it on failure. */
struct ioc_err {
	int code;		  /* enum ioc_errcode */
	int sys;		  /* errno at the failure, or 0 */
	char msg[IOC_ERRMSG_MAX]; /* lower-level context last */
};

/* Log levels, from most to least severe; IOC_LOG_SCREEN is always shown. */
enum ioc_loglevel {
	IOC_LOG_CRITICAL = 0,
	IOC_LOG_ERROR,
	IOC_LOG_WARN,
	IOC_LOG_INFO,
	IOC_LOG_NOTICE,
	IOC_LOG_VERBOSE,
	IOC_LOG_DEBUG,
	IOC_LOG_SPAM,
	IOC_LOG_SCREEN,
};

/* Receives every log record at or above the threshold (and SCREEN). */
typedef void (*ioc_log_fn)(void *arg, enum ioc_loglevel level, const char *msg);

/*
 * Progress of long work: "what" names the task, done and total count units
 * (bytes, files); total is 0 when unknown.  Called with done == total when
 * the task ends.
 */
typedef void (*ioc_progress_fn)(
    void *arg, const char *what, uint64_t done, uint64_t total);

struct ioc_ctx;

/* Version string of the library (IOC_VERSION of the build). */
IOC_EXPORT const char *ioc_version(void);

/* Name of an error code, e.g. "EBUSY". */
IOC_EXPORT const char *ioc_errcode_name(int code);

/* Parse a log level name; returns 0 and sets *level, or -1. */
IOC_EXPORT int ioc_loglevel_parse(const char *name, enum ioc_loglevel *level);

/* Name of a log level ("info"). */
IOC_EXPORT const char *ioc_loglevel_name(enum ioc_loglevel level);

/* Comma-separated list of every level name, for messages. */
IOC_EXPORT const char *ioc_loglevel_names(void);

/* New context with default settings (threshold info, no log sink). */
IOC_EXPORT struct ioc_ctx *ioc_ctx_new(struct ioc_err *err);

/* Release a context and everything it owns. */
IOC_EXPORT void ioc_ctx_free(struct ioc_ctx *ctx);

/* Install the log sink and its threshold. */
IOC_EXPORT void ioc_ctx_set_log(
    struct ioc_ctx *ctx, enum ioc_loglevel level, ioc_log_fn fn, void *arg);

/* Current log threshold. */
IOC_EXPORT enum ioc_loglevel ioc_ctx_log_level(const struct ioc_ctx *ctx);

/* Install the progress callback. */
IOC_EXPORT void ioc_ctx_set_progress(
    struct ioc_ctx *ctx, ioc_progress_fn fn, void *arg);

/*
 * Directory for runtime state and locks (default /run/ioc, or the
 * environment variable IOC_RUNDIR when set at ioc_ctx_new()).
 */
IOC_EXPORT int ioc_ctx_set_rundir(
    struct ioc_ctx *ctx, const char *path, struct ioc_err *err);

/* Borrowed: the runtime state directory. */
IOC_EXPORT const char *ioc_ctx_rundir(const struct ioc_ctx *ctx);

/*
 * Add an explicit source (root dataset).  Explicit sources replace every
 * configured or auto-detected one; the first added is the main source.
 * Fails with IOC_EINVAL on an invalid source or dataset name.
 */
IOC_EXPORT int ioc_ctx_add_source(struct ioc_ctx *ctx, const char *name,
    const char *dataset, struct ioc_err *err);

/*
 * Check a source name: letters and digits, optionally joined by single
 * "-" or "_".  Returns 0 or -1 with the libioc message in err.
 */
IOC_EXPORT int ioc_source_name_check(const char *name, struct ioc_err *err);

/*
 * Check the name of a new jail or release: at most 31 characters, letters
 * and digits joined by single "-", "_" or "." (the intersection of libioc's
 * name rule and the ZFS dataset character set; never ","), starting and
 * ending with a letter or digit.
 */
IOC_EXPORT int ioc_name_check(const char *name, struct ioc_err *err);

/*
 * Check whether ZFS is reachable: the zfs(8) and zpool(8) programs exist and
 * answer (a loaded kernel module or a running zfs-fuse daemon).  On failure
 * the message says what is missing and how to fix it (IOC_ENOZFS).
 */
IOC_EXPORT int ioc_zfs_check(struct ioc_ctx *ctx, struct ioc_err *err);

/*
 * Jails and host defaults.
 *
 * A struct ioc_jail holds one loaded configuration: a jail (with its
 * source, dataset and config file in whatever format it has) or the host
 * defaults of the main source.
 */
struct ioc_jail;

/* Receives key/value pairs; a non-zero return stops the iteration. */
typedef int (*ioc_kv_fn)(void *arg, const char *key, const char *value);

/*
 * Open the jail a selector "[source/]name" names.  A bare name found in
 * several sources is an error listing the candidates; legacy UUID-named
 * jails are found by their tag too.
 */
IOC_EXPORT struct ioc_jail *ioc_jail_open(
    struct ioc_ctx *ctx, const char *selector, struct ioc_err *err);

/* Open the host defaults of the main source. */
IOC_EXPORT struct ioc_jail *ioc_defaults_open(
    struct ioc_ctx *ctx, struct ioc_err *err);

/* Release a jail (NULL is fine). */
IOC_EXPORT void ioc_jail_free(struct ioc_jail *jail);

/* Borrowed: the jail's name ("defaults" for the host defaults). */
IOC_EXPORT const char *ioc_jail_name(const struct ioc_jail *jail);

/*
 * One property or attribute for display (yes/no, "-" for none), as a new
 * string.  An unknown key is IOC_ENOENT "Unknown property '<key>'"; an
 * unknown user.* key is the empty string.
 */
IOC_EXPORT char *ioc_jail_get(
    struct ioc_jail *jail, const char *key, struct ioc_err *err);

/* Every property and attribute, sorted by key, for display. */
IOC_EXPORT int ioc_jail_get_all(
    struct ioc_jail *jail, ioc_kv_fn fn, void *arg, struct ioc_err *err);

/*
 * Called once per jail that "set" visited: changed lists the keys whose
 * stored value changed (n == 0: unchanged).  name is NULL for defaults.
 */
typedef void (*ioc_set_fn)(
    void *arg, const char *name, const char *const *changed, size_t n);

/*
 * Set ("KEY=VALUE") or unset ("KEY") properties on every jail whose name
 * matches the name filter (globs "*" and "+", optional "source/" prefix),
 * or on the host defaults when target is "defaults".  Every assignment is
 * validated before anything is written; each jail is locked while it is
 * changed.  No matching jail is IOC_ENOENT "No jails to update".
 */
IOC_EXPORT int ioc_set(struct ioc_ctx *ctx, const char *target,
    const char *const *assignments, size_t n, ioc_set_fn fn, void *arg,
    struct ioc_err *err);

/* == Activation (activate, deactivate) == */

/*
 * Activate a pool: org.freebsd.ioc:active=yes on its root dataset, "no" on
 * every other imported pool's root dataset that says yes, and source "ioc"
 * at <pool>/iocage with its jails and releases children created when
 * missing.  mountpoint (NULL: keep an existing one; a new dataset gets
 * /iocage when that is free, else the pool's inherited mountpoint) is set
 * when it differs.  Refused with explicit sources or rc.conf
 * ioc_dataset_* lines.  *was_active tells whether the pool already was
 * active (a warning is logged).  On failure nothing is changed.
 */
IOC_EXPORT int ioc_pool_activate(struct ioc_ctx *ctx, const char *pool,
    const char *mountpoint, int *was_active, struct ioc_err *err);

/*
 * Deactivate a pool: org.freebsd.ioc:active=no when it is active (*changed
 * 1); otherwise a warning is logged and *changed is 0.  Never creates
 * anything.
 */
IOC_EXPORT int ioc_pool_deactivate(
    struct ioc_ctx *ctx, const char *pool, int *changed, struct ioc_err *err);

/* == Releases (fetch -b, list -r, destroy -r) == */

/*
 * Register a release built in place ("fetch -b"): selector is
 * "[source/]NAME" (main source by default); <root>/releases/NAME/root must
 * exist and hold etc, dev, var and an executable bin/sh.  Takes the next
 * snapshot root@pN (p0, p1, ... on every call) with its read-only clone
 * root-pN, under the release's lock; *patch gets N.  On failure nothing
 * is created.
 */
IOC_EXPORT int ioc_release_register(
    struct ioc_ctx *ctx, const char *selector, int *patch, struct ioc_err *err);

/* How ioc_release_fetch() gets a release from a mirror. */
struct ioc_fetch_opts {
	const char *release; /* "[source/]NAME", e.g. "14.3-RELEASE" */
	/*
	 * The mirror directory that contains NAME/ (http, https, ftp or
	 * file URL); NULL: the FreeBSD mirror of arch.
	 */
	const char *url;
	const char *arch; /* "amd64", "arm64/aarch64"; NULL: the host's */
	/*
	 * Assets ("base" or "base.txz"), NULL-terminated; NULL: base (and
	 * lib32 for amd64 when the mirror's MANIFEST lists it).
	 */
	const char *const *assets;
	/*
	 * Download cache; NULL: $IOC_CACHE_DIR, else /var/cache/ioc.
	 * Assets go to <cache>/<NAME>/ (outside the release dataset).
	 */
	const char *cache_dir;
	int no_update;	      /* skip the update step (--no-update) */
	int no_fetch_updates; /* do not download updates */
	/*
	 * Polled during the work (set it from a SIGINT handler): the fetch
	 * stops, keeps partial downloads and removes what it created.
	 */
	const volatile sig_atomic_t *cancel;
};

/*
 * Fetch a release from a mirror (spec 9.1): read its MANIFEST (or
 * HardenedBSD's CHECKSUMS.SHA256), download every asset into the cache
 * (resuming a partial download), check each sha256 before anything is
 * extracted ("Asset base.txz has an invalid signature"), create
 * <root>/releases/NAME and its root, unpack the assets safely (owners by
 * number), apply the release configuration (rc.conf, periodic.conf,
 * sysctl.conf) and take root@p0 with its read-only clone root-p0.  Any
 * failure or cancellation removes the datasets this call created.
 * Returns 0 when fetched, 1 when the release was already fetched (left
 * alone, nothing downloaded), -1 on error (a cancelled fetch has sys
 * EINTR).
 */
IOC_EXPORT int ioc_release_fetch(struct ioc_ctx *ctx,
    const struct ioc_fetch_opts *opts, struct ioc_err *err);

/* Where ioc_release_remote_list() looks. */
struct ioc_remote_opts {
	const char *url;  /* mirror directory; NULL: the FreeBSD mirror */
	const char *arch; /* as in struct ioc_fetch_opts */
	/*
	 * FreeBSD's unsupported.html for the EOL marks; NULL:
	 * $IOC_EOL_URL, else the freebsd.org page; "": no EOL lookup.
	 */
	const char *eol_url;
};

/* One release a mirror offers. */
struct ioc_remote_release {
	const char *name; /* "14.3-RELEASE" */
	int eol;	  /* listed as end of life */
	int newer;	  /* newer than the host's release (FreeBSD) */
};

/* Receives each remote release in version order; non-zero stops. */
typedef int (*ioc_remote_fn)(void *arg, const struct ioc_remote_release *r);

/*
 * The releases of a mirror's index page, sorted by version, with EOL and
 * "newer than host" marks; a failing EOL lookup is a warning.
 */
IOC_EXPORT int ioc_release_remote_list(struct ioc_ctx *ctx,
    const struct ioc_remote_opts *opts, ioc_remote_fn fn, void *arg,
    struct ioc_err *err);

/* == Listing (list) == */

/* What a listing shows. */
enum ioc_list_what {
	IOC_LIST_JAILS,	    /* jails that are not templates */
	IOC_LIST_TEMPLATES, /* template jails */
	IOC_LIST_RELEASES,  /* local releases: one row per pN snapshot */
	IOC_LIST_SOURCES,   /* the sources in use */
	IOC_LIST_POOLS,	    /* the auto-detected sources (no --source) */
	IOC_LIST_REMOTE,    /* the releases a mirror offers */
};

/* How a listing is rendered. */
enum ioc_list_format {
	IOC_FMT_TABLE, /* bordered, at most 80 columns wide */
	IOC_FMT_CSV,   /* ";"-separated */
	IOC_FMT_LIST,  /* TAB-separated */
	IOC_FMT_JSON,  /* an array of objects with real JSON types */
};

struct ioc_list_opts {
	enum ioc_list_what what;
	const char *columns;	    /* comma list; NULL: the defaults */
	int long_columns;	    /* jails: the defaults plus ip6_addr */
	const char *sort;	    /* column to sort by (shown or not) */
	const char *const *filters; /* filter terms (spec 7) */
	size_t nfilters;
	const char *url; /* IOC_LIST_REMOTE: the mirror; NULL: FreeBSD's */
};

/* A listing: rows of display values (opaque). */
struct ioc_table;

/*
 * List jails, templates, releases or sources.  Jails: one zfs call per
 * source, config files read directly; an unknown column is IOC_ENOENT
 * "Unknown property '<col>'" (an unknown user.* column is empty).
 */
IOC_EXPORT struct ioc_table *ioc_list(
    struct ioc_ctx *ctx, const struct ioc_list_opts *opts, struct ioc_err *err);

/* Render a listing as a new string (header: column names first). */
IOC_EXPORT char *ioc_table_format(const struct ioc_table *t,
    enum ioc_list_format fmt, int header, struct ioc_err *err);

/* Parse "table", "csv", "list" or "json"; 0 or -1. */
IOC_EXPORT int ioc_list_format_parse(
    const char *name, enum ioc_list_format *fmt);

/* Release a listing (NULL is fine). */
IOC_EXPORT void ioc_table_free(struct ioc_table *t);

/* == Creating and destroying jails (create, destroy) == */

/* What ioc_jail_create() makes. */
struct ioc_create_opts {
	const char *name;	  /* "[source/]NAME" */
	const char *release;	  /* "[source/]NAME[-pN]", NULL: the host's */
	const char *tmpl;	  /* template "[source/]NAME", or NULL */
	int standalone;		  /* basejail=no (-nb) instead of a basejail */
	unsigned long count;	  /* 0 or 1: NAME; N: NAME_1 ... NAME_N */
	const char *const *props; /* "KEY=VALUE" operands */
	size_t nprops;
};

/*
 * Called for each created jail once all of them exist: source is NULL
 * when only one source is configured, from names the release (or the
 * template), i counts from 1 to n.
 */
typedef void (*ioc_created_fn)(void *arg, const char *name, const char *source,
    const char *from, size_t i, size_t n);

/*
 * Create jails from a release or a template (spec §10).  Every name,
 * operand, the release or template and the names taken in every source
 * are checked before anything is made; a failure afterwards destroys
 * every dataset and snapshot made for the whole batch again.
 */
IOC_EXPORT int ioc_jail_create(struct ioc_ctx *ctx,
    const struct ioc_create_opts *o, ioc_created_fn fn, void *arg,
    struct ioc_err *err);

/* What ioc_destroy() selects. */
enum ioc_destroy_kind {
	IOC_DESTROY_JAILS,     /* jails (filter template=no,-) */
	IOC_DESTROY_TEMPLATES, /* templates (template=yes) */
	IOC_DESTROY_RELEASES,  /* releases, by name */
};

/*
 * Asked once, with the full names of every target, before anything is
 * destroyed; a non-zero return goes on, 0 aborts (IOC_EPERM).
 */
typedef int (*ioc_confirm_fn)(
    void *arg, enum ioc_destroy_kind kind, const char *const *names, size_t n);

/* Called after each target is gone with its old mountpoint (or dataset). */
typedef void (*ioc_destroyed_fn)(void *arg, const char *what);

/*
 * Destroy the jails, templates or releases the filters select.  Every
 * target is checked first (stopped, no dependent clones, nothing but ZFS
 * mounted below it); then confirm is asked unless force is set (NULL
 * confirm without force is IOC_EPERM).  No match is IOC_ENOENT "No target
 * matched your input".
 */
IOC_EXPORT int ioc_destroy(struct ioc_ctx *ctx, enum ioc_destroy_kind kind,
    const char *const *filters, size_t nfilters, int force,
    ioc_confirm_fn confirm, ioc_destroyed_fn fn, void *arg,
    struct ioc_err *err);

/* == Changing jails (rename, clone, promote, snapshot, migrate) == */

/*
 * Rename the stopped jail a selector names to newname in the same source:
 * the jail dataset with its children and snapshots moves, the fstab paths
 * below the old mountpoint follow, a config.json "id" is updated.  The
 * release's shared root@pN origin snapshot is never renamed.  Every step
 * is undone when a later one fails.
 */
IOC_EXPORT int ioc_jail_rename(struct ioc_ctx *ctx, const char *selector,
    const char *newname, struct ioc_err *err);

/*
 * Clone a jail to "[source/]dest" (the source of the original only):
 * a recursive snapshot <jail>@ioc-clone-<YYYYmmddHHMMSS> that the clones
 * keep depending on, every dataset cloned, the config written as
 * config.json with the new id and a new host_hostuuid, fstab paths
 * rewritten.  Any failure removes everything it made.
 */
IOC_EXPORT int ioc_jail_clone(struct ioc_ctx *ctx, const char *selector,
    const char *dest, struct ioc_err *err);

/*
 * Promote every cloned dataset of a stopped jail (children deepest first,
 * then the jail dataset); origins that are release snapshots are left
 * alone.  When one fails the earlier ones are promoted back.
 */
IOC_EXPORT int ioc_jail_promote(
    struct ioc_ctx *ctx, const char *selector, struct ioc_err *err);

/* Receives one snapshot short name (after "@"). */
typedef int (*ioc_snap_fn)(void *arg, const char *name);

/*
 * The snapshots of a jail's top dataset, oldest first, without ioc's own
 * "ioc-*" snapshots.
 */
IOC_EXPORT int ioc_snapshot_list(struct ioc_ctx *ctx, const char *selector,
    ioc_snap_fn fn, void *arg, struct ioc_err *err);

/*
 * Take the recursive snapshot "<jail>@<name>" given as "[source/]jail@name".
 * An identifier without "@" is IOC_EINVAL "Invalid snapshot identifier
 * syntax: <id>(should be <jail>@<snapshot>)"; names starting with "ioc-"
 * are reserved.
 */
IOC_EXPORT int ioc_snapshot_create(
    struct ioc_ctx *ctx, const char *ident, struct ioc_err *err);

/*
 * Roll every dataset of a stopped jail back to its own @name.  Refused
 * when a dataset lacks @name, and (unless force) when newer snapshots
 * exist that the rollback would destroy.
 */
IOC_EXPORT int ioc_snapshot_rollback(
    struct ioc_ctx *ctx, const char *ident, int force, struct ioc_err *err);

/* Destroy the recursive snapshot "<jail>@<name>" of a stopped jail. */
IOC_EXPORT int ioc_snapshot_remove(
    struct ioc_ctx *ctx, const char *ident, struct ioc_err *err);

enum ioc_migrate_status {
	IOC_MIGRATE_DONE,    /* migrated to newname */
	IOC_MIGRATE_SKIPPED, /* not a legacy jail */
	IOC_MIGRATE_FAILED,  /* err says why; the legacy jail is intact */
};

/* Called once per selected jail by ioc_migrate(). */
typedef void (*ioc_migrate_fn)(void *arg, const char *name, const char *newname,
    enum ioc_migrate_status status, const struct ioc_err *err);

/*
 * Migrate the legacy jails (UCL or ZFS-property configs, UUID names with a
 * tag) that the filter terms select (all when n is 0; templates never) to
 * named config.json jails: clone, convert the config, promote, destroy the
 * old jail.  Each jail is rolled back on failure and the next one is
 * tried; returns -1 when any failed (err: the last failure).
 */
IOC_EXPORT int ioc_migrate(struct ioc_ctx *ctx, const char *const *filters,
    size_t n, ioc_migrate_fn fn, void *arg, struct ioc_err *err);

/* == Runtime (start, stop, exec) == */

/*
 * Start a stopped jail: resolver, exec_prestart, the jail with its mounts,
 * exec_created, its network (VNET interfaces), exec_start inside,
 * exec_poststart; a failing step undoes the earlier ones.  overrides are
 * "KEY=VALUE" settings for this start only (validated first, never saved).
 * *jid receives the jail id.
 */
IOC_EXPORT int ioc_jail_start(struct ioc_ctx *ctx, const char *selector,
    const char *const *overrides, size_t noverrides, long *jid,
    struct ioc_err *err);

/*
 * Stop a running jail: exec_prestop, exec_stop inside, SIGTERM to its
 * processes, SIGKILL after stop_timeout, exec_poststop.  force ignores hook
 * failures and a jail that is not running.
 */
IOC_EXPORT int ioc_jail_stop(
    struct ioc_ctx *ctx, const char *selector, int force, struct ioc_err *err);

/*
 * Reports one jail of ioc_jails_startstop(): skipped when it already was
 * as asked (jid of a running jail, else -1); err is NULL on success.
 */
typedef void (*ioc_startstop_fn)(void *arg, const char *name, int skipped,
    long jid, const struct ioc_err *err);

/*
 * Start (start != 0, with the overrides of ioc_jail_start()) or stop
 * every jail that filters select, templates excluded, by priority:
 * ascending to start, descending to stop.  rc is
 * the boot selection (boot=yes to start, the running jails to stop) and
 * takes no filters.  One failure does not stop the others; the call fails
 * when any did.  No jail selected is IOC_ENOENT.
 */
IOC_EXPORT int ioc_jails_startstop(struct ioc_ctx *ctx, int start,
    const char *const *filters, size_t n, const char *const *overrides,
    size_t noverrides, int rc, int force, ioc_startstop_fn fn, void *arg,
    struct ioc_err *err);

/*
 * Restart a jail: by default exec_stop then exec_start inside the running
 * jail (a soft restart); shutdown does a full stop and start, force a
 * forced stop and a start.  *jid receives the jail id.
 */
IOC_EXPORT int ioc_jail_restart(struct ioc_ctx *ctx, const char *selector,
    int shutdown, int force, long *jid, struct ioc_err *err);

/*
 * Run argv in a running jail with the caller's terminal, as user (a name
 * or number of the jail's own /etc/passwd; NULL: root); *status is the
 * command's exit status.
 */
IOC_EXPORT int ioc_jail_exec(struct ioc_ctx *ctx, const char *selector,
    const char *const *argv, const char *user, int *status,
    struct ioc_err *err);

/* == Updates (update) == */

/* What ioc_update() updates. */
struct ioc_update_opts {
	int releases; /* the filters name releases (update -r), not jails */
	const char *const *filters; /* filter terms (spec 7) */
	size_t nfilters;
	/*
	 * The updater program, an absolute path called like freebsd-update
	 * (or like hbsd-update when its name is hbsd-update), on any host;
	 * NULL: $IOC_UPDATER, else the host's hbsd-update or freebsd-update
	 * (FreeBSD hosts only).
	 */
	const char *updater;
};

/*
 * Reports one target of ioc_update() once it was tried: patch is the
 * userland's patch level afterwards, changed tells whether the update
 * changed it (a release got a new root@pN); err is NULL on success.
 */
typedef void (*ioc_update_fn)(void *arg, const char *name, int patch,
    int changed, const struct ioc_err *err);

/*
 * Apply security updates to the stopped standalone jails (templates
 * never) or the releases the filters select, each as a transaction: a
 * snapshot of its root before, the updater with the working directory
 * <dataset>/updates, a rollback to the snapshot on any failure.  A
 * release gets root@p<N> with its read-only clone, N from
 * bin/freebsd-version; a jail's configured release becomes REL-p<N>.
 * Running jails, basejails (updated through their release) and a host
 * without an updater (IOC_ENOTSUP "ioc update needs FreeBSD's
 * freebsd-update; this host runs Linux") are refused before anything
 * changes.  One failure does not stop the others; the call fails when
 * any did (err: that failure when only one target was tried).
 */
IOC_EXPORT int ioc_update(struct ioc_ctx *ctx, const struct ioc_update_opts *o,
    ioc_update_fn fn, void *arg, struct ioc_err *err);

/* == Console, fstab and one-shot exec (console, fstab, exec -f) == */

/*
 * Log in to a running jail (start: start a stopped one first): the first
 * of /usr/bin/login and /bin/login that the jail has runs with the jail's
 * login_flags (default "-f root", split on blanks) on a new pseudo-terminal
 * of the jail's own devpts, in its namespaces and cgroups.  The caller's
 * terminal (stdin/stdout) is put in raw mode and relayed both ways, with
 * its window size, until login exits; *status is login's exit status.
 */
IOC_EXPORT int ioc_jail_console(struct ioc_ctx *ctx, const char *selector,
    int start, int *status, struct ioc_err *err);

/*
 * Run argv in a stopped jail started for it alone ("exec -f"): the start
 * steps up to exec_start (exec_prestart and exec_created run, exec_start
 * and exec_poststart do not), the command with the caller's stdio, as
 * user (NULL: root) of the jail's own passwd, then everything torn down
 * again.  A running jail is refused.  *status is the command's status.
 */
IOC_EXPORT int ioc_jail_exec_fork(struct ioc_ctx *ctx, const char *selector,
    const char *const *argv, const char *user, int *status,
    struct ioc_err *err);

/*
 * A jail's fstab file as stored, as a new string ("" when the jail has
 * none); *len (may be NULL) receives its length.
 */
IOC_EXPORT char *ioc_fstab_show(struct ioc_ctx *ctx, const char *selector,
    size_t *len, struct ioc_err *err);

/* A line for ioc_fstab_add(). */
struct ioc_fstab_line {
	const char *source;	 /* nullfs: an existing absolute host dir */
	const char *destination; /* in the jail; NULL: the source's path */
	const char *type;	 /* NULL: nullfs (a bind mount on Linux) */
	const char *options;	 /* NULL: ro */
	unsigned freq;
	unsigned passno;
	const char *comment; /* NULL: none */
};

/*
 * Add a line to a jail's fstab, under the jail's lock.  The destination is
 * taken relative to the jail root (its host path below the root works
 * too) and must not pass through a symbolic link or ".." ("Insecure path
 * <p> jail escape attempt"); its missing directories are made; the line
 * is stored with the absolute host path and the file written atomically.
 * A running jail gets the mount at once inside its mount namespace.  Any
 * failure leaves the file and the directories as they were.  *dst (may be
 * NULL) receives the stored destination as a new string.
 */
IOC_EXPORT int ioc_fstab_add(struct ioc_ctx *ctx, const char *selector,
    const struct ioc_fstab_line *line, char **dst, struct ioc_err *err);

/*
 * Remove the first fstab line whose source is source ("no matching fstab
 * line found" otherwise), under the jail's lock; a running jail's mount
 * is detached at once, and when that fails the line is put back.  *dst
 * (may be NULL) receives the line's destination as a new string.
 */
IOC_EXPORT int ioc_fstab_remove(struct ioc_ctx *ctx, const char *selector,
    const char *source, char **dst, struct ioc_err *err);

#ifdef __cplusplus
}
#endif

#endif /* IOC_H */
