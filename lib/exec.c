/*
 * exec.c - run external programs with an argv vector and a clean
 * environment, capturing their output.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "exec.h"
#include "internal.h"

static const char *const search_path[] = {
    "/sbin", "/bin", "/usr/sbin", "/usr/bin", NULL};

#define MAX_ENV 256

/* Options with every field at its default. */
void
exec_opts_init(struct exec_opts *o, const char *const *argv)
{
	(void)memset(o, 0, sizeof(*o));
	o->argv = argv;
	o->stdin_fd = -1;
	o->stdout_fd = -1;
}

/* Release the captured output. */
void
exec_result_free(struct exec_result *res)
{
	if (res == NULL)
		return;
	free(res->out);
	res->out = NULL;
	res->outlen = 0;
}

/* Absolute path of a program, cached in the context. */
const char *
exec_which(struct ioc_ctx *ctx, const char *name, struct ioc_err *err)
{
	struct stat st;
	char buf[1024];
	size_t i;

	if (name[0] == '/') {
		if (stat(name, &st) != 0 || !S_ISREG(st.st_mode))
			goto notfound;
		return (name);
	}
	if (strchr(name, '/') != NULL)
		goto notfound;
	for (i = 0; i < ctx->nprogs; i++)
		if (strcmp(ctx->progs[i].name, name) == 0)
			return (ctx->progs[i].path);
	for (i = 0; search_path[i] != NULL; i++) {
		(void)snprintf(buf, sizeof(buf), "%s/%s", search_path[i], name);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(buf, X_OK) == 0)
			break;
	}
	if (search_path[i] == NULL)
		goto notfound;
	if (ctx->nprogs == sizeof(ctx->progs) / sizeof(ctx->progs[0])) {
		(void)ioc_err_set(err, IOC_ENOMEM, 0, "too many programs");
		return (NULL);
	}
	if ((ctx->progs[ctx->nprogs].name = ioc_strdup(name, err)) == NULL)
		return (NULL);
	if ((ctx->progs[ctx->nprogs].path = ioc_strdup(buf, err)) == NULL) {
		free(ctx->progs[ctx->nprogs].name);
		return (NULL);
	}
	return (ctx->progs[ctx->nprogs++].path);
notfound:
	(void)ioc_err_set(err, IOC_ENOENT, ENOENT,
	    "program '%s' not found in /sbin:/bin:/usr/sbin:/usr/bin", name);
	return (NULL);
}

