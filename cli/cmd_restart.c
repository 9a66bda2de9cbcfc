/*
 * cmd_restart.c - ioc restart [-s] [-f] JAIL ...
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

/* Restart each named jail; report every failure, exit 1 if any failed. */
int
cmd_restart(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"shutdown", no_argument, NULL, 's'},
	    {"force", no_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_err err;
	int ch, i, shutdown = 0, force = 0, rv = CLI_OK;
	long jid;

	while ((ch = getopt_long(argc, argv, "+sf", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			shutdown = 1;
			break;
		case 'f':
			force = 1;
			break;
		default:
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	if (optind >= argc)
		return (cli_usage(cli, "expected JAIL ..."));
	for (i = optind; i < argc; i++) {
		if (ioc_jail_restart(
			cli->ctx, argv[i], shutdown, force, &jid, &err) != 0) {
			rv = cli_fail(&err);
			continue;
		}
		(void)printf("%s restarted (JID %ld)\n", argv[i], jid);
	}
	return (rv);
}
