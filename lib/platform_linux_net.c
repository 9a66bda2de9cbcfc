/*
 * platform_linux_net.c - VNET on Linux: a veth pair per interface, the host
 * end on a bridge, the other end in the jail's network namespace under the
 * jail's NIC name, configured there with iproute2's ip(8) in batch mode:
 * one ip run on the host and one inside the jail's network namespace (a
 * child that setns(2) into it; the host's file system stays visible, so
 * the host's ip is used).  Host ends are named "ioc<jid>v<n>"
 * (netplan.h) and carry "ioc:<source>/<name>:<nic>" as their alias.
 */
#define _GNU_SOURCE 1

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exec.h"
#include "internal.h"
#include "netplan.h"
#include "platform.h"

#define SCRIPT_MAX ((size_t)64 * 1024)

/* A growing ip(8) batch script. */
struct script {
	char buf[SCRIPT_MAX];
	size_t len;
	int overflow;
};

static void add(struct script *s, const char *fmt, ...) IOC_PRINTF(2, 3);

static void
add(struct script *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, sizeof(s->buf) - s->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(s->buf) - s->len)
		s->overflow = 1;
	else
		s->len += (size_t)n;
}

static double
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6);
}

/*
 * What a bridge is: 1 a bridge (its MTU in *mtu), 0 another kind of
 * interface, -1 no interface of that name in our network namespace.
 */
static int
bridge_probe(const char *ifname, int *mtu)
{
	struct ethtool_drvinfo di;
	struct ifreq ifr;
	int s, rv = 0;

	if (if_nametoindex(ifname) == 0)
		return (-1);
	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return (0);
	(void)memset(&ifr, 0, sizeof(ifr));
	(void)snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(s, SIOCGIFMTU, &ifr) == 0)
		*mtu = ifr.ifr_mtu;
	(void)memset(&di, 0, sizeof(di));
	di.cmd = ETHTOOL_GDRVINFO;
	ifr.ifr_data = (void *)&di;
	if (ioctl(s, SIOCETHTOOL, &ifr) == 0 &&
	    strcmp(di.driver, "bridge") == 0)
		rv = 1;
	(void)close(s);
	return (rv);
}

/* The message of a failed batch: its last line that is not ip's footer. */
static void
batch_error(const char *tail, char *buf, size_t size)
{
	char copy[EXEC_ERRTAIL], *p;

	(void)snprintf(copy, sizeof(copy), "%s", tail);
	while ((p = strstr(copy, "Command failed")) != NULL)
		*p = '\0';
	exec_lastline(copy, buf, size);
	if (buf[0] == '\0')
		exec_lastline(tail, buf, size);
}

/* Run ip(8) on a batch script in our current network namespace. */
static int
ip_batch(
    struct ioc_ctx *ctx, const struct script *s, int force, struct ioc_err *err)
{
	const char *argv[] = {"ip", force ? "-force" : "-batch",
	    force ? "-batch" : "-", force ? "-" : NULL, NULL};
	struct exec_result res;
	struct exec_opts o;
	char line[512];
	int rv;

	if (s->overflow)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "too many network settings"));
	if (s->len == 0)
		return (0);
	ioc_log(ctx, IOC_LOG_SPAM, "ip -batch:\n%s", s->buf);
	exec_opts_init(&o, argv);
	o.input = s->buf;
	o.inputlen = s->len;
	(void)memset(&res, 0, sizeof(res));
	rv = exec_run(ctx, &o, &res, err);
	if (rv != 0 && err != NULL && err->code == IOC_EEXEC &&
	    res.errtail[0] != '\0') {
		batch_error(res.errtail, line, sizeof(line));
		(void)ioc_err_set(err, IOC_EEXEC, 0, "ip: %s", line);
	} else if (rv != 0 && err != NULL && err->code == IOC_ENOENT) {
		(void)ioc_err_wrap(err, "VNET needs ip(8) of iproute2");
	}
	exec_result_free(&res);
	return (rv);
}

/*
 * Run a batch script inside the network namespace netfd (only that one:
 * the host's file system and ip(8) stay in view) from a child process.
 */
static int
ip_batch_in(
    struct ioc_ctx *ctx, int netfd, const struct script *s, struct ioc_err *err)
{
	struct ioc_err e;
	int pfd[2], st;
	ssize_t n, got = 0;
	pid_t c;

