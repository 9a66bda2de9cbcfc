/*
 * cmd_clone.c - ioc clone SOURCE DESTINATION
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

/* Clone a jail into a new one in the same source. */
int
cmd_clone(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	struct ioc_err err;

	if (getopt_long(argc, argv, "+:", longopts, NULL) != -1)
		return (
		    cli_usage(cli, "unknown option '%s'", argv[optind - 1]));
	argc -= optind;
	argv += optind;
	if (argc != 2)
		return (cli_usage(cli, "expected SOURCE DESTINATION"));
	if (ioc_jail_clone(cli->ctx, argv[0], argv[1], &err) != 0)
		return (cli_fail(&err));
	(void)printf("Jail '%s' cloned to '%s'\n", argv[0], argv[1]);
	return (CLI_OK);
}
