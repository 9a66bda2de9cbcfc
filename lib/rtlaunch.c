/*
 * rtlaunch.c - what start records beside a running jail's state, under
 * <rundir>/jails/<source>/<name>/launch, so that exec and stop find a
 * running jail without a zfs call: its dataset, mountpoint and root, the
 * capabilities it was started with, and where its host defaults live.
 * Anything unusual (an ambiguous name, a legacy ZFS-property config, a
 * source that is not configured any more) falls back to the zfs path.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfgstore.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "names.h"
#include "runtime.h"
#include "source.h"

#define LAUNCH_MAX ((size_t)32 * 1024)

static int
has_newline(const char *s)
{
	return (s != NULL && strchr(s, '\n') != NULL);
}

/* Record what exec and stop need of a jail that just started. */
int
rt_launch_write(
    struct ioc_jail *j, const char *root, uint64_t caps, struct ioc_err *err)
{
	const struct ioc_ctx *ctx = j->ctx;
	const struct cfgstore *defs = ctx->defaults;
	const char *ddir = NULL;
	char dir[4096], *buf;
	int dfd, rv;

	/* Configs read from ZFS properties need zfs: no record then. */
	if (j->cfg.exists && j->cfg.fmt != CFG_ZFS && defs != NULL &&
	    (!defs->exists || defs->fmt != CFG_ZFS))
		ddir = defs->dir;
	if (j->ent.mountpoint == NULL || has_newline(j->ent.mountpoint) ||
	    has_newline(root) || has_newline(ddir) ||
	    has_newline(j->ent.dataset) || has_newline(j->ent.src->dataset))
		return (0);
	if ((buf = ioc_aprintf(err,
		 "dataset=%s\nmountpoint=%s\nroot=%s\nsrcdataset=%s\n"
		 "caps=%" PRIx64 "\nconfine=%x\n%s%s%s",
		 j->ent.dataset, j->ent.mountpoint, root, j->ent.src->dataset,
		 caps, rt_jail_confine(j), ddir != NULL ? "defaults=" : "",
		 ddir != NULL ? ddir : "", ddir != NULL ? "\n" : "")) == NULL)
		return (-1);
	(void)snprintf(dir, sizeof(dir), "%s/jails/%s/%s", ctx->rundir,
	    j->ent.src->name, j->ent.name);
	if (fsu_mkdirs(dir, 0700, err) != 0) {
		free(buf);
		return (-1);
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		free(buf);
		return (ioc_err_sys(err, 0, "open '%s'", dir));
	}
	/* No fsync: the record lives as long as the jail (rtstate.c). */
	rv = fsu_write_replace_at(dfd, "launch", buf, strlen(buf), 0600, err);
	(void)close(dfd);
	free(buf);
	return (rv);
}

/* Copy the value of "key=" in a launch record into buf; 0 or -1. */
static int
field(const char *rec, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key), len;
	const char *p = rec;

	while (*p != '\0') {
		len = strcspn(p, "\n");
		if (len > klen && strncmp(p, key, klen) == 0 &&
		    p[klen] == '=') {
			if (len - klen - 1 >= size)
				return (-1);
			(void)memcpy(buf, p + klen + 1, len - klen - 1);
			buf[len - klen - 1] = '\0';
			return (0);
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return (-1);
}

/* Read the record of src/name when that jail runs: 1, else 0. */
static int
launch_read(const struct ioc_ctx *ctx, const char *src, const char *name,
    struct rt_launch *out)
{
	char path[4400], caps[32], conf[32], *rec, *end;
	struct ioc_err e;
	int stale;

	if (rt_state_read(ctx, src, name, &out->run, &stale) != 1)
		return (0);
	(void)snprintf(path, sizeof(path), "%s/jails/%s/%s/launch", ctx->rundir,
	    src, name);
	if ((rec = fsu_read_file(path, LAUNCH_MAX, NULL, &e)) == NULL)
		return (0);
	out->defaults[0] = '\0';
	if (field(rec, "dataset", out->dataset, sizeof(out->dataset)) != 0 ||
	    field(rec, "mountpoint", out->mountpoint,
		sizeof(out->mountpoint)) != 0 ||
	    field(rec, "root", out->root, sizeof(out->root)) != 0 ||
	    field(rec, "srcdataset", out->srcdataset,
		sizeof(out->srcdataset)) != 0 ||
	    field(rec, "caps", caps, sizeof(caps)) != 0 ||
	    field(rec, "confine", conf, sizeof(conf)) != 0 ||
	    (field(rec, "defaults", out->defaults, sizeof(out->defaults)) !=
		    0 &&
		strstr(rec, "defaults=") != NULL)) {
		free(rec);
		return (0);
	}
	free(rec);
	out->caps = (uint64_t)strtoull(caps, &end, 16);
	if (*end != '\0')
		return (0);
	out->confine = (unsigned)strtoul(conf, &end, 16);
	if (*end != '\0')
		return (0);
	(void)snprintf(out->src, sizeof(out->src), "%s", src);
	(void)snprintf(out->name, sizeof(out->name), "%s", name);
	return (1);
}

/*
 * Is source src (root dataset ds) one this context works on?  Decided
 * without zfs: --source, else the rc.conf lines, else the active pool's
 * source, always called "ioc".
 */
static int
source_ok(struct ioc_ctx *ctx, const char *src, const char *ds)
{
	struct srclist l = {NULL, 0, 0};
	struct ioc_err e;
	size_t i, len;
	char *buf;
	int ok = 0;

	if (ctx->nsources > 0) {
		for (i = 0; i < ctx->nsources; i++)
			if (strcmp(ctx->sources[i].name, src) == 0)
				return (
				    strcmp(ctx->sources[i].dataset, ds) == 0);
		return (0);
	}
	if (ctx->srcs.n > 0) {
		const struct src *s = src_find(&ctx->srcs, src);

		return (s != NULL && strcmp(s->dataset, ds) == 0);
	}
	if ((buf = fsu_read_file(ctx->rcconf, (size_t)1024 * 1024, &len, &e)) ==
	    NULL) {
		if (e.sys != ENOENT)
			return (0);
	} else {
		i = (size_t)src_from_rcconf(buf, len, &l, &e);
		free(buf);
		if (i != 0)
			return (0);
	}
	if (l.n == 0)
		return (strcmp(src, "ioc") == 0);
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i].name, src) == 0 &&
		    strcmp(l.v[i].dataset, ds) == 0)
			ok = 1;
	src_list_free(&l);
	return (ok);
}

