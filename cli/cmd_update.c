/*
 * cmd_update.c - ioc update [-r] FILTER ...
 *
 * Jails (or, with -r, releases) get the security updates of the host's
 * updater, each as a transaction that is rolled back on failure.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct update_report {
	int releases;
	size_t tried;
	size_t failed;
};

static void
report(void *arg, const char *name, int patch, int changed,
    const struct ioc_err *err)
{
	struct update_report *r = arg;
	const char *what = r->releases ? "Release" : "Jail";

	r->tried++;
	if (err != NULL) {
		r->failed++;
		(void)cli_fail(err);
		return;
	}
	if (changed)
		(void)printf("%s '%s' updated to p%d\n", what, name, patch);
	else
		(void)printf(
		    "%s '%s' is up to date (p%d)\n", what, name, patch);
}

/* Update the jails or releases that the filters select. */
int
cmd_update(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"release", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_update_opts o;
	struct update_report r;
	struct ioc_err err;
	int ch;

	(void)memset(&o, 0, sizeof(o));
	(void)memset(&r, 0, sizeof(r));
	while ((ch = getopt_long(argc, argv, "+r", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			o.releases = 1;
			break;
		default:
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	if (optind >= argc)
		return (cli_usage(cli, "expected %s",
		    o.releases ? "RELEASE ..." : "FILTER ..."));
	o.filters = (const char *const *)&argv[optind];
	o.nfilters = (size_t)(argc - optind);
	r.releases = o.releases;
	if (ioc_update(cli->ctx, &o, report, &r, &err) == 0)
		return (CLI_OK);
	/* A single failed target was reported in its own line already. */
	if (r.failed > 0 && r.tried == 1)
		return (CLI_FAIL);
	return (cli_fail(&err));
}
