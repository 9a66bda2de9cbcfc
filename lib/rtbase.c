/*
 * rtbase.c - the release clone a basejail shares: found, with its
 * mountpoint and whether it is mounted, in the one listing of the
 * source's releases, and mounted only when it is not.
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

/* The mounted read-only clone of a basejail's release. */
int
rt_release_clone(struct ioc_ctx *ctx, const struct src *s, const char *release,
    char **mp, struct ioc_err *err)
{
	static const char *const props[] = {"mountpoint", "mounted", NULL};
	struct zds_table t;
	struct rellist l = {NULL, 0};
	const struct rel *r;
	const char *cmp = NULL, *mounted = NULL;
	char prefix[512], clone[512], sel[600];
	size_t i;
	int patch, rv = -1;

	*mp = NULL;
	(void)memset(&t, 0, sizeof(t));
	(void)snprintf(prefix, sizeof(prefix), "%s/releases", s->dataset);
	(void)snprintf(sel, sizeof(sel), "%s/%s", s->name, release);
	/* The rows rel_find() reads, with the clones' mount state too. */
	if (zds_list(ctx, prefix, props, 3, ZDS_SNAPSHOTS, &t, err) != 0) {
		if (err->code == IOC_ENOENT)
			(void)ioc_err_set(err, IOC_ENOENT, 0,
			    "Release '%s' does not exist or is not fetched "
			    "locally",
			    release);
		return (-1);
	}
	if (rel_from_table(s, prefix, &t, &l, err) != 0 ||
	    rel_lookup(&l, sel, &r, &patch, err) != 0)
		goto out;
	if (patch < 0 || rel_clone_name(r, patch, clone, sizeof(clone)) != 0) {
		(void)ioc_err_set(err, IOC_ENOENT, 0,
		    "Release '%s' has no snapshot to share", r->name);
		goto out;
	}
	for (i = 0; i < t.nrows; i++) {
		if (strcmp(zds_cell(&t, i, 0), clone) == 0) {
			cmp = zds_cell(&t, i, 1);
			mounted = zds_cell(&t, i, 2);
		}
	}
	if (cmp == NULL || cmp[0] != '/') {
		(void)ioc_err_set(err, IOC_ENOENT, 0,
		    "Release '%s' has no read-only clone %s to share", r->name,
		    clone);
		goto out;
	}
	/* The clone is canmount=noauto: mounted by the first basejail. */
	if (strcmp(mounted, "yes") != 0 && zds_mount(ctx, clone, err) != 0 &&
	    strstr(err->msg, "already mounted") == NULL)
		goto out;
	if ((*mp = ioc_strdup(cmp, err)) == NULL)
		goto out;
	rv = 0;
out:
	rel_list_free(&l);
	zds_table_free(&t);
	return (rv);
}
