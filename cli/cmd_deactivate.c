/*
 * cmd_deactivate.c - ioc deactivate ZPOOL
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

/* Deactivate a pool; a pool that is not active is a warning, exit 0. */
int
cmd_deactivate(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {NULL, 0, NULL, 0},
	};
	struct ioc_err err;
	int changed;

	if (getopt_long(argc, argv, "+", longopts, NULL) != -1)
		return (
		    cli_usage(cli, "unknown option '%s'", argv[optind - 1]));
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return (cli_usage(cli, "expected one ZPOOL"));
	if (ioc_pool_deactivate(cli->ctx, argv[0], &changed, &err) != 0)
		return (cli_fail(&err));
	if (changed)
		(void)printf("ZFS pool '%s' deactivated\n", argv[0]);
	return (CLI_OK);
}
