/*
 * test_download.c - libcurl downloads through file:// URLs (no network):
 * into memory (missing files are IOC_ENOENT, a size limit holds), into a
 * file through <file>.part, resuming a partial .part from where it ends,
 * starting over when the .part is longer than the source, progress up to
 * the full size, and cancellation that keeps the .part.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "download.h"
#include "internal.h"
#include "testutil.h"

#define SRC_SIZE ((size_t)300 * 1000)

struct fx {
	char dir[PATH_MAX];
	char src[PATH_MAX];
	char url[PATH_MAX + 16];
	char dst[PATH_MAX];
	char part[PATH_MAX];
	char *data;
	struct ioc_ctx *ctx;
	uint64_t last_done;
	uint64_t last_total;
};

static void
progress(void *arg, const char *what, uint64_t done, uint64_t total)
{
	struct fx *f = arg;

	assert_string_equal(what, "src.bin");
	assert_true(done >= f->last_done);
	f->last_done = done;
	f->last_total = total;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ioc_err err;
	size_t i;

	assert_non_null(f);
	assert_int_equal(tu_mkdtemp("download", f->dir, sizeof(f->dir)), 0);
	tu_path(f->src, sizeof(f->src), "%s/src.bin", f->dir);
	(void)snprintf(f->url, sizeof(f->url), "file://%s", f->src);
	tu_path(f->dst, sizeof(f->dst), "%s/dst.bin", f->dir);
	tu_path(f->part, sizeof(f->part), "%s/dst.bin.part", f->dir);
	assert_non_null(f->data = malloc(SRC_SIZE));
	for (i = 0; i < SRC_SIZE; i++)
		f->data[i] = (char)((i * 7919) >> 3);
	assert_int_equal(tu_write_file(f->src, f->data, SRC_SIZE), 0);
	assert_non_null(f->ctx = ioc_ctx_new(&err));
	ioc_ctx_set_progress(f->ctx, progress, f);
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	ioc_ctx_free(f->ctx);
	(void)tu_rm_rf(f->dir);
	free(f->data);
	free(f);
	return (0);
}

/* The destination holds exactly the source. */
static void
expect_copy(struct fx *f)
{
	static char buf[SRC_SIZE + 16];

	assert_int_equal(tu_read_file(f->dst, buf, sizeof(buf)), SRC_SIZE);
	assert_memory_equal(buf, f->data, SRC_SIZE);
	assert_false(tu_exists(f->part));
}

static void
req_init(struct fx *f, struct dl_req *r)
{
	memset(r, 0, sizeof(*r));
	r->url = f->url;
	r->path = f->dst;
	r->what = "src.bin";
}

static void
test_buffer(void **state)
{
	struct fx *f = *state;
	struct ioc_err err;
	char *buf, url[PATH_MAX + 32];
	size_t len;

	assert_int_equal(
	    dl_fetch_buffer(f->ctx, f->url, SRC_SIZE, 0, &buf, &len, &err), 0);
	assert_int_equal(len, SRC_SIZE);
	assert_memory_equal(buf, f->data, SRC_SIZE);
	assert_int_equal(buf[len], '\0');
	free(buf);
	/* Larger than allowed. */
	assert_int_equal(
	    dl_fetch_buffer(f->ctx, f->url, SRC_SIZE - 1, 0, &buf, &len, &err),
	    -1);
	assert_null(buf);
	assert_non_null(strstr(err.msg, "Failed downloading"));
	/* Missing: ENOENT, so a caller can try another name. */
	(void)snprintf(url, sizeof(url), "file://%s/MANIFEST", f->dir);
	assert_int_equal(
	    dl_fetch_buffer(f->ctx, url, SRC_SIZE, 0, &buf, &len, &err), -1);
	assert_int_equal(err.code, IOC_ENOENT);
	assert_non_null(strstr(err.msg, url));
}

static void
test_file(void **state)
{
	struct fx *f = *state;
	struct dl_req r;
	struct ioc_err err;

	req_init(f, &r);
	if (dl_fetch_file(f->ctx, &r, &err) != 0)
		fail_msg("%s", err.msg);
	expect_copy(f);
	assert_int_equal(r.resumed_from, 0);
	assert_int_equal(r.received, SRC_SIZE);
	assert_int_equal(f->last_done, SRC_SIZE);
	assert_int_equal(f->last_total, SRC_SIZE);
}

/* A .part with the first bytes: only the rest is read. */
static void
test_resume(void **state)
{
	struct fx *f = *state;
	struct dl_req r;
	struct ioc_err err;

	assert_int_equal(tu_write_file(f->part, f->data, 100000), 0);
	req_init(f, &r);
	if (dl_fetch_file(f->ctx, &r, &err) != 0)
		fail_msg("%s", err.msg);
	expect_copy(f);
	assert_int_equal(r.resumed_from, 100000);
	assert_int_equal(r.received, SRC_SIZE - 100000);
	assert_int_equal(f->last_done, SRC_SIZE);
}

/* A .part longer than the source cannot be resumed: start over. */
static void
test_part_too_long(void **state)
{
	struct fx *f = *state;
	struct dl_req r;
	struct ioc_err err;
	char *big;

	assert_non_null(big = calloc(1, SRC_SIZE + 10));
	assert_int_equal(tu_write_file(f->part, big, SRC_SIZE + 10), 0);
	free(big);
	req_init(f, &r);
	if (dl_fetch_file(f->ctx, &r, &err) != 0)
		fail_msg("%s", err.msg);
	expect_copy(f);
	assert_int_equal(r.resumed_from, 0);
}

static void
test_cancel(void **state)
{
	static volatile sig_atomic_t stop = 1;
	struct fx *f = *state;
	struct dl_req r;
	struct ioc_err err;

	assert_int_equal(tu_write_file(f->part, f->data, 1000), 0);
	req_init(f, &r);
	r.cancel = &stop;
	assert_int_equal(dl_fetch_file(f->ctx, &r, &err), -1);
	assert_int_equal(err.sys, EINTR);
	assert_non_null(strstr(err.msg, "interrupted"));
	/* The partial file stays for the next attempt. */
	assert_true(tu_exists(f->part));
	assert_false(tu_exists(f->dst));
}

static void
test_missing(void **state)
{
	struct fx *f = *state;
	struct dl_req r;
	struct ioc_err err;

	assert_int_equal(unlink(f->src), 0);
	req_init(f, &r);
	assert_int_equal(dl_fetch_file(f->ctx, &r, &err), -1);
	assert_int_equal(err.code, IOC_ENOENT);
	assert_false(tu_exists(f->dst));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_buffer, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_part_too_long, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
