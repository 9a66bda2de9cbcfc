/*
 * main.c - global options, the command table and dispatch of ioc(8).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define NOT_YET NULL

/* Sorted by name; exact names only, no abbreviations. */
static const struct cli_cmd cmds[] = {
    {"activate", cmd_activate, CMD_ROOT | CMD_ZFS,
	"activate [-m MOUNTPOINT] ZPOOL",
	"Set a zpool active for iocage usage.",
	"  -m, --mountpoint PATH  mountpoint of <ZPOOL>/iocage (default: keep\n"
	"                         it, or /iocage for a new one when free)\n"},
    {"clone", cmd_clone, CMD_ROOT | CMD_ZFS, "clone SOURCE DESTINATION",
	"Clone and promote jails.", NULL},
    {"console", cmd_console, CMD_ROOT | CMD_ZFS, "console [-s] JAIL",
	"Login to a jail.",
	"  -s, --start            start the jail when it is stopped\n"},
    {"create", cmd_create, CMD_ROOT | CMD_ZFS,
	"create [-b | -nb] [-r RELEASE | -t TEMPLATE] [-c COUNT] "
	"[--no-fetch] NAME [PROP=VALUE ...]",
	"Create a jail.",
	"  -r, --release RELEASE  release to create the jail from\n"
	"  -t, --template NAME    template to create the jail from\n"
	"  -b, --basejail         create a basejail (default)\n"
	"  -nb, --no-basejail     create a standalone jail\n"
	"  -c, --count N          create N jails named NAME_1 ... NAME_N\n"
	"  --no-fetch             never fetch a missing release\n"},
    {"deactivate", cmd_deactivate, CMD_ROOT | CMD_ZFS, "deactivate ZPOOL",
	"Disable a ZFS pool for iocage.", NULL},
    {"destroy", cmd_destroy, CMD_ROOT | CMD_ZFS,
	"destroy [-f] [-t | -r] FILTER ...", "Destroy specified resource",
	"  -f, --force            no confirmation; stop running jails\n"
	"  -t, --template         destroy templates\n"
	"  -r, --release          destroy releases\n"},
    {"exec", cmd_exec, CMD_ROOT | CMD_ZFS,
	"exec [-u USER] [-f] JAIL [--] COMMAND ...",
	"Run a command inside a specified jail.",
	"  -u, --user USER        run the command as USER of the jail\n"
	"  -f, --fork             start a stopped jail for the command\n"},
    {"export", NOT_YET, CMD_ROOT | CMD_ZFS,
	"export [-s] [--format txz | directory] JAIL DESTINATION",
	"Export a jail to a backup archive",
	"  -s, --standalone       include the whole root, not a diff\n"
	"  --format FORMAT        txz (default) or directory\n"},
    {"fetch", cmd_fetch, CMD_ROOT | CMD_ZFS,
	"fetch [-b] [-r RELEASE] [-u URL] [-F ASSET ...] [--arch ARCH] "
	"[--no-update] [--no-fetch-updates]",
	"Fetch and update a Release to create Jails from them.",
	"  -r, --release NAME     release to fetch\n"
	"  -u, --url URL          mirror that contains RELEASE/\n"
	"  -F, --file ASSET       asset to fetch (repeatable)\n"
	"  --arch ARCH            architecture of the mirror (amd64 ...)\n"
	"  -b                     register a release built in place\n"
	"  --no-update            do not apply updates\n"
	"  --no-fetch-updates     do not download updates\n"},
    {"fstab", cmd_fstab, CMD_ROOT | CMD_ZFS,
	"fstab show JAIL | fstab add [-o OPTIONS] [-t TYPE] [--freq N] "
	"[--passno N] [-c COMMENT] SOURCE [DESTINATION] JAIL | "
	"fstab rm SOURCE JAIL",
	"View and manipulate a jails fstab file.",
	"  -o, --options OPTIONS  mount options (default ro)\n"
	"  -t, --type TYPE        nullfs (default) or tmpfs\n"
	"  --freq N, --passno N   the fifth and sixth fields (default 0)\n"
	"  -c, --comment TEXT     comment for the line\n"},
    {"get", cmd_get, CMD_ZFS, "get [-a] PROP | all JAIL | defaults",
	"Gets the specified property.",
	"  -a, --all              print every property\n"},
    {"import", NOT_YET, CMD_ROOT | CMD_ZFS, "import JAIL SOURCE",
	"Import a jail from a backup archive", NULL},
    {"list", cmd_list, CMD_ZFS,
	"list [-HlrRtdp] [-o COLUMNS] [-f FORMAT] [-s COLUMN] [-u URL] "
	"[FILTER ...]",
	"List a specified dataset type, by default lists all jails.",
	"  -o, --output COLUMNS   comma-separated columns\n"
	"  -f, --output-format F  table, csv, list or json\n"
	"  -H, --no-header        no header line\n"
	"  -s, --sort COLUMN      sort by COLUMN\n"
	"  -l, --long             more columns\n"
	"  -t, --template         list templates\n"
	"  -r, --release          list releases\n"
	"  -R, --remote           with -r: list the mirror's releases\n"
	"  -u, --url URL          with -r -R: the mirror to ask\n"
	"  -d, --dataset          list the sources in use\n"
	"  -p, --pools            list the auto-detected sources\n"},
    {"migrate", cmd_migrate, CMD_ROOT | CMD_ZFS, "migrate [FILTER ...]",
	"Migrate jails to the latest format.", NULL},
    {"pkg", NOT_YET, CMD_ROOT | CMD_ZFS, "pkg [-r] JAIL PACKAGE ...",
	"Manage packages in a jail.",
	"  -r, --remove           remove the packages\n"},
    {"promote", cmd_promote, CMD_ROOT | CMD_ZFS, "promote JAIL",
	"Clone and promote jails.", NULL},
    {"provision", NOT_YET, CMD_ROOT | CMD_ZFS,
	"provision [-o KEY=VALUE ...] [FILTER ...]",
	"Trigger provisioning of jails.",
	"  -o, --option KEY=VALUE temporary configuration override\n"},
    {"rename", cmd_rename, CMD_ROOT | CMD_ZFS, "rename JAIL NEWNAME",
	"Rename a stopped jail.", NULL},
    {"restart", cmd_restart, CMD_ROOT | CMD_ZFS, "restart [-s] [-f] FILTER ...",
	"Restarts the specified jails.",
	"  -s, --shutdown         full stop and start\n"
	"  -f, --force            forced stop (implies -s)\n"},
    {"set", cmd_set, CMD_ROOT | CMD_ZFS,
	"set KEY=VALUE | KEY ... JAIL | defaults",
	"Sets the specified property.", NULL},
    {"snapshot", cmd_snapshot, CMD_ROOT | CMD_ZFS,
	"snapshot [list | create | rollback [-f] | remove] JAIL[@NAME]",
	"Take and manage resource snapshots.", NULL},
    {"start", cmd_start, CMD_ROOT | CMD_ZFS,
	"start [--rc] [-o KEY=VALUE ...] [FILTER ...]",
	"Starts the specified jails or ALL.",
	"  --rc                   start every jail with boot=yes\n"
	"  -o, --option KEY=VALUE temporary configuration override\n"},
    {"stop", cmd_stop, CMD_ROOT | CMD_ZFS, "stop [--rc] [-f] [FILTER ...]",
	"Stops the specified jails or ALL.",
	"  --rc                   stop every running jail\n"
	"  -f, --force            ignore hook and network errors\n"},
    {"update", cmd_update, CMD_ROOT | CMD_ZFS, "update [-r] FILTER ...",
	"Apply security updates to jails or releases.",
	"  -r, --release          the filters name releases, not jails\n"},
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static const char global_usage[] =
    "usage: ioc [--version] [--source NAME=DATASET ...] "
    "[-d LEVEL] COMMAND [ARGS]...\n";

static const char global_options[] =
    "  A jail manager.\n"
    "\n"
    "Options:\n"
    "  --version              show the version and exit\n"
    "  --source NAME=DATASET  use DATASET as root dataset NAME instead of\n"
    "                         the configured ones (repeatable)\n"
    "  -d, --log-level LEVEL  critical, error, warn, info (default),\n"
    "                         notice, verbose, debug, spam or screen\n"
    "  --help                 show this message and exit\n";

void
cli_errx(const char *fmt, ...)
{
	va_list ap;

	(void)fflush(stdout);
	(void)fputs("ioc: ", stderr);
	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fputc('\n', stderr);
}

int
cli_fail(const struct ioc_err *err)
{
	cli_errx("%s", err->msg[0] != '\0' ? err->msg : "unknown error");
	return (CLI_FAIL);
}

int
cli_usage(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	(void)fflush(stdout);
	(void)fputs("ioc: ", stderr);
	if (cli != NULL && cli->cmd != NULL)
		(void)fprintf(stderr, "%s: ", cli->cmd->name);
	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fputc('\n', stderr);
	return (CLI_USAGE);
}

void
cli_cmd_help(const struct cli_cmd *cmd, FILE *fp)
{
	(void)fprintf(
	    fp, "usage: ioc %s\n\n  %s\n", cmd->synopsis, cmd->summary);
	(void)fputs("\nOptions:\n", fp);
	if (cmd->options != NULL)
		(void)fputs(cmd->options, fp);
	(void)fputs(
	    "  --help                 show this message and exit\n", fp);
}

void
cli_getopt_reset(void)
{
#if defined(__GLIBC__)
	optind = 0;
#else
	optreset = 1;
	optind = 1;
#endif
}

static void
global_help(FILE *fp)
{
	size_t i;

	(void)fputs(global_usage, fp);
	(void)fputc('\n', fp);
	(void)fputs(global_options, fp);
	(void)fputs("\nCommands:\n", fp);
	for (i = 0; i < NCMDS; i++)
		(void)fprintf(
		    fp, "  %-11s %s\n", cmds[i].name, cmds[i].summary);
}

static const struct cli_cmd *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return (&cmds[i]);
	return (NULL);
}

