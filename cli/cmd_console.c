/*
 * cmd_console.c - ioc console [-s] JAIL
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

/* Log in to a jail; the exit status is login's. */
int
cmd_console(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"start", no_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_err err;
	int ch, start = 0, status = 0;

	while ((ch = getopt_long(argc, argv, "+s", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			start = 1;
			break;
		default:
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	if (argc - optind != 1)
		return (cli_usage(cli, "expected JAIL"));
	if (ioc_jail_console(cli->ctx, argv[optind], start, &status, &err) != 0)
		return (cli_fail(&err));
	return (status);
}
