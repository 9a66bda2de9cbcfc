/*
 * cmd_stop.c - ioc stop [-f] JAIL ...
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Stop each named jail; report every failure, exit 1 if any failed. */
int
cmd_stop(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"force", no_argument, NULL, 'f'},
	    {"rc", no_argument, NULL, 'R'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_err err;
	int ch, i, force = 0, rv = CLI_OK;

	while ((ch = getopt_long(argc, argv, "+f", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'R':
			cli_errx("stop: --rc is not implemented yet");
			return (CLI_FAIL);
		default:
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	if (optind >= argc)
		return (cli_usage(cli, "expected JAIL ..."));
	for (i = optind; i < argc; i++) {
		if (ioc_jail_stop(cli->ctx, argv[i], force, &err) != 0) {
			rv = cli_fail(&err);
			continue;
		}
		(void)printf("%s stopped\n", argv[i]);
	}
	return (rv);
}
