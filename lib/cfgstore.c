/*
 * cfgstore.c - read and write a configuration in its own format (see
 * cfgstore.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfgstore.h"
#include "fsu.h"
#include "internal.h"
#include "props.h"
#include "value.h"
#include "zds.h"

#define CFG_FILE_MAX ((size_t)4 * 1024 * 1024)

static const char *const fmtnames[] = {"json", "ucl", "zfs"};

/* "json", "ucl" or "zfs". */
const char *
cfgstore_fmt_name(enum cfgfmt fmt)
{
	return (fmtnames[fmt]);
}

/* The string form of a JSON leaf. */
static char *
leaf_string(json_t *v, struct ioc_err *err)
{
	char buf[64];
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return (ioc_strdup(json_string_value(v), err));
	case JSON_INTEGER:
		(void)snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return (ioc_strdup(buf, err));
	case JSON_REAL:
		(void)snprintf(buf, sizeof(buf), "%.17g", json_real_value(v));
		return (ioc_strdup(buf, err));
	case JSON_TRUE:
		return (ioc_strdup("yes", err));
	case JSON_FALSE:
		return (ioc_strdup("no", err));
	case JSON_NULL:
		return (ioc_strdup("none", err));
	case JSON_ARRAY: {
		char **items = calloc(json_array_size(v) + 1, sizeof(*items));
		char *joined = NULL;

		if (items == NULL) {
			(void)ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory");
			return (NULL);
		}
		for (i = 0; i < json_array_size(v); i++) {
			json_t *e = json_array_get(v, i);

			if (json_is_object(e) || json_is_array(e)) {
				(void)ioc_err_set(err, IOC_EPARSE, 0,
				    "nested arrays are not supported");
				goto arr_out;
			}
			if ((items[i] = leaf_string(e, err)) == NULL)
				goto arr_out;
		}
		joined = val_list_join(items, i, ',', err);
	arr_out:
		val_list_free(items);
		return (joined);
	}
	default:
		(void)ioc_err_set(err, IOC_EPARSE, 0, "unexpected JSON value");
		return (NULL);
	}
}

/* Flatten a JSON object into dotted keys. */
static int
flatten(json_t *obj, const char *prefix, struct cfg *out, struct ioc_err *err)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		char *full, *s;
		int rv;

		if (key[0] == '\0' || strchr(key, '.') != NULL)
			return (ioc_err_set(err, IOC_EPARSE, 0,
			    "invalid key '%s%s%s'", prefix,
			    prefix[0] != '\0' ? "." : "", key));
		if ((full = prefix[0] != '\0'
			    ? ioc_aprintf(err, "%s.%s", prefix, key)
			    : ioc_strdup(key, err)) == NULL)
			return (-1);
		if (json_is_object(v)) {
			rv = flatten(v, full, out, err);
		} else if ((s = leaf_string(v, err)) == NULL) {
			(void)ioc_err_wrap(err, "key '%s'", full);
			rv = -1;
		} else {
			rv = cfg_set(out, full, s, err);
			free(s);
		}
		free(full);
		if (rv != 0)
			return (-1);
	}
	return (0);
}

static json_t *
json_parse(const char *buf, size_t len, struct ioc_err *err)
{
	json_error_t je;
	json_t *root;

	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		char *p;

		/* jansson quotes the input near the error: keep one line. */
		for (p = je.text; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		(void)ioc_err_set(err, IOC_EPARSE, 0, "line %d column %d: %s",
		    je.line, je.column, je.text);
		return (NULL);
	}
	if (!json_is_object(root)) {
		json_decref(root);
		(void)ioc_err_set(
		    err, IOC_EPARSE, 0, "the document is not a JSON object");
		return (NULL);
	}
	return (root);
}

/* Parse a JSON configuration document into a flat cfg. */
int
cfgstore_json_parse(
    const char *buf, size_t len, struct cfg *out, struct ioc_err *err)
{
	json_t *root;
	int rv;

	cfg_init(out);
	if ((root = json_parse(buf, len, err)) == NULL)
		return (-1);
	if ((rv = flatten(root, "", out, err)) != 0)
		cfg_clear(out);
	json_decref(root);
	return (rv);
}

static char *
path_join(const char *dir, const char *file, struct ioc_err *err)
{
	return (ioc_aprintf(err, "%s/%s", dir, file));
}

/* Read dir/file; returns the buffer, or NULL with *missing for ENOENT. */
static char *
read_opt(const char *dir, const char *file, size_t *len, int *missing,
    struct ioc_err *err)
{
	char *path, *buf;
	struct ioc_err e;

