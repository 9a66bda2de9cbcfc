/*
 * filter.c - filter terms (see filter.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "internal.h"
#include "names.h"
#include "value.h"

static int
has_glob(const char *s)
{
	return (strpbrk(s, "*+") != NULL);
}

/* A name pattern is valid when its glob-free remainder is a valid name. */
static int
name_pattern_ok(const char *p)
{
	char buf[256];
	size_t i, o = 0;

	if (strcmp(p, "*") == 0 || strcmp(p, "+") == 0)
		return (1);
	for (i = 0; p[i] != '\0' && o < sizeof(buf) - 1; i++)
		if (p[i] != '*' && p[i] != '+')
			buf[o++] = p[i];
	buf[o] = '\0';
	if (p[i] != '\0' || o == 0)
		return (0);
	/* "web*" leaves "web": a name; "a*-b" leaves "a-b". */
	return (names_existing_ok(buf));
}

/*
 * Split on unescaped ",", keeping empty and "-" alternatives ("tag=a,"
 * means "a or unset", "template=no,-" "no or unset").
 */
static int
split_alts(const char *s, char ***out, size_t *n, struct ioc_err *err)
{
	size_t cap = 1, i, o = 0;
	char **v, *cur;
	const char *p;

	for (p = s; *p != '\0'; p++)
		if (*p == ',')
			cap++;
	*out = NULL;
	*n = 0;
	if ((v = calloc(cap + 1, sizeof(*v))) == NULL ||
	    (cur = malloc(strlen(s) + 1)) == NULL) {
		free(v);
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	}
	for (p = s, i = 0;; p++) {
		if (*p == '\\' && p[1] == ',') {
			cur[o++] = *++p;
			continue;
		}
		if (*p == ',' || *p == '\0') {
			cur[o] = '\0';
			if ((v[i++] = ioc_strdup(cur, err)) == NULL) {
				free(cur);
				val_list_free(v);
				return (-1);
			}
			o = 0;
			if (*p == '\0')
				break;
			continue;
		}
		cur[o++] = *p;
	}
	free(cur);
	*out = v;
	*n = i;
	return (0);
}

static int
add_term(struct filter *f, const char *text, struct ioc_err *err)
{
	struct fterm *nt, *t;
	const char *eq = strchr(text, '='), *valstart;

	if ((nt = realloc(f->t, (f->n + 1) * sizeof(*nt))) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	f->t = nt;
	t = &f->t[f->n];
	(void)memset(t, 0, sizeof(*t));
	if (eq != NULL) {
		if (eq == text)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "Invalid filter term '%s'", text));
		if ((t->key = malloc((size_t)(eq - text) + 1)) == NULL)
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		(void)memcpy(t->key, text, (size_t)(eq - text));
		t->key[eq - text] = '\0';
		valstart = eq + 1;
	} else {
		const char *slash = strchr(text, '/');

		if (slash != NULL) {
			if ((t->source = malloc((size_t)(slash - text) + 1)) ==
			    NULL)
				return (ioc_err_set(
				    err, IOC_ENOMEM, ENOMEM, "out of memory"));
			(void)memcpy(t->source, text, (size_t)(slash - text));
			t->source[slash - text] = '\0';
			if (ioc_source_name_check(t->source, err) != 0) {
				f->n++;
				return (-1);
			}
			text = slash + 1;
		}
		valstart = text;
	}
	f->n++;
	if (split_alts(valstart, &t->values, &t->nvalues, err) != 0)
		return (-1);
	if (t->key == NULL) {
		size_t i;

		if (t->nvalues == 0)
			return (ioc_err_set(err, IOC_EINVAL, 0,
			    "Invalid filter term: empty name"));
		for (i = 0; i < t->nvalues; i++)
			if (!name_pattern_ok(t->values[i]))
				return (ioc_err_set(err, IOC_EINVAL, 0,
				    "Invalid jail name or pattern '%s'",
				    t->values[i]));
	}
	return (0);
}

