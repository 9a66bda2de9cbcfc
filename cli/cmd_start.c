/*
 * cmd_start.c - ioc start [--rc] [-o KEY=VALUE ...] [FILTER ...]
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
	if (err != NULL)
		(void)cli_fail(err);
	else if (skipped)
		(void)printf("%s is already running - skipping start\n", name);
	else
		(void)printf("%s running as JID %ld\n", name, jid);
}

/* Start the selected jails by priority; exit 1 when one failed. */
int
cmd_start(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"rc", no_argument, NULL, 'R'},
	    {"option", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *ov[64];
	struct ioc_err err;
	size_t nov = 0;
	int ch, rc = 0;

	while ((ch = getopt_long(argc, argv, "+o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'R':
			rc = 1;
			break;
		case 'o':
			if (nov == sizeof(ov) / sizeof(ov[0]))
				return (cli_usage(cli, "too many -o options"));
			ov[nov++] = optarg;
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
	if (ioc_jails_startstop(cli->ctx, 1, (const char *const *)&argv[optind],
		(size_t)(argc - optind), ov, nov, rc, 0, report, NULL,
		&err) != 0) {
		/* Each failed jail was reported already. */
		if (err.code != IOC_EEXEC)
			(void)cli_fail(&err);
		return (CLI_FAIL);
	}
	return (CLI_OK);
}
