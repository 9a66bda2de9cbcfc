/*
 * log.c - leveled logging into the sink the caller installed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static const char *const levelnames[] = {
    "critical",
    "error",
    "warn",
    "info",
    "notice",
    "verbose",
    "debug",
    "spam",
    "screen",
};

#define NLEVELS (sizeof(levelnames) / sizeof(levelnames[0]))

/* Parse a log level name; returns 0 and sets *level, or -1. */
int
ioc_loglevel_parse(const char *name, enum ioc_loglevel *level)
{
	size_t i;

	for (i = 0; i < NLEVELS; i++) {
		if (strcmp(name, levelnames[i]) == 0) {
			*level = (enum ioc_loglevel)i;
			return (0);
		}
	}
	return (-1);
}

/* Name of a log level. */
const char *
ioc_loglevel_name(enum ioc_loglevel level)
{
	if ((size_t)level >= NLEVELS)
		return ("?");
	return (levelnames[level]);
}

/* Comma-separated list of every level name. */
const char *
ioc_loglevel_names(void)
{
	return ("critical, error, warn, info, notice, verbose, debug, spam, "
		"screen");
}

/* True when records of this level reach the sink. */
int
ioc_log_enabled(const struct ioc_ctx *ctx, enum ioc_loglevel level)
{
	if (ctx == NULL || ctx->log_fn == NULL)
		return (0);
	if (level == IOC_LOG_SCREEN)
		return (1);
	if (ctx->loglevel == IOC_LOG_SCREEN)
		return (0);
	return (level <= ctx->loglevel);
}

/* Emit a log record when level passes the context's threshold. */
void
ioc_log(
    const struct ioc_ctx *ctx, enum ioc_loglevel level, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	if (!ioc_log_enabled(ctx, level))
		return;
	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ctx->log_fn(ctx->log_arg, level, buf);
}

/* Report progress through the context's callback, if any. */
void
ioc_progress(
    const struct ioc_ctx *ctx, const char *what, uint64_t done, uint64_t total)
{
	if (ctx != NULL && ctx->progress_fn != NULL)
		ctx->progress_fn(ctx->progress_arg, what, done, total);
}
