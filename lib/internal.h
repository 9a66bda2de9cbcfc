/*
 * internal.h - the context, error and logging helpers shared by every
 * module of libioc.  Not installed.
 */
#ifndef IOC_INTERNAL_H
#define IOC_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "ioc.h"
#include "source.h"

#define IOC_PATH_ENV	   "PATH=/sbin:/bin:/usr/sbin:/usr/bin"
#define IOC_RUNDIR_DEFAULT "/run/ioc"
#define IOC_MAX_SOURCES	   64

struct ioc_source {
	char *name;    /* "ioc", "main", ... */
	char *dataset; /* root dataset, "pool/iocage" */
};

/* A cached absolute program path. */
struct cfgstore;

struct ioc_prog {
	char *name;
	char *path;
};

struct ioc_ctx {
	enum ioc_loglevel loglevel;
	ioc_log_fn log_fn;
	void *log_arg;
	ioc_progress_fn progress_fn;
	void *progress_arg;
	char *rundir;
	struct ioc_source sources[IOC_MAX_SOURCES];
	size_t nsources; /* explicit sources (--source) */
	struct ioc_prog progs[16];
	size_t nprogs;
	char *rcconf;		   /* rc.conf path (IOC_RC_CONF overrides) */
	struct srclist srcs;	   /* resolved sources, cached */
	struct cfgstore *defaults; /* host defaults, loaded once */
};

/* Fill err with a formatted message; always returns -1. */
int ioc_err_set(struct ioc_err *err, int code, int sys, const char *fmt, ...)
    IOC_PRINTF(4, 5);

/* Like ioc_err_set() with errno as sys and ": strerror" appended. */
int ioc_err_sys(struct ioc_err *err, int code, const char *fmt, ...)
    IOC_PRINTF(3, 4);

/* Put "context: " in front of the message already in err; returns -1. */
int ioc_err_wrap(struct ioc_err *err, const char *fmt, ...) IOC_PRINTF(2, 3);

/* Map an errno value to an ioc error code. */
int ioc_err_from_errno(int sys);

/* Emit a log record when level passes the context's threshold. */
void ioc_log(const struct ioc_ctx *ctx, enum ioc_loglevel level,
    const char *fmt, ...) IOC_PRINTF(3, 4);

/* True when records of this level reach the sink. */
int ioc_log_enabled(const struct ioc_ctx *ctx, enum ioc_loglevel level);

/* Report progress through the context's callback, if any. */
void ioc_progress(
    const struct ioc_ctx *ctx, const char *what, uint64_t done, uint64_t total);

/* strdup() that reports IOC_ENOMEM. */
char *ioc_strdup(const char *s, struct ioc_err *err);

/* asprintf() that reports IOC_ENOMEM; returns NULL on failure. */
char *ioc_aprintf(struct ioc_err *err, const char *fmt, ...) IOC_PRINTF(2, 3);

#endif /* IOC_INTERNAL_H */
