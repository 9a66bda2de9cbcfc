/*
 * test_exec.c - the exec layer: argv-only runs with a fixed PATH and a
 * clean environment, captured stdout, the stderr tail in errors, input,
 * timeouts, descriptor hygiene and spam-level logging.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "exec.h"
#include "internal.h"
#include "testutil.h"

#define ALARM_S 60

struct logbuf {
	char *text; /* every record, one per line */
	size_t len;
	size_t cap;
};

struct fx {
	struct ioc_ctx *ctx;
	struct logbuf log;
	char tmp[PATH_MAX];
	char *path; /* the caller's PATH, restored in teardown */
	int fds;
};

static void
log_sink(void *arg, enum ioc_loglevel level, const char *msg)
{
	struct logbuf *lb = arg;
	size_t n = strlen(msg);

	(void)level;
	if (lb->len + n + 2 > lb->cap) {
		lb->cap = (lb->len + n + 2) * 2;
		if ((lb->text = realloc(lb->text, lb->cap)) == NULL)
			abort();
	}
	(void)memcpy(lb->text + lb->len, msg, n);
	lb->len += n;
	lb->text[lb->len++] = '\n';
	lb->text[lb->len] = '\0';
}

static int
setup(void **state)
{
	struct ioc_err err;
	struct fx *fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return (-1);
	*state = fx;
	fx->fds = tu_fd_count();
	if (getenv("PATH") != NULL &&
	    (fx->path = strdup(getenv("PATH"))) == NULL)
		return (-1);
	if ((fx->ctx = ioc_ctx_new(&err)) == NULL)
		return (-1);
	if (tu_mkdtemp("exec", fx->tmp, sizeof(fx->tmp)) != 0)
		return (-1);
	(void)alarm(ALARM_S);
	return (0);
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	int rv = 0;

	(void)alarm(0);
	(void)unsetenv("IOC_TEST_MARKER");
	if (fx->path != NULL)
		(void)setenv("PATH", fx->path, 1);
	free(fx->path);
	ioc_ctx_free(fx->ctx);
	free(fx->log.text);
	if (fx->tmp[0] != '\0')
		rv = tu_rm_rf(fx->tmp);
	free(fx);
	return (rv);
}

/* Run argv with default options; returns exec_run()'s result. */
static int
run(struct fx *fx, const char *const *argv, struct exec_result *res,
    struct ioc_err *err)
{
	struct exec_opts o;

	exec_opts_init(&o, argv);
	return (exec_run(fx->ctx, &o, res, err));
}