/* True when "--help" appears before a "--" operand separator. */
static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return (0);
		if (strcmp(argv[i], "--help") == 0)
			return (1);
	}
	return (0);
}

static int
add_source(struct ioc_ctx *ctx, const char *arg)
{
	struct ioc_err err;
	const char *eq;
	char name[256];

	if ((eq = strchr(arg, '=')) == NULL || eq == arg || eq[1] == '\0' ||
	    (size_t)(eq - arg) >= sizeof(name)) {
		cli_errx("--source expects NAME=DATASET, got '%s'", arg);
		return (CLI_USAGE);
	}
	(void)memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	if (ioc_ctx_add_source(ctx, name, eq + 1, &err) != 0) {
		(void)cli_fail(&err);
		return (CLI_USAGE);
	}
	return (CLI_OK);
}

static int
run_cmd(struct cli *cli, int argc, char **argv)
{
	const struct cli_cmd *cmd = cli->cmd;
	struct ioc_err err;

	if (wants_help(argc, argv)) {
		cli_cmd_help(cmd, stdout);
		return (CLI_OK);
	}
	if ((cmd->flags & CMD_ROOT) && geteuid() != 0) {
		cli_errx(
		    "You need to have root privileges to run %s", cmd->name);
		return (CLI_FAIL);
	}
	if (cmd->fn == NULL) {
		cli_errx("'%s' is not implemented yet", cmd->name);
		return (CLI_FAIL);
	}
	if ((cmd->flags & CMD_ZFS) && ioc_zfs_check(cli->ctx, &err) != 0)
		return (cli_fail(&err));
	cli_getopt_reset();
	return (cmd->fn(cli, argc, argv));
}