/* Parse filter arguments. */
int
filter_parse(const char *const *args, size_t nargs, struct filter *f,
    struct ioc_err *err)
{
	size_t i;

	(void)memset(f, 0, sizeof(*f));
	for (i = 0; i < nargs; i++) {
		const char *p = args[i];
		char term[1024];

		while (*p != '\0') {
			size_t o = 0;

			while (isspace((unsigned char)*p))
				p++;
			if (*p == '\0')
				break;
			while (*p != '\0' && !isspace((unsigned char)*p)) {
				if (*p == '\\' && p[1] != '\0' &&
				    isspace((unsigned char)p[1]))
					p++;
				if (o == sizeof(term) - 1)
					goto toolong;
				term[o++] = *p++;
			}
			term[o] = '\0';
			if (add_term(f, term, err) != 0) {
				filter_free(f);
				return (-1);
			}
		}
	}
	return (0);
toolong:
	filter_free(f);
	return (ioc_err_set(err, IOC_EINVAL, 0, "filter term too long"));
}

/* Release a filter. */
void
filter_free(struct filter *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->t[i].key);
		free(f->t[i].source);
		val_list_free(f->t[i].values);
	}
	free(f->t);
	f->t = NULL;
	f->n = 0;
}

/* The source prefix of the first name term, or NULL. */
const char *
filter_source(const struct filter *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->t[i].key == NULL)
			return (f->t[i].source);
	return (NULL);
}

static int
one_match(const char *pattern, const char *value)
{
	int a, b;

	if (pattern[0] == '\0')
		return (val_is_none(value));
	if (value == NULL)
		value = "-";
	if (has_glob(pattern))
		return (val_glob(pattern, value));
	if (strcmp(pattern, value) == 0)
		return (1);
	return (val_parse_bool(pattern, &a) == 0 &&
	    val_parse_bool(value, &b) == 0 && a == b);
}

/* Match one display value against one term's alternatives. */
int
filter_value_match(const struct fterm *t, const char *value)
{
	char **items = NULL;
	size_t i, j, n = 0;
	int hit = 0;

	for (i = 0; i < t->nvalues && !hit; i++)
		hit = one_match(t->values[i], value);
	if (hit || value == NULL || strchr(value, ',') == NULL)
		return (hit);
	/* A list value matches when one of its elements does. */
	if (val_list_split(value, ',', &items, &n, NULL) != 0)
		return (0);
	for (i = 0; i < t->nvalues && !hit; i++)
		for (j = 0; j < n && !hit; j++)
			hit = one_match(t->values[i], items[j]);
	val_list_free(items);
	return (hit);
}

/* Does a jail pass every name term? */
int
filter_match_name(const struct filter *f, const char *source, const char *name,
    const char *humanname)
{
	size_t i, k;

	for (i = 0; i < f->n; i++) {
		const struct fterm *t = &f->t[i];
		int hit = 0;

		if (t->key != NULL)
			continue;
		if (t->source != NULL && strcmp(t->source, source) != 0)
			return (0);
		for (k = 0; k < t->nvalues && !hit; k++) {
			hit = one_match(t->values[k], name) ||
			    (humanname != NULL &&
				one_match(t->values[k], humanname));
			/* An 8-character term matches a UUID's short name. */
			if (!hit && names_is_uuid(name) &&
			    strlen(t->values[k]) == 8 &&
			    strncmp(t->values[k], name, 8) == 0)
				hit = 1;
		}
		if (!hit)
			return (0);
	}
	return (1);
}

/* Does a jail pass every key term? */
int
filter_match_keys(const struct filter *f, filter_lookup_fn lookup, void *arg)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->t[i].key != NULL &&
		    !filter_value_match(&f->t[i], lookup(arg, f->t[i].key)))
			return (0);
	return (1);
}