static long long
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void
test_echo(void **state)
{
	static const char *const argv[] = {"/bin/echo", "hello", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct ioc_err err = {.code = -7};

	assert_int_equal(run(fx, argv, &res, &err), 0);
	assert_int_equal(err.code, -7);
	assert_int_equal(res.status, 0);
	assert_int_equal(res.outlen, 6);
	assert_string_equal(res.out, "hello\n");
	assert_string_equal(res.errtail, "");
	exec_result_free(&res);
	assert_null(res.out);
	exec_result_free(&res); /* twice is fine */
	exec_result_free(NULL);
}

/* No output at all still gives an empty string, not NULL. */
static void
test_empty_output(void **state)
{
	static const char *const argv[] = {"true", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct ioc_err err;

	assert_int_equal(run(fx, argv, &res, &err), 0);
	assert_non_null(res.out);
	assert_string_equal(res.out, "");
	assert_int_equal(res.outlen, 0);
	exec_result_free(&res);
}

static void
test_false(void **state)
{
	static const char *const argv[] = {"false", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct ioc_err err = {0};

	assert_int_equal(run(fx, argv, &res, &err), -1);
	assert_int_equal(err.code, IOC_EEXEC);
	assert_int_equal(res.status, 1);
	/* No stderr: the message says which program and the status. */
	assert_non_null(strstr(err.msg, "false"));
	assert_non_null(strstr(err.msg, "1"));
	exec_result_free(&res);
}

static void
test_not_found(void **state)
{
	static const char *const names[] = {"ioc-no-such-program",
	    "/nonexistent/bin/prog", "bin/echo", "./echo", "/tmp"};
	struct fx *fx = *state;
	struct exec_result res;
	struct ioc_err err;
	const char *argv[2] = {NULL, NULL};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		(void)memset(&err, 0, sizeof(err));
		argv[0] = names[i];
		if (run(fx, argv, &res, &err) != -1)
			fail_msg("'%s' ran", names[i]);
		assert_int_equal(err.code, IOC_ENOENT);
		assert_non_null(strstr(err.msg, names[i]));
		/* The program never ran. */
		assert_int_equal(res.status, -1);
		assert_null(res.out);
		exec_result_free(&res);
	}
	/* An empty argv is a caller error. */
	argv[0] = NULL;
	(void)memset(&err, 0, sizeof(err));
	assert_int_equal(run(fx, argv, &res, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
}

/*
 * A bare name is looked up in the fixed PATH, whatever the caller's PATH
 * says, and the child gets only PATH and LC_ALL (plus explicit entries).
 */
static void
test_clean_env(void **state)
{
	static const char *const argv[] = {"env", NULL};
	static const char *const extra[] = {
	    "IOC_JAIL_NAME=web", "IOC_NOTE=a b=c", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct exec_opts o;
	struct ioc_err err;
	const char *path;

	/* The teardown restores PATH and removes the marker. */
	assert_int_equal(setenv("IOC_TEST_MARKER", "leaked", 1), 0);
	assert_int_equal(setenv("PATH", "/nonexistent", 1), 0);
	path = exec_which(fx->ctx, "env", &err);
	assert_non_null(path);
	assert_true(strcmp(path, "/sbin/env") == 0 ||
	    strcmp(path, "/bin/env") == 0 ||
	    strcmp(path, "/usr/sbin/env") == 0 ||
	    strcmp(path, "/usr/bin/env") == 0);
	/* Cached: the same pointer the second time. */
	assert_ptr_equal(exec_which(fx->ctx, "env", &err), path);

	assert_int_equal(run(fx, argv, &res, &err), 0);
	assert_string_equal(
	    res.out, "PATH=/sbin:/bin:/usr/sbin:/usr/bin\nLC_ALL=C\n");
	exec_result_free(&res);

	exec_opts_init(&o, argv);
	o.env = extra;
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), 0);
	assert_string_equal(res.out,
	    "PATH=/sbin:/bin:/usr/sbin:/usr/bin\nLC_ALL=C\n"
	    "IOC_JAIL_NAME=web\nIOC_NOTE=a b=c\n");
	exec_result_free(&res);

	/* EXEC_ENV_REPLACE: exactly the given entries. */
	o.flags = EXEC_ENV_REPLACE;
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), 0);
	assert_string_equal(res.out, "IOC_JAIL_NAME=web\nIOC_NOTE=a b=c\n");
	exec_result_free(&res);
}

static void
test_stderr_last_line(void **state)
{
	static const char *const argv[] = {
	    "sh", "-c", "echo out; echo one >&2; echo two >&2; exit 3", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct ioc_err err = {0};

	assert_int_equal(run(fx, argv, &res, &err), -1);
	assert_int_equal(err.code, IOC_EEXEC);
	assert_int_equal(res.status, 3);
	assert_string_equal(err.msg, "two");
	assert_string_equal(res.errtail, "one\ntwo\n");
	/* stdout is still there for the caller. */
	assert_string_equal(res.out, "out\n");
	exec_result_free(&res);
}

/* More stderr than EXEC_ERRTAIL: the end is kept, not the start. */
static void
test_stderr_tail_keeps_end(void **state)
{
	static const char *const argv[] = {"sh", "-c",
	    "i=0; while [ $i -lt 400 ]; do echo \"line $i\" >&2; "
	    "i=$((i+1)); done; printf 'final words\\n\\n' >&2; exit 2",
	    NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct ioc_err err = {0};
	size_t len;

	assert_int_equal(run(fx, argv, &res, &err), -1);
	assert_int_equal(res.status, 2);
	len = strlen(res.errtail);
	assert_int_equal(len, EXEC_ERRTAIL - 1);
	assert_null(strstr(res.errtail, "line 0\n"));
	assert_non_null(strstr(res.errtail, "line 399\nfinal words\n\n"));
	assert_string_equal(res.errtail + len - 14, "\nfinal words\n\n");
	/* The message is the last non-empty line. */
	assert_string_equal(err.msg, "final words");
	exec_result_free(&res);
}

static void
test_large_stdout(void **state)
{
	static const char *const argv[] = {
	    "head", "-c", "5000000", "/dev/zero", NULL};
	static const char *const argv2[] = {"seq", "1", "200000", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct ioc_err err;
	size_t i;
	char *p;

	assert_int_equal(run(fx, argv, &res, &err), 0);
	assert_int_equal(res.outlen, 5000000);
	for (i = 0; i < res.outlen; i++)
		if (res.out[i] != '\0')
			fail_msg("byte %zu is %d", i, res.out[i]);
	assert_int_equal(res.out[res.outlen], '\0');
	exec_result_free(&res);

	/* Text in order, nothing lost between reads. */
	assert_int_equal(run(fx, argv2, &res, &err), 0);
	p = res.out;
	for (i = 1; i <= 200000; i++) {
		char *end;

		if (strtoul(p, &end, 10) != i || *end != '\n')
			fail_msg("line %zu is wrong", i);
		p = end + 1;
	}
	assert_int_equal(*p, '\0');
	exec_result_free(&res);
}

static void
test_stdin_input(void **state)
{
	static const char *const argv[] = {"cat", NULL};
	enum { N = 1 << 20 };
	struct fx *fx = *state;
	struct exec_result res;
	struct exec_opts o;
	struct ioc_err err;
	char *in;
	size_t i;

	assert_non_null(in = malloc(N));
	for (i = 0; i < N; i++)
		in[i] = (char)('a' + i % 26);
	exec_opts_init(&o, argv);
	o.input = in;
	o.inputlen = N;
	o.timeout_ms = 20000;
	if (exec_run(fx->ctx, &o, &res, &err) != 0)
		fail_msg("cat: %s", err.msg);
	assert_int_equal(res.outlen, N);
	assert_memory_equal(res.out, in, N);
	exec_result_free(&res);

	/* Empty input: the child sees end of file at once. */
	o.input = "";
	o.inputlen = 0;
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), 0);
	assert_int_equal(res.outlen, 0);
	exec_result_free(&res);
	free(in);
}

/* Without input the child's stdin is /dev/null, never the caller's. */
static void
test_stdin_default(void **state)
{
	static const char *const argv[] = {"cat", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct exec_opts o;
	struct ioc_err err;
	char path[PATH_MAX + 8];
	int p[2], saved, fd;

	/* A stdin that would block forever if the child inherited it. */
	assert_int_equal(pipe(p), 0);
	assert_true((saved = dup(0)) >= 0);
	assert_int_equal(dup2(p[0], 0), 0);
	exec_opts_init(&o, argv);
	o.timeout_ms = 5000;
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), 0);
	assert_int_equal(res.outlen, 0);
	exec_result_free(&res);
	assert_int_equal(dup2(saved, 0), 0);
	(void)close(saved);
	(void)close(p[0]);
	(void)close(p[1]);

	/* stdin_fd: the child reads that descriptor. */
	(void)snprintf(path, sizeof(path), "%s/in", fx->tmp);
	assert_int_equal(tu_write_file(path, "from a file\n", 12), 0);
	assert_true((fd = open(path, O_RDONLY)) >= 0);
	o.stdin_fd = fd;
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), 0);
	assert_string_equal(res.out, "from a file\n");
	exec_result_free(&res);
	(void)close(fd);
}

