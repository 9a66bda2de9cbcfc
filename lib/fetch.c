/*
 * fetch.c - releases from mirrors (spec 9.1): the fetch pipeline with an
 * undo for every step, and the remote release listing.
 *
 * Order: everything that needs no dataset comes first (mirror, checksum
 * list, downloads into the cache, sha256 of every asset), so a bad mirror
 * or a tampered asset never touches the pool.  Then the datasets are
 * created, the assets unpacked, the configuration edited and root@p0
 * taken; a failure or a cancellation from there on destroys the datasets
 * this fetch created.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "download.h"
#include "extract.h"
#include "fetch.h"
#include "fsu.h"
#include "hash.h"
#include "internal.h"
#include "manifest.h"
#include "mirror.h"
#include "names.h"
#include "release.h"
#include "source.h"
#include "update.h"
#include "zds.h"

#define FETCH_MAX_ASSETS 32
#define CONF_MAX	 ((size_t)1024 * 1024)
#define EOL_TIMEOUT_S	 10

/* The release configuration of spec 9.1: file, then key/value pairs. */
static const char *const rc_conf[] = {"netif_enable", "NO", "sendmail_enable",
    "NO", "sendmail_submit_enable", "NO", "sendmail_msp_queue_enable", "NO",
    "sendmail_outbound_enable", "NO", "cron_flags", "-m ''", "syslogd_flags",
    "-ss", NULL};
static const char *const periodic_conf[] = {"daily_clean_hoststat_enable", "NO",
    "daily_status_mail_rejects_enable", "NO",
    "daily_status_include_submit_mailq", "NO", "daily_submit_queuerun", "NO",
    NULL};
static const char *const sysctl_conf[] = {"net.inet.ip.fw.enable", "0", NULL};

static const struct {
	const char *file;
	const char *const *kv;
} relconf[] = {
    {"rc.conf", rc_conf},
    {"periodic.conf", periodic_conf},
    {"sysctl.conf", sysctl_conf},
};

struct fetch {
	struct ioc_ctx *ctx;
	const struct ioc_fetch_opts *o;
	const struct src *src;
	char name[IOC_NAME_MAX + 1];
	char march[64];
	char reldir[NAME_MAX + 1]; /* the release's directory on the mirror */
	char *mirror;		   /* without a trailing "/" */
	char *cachedir;		   /* <cache>/<name> */
	const char *manname;
	char *manbuf;
	size_t manlen;
	struct manifest man;
	char assets[FETCH_MAX_ASSETS][NAME_MAX + 1];
	size_t nassets;
	char relds[512];
	char rootds[512];
	char *rel_mp;
	char *root_mp;
	int created_rel;
	int created_root;
	int patch;
};

static int
cancelled(const struct fetch *f)
{
	return (f->o->cancel != NULL && *f->o->cancel != 0);
}

static int
check_cancel(const struct fetch *f, struct ioc_err *err)
{
	if (!cancelled(f))
		return (0);
	return (ioc_err_set(
	    err, IOC_EIO, EINTR, "Fetch of release '%s' interrupted", f->name));
}

/* Normalise an asset name into "<name>.txz". */
int
fetch_asset_name(const char *name, char *buf, size_t size, struct ioc_err *err)
{
	size_t len = strlen(name), i;

	if (len > 4 && strcmp(name + len - 4, ".txz") == 0)
		len -= 4;
	if (len == 0 || len > 64 || name[0] == '.' || name[0] == '-')
		goto bad;
	for (i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
			(name[i] >= 'A' && name[i] <= 'Z') ||
			(name[i] >= '0' && name[i] <= '9') || name[i] == '.' ||
			name[i] == '-' || name[i] == '_'))
			goto bad;
	if ((size_t)snprintf(buf, size, "%.*s.txz", (int)len, name) >= size)
		goto bad;
	return (0);
bad:
	return (
	    ioc_err_set(err, IOC_EINVAL, 0, "Invalid asset name '%s'", name));
}

/* A growing string. */
struct sbuf {
	char *s;
	size_t len;
	size_t cap;
};

static int
sb_add(struct sbuf *b, const char *s, size_t n, struct ioc_err *err)
{
	char *ns;

	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap == 0 ? 256 : b->cap;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((ns = realloc(b->s, cap)) == NULL)
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		b->s = ns;
		b->cap = cap;
	}
	(void)memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return (0);
}

