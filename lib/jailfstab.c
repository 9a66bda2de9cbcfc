/*
 * jailfstab.c - "fstab show|add|rm": a jail's fstab file (libioc's format:
 * absolute host paths, the destination below <jail>/root) changed one
 * line at a time under the jail's lock and written atomically.  On a
 * running jail the line is mounted into (or unmounted from) the jail's
 * own mount namespace at once; when that fails the file is put back.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fstab.h"
#include "fsu.h"
#include "internal.h"
#include "jail.h"
#include "jailfstab.h"
#include "platform.h"
#include "rtplan.h"
#include "runtime.h"

#define FSTAB_MAX    ((size_t)1024 * 1024)
#define JFS_MAXDEPTH 128

/* The destination of a new line relative to the jail root. */
int
jfs_dest_rel(const char *root, const char *dst, char *out, size_t size,
    struct ioc_err *err)
{
	size_t rlen = strlen(root), o = 0, len;
	const char *p = dst;

	if (out == NULL || size == 0)
		return (ioc_err_set(err, IOC_EINVAL, 0, "no buffer"));
	out[0] = '\0';
	/* The host path below the root (libioc's form) is accepted too. */
	while (rlen > 1 && root[rlen - 1] == '/')
		rlen--;
	if (strncmp(dst, root, rlen) == 0 &&
	    (dst[rlen] == '/' || dst[rlen] == '\0'))
		p = dst + rlen;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len == 0)
			break;
		if (len == 2 && strncmp(p, "..", 2) == 0)
			return (ioc_err_set(err, IOC_ESECURITY, 0,
			    "Insecure path %s/%s jail escape attempt", root,
			    dst[0] == '/' ? dst + 1 : dst));
		if (!(len == 1 && p[0] == '.')) {
			if (o + len + 2 > size)
				return (
				    ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
					"destination too long: '%s'", dst));
			if (o > 0)
				out[o++] = '/';
			(void)memcpy(out + o, p, len);
			o += len;
			out[o] = '\0';
		}
		p += len;
	}
	if (o == 0)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "The fstab destination '%s' is the jail root itself", dst));
	return (0);
}

/* Check one word of a new line. */
int
jfs_check_word(const char *what, const char *value, struct ioc_err *err)
{
	const char *p;

	if (value == NULL || value[0] == '\0')
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "The fstab %s is empty", what));
	for (p = value; *p != '\0'; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '#' || *p == '\\')
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "Invalid fstab %s '%s': no blanks, '#' or '\\'",
			    what, value));
	return (0);
}

/* Does the option list hold tok? */
static int
has_opt(const char *opts, const char *tok)
{
	size_t tlen = strlen(tok), len;
	const char *p = opts;

	while (p != NULL && *p != '\0') {
		len = strcspn(p, ",");
		if (len == tlen && strncmp(p, tok, len) == 0)
			return (1);
		p += len;
		if (*p == ',')
			p++;
	}
	return (0);
}

/* True when the options say "ro". */
int
jfs_opts_readonly(const char *opts)
{
	return (has_opt(opts, "ro"));
}