/* A child that exits without reading its input must not kill us. */
static void
test_no_sigpipe(void **state)
{
	static const char *const argv[] = {"true", NULL};
	static const char *const argv2[] = {"head", "-c", "10", NULL};
	enum { N = 4 << 20 };
	struct fx *fx = *state;
	struct exec_result res;
	struct exec_opts o;
	struct ioc_err err;
	sigset_t mask;
	char *in;
	int i;

	assert_non_null(in = calloc(1, N));
	(void)memset(in, 'z', N);
	for (i = 0; i < 3; i++) {
		exec_opts_init(&o, i == 2 ? argv2 : argv);
		o.input = in;
		o.inputlen = N;
		o.timeout_ms = 20000;
		if (exec_run(fx->ctx, &o, &res, &err) != 0)
			fail_msg("%s: %s", o.argv[0], err.msg);
		assert_int_equal(res.status, 0);
		if (i == 2)
			assert_string_equal(res.out, "zzzzzzzzzz");
		exec_result_free(&res);
	}
	/* SIGPIPE is neither left blocked nor pending. */
	assert_int_equal(sigprocmask(SIG_BLOCK, NULL, &mask), 0);
	assert_false(sigismember(&mask, SIGPIPE));
	assert_int_equal(sigpending(&mask), 0);
	assert_false(sigismember(&mask, SIGPIPE));
	free(in);
}

