/*
 * cmd_promote.c - ioc promote JAIL
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

/* Promote a cloned jail. */
int
cmd_promote(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	struct ioc_err err;

	if (getopt_long(argc, argv, "+:", longopts, NULL) != -1)
		return (
		    cli_usage(cli, "unknown option '%s'", argv[optind - 1]));
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return (cli_usage(cli, "expected JAIL"));
	if (ioc_jail_promote(cli->ctx, argv[0], &err) != 0)
		return (cli_fail(&err));
	(void)printf("Jail '%s' promoted\n", argv[0]);
	return (CLI_OK);
}
