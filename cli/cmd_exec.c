/*
 * cmd_exec.c - ioc exec JAIL [--] COMMAND ...
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Run a command in a running jail and pass its exit status through. */
int
cmd_exec(struct cli *cli, int argc, char **argv)
{
	struct ioc_err err;
	int i = 1, status;

	if (i < argc &&
	    (strcmp(argv[i], "-u") == 0 || strncmp(argv[i], "--user", 6) == 0 ||
		strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--fork") == 0)) {
		cli_errx("exec: %s is not implemented yet", argv[i]);
		return (CLI_FAIL);
	}
	if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0)
		return (cli_usage(cli, "unknown option '%s'", argv[i]));
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (argc - i < 2)
		return (cli_usage(cli, "expected JAIL COMMAND ..."));
	/* Everything after the jail is the command, its options included. */
	if (strcmp(argv[i + 1], "--") == 0) {
		(void)memmove(&argv[i + 1], &argv[i + 2],
		    (size_t)(argc - i - 1) * sizeof(*argv));
		argc--;
		if (argc - i < 2)
			return (cli_usage(cli, "expected JAIL COMMAND ..."));
	}
	if (ioc_jail_exec(cli->ctx, argv[i], (const char *const *)&argv[i + 1],
		&status, &err) != 0)
		return (cli_fail(&err));
	return (status);
}
