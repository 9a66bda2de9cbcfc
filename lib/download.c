/*
 * download.c - libcurl transfers with resume, progress and cancellation.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "download.h"
#include "internal.h"

#define DL_USER_AGENT	   "ioc/" IOC_VERSION
#define DL_CONNECT_TIMEOUT 30L
#define DL_LOW_SPEED_TIME  60L	      /* give up after 60 s below ... */
#define DL_LOW_SPEED	   1L	      /* ... 1 byte per second */
#define DL_PROGRESS_NS	   100000000L /* at most 10 progress calls/s */

struct dl_state {
	const struct ioc_ctx *ctx;
	const char *what;
	const volatile sig_atomic_t *cancel;
	int fd;	    /* file download */
	int werrno; /* errno of a failed write */
	char *buf;  /* buffer download */
	size_t len;
	size_t cap;
	size_t max;
	uint64_t offset; /* bytes already in the file */
	uint64_t got;
	uint64_t shown; /* last progress reported */
	struct timespec last;
};

static int
cancelled(const struct dl_state *st)
{
	return (st->cancel != NULL && *st->cancel != 0);
}

static size_t
write_file_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct dl_state *st = arg;
	size_t n = size * nmemb, left = n;

	if (cancelled(st))
		return (0);
	while (left > 0) {
		ssize_t w = write(st->fd, data, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			st->werrno = errno;
			return (0);
		}
		data += w;
		left -= (size_t)w;
	}
	st->got += n;
	return (n);
}

static size_t
write_buf_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct dl_state *st = arg;
	size_t n = size * nmemb;
	char *nb;

	if (cancelled(st) || st->len + n > st->max) {
		st->werrno = EFBIG;
		return (0);
	}
	if (st->len + n + 1 > st->cap) {
		size_t ncap = st->cap == 0 ? 8192 : st->cap;

		while (ncap < st->len + n + 1)
			ncap *= 2;
		if ((nb = realloc(st->buf, ncap)) == NULL) {
			st->werrno = ENOMEM;
			return (0);
		}
		st->buf = nb;
		st->cap = ncap;
	}
	(void)memcpy(st->buf + st->len, data, n);
	st->len += n;
	st->buf[st->len] = '\0';
	return (n);
}

static int
xferinfo_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
    curl_off_t ulnow)
{
	struct dl_state *st = arg;
	struct timespec now;
	long ns;

	(void)ultotal;
	(void)ulnow;
	if (cancelled(st))
		return (1);
	if (st->what == NULL || dlnow <= 0 ||
	    st->offset + (uint64_t)dlnow == st->shown)
		return (0);
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long)(now.tv_sec - st->last.tv_sec) * 1000000000L +
	    (now.tv_nsec - st->last.tv_nsec);
	if (ns < DL_PROGRESS_NS && dlnow != dltotal)
		return (0);
	st->last = now;
	st->shown = st->offset + (uint64_t)dlnow;
	ioc_progress(st->ctx, st->what, st->shown,
	    dltotal > 0 ? st->offset + (uint64_t)dltotal : 0);
	return (0);
}

static CURL *
dl_handle(const char *url, struct dl_state *st, int connect_timeout_s,
    struct ioc_err *err)
{
	CURL *c;
	long cto =
	    connect_timeout_s > 0 ? connect_timeout_s : DL_CONNECT_TIMEOUT;

	if ((c = curl_easy_init()) == NULL) {
		(void)ioc_err_set(
		    err, IOC_ENOMEM, ENOMEM, "cannot initialise libcurl");
		return (NULL);
	}
	if (curl_easy_setopt(c, CURLOPT_URL, url) != CURLE_OK ||
#if LIBCURL_VERSION_NUM >= 0x075500
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,ftp,file") !=
		CURLE_OK ||
	    curl_easy_setopt(
		c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https,ftp") != CURLE_OK ||
#else
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS,
		(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS | CURLPROTO_FTP |
		    CURLPROTO_FILE)) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
		(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS | CURLPROTO_FTP)) !=
		CURLE_OK ||
#endif
	    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_USERAGENT, DL_USER_AGENT) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cto) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, DL_LOW_SPEED) !=
		CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, DL_LOW_SPEED_TIME) !=
		CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, xferinfo_cb) !=
		CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_XFERINFODATA, st) != CURLE_OK) {
		curl_easy_cleanup(c);
		(void)ioc_err_set(
		    err, IOC_EIO, 0, "cannot set up the download of %s", url);
		return (NULL);
	}
	return (c);
}

/* Put the reason of a failed transfer into err. */
static int
dl_error(CURL *c, CURLcode rc, const char *url, const struct dl_state *st,
    struct ioc_err *err)
{
	long code = 0;

	if (cancelled(st))
		return (ioc_err_set(
		    err, IOC_EIO, EINTR, "Download of %s interrupted", url));
	if (rc == CURLE_HTTP_RETURNED_ERROR &&
	    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
	    code > 0)
		return (ioc_err_set(err,
		    code == 404 || code == 410 ? IOC_ENOENT : IOC_EIO, 0,
		    "Failed downloading %s: %ld", url, code));
	if (rc == CURLE_FILE_COULDNT_READ_FILE ||
	    rc == CURLE_REMOTE_FILE_NOT_FOUND)
		return (ioc_err_set(err, IOC_ENOENT, ENOENT,
		    "Failed downloading %s: %s", url, curl_easy_strerror(rc)));
	if (rc == CURLE_WRITE_ERROR && st->werrno != 0)
		return (ioc_err_set(err, ioc_err_from_errno(st->werrno),
		    st->werrno, "Failed downloading %s: %s", url,
		    st->werrno == EFBIG ? "file too large"
					: strerror(st->werrno)));
	return (ioc_err_set(err,
	    rc == CURLE_OPERATION_TIMEDOUT ? IOC_ETIMEDOUT : IOC_EIO, 0,
	    "Failed downloading %s: %s", url, curl_easy_strerror(rc)));
}

