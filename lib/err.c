/*
 * err.c - struct ioc_err helpers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const errnames[] = {
    "OK",
    "EINVAL",
    "ENOENT",
    "EEXIST",
    "EBUSY",
    "EPERM",
    "EIO",
    "ENOMEM",
    "ENOTSUP",
    "EEXEC",
    "ENOZFS",
    "ESECURITY",
    "ETIMEDOUT",
    "ENOTACTIVE",
    "EPARSE",
};

/* Name of an error code, e.g. "EBUSY"; "E?" for unknown codes. */
const char *
ioc_errcode_name(int code)
{
	if (code < 0 || (size_t)code >= sizeof(errnames) / sizeof(errnames[0]))
		return ("E?");
	return (errnames[code]);
}

/*
 * An error is one line: control characters that came in with the data a
 * message quotes (a JSON key with "\n", a program's output) become a
 * blank (line breaks, tabs) or "?".
 */
static void
one_line(char *msg)
{
	unsigned char *p;

	for (p = (unsigned char *)msg; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
		else if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

/* Fill err with a formatted message; returns -1. */
int
ioc_err_set(struct ioc_err *err, int code, int sys, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return (-1);
	err->code = code;
	err->sys = sys;
	va_start(ap, fmt);
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	one_line(err->msg);
	return (-1);
}

/* Map an errno value to an ioc error code. */
int
ioc_err_from_errno(int sys)
{
	switch (sys) {
	case ENOENT:
	case ENOTDIR:
		return (IOC_ENOENT);
	case EEXIST:
	case ENOTEMPTY:
		return (IOC_EEXIST);
	case EBUSY:
	case EWOULDBLOCK:
		return (IOC_EBUSY);
	case EPERM:
	case EACCES:
	case EROFS:
		return (IOC_EPERM);
	case ENOMEM:
		return (IOC_ENOMEM);
	case EINVAL:
	case ENAMETOOLONG:
		return (IOC_EINVAL);
	case ENOSYS:
	case EOPNOTSUPP:
		return (IOC_ENOTSUP);
	case ETIMEDOUT:
		return (IOC_ETIMEDOUT);
	case ELOOP:
	case EXDEV:
		return (IOC_ESECURITY);
	default:
		return (IOC_EIO);
	}
}

/* Like ioc_err_set() with errno as sys and ": strerror" appended. */
int
ioc_err_sys(struct ioc_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	int sys = errno;
	size_t len;

	if (err == NULL)
		return (-1);
	err->code = code != 0 ? code : ioc_err_from_errno(sys);
	err->sys = sys;
	va_start(ap, fmt);
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	(void)snprintf(
	    err->msg + len, sizeof(err->msg) - len, ": %s", strerror(sys));
	one_line(err->msg);
	return (-1);
}

/* Put "context: " in front of the message already in err; returns -1. */
int
ioc_err_wrap(struct ioc_err *err, const char *fmt, ...)
{
	char buf[2 * IOC_ERRMSG_MAX + 2];
	va_list ap;
	int n;

	if (err == NULL)
		return (-1);
	va_start(ap, fmt);
	n = vsnprintf(buf, IOC_ERRMSG_MAX, fmt, ap);
	va_end(ap);
	if (n < 0)
		return (-1);
	if ((size_t)n >= IOC_ERRMSG_MAX)
		n = IOC_ERRMSG_MAX - 1;
	buf[n++] = ':';
	buf[n++] = ' ';
	(void)memcpy(buf + n, err->msg, sizeof(err->msg));
	buf[n + IOC_ERRMSG_MAX - 1] = '\0';
	(void)memcpy(err->msg, buf, IOC_ERRMSG_MAX - 1);
	err->msg[IOC_ERRMSG_MAX - 1] = '\0';
	one_line(err->msg);
	return (-1);
}

/* strdup() that reports IOC_ENOMEM. */
char *
ioc_strdup(const char *s, struct ioc_err *err)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
	return (p);
}

/* asprintf() that reports IOC_ENOMEM; returns NULL on failure. */
char *
ioc_aprintf(struct ioc_err *err, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = malloc((size_t)n + 1)) == NULL) {
		(void)ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory");
		return (NULL);
	}
	va_start(ap, fmt);
	(void)vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return (p);
}
