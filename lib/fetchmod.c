/*
 * fetchmod.c - the entry points of libioc_fetch.so, the module that
 * modload.c loads on demand: they run the pipeline of fetch.c and mirror.c
 * linked into the module (with -Bsymbolic, so they never call back into
 * libioc's trampolines of the same name).
 */
#include "internal.h"

IOC_EXPORT int iocmod_release_fetch(struct ioc_ctx *ctx,
    const struct ioc_fetch_opts *opts, struct ioc_err *err);
IOC_EXPORT int iocmod_remote_list(struct ioc_ctx *ctx,
    const struct ioc_remote_opts *opts, ioc_remote_fn fn, void *arg,
    struct ioc_err *err);

/* Fetch a release. */
int
iocmod_release_fetch(
    struct ioc_ctx *ctx, const struct ioc_fetch_opts *opts, struct ioc_err *err)
{
	return (ioc_release_fetch(ctx, opts, err));
}

/* List a mirror's releases. */
int
iocmod_remote_list(struct ioc_ctx *ctx, const struct ioc_remote_opts *opts,
    ioc_remote_fn fn, void *arg, struct ioc_err *err)
{
	return (ioc_release_remote_list(ctx, opts, fn, arg, err));
}
