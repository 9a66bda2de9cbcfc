/*
 * names.c - jail, release, source, dataset and snapshot name rules.
 */
#include <ctype.h>
#include <string.h>

#include "internal.h"
#include "names.h"

static int
is_alnum(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'));
}

/* ZFS dataset component characters. */
static int
is_zfs_char(char c)
{
	return (is_alnum(c) || c == '_' || c == '.' || c == ':' || c == '-');
}

/*
 * Alphanumeric runs joined by single separators from seps; returns the
 * length or -1.
 */
static int
runs_joined(const char *s, const char *seps)
{
	size_t i;

	if (s[0] == '\0' || !is_alnum(s[0]))
		return (-1);
	for (i = 1; s[i] != '\0'; i++) {
		if (is_alnum(s[i]))
			continue;
		if (strchr(seps, s[i]) == NULL || !is_alnum(s[i + 1]))
			return (-1);
	}
	return ((int)i);
}

/* Check the name of a new jail or release. */
int
ioc_name_check(const char *name, struct ioc_err *err)
{
	int len;

	if (name == NULL || (len = runs_joined(name, "-_.")) < 0 ||
	    len > IOC_NAME_MAX)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid jail name '%s': Names may not begin or end with "
		    "special characters, but may contain alphanumeric "
		    "characters and single separators - _ . (at most %d "
		    "characters)",
		    name != NULL ? name : "", IOC_NAME_MAX));
	return (0);
}

/* Check a source name. */
int
ioc_source_name_check(const char *name, struct ioc_err *err)
{
	int len;

	if (name == NULL || (len = runs_joined(name, "-_")) < 0 || len > 64)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "Invalid source name: A source name may contain letters "
		    "A-z, dash and lowdash"));
	return (0);
}

/* A legacy UUID name: 8-4-4-4-12 alphanumeric groups. */
int
names_is_uuid(const char *name)
{
	static const int groups[] = {8, 4, 4, 4, 12};
	const char *p = name;
	size_t g;
	int i;

	for (g = 0; g < 5; g++) {
		for (i = 0; i < groups[g]; i++, p++)
			if (!is_alnum(*p))
				return (0);
		if (g < 4 && *p++ != '-')
			return (0);
	}
	return (*p == '\0');
}

/* A jail or release name as found on disk. */
int
names_existing_ok(const char *name)
{
	size_t i, len = strlen(name);

	if (len == 0 || len > 255 || name[0] == '-' || name[0] == '.')
		return (0);
	for (i = 0; i < len; i++)
		if (!is_zfs_char(name[i]))
			return (0);
	return (1);
}

/* A snapshot short name (after "@"). */
int
names_snapshot_ok(const char *snap)
{
	return (names_existing_ok(snap));
}

/* A dataset component: ZFS characters, not "." or "..". */
static int
component_ok(const char *c, size_t len)
{
	size_t i;

	if (len == 0 || (len == 1 && c[0] == '.') ||
	    (len == 2 && c[0] == '.' && c[1] == '.'))
		return (0);
	for (i = 0; i < len; i++)
		if (!is_zfs_char(c[i]))
			return (0);
	return (1);
}

/*
 * A dataset name, optionally with one "@snapshot": components of the ZFS
 * character set, no leading "-", at most 255 characters.
 */
int
names_dataset_ok(const char *ds)
{
	const char *p, *at, *end;

	if (ds == NULL || ds[0] == '\0' || ds[0] == '-' || strlen(ds) > 255)
		return (0);
	at = strchr(ds, '@');
	end = at != NULL ? at : ds + strlen(ds);
	for (p = ds;;) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *cend = slash != NULL ? slash : end;

		if (!component_ok(p, (size_t)(cend - p)))
			return (0);
		if (slash == NULL)
			break;
		p = slash + 1;
	}
	if (at != NULL && !component_ok(at + 1, strlen(at + 1)))
		return (0);
	return (1);
}
