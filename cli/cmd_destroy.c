/*
 * cmd_destroy.c - ioc destroy [-f] [-t | -r] FILTER ...
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

struct dctx {
	int notty; /* no terminal to ask on: refused */
};

static int
confirm(
    void *arg, enum ioc_destroy_kind kind, const char *const *names, size_t n)
{
	struct dctx *d = arg;
	char line[64];
	size_t i;

	if (!isatty(STDIN_FILENO)) {
		d->notty = 1;
		return (0);
	}
	(void)printf("These %s will be deleted\n",
	    kind == IOC_DESTROY_RELEASES	? "releases"
		: kind == IOC_DESTROY_TEMPLATES ? "templates"
						: "jails");
	for (i = 0; i < n; i++)
		(void)printf("- %s\n", names[i]);
	(void)printf("Are you sure? [y/N] ");
	(void)fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return (0);
	line[strcspn(line, "\n")] = '\0';
	return (strcmp(line, "y") == 0 || strcmp(line, "Y") == 0 ||
	    strcmp(line, "yes") == 0 || strcmp(line, "YES") == 0);
}

static void
report(void *arg, const char *what)
{
	(void)arg;
	(void)printf("%s destroyed\n", what);
	(void)fflush(stdout);
}

/* Destroy the jails, templates or releases the filters select. */
int
cmd_destroy(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"force", no_argument, NULL, 'f'},
	    {"template", no_argument, NULL, 't'},
	    {"release", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	enum ioc_destroy_kind kind = IOC_DESTROY_JAILS;
	struct dctx d = {0};
	struct ioc_err err;
	int ch, force = 0, t = 0, r = 0;

	while ((ch = getopt_long(argc, argv, "+ftr", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 't':
			t = 1;
			break;
		case 'r':
			r = 1;
			break;
		default:
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	argc -= optind;
	argv += optind;
	if (t && r)
		return (cli_usage(cli, "-t and -r exclude each other"));
	if (argc < 1)
		return (cli_usage(cli,
		    "No filter specified - cannot select a target to delete"));
	if (t)
		kind = IOC_DESTROY_TEMPLATES;
	else if (r)
		kind = IOC_DESTROY_RELEASES;
	if (ioc_destroy(cli->ctx, kind, (const char *const *)argv, (size_t)argc,
		force, confirm, report, &d, &err) == 0)
		return (CLI_OK);
	if (d.notty) {
		cli_errx("destroy asks before it deletes, and stdin is not a "
			 "terminal: use -f to destroy without asking");
		return (CLI_FAIL);
	}
	return (cli_fail(&err));
}