/* The options without ro, rw and defaults. */
char *
jfs_opts_data(const char *opts, struct ioc_err *err)
{
	const char *p = opts;
	size_t len, o = 0;
	char *s;

	if ((s = malloc(strlen(opts) + 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	while (*p != '\0') {
		len = strcspn(p, ",");
		/* ro and rw are flags; "defaults" (fstab(5)'s filler for
		 * "no options") means nothing to a file system. */
		if (len > 0 &&
		    !(len == 2 &&
			(strncmp(p, "ro", 2) == 0 ||
			    strncmp(p, "rw", 2) == 0)) &&
		    !(len == 8 && strncmp(p, "defaults", 8) == 0)) {
			if (o > 0)
				s[o++] = ',';
			(void)memcpy(s + o, p, len);
			o += len;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	s[o] = '\0';
	return (s);
}

/* One line in libioc's format. */
char *
jfs_format_line(const char *src, const char *dst, const char *type,
    const char *opts, unsigned freq, unsigned passno, const char *comment,
    struct ioc_err *err)
{
	char *es = NULL, *ed = NULL, *line = NULL;

	if ((es = fstab_escape(src, err)) == NULL ||
	    (ed = fstab_escape(dst, err)) == NULL)
		goto out;
	line = ioc_aprintf(err, "%s\t%s\t%s\t%s\t%u\t%u%s%s", es, ed, type,
	    opts, freq, passno, comment != NULL ? " # " : "",
	    comment != NULL ? comment : "");
out:
	free(es);
	free(ed);
	return (line);
}

/* Is name in dirfd a symbolic link? */
static int
is_link(int dirfd, const char *name)
{
	struct stat sb;

	return (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(sb.st_mode));
}

/* Why opening component name failed, as an error. */
static int
walk_error(int dirfd, const char *name, const char *shown, int sys,
    struct ioc_err *err)
{
	if (is_link(dirfd, name))
		return (ioc_err_set(err, IOC_ESECURITY, 0,
		    "Insecure path %s jail escape attempt", shown));
	errno = sys;
	if (sys == ENOTDIR)
		return (ioc_err_set(err, IOC_EINVAL, ENOTDIR,
		    "'%s' is not a directory (at '%s')", shown, name));
	return (ioc_err_sys(err, 0, "open '%s' (at '%s')", shown, name));
}

static int
open_comp(int dirfd, const char *name)
{
	return (openat(
	    dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

/* Open a directory below rootfd, never through a symbolic link. */
int
jfs_open_dir(
    int rootfd, const char *rel, const char *shown, struct ioc_err *err)
{
	const char *p = rel;
	char comp[256];
	int fd, next;
	size_t len;

	if ((fd = dup(rootfd)) < 0)
		return (ioc_err_sys(err, IOC_EIO, "dup"));
	while (*p != '\0') {
		while (*p == '/')
			p++;
		if ((len = strcspn(p, "/")) == 0)
			break;
		if (len >= sizeof(comp)) {
			(void)close(fd);
			return (ioc_err_set(err, IOC_EINVAL, ENAMETOOLONG,
			    "path component too long in '%s'", shown));
		}
		(void)memcpy(comp, p, len);
		comp[len] = '\0';
		p += len;
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			(void)close(fd);
			return (ioc_err_set(err, IOC_ESECURITY, 0,
			    "Insecure path %s jail escape attempt", shown));
		}
		if ((next = open_comp(fd, comp)) < 0) {
			(void)walk_error(fd, comp, shown, errno, err);
			(void)close(fd);
			return (-1);
		}
		(void)close(fd);
		fd = next;
	}
	return (fd);
}

/* The directories of a destination, made beneath the root by add. */
struct mkd {
	int fds[JFS_MAXDEPTH + 1]; /* fds[0]: the root (borrowed) */
	char *names[JFS_MAXDEPTH];
	size_t n;	/* components open */
	size_t created; /* first component made here; SIZE_MAX: none */
	char *buf;
};

/*
 * Create the missing directories of rel below rootfd without following
 * any symbolic link, remembering which ones were made (for mkd_undo()).
 */
static int
mkd_make(int rootfd, const char *rel, const char *shown, struct mkd *m,
    struct ioc_err *err)
{
	char *p, *save = NULL;
	int fd;

	(void)memset(m, 0, sizeof(*m));
	m->fds[0] = rootfd;
	m->created = SIZE_MAX;
	if ((m->buf = ioc_strdup(rel, err)) == NULL)
		return (-1);
	for (p = strtok_r(m->buf, "/", &save); p != NULL;
	     p = strtok_r(NULL, "/", &save)) {
		int dfd = m->fds[m->n], made = 0;

		if (m->n == JFS_MAXDEPTH)
			return (ioc_err_set(
			    err, IOC_EINVAL, 0, "path too deep: '%s'", shown));
		fd = open_comp(dfd, p);
		if (fd < 0 && errno == ENOENT) {
			if (mkdirat(dfd, p, 0755) != 0)
				return (ioc_err_sys(
				    err, 0, "mkdir '%s' (at '%s')", shown, p));
			made = 1;
			fd = open_comp(dfd, p);
		}
		if (fd < 0) {
			(void)walk_error(dfd, p, shown, errno, err);
			if (made)
				(void)unlinkat(dfd, p, AT_REMOVEDIR);
			return (-1);
		}
		if (made && m->created == SIZE_MAX)
			m->created = m->n;
		m->names[m->n] = p;
		m->fds[++m->n] = fd;
	}
	return (0);
}

/* Remove the directories mkd_make() made, deepest first. */
static void
mkd_undo(struct mkd *m)
{
	size_t i;

	for (i = m->n; m->created != SIZE_MAX && i-- > m->created;)
		(void)unlinkat(m->fds[i], m->names[i], AT_REMOVEDIR);
}

static void
mkd_close(struct mkd *m)
{
	size_t i;

	for (i = 1; i <= m->n; i++)
		(void)close(m->fds[i]);
	m->n = 0;
	free(m->buf);
	m->buf = NULL;
}

/* What add and rm work on: the jail, its lock, its paths and its file. */
struct jfs {
	struct ioc_jail *j;
	struct fsu_lock lk;
	char root[4096];
	char path[4200]; /* <jail>/fstab */
	char *text;	 /* the file as it was ("" when missing) */
	size_t len;
	int existed;
	struct plat_running run;
	int running;
};

static void
jfs_close(struct jfs *s)
{
	free(s->text);
	s->text = NULL;
	fsu_unlock(&s->lk);
	ioc_jail_free(s->j);
	s->j = NULL;
}

/* Open the jail, lock it, read its fstab and its runtime state. */
static int
jfs_open(struct ioc_ctx *ctx, const char *selector, int lock, struct jfs *s,
    struct ioc_err *err)
{
	int stale;

	(void)memset(s, 0, sizeof(*s));
	s->lk.fd = -1;
	if ((s->j = ioc_jail_open(ctx, selector, err)) == NULL)
		return (-1);
	if (s->j->ent.mountpoint == NULL) {
		(void)ioc_err_set(err, IOC_EIO, 0,
		    "The dataset of jail '%s' is not mounted",
		    ioc_jail_name(s->j));
		goto fail;
	}
	(void)snprintf(
	    s->root, sizeof(s->root), "%s/root", s->j->ent.mountpoint);
	(void)snprintf(
	    s->path, sizeof(s->path), "%s/fstab", s->j->ent.mountpoint);
	if (lock &&
	    fsu_lock(ctx->rundir, s->j->ent.src->name, s->j->ent.name, &s->lk,
		err) != 0) {
		(void)ioc_err_wrap(err, "Jail '%s'", ioc_jail_name(s->j));
		goto fail;
	}
	s->text = fsu_read_file(s->path, FSTAB_MAX, &s->len, err);
	if (s->text == NULL) {
		if (err->sys != ENOENT)
			goto fail;
		if ((s->text = ioc_strdup("", err)) == NULL)
			goto fail;
		s->len = 0;
	} else {
		s->existed = 1;
	}
	s->running = rt_state_read(ctx, s->j->ent.src->name, s->j->ent.name,
			 &s->run, &stale) == 1;
	return (0);
fail:
	jfs_close(s);
	return (-1);
}

/* Put the file back as it was (after a failed live mount). */
static void
jfs_restore(struct jfs *s)
{
	struct ioc_err e;

	if (s->existed) {
		if (fsu_write_atomic(s->path, s->text, s->len, 0644, &e) != 0)
			ioc_log(s->j->ctx, IOC_LOG_WARN, "undo: %s", e.msg);
	} else if (unlink(s->path) != 0 && errno != ENOENT) {
		ioc_log(s->j->ctx, IOC_LOG_WARN, "undo: remove '%s': %s",
		    s->path, strerror(errno));
	}
}

/* A jail's fstab file as it is stored. */
char *
ioc_fstab_show(
    struct ioc_ctx *ctx, const char *selector, size_t *len, struct ioc_err *err)
{
	struct jfs s;
	char *text;

	if (jfs_open(ctx, selector, 0, &s, err) != 0)
		return (NULL);
	text = s.text;
	if (len != NULL)
		*len = s.len;
	s.text = NULL;
	jfs_close(&s);
	return (text);
}

/* The first entry whose destination is dst (decoded), or -1. */
static long
find_entry(
    const struct fstab *f, size_t field, const char *want, struct ioc_err *err)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		char *v;
		int hit;

		if (!f->v[i].entry || f->v[i].nfields <= field)
			continue;
		if ((v = fstab_field(&f->v[i], field, err)) == NULL)
			return (-2);
		hit = strcmp(v, want) == 0;
		free(v);
		if (hit)
			return ((long)i);
	}
	return (-1);
}

/* Check a new line's source: an existing host directory for nullfs. */
static int
check_source(const char *type, const char *src, struct ioc_err *err)
{
	struct stat sb;

	if (src == NULL || src[0] == '\0')
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "The mount source is empty"));
	if (strcmp(type, "nullfs") != 0)
		return (jfs_check_word("source", src, err));
	if (src[0] != '/')
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "The mount source %s is not an absolute path", src));
	if (stat(src, &sb) != 0)
		return (ioc_err_set(err, IOC_ENOENT, errno,
		    "The mount source %s does not exist", src));
	if (!S_ISDIR(sb.st_mode))
		return (ioc_err_set(err, IOC_EINVAL, ENOTDIR,
		    "The mount source %s is not a directory", src));
	return (0);
}

/* Check what a new line holds before anything is read or changed. */
static int
check_line(const struct ioc_fstab_line *l, const char *type, const char *opts,
    struct ioc_err *err)
{
	if (jfs_check_word("type", type, err) != 0 ||
	    jfs_check_word("options", opts, err) != 0)
		return (-1);
	/* What the runtime mounts (runtime.c plan_fstab()). */
	if (rtplan_fstab_type(compat_platform(), type, err) != 0)
		return (-1);
	if (l->comment != NULL && strpbrk(l->comment, "\n\r") != NULL)
		return (ioc_err_set(
		    err, IOC_EINVAL, 0, "The fstab comment must be one line"));
	return (check_source(type, l->source, err));
}

/* The text with one more line. */
static char *
text_append(
    const struct jfs *s, const char *line, size_t *lenp, struct ioc_err *err)
{
	int sep = s->len > 0 && s->text[s->len - 1] != '\n';
	char *t;

	if ((t = ioc_aprintf(
		 err, "%s%s%s\n", s->text, sep ? "\n" : "", line)) != NULL)
		*lenp = strlen(t);
	return (t);
}

/* Add a line; on a running jail mount it now. */
int
ioc_fstab_add(struct ioc_ctx *ctx, const char *selector,
    const struct ioc_fstab_line *line, char **dstp, struct ioc_err *err)
{
	const char *type = line->type != NULL ? line->type : "nullfs";
	const char *opts = line->options != NULL ? line->options : "ro";
	char rel[4096], *dst = NULL, *entry = NULL, *text = NULL;
	struct rtplan_fsmount fm;
	struct fstab f;
	struct mkd m;
	struct jfs s;
	size_t len;
	long at;
	int rootfd = -1, rv = -1;

	(void)memset(&f, 0, sizeof(f));
	(void)memset(&m, 0, sizeof(m));
	if (dstp != NULL)
		*dstp = NULL;
	if (check_line(line, type, opts, err) != 0)
		return (-1);
	if (jfs_open(ctx, selector, 1, &s, err) != 0)
		return (-1);
	if (jfs_dest_rel(s.root,
		line->destination != NULL ? line->destination : line->source,
		rel, sizeof(rel), err) != 0 ||
	    (dst = ioc_aprintf(err, "%s/%s", s.root, rel)) == NULL)
		goto out;
	if (fstab_parse(s.text, s.len, &f, err) != 0)
		goto out;
	if ((at = find_entry(&f, 1, dst, err)) != -1) {
		if (at >= 0)
			(void)ioc_err_set(err, IOC_EEXIST, 0,
			    "The mountpoint %s already exists in the fstab "
			    "file",
			    dst);
		goto out;
	}
	if ((entry = jfs_format_line(line->source, dst, type, opts, line->freq,
		 line->passno, line->comment, err)) == NULL ||
	    (text = text_append(&s, entry, &len, err)) == NULL ||
	    rtplan_fstab(compat_platform(), type, opts, &fm, err) != 0)
		goto out;
	/* Step 1: the directory, beneath the root, through no link. */
	if ((rootfd = open(s.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		(void)ioc_err_sys(err, 0, "open '%s'", s.root);
		goto out;
	}
	if (mkd_make(rootfd, rel, dst, &m, err) != 0)
		goto undo_dirs;
	/* Step 2: the file. */
	if (fsu_write_atomic(s.path, text, len, 0644, err) != 0)
		goto undo_dirs;
	/* Step 3: the live mount inside the running jail. */
	if (s.running) {
		struct plat_mount pm;

		(void)memset(&pm, 0, sizeof(pm));
		pm.source = line->source;
		pm.target = rel;
		/* As start mounts it (runtime.c plan_fstab()). */
		pm.fstype = fm.bind ? NULL : fm.fstype;
		pm.data = fm.has_data ? fm.data : NULL;
		pm.readonly = fm.readonly;
		if (plat_jail_mount(ctx, &s.run, &pm, err) != 0) {
			(void)ioc_err_wrap(err, "Jail '%s': mount %s",
			    ioc_jail_name(s.j), dst);
			jfs_restore(&s);
			goto undo_dirs;
		}
	}
	ioc_log(ctx, IOC_LOG_VERBOSE, "%s: fstab line added: %s",
	    ioc_jail_name(s.j), entry);
	if (dstp != NULL) {
		*dstp = dst;
		dst = NULL;
	}
	rv = 0;
	goto out;
undo_dirs:
	mkd_undo(&m);
out:
	mkd_close(&m);
	if (rootfd >= 0)
		(void)close(rootfd);
	fstab_free(&f);
	free(text);
	free(entry);
	free(dst);
	jfs_close(&s);
	return (rv);
}

/* Remove the first line whose source is source; unmount it when running. */
int
ioc_fstab_remove(struct ioc_ctx *ctx, const char *selector, const char *source,
    char **dstp, struct ioc_err *err)
{
	char rel[4096], *dst = NULL, *text = NULL;
	struct fstab f;
	struct jfs s;
	size_t len, i;
	long at;
	int rv = -1;

	(void)memset(&f, 0, sizeof(f));
	if (dstp != NULL)
		*dstp = NULL;
	if (jfs_open(ctx, selector, 1, &s, err) != 0)
		return (-1);
	if (fstab_parse(s.text, s.len, &f, err) != 0)
		goto out;
	if ((at = find_entry(&f, 0, source, err)) < 0) {
		if (at == -1)
			(void)ioc_err_set(
			    err, IOC_ENOENT, 0, "no matching fstab line found");
		goto out;
	}
	i = (size_t)at;
	if (f.v[i].nfields < 2) {
		(void)ioc_err_set(err, IOC_EPARSE, 0,
		    "fstab line %zu has no destination", i + 1);
		goto out;
	}
	if ((dst = fstab_field(&f.v[i], 1, err)) == NULL)
		goto out;
	free(f.v[i].text);
	(void)memmove(
	    &f.v[i], &f.v[i + 1], (f.n - i - 1) * sizeof(struct fstab_line));
	f.n--;
	if (f.n == 0)
		f.newline = 0;
	if ((text = fstab_format(&f, &len, err)) == NULL ||
	    fsu_write_atomic(s.path, text, len, 0644, err) != 0)
		goto out;
	if (s.running) {
		struct ioc_err e;

		if (jfs_dest_rel(s.root, dst, rel, sizeof(rel), &e) != 0 ||
		    strncmp(dst, s.root, strlen(s.root)) != 0) {
			/* Never mounted by start (plan_fstab refuses it). */
			ioc_log(ctx, IOC_LOG_WARN,
			    "%s: '%s' is not below the jail root: not "
			    "unmounted",
			    ioc_jail_name(s.j), dst);
		} else if (plat_jail_umount(ctx, &s.run, rel, err) != 0) {
			(void)ioc_err_wrap(err, "Jail '%s': unmount %s",
			    ioc_jail_name(s.j), dst);
			jfs_restore(&s);
			goto out;
		}
	}
	if (dstp != NULL) {
		*dstp = dst;
		dst = NULL;
	}
	rv = 0;
out:
	fstab_free(&f);
	free(text);
	free(dst);
	jfs_close(&s);
	return (rv);
}
