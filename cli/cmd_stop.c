/*
 * cmd_stop.c - ioc stop [--rc] [-f] [FILTER ...]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void
report(void *arg, const char *name, int skipped, long jid,
    const struct ioc_err *err)
{
	(void)arg;
	(void)jid;
	if (err != NULL)
		(void)cli_fail(err);
	else if (skipped)
		(void)printf("%s is not running - skipping stop\n", name);
	else
		(void)printf("%s stopped\n", name);
}

/* Stop the selected jails by priority, highest first. */
int
cmd_stop(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"force", no_argument, NULL, 'f'},
	    {"rc", no_argument, NULL, 'R'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_err err;
	int ch, force = 0, rc = 0;

	while ((ch = getopt_long(argc, argv, "+f", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'R':
			rc = 1;
			break;
		default:
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	if (rc && optind < argc)
		return (cli_usage(cli, "--rc takes no filters"));
	if (!rc && optind >= argc)
		return (cli_usage(cli, "expected FILTER ... or --rc"));
	if (ioc_jails_startstop(cli->ctx, 0, (const char *const *)&argv[optind],
		(size_t)(argc - optind), NULL, 0, rc, force, report, NULL,
		&err) != 0) {
		if (err.code != IOC_EEXEC)
			(void)cli_fail(&err);
		return (CLI_FAIL);
	}
	return (CLI_OK);
}