/* Find a running jail through the runtime state alone. */
int
rt_launch_find(struct ioc_ctx *ctx, const char *selector, struct rt_launch *out,
    struct ioc_err *err)
{
	char srcname[128], path[4200];
	const char *name;
	struct dirent *d;
	struct ioc_err e;
	size_t hits = 0;
	DIR *dp;

	(void)err;
	(void)memset(out, 0, sizeof(*out));
	if (src_split_selector(selector, srcname, sizeof(srcname), &name, &e) !=
		0 ||
	    !names_existing_ok(name))
		return (0); /* the slow path says what is wrong */
	if (srcname[0] != '\0') {
		if (launch_read(ctx, srcname, name, out) != 1)
			return (0);
		return (source_ok(ctx, out->src, out->srcdataset));
	}
	(void)snprintf(path, sizeof(path), "%s/jails", ctx->rundir);
	if ((dp = opendir(path)) == NULL)
		return (0);
	while ((d = readdir(dp)) != NULL && hits < 2) {
		struct rt_launch cand;

		if (d->d_name[0] == '.' ||
		    ioc_source_name_check(d->d_name, &e) != 0)
			continue;
		if (launch_read(ctx, d->d_name, name, &cand) != 1 ||
		    !source_ok(ctx, cand.src, cand.srcdataset))
			continue;
		if (hits++ == 0)
			*out = cand;
	}
	(void)closedir(dp);
	/* Running in two sources: let the slow path say it is ambiguous. */
	return (hits == 1);
}

/* A jail opened from its launch record: one block, freed by free(). */
struct fastjail {
	struct ioc_jail j; /* first: ioc_jail_free(&fj->j) frees it all */
	struct src src;
	char srcname[128];
	char srcdataset[1024];
};

/* Open a running jail from its record; NULL when it cannot be (no err). */
static struct ioc_jail *
open_fast(struct ioc_ctx *ctx, const struct rt_launch *rec)
{
	struct fastjail *fj;
	struct cfgstore *defs = NULL;
	struct ioc_err e;
	struct stat sb;
	char path[4200];

	if (ctx->defaults == NULL) {
		if (rec->defaults[0] == '\0')
			return (NULL);
		/* The legacy .defaults dataset would need zfs. */
		(void)snprintf(
		    path, sizeof(path), "%s/.defaults", rec->defaults);
		if (stat(path, &sb) == 0)
			return (NULL);
		if ((defs = calloc(1, sizeof(*defs))) == NULL)
			return (NULL);
		if (cfgstore_load(ctx, CFG_DEFAULTS, rec->defaults, NULL, defs,
			&e) != 0) {
			free(defs);
			return (NULL);
		}
	}
	if ((fj = calloc(1, sizeof(*fj))) == NULL)
		goto fail;
	(void)snprintf(fj->srcname, sizeof(fj->srcname), "%s", rec->src);
	(void)snprintf(
	    fj->srcdataset, sizeof(fj->srcdataset), "%s", rec->srcdataset);
	fj->src.name = fj->srcname;
	fj->src.dataset = fj->srcdataset;
	fj->j.ctx = ctx;
	fj->j.ent.src = &fj->src;
	if ((fj->j.ent.name = strdup(rec->name)) == NULL ||
	    (fj->j.ent.dataset = strdup(rec->dataset)) == NULL ||
	    (fj->j.ent.mountpoint = strdup(rec->mountpoint)) == NULL ||
	    cfgstore_load(
		ctx, CFG_JAIL, rec->mountpoint, NULL, &fj->j.cfg, &e) != 0 ||
	    !fj->j.cfg.exists) {
		ioc_jail_free(&fj->j);
		goto fail;
	}
	if (defs != NULL)
		ctx->defaults = defs;
	fj->j.defs = &ctx->defaults->cur;
	return (&fj->j);
fail:
	if (defs != NULL) {
		cfgstore_free(defs);
		free(defs);
	}
	return (NULL);
}

/* Open a jail to stop it: from its launch record when it runs. */
struct ioc_jail *
rt_jail_open_running(
    struct ioc_ctx *ctx, const char *selector, struct ioc_err *err)
{
	struct rt_launch rec;
	struct ioc_jail *j;

	if (rt_launch_find(ctx, selector, &rec, err) == 1 &&
	    (j = open_fast(ctx, &rec)) != NULL) {
		ioc_log(ctx, IOC_LOG_DEBUG,
		    "jail '%s' found in the runtime state", rec.name);
		return (j);
	}
	return (ioc_jail_open(ctx, selector, err));
}