static int
sb_kv(struct sbuf *b, const char *k, const char *v, struct ioc_err *err)
{
	return (sb_add(b, k, strlen(k), err) != 0 ||
		    sb_add(b, "=\"", 2, err) != 0 ||
		    sb_add(b, v, strlen(v), err) != 0 ||
		    sb_add(b, "\"\n", 2, err) != 0
		? -1
		: 0);
}

/* Apply key="value" settings to rc.conf-style text. */
int
fetch_conf_apply(const char *in, size_t len, const char *const *kv, char **out,
    int *changed, struct ioc_err *err)
{
	struct sbuf b = {NULL, 0, 0};
	const char *p = in, *end = in + len;
	unsigned char seen[32];
	size_t nk = 0, k;

	*out = NULL;
	*changed = 0;
	while (kv[2 * nk] != NULL)
		nk++;
	if (nk > sizeof(seen))
		return (ioc_err_set(err, IOC_EINVAL, 0, "too many settings"));
	(void)memset(seen, 0, sizeof(seen));
	if (sb_add(&b, "", 0, err) != 0)
		return (-1);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end, *q = p;
		size_t llen = (size_t)(le - p);

		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		for (k = 0; k < nk; k++) {
			size_t kl = strlen(kv[2 * k]);

			if ((size_t)(le - q) > kl &&
			    memcmp(q, kv[2 * k], kl) == 0 && q[kl] == '=')
				break;
		}
		if (k < nk) {
			size_t vl = strlen(kv[2 * k + 1]),
			       kl = strlen(kv[2 * k]);

			seen[k] = 1;
			if (llen != kl + vl + 3 || q != p ||
			    memcmp(p + kl + 2, kv[2 * k + 1], vl) != 0 ||
			    p[kl + 1] != '"' || p[kl + 2 + vl] != '"' ||
			    nl == NULL)
				*changed = 1;
			if (sb_kv(&b, kv[2 * k], kv[2 * k + 1], err) != 0)
				goto fail;
		} else if (sb_add(&b, p, llen, err) != 0 ||
		    (nl != NULL && sb_add(&b, "\n", 1, err) != 0))
			goto fail;
		p = nl != NULL ? nl + 1 : end;
	}
	for (k = 0; k < nk; k++) {
		if (seen[k])
			continue;
		*changed = 1;
		if (b.len > 0 && b.s[b.len - 1] != '\n' &&
		    sb_add(&b, "\n", 1, err) != 0)
			goto fail;
		if (sb_kv(&b, kv[2 * k], kv[2 * k + 1], err) != 0)
			goto fail;
	}
	*out = b.s;
	return (0);
fail:
	free(b.s);
	return (-1);
}

/* The mirror directory without trailing slashes. */
static int
mirror_resolve(struct fetch *f, struct ioc_err *err)
{
	static const char *const schemes[] = {
	    "http://", "https://", "ftp://", "file://"};
	const char *u = f->o->url;
	char distro[64];
	size_t i, len;

	if (mirror_machine_arch(f->o->arch, f->march, sizeof(f->march)) != 0)
		(void)snprintf(f->march, sizeof(f->march), "unknown");
	if (mirror_host_distro(distro, sizeof(distro)) != 0)
		distro[0] = '\0';
	/* HardenedBSD's build server names its directories itself. */
	if (mirror_release_dir(u == NULL ? distro : "", f->name, f->march,
		f->reldir, sizeof(f->reldir)) != 0)
		return (ioc_err_set(
		    err, IOC_EINVAL, ENAMETOOLONG, "release name too long"));
	if (u == NULL)
		f->mirror = mirror_default_url_for(distro, f->o->arch, err);
	else {
		for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
			if (strncmp(u, schemes[i], strlen(schemes[i])) == 0)
				break;
		if (i == sizeof(schemes) / sizeof(schemes[0]) ||
		    strpbrk(u, " \t\r\n") != NULL)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "Invalid mirror URL '%s': expected http://, "
			    "https://, ftp:// or file://",
			    u));
		f->mirror = ioc_strdup(u, err);
	}
	if (f->mirror == NULL)
		return (-1);
	len = strlen(f->mirror);
	while (len > 0 && f->mirror[len - 1] == '/')
		f->mirror[--len] = '\0';
	return (0);
}

