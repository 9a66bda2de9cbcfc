/*
 * rtnet.c - a jail's network at start and stop: the host ends of its
 * veth pairs are recorded in its runtime state (<rundir>/jails/<source>/
 * <name>/net, one "HOSTIF ALIAS" line each) before they are created, so
 * that a stop after a killed ioc still finds and removes them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"
#include "internal.h"
#include "netplan.h"
#include "platform.h"

#define NET_RECORD_MAX ((size_t)64 * 1024)

static void
record_path(const struct ioc_ctx *ctx, const char *source, const char *name,
    char *buf, size_t size)
{
	(void)snprintf(
	    buf, size, "%s/jails/%s/%s/net", ctx->rundir, source, name);
}

/* Bring up the network of a jail start has just created. */
int
rt_net_up(struct ioc_ctx *ctx, const char *source, const char *name,
    const struct netplan *p, const struct plat_running *r, struct ioc_err *err)
{
	struct netplan *q = NULL;
	char path[4096], *text = NULL;
	size_t i, len = 0;
	int rv = -1;

	if (p->mode != NETPLAN_VNET || p->nnics == 0)
		return (0); /* the jail's init brought its loopback up */
	if ((q = malloc(sizeof(*q))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	*q = *p;
	if (netplan_set_jid(q, r->pid, err) != 0)
		goto out;
	if ((text = malloc(q->nnics * (SPEC_IFNAMSIZ + NETPLAN_ALIASLEN + 2) +
		 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < q->nnics; i++)
		len += (size_t)sprintf(
		    text + len, "%s %s\n", q->nics[i].host, q->nics[i].alias);
	record_path(ctx, source, name, path, sizeof(path));
	if (fsu_write_atomic(path, text, len, 0600, err) != 0)
		goto out;
	if (plat_net_up(ctx, r, q, err) != 0) {
		(void)unlink(path);
		goto out;
	}
	rv = 0;
out:
	free(text);
	free(q);
	return (rv);
}

/* Remove the recorded host ends of a jail and forget the record. */
int
rt_net_down(struct ioc_ctx *ctx, const char *source, const char *name,
    int force, struct ioc_err *err)
{
	const char *names[NETPLAN_MAXNICS], *aliases[NETPLAN_MAXNICS];
	char path[4096], *buf, *line, *next, *sp;
	struct ioc_err e;
	size_t n = 0;
	int rv;

	record_path(ctx, source, name, path, sizeof(path));
	if ((buf = fsu_read_file(path, NET_RECORD_MAX, NULL, &e)) == NULL) {
		if (e.sys == ENOENT)
			return (0); /* no VNET interfaces */
		if (err != NULL)
			*err = e;
		return (force ? 0 : -1);
	}
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((sp = strchr(line, ' ')) == NULL || n == NETPLAN_MAXNICS)
			continue;
		*sp = '\0';
		names[n] = line;
		aliases[n++] = sp + 1;
	}
	rv = plat_net_down(ctx, names, aliases, n, &e);
	free(buf);
	if (rv != 0 && !force) {
		if (err != NULL)
			*err = e;
		return (-1);
	}
	if (rv != 0)
		ioc_log(ctx, IOC_LOG_WARN, "%s/%s: %s", source, name, e.msg);
	(void)unlink(path);
	return (0);
}
