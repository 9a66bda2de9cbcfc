/*
 * cmd_activate.c - ioc activate [-m MOUNTPOINT] ZPOOL
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Activate a pool for iocage usage. */
int
cmd_activate(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"mountpoint", required_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_err err;
	const char *pool = NULL, *mp = NULL;
	int ch, was_active, dashdash;

	/* libioc's synopsis puts -m after ZPOOL: accept both orders. */
	for (;;) {
		ch = getopt_long(argc, argv, "+m:", longopts, NULL);
		if (ch == 'm') {
			if (mp != NULL)
				return (cli_usage(cli, "-m given twice"));
			mp = optarg;
			continue;
		}
		if (ch != -1) {
			if (optopt == 'm')
				return (cli_usage(
				    cli, "option -m needs a MOUNTPOINT"));
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
		if (optind >= argc)
			break;
		/* "--" ended the options (and was not the -m argument). */
		dashdash = strcmp(argv[optind - 1], "--") == 0 &&
		    argv[optind - 1] != mp;
		if (pool != NULL || (dashdash && optind + 1 < argc))
			return (cli_usage(cli, "expected one ZPOOL"));
		pool = argv[optind++];
		if (dashdash)
			break;
	}
	if (pool == NULL)
		return (cli_usage(cli, "expected ZPOOL"));
	if (ioc_pool_activate(cli->ctx, pool, mp, &was_active, &err) != 0)
		return (cli_fail(&err));
	(void)printf("ZFS pool '%s' activated\n", pool);
	return (CLI_OK);
}