	*missing = 0;
	if ((path = path_join(dir, file, err)) == NULL)
		return (NULL);
	buf = fsu_read_file(path, CFG_FILE_MAX, len, &e);
	if (buf == NULL) {
		if (e.sys == ENOENT)
			*missing = 1;
		else
			*err = e;
	}
	free(path);
	return (buf);
}

static int
load_json(struct cfgstore *st, const char *buf, size_t len, struct ioc_err *err)
{
	json_t *root;
	size_t i;

	if ((root = json_parse(buf, len, err)) == NULL)
		return (-1);
	if (flatten(root, "", &st->orig, err) != 0) {
		json_decref(root);
		return (-1);
	}
	st->json = root;
	for (i = 0; i < len; i++)
		if ((unsigned char)buf[i] >= 0x80)
			st->json_raw_utf8 = 1;
	st->json_newline = len > 0 && buf[len - 1] == '\n';
	return (0);
}

/* Read the locally set org.freebsd.iocage:* properties of a dataset. */
static int
load_zfs(struct ioc_ctx *ctx, struct cfgstore *st, struct ioc_err *err)
{
	static const char *const all[] = {"all", NULL};
	size_t plen = strlen(CFG_ZFS_PREFIX), r;
	struct zds_table t;

	if (zds_get(ctx, st->dataset, all, 0, &t, err) != 0)
		return (-1);
	for (r = 0; r < t.nrows; r++) {
		const char *prop = zds_cell(&t, r, 1);

		if (strncmp(prop, CFG_ZFS_PREFIX, plen) != 0 ||
		    strcmp(zds_cell(&t, r, 3), "local") != 0 ||
		    prop[plen] == '\0')
			continue;
		if (cfg_set(&st->orig, prop + plen, zds_cell(&t, r, 2), err) !=
		    0) {
			zds_table_free(&t);
			return (-1);
		}
	}
	zds_table_free(&t);
	return (0);
}

/* Find and load a configuration. */
int
cfgstore_load(struct ioc_ctx *ctx, enum cfgkind kind, const char *dir,
    const char *dataset, struct cfgstore *st, struct ioc_err *err)
{
	static const char *const jailfiles[] = {"config.json", "config"};
	static const char *const deffiles[] = {
	    "defaults.json", ".default", "defaults"};
	const char *const *files = kind == CFG_JAIL ? jailfiles : deffiles;
	size_t nfiles = kind == CFG_JAIL ? 2 : 3, i, len;
	int missing, rv;
	char *buf;

	(void)memset(st, 0, sizeof(*st));
	st->kind = kind;
	/* An unmounted dataset has no files to read: properties only. */
	if (dir != NULL && (st->dir = ioc_strdup(dir, err)) == NULL)
		goto fail;
	if (dataset != NULL && (st->dataset = ioc_strdup(dataset, err)) == NULL)
		goto fail;
	for (i = 0; dir != NULL && i < nfiles; i++) {
		if ((buf = read_opt(dir, files[i], &len, &missing, err)) ==
		    NULL) {
			if (missing)
				continue;
			(void)ioc_err_wrap(err, "%s/%s", dir, files[i]);
			goto fail;
		}
		st->fmt = i == 0 ? CFG_JSON : CFG_UCL;
		if (st->fmt == CFG_JSON)
			rv = load_json(st, buf, len, err);
		else
			rv = ucl_parse(buf, len, &st->orig, &st->order, err);
		free(buf);
		if (rv != 0) {
			(void)ioc_err_wrap(err, "%s/%s", dir, files[i]);
			goto fail;
		}
		if ((st->file = ioc_strdup(files[i], err)) == NULL)
			goto fail;
		st->exists = 1;
		goto done;
	}
	if (dataset != NULL) {
		rv = kind == CFG_DEFAULTS ? zds_exists(ctx, dataset, err) : 1;
		if (rv < 0)
			goto fail;
		if (rv == 1) {
			if (load_zfs(ctx, st, err) != 0)
				goto fail;
			if (st->orig.n > 0) {
				st->fmt = CFG_ZFS;
				st->exists = 1;
				goto done;
			}
		}
	}
	/* Nothing found: a new JSON configuration. */
	st->fmt = CFG_JSON;
	if ((st->file = ioc_strdup(files[0], err)) == NULL)
		goto fail;
done:
	if (cfg_copy(&st->cur, &st->orig, err) != 0)
		goto fail;
	return (0);
fail:
	cfgstore_free(st);
	return (-1);
}

