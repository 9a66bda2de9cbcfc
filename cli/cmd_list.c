/*
 * cmd_list.c - ioc list [-HlrRtdp] [-o COLS] [-f FORMAT] [-s COL]
 * [FILTER ...]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* List jails, templates, releases or sources. */
int
cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"no-header", no_argument, NULL, 'H'},
	    {"long", no_argument, NULL, 'l'},
	    {"release", no_argument, NULL, 'r'},
	    {"base", no_argument, NULL, 'r'},
	    {"remote", no_argument, NULL, 'R'},
	    {"template", no_argument, NULL, 't'},
	    {"dataset", no_argument, NULL, 'd'},
	    {"pools", no_argument, NULL, 'p'},
	    {"output", required_argument, NULL, 'o'},
	    {"output-format", required_argument, NULL, 'f'},
	    {"sort", required_argument, NULL, 's'},
	    {"url", required_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_list_opts o;
	enum ioc_list_format fmt = IOC_FMT_TABLE;
	struct ioc_table *t;
	struct ioc_err err;
	int ch, header = 1, remote = 0, kinds = 0, rv;

	(void)memset(&o, 0, sizeof(o));
	o.what = IOC_LIST_JAILS;
	opterr = 0;
	while ((ch = getopt_long(
		    argc, argv, "+HlrRtdpo:f:s:u:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H':
			header = 0;
			break;
		case 'l':
			o.long_columns = 1;
			break;
		case 'r':
			o.what = IOC_LIST_RELEASES;
			kinds |= 1;
			break;
		case 'R':
			remote = 1;
			break;
		case 't':
			o.what = IOC_LIST_TEMPLATES;
			kinds |= 2;
			break;
		case 'd':
			o.what = IOC_LIST_SOURCES;
			kinds |= 4;
			break;
		case 'p':
			o.what = IOC_LIST_POOLS;
			kinds |= 8;
			break;
		case 'o':
			o.columns = optarg;
			break;
		case 'f':
			if (ioc_list_format_parse(optarg, &fmt) != 0)
				return (cli_usage(cli,
				    "unknown output format '%s' (table, csv, "
				    "list or json)",
				    optarg));
			break;
		case 's':
			o.sort = optarg;
			break;
		case 'u':
			o.url = optarg;
			break;
		default:
			if (optopt != 0 && strchr("ofsu", optopt) != NULL)
				return (cli_usage(
				    cli, "option -%c needs a value", optopt));
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	if ((kinds & (kinds - 1)) != 0)
		return (cli_usage(cli, "-r, -t, -d and -p exclude each other"));
	if (remote && o.what != IOC_LIST_RELEASES)
		return (cli_usage(cli, "-R only goes with -r"));
	if (o.long_columns && o.columns != NULL)
		return (cli_usage(cli, "-l and -o exclude each other"));
	if (o.long_columns && o.what != IOC_LIST_JAILS &&
	    o.what != IOC_LIST_TEMPLATES)
		return (cli_usage(cli, "-l only goes with jail listings"));
	if (o.url != NULL && !remote)
		return (cli_usage(cli, "-u only goes with -r -R"));
	if (remote)
		o.what = IOC_LIST_REMOTE;
	o.filters = (const char *const *)(argv + optind);
	o.nfilters = (size_t)(argc - optind);
	if ((t = ioc_list(cli->ctx, &o, &err)) == NULL)
		return (cli_fail(&err));
	rv = cli_print_table(t, fmt, header);
	ioc_table_free(t);
	return (rv);
}
