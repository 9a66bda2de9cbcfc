/*
 * exec.h - the one way libioc runs external programs: an argv vector, an
 * absolute program path resolved once, a clean environment, captured
 * output, no shell.
 */
#ifndef IOC_EXEC_H
#define IOC_EXEC_H

#include <stddef.h>

#include "ioc.h"

#define EXEC_ERRTAIL 1024

/* Inherit the caller's stdin, stdout and stderr (interactive commands). */
#define EXEC_PASSTHRU 0x01
/* Do not log a failure at debug level (the caller expects failures). */
#define EXEC_QUIET 0x02
/* The env vector replaces the clean environment instead of extending it. */
#define EXEC_ENV_REPLACE 0x04

struct exec_opts {
	const char *const *argv; /* argv[0]: program name or absolute path */
	const char *const *env;	 /* extra "K=V" entries, NULL-terminated */
	const char *cwd;	 /* working directory, or NULL for "/" */
	const char *input;	 /* data written to stdin, or NULL */
	size_t inputlen;
	int stdin_fd;	/* descriptor for stdin, -1: input or /dev/null */
	int stdout_fd;	/* descriptor for stdout, -1: capture */
	int timeout_ms; /* 0: wait forever */
	unsigned flags;
};

struct exec_result {
	int status; /* exit status, 128 + signal when killed, -1 unknown */
	char *out;  /* captured stdout, NUL-terminated (caller frees) */
	size_t outlen;
	char errtail[EXEC_ERRTAIL]; /* the end of stderr, NUL-terminated */
};

/* Options with every field at its default (no input, capture stdout). */
void exec_opts_init(struct exec_opts *o, const char *const *argv);

/*
 * Run a program and wait for it.  Returns 0 when it exited with status 0.
 * Otherwise returns -1 with err set: IOC_ENOENT when the program does not
 * exist, IOC_ETIMEDOUT after the timeout (the child is killed), IOC_EEXEC
 * for a non-zero exit with the last line of its stderr in the message.
 * res is filled in every case where the program ran; free it with
 * exec_result_free().
 */
int exec_run(struct ioc_ctx *ctx, const struct exec_opts *o,
    struct exec_result *res, struct ioc_err *err);

/* Release the captured output. */
void exec_result_free(struct exec_result *res);

/*
 * Absolute path of a program, searched once in the fixed PATH and cached
 * in the context.  Borrowed; NULL with IOC_ENOENT when it does not exist.
 */
const char *exec_which(
    struct ioc_ctx *ctx, const char *name, struct ioc_err *err);

/* The last non-empty line of a stderr tail, written into buf. */
void exec_lastline(const char *tail, char *buf, size_t size);

/*
 * For a child after fork(): execve() argv with argv[0] searched in the
 * PATH of env (a jail's, not ours; /sbin:/bin:/usr/sbin:/usr/bin when env
 * has none), or as it is when it holds a '/'.  Returns only when nothing
 * could be run, with errno of the last attempt.
 */
void exec_path_search(const char *const *argv, const char *const *env);

#endif /* IOC_EXEC_H */
