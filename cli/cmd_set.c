/*
 * cmd_set.c - ioc set KEY=VALUE | KEY ... JAIL | defaults
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void
report(void *arg, const char *name, const char *const *changed, size_t n)
{
	size_t i;

	(void)arg;
	if (name == NULL)
		(void)fputs(n > 0 ? "Defaults updated: " : "Defaults unchanged",
		    stdout);
	else
		(void)printf(
		    n > 0 ? "Jail '%s' updated: " : "Jail '%s' unchanged",
		    name);
	for (i = 0; i < n; i++)
		(void)printf("%s%s", i > 0 ? ", " : "", changed[i]);
	(void)putchar('\n');
}

/* Set or unset properties of the jails a name filter selects. */
int
cmd_set(struct cli *cli, int argc, char **argv)
{
	struct ioc_err err;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return (cli_usage(cli, "unknown option '%s'", argv[i]));
	}
	if (i < argc) {
		(void)memmove(
		    &argv[i], &argv[i + 1], (size_t)(argc - i) * sizeof(*argv));
		argc--;
	}
	if (argc < 3)
		return (cli_usage(cli, "expected KEY=VALUE ... JAIL"));
	if (ioc_set(cli->ctx, argv[argc - 1], (const char *const *)&argv[1],
		(size_t)argc - 2, report, NULL, &err) != 0)
		return (cli_fail(&err));
	return (CLI_OK);
}
