/*
 * cmd_get.c - ioc get [-a] PROP | all JAIL | defaults
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int
print_kv(void *arg, const char *key, const char *value)
{
	(void)arg;
	(void)printf("%s:%s\n", key, value);
	return (0);
}

/* Print one property, or all of them, of a jail or the host defaults. */
int
cmd_get(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"all", no_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_jail *j;
	struct ioc_err err;
	const char *prop, *target;
	int ch, all = 0, rv;
	char *v;

	while ((ch = getopt_long(argc, argv, "+a", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		default:
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	argc -= optind;
	argv += optind;
	if (all && argc == 1) {
		prop = "all";
		target = argv[0];
	} else if (argc == 2 && (!all || strcmp(argv[0], "all") == 0)) {
		prop = argv[0];
		target = argv[1];
	} else {
		return (cli_usage(cli, "expected PROP JAIL or -a JAIL"));
	}
	if (strcmp(target, "defaults") == 0)
		j = ioc_defaults_open(cli->ctx, &err);
	else
		j = ioc_jail_open(cli->ctx, target, &err);
	if (j == NULL)
		return (cli_fail(&err));
	if (strcmp(prop, "all") == 0) {
		rv = ioc_jail_get_all(j, print_kv, NULL, &err);
	} else if ((v = ioc_jail_get(j, prop, &err)) != NULL) {
		(void)printf("%s\n", v);
		free(v);
		rv = 0;
	} else {
		rv = -1;
	}
	ioc_jail_free(j);
	return (rv == 0 ? CLI_OK : cli_fail(&err));
}
