/*
 * cmd_exec.c - ioc exec [-u USER] [-f] JAIL [--] COMMAND ...
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/*
 * Run a command in a running jail (-f: in a stopped jail started for it
 * alone) and pass its exit status through.  Options end at the jail's
 * name: everything after it is the command's.
 */
int
cmd_exec(struct cli *cli, int argc, char **argv)
{
	const char *user = NULL;
	struct ioc_err err;
	int i = 1, status, fork = 0;

	while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
		if (strcmp(argv[i], "-u") == 0 ||
		    strcmp(argv[i], "--user") == 0) {
			if (i + 1 >= argc)
				return (
				    cli_usage(cli, "%s needs a USER", argv[i]));
			user = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--user=", 7) == 0) {
			user = argv[i] + 7;
			i++;
		} else if (strcmp(argv[i], "-f") == 0 ||
		    strcmp(argv[i], "--fork") == 0) {
			fork = 1;
			i++;
		} else {
			return (cli_usage(cli, "unknown option '%s'", argv[i]));
		}
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (user != NULL && user[0] == '\0')
		return (cli_usage(cli, "empty user name"));
	if (argc - i < 2)
		return (cli_usage(cli, "expected JAIL COMMAND ..."));
	if (strcmp(argv[i + 1], "--") == 0) {
		(void)memmove(&argv[i + 1], &argv[i + 2],
		    (size_t)(argc - i - 1) * sizeof(*argv));
		argc--;
		if (argc - i < 2)
			return (cli_usage(cli, "expected JAIL COMMAND ..."));
	}
	if (fork) {
		if (ioc_jail_exec_fork(cli->ctx, argv[i],
			(const char *const *)&argv[i + 1], user, &status,
			&err) != 0)
			return (cli_fail(&err));
	} else if (ioc_jail_exec(cli->ctx, argv[i],
		       (const char *const *)&argv[i + 1], user, &status,
		       &err) != 0) {
		return (cli_fail(&err));
	}
	return (status);
}
