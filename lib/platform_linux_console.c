/*
 * platform_linux_console.c - "ioc console" on Linux: a pseudo-terminal of
 * the jail's own devpts (its /dev/ptmx, opened through /proc/<init>/root
 * beneath the jail's root), whose slave becomes the controlling terminal
 * of a new session that runs login through plat_jail_exec() (so it joins
 * the jail's namespaces and cgroups and is confined like exec), while the
 * caller's terminal is relayed to the master in raw mode.
 */
#define _GNU_SOURCE 1

#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fsu.h"
#include "internal.h"
#include "platform.h"

#define RELAY_BUF 4096

/* The jail's root as its init sees it (crossing the jail's mounts). */
static int
open_jail_root(const struct plat_running *r, struct ioc_err *err)
{
	char path[64];
	int fd;

	(void)snprintf(path, sizeof(path), "/proc/%ld/root", r->pid);
	if (!plat_jail_alive(r) ||
	    (fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return (
		    ioc_err_set(err, IOC_ENOENT, 0, "the jail is not running"));
	if (!plat_jail_alive(r)) { /* the pid was reused meanwhile */
		(void)close(fd);
		return (
		    ioc_err_set(err, IOC_ENOENT, 0, "the jail is not running"));
	}
	return (fd);
}

/* The first of progs that is an executable file in the jail. */
static const char *
find_prog(int rootfd, const char *const *progs, struct ioc_err *err)
{
	struct ioc_err e;
	struct stat sb;
	size_t i;
	int fd;

	for (i = 0; progs[i] != NULL; i++) {
		fd = fsu_open_in_root(rootfd, progs[i], O_PATH, 0, 0, &e);
		if (fd < 0)
			continue;
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (sb.st_mode & 0111) != 0) {
			(void)close(fd);
			return (progs[i]);
		}
		(void)close(fd);
	}
	(void)ioc_err_set(err, IOC_ENOENT, 0, "the jail has no %s%s%s",
	    progs[0] != NULL ? progs[0] : "login",
	    progs[0] != NULL && progs[1] != NULL ? " or " : "",
	    progs[0] != NULL && progs[1] != NULL ? progs[1] : "");
	return (NULL);
}

/*
 * A new pty pair of the jail's devpts: the master opened beneath the
 * jail's root (never blocking on whatever the jail put at dev/ptmx, and
 * checked to be a pty master), the slave through the master.
 */
static int
open_pty(int rootfd, int *slave, struct ioc_err *err)
{
	int m, n, unlock = 0;

	*slave = -1;
	m = fsu_open_in_root(
	    rootfd, "dev/ptmx", O_RDWR | O_NOCTTY | O_NONBLOCK, 0, 0, err);
	if (m < 0)
		return (ioc_err_wrap(err,
		    "console: the jail's /dev/ptmx "
		    "(mount_devfs)"));
	if (ioctl(m, TIOCGPTN, &n) != 0 || ioctl(m, TIOCSPTLCK, &unlock) != 0) {
		(void)ioc_err_set(err, IOC_EIO, errno,
		    "console: the jail's /dev/ptmx is not a pty master");
		(void)close(m);
		return (-1);
	}
	if ((*slave = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC)) <
	    0) {
		(void)ioc_err_sys(err, IOC_EIO, "console: open pty %d", n);
		(void)close(m);
		return (-1);
	}
	return (m);
}

/* Pass the caller's window size on to the pty. */
static void
copy_winsize(int master)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(master, TIOCSWINSZ, &ws);
}

/* The child that owns the session: pty as its stdio, then the program. */
static void
run_session(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *const *argv, const char *const *env, uint64_t caps,
    unsigned flags, int slave, int errfd)
{
	struct ioc_err e;
	int st = 126;

	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) != 0 ||
	    dup2(slave, STDIN_FILENO) < 0 || dup2(slave, STDOUT_FILENO) < 0 ||
	    dup2(slave, STDERR_FILENO) < 0) {
		(void)ioc_err_sys(&e, IOC_EIO, "console: the pty");
		(void)!write(errfd, e.msg, strlen(e.msg));
		_exit(126);
	}
	(void)close(slave);
	if (plat_jail_exec(ctx, r, argv, env, NULL, caps,
		flags | PLAT_EXEC_PASSTHRU, &st, &e) != 0) {
		(void)!write(errfd, e.msg, strlen(e.msg));
		_exit(126);
	}
	_exit(st & 0xff);
}

