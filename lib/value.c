/*
 * value.c - the value algebra of spec §1.1: booleans, none, decimal
 * integers, escaped comma lists and the anchored "*" / "+" glob.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "value.h"

/* True for NULL, "", "none" and "-" (case-insensitive). */
int
val_is_none(const char *s)
{
	return (s == NULL || s[0] == '\0' || strcmp(s, "-") == 0 ||
	    strcasecmp(s, "none") == 0);
}

/* Parse a boolean word; 0 and *b, or -1. */
int
val_parse_bool(const char *s, int *b)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	size_t i;

	if (s == NULL)
		return (-1);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*b = 1;
			return (0);
		}
		if (strcasecmp(s, no[i]) == 0) {
			*b = 0;
			return (0);
		}
	}
	return (-1);
}

static int
is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

/*
 * Parse a decimal integer with an optional sign and an optional fraction
 * of zeros ("5.0"); 0 and *v, or -1.
 */
int
val_parse_int(const char *s, long long *v)
{
	char buf[32];
	const char *p, *dot;
	long long r;
	size_t len;

	if (s == NULL)
		return (-1);
	p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!is_digit(*p))
		return (-1);
	while (is_digit(*p))
		p++;
	dot = p;
	if (*p == '.') {
		if (!is_digit(p[1]))
			return (-1);
		for (p++; *p == '0'; p++)
			;
	}
	if (*p != '\0')
		return (-1);
	/* Only the sign and the integral digits reach strtoll(). */
	len = (size_t)(dot - s);
	if (len >= sizeof(buf))
		return (-1);
	(void)memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	r = strtoll(buf, NULL, 10);
	if (errno != 0)
		return (-1);
	*v = r;
	return (0);
}

/* The word for a boolean in a style: yes/no or on/off. */
const char *
val_bool_word(int b, enum val_style style)
{
	if (style == VAL_LEGACY)
		return (b ? "on" : "off");
	return (b ? "yes" : "no");
}

/* The word for none in a style: "-" or "none". */
const char *
val_none_word(enum val_style style)
{
	return (style == VAL_DISPLAY ? "-" : "none");
}

/* Copy s[0..len) without the backslashes of escaped separators. */
static char *
unescape(const char *s, size_t len, char sep, struct ioc_err *err)
{
	char *item;
	size_t i, j;

	if ((item = malloc(len + 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	for (i = j = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == sep)
			i++;
		item[j++] = s[i];
	}
	item[j] = '\0';
	return (item);
}

/*
 * Split s on sep honouring "\<sep>"; empty and none items are dropped.
 * *items is a new NULL-terminated array (free with val_list_free()).
 */
int
val_list_split(
    const char *s, char sep, char ***items, size_t *n, struct ioc_err *err)
{
	char **v = NULL, **nv, *item;
	size_t count = 0, cap = 0, start, i;
	int rv = -1;

	*items = NULL;
	*n = 0;
	if ((v = calloc(1, sizeof(*v))) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		goto out;
	}
	cap = 1;
	if (val_is_none(s))
		goto done;
	for (start = i = 0;; i++) {
		if (s[i] == '\\' && s[i + 1] == sep) {
			i++;
			continue;
		}
		if (s[i] != sep && s[i] != '\0')
			continue;
		if ((item = unescape(s + start, i - start, sep, err)) == NULL)
			goto out;
		if (val_is_none(item)) {
			free(item);
		} else {
			if (count + 2 > cap) {
				nv = realloc(v, 2 * cap * sizeof(*v));
				if (nv == NULL) {
					free(item);
					(void)ioc_err_set(err, IOC_ENOMEM,
					    ENOMEM, "out of memory");
					goto out;
				}
				v = nv;
				cap *= 2;
			}
			v[count++] = item;
			v[count] = NULL;
		}
		if (s[i] == '\0')
			break;
		start = i + 1;
	}
done:
	*items = v;
	*n = count;
	v = NULL;
	rv = 0;
out:
	val_list_free(v);
	return (rv);
}

/* Join items with sep, escaping sep inside items; a new string. */
char *
val_list_join(char *const *items, size_t n, char sep, struct ioc_err *err)
{
	char *s, *p;
	const char *q;
	size_t len = 1, i;

	for (i = 0; i < n; i++) {
		for (q = items[i]; *q != '\0'; q++)
			len += *q == sep ? 2 : 1;
		len++;
	}
	if ((s = malloc(len)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	p = s;
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = sep;
		for (q = items[i]; *q != '\0'; q++) {
			if (*q == sep)
				*p++ = '\\';
			*p++ = *q;
		}
	}
	*p = '\0';
	return (s);
}

/* Free a list from val_list_split(). */
void
val_list_free(char **items)
{
	size_t i;

	if (items == NULL)
		return;
	for (i = 0; items[i] != NULL; i++)
		free(items[i]);
	free(items);
}

/*
 * Anchored glob match: "*" any run, "+" one or more characters, all else
 * literal.  Only the latest star is ever retried, which is enough because
 * the pattern between two stars matches a fixed number of characters: the
 * match runs in O(len(pattern) * len(s)) time without recursion.  "+" is
 * "one character, then a star".
 */
int
val_glob(const char *pattern, const char *s)
{
	const char *p = pattern, *star_p = NULL, *star_s = NULL;

	while (*s != '\0') {
		if (*p == '*') {
			star_p = ++p;
			star_s = s;
			continue;
		}
		if (*p == '+') {
			star_p = ++p;
			star_s = ++s;
			continue;
		}
		if (*p != '\0' && *p == *s) {
			p++;
			s++;
			continue;
		}
		if (star_p == NULL)
			return (0);
		p = star_p;
		s = ++star_s;
	}
	while (*p == '*')
		p++;
	return (*p == '\0');
}