	if (pipe2(pfd, O_CLOEXEC) != 0)
		return (ioc_err_sys(err, IOC_EIO, "pipe"));
	(void)fflush(NULL);
	if ((c = fork()) < 0) {
		(void)close(pfd[0]);
		(void)close(pfd[1]);
		return (ioc_err_sys(err, IOC_EIO, "fork"));
	}
	if (c == 0) {
		(void)close(pfd[0]);
		(void)memset(&e, 0, sizeof(e));
		if (setns(netfd, CLONE_NEWNET) != 0)
			(void)ioc_err_sys(&e, IOC_EIO,
			    "cannot enter the jail's network namespace");
		else if (ip_batch(ctx, s, 0, &e) == 0)
			_exit(0);
		(void)!write(pfd[1], &e, sizeof(e));
		_exit(1);
	}
	(void)close(pfd[1]);
	(void)memset(&e, 0, sizeof(e));
	while (
	    (n = read(pfd[0], (char *)&e + got, sizeof(e) - (size_t)got)) > 0)
		got += n;
	(void)close(pfd[0]);
	while (waitpid(c, &st, 0) < 0)
		if (errno != EINTR)
			return (ioc_err_sys(err, IOC_EIO, "waitpid"));
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return (0);
	if (got == (ssize_t)sizeof(e)) {
		e.msg[sizeof(e.msg) - 1] = '\0';
		if (err != NULL)
			*err = e;
		return (-1);
	}
	return (ioc_err_set(
	    err, IOC_EIO, 0, "configuring the jail's network failed"));
}

/* The host side: a veth pair per NIC, its host end on the bridge. */
static int
host_script(const struct plat_running *r, const struct netplan *p,
    struct script *s, struct ioc_err *err)
{
	char ma[18], mb[18];
	size_t i;
	int mtu, kind;

	for (i = 0; i < p->nnics; i++) {
		const struct netplan_nic *n = &p->nics[i];

		mtu = 0;
		if ((kind = bridge_probe(n->bridge, &mtu)) < 0)
			return (ioc_err_set(err, IOC_ENOENT, 0,
			    "VNET bridge %s does not exist", n->bridge));
		if (kind == 0)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "VNET bridge %s is not a bridge", n->bridge));
		if (n->host[0] == '\0')
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "VNET interface %s has no host name", n->nic));
		spec_format_mac(n->mac_host, ma);
		spec_format_mac(n->mac_jail, mb);
		add(s, "link add name %s", n->host);
		if (mtu > 0)
			add(s, " mtu %d", mtu);
		add(s, " address %s type veth peer name %s", ma, n->nic);
		if (mtu > 0)
			add(s, " mtu %d", mtu);
		add(s, " address %s netns %ld\n", mb, r->pid);
		add(s, "link set dev %s alias %s\n", n->host, n->alias);
		add(s, "link set dev %s master %s\n", n->host, n->bridge);
		add(s, "link set dev %s up\n", n->host);
	}
	return (0);
}

/* The jail side: NICs up, addresses, loopback, default routes. */
static void
jail_script(const struct netplan *p, struct script *s)
{
	const struct spec_router *rt[2] = {&p->router4, &p->router6};
	const int has[2] = {p->has_router4, p->has_router6};
	size_t i;

	add(s, "link set dev lo up\n");
	for (i = 0; i < p->nnics; i++)
		add(s, "link set dev %s up\n", p->nics[i].nic);
	for (i = 0; i < p->naddrs; i++)
		add(s, "address add %s/%d dev %s\n", p->addrs[i].addr,
		    p->addrs[i].prefix, p->addrs[i].nic);
	for (i = 0; i < 2; i++) {
		if (!has[i])
			continue;
		if (rt[i]->iface[0] != '\0') {
			/* A gateway outside the NIC's prefix: reach it. */
			add(s, "route replace %s/%d dev %s\n", rt[i]->addr,
			    i == 0 ? 32 : 128, rt[i]->iface);
			add(s, "route add %s via %s dev %s\n",
			    i == 0 ? "0.0.0.0/0" : "::/0", rt[i]->addr,
			    rt[i]->iface);
		} else {
			add(s, "route add %s via %s\n",
			    i == 0 ? "0.0.0.0/0" : "::/0", rt[i]->addr);
		}
	}
}

/* Delete what plat_net_up made of plan p (the host ends). */
static void
undo_up(struct ioc_ctx *ctx, const struct netplan *p)
{
	const char *names[NETPLAN_MAXNICS], *aliases[NETPLAN_MAXNICS];
	struct ioc_err e;
	size_t i;

	for (i = 0; i < p->nnics; i++) {
		names[i] = p->nics[i].host;
		aliases[i] = p->nics[i].alias;
	}
	if (plat_net_down(ctx, names, aliases, p->nnics, &e) != 0)
		ioc_log(ctx, IOC_LOG_WARN, "undo: %s", e.msg);
}