static void
test_timeout(void **state)
{
	static const char *const argv[] = {"sleep", "10", NULL};
	static const char *const argv2[] = {
	    "sh", "-c", "echo started; exec sleep 10", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct exec_opts o;
	struct ioc_err err = {0};
	long long t0;

	exec_opts_init(&o, argv);
	o.timeout_ms = 200;
	t0 = now_ms();
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), -1);
	assert_true(now_ms() - t0 < 2000);
	assert_true(now_ms() - t0 >= 150);
	assert_int_equal(err.code, IOC_ETIMEDOUT);
	assert_non_null(strstr(err.msg, "sleep"));
	/* The child was killed (and reaped): 128 + SIGKILL. */
	assert_int_equal(res.status, 128 + SIGKILL);
	exec_result_free(&res);

	/* Output before the timeout is kept; input does not change it. */
	exec_opts_init(&o, argv2);
	o.timeout_ms = 300;
	o.input = "ignored";
	o.inputlen = 7;
	t0 = now_ms();
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), -1);
	assert_true(now_ms() - t0 < 2000);
	assert_int_equal(err.code, IOC_ETIMEDOUT);
	assert_string_equal(res.out != NULL ? res.out : "", "started\n");
	exec_result_free(&res);

	/* A quick child is unaffected by a timeout. */
	exec_opts_init(&o, (const char *const[]){"true", NULL});
	o.timeout_ms = 5000;
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), 0);
	exec_result_free(&res);
}