/* <cache>/<name>, created with mode 0700. */
static int
cache_resolve(struct fetch *f, struct ioc_err *err)
{
	const char *c = f->o->cache_dir;

	if (c == NULL || c[0] == '\0')
		c = getenv(FETCH_CACHE_ENV);
	if (c == NULL || c[0] == '\0')
		c = FETCH_CACHE_DEFAULT;
	if (c[0] != '/')
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "The download cache '%s' is not an absolute path", c));
	if ((f->cachedir = ioc_aprintf(err, "%s/%s", c, f->name)) == NULL)
		return (-1);
	if (fsu_mkdirs(f->cachedir, 0700, err) != 0)
		return (ioc_err_wrap(err, "download cache"));
	return (0);
}

/* MANIFEST, else CHECKSUMS.SHA256. */
static int
manifest_load(struct fetch *f, struct ioc_err *err)
{
	static const char *const names[] = {
	    MANIFEST_FREEBSD, MANIFEST_HARDENED};
	char *url;
	size_t i;
	int r;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		url = ioc_aprintf(
		    err, "%s/%s/%s", f->mirror, f->reldir, names[i]);
		if (url == NULL)
			return (-1);
		r = dl_fetch_buffer(
		    f->ctx, url, MANIFEST_MAX, 0, &f->manbuf, &f->manlen, err);
		free(url);
		if (r == 0) {
			f->manname = names[i];
			break;
		}
		if (err->code != IOC_ENOENT)
			return (-1);
	}
	if (f->manname == NULL)
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "The release '%s' is not available at %s: it has no %s or "
		    "%s",
		    f->name, f->mirror, MANIFEST_FREEBSD, MANIFEST_HARDENED));
	if (manifest_parse(f->manbuf, f->manlen, &f->man, err) != 0)
		return (ioc_err_wrap(
		    err, "%s/%s/%s", f->mirror, f->reldir, f->manname));
	return (0);
}

static int
asset_add(struct fetch *f, const char *name, struct ioc_err *err)
{
	char buf[NAME_MAX + 1];
	size_t i;

	if (fetch_asset_name(name, buf, sizeof(buf), err) != 0)
		return (-1);
	for (i = 0; i < f->nassets; i++)
		if (strcmp(f->assets[i], buf) == 0)
			return (0);
	if (f->nassets == FETCH_MAX_ASSETS)
		return (ioc_err_set(err, IOC_EINVAL, 0, "too many assets"));
	(void)memcpy(f->assets[f->nassets++], buf, sizeof(buf));
	return (0);
}

/* The assets to fetch; each must be listed in the checksum file. */
static int
assets_resolve(struct fetch *f, struct ioc_err *err)
{
	const char *const *a = f->o->assets;
	size_t i;

	if (a != NULL && a[0] != NULL) {
		for (; *a != NULL; a++)
			if (asset_add(f, *a, err) != 0)
				return (-1);
	} else {
		if (asset_add(f, "base", err) != 0)
			return (-1);
		if (strcmp(f->march, "amd64") == 0 &&
		    f->man.kind == MANIFEST_KIND_FREEBSD &&
		    manifest_find(&f->man, "lib32.txz") != NULL &&
		    asset_add(f, "lib32", err) != 0)
			return (-1);
	}
	for (i = 0; i < f->nassets; i++)
		if (manifest_find(&f->man, f->assets[i]) == NULL)
			return (ioc_err_set(err, IOC_ESECURITY, 0,
			    "Asset %s has an invalid signature: %s does not "
			    "list it",
			    f->assets[i], f->manname));
	return (0);
}

/* sha256 of a file against the checksum list; 1 match, 0 not, -1 error. */
static int
asset_matches(struct fetch *f, const char *path,
    const struct manifest_entry *me, struct ioc_err *err)
{
	unsigned char buf[1 << 16], dig[HASH_SHA256_LEN];
	char hex[2 * HASH_SHA256_LEN + 1];
	struct hash_sha256 h;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return (ioc_err_sys(err, 0, "open '%s'", path));
	hash_sha256_init(&h);
	for (;;) {
		if (check_cancel(f, err) != 0) {
			(void)close(fd);
			return (-1);
		}
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			(void)ioc_err_sys(err, 0, "read '%s'", path);
			(void)close(fd);
			return (-1);
		}
		if (n == 0)
			break;
		hash_sha256_update(&h, buf, (size_t)n);
	}
	(void)close(fd);
	hash_sha256_final(&h, dig);
	hash_hex(dig, sizeof(dig), hex);
	return (strcmp(hex, me->sha256) == 0);
}