/* Write everything (a blocking descriptor). */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += w;
		n -= (size_t)w;
	}
	return (0);
}

/* Copy what the master has to stdout; 0 when it is done (EIO/EOF). */
static int
drain_master(int master)
{
	char buf[RELAY_BUF];
	ssize_t n;

	for (;;) {
		n = read(master, buf, sizeof(buf));
		if (n > 0) {
			if (write_all(STDOUT_FILENO, buf, (size_t)n) != 0)
				return (0);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return (n < 0 && errno == EAGAIN ? 1 : 0);
	}
}

/* State of the relay between the caller and the master. */
struct relay {
	int master;
	int sigfd;
	int pidfd;
	pid_t child;
	int in_open;	     /* stdin not at EOF yet */
	int in_tty;	     /* stdin is a terminal */
	char buf[RELAY_BUF]; /* stdin data not yet taken by the master */
	size_t off, len;
};

/* stdin has data: take it when the master has taken the last. */
static void
relay_stdin(struct relay *y)
{
	ssize_t n = read(STDIN_FILENO, y->buf, sizeof(y->buf));
	struct termios t;

	if (n > 0) {
		y->off = 0;
		y->len = (size_t)n;
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	y->in_open = 0;
	/* A pipe ended: the pty gets its end-of-file character. */
	if (!y->in_tty && tcgetattr(y->master, &t) == 0) {
		y->buf[0] = (char)t.c_cc[VEOF];
		y->off = 0;
		y->len = 1;
	}
}

/* A signal: the window changed, or the caller is told to go away. */
static int
relay_signal(struct relay *y)
{
	struct signalfd_siginfo si;

	if (read(y->sigfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return (1);
	if (si.ssi_signo == SIGWINCH) {
		copy_winsize(y->master);
		return (1);
	}
	/* SIGHUP, SIGINT, SIGTERM: hang the session up. */
	return (0);
}

/* Relay until the child is gone or the caller hangs up. */
static void
relay_loop(struct relay *y)
{
	struct pollfd p[4];
	int status;

	for (;;) {
		nfds_t n = 0;
		int im = -1, is = -1, isig, ipid = -1;

		/* Jail output is always read: a full pty never blocks us. */
		p[n] = (struct pollfd){
		    y->master, POLLIN | (y->len > y->off ? POLLOUT : 0), 0};
		im = (int)n++;
		if (y->len == y->off && y->in_open) {
			p[n] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
			is = (int)n++;
		}
		p[n] = (struct pollfd){y->sigfd, y->sigfd >= 0 ? POLLIN : 0, 0};
		isig = (int)n++;
		if (y->pidfd >= 0) {
			p[n] = (struct pollfd){y->pidfd, POLLIN, 0};
			ipid = (int)n++;
		}
		if (poll(p, n, y->pidfd >= 0 ? -1 : 100) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if ((ipid >= 0 && p[ipid].revents != 0) ||
		    (y->pidfd < 0 &&
			waitpid(y->child, &status, WNOHANG | WNOWAIT) ==
			    y->child)) {
			(void)drain_master(y->master);
			return;
		}
		if (p[isig].revents != 0 && !relay_signal(y))
			return;
		if (p[im].revents & POLLOUT) {
			ssize_t w =
			    write(y->master, y->buf + y->off, y->len - y->off);

			if (w > 0)
				y->off += (size_t)w;
			else if (w < 0 && errno != EINTR && errno != EAGAIN)
				return;
		}
		if ((p[im].revents & ~POLLOUT) != 0 &&
		    !drain_master(y->master)) {
			/* Every slave is closed: wait for the child. */
			(void)close(y->master);
			y->master = -1;
			return;
		}
		if (is >= 0 && p[is].revents != 0)
			relay_stdin(y);
	}
}

/* Log in on a new pty of the jail and relay the caller's terminal. */
int
plat_jail_console(struct ioc_ctx *ctx, const struct plat_running *r,
    const char *const *progs, const char *const *argv, const char *const *env,
    uint64_t caps, unsigned flags, int *status, struct ioc_err *err)
{
	const char *prog, **av = NULL;
	struct termios saved, raw;
	sigset_t mask, omask;
	struct relay y;
	char msg[IOC_ERRMSG_MAX];
	int rootfd, slave = -1, epipe[2] = {-1, -1}, st, raw_on = 0;
	int rv = -1;
	ssize_t got = 0, k;
	size_t i, n;

	(void)memset(&y, 0, sizeof(y));
	y.master = y.sigfd = y.pidfd = -1;
	y.child = -1;
	if ((rootfd = open_jail_root(r, err)) < 0)
		return (-1);
	if ((prog = find_prog(rootfd, progs, err)) == NULL)
		goto out;
	for (n = 0; argv[n] != NULL; n++)
		;
	if ((av = calloc(n + 2, sizeof(*av))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	av[0] = prog;
	for (i = 1; i < n; i++)
		av[i] = argv[i];
	if ((y.master = open_pty(rootfd, &slave, err)) < 0)
		goto out;
	y.in_tty = isatty(STDIN_FILENO);
	if (y.in_tty && tcgetattr(STDIN_FILENO, &saved) == 0) {
		/* The session starts with the caller's settings. */
		(void)tcsetattr(slave, TCSANOW, &saved);
		copy_winsize(y.master);
		raw = saved;
		cfmakeraw(&raw);
		raw_on = 1;
	}
	if (pipe2(epipe, O_CLOEXEC) != 0) {
		(void)ioc_err_sys(err, IOC_EIO, "pipe");
		goto out;
	}
	(void)fflush(NULL);
	if ((y.child = fork()) < 0) {
		(void)ioc_err_sys(err, IOC_EIO, "fork");
		goto out;
	}
	if (y.child == 0) {
		(void)close(y.master);
		(void)close(rootfd);
		(void)close(epipe[0]);
		run_session(ctx, r, av, env, caps, flags, slave, epipe[1]);
	}
	(void)close(slave);
	slave = -1;
	(void)close(epipe[1]);
	epipe[1] = -1;
	y.pidfd = (int)syscall(SYS_pidfd_open, y.child, 0);
	(void)sigemptyset(&mask);
	(void)sigaddset(&mask, SIGWINCH);
	(void)sigaddset(&mask, SIGHUP);
	(void)sigaddset(&mask, SIGINT);
	(void)sigaddset(&mask, SIGTERM);
	(void)sigprocmask(SIG_BLOCK, &mask, &omask);
	y.sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (raw_on && tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) != 0)
		raw_on = 0;
	y.in_open = 1;
	relay_loop(&y); /* without a signalfd: no SIGWINCH, no hang-up */
	if (raw_on)
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	/* Hang up what is left of the session, then collect the child. */
	if (y.master >= 0) {
		(void)close(y.master);
		y.master = -1;
	}
	while (waitpid(y.child, &st, 0) < 0 && errno == EINTR)
		;
	if (y.sigfd >= 0)
		(void)close(y.sigfd);
	(void)sigprocmask(SIG_SETMASK, &omask, NULL);
	while (
	    (k = read(epipe[0], msg + got, sizeof(msg) - 1 - (size_t)got)) > 0)
		got += k;
	msg[got] = '\0';
	if (got > 0) {
		(void)ioc_err_set(err, IOC_EIO, 0, "%s", msg);
		goto out;
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	rv = 0;
out:
	if (y.pidfd >= 0)
		(void)close(y.pidfd);
	if (y.master >= 0)
		(void)close(y.master);
	if (slave >= 0)
		(void)close(slave);
	if (epipe[0] >= 0)
		(void)close(epipe[0]);
	if (epipe[1] >= 0)
		(void)close(epipe[1]);
	(void)close(rootfd);
	free(av);
	return (rv);
}
