/*
 * cmd_create.c - ioc create [-b | -nb] [-r RELEASE | -t TEMPLATE]
 * [-c COUNT] [--no-fetch] [source/]NAME [PROP=VALUE ...]
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
report(void *arg, const char *name, const char *source, const char *from,
    size_t i, size_t n)
{
	(void)arg;
	(void)printf("%s successfully created from %s%s%s!", name, from,
	    source != NULL ? " on " : "", source != NULL ? source : "");
	if (n > 1)
		(void)printf(" (%zu/%zu)", i, n);
	(void)putchar('\n');
}

/* "1,000" -> 1000: digits with commas, at least 1. */
static int
parse_count(const char *s, unsigned long *n)
{
	unsigned long v = 0;
	int digits = 0;

	for (; *s != '\0'; s++) {
		if (*s == ',')
			continue;
		if (!isdigit((unsigned char)*s))
			return (-1);
		if (v > (ULONG_MAX - 9) / 10)
			return (-1);
		v = v * 10 + (unsigned long)(*s - '0');
		digits++;
	}
	if (digits == 0 || v == 0)
		return (-1);
	*n = v;
	return (0);
}

/*
 * "-nb" is one two-letter option in libioc's CLI: take it (and
 * --no-basejail) out before getopt, which would read it as -n -b.
 */
static int
take_nb(int *argc, char **argv)
{
	int i, k, found = 0;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0 || argv[i][0] != '-')
			break;
		if (strcmp(argv[i], "-nb") == 0 ||
		    strcmp(argv[i], "--no-basejail") == 0) {
			for (k = i; k < *argc; k++)
				argv[k] = argv[k + 1];
			(*argc)--;
			i--;
			found = 1;
			continue;
		}
		/* Skip the argument of an option that takes one. */
		if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "-t") == 0 ||
		    strcmp(argv[i], "-c") == 0 ||
		    strcmp(argv[i], "--release") == 0 ||
		    strcmp(argv[i], "--template") == 0 ||
		    strcmp(argv[i], "--count") == 0)
			i++;
	}
	return (found);
}

/* Create a jail (or COUNT jails) from a release or a template. */
int
cmd_create(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"release", required_argument, NULL, 'r'},
	    {"template", required_argument, NULL, 't'},
	    {"basejail", no_argument, NULL, 'b'},
	    {"count", required_argument, NULL, 'c'},
	    {"no-fetch", no_argument, NULL, 'N'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_create_opts o;
	struct ioc_err err;
	int ch, b = 0;

	(void)memset(&o, 0, sizeof(o));
	o.standalone = take_nb(&argc, argv);
	while (
	    (ch = getopt_long(argc, argv, "+r:t:bc:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			o.release = optarg;
			break;
		case 't':
			o.tmpl = optarg;
			break;
		case 'b':
			b = 1;
			break;
		case 'c':
			if (parse_count(optarg, &o.count) != 0)
				return (cli_usage(cli,
				    "invalid count '%s': expected a number "
				    "of at least 1",
				    optarg));
			break;
		case 'N':
			/* create never fetches (yet): nothing to turn off. */
			break;
		default:
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	argc -= optind;
	argv += optind;
	if (b && o.standalone)
		return (cli_usage(cli, "-b and -nb exclude each other"));
	if (o.release != NULL && o.tmpl != NULL)
		return (cli_usage(cli, "-r and -t exclude each other"));
	if (argc < 1)
		return (cli_usage(cli, "expected NAME [PROP=VALUE ...]"));
	o.name = argv[0];
	o.props = (const char *const *)&argv[1];
	o.nprops = (size_t)argc - 1;
	if (ioc_jail_create(cli->ctx, &o, report, NULL, &err) != 0)
		return (cli_fail(&err));
	return (CLI_OK);
}