/* Download (or reuse from the cache) and verify one asset. */
static int
asset_get(struct fetch *f, const char *asset, struct ioc_err *err)
{
	const struct manifest_entry *me = manifest_find(&f->man, asset);
	struct dl_req req;
	struct stat sb;
	char *path = NULL, *url = NULL;
	int m, rv = -1;

	if ((path = ioc_aprintf(err, "%s/%s", f->cachedir, asset)) == NULL ||
	    (url = ioc_aprintf(err, "%s/%s/%s", f->mirror, f->reldir, asset)) ==
		NULL)
		goto out;
	if (lstat(path, &sb) == 0) {
		if (S_ISREG(sb.st_mode) &&
		    (m = asset_matches(f, path, me, err)) != 0) {
			if (m < 0)
				goto out;
			ioc_log(f->ctx, IOC_LOG_VERBOSE,
			    "%s: using the verified copy in %s", asset,
			    f->cachedir);
			rv = 0;
			goto out;
		}
		ioc_log(f->ctx, IOC_LOG_WARN,
		    "%s in the download cache does not match %s: "
		    "downloading it again",
		    asset, f->manname);
		if (unlink(path) != 0) {
			(void)ioc_err_sys(err, 0, "remove '%s'", path);
			goto out;
		}
	}
	(void)memset(&req, 0, sizeof(req));
	req.url = url;
	req.path = path;
	req.what = asset;
	req.cancel = f->o->cancel;
	ioc_log(f->ctx, IOC_LOG_INFO, "Downloading %s", url);
	if (dl_fetch_file(f->ctx, &req, err) != 0) {
		if (cancelled(f))
			(void)check_cancel(f, err);
		goto out;
	}
	if ((m = asset_matches(f, path, me, err)) < 0)
		goto out;
	if (m == 0) {
		(void)unlink(path);
		(void)ioc_err_set(err, IOC_ESECURITY, 0,
		    "Asset %s has an invalid signature", asset);
		goto out;
	}
	ioc_log(f->ctx, IOC_LOG_VERBOSE, "%s: sha256 %s verified", asset,
	    me->sha256);
	rv = 0;
out:
	free(path);
	free(url);
	return (rv);
}

/* A dataset's mountpoint, mounted; a new string. */
static char *
ds_mounted(struct fetch *f, const char *ds, struct ioc_err *err)
{
	char *mp, *mounted;

	if ((mp = zds_get_value(f->ctx, ds, "mountpoint", err)) == NULL)
		return (NULL);
	if (mp[0] != '/') {
		(void)ioc_err_set(err, IOC_EINVAL, 0,
		    "The dataset '%s' has no mountpoint (%s)", ds, mp);
		free(mp);
		return (NULL);
	}
	if ((mounted = zds_get_value(f->ctx, ds, "mounted", err)) == NULL) {
		free(mp);
		return (NULL);
	}
	if (strcmp(mounted, "yes") != 0 && zds_mount(f->ctx, ds, err) != 0) {
		free(mounted);
		free(mp);
		return (NULL);
	}
	free(mounted);
	return (mp);
}

/* <root>/releases/<name> (mode 0700, with the checksum list) and root. */
static int
step_datasets(struct fetch *f, struct ioc_err *err)
{
	char path[PATH_MAX];

	if (src_ensure_layout(f->ctx, f->src, err) != 0)
		return (-1);
	if (zds_create(f->ctx, f->relds, NULL, 0, err) != 0)
		return (-1);
	f->created_rel = 1;
	if ((f->rel_mp = ds_mounted(f, f->relds, err)) == NULL)
		return (-1);
	if (chmod(f->rel_mp, 0700) != 0)
		return (ioc_err_sys(err, 0, "chmod '%s'", f->rel_mp));
	(void)snprintf(path, sizeof(path), "%s/%s", f->rel_mp, f->manname);
	if (fsu_write_atomic(path, f->manbuf, f->manlen, 0644, err) != 0)
		return (-1);
	if (zds_create(f->ctx, f->rootds, NULL, 0, err) != 0)
		return (-1);
	f->created_root = 1;
	if ((f->root_mp = ds_mounted(f, f->rootds, err)) == NULL)
		return (-1);
	return (0);
}