/* Release a store. */
void
cfgstore_free(struct cfgstore *st)
{
	if (st == NULL)
		return;
	free(st->dir);
	free(st->file);
	free(st->dataset);
	if (st->json != NULL)
		json_decref((json_t *)st->json);
	ucl_order_free(&st->order);
	cfg_clear(&st->orig);
	cfg_clear(&st->cur);
	(void)memset(st, 0, sizeof(*st));
}

/* Set a dotted key in a JSON document, keeping an integer leaf integer. */
static int
json_put(json_t *root, const char *key, const char *value, struct ioc_err *err)
{
	char *copy, *p, *dot;
	json_t *obj = root, *old, *nv;
	long long iv;
	int b, rv = -1;

	if ((copy = ioc_strdup(key, err)) == NULL)
		return (-1);
	for (p = copy; (dot = strchr(p, '.')) != NULL; p = dot + 1) {
		json_t *child;

		*dot = '\0';
		child = json_object_get(obj, p);
		if (!json_is_object(child)) {
			child = json_object();
			if (child == NULL || json_object_set_new(obj, p, child))
				goto nomem;
		}
		obj = child;
	}
	old = json_object_get(obj, p);
	if (json_is_integer(old) && val_parse_int(value, &iv) == 0)
		nv = json_integer(iv);
	else if (json_is_integer(old) && val_parse_bool(value, &b) == 0)
		nv = json_integer(b);
	else
		nv = json_string(value);
	if (nv == NULL || json_object_set_new(obj, p, nv) != 0)
		goto nomem;
	rv = 0;
	goto out;
nomem:
	(void)ioc_err_set(
	    err, IOC_ENOMEM, ENOMEM, "cannot store '%s' in JSON", key);
out:
	free(copy);
	return (rv);
}

/* Remove a dotted key and the objects it leaves empty. */
static void
json_drop(json_t *obj, const char *key)
{
	const char *dot = strchr(key, '.');
	char head[256];
	json_t *child;

	if (dot == NULL) {
		(void)json_object_del(obj, key);
		return;
	}
	if ((size_t)(dot - key) >= sizeof(head))
		return;
	(void)memcpy(head, key, (size_t)(dot - key));
	head[dot - key] = '\0';
	if (!json_is_object(child = json_object_get(obj, head)))
		return;
	json_drop(child, dot + 1);
	if (json_object_size(child) == 0)
		(void)json_object_del(obj, head);
}

/*
 * Escape every non-ASCII character of a JSON text as a lower-case \uXXXX
 * (surrogate pairs above U+FFFF), as Python's json module writes it.
 */
static char *
ascii_escape(const char *s, int newline, struct ioc_err *err)
{
	size_t len = strlen(s), i, o = 0;
	char *out;

	if ((out = malloc(len * 6 + 2)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	for (i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		unsigned long cp;
		size_t n;

		if (c < 0x80) {
			out[o++] = (char)c;
			i++;
			continue;
		}
		n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		cp = c & (n == 4 ? 0x07u : n == 3 ? 0x0fu : 0x1fu);
		for (size_t k = 1; k < n && i + k < len; k++)
			cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3fu);
		i += n;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			o += (size_t)sprintf(out + o, "\\u%04lx\\u%04lx",
			    0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
		} else {
			o += (size_t)sprintf(out + o, "\\u%04lx", cp);
		}
	}
	if (newline)
		out[o++] = '\n';
	out[o] = '\0';
	return (out);
}

/* Serialise a JSON document the way libioc (or python-iocage) did. */
static char *
json_text(json_t *root, int raw_utf8, int newline, struct ioc_err *err)
{
	char *dump, *text;

	if ((dump = json_dumps(root, JSON_INDENT(4) | JSON_SORT_KEYS)) ==
	    NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "cannot dump JSON");
		return (NULL);
	}
	/* libioc escaped non-ASCII, python-iocage kept UTF-8. */
	text = raw_utf8 ? ioc_aprintf(err, "%s%s", dump, newline ? "\n" : "")
			: ascii_escape(dump, newline, err);
	free(dump);
	return (text);
}

static mode_t
file_mode(const char *dir, const char *file, mode_t def)
{
	char path[4096];
	struct stat sb;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		return (sb.st_mode & 07777);
	return (def);
}

static int
write_file(struct cfgstore *st, const char *file, const char *text,
    struct ioc_err *err)
{
	char *path;
	int rv;

