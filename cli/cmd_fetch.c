/*
 * cmd_fetch.c - ioc fetch [-b] [-r RELEASE] [-u URL] [-F ASSET ...]
 * [--no-update] [--no-fetch-updates]
 *
 * Two modes: -b registers a release the user built in place
 * (<root>/releases/NAME/root), everything else fetches from a mirror.
 * Without -r, a terminal is offered the mirror's releases to choose from.
 */
#include <sys/utsname.h>

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define RELEASE_MAX 256

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

/* The releases a mirror offers, for the prompt. */
struct choices {
	char (*v)[RELEASE_MAX];
	unsigned char *eol;
	unsigned char *newer;
	size_t n;
};

static int
collect(void *arg, const struct ioc_remote_release *r)
{
	struct choices *c = arg;
	char(*nv)[RELEASE_MAX];
	unsigned char *ne, *nn;

	if ((nv = realloc(c->v, (c->n + 1) * sizeof(*nv))) == NULL)
		return (1);
	c->v = nv;
	if ((ne = realloc(c->eol, c->n + 1)) == NULL)
		return (1);
	c->eol = ne;
	if ((nn = realloc(c->newer, c->n + 1)) == NULL)
		return (1);
	c->newer = nn;
	(void)snprintf(c->v[c->n], RELEASE_MAX, "%s", r->name);
	c->eol[c->n] = r->eol != 0;
	c->newer[c->n] = r->newer != 0;
	c->n++;
	return (0);
}

/* The host's release ("14.1-RELEASE") on FreeBSD, else "". */
static void
host_release(char *buf, size_t size)
{
	struct utsname u;
	char *dash;

	buf[0] = '\0';
	if (uname(&u) != 0 || strcmp(u.sysname, "FreeBSD") != 0)
		return;
	(void)snprintf(buf, size, "%s", u.release);
	/* The first two "-" fields: 14.1-RELEASE-p3 -> 14.1-RELEASE. */
	if ((dash = strchr(buf, '-')) != NULL &&
	    (dash = strchr(dash + 1, '-')) != NULL)
		*dash = '\0';
}

/* Read the choice: a number, a listed name, or Enter for the default. */
static int
read_choice(struct cli *cli, const struct choices *c, const char *def,
    char *out, size_t size)
{
	char line[RELEASE_MAX + 2], *end;
	unsigned long i;
	size_t len;

	if (fgets(line, sizeof(line), stdin) == NULL)
		return (cli_usage(cli, "no release chosen"));
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[--len] = '\0';
	if (len == 0) {
		if (def[0] == '\0')
			return (cli_usage(cli, "no release chosen"));
		(void)snprintf(out, size, "%s", def);
		return (CLI_OK);
	}
	if (line[0] >= '0' && line[0] <= '9') {
		i = strtoul(line, &end, 10);
		if (*end == '\0' && i < c->n) {
			(void)snprintf(out, size, "%s", c->v[i]);
			return (CLI_OK);
		}
	}
	for (i = 0; i < c->n; i++)
		if (strcmp(line, c->v[i]) == 0) {
			(void)snprintf(out, size, "%s", c->v[i]);
			return (CLI_OK);
		}
	return (cli_usage(cli, "invalid choice '%s'", line));
}

/*
 * Offer the mirror's releases on the terminal as "[i] NAME (EOL, Newer
 * than Host)", the host's release (FreeBSD) as the default.
 */
static int
fetch_prompt(
    struct cli *cli, const struct fetch_opts *o, char *out, size_t size)
{
	struct ioc_remote_opts ro;
	struct choices c;
	struct ioc_err err;
	char host[RELEASE_MAX], def[RELEASE_MAX];
	int bold = isatty(STDOUT_FILENO), rv;
	size_t i;

	(void)memset(&ro, 0, sizeof(ro));
	(void)memset(&c, 0, sizeof(c));
	ro.url = o->url;
	ro.arch = o->arch;
	if (ioc_release_remote_list(cli->ctx, &ro, collect, &c, &err) != 0) {
		rv = cli_fail(&err);
		goto out;
	}
	if (c.n == 0) {
		cli_errx("the mirror offers no release");
		rv = CLI_FAIL;
		goto out;
	}
	host_release(host, sizeof(host));
	def[0] = '\0';
	for (i = 0; i < c.n; i++) {
		int is_def = host[0] != '\0' && strcmp(c.v[i], host) == 0;

		if (is_def)
			(void)snprintf(def, sizeof(def), "%s", c.v[i]);
		(void)printf("[%zu] %s%s%s", i, is_def && bold ? "\033[1m" : "",
		    c.v[i], is_def && bold ? "\033[0m" : "");
		if (c.eol[i] || c.newer[i])
			(void)printf(" (%s%s%s)", c.eol[i] ? "EOL" : "",
			    c.eol[i] && c.newer[i] ? ", " : "",
			    c.newer[i] ? "Newer than Host" : "");
		(void)putchar('\n');
	}
	(void)printf("Type the number of the desired RELEASE\n");
	if (def[0] != '\0')
		(void)printf(
		    "Press [Enter] to fetch the default selection: (%s)\n",
		    def);
	(void)printf("> ");
	(void)fflush(stdout);
	rv = read_choice(cli, &c, def, out, size);
out:
	free(c.v);
	free(c.eol);
	free(c.newer);
	return (rv);
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
	char chosen[RELEASE_MAX];
	const char *release = o->release;
	int rv;

	if (release == NULL) {
		/* A prompt only where someone can answer it. */
		if (!isatty(STDIN_FILENO))
			return (cli_usage(cli,
			    "-r RELEASE is required (see 'ioc list "
			    "-r -R' for the mirror's releases)"));
		if ((rv = fetch_prompt(cli, o, chosen, sizeof(chosen))) !=
		    CLI_OK)
			return (rv);
		release = chosen;
	}
	(void)memset(&fo, 0, sizeof(fo));
	fo.release = release;
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
		(void)printf("Release '%s' is already fetched\n", release);
	else
		(void)printf("Release '%s' fetched\n", release);
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