static void
undo_datasets(struct fetch *f)
{
	struct ioc_err e;
	const char *ds = f->created_rel ? f->relds : f->rootds;

	if (!f->created_rel && !f->created_root)
		return;
	ioc_log(f->ctx, IOC_LOG_INFO, "Removing %s again", ds);
	if (zds_destroy(f->ctx, ds, ZDS_RECURSIVE, &e) != 0)
		ioc_log(f->ctx, IOC_LOG_WARN, "could not destroy '%s': %s", ds,
		    e.msg);
}

/* Unpack every asset into root. */
static int
step_extract(struct fetch *f, int rootfd, struct ioc_err *err)
{
	struct extract_stats st;
	struct extract_opts xo;
	char what[NAME_MAX + 16], *path;
	size_t i;
	int r;

	for (i = 0; i < f->nassets; i++) {
		if (check_cancel(f, err) != 0)
			return (-1);
		(void)snprintf(
		    what, sizeof(what), "Extracting %s", f->assets[i]);
		xo.what = what;
		xo.cancel = f->o->cancel;
		path = ioc_aprintf(err, "%s/%s", f->cachedir, f->assets[i]);
		if (path == NULL)
			return (-1);
		ioc_log(f->ctx, IOC_LOG_INFO, "%s", what);
		r = extract_archive(f->ctx, path, rootfd, &xo, &st, err);
		free(path);
		if (r != 0) {
			if (cancelled(f))
				return (check_cancel(f, err));
			return (ioc_err_wrap(err, "Asset %s", f->assets[i]));
		}
	}
	return (0);
}

/* Read a file of the directory dirfd (a missing one is empty). */
static int
read_at(
    int dirfd, const char *name, char **buf, size_t *len, struct ioc_err *err)
{
	struct sbuf b = {NULL, 0, 0};
	char chunk[8192];
	ssize_t n;
	int fd;

	*buf = NULL;
	*len = 0;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT && errno != ELOOP && errno != EMLINK)
		return (ioc_err_sys(err, 0, "open 'etc/%s'", name));
	if (sb_add(&b, "", 0, err) != 0) {
		if (fd >= 0)
			(void)close(fd);
		return (-1);
	}
	while (fd >= 0) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || b.len + (size_t)n > CONF_MAX) {
			(void)ioc_err_sys(err, 0, "read 'etc/%s'", name);
			(void)close(fd);
			free(b.s);
			return (-1);
		}
		if (n == 0)
			break;
		if (sb_add(&b, chunk, (size_t)n, err) != 0) {
			(void)close(fd);
			free(b.s);
			return (-1);
		}
	}
	if (fd >= 0)
		(void)close(fd);
	*buf = b.s;
	*len = b.len;
	return (0);
}

/* The release configuration edits, each file written only when changed. */
static int
step_config(struct fetch *f, int rootfd, struct ioc_err *err)
{
	struct ioc_err e;
	char *in = NULL, *out = NULL;
	size_t i, len;
	int etcfd, changed, rv = -1;

	etcfd =
	    fsu_open_in_root(rootfd, "etc", O_RDONLY | O_DIRECTORY, 0, 0, &e);
	if (etcfd < 0) {
		ioc_log(f->ctx, IOC_LOG_VERBOSE,
		    "release '%s' has no etc/: no configuration to edit",
		    f->name);
		return (0);
	}
	for (i = 0; i < sizeof(relconf) / sizeof(relconf[0]); i++) {
		if (read_at(etcfd, relconf[i].file, &in, &len, err) != 0 ||
		    fetch_conf_apply(
			in, len, relconf[i].kv, &out, &changed, err) != 0)
			goto out;
		if (changed &&
		    fsu_write_atomic_at(etcfd, relconf[i].file, out,
			strlen(out), 0644, err) != 0) {
			(void)ioc_err_wrap(err, "etc/%s", relconf[i].file);
			goto out;
		}
		ioc_log(f->ctx, IOC_LOG_VERBOSE, "etc/%s %s", relconf[i].file,
		    changed ? "updated" : "unchanged");
		free(in);
		free(out);
		in = out = NULL;
	}
	rv = 0;
out:
	free(in);
	free(out);
	(void)close(etcfd);
	return (rv);
}