/* The last non-empty line of a stderr tail. */
void
exec_lastline(const char *tail, char *buf, size_t size)
{
	const char *end = tail + strlen(tail), *start;
	size_t len;

	while (end > tail &&
	    (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	start = end;
	while (start > tail && start[-1] != '\n')
		start--;
	len = (size_t)(end - start);
	if (len >= size)
		len = size - 1;
	(void)memcpy(buf, start, len);
	buf[len] = '\0';
}

/* execve() with a PATH search in env's PATH (the jail's, not ours). */
void
exec_path_search(const char *const *argv, const char *const *env)
{
	const char *path = "/sbin:/bin:/usr/sbin:/usr/bin";
	char buf[4096];
	size_t i;

	for (i = 0; env[i] != NULL; i++)
		if (strncmp(env[i], "PATH=", 5) == 0)
			path = env[i] + 5;
	if (strchr(argv[0], '/') != NULL) {
		(void)execve(argv[0], (char *const *)argv, (char *const *)env);
		return;
	}
	while (*path != '\0') {
		size_t len = strcspn(path, ":");

		(void)snprintf(
		    buf, sizeof(buf), "%.*s/%s", (int)len, path, argv[0]);
		(void)execve(buf, (char *const *)argv, (char *const *)env);
		path += len;
		if (*path == ':')
			path++;
	}
}

static void
log_argv(const struct ioc_ctx *ctx, const char *const *argv)
{
	char line[2048];
	size_t off = 0, i;

	line[0] = '\0';
	for (i = 0; argv[i] != NULL && off < sizeof(line) - 1; i++) {
		const char *q =
		    strpbrk(argv[i], " \t'\"\\$") != NULL || argv[i][0] == '\0'
		    ? "'"
		    : "";
		int n = snprintf(line + off, sizeof(line) - off, "%s%s%s%s",
		    i > 0 ? " " : "", q, argv[i], q);
		if (n < 0)
			break;
		off += (size_t)n;
	}
	ioc_log(ctx, IOC_LOG_SPAM, "Executing: %s", line);
}

static void
log_output(const struct ioc_ctx *ctx, const char *label, const char *buf)
{
	const char *p = buf, *nl;

	if (buf == NULL || buf[0] == '\0')
		return;
	ioc_log(ctx, IOC_LOG_SPAM, "  %s:", label);
	while (*p != '\0') {
		nl = strchr(p, '\n');
		ioc_log(ctx, IOC_LOG_SPAM, "    %.*s",
		    (int)(nl != NULL ? nl - p : (ptrdiff_t)strlen(p)), p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

static long long
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Build the child's environment into envp (borrowed strings). */
static int
build_env(const struct exec_opts *o, const char **envp, struct ioc_err *err)
{
	size_t n = 0, i;

	if (!(o->flags & EXEC_ENV_REPLACE)) {
		envp[n++] = IOC_PATH_ENV;
		envp[n++] = "LC_ALL=C";
	}
	for (i = 0; o->env != NULL && o->env[i] != NULL; i++) {
		if (n == MAX_ENV - 1)
			return (ioc_err_set(err, IOC_EINVAL, E2BIG,
			    "too many environment entries"));
		envp[n++] = o->env[i];
	}
	envp[n] = NULL;
	return (0);
}

/* In the child: wire the descriptors and exec; never returns. */
static void
child(const char *path, const struct exec_opts *o, const char **envp, int in_fd,
    int out_fd, int err_fd)
{
	sigset_t none;
	int devnull;

	(void)sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	(void)signal(SIGPIPE, SIG_DFL);
	(void)signal(SIGINT, SIG_DFL);
	(void)signal(SIGQUIT, SIG_DFL);
	if (!(o->flags & EXEC_PASSTHRU)) {
		if (in_fd < 0) {
			if ((devnull = open("/dev/null", O_RDONLY)) < 0)
				_exit(127);
			in_fd = devnull;
		}
		if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 ||
		    dup2(err_fd, 2) < 0)
			_exit(127);
	}
	compat_closefrom(3);
	if (chdir(o->cwd != NULL ? o->cwd : "/") != 0)
		_exit(127);
	/* execve() takes char *const[]: it never writes the strings. */
	(void)execve(path, (char *const *)o->argv, (char *const *)envp);
	_exit(127);
}

/* Append data to a growable buffer; returns -1 on ENOMEM. */
static int
buf_append(char **buf, size_t *len, size_t *cap, const char *data, size_t n)
{
	char *nb;
	size_t ncap;

	if (*len + n + 1 > *cap) {
		ncap = *cap == 0 ? 4096 : *cap;
		while (ncap < *len + n + 1)
			ncap *= 2;
		if ((nb = realloc(*buf, ncap)) == NULL)
			return (-1);
		*buf = nb;
		*cap = ncap;
	}
	(void)memcpy(*buf + *len, data, n);
	*len += n;
	(*buf)[*len] = '\0';
	return (0);
}

/* Keep the last EXEC_ERRTAIL - 1 bytes of stderr. */
static void
tail_append(char *tail, const char *data, size_t n)
{
	size_t have = strlen(tail), room = EXEC_ERRTAIL - 1;

	if (n >= room) {
		(void)memcpy(tail, data + n - room, room);
		tail[room] = '\0';
		return;
	}
	if (have + n > room) {
		(void)memmove(tail, tail + (have + n - room), room - n);
		have = room - n;
	}
	(void)memcpy(tail + have, data, n);
	tail[have + n] = '\0';
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		(void)close(*fd);
	*fd = -1;
}

/*
 * Pump the pipes until all close or the deadline passes.  Descriptors are
 * closed and set to -1 as they reach end of file.
 */
static int
pump(const struct exec_opts *o, int *in_w, int *out_r, int *err_r,
    struct exec_result *res, size_t *cap, struct ioc_err *err)
{
	long long deadline = o->timeout_ms > 0 ? now_ms() + o->timeout_ms : 0;
	size_t inoff = 0;
	char buf[8192];

	while (*out_r >= 0 || *err_r >= 0 || *in_w >= 0) {
		struct pollfd pfd[3];
		int *fds[3];
		int n = 0, wait = -1, i;

		if (deadline != 0 && (wait = (int)(deadline - now_ms())) <= 0)
			return (ioc_err_set(err, IOC_ETIMEDOUT, ETIMEDOUT,
			    "timed out after %d ms", o->timeout_ms));
		if (*out_r >= 0) {
			fds[n] = out_r;
			pfd[n++] = (struct pollfd){*out_r, POLLIN, 0};
		}
		if (*err_r >= 0) {
			fds[n] = err_r;
			pfd[n++] = (struct pollfd){*err_r, POLLIN, 0};
		}
		if (*in_w >= 0) {
			fds[n] = in_w;
			pfd[n++] = (struct pollfd){*in_w, POLLOUT, 0};
		}
		if (poll(pfd, (nfds_t)n, wait) < 0) {
			if (errno == EINTR)
				continue;
			return (ioc_err_sys(err, IOC_EIO, "poll"));
		}
		for (i = 0; i < n; i++) {
			ssize_t got;

			if (pfd[i].revents == 0)
				continue;
			if (fds[i] == in_w) {
				got = write(*in_w, o->input + inoff,
				    o->inputlen - inoff);
				if (got < 0 &&
				    (errno == EINTR || errno == EAGAIN))
					continue;
				if (got > 0)
					inoff += (size_t)got;
				if (got <= 0 || inoff == o->inputlen)
					close_fd(in_w);
				continue;
			}
			got = read(*fds[i], buf, sizeof(buf));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				close_fd(fds[i]);
				continue;
			}
			if (fds[i] == err_r)
				tail_append(res->errtail, buf, (size_t)got);
			else if (buf_append(&res->out, &res->outlen, cap, buf,
				     (size_t)got) != 0)
				return (ioc_err_set(
				    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		}
	}
	return (0);
}

/*
 * pump() with SIGPIPE blocked while input is written, so a child that exits
 * early cannot kill the caller; a pending SIGPIPE is consumed.
 */
static int
pump_guarded(const struct exec_opts *o, int *in_w, int *out_r, int *err_r,
    struct exec_result *res, size_t *cap, struct ioc_err *err)
{
	struct timespec zero = {0, 0};
	sigset_t pipeset, old;
	int rv;

	if (*in_w < 0)
		return (pump(o, in_w, out_r, err_r, res, cap, err));
	(void)sigemptyset(&pipeset);
	(void)sigaddset(&pipeset, SIGPIPE);
	(void)sigprocmask(SIG_BLOCK, &pipeset, &old);
	rv = pump(o, in_w, out_r, err_r, res, cap, err);
	while (sigtimedwait(&pipeset, NULL, &zero) == SIGPIPE)
		;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	return (rv);
}

static int
wait_child(pid_t pid, int *status)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return (-1);
	if (WIFEXITED(st))
		*status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		*status = 128 + WTERMSIG(st);
	else
		*status = -1;
	return (0);
}

static void
close_pair(int p[2])
{
	if (p[0] >= 0)
		(void)close(p[0]);
	if (p[1] >= 0)
		(void)close(p[1]);
	p[0] = p[1] = -1;
}

static int
make_pipe(int p[2], struct ioc_err *err)
{
	if (pipe(p) != 0)
		return (ioc_err_sys(err, IOC_EIO, "pipe"));
	(void)fcntl(p[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(p[1], F_SETFD, FD_CLOEXEC);
	return (0);
}

/* Run a program and wait for it. */
int
exec_run(struct ioc_ctx *ctx, const struct exec_opts *o,
    struct exec_result *res, struct ioc_err *err)
{
	const char *envp[MAX_ENV], *path;
	int inp[2] = {-1, -1}, outp[2] = {-1, -1}, errp[2] = {-1, -1};
	int rv = -1, passthru = (o->flags & EXEC_PASSTHRU) != 0;
	size_t cap = 0;
	char line[512];
	pid_t pid;

	(void)memset(res, 0, sizeof(*res));
	res->status = -1;
	if (o->argv == NULL || o->argv[0] == NULL)
		return (ioc_err_set(err, IOC_EINVAL, 0, "empty command"));
	if ((path = exec_which(ctx, o->argv[0], err)) == NULL)
		return (-1);
	if (build_env(o, envp, err) != 0)
		return (-1);
	if (ioc_log_enabled(ctx, IOC_LOG_SPAM))
		log_argv(ctx, o->argv);
	if (!passthru) {
		if ((o->input != NULL && make_pipe(inp, err) != 0) ||
		    (o->stdout_fd < 0 && make_pipe(outp, err) != 0) ||
		    make_pipe(errp, err) != 0)
			goto out;
		/*
		 * Our end of the input pipe never blocks: a blocking write of
		 * a large input would wait for a child that is itself blocked
		 * writing output we are not reading.
		 */
		if (inp[1] >= 0 && fcntl(inp[1], F_SETFL, O_NONBLOCK) != 0) {
			(void)ioc_err_sys(err, IOC_EIO, "fcntl");
			goto out;
		}
	}
	if ((pid = fork()) < 0) {
		(void)ioc_err_sys(err, IOC_EIO, "fork");
		goto out;
	}
	if (pid == 0)
		child(path, o, envp, o->input != NULL ? inp[0] : o->stdin_fd,
		    o->stdout_fd >= 0 ? o->stdout_fd : outp[1], errp[1]);
	if (!passthru) {
		close_fd(&inp[0]);
		close_fd(&outp[1]);
		close_fd(&errp[1]);
		if (pump_guarded(
			o, &inp[1], &outp[0], &errp[0], res, &cap, err) != 0) {
			(void)kill(pid, SIGKILL);
			(void)wait_child(pid, &res->status);
			(void)ioc_err_wrap(err, "%s", o->argv[0]);
			goto out;
		}
	}
	if (wait_child(pid, &res->status) != 0) {
		(void)ioc_err_sys(err, IOC_EIO, "waitpid");
		goto out;
	}
	if (res->out == NULL && (res->out = calloc(1, 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	if (ioc_log_enabled(ctx, IOC_LOG_SPAM)) {
		ioc_log(ctx, IOC_LOG_SPAM, "  exit status %d", res->status);
		log_output(ctx, "stdout", res->out);
		log_output(ctx, "stderr", res->errtail);
	}
	if (res->status == 127 && res->errtail[0] == '\0' && res->outlen == 0) {
		(void)ioc_err_set(
		    err, IOC_EEXEC, 0, "%s: could not be run", o->argv[0]);
		goto out;
	}
	if (res->status != 0) {
		exec_lastline(res->errtail, line, sizeof(line));
		if (line[0] != '\0')
			(void)ioc_err_set(err, IOC_EEXEC, 0, "%s", line);
		else
			(void)ioc_err_set(err, IOC_EEXEC, 0,
			    "%s exited with status %d", o->argv[0],
			    res->status);
		if (!(o->flags & EXEC_QUIET))
			ioc_log(ctx, IOC_LOG_DEBUG, "%s: exit %d: %s",
			    o->argv[0], res->status, err->msg);
		goto out;
	}
	rv = 0;
out:
	close_pair(inp);
	close_pair(outp);
	close_pair(errp);
	return (rv);
}
