/*
 * cmd_start.c - ioc start JAIL ...
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Start each named jail; report every failure, exit 1 if any failed. */
int
cmd_start(struct cli *cli, int argc, char **argv)
{
	struct ioc_err err;
	int i, rv = CLI_OK;
	long jid;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rc") == 0 ||
		    strcmp(argv[i], "-o") == 0 ||
		    strncmp(argv[i], "--option", 8) == 0) {
			cli_errx("start: %s is not implemented yet", argv[i]);
			return (CLI_FAIL);
		}
		if (argv[i][0] == '-')
			return (cli_usage(cli, "unknown option '%s'", argv[i]));
	}
	if (argc < 2)
		return (cli_usage(cli, "expected JAIL ..."));
	for (i = 1; i < argc; i++) {
		if (ioc_jail_start(cli->ctx, argv[i], &jid, &err) != 0) {
			rv = cli_fail(&err);
			continue;
		}
		(void)printf("%s running as JID %ld\n", argv[i], jid);
	}
	return (rv);
}