/*
 * The update step (lib/update.c): the host's freebsd-update or
 * hbsd-update (or $IOC_UPDATER) with the working directory
 * <release>/updates, rolled back on failure, root@p<N> on success.  A
 * host without an updater (Linux) skips it with a notice.  A failed
 * update leaves the release at p0 and fails the fetch.
 */
static int
step_update(struct fetch *f, struct ioc_err *err)
{
	struct upd_prog prog;
	struct ioc_err e;
	struct rel r;
	int p0 = f->patch, patch, changed;

	if (f->o->no_update || f->o->no_fetch_updates) {
		ioc_log(f->ctx, IOC_LOG_VERBOSE,
		    "Not updating release '%s' (%s)", f->name,
		    f->o->no_update ? "--no-update" : "--no-fetch-updates");
		return (0);
	}
	if (upd_prog_find(getenv(UPD_ENV), NULL, &prog, &e) != 0) {
		if (e.code != IOC_ENOTSUP) {
			*err = e;
			return (ioc_err_wrap(err,
			    "Release '%s' fetched (p%d), but not updated",
			    f->name, f->patch));
		}
		ioc_log(f->ctx, IOC_LOG_INFO,
		    "Skipping the update of release '%s': %s", f->name, e.msg);
		return (0);
	}
	(void)memset(&r, 0, sizeof(r));
	r.src = f->src;
	r.name = f->name;
	r.dataset = f->relds;
	r.root_mp = f->root_mp;
	r.has_root = 1;
	r.patches = &p0;
	r.npatches = 1;
	if (upd_release_locked(f->ctx, &prog, &r, &patch, &changed, err) != 0)
		return (ioc_err_wrap(err,
		    "Release '%s' fetched (p%d), but not updated", f->name,
		    f->patch));
	if (changed) {
		ioc_log(f->ctx, IOC_LOG_INFO, "Release '%s' updated: %s@p%d",
		    f->name, f->rootds, patch);
		f->patch = patch;
	}
	return (0);
}

/* root@p0 and its read-only clone. */
static int
step_snapshot(struct fetch *f, struct ioc_err *err)
{
	struct rel r;

	(void)memset(&r, 0, sizeof(r));
	r.src = f->src;
	r.name = f->name;
	r.dataset = f->relds;
	r.root_mp = f->root_mp;
	r.has_root = 1;
	return (rel_snapshot_next(f->ctx, &r, &f->patch, err));
}

/* Remove the downloaded assets (the directory too when empty). */
static void
cache_clean(struct fetch *f)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < f->nassets; i++) {
		(void)snprintf(
		    path, sizeof(path), "%s/%s", f->cachedir, f->assets[i]);
		if (unlink(path) != 0 && errno != ENOENT)
			ioc_log(f->ctx, IOC_LOG_WARN, "could not remove '%s'",
			    path);
	}
	(void)rmdir(f->cachedir);
}

/* Everything after the "already fetched" check, under the lock. */
static int
fetch_run(struct fetch *f, struct ioc_err *err)
{
	size_t i;
	int rootfd = -1, rv = -1;

	if (mirror_resolve(f, err) != 0 || cache_resolve(f, err) != 0)
		return (-1);
	ioc_log(f->ctx, IOC_LOG_INFO, "Fetching release '%s' from %s", f->name,
	    f->mirror);
	if (manifest_load(f, err) != 0 || assets_resolve(f, err) != 0)
		return (-1);
	for (i = 0; i < f->nassets; i++)
		if (check_cancel(f, err) != 0 ||
		    asset_get(f, f->assets[i], err) != 0)
			return (-1);
	if (check_cancel(f, err) != 0)
		return (-1);
	/* From here on every failure undoes the datasets. */
	if (step_datasets(f, err) != 0)
		goto out;
	rootfd = open(f->root_mp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		(void)ioc_err_sys(err, 0, "open '%s'", f->root_mp);
		goto out;
	}
	if (step_extract(f, rootfd, err) != 0 || check_cancel(f, err) != 0 ||
	    step_config(f, rootfd, err) != 0 || check_cancel(f, err) != 0)
		goto out;
	(void)close(rootfd);
	rootfd = -1;
	if (step_snapshot(f, err) != 0)
		goto out;
	ioc_log(f->ctx, IOC_LOG_INFO, "Release '%s' fetched: %s@p%d", f->name,
	    f->rootds, f->patch);
	rv = 0;
	/* The release is complete; a failed update leaves it at p0. */
	if (step_update(f, err) != 0)
		rv = -1;
	cache_clean(f);
	return (rv);
out:
	if (rootfd >= 0)
		(void)close(rootfd);
	undo_datasets(f);
	return (-1);
}

