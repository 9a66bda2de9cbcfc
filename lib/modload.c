/*
 * modload.c - the fetch pipeline lives in a module of its own,
 * libioc_fetch.so, loaded the first time it is needed: libcurl and
 * libarchive (and the ~40 libraries they pull in) then cost nothing to the
 * commands that never download or unpack, which is almost all of them --
 * loading them took 4.5 ms of every ioc run.  Built into the shared
 * libioc only (IOC_FETCH_MODULE); the static library and the FreeBSD
 * cross-build carry the pipeline itself.
 */
#ifdef IOC_FETCH_MODULE

#define _GNU_SOURCE 1 /* dladdr() in glibc */

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define MODULE_NAME "libioc_fetch.so"

typedef int (*fetch_fn)(
    struct ioc_ctx *, const struct ioc_fetch_opts *, struct ioc_err *);
typedef int (*remote_fn)(struct ioc_ctx *, const struct ioc_remote_opts *,
    ioc_remote_fn, void *, struct ioc_err *);

/* The module beside the loaded libioc, else in the install directory. */
static void *
module_symbol(const char *sym, struct ioc_err *err)
{
	const char *(*self)(void) = ioc_version;
	char path[PATH_MAX], *slash;
	Dl_info info;
	void *h = NULL, *fn, *addr;

	/* POSIX converts function and data pointers through memcpy. */
	(void)memcpy(&addr, &self, sizeof(addr));
	if (dladdr(addr, &info) != 0 && info.dli_fname != NULL &&
	    snprintf(path, sizeof(path), "%s", info.dli_fname) <
		(int)sizeof(path) &&
	    (slash = strrchr(path, '/')) != NULL) {
		slash[1] = '\0';
		if (strlen(path) + sizeof(MODULE_NAME) <= sizeof(path)) {
			(void)strcat(path, MODULE_NAME);
			h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		}
	}
	if (h == NULL)
		h = dlopen(
		    IOC_MODULE_DIR "/" MODULE_NAME, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		(void)ioc_err_set(err, IOC_ENOTSUP, 0,
		    "cannot load " MODULE_NAME ": %s", dlerror());
		return (NULL);
	}
	/* The module stays loaded for the life of the process. */
	if ((fn = dlsym(h, sym)) == NULL)
		(void)ioc_err_set(
		    err, IOC_ENOTSUP, 0, MODULE_NAME " has no %s", sym);
	return (fn);
}

/* Fetch a release (ioc.h); the work is done in the module. */
int
ioc_release_fetch(
    struct ioc_ctx *ctx, const struct ioc_fetch_opts *opts, struct ioc_err *err)
{
	void *sym = module_symbol("iocmod_release_fetch", err);
	fetch_fn fn;

	if (sym == NULL)
		return (-1);
	(void)memcpy(&fn, &sym, sizeof(fn));
	return (fn(ctx, opts, err));
}

/* List a mirror's releases (ioc.h); the work is done in the module. */
int
ioc_release_remote_list(struct ioc_ctx *ctx, const struct ioc_remote_opts *opts,
    ioc_remote_fn cb, void *arg, struct ioc_err *err)
{
	void *sym = module_symbol("iocmod_remote_list", err);
	remote_fn fn;

	if (sym == NULL)
		return (-1);
	(void)memcpy(&fn, &sym, sizeof(fn));
	return (fn(ctx, opts, cb, arg, err));
}

#endif /* IOC_FETCH_MODULE */