/* Descriptors above 2 never reach the child. */
static void
test_fds_closed_in_child(void **state)
{
	static const char *const argv[] = {"ls", "/proc/self/fd", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct ioc_err err;
	char path[PATH_MAX + 8];
	int fd, high;

	if (access("/proc/self/fd", R_OK) != 0)
		skip();
	(void)snprintf(path, sizeof(path), "%s/leak", fx->tmp);
	/* Deliberately without O_CLOEXEC. */
	assert_true((fd = open(path, O_RDWR | O_CREAT, 0600)) >= 0);
	assert_int_equal(high = dup2(fd, 77), 77);
	assert_int_equal(run(fx, argv, &res, &err), 0);
	/* 0, 1, 2 and the directory ls itself opened. */
	assert_string_equal(res.out, "0\n1\n2\n3\n");
	exec_result_free(&res);
	(void)close(high);
	(void)close(fd);
}

static void
test_cwd(void **state)
{
	static const char *const argv[] = {"pwd", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct exec_opts o;
	struct ioc_err err = {0};
	char want[PATH_MAX + 2];

	assert_int_equal(run(fx, argv, &res, &err), 0);
	assert_string_equal(res.out, "/\n");
	exec_result_free(&res);

	exec_opts_init(&o, argv);
	o.cwd = fx->tmp;
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), 0);
	(void)snprintf(want, sizeof(want), "%s\n", fx->tmp);
	assert_string_equal(res.out, want);
	exec_result_free(&res);

	/* A cwd that does not exist: the program does not run. */
	o.cwd = "/nonexistent/dir";
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), -1);
	assert_int_equal(err.code, IOC_EEXEC);
	assert_int_equal(res.status, 127);
	exec_result_free(&res);
}

static void
test_stdout_fd(void **state)
{
	static const char *const argv[] = {
	    "sh", "-c", "echo to-file; echo to-err >&2", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct exec_opts o;
	struct ioc_err err;
	char path[PATH_MAX + 8], buf[64];
	int fd;

	(void)snprintf(path, sizeof(path), "%s/out", fx->tmp);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			 0600)) >= 0);
	exec_opts_init(&o, argv);
	o.stdout_fd = fd;
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), 0);
	(void)close(fd);
	assert_string_equal(res.out, "");
	assert_int_equal(res.outlen, 0);
	assert_string_equal(res.errtail, "to-err\n");
	exec_result_free(&res);
	assert_int_equal(tu_read_file(path, buf, sizeof(buf)), 8);
	assert_string_equal(buf, "to-file\n");
}

