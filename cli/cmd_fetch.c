/*
 * cmd_fetch.c - ioc fetch [-b] [-r RELEASE] [-u URL] [-F ASSET ...]
 * [--no-update] [--no-fetch-updates]
 *
 * Two modes: -b registers a release the user built in place
 * (<root>/releases/NAME/root), everything else fetches from a mirror.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define OPT_NO_UPDATE	    0x100
#define OPT_NO_FETCH_UPDATE 0x101
#define OPT_ARCH	    0x102

struct fetch_opts {
	const char *release; /* -r: "[source/]NAME", or NULL */
	const char *url;     /* -u, or NULL */
	char **files;	     /* -F, borrowed from argv */
	size_t nfiles;
	int build;	      /* -b */
	int no_update;	      /* --no-update */
	int no_fetch_updates; /* --no-fetch-updates */
	const char *arch;     /* --arch */
};

/* http, https or ftp, something after the scheme, no blanks. */
static int
url_ok(const char *url)
{
	static const char *const schemes[] = {
	    "http://", "https://", "ftp://", "file://"};
	const unsigned char *p;
	size_t i, len;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		len = strlen(schemes[i]);
		if (strncmp(url, schemes[i], len) == 0)
			break;
	}
	if (i == sizeof(schemes) / sizeof(schemes[0]) || url[len] == '\0')
		return (0);
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return (0);
	return (1);
}

/* An asset name such as "base" or "lib32.txz". */
static int
asset_ok(const char *s)
{
	size_t i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
		(s[0] >= '0' && s[0] <= '9')) ||
	    strlen(s) > 64)
		return (0);
	for (i = 1; s[i] != '\0'; i++)
		if (strchr(
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789._-",
			s[i]) == NULL)
			return (0);
	return (1);
}

/* Parse and validate the whole synopsis; CLI_OK or CLI_USAGE. */
static int
fetch_parse(struct cli *cli, int argc, char **argv, struct fetch_opts *o)
{
	static const struct option longopts[] = {
	    {"release", required_argument, NULL, 'r'},
	    {"url", required_argument, NULL, 'u'},
	    {"file", required_argument, NULL, 'F'},
	    {"no-update", no_argument, NULL, OPT_NO_UPDATE},
	    {"no-fetch-updates", no_argument, NULL, OPT_NO_FETCH_UPDATE},
	    {"files", required_argument, NULL, 'F'},
	    {"arch", required_argument, NULL, OPT_ARCH},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	(void)memset(o, 0, sizeof(*o));
	if ((o->files = calloc((size_t)argc, sizeof(*o->files))) == NULL) {
		cli_errx("out of memory");
		return (CLI_FAIL);
	}
	while (
	    (ch = getopt_long(argc, argv, "+r:u:F:b", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			if (o->release != NULL)
				return (cli_usage(cli, "-r given twice"));
			if (optarg == NULL || optarg[0] == '\0')
				return (cli_usage(cli, "-r needs a NAME"));
			o->release = optarg;
			break;
		case 'u':
			if (o->url != NULL)
				return (cli_usage(cli, "-u given twice"));
			if (!url_ok(optarg))
				return (cli_usage(cli,
				    "invalid URL '%s': expected http://, "
				    "https://, ftp:// or file://",
				    optarg));
			o->url = optarg;
			break;
		case 'F':
			if (!asset_ok(optarg))
				return (cli_usage(
				    cli, "invalid asset name '%s'", optarg));
			o->files[o->nfiles++] = optarg;
			break;
		case 'b':
			o->build = 1;
			break;
		case OPT_NO_UPDATE:
			o->no_update = 1;
			break;
		case OPT_NO_FETCH_UPDATE:
			o->no_fetch_updates = 1;
			break;
		case OPT_ARCH:
			if (optarg == NULL || optarg[0] == '\0' ||
			    optarg[0] == '-' ||
			    strpbrk(optarg, " \t/.") != NULL)
				return (cli_usage(
				    cli, "invalid architecture '%s'", optarg));
			o->arch = optarg;
			break;
		default:
			if (optopt != 0 && strchr("ruF", optopt) != NULL)
				return (cli_usage(cli,
				    "option -%c needs an argument", optopt));
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	if (optind < argc)
		return (
		    cli_usage(cli, "unexpected operand '%s'", argv[optind]));
	if (o->build) {
		if (o->release == NULL)
			return (cli_usage(cli, "-b needs -r NAME"));
		if (o->url != NULL || o->nfiles > 0 || o->no_update ||
		    o->no_fetch_updates || o->arch != NULL)
			return (cli_usage(cli,
			    "-b registers a release built in place and takes "
			    "no -u, -F, --no-update or --no-fetch-updates"));
	}
	return (CLI_OK);
}

/* -b: snapshot a release the user filled in place. */
static int
fetch_register(struct cli *cli, const struct fetch_opts *o)
{
	struct ioc_err err;
	int patch;

	if (ioc_release_register(cli->ctx, o->release, &patch, &err) != 0)
		return (cli_fail(&err));
	(void)printf("Release '%s' registered as %s-p%d\n", o->release,
	    o->release, patch);
	return (CLI_OK);
}

static volatile sig_atomic_t fetch_cancel;

static void
on_interrupt(int sig)
{
	(void)sig;
	fetch_cancel = 1;
}

/* Fetch a release from a mirror: verified, extracted, snapshotted. */
static int
fetch_mirror(struct cli *cli, const struct fetch_opts *o)
{
	struct ioc_fetch_opts fo;
	struct sigaction sa, oint, oterm;
	struct ioc_err err;
	int rv;

	if (o->release == NULL)
		return (cli_usage(cli,
		    "-r RELEASE is required (see 'ioc list "
		    "-r -R' for the mirror's releases)"));
	(void)memset(&fo, 0, sizeof(fo));
	fo.release = o->release;
	fo.url = o->url;
	fo.arch = o->arch;
	fo.assets = (const char *const *)o->files;
	fo.no_update = o->no_update;
	fo.no_fetch_updates = o->no_fetch_updates;
	fo.cancel = &fetch_cancel;
	/* Ctrl-C stops the fetch, which keeps partial downloads and
	 * removes what it created. */
	(void)memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	(void)sigaction(SIGINT, &sa, &oint);
	(void)sigaction(SIGTERM, &sa, &oterm);
	rv = ioc_release_fetch(cli->ctx, &fo, &err);
	(void)sigaction(SIGINT, &oint, NULL);
	(void)sigaction(SIGTERM, &oterm, NULL);
	if (rv < 0)
		return (cli_fail(&err));
	if (rv == 1)
		(void)printf("Release '%s' is already fetched\n", o->release);
	else
		(void)printf("Release '%s' fetched\n", o->release);
	return (CLI_OK);
}

/* Fetch a release, or register one built in place (-b). */
int
cmd_fetch(struct cli *cli, int argc, char **argv)
{
	struct fetch_opts o;
	int rv;

	if ((rv = fetch_parse(cli, argc, argv, &o)) == CLI_OK)
		rv = o.build ? fetch_register(cli, &o) : fetch_mirror(cli, &o);
	free(o.files);
	return (rv);
}
