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

/* == Releases (fetch -b, list -r, destroy -r) == */

/* == Listing (list) == */

/* == Creating and destroying jails (create, destroy) == */

/* == Changing jails (rename, clone, promote, snapshot, migrate) == */

#ifdef __cplusplus
}
#endif

#endif /* IOC_H */