/* Download a URL into a new buffer. */
int
dl_fetch_buffer(struct ioc_ctx *ctx, const char *url, size_t max,
    int connect_timeout_s, char **out, size_t *len, struct ioc_err *err)
{
	struct dl_state st;
	CURLcode rc;
	CURL *c;

	(void)memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.fd = -1;
	st.max = max;
	*out = NULL;
	if ((c = dl_handle(url, &st, connect_timeout_s, err)) == NULL)
		return (-1);
	if (curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_buf_cb) !=
		CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, &st) != CURLE_OK) {
		curl_easy_cleanup(c);
		return (ioc_err_set(
		    err, IOC_EIO, 0, "cannot set up the download of %s", url));
	}
	ioc_log(ctx, IOC_LOG_VERBOSE, "Downloading %s", url);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK) {
		(void)dl_error(c, rc, url, &st, err);
		curl_easy_cleanup(c);
		free(st.buf);
		return (-1);
	}
	curl_easy_cleanup(c);
	if (st.buf == NULL && (st.buf = calloc(1, 1)) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	*out = st.buf;
	if (len != NULL)
		*len = st.len;
	return (0);
}

/* One attempt; *restart is set when the server cannot resume. */
static int
dl_attempt(struct ioc_ctx *ctx, struct dl_req *r, const char *part,
    int *restart, struct ioc_err *err)
{
	struct dl_state st;
	struct stat sb;
	CURLcode rc;
	CURL *c = NULL;
	int rv = -1;

	(void)memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.what = r->what;
	st.cancel = r->cancel;
	*restart = 0;
	st.fd = open(
	    part, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (st.fd < 0)
		return (ioc_err_sys(err, 0, "open '%s'", part));
	if (fstat(st.fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		(void)ioc_err_sys(err, 0, "'%s' is not a regular file", part);
		goto out;
	}
	st.offset = (uint64_t)sb.st_size;
	r->resumed_from = st.offset;
	if ((c = dl_handle(r->url, &st, r->connect_timeout_s, err)) == NULL)
		goto out;
	if (curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_file_cb) !=
		CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, &st) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE,
		(curl_off_t)st.offset) != CURLE_OK) {
		(void)ioc_err_set(err, IOC_EIO, 0,
		    "cannot set up the download of %s", r->url);
		goto out;
	}
	if (st.offset > 0)
		ioc_log(ctx, IOC_LOG_INFO, "Resuming %s at byte %llu", r->url,
		    (unsigned long long)st.offset);
	else
		ioc_log(ctx, IOC_LOG_VERBOSE, "Downloading %s", r->url);
	rc = curl_easy_perform(c);
	r->received += st.got;
	if (rc != CURLE_OK) {
		long code = 0;

		(void)curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (st.offset > 0 && !cancelled(&st) &&
		    (rc == CURLE_RANGE_ERROR ||
			rc == CURLE_BAD_DOWNLOAD_RESUME ||
			(rc == CURLE_HTTP_RETURNED_ERROR && code == 416)))
			*restart = 1;
		(void)dl_error(c, rc, r->url, &st, err);
		goto out;
	}
	if (fsync(st.fd) != 0) {
		(void)ioc_err_sys(err, 0, "write '%s'", part);
		goto out;
	}
	if (close(st.fd) != 0) {
		st.fd = -1;
		(void)ioc_err_sys(err, 0, "write '%s'", part);
		goto out;
	}
	st.fd = -1;
	if (rename(part, r->path) != 0) {
		(void)ioc_err_sys(err, 0, "rename '%s'", part);
		goto out;
	}
	if (st.shown != st.offset + st.got)
		ioc_progress(
		    ctx, r->what, st.offset + st.got, st.offset + st.got);
	rv = 0;
out:
	if (c != NULL)
		curl_easy_cleanup(c);
	if (st.fd >= 0)
		(void)close(st.fd);
	return (rv);
}

/* Download a URL to a file, resuming a partial one. */
int
dl_fetch_file(struct ioc_ctx *ctx, struct dl_req *r, struct ioc_err *err)
{
	char part[PATH_MAX];
	int restart, tries;

	r->resumed_from = 0;
	r->received = 0;
	if (snprintf(part, sizeof(part), "%s%s", r->path, DL_PART_SUFFIX) >=
	    (int)sizeof(part))
		return (ioc_err_set(
		    err, IOC_EINVAL, ENAMETOOLONG, "path too long"));
	for (tries = 0; tries < 2; tries++) {
		if (dl_attempt(ctx, r, part, &restart, err) == 0)
			return (0);
		if (!restart)
			return (-1);
		ioc_log(ctx, IOC_LOG_WARN,
		    "%s cannot be resumed, downloading it again", r->url);
		if (unlink(part) != 0 && errno != ENOENT)
			return (ioc_err_sys(err, 0, "remove '%s'", part));
	}
	return (-1);
}
