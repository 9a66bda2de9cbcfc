/*
 * testutil.h - helpers shared by the cmocka unit tests: temporary
 * directories, small files and descriptor counting.
 */
#ifndef IOC_TESTUTIL_H
#define IOC_TESTUTIL_H

#include <sys/types.h>

#include <stddef.h>

/* Create a fresh directory /tmp/ioc-unit-<tag>.XXXXXX into buf; 0 or -1. */
int tu_mkdtemp(const char *tag, char *buf, size_t size);

/* Remove a directory tree without following symlinks; 0 or -1. */
int tu_rm_rf(const char *path);

/* Number of open descriptors of this process (0..4095). */
int tu_fd_count(void);

/* Write a whole file (created or truncated, mode 0644); 0 or -1. */
int tu_write_file(const char *path, const char *data, size_t len);

/*
 * Read at most size - 1 bytes of a file into buf, NUL-terminated.  Returns
 * the length read, or -1 when the file cannot be opened.
 */
ssize_t tu_read_file(const char *path, char *buf, size_t size);

/* Read everything left on a descriptor into buf like tu_read_file(). */
ssize_t tu_read_fd(int fd, char *buf, size_t size);

/* True when path exists (without following a final symlink). */
int tu_exists(const char *path);

/* Number of entries (not "." and "..") of a directory, or -1. */
int tu_dir_entries(const char *path);

/* snprintf() into buf that aborts the test program on truncation. */
char *tu_path(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* IOC_TESTUTIL_H */
