/*
 * ctx.c - the library context: log sink, progress, runtime directory and
 * explicit sources.  libioc keeps no global state.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cfgstore.h"
#include "internal.h"
#include "names.h"

/* Version string of the library. */
const char *
ioc_version(void)
{
	return (IOC_VERSION);
}

/* New context with default settings. */
struct ioc_ctx *
ioc_ctx_new(struct ioc_err *err)
{
	struct ioc_ctx *ctx;
	const char *rundir = getenv("IOC_RUNDIR");
	const char *rcconf = getenv("IOC_RC_CONF");

	if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	ctx->loglevel = IOC_LOG_INFO;
	if (ioc_ctx_set_rundir(ctx,
		rundir != NULL && rundir[0] == '/' ? rundir
						   : IOC_RUNDIR_DEFAULT,
		err) != 0) {
		ioc_ctx_free(ctx);
		return (NULL);
	}
	if ((ctx->rcconf = ioc_strdup(rcconf != NULL && rcconf[0] == '/'
		     ? rcconf
		     : SRC_RCCONF_DEFAULT,
		 err)) == NULL) {
		ioc_ctx_free(ctx);
		return (NULL);
	}
	return (ctx);
}

/* Release a context and everything it owns. */
void
ioc_ctx_free(struct ioc_ctx *ctx)
{
	size_t i;

	if (ctx == NULL)
		return;
	for (i = 0; i < ctx->nsources; i++) {
		free(ctx->sources[i].name);
		free(ctx->sources[i].dataset);
	}
	for (i = 0; i < ctx->nprogs; i++) {
		free(ctx->progs[i].name);
		free(ctx->progs[i].path);
	}
	free(ctx->rundir);
	free(ctx->rcconf);
	src_list_free(&ctx->srcs);
	if (ctx->defaults != NULL) {
		cfgstore_free(ctx->defaults);
		free(ctx->defaults);
	}
	free(ctx);
}

/* Install the log sink and its threshold. */
void
ioc_ctx_set_log(
    struct ioc_ctx *ctx, enum ioc_loglevel level, ioc_log_fn fn, void *arg)
{
	ctx->loglevel = level;
	ctx->log_fn = fn;
	ctx->log_arg = arg;
}

/* Current log threshold. */
enum ioc_loglevel
ioc_ctx_log_level(const struct ioc_ctx *ctx)
{
	return (ctx->loglevel);
}

/* Install the progress callback. */
void
ioc_ctx_set_progress(struct ioc_ctx *ctx, ioc_progress_fn fn, void *arg)
{
	ctx->progress_fn = fn;
	ctx->progress_arg = arg;
}

/* Set the runtime state directory (absolute path). */
int
ioc_ctx_set_rundir(struct ioc_ctx *ctx, const char *path, struct ioc_err *err)
{
	char *p;

	if (path == NULL || path[0] != '/')
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "runtime directory must be an absolute path: '%s'",
		    path != NULL ? path : ""));
	if ((p = ioc_strdup(path, err)) == NULL)
		return (-1);
	free(ctx->rundir);
	ctx->rundir = p;
	return (0);
}

/* Borrowed: the runtime state directory. */
const char *
ioc_ctx_rundir(const struct ioc_ctx *ctx)
{
	return (ctx->rundir);
}

/* Add an explicit source (root dataset). */
int
ioc_ctx_add_source(struct ioc_ctx *ctx, const char *name, const char *dataset,
    struct ioc_err *err)
{
	struct ioc_source *src;
	size_t i;

	if (ioc_source_name_check(name, err) != 0)
		return (-1);
	if (!names_dataset_ok(dataset) || strchr(dataset, '@') != NULL)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid dataset name for source '%s': '%s'", name,
		    dataset));
	for (i = 0; i < ctx->nsources; i++)
		if (strcmp(ctx->sources[i].name, name) == 0)
			return (ioc_err_set(err, IOC_EEXIST, 0,
			    "source '%s' is given twice", name));
	if (ctx->nsources == IOC_MAX_SOURCES)
		return (ioc_err_set(err, IOC_EINVAL, 0, "too many sources"));
	src = &ctx->sources[ctx->nsources];
	if ((src->name = ioc_strdup(name, err)) == NULL)
		return (-1);
	if ((src->dataset = ioc_strdup(dataset, err)) == NULL) {
		free(src->name);
		return (-1);
	}
	ctx->nsources++;
	return (0);
}
