/*
 * jailfstab.h - "fstab show|add|rm": a jail's fstab file edited line by
 * line, and its lines mounted into (or unmounted from) a running jail.
 * The pure helpers are here so that unit tests and the platform code can
 * use them.
 */
#ifndef IOC_JAILFSTAB_H
#define IOC_JAILFSTAB_H

#include <stddef.h>

#include "ioc.h"

/*
 * The destination of a new line relative to the jail root root: dst may
 * be the absolute host path below root or a path inside the jail ("/mnt/x"
 * or "mnt/x").  Empty and "." components are dropped; ".." is refused as
 * IOC_ESECURITY "Insecure path <path> jail escape attempt", the root itself
 * as IOC_EINVAL.  out gets "mnt/x".
 */
int jfs_dest_rel(const char *root, const char *dst, char *out, size_t size,
    struct ioc_err *err);

/*
 * Check one field of a new line (type, options): not empty, no blank, no
 * "#" and no "\"; what names the field in the message.
 */
int jfs_check_word(const char *what, const char *value, struct ioc_err *err);

/* True when the comma-separated options contain "ro". */
int jfs_opts_readonly(const char *opts);

/*
 * The options for the file system itself: opts without "ro" and "rw", as
 * a new string (empty when nothing is left).
 */
char *jfs_opts_data(const char *opts, struct ioc_err *err);

/*
 * One fstab line in libioc's format, without its newline, as a new string:
 * "SOURCE<TAB>DESTINATION<TAB>TYPE<TAB>OPTIONS<TAB>FREQ<TAB>PASSNO" with
 * the paths escaped and " # COMMENT" when comment is not NULL.
 */
char *jfs_format_line(const char *src, const char *dst, const char *type,
    const char *opts, unsigned freq, unsigned passno, const char *comment,
    struct ioc_err *err);

/*
 * Open the directory rel below the directory rootfd without following any
 * symbolic link (a link anywhere on the way is IOC_ESECURITY "Insecure path
 * <shown> jail escape attempt"; shown names the path in messages).  ".."
 * is refused the same way.  Returns a descriptor (O_DIRECTORY) or -1.
 */
int jfs_open_dir(
    int rootfd, const char *rel, const char *shown, struct ioc_err *err);

#endif /* IOC_JAILFSTAB_H */
