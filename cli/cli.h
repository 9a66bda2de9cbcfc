/*
 * cli.h - shared declarations of the ioc command line tool.
 */
#ifndef IOC_CLI_H
#define IOC_CLI_H

#include <stdio.h>

#include "ioc.h"

/* Exit statuses. */
#define CLI_OK	  0
#define CLI_FAIL  1
#define CLI_USAGE 2

/* Command flags. */
#define CMD_ROOT 0x01 /* needs euid 0 */
#define CMD_ZFS	 0x02 /* needs a reachable ZFS */

struct cli;

struct cli_cmd {
	const char *name;
	int (*fn)(struct cli *, int, char **); /* NULL: not implemented yet */
	unsigned flags;
	const char *synopsis; /* after "ioc " */
	const char *summary;
	const char *options; /* option help lines, or NULL */
};

struct cli {
	struct ioc_ctx *ctx;
	const struct cli_cmd *cmd;
	int color_err;		  /* stderr is a terminal */
	unsigned progress_decile; /* last plain progress line drawn */
};

/* Commands. */
int cmd_activate(struct cli *, int, char **);
int cmd_clone(struct cli *, int, char **);
int cmd_console(struct cli *, int, char **);
int cmd_create(struct cli *, int, char **);
int cmd_deactivate(struct cli *, int, char **);
int cmd_destroy(struct cli *, int, char **);
int cmd_exec(struct cli *, int, char **);
int cmd_fetch(struct cli *, int, char **);
int cmd_fstab(struct cli *, int, char **);
int cmd_get(struct cli *, int, char **);
int cmd_list(struct cli *, int, char **);
int cmd_migrate(struct cli *, int, char **);
int cmd_promote(struct cli *, int, char **);
int cmd_rename(struct cli *, int, char **);
int cmd_restart(struct cli *, int, char **);
int cmd_set(struct cli *, int, char **);
int cmd_snapshot(struct cli *, int, char **);
int cmd_start(struct cli *, int, char **);
int cmd_stop(struct cli *, int, char **);
int cmd_update(struct cli *, int, char **);

/* Print "ioc: <msg>" on stderr. */
void cli_errx(const char *fmt, ...) IOC_PRINTF(1, 2);

/* Report a library error as one line on stderr; returns CLI_FAIL. */
int cli_fail(const struct ioc_err *err);

/* Report a usage error for the current command; returns CLI_USAGE. */
int cli_usage(const struct cli *cli, const char *fmt, ...) IOC_PRINTF(2, 3);

/* Print the help of one command to fp. */
void cli_cmd_help(const struct cli_cmd *cmd, FILE *fp);

/* Reset getopt for a new argument vector (glibc and BSD differ). */
void cli_getopt_reset(void);

/* The log sink that draws library log records on stderr. */
void cli_log_sink(void *arg, enum ioc_loglevel level, const char *msg);

/* The progress callback: a bar on a terminal, plain lines otherwise. */
void cli_progress(void *arg, const char *what, uint64_t done, uint64_t total);

/* Print a listing on stdout in a format; returns an exit status. */
int cli_print_table(
    const struct ioc_table *t, enum ioc_list_format fmt, int header);

#endif /* IOC_CLI_H */