/* Create the VNET interfaces of a plan for a running jail. */
int
plat_net_up(struct ioc_ctx *ctx, const struct plat_running *r,
    const struct netplan *p, struct ioc_err *err)
{
	struct script *s = NULL;
	char path[64];
	double t0, t1;
	int netfd = -1, rv = -1;

	if (p->mode != NETPLAN_VNET || p->nnics == 0)
		return (0);
	t0 = now_ms();
	(void)snprintf(path, sizeof(path), "/proc/%ld/ns/net", r->pid);
	if ((netfd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    !plat_jail_alive(r)) {
		(void)ioc_err_set(
		    err, IOC_ENOENT, 0, "the jail is not running");
		goto out;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	if (host_script(r, p, s, err) != 0)
		goto out;
	if (ip_batch(ctx, s, 0, err) != 0) {
		undo_up(ctx, p);
		goto out;
	}
	t1 = now_ms();
	ioc_log(ctx, IOC_LOG_DEBUG, "network %s: host side %.1f ms", r->name,
	    t1 - t0);
	(void)memset(s, 0, sizeof(*s));
	jail_script(p, s);
	if (ip_batch_in(ctx, netfd, s, err) != 0) {
		(void)ioc_err_wrap(err, "in the jail");
		undo_up(ctx, p);
		goto out;
	}
	ioc_log(ctx, IOC_LOG_DEBUG, "network %s: jail side %.1f ms", r->name,
	    now_ms() - t1);
	rv = 0;
out:
	if (netfd >= 0)
		(void)close(netfd);
	free(s);
	return (rv);
}

/*
 * The alias of interface name in "ip -o link show" output ("" when it has
 * none); -1 when the interface is not listed.  A line reads
 * "N: NAME[@PEER]: <FLAGS> ...\    alias TEXT".
 */
static int
listed_alias(const char *out, const char *name, char *alias, size_t size)
{
	size_t nlen = strlen(name), len;
	const char *line, *end, *p, *a;

	for (line = out; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		if ((p = strstr(line, ": ")) == NULL || p > end)
			continue;
		p += 2;
		if (strncmp(p, name, nlen) != 0 ||
		    (p[nlen] != '@' && p[nlen] != ':'))
			continue;
		alias[0] = '\0';
		for (a = p; (a = strstr(a, "    alias ")) != NULL && a < end;
		     a += 10) {
			len = (size_t)(end - (a + 10));
			if (len >= size)
				len = size - 1;
			(void)memcpy(alias, a + 10, len);
			alias[len] = '\0';
		}
		return (0);
	}
	return (-1);
}

/* Delete the host interfaces that still exist and carry their alias. */
int
plat_net_down(struct ioc_ctx *ctx, const char *const *names,
    const char *const *aliases, size_t n, struct ioc_err *err)
{
	const char *argv[] = {"ip", "-o", "link", "show", NULL};
	struct exec_result res;
	struct exec_opts o;
	struct script *s = NULL;
	struct ioc_err e;
	char alias[NETPLAN_ALIASLEN + 64];
	unsigned char ours[NETPLAN_MAXNICS];
	size_t i, any = 0;
	int rv = -1;

	if (n > NETPLAN_MAXNICS)
		return (ioc_err_set(err, IOC_EINVAL, 0, "too many interfaces"));
	for (i = 0; i < n; i++)
		if (if_nametoindex(names[i]) != 0)
			any++;
	if (any == 0)
		return (0);
	exec_opts_init(&o, argv);
	(void)memset(&res, 0, sizeof(res));
	if (exec_run(ctx, &o, &res, err) != 0)
		goto out;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		ours[i] = 0;
		if (listed_alias(res.out, names[i], alias, sizeof(alias)) != 0)
			continue;
		if (strcmp(alias, aliases[i]) != 0) {
			ioc_log(ctx, IOC_LOG_DEBUG,
			    "interface %s is not ours any more (alias '%s')",
			    names[i], alias);
			continue;
		}
		add(s, "link delete dev %s\n", names[i]);
		ours[i] = 1;
	}
	/* Judged by what is left: one may vanish on its own meanwhile. */
	(void)ip_batch(ctx, s, 1, &e);
	for (i = 0; i < n; i++) {
		if (ours[i] && if_nametoindex(names[i]) != 0) {
			(void)ioc_err_set(err, IOC_EIO, 0,
			    "cannot delete interface %s", names[i]);
			goto out;
		}
	}
	rv = 0;
out:
	exec_result_free(&res);
	free(s);
	return (rv);
}