/* Fetch a release from a mirror. */
int
ioc_release_fetch(
    struct ioc_ctx *ctx, const struct ioc_fetch_opts *o, struct ioc_err *err)
{
	struct fsu_lock lk = {-1};
	const struct srclist *srcs;
	struct fetch f;
	struct rel r;
	struct ioc_err e;
	const char *slash, *name;
	char srcname[128], sel[512];
	int patch, rv = -1;

	if (o == NULL || o->release == NULL || o->release[0] == '\0')
		return (ioc_err_set(err, IOC_EINVAL, 0, "No release given"));
	(void)memset(&f, 0, sizeof(f));
	f.ctx = ctx;
	f.o = o;
	srcname[0] = '\0';
	name = o->release;
	if ((slash = strchr(o->release, '/')) != NULL) {
		if ((size_t)(slash - o->release) >= sizeof(srcname))
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "Invalid release '%s'", o->release));
		(void)snprintf(srcname, sizeof(srcname), "%.*s",
		    (int)(slash - o->release), o->release);
		name = slash + 1;
	}
	if (rel_name_check(name, err) != 0)
		return (-1);
	(void)snprintf(f.name, sizeof(f.name), "%s", name);
	if ((srcs = src_get(ctx, err)) == NULL)
		return (-1);
	f.src = srcname[0] != '\0' ? src_find(srcs, srcname) : &srcs->v[0];
	if (f.src == NULL)
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "The source '%s' is not configured", srcname));
	if ((size_t)snprintf(f.relds, sizeof(f.relds), "%s/releases/%s",
		f.src->dataset, f.name) >= sizeof(f.relds) - 8)
		return (ioc_err_set(
		    err, IOC_EINVAL, ENAMETOOLONG, "dataset name too long"));
	(void)memcpy(f.rootds, f.relds, sizeof(f.relds));
	(void)strcat(f.rootds, "/root");
	if (rel_lock(ctx, f.src->name, f.name, &lk, err) != 0)
		return (-1);
	(void)snprintf(sel, sizeof(sel), "%s/%s", f.src->name, f.name);
	if (rel_find(ctx, sel, &r, &patch, &e) == 0) {
		rel_free(&r);
		if (patch >= 0) {
			ioc_log(ctx, IOC_LOG_INFO,
			    "Release '%s' is already fetched (p%d)", f.name,
			    patch);
			rv = 1;
		} else
			(void)ioc_err_set(err, IOC_EEXIST, 0,
			    "Release '%s' exists but has no snapshot: it was "
			    "not fetched completely; destroy it first",
			    f.name);
		goto out;
	}
	if (e.code != IOC_ENOENT) {
		*err = e;
		goto out;
	}
	rv = fetch_run(&f, err);
out:
	fsu_unlock(&lk);
	free(f.mirror);
	free(f.cachedir);
	free(f.manbuf);
	free(f.rel_mp);
	free(f.root_mp);
	manifest_free(&f.man);
	return (rv);
}