/* At spam level every run is logged: argv, exit status and output. */
static void
test_spam_log(void **state)
{
	static const char *const argv[] = {
	    "sh", "-c", "echo first; echo second; echo oops >&2; exit 4", NULL};
	static const char *const argv2[] = {"echo", "hello", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct ioc_err err;

	/* Nothing is logged below spam. */
	ioc_ctx_set_log(fx->ctx, IOC_LOG_VERBOSE, log_sink, &fx->log);
	assert_int_equal(run(fx, argv2, &res, &err), 0);
	exec_result_free(&res);
	assert_null(fx->log.text);

	ioc_ctx_set_log(fx->ctx, IOC_LOG_SPAM, log_sink, &fx->log);
	assert_int_equal(run(fx, argv, &res, &err), -1);
	exec_result_free(&res);
	assert_non_null(fx->log.text);
	assert_non_null(strstr(fx->log.text,
	    "Executing: sh -c 'echo first; echo second; echo oops >&2; "
	    "exit 4'\n"));
	assert_non_null(strstr(fx->log.text, "exit status 4\n"));
	assert_non_null(strstr(fx->log.text, "stdout:\n"));
	assert_non_null(strstr(fx->log.text, "    first\n    second\n"));
	assert_non_null(strstr(fx->log.text, "stderr:\n"));
	assert_non_null(strstr(fx->log.text, "    oops\n"));
	/* In that order. */
	assert_true(strstr(fx->log.text, "Executing:") <
	    strstr(fx->log.text, "exit status 4"));
	assert_true(strstr(fx->log.text, "exit status 4") <
	    strstr(fx->log.text, "    first"));
}

/* A hundred runs, failing and succeeding, leave no descriptor open. */
static void
test_no_fd_leak(void **state)
{
	static const char *const ok[] = {"echo", "x", NULL};
	static const char *const bad[] = {
	    "sh", "-c", "echo e >&2; exit 1", NULL};
	static const char *const slow[] = {"sleep", "5", NULL};
	struct fx *fx = *state;
	struct exec_result res;
	struct exec_opts o;
	struct ioc_err err;
	int before, i;

	before = tu_fd_count();
	for (i = 0; i < 100; i++) {
		exec_opts_init(&o, i % 2 ? ok : bad);
		if (i % 3 == 0) {
			o.input = "data";
			o.inputlen = 4;
		}
		(void)exec_run(fx->ctx, &o, &res, &err);
		exec_result_free(&res);
	}
	exec_opts_init(&o, slow);
	o.timeout_ms = 50;
	assert_int_equal(exec_run(fx->ctx, &o, &res, &err), -1);
	exec_result_free(&res);
	assert_int_equal(tu_fd_count(), before);
	/* The context holds no descriptor either. */
	assert_int_equal(before, fx->fds);
}

static void
test_lastline(void **state)
{
	char buf[8];

	(void)state;
	exec_lastline("a\nb\n\n  \n", buf, sizeof(buf));
	assert_string_equal(buf, "b");
	exec_lastline("", buf, sizeof(buf));
	assert_string_equal(buf, "");
	exec_lastline("only\r\n", buf, sizeof(buf));
	assert_string_equal(buf, "only");
	/* Truncated to the buffer. */
	exec_lastline("x\nabcdefghijkl\n", buf, sizeof(buf));
	assert_string_equal(buf, "abcdefg");
}

/*
 * exec_path_search() in a child: its exit status, or 99 when it returned
 * with ENOENT (98 with another errno).
 */
static int
path_search(const char *const *argv, const char *const *env)
{
	pid_t c;
	int st;

	if ((c = fork()) < 0)
		fail_msg("fork: %s", strerror(errno));
	if (c == 0) {
		exec_path_search(argv, env);
		_exit(errno == ENOENT ? 99 : 98);
	}
	while (waitpid(c, &st, 0) < 0)
		if (errno != EINTR)
			fail_msg("waitpid: %s", strerror(errno));
	return (WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void
test_path_search(void **state)
{
	const char *const sh7[] = {"sh", "-c", "exit 7", NULL};
	const char *const shv[] = {"sh", "-c", "exit $V", NULL};
	const char *const abs3[] = {"/bin/sh", "-c", "exit 3", NULL};
	const char *const none[] = {"no-such-program-ioc", NULL};
	const char *const env_path[] = {"PATH=/nonexistent:/bin", NULL};
	const char *const env_nopath[] = {"V=5", NULL};
	const char *const env_v[] = {"V=4", "PATH=/bin", NULL};
	const char *const env_bad[] = {"PATH=/nonexistent:/also/not", NULL};

	(void)state;
	/* Searched in env's PATH, past a directory that does not exist. */
	assert_int_equal(path_search(sh7, env_path), 7);
	/* env is the program's whole environment. */
	assert_int_equal(path_search(shv, env_v), 4);
	/* No PATH in env: the default one (it has /bin). */
	assert_int_equal(path_search(shv, env_nopath), 5);
	/* Not in that PATH: it returns, with ENOENT. */
	assert_int_equal(path_search(sh7, env_bad), 99);
	assert_int_equal(path_search(none, env_path), 99);
	/* A name with a '/' is run as it is, without a search. */
	assert_int_equal(path_search(abs3, env_bad), 3);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_echo),
	    T(test_empty_output),
	    T(test_false),
	    T(test_not_found),
	    T(test_clean_env),
	    T(test_stderr_last_line),
	    T(test_stderr_tail_keeps_end),
	    T(test_large_stdout),
	    T(test_stdin_input),
	    T(test_stdin_default),
	    T(test_no_sigpipe),
	    T(test_timeout),
	    T(test_fds_closed_in_child),
	    T(test_cwd),
	    T(test_stdout_fd),
	    T(test_spam_log),
	    T(test_no_fd_leak),
	    cmocka_unit_test(test_lastline),
	    cmocka_unit_test(test_path_search),
	};

	return (cmocka_run_group_tests_name("exec", tests, NULL, NULL));
}
