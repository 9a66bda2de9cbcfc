/*
 * cmd_migrate.c - ioc migrate [FILTER ...]
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

struct tally {
	int done, skipped, failed;
};

static void
report(void *arg, const char *name, const char *newname,
    enum ioc_migrate_status status, const struct ioc_err *err)
{
	struct tally *t = arg;

	switch (status) {
	case IOC_MIGRATE_DONE:
		t->done++;
		(void)printf("Jail '%s' migrated to '%s'\n", name, newname);
		break;
	case IOC_MIGRATE_SKIPPED:
		t->skipped++;
		(void)printf("Jail '%s' is not a legacy jail: skipped\n", name);
		break;
	case IOC_MIGRATE_FAILED:
		t->failed++;
		cli_errx("Jail '%s' was not migrated: %s", name, err->msg);
		break;
	}
}

/* Migrate legacy jails to named config.json jails. */
int
cmd_migrate(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	struct tally t = {0, 0, 0};
	struct ioc_err err;

	if (getopt_long(argc, argv, "+:", longopts, NULL) != -1)
		return (
		    cli_usage(cli, "unknown option '%s'", argv[optind - 1]));
	argc -= optind;
	argv += optind;
	if (ioc_migrate(cli->ctx, (const char *const *)argv, (size_t)argc,
		report, &t, &err) != 0) {
		/* Each failed jail was reported on its own line. */
		if (t.failed == 0)
			return (cli_fail(&err));
		return (CLI_FAIL);
	}
	if (t.done == 0 && t.skipped == 0)
		(void)printf("No legacy jails to migrate\n");
	return (CLI_OK);
}
