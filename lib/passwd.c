/*
 * passwd.c - look a user up in a jail's passwd and group files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "passwd.h"

/* Split a line at ':' into at most max fields (in place). */
static size_t
fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	while (n < max && (line = strchr(line, ':')) != NULL) {
		*line++ = '\0';
		f[n++] = line;
	}
	return (n);
}

static int
parse_id(const char *s, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	*v = strtoul(s, &end, 10);
	return (errno != 0 || *end != '\0' || *v > 0x7fffffffUL ? -1 : 0);
}

/* Is name among the comma-separated members? */
static int
member(const char *members, const char *name)
{
	size_t len = strlen(name);
	const char *p = members;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		if (n == len && strncmp(p, name, len) == 0)
			return (1);
		p += n;
		if (*p == ',')
			p++;
	}
	return (0);
}

static void
add_group(struct pw_user *u, gid_t g)
{
	size_t i;

	for (i = 0; i < u->ngroups; i++)
		if (u->groups[i] == g)
			return;
	if (u->ngroups < PW_MAXGROUPS)
		u->groups[u->ngroups++] = g;
}

/* Find user in passwd text and collect its groups from group text. */
int
pw_lookup(const char *passwd, const char *group, const char *user,
    struct pw_user *out, struct ioc_err *err)
{
	char *copy, *line, *save = NULL, *f[7], name[256];
	unsigned long uid, gid, want = 0;
	int bynum = parse_id(user, &want) == 0, found = 0;

	(void)memset(out, 0, sizeof(*out));
	if ((copy = ioc_strdup(passwd, err)) == NULL)
		return (-1);
	for (line = strtok_r(copy, "\n", &save); line != NULL && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (fields(line, f, 7) != 7 || parse_id(f[2], &uid) != 0 ||
		    parse_id(f[3], &gid) != 0) {
			if (strcmp(f[0], user) == 0) {
				free(copy);
				return (ioc_err_set(err, IOC_EPARSE, 0,
				    "malformed /etc/passwd line for '%s'",
				    user));
			}
			continue;
		}
		if (bynum ? uid != want : strcmp(f[0], user) != 0)
			continue;
		found = 1;
		out->uid = (uid_t)uid;
		out->gid = (gid_t)gid;
		(void)snprintf(out->home, sizeof(out->home), "%s",
		    f[5][0] != '\0' ? f[5] : "/");
		(void)snprintf(out->shell, sizeof(out->shell), "%s",
		    f[6][0] != '\0' ? f[6] : "/bin/sh");
		(void)snprintf(name, sizeof(name), "%s", f[0]);
	}
	free(copy);
	if (!found)
		return (ioc_err_set(err, IOC_ENOENT, 0,
		    "no user '%s' in the jail's /etc/passwd", user));
	add_group(out, out->gid);
	if (group == NULL)
		return (0);
	if ((copy = ioc_strdup(group, err)) == NULL)
		return (-1);
	save = NULL;
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || fields(line, f, 4) != 4 ||
		    parse_id(f[2], &gid) != 0)
			continue;
		if (member(f[3], name))
			add_group(out, (gid_t)gid);
	}
	free(copy);
	return (0);
}
