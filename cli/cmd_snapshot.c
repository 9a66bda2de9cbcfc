/*
 * cmd_snapshot.c - ioc snapshot [list | create | rollback [-f] | remove]
 * JAIL[@NAME]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* One column, NAME; the header comes once the jail was found. */
static int
print_name(void *arg, const char *name)
{
	int *header = arg;

	if (!*header)
		(void)printf("NAME\n");
	*header = 1;
	(void)printf("%s\n", name);
	return (0);
}

static int
snap_list(struct cli *cli, const char *jail)
{
	struct ioc_err err;
	int header = 0;

	if (ioc_snapshot_list(cli->ctx, jail, print_name, &header, &err) != 0)
		return (cli_fail(&err));
	if (!header)
		(void)printf("NAME\n");
	return (CLI_OK);
}

static int
snap_create(struct cli *cli, const char *ident)
{
	struct ioc_err err;

	if (ioc_snapshot_create(cli->ctx, ident, &err) != 0)
		return (cli_fail(&err));
	(void)printf("Snapshot '%s' created\n", ident);
	return (CLI_OK);
}

static int
snap_rollback(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"force", no_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_err err;
	int ch, force = 0;

	/* argv[0] is "rollback": getopt starts after it. */
	while ((ch = getopt_long(argc, argv, "+:f", longopts, NULL)) != -1) {
		if (ch != 'f')
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		force = 1;
	}
	if (argc - optind != 1)
		return (cli_usage(cli, "expected rollback [-f] JAIL@NAME"));
	if (ioc_snapshot_rollback(cli->ctx, argv[optind], force, &err) != 0)
		return (cli_fail(&err));
	(void)printf("Jail rolled back to snapshot '%s'\n", argv[optind]);
	return (CLI_OK);
}

static int
snap_remove(struct cli *cli, const char *ident)
{
	struct ioc_err err;

	if (ioc_snapshot_remove(cli->ctx, ident, &err) != 0)
		return (cli_fail(&err));
	(void)printf("Snapshot '%s' removed\n", ident);
	return (CLI_OK);
}

/* List, take, roll back to and remove jail snapshots. */
int
cmd_snapshot(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	const char *sub;

	if (getopt_long(argc, argv, "+:", longopts, NULL) != -1)
		return (
		    cli_usage(cli, "unknown option '%s'", argv[optind - 1]));
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return (cli_usage(cli, "expected JAIL or JAIL@NAME"));
	sub = argv[0];
	if (argc == 1)
		return (strchr(sub, '@') != NULL ? snap_create(cli, sub)
						 : snap_list(cli, sub));
	if (strcmp(sub, "rollback") == 0) {
		cli_getopt_reset();
		return (snap_rollback(cli, argc, argv));
	}
	if (argc != 2)
		return (cli_usage(cli, "too many operands"));
	if (strcmp(sub, "list") == 0)
		return (snap_list(cli, argv[1]));
	if (strcmp(sub, "create") == 0)
		return (snap_create(cli, argv[1]));
	if (strcmp(sub, "remove") == 0)
		return (snap_remove(cli, argv[1]));
	return (cli_usage(cli,
	    "unknown subcommand '%s' (list, create, "
	    "rollback, remove)",
	    sub));
}
