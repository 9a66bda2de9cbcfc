/*
 * cfg.c - a flat configuration: sorted dotted keys mapped to strings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "internal.h"

/* An empty configuration. */
void
cfg_init(struct cfg *c)
{
	(void)memset(c, 0, sizeof(*c));
}

/* Release every entry. */
void
cfg_clear(struct cfg *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->kv[i].key);
		free(c->kv[i].value);
	}
	free(c->kv);
	cfg_init(c);
}

/* Binary search: index of key, or the insertion point with *found 0. */
static size_t
find(const struct cfg *c, const char *key, int *found)
{
	size_t lo = 0, hi = c->n;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(c->kv[mid].key, key);

		if (r == 0) {
			*found = 1;
			return (mid);
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* Borrowed value of key, or NULL. */
const char *
cfg_get(const struct cfg *c, const char *key)
{
	int found;
	size_t i = find(c, key, &found);

	return (found ? c->kv[i].value : NULL);
}

/* Set key to a copy of value. */
int
cfg_set(struct cfg *c, const char *key, const char *value, struct ioc_err *err)
{
	struct cfg_kv *nkv;
	char *v, *k;
	int found;
	size_t i = find(c, key, &found);

	if ((v = ioc_strdup(value, err)) == NULL)
		return (-1);
	if (found) {
		free(c->kv[i].value);
		c->kv[i].value = v;
		return (0);
	}
	if ((k = ioc_strdup(key, err)) == NULL) {
		free(v);
		return (-1);
	}
	if (c->n == c->cap) {
		size_t ncap = c->cap == 0 ? 32 : c->cap * 2;

		if ((nkv = realloc(c->kv, ncap * sizeof(*nkv))) == NULL) {
			free(k);
			free(v);
			return (ioc_err_set(
			    err, IOC_ENOMEM, ENOMEM, "out of memory"));
		}
		c->kv = nkv;
		c->cap = ncap;
	}
	(void)memmove(&c->kv[i + 1], &c->kv[i], (c->n - i) * sizeof(*c->kv));
	c->kv[i].key = k;
	c->kv[i].value = v;
	c->n++;
	return (0);
}

/* Remove key; returns 1 when it was set. */
int
cfg_del(struct cfg *c, const char *key)
{
	int found;
	size_t i = find(c, key, &found);

	if (!found)
		return (0);
	free(c->kv[i].key);
	free(c->kv[i].value);
	(void)memmove(
	    &c->kv[i], &c->kv[i + 1], (c->n - i - 1) * sizeof(*c->kv));
	c->n--;
	return (1);
}

/* Replace dst by a copy of src. */
int
cfg_copy(struct cfg *dst, const struct cfg *src, struct ioc_err *err)
{
	struct cfg tmp;
	size_t i;

	cfg_init(&tmp);
	for (i = 0; i < src->n; i++) {
		if (cfg_set(&tmp, src->kv[i].key, src->kv[i].value, err) != 0) {
			cfg_clear(&tmp);
			return (-1);
		}
	}
	cfg_clear(dst);
	*dst = tmp;
	return (0);
}

/* True when both hold the same keys with the same values. */
int
cfg_equal(const struct cfg *a, const struct cfg *b)
{
	size_t i;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++)
		if (strcmp(a->kv[i].key, b->kv[i].key) != 0 ||
		    strcmp(a->kv[i].value, b->kv[i].value) != 0)
			return (0);
	return (1);
}
