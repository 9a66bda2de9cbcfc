/*
 * download.h - downloads through libcurl (http, https, ftp, file): small
 * files into memory, release assets into a file with resume.
 */
#ifndef IOC_DOWNLOAD_H
#define IOC_DOWNLOAD_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "ioc.h"

#define DL_PART_SUFFIX ".part"

/* One file download. */
struct dl_req {
	const char *url;
	const char *path; /* final file; data goes to <path>.part first */
	const char *what; /* progress label, e.g. "base.txz" */
	const volatile sig_atomic_t *cancel; /* aborts when non-zero */
	int connect_timeout_s;		     /* 0: 30 seconds */
	uint64_t resumed_from;		     /* out: bytes already there */
	uint64_t received;		     /* out: bytes received now */
};

/*
 * Download a URL into a new buffer of at most max bytes (NUL-terminated;
 * the caller frees *out).  A missing file (HTTP 404 or 410, a missing
 * file:// path) is IOC_ENOENT; other failures are IOC_EIO "Failed
 * downloading <url>: <code or reason>".
 */
int dl_fetch_buffer(struct ioc_ctx *ctx, const char *url, size_t max,
    int connect_timeout_s, char **out, size_t *len, struct ioc_err *err);

/*
 * Download r->url to r->path through <path>.part: an existing .part is
 * resumed with a range request (started over when the server cannot
 * resume); on success the .part is renamed to path.  On failure or
 * cancellation the .part stays for the next attempt.  Cancellation is
 * IOC_EIO with sys EINTR.  Progress goes to ioc_progress(what, bytes,
 * total).
 */
int dl_fetch_file(struct ioc_ctx *ctx, struct dl_req *r, struct ioc_err *err);

#endif /* IOC_DOWNLOAD_H */