/* The subdirectories of a file:// mirror, as an index would list them. */
static int
dir_index(const char *url, struct mirror_names *out, struct ioc_err *err)
{
	const char *path = url + strlen("file://");
	struct dirent *d;
	DIR *dir;
	int fd, rv = 0;

	(void)memset(out, 0, sizeof(*out));
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			(void)close(fd);
		return (ioc_err_sys(err, 0, "Failed listing %s", url));
	}
	while (rv == 0 && (d = readdir(dir)) != NULL) {
		struct stat sb;
		char href[NAME_MAX + 16];
		struct mirror_names one;
		size_t n;

		if (fstatat(fd, d->d_name, &sb, 0) != 0 || !S_ISDIR(sb.st_mode))
			continue;
		/* The same rules as a scraped index. */
		n = (size_t)snprintf(
		    href, sizeof(href), "href=\"%s/\"", d->d_name);
		if (mirror_index_parse(href, n, &one, err) != 0) {
			rv = -1;
			break;
		}
		if (one.n == 1 && !mirror_names_has(out, one.v[0]))
			rv = mirror_names_add(
			    out, one.v[0], strlen(one.v[0]), err);
		mirror_names_free(&one);
	}
	(void)closedir(dir);
	if (rv != 0)
		mirror_names_free(out);
	else
		mirror_names_sort(out);
	return (rv);
}

/* The EOL list, or an empty one with a warning. */
static void
eol_load(struct ioc_ctx *ctx, const char *url, struct mirror_names *eol)
{
	struct ioc_err e;
	char *buf = NULL;
	size_t len;

	(void)memset(eol, 0, sizeof(*eol));
	if (dl_fetch_buffer(ctx, url, MIRROR_PAGE_MAX, EOL_TIMEOUT_S, &buf,
		&len, &e) != 0 ||
	    mirror_eol_parse(buf, len, eol, &e) != 0) {
		ioc_log(ctx, IOC_LOG_WARN,
		    "Could not read the EOL list, releases are not marked: %s",
		    e.msg);
		(void)memset(eol, 0, sizeof(*eol));
	}
	free(buf);
}

/* The releases a mirror offers. */
int
ioc_release_remote_list(struct ioc_ctx *ctx, const struct ioc_remote_opts *o,
    ioc_remote_fn fn, void *arg, struct ioc_err *err)
{
	static const struct ioc_remote_opts none = {NULL, NULL, NULL};
	struct mirror_names names = {NULL, 0}, eol = {NULL, 0};
	struct ioc_fetch_opts fo;
	struct ioc_remote_release rr;
	struct fetch f;
	const char *eolurl;
	char host[64], distro[64], rel[NAME_MAX + 1];
	char *index = NULL, *buf = NULL;
	size_t len, i;
	int hashost, hbsd, rv = -1;

	if (o == NULL)
		o = &none;
	(void)memset(&fo, 0, sizeof(fo));
	(void)memset(&f, 0, sizeof(f));
	fo.url = o->url;
	fo.arch = o->arch;
	f.o = &fo;
	f.ctx = ctx;
	if (mirror_resolve(&f, err) != 0)
		return (-1);
	if (strncmp(f.mirror, "file://", 7) == 0) {
		if (dir_index(f.mirror, &names, err) != 0)
			goto out;
	} else {
		if ((index = ioc_aprintf(err, "%s/", f.mirror)) == NULL ||
		    dl_fetch_buffer(
			ctx, index, MIRROR_PAGE_MAX, 0, &buf, &len, err) != 0 ||
		    mirror_index_parse(buf, len, &names, err) != 0)
			goto out;
	}
	eolurl = o->eol_url != NULL ? o->eol_url : getenv(FETCH_EOL_ENV);
	if (eolurl == NULL)
		eolurl = MIRROR_EOL_URL;
	if (eolurl[0] != '\0')
		eol_load(ctx, eolurl, &eol);
	hashost = compat_host_release(host, sizeof(host)) == 0;
	/* HardenedBSD's build server: its directories name the releases. */
	hbsd = o->url == NULL &&
	    mirror_host_distro(distro, sizeof(distro)) == 0 &&
	    mirror_is_hbsd(distro);
	for (i = 0; i < names.n; i++) {
		if (!hbsd)
			(void)snprintf(rel, sizeof(rel), "%s", names.v[i]);
		else if (mirror_hbsd_name(
			     names.v[i], f.march, rel, sizeof(rel)) != 0)
			continue;
		rr.name = rel;
		rr.eol = mirror_names_has(&eol, rel);
		rr.newer = hashost && mirror_newer_than(rel, host);
		if (fn != NULL && fn(arg, &rr) != 0)
			break;
	}
	rv = 0;
out:
	free(f.mirror);
	free(index);
	free(buf);
	mirror_names_free(&names);
	mirror_names_free(&eol);
	return (rv);
}
