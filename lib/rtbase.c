/*
 * rtbase.c - the release clone a basejail shares: found, with its
 * mountpoint and whether it is mounted, in the one listing of the
 * source's releases, and mounted only when it is not.  A start passes the
 * listing jail_open_start() made together with the jail, so that a
 * basejail start needs no zfs listing of its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "release.h"
#include "runtime.h"
#include "source.h"
#include "zds.h"

/* Append one "name\tmp\tmounted\n" row to a growing buffer. */
static int
row_add(char **buf, size_t *len, size_t *cap, const char *name, const char *mp,
    const char *mounted, struct ioc_err *err)
{
	size_t need = strlen(name) + strlen(mp) + strlen(mounted) + 4;
	char *nb;

	if (*len + need >= *cap) {
		if ((nb = realloc(*buf, (*len + need) * 2)) == NULL)
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		*buf = nb;
		*cap = (*len + need) * 2;
	}
	*len += (size_t)snprintf(
	    *buf + *len, *cap - *len, "%s\t%s\t%s\n", name, mp, mounted);
	return (0);
}

/*
 * The rows of the start's listing (no snapshots) below prefix as the
 * three-column releases listing rel_from_table() reads, each read-only
 * clone root-pN standing in for its snapshot root@pN (the release
 * contract creates and destroys the two together).
 */
static int
from_clones(const char *prefix, const struct zds_table *known,
    struct zds_table *out, struct ioc_err *err)
{
	size_t plen = strlen(prefix), len = 0, cap = 0, r;
	const char *name, *base;
	char *buf = NULL, snap[600];
	int rv = -1;

	(void)memset(out, 0, sizeof(*out));
	if (known->ncols < 3)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "releases listing: expected 3 columns"));
	for (r = 0; r < known->nrows; r++) {
		name = zds_cell(known, r, 0);
		if (strncmp(name, prefix, plen) != 0 || name[plen] != '/')
			continue;
		if (row_add(&buf, &len, &cap, name, zds_cell(known, r, 1),
			zds_cell(known, r, 2), err) != 0)
			goto out;
		base = strrchr(name, '/');
		if (strncmp(base, "/root-p", 7) != 0 ||
		    rel_parse_patch(base + 6) < 0)
			continue;
		(void)snprintf(snap, sizeof(snap), "%.*s/root@%s",
		    (int)(base - name), name, base + 6);
		if (row_add(&buf, &len, &cap, snap, "-", "-", err) != 0)
			goto out;
	}
	rv = zds_table_parse(buf != NULL ? buf : "", len, 3, out, err);
out:
	free(buf);
	return (rv);
}

/*
 * The clone of release sel in the releases rows lt, and its row in t:
 * *cmp its mountpoint, *mounted its mount state (borrowed from t).
 */
static int
pick(const struct src *s, const char *prefix, const char *sel,
    const struct zds_table *lt, const struct zds_table *t, const char **cmp,
    const char **mounted, char *clone, size_t size, struct ioc_err *err)
{
	struct rellist l = {NULL, 0};
	const struct rel *r;
	size_t i;
	int patch, rv = -1;

	*cmp = *mounted = NULL;
	if (rel_from_table(s, prefix, lt, &l, err) != 0 ||
	    rel_lookup(&l, sel, &r, &patch, err) != 0)
		goto out;
	if (patch < 0 || rel_clone_name(r, patch, clone, size) != 0) {
		(void)ioc_err_set(err, IOC_ENOENT, 0,
		    "Release '%s' has no snapshot to share", r->name);
		goto out;
	}
	for (i = 0; i < t->nrows; i++) {
		if (strcmp(zds_cell(t, i, 0), clone) == 0) {
			*cmp = zds_cell(t, i, 1);
			*mounted = zds_cell(t, i, 2);
		}
	}
	if (*cmp == NULL || (*cmp)[0] != '/') {
		(void)ioc_err_set(err, IOC_ENOENT, 0,
		    "Release '%s' has no read-only clone %s to share", r->name,
		    clone);
		goto out;
	}
	rv = 0;
out:
	rel_list_free(&l);
	return (rv);
}

/* The mounted read-only clone of a basejail's release. */
int
rt_release_clone(struct ioc_ctx *ctx, const struct src *s, const char *release,
    const struct zds_table *known, char **mp, struct ioc_err *err)
{
	static const char *const props[] = {"mountpoint", "mounted", NULL};
	struct zds_table t, syn;
	const char *cmp = NULL, *mounted = NULL;
	char prefix[512], clone[512], sel[600];
	int found = 0, rv = -1;

	*mp = NULL;
	(void)memset(&t, 0, sizeof(t));
	(void)memset(&syn, 0, sizeof(syn));
	(void)snprintf(prefix, sizeof(prefix), "%s/releases", s->dataset);
	(void)snprintf(sel, sizeof(sel), "%s/%s", s->name, release);
	/* The start's own listing, when it has the clone; anything else is
	 * decided (and worded) by a listing of the releases as before. */
	if (known != NULL && from_clones(prefix, known, &syn, err) == 0 &&
	    pick(s, prefix, sel, &syn, known, &cmp, &mounted, clone,
		sizeof(clone), err) == 0)
		found = 1;
	else if (known != NULL)
		ioc_log(ctx, IOC_LOG_DEBUG,
		    "basejail: %s not in the start's listing (%s): listing the "
		    "releases",
		    release, err->msg);
	/* The rows rel_find() reads, with the clones' mount state too. */
	if (!found &&
	    zds_list(ctx, prefix, props, 3, ZDS_SNAPSHOTS, &t, err) != 0) {
		if (err->code == IOC_ENOENT)
			(void)ioc_err_set(err, IOC_ENOENT, 0,
			    "Release '%s' does not exist or is not fetched "
			    "locally",
			    release);
		goto out;
	}
	if (!found &&
	    pick(s, prefix, sel, &t, &t, &cmp, &mounted, clone, sizeof(clone),
		err) != 0)
		goto out;
	/* The clone is canmount=noauto: mounted by the first basejail. */
	if (strcmp(mounted, "yes") != 0 && zds_mount(ctx, clone, err) != 0 &&
	    strstr(err->msg, "already mounted") == NULL)
		goto out;
	if ((*mp = ioc_strdup(cmp, err)) == NULL)
		goto out;
	rv = 0;
out:
	zds_table_free(&syn);
	zds_table_free(&t);
	return (rv);
}