	if (st->dir == NULL)
		return (ioc_err_set(err, IOC_EIO, 0,
		    "cannot write %s: the dataset is not mounted", file));
	if ((path = path_join(st->dir, file, err)) == NULL)
		return (-1);
	rv = fsu_write_atomic(
	    path, text, strlen(text), file_mode(st->dir, file, 0644), err);
	free(path);
	return (rv);
}

/* The value a legacy format stores for a key. */
static char *
legacy_value(const char *key, const char *value, struct ioc_err *err)
{
	struct ioc_err e;
	char *s;

	if (val_is_none(value))
		return (ioc_strdup("none", err));
	if (prop_find(key) != NULL &&
	    (s = prop_render(key, value, VAL_LEGACY, &e)) != NULL)
		return (s);
	return (ioc_strdup(value, err));
}

static int
save_json(struct cfgstore *st, struct ioc_err *err)
{
	json_t *root = st->json;
	size_t i;
	char *text;
	int rv;

	if (root == NULL && (root = json_object()) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	st->json = root;
	for (i = 0; i < st->orig.n; i++)
		if (cfg_get(&st->cur, st->orig.kv[i].key) == NULL)
			json_drop(root, st->orig.kv[i].key);
	for (i = 0; i < st->cur.n; i++) {
		const char *old = cfg_get(&st->orig, st->cur.kv[i].key);

		if (old != NULL && strcmp(old, st->cur.kv[i].value) == 0)
			continue;
		if (json_put(
			root, st->cur.kv[i].key, st->cur.kv[i].value, err) != 0)
			return (-1);
	}
	if ((text = json_text(
		 root, st->json_raw_utf8, st->json_newline, err)) == NULL)
		return (-1);
	rv = write_file(st, st->file, text, err);
	free(text);
	return (rv);
}

static int
save_ucl(struct cfgstore *st, struct ioc_err *err)
{
	struct cfg out;
	size_t i;
	char *text = NULL, *v;
	int rv = -1;

	cfg_init(&out);
	for (i = 0; i < st->cur.n; i++) {
		const char *key = st->cur.kv[i].key, *val = st->cur.kv[i].value;
		const char *old = cfg_get(&st->orig, key);

		if (old != NULL && strcmp(old, val) == 0)
			v = ioc_strdup(val, err);
		else
			v = legacy_value(key, val, err);
		if (v == NULL || cfg_set(&out, key, v, err) != 0) {
			free(v);
			goto out;
		}
		free(v);
	}
	if ((text = ucl_format(&out, &st->order, err)) == NULL)
		goto out;
	rv = write_file(st, st->file, text, err);
out:
	free(text);
	cfg_clear(&out);
	return (rv);
}

/* Put one property back as it was in orig (undo of a failed save). */
static void
zfs_restore(struct ioc_ctx *ctx, struct cfgstore *st, const char *key)
{
	const char *old = cfg_get(&st->orig, key);
	struct ioc_err e;
	char prop[512];

	(void)snprintf(prop, sizeof(prop), "%s%s", CFG_ZFS_PREFIX, key);
	if ((old != NULL ? zds_set(ctx, st->dataset, prop, old, &e)
			 : zds_inherit(ctx, st->dataset, prop, &e)) != 0)
		ioc_log(ctx, IOC_LOG_WARN, "could not restore %s on %s: %s",
		    prop, st->dataset, e.msg);
}

static int
save_zfs(struct ioc_ctx *ctx, struct cfgstore *st, struct ioc_err *err)
{
	const char **done;
	size_t ndone = 0, i;
	char prop[512], *v;
	int rv = -1;

	if ((done = calloc(st->cur.n + st->orig.n + 1, sizeof(*done))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	/* Validate every value before the first change. */
	for (i = 0; i < st->cur.n; i++) {
		if (strlen(st->cur.kv[i].value) > CFG_ZFS_VALUE_MAX) {
			(void)ioc_err_set(err, IOC_EINVAL, E2BIG,
			    "The value of '%s' is longer than ZFS accepts "
			    "(%d bytes)",
			    st->cur.kv[i].key, CFG_ZFS_VALUE_MAX);
			goto out;
		}
	}
	for (i = 0; i < st->cur.n; i++) {
		const char *key = st->cur.kv[i].key, *val = st->cur.kv[i].value;
		const char *old = cfg_get(&st->orig, key);
		int r;

		if (old != NULL && strcmp(old, val) == 0)
			continue;
		if ((v = legacy_value(key, val, err)) == NULL)
			goto undo;
		(void)snprintf(prop, sizeof(prop), "%s%s", CFG_ZFS_PREFIX, key);
		r = zds_set(
		    ctx, st->dataset, prop, v[0] != '\0' ? v : "none", err);
		free(v);
		if (r != 0)
			goto undo;
		done[ndone++] = key;
	}
	for (i = 0; i < st->orig.n; i++) {
		const char *key = st->orig.kv[i].key;

		if (cfg_get(&st->cur, key) != NULL)
			continue;
		(void)snprintf(prop, sizeof(prop), "%s%s", CFG_ZFS_PREFIX, key);
		if (zds_inherit(ctx, st->dataset, prop, err) != 0)
			goto undo;
		done[ndone++] = key;
	}
	rv = 0;
	goto out;
undo:
	while (ndone-- > 0)
		zfs_restore(ctx, st, done[ndone]);
out:
	free(done);
	return (rv);
}

/* Write what differs between orig and cur. */
int
cfgstore_save(struct ioc_ctx *ctx, struct cfgstore *st, struct ioc_err *err)
{
	int rv;

	if (st->exists && cfg_equal(&st->orig, &st->cur))
		return (0);
	switch (st->fmt) {
	case CFG_JSON:
		rv = save_json(st, err);
		break;
	case CFG_UCL:
		rv = save_ucl(st, err);
		break;
	default:
		rv = save_zfs(ctx, st, err);
		break;
	}
	if (rv != 0)
		return (-1);
	st->exists = 1;
	return (cfg_copy(&st->orig, &st->cur, err));
}

/* Convert the store to config.json. */
int
cfgstore_convert_json(
    struct ioc_ctx *ctx, struct cfgstore *st, struct ioc_err *err)
{
	const char *json_name =
	    st->kind == CFG_JAIL ? "config.json" : "defaults.json";
	json_t *root;
	size_t i, nin = 0;
	char *text = NULL, *path = NULL, prop[512];
	struct ioc_err e;
	int rv = -1;

	if (st->fmt == CFG_JSON)
		return (0);
	if ((root = json_object()) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	for (i = 0; i < st->cur.n; i++) {
		const char *key = st->cur.kv[i].key;
		char *norm = NULL;

		/* Legacy words (on/off, "-") become config.json's forms. */
		if (prop_find(key) != NULL &&
		    prop_normalize_loaded(
			key, st->cur.kv[i].value, &norm, &e) == 0) {
			rv = json_put(
			    root, key, norm != NULL ? norm : "none", err);
			free(norm);
		} else {
			rv = json_put(root, key, st->cur.kv[i].value, err);
		}
		if (rv != 0)
			goto out;
	}
	rv = -1;
	if (st->dir == NULL) {
		(void)ioc_err_set(err, IOC_EIO, 0,
		    "cannot write %s: the dataset is not mounted", json_name);
		goto out;
	}
	if ((text = json_text(root, 0, 0, err)) == NULL)
		goto out;
	if ((path = path_join(st->dir, json_name, err)) == NULL)
		goto out;
	if (write_file(st, json_name, text, err) != 0)
		goto out;
	if (st->fmt == CFG_UCL) {
		char *legacy = path_join(st->dir, st->file, err);

		if (legacy == NULL || unlink(legacy) != 0) {
			if (legacy != NULL)
				(void)ioc_err_sys(
				    err, 0, "remove '%s'", legacy);
			free(legacy);
			(void)unlink(path);
			goto out;
		}
		free(legacy);
	} else {
		for (nin = 0; nin < st->orig.n; nin++) {
			(void)snprintf(prop, sizeof(prop), "%s%s",
			    CFG_ZFS_PREFIX, st->orig.kv[nin].key);
			if (zds_inherit(ctx, st->dataset, prop, err) != 0) {
				while (nin-- > 0)
					zfs_restore(
					    ctx, st, st->orig.kv[nin].key);
				(void)unlink(path);
				goto out;
			}
		}
	}
	free(st->file);
	if ((st->file = ioc_strdup(json_name, err)) == NULL)
		goto out;
	st->fmt = CFG_JSON;
	if (st->json != NULL)
		json_decref((json_t *)st->json);
	st->json = root;
	root = NULL;
	st->json_raw_utf8 = 0;
	st->json_newline = 0;
	ucl_order_free(&st->order);
	cfg_clear(&st->orig);
	if (cfgstore_json_parse(text, strlen(text), &st->orig, err) != 0)
		goto out;
	rv = cfg_copy(&st->cur, &st->orig, err);
out:
	free(text);
	free(path);
	if (root != NULL)
		json_decref(root);
	return (rv);
}