static int
help_cmd(int argc, char **argv)
{
	const struct cli_cmd *cmd;

	if (argc < 2) {
		global_help(stdout);
		return (CLI_OK);
	}
	if (argc > 2) {
		cli_errx("help takes one command name");
		return (CLI_USAGE);
	}
	if ((cmd = find_cmd(argv[1])) == NULL) {
		cli_errx("unknown command '%s'", argv[1]);
		return (CLI_USAGE);
	}
	cli_cmd_help(cmd, stdout);
	return (CLI_OK);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"version", no_argument, NULL, 'V'},
	    {"source", required_argument, NULL, 'S'},
	    {"log-level", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	enum ioc_loglevel level = IOC_LOG_INFO;
	struct cli cli;
	struct ioc_err err;
	int ch, rv = CLI_FAIL;

	(void)signal(SIGPIPE, SIG_DFL);
	(void)memset(&cli, 0, sizeof(cli));
	cli.color_err = isatty(STDERR_FILENO);
	if ((cli.ctx = ioc_ctx_new(&err)) == NULL)
		return (cli_fail(&err));
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+d:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'V':
			(void)printf("ioc, version %s\n", IOC_VERSION);
			(void)printf("libioc, version %s\n", ioc_version());
			rv = CLI_OK;
			goto out;
		case 'S':
			if ((rv = add_source(cli.ctx, optarg)) != CLI_OK)
				goto out;
			break;
		case 'd':
			if (ioc_loglevel_parse(optarg, &level) != 0) {
				cli_errx("Invalid log-level '%s'. Choose one "
					 "of %s",
				    optarg, ioc_loglevel_names());
				rv = CLI_USAGE;
				goto out;
			}
			break;
		case 'h':
			global_help(stdout);
			rv = CLI_OK;
			goto out;
		default:
			if (optopt == 'd')
				cli_errx("option -d needs a LEVEL");
			else if (optopt != 0)
				cli_errx("unknown option '-%c'", optopt);
			else
				cli_errx(
				    "unknown option '%s'", argv[optind - 1]);
			rv = CLI_USAGE;
			goto out;
		}
	}
	argc -= optind;
	argv += optind;
	ioc_ctx_set_log(cli.ctx, level, cli_log_sink, &cli);
	ioc_ctx_set_progress(cli.ctx, cli_progress, &cli);
	if (argc == 0) {
		global_help(stdout);
		rv = CLI_OK;
		goto out;
	}
	if (strcmp(argv[0], "help") == 0) {
		rv = help_cmd(argc, argv);
		goto out;
	}
	if ((cli.cmd = find_cmd(argv[0])) == NULL) {
		cli_errx("unknown command '%s'; see 'ioc --help'", argv[0]);
		rv = CLI_USAGE;
		goto out;
	}
	rv = run_cmd(&cli, argc, argv);
out:
	ioc_ctx_free(cli.ctx);
	if (fflush(stdout) != 0 && rv == CLI_OK) {
		/* A full disk or closed pipe must not look like success. */
		rv = CLI_FAIL;
	}
	return (rv);
}
