/*
 * cmd_fstab.c - ioc fstab show JAIL
 *               ioc fstab add [-o OPTIONS] [-t TYPE] [--freq N] [--passno N]
 *                   [-c COMMENT] SOURCE [DESTINATION] JAIL
 *               ioc fstab rm SOURCE JAIL
 * Options of add may come before or after its operands (libioc's CLI
 * takes them after).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A --freq or --passno number. */
static int
parse_num(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		return (-1);
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v > 65535)
		return (-1);
	*out = (unsigned)v;
	return (0);
}

static int
fstab_show(struct cli *cli, int argc, char **argv)
{
	struct ioc_err err;
	size_t len;
	char *text;

	if (argc != 2)
		return (cli_usage(cli, "expected show JAIL"));
	if ((text = ioc_fstab_show(cli->ctx, argv[1], &len, &err)) == NULL)
		return (cli_fail(&err));
	(void)fwrite(text, 1, len, stdout);
	free(text);
	return (CLI_OK);
}

static int
fstab_add(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"options", required_argument, NULL, 'o'},
	    {"type", required_argument, NULL, 't'},
	    {"comment", required_argument, NULL, 'c'},
	    {"freq", required_argument, NULL, 'F'},
	    {"passno", required_argument, NULL, 'P'},
	    {NULL, 0, NULL, 0},
	};
	struct ioc_fstab_line line;
	struct ioc_err err;
	const char *ops[3];
	char *dst = NULL;
	int ch, i, n = 0;

	(void)memset(&line, 0, sizeof(line));
	cli_getopt_reset();
	for (;;) {
		i = optind == 0 ? 1 : optind;
		if (i >= argc)
			break;
		if (strcmp(argv[i], "--") == 0) {
			for (i++; i < argc; i++) {
				if (n == 3)
					return (cli_usage(
					    cli, "too many operands"));
				ops[n++] = argv[i];
			}
			break;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0') {
			if (n == 3)
				return (cli_usage(cli, "too many operands"));
			ops[n++] = argv[i];
			optind = i + 1;
			continue;
		}
		ch = getopt_long(argc, argv, "+o:t:c:", longopts, NULL);
		switch (ch) {
		case 'o':
			line.options = optarg;
			break;
		case 't':
			line.type = optarg;
			break;
		case 'c':
			line.comment = optarg;
			break;
		case 'F':
			if (parse_num(optarg, &line.freq) != 0)
				return (
				    cli_usage(cli, "--freq expects a number"));
			break;
		case 'P':
			if (parse_num(optarg, &line.passno) != 0)
				return (cli_usage(
				    cli, "--passno expects a number"));
			break;
		case -1:
			return (cli_usage(cli, "unexpected '%s'", argv[i]));
		default:
			if (optopt != 0 && strchr("otc", optopt) != NULL)
				return (cli_usage(
				    cli, "option -%c needs a value", optopt));
			return (cli_usage(
			    cli, "unknown option '%s'", argv[optind - 1]));
		}
	}
	if (n < 2)
		return (
		    cli_usage(cli, "expected add SOURCE [DESTINATION] JAIL"));
	line.source = ops[0];
	line.destination = n == 3 ? ops[1] : NULL;
	if (ioc_fstab_add(cli->ctx, ops[n - 1], &line, &dst, &err) != 0)
		return (cli_fail(&err));
	(void)printf("fstab mount added: %s -> %s (%s)\n", line.source, dst,
	    line.options != NULL ? line.options : "ro");
	free(dst);
	return (CLI_OK);
}

static int
fstab_rm(struct cli *cli, int argc, char **argv)
{
	struct ioc_err err;
	char *dst = NULL;
	int i = 1;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (argc - i != 2)
		return (cli_usage(cli, "expected rm SOURCE JAIL"));
	if (argv[i][0] == '-')
		return (cli_usage(cli, "unknown option '%s'", argv[i]));
	if (ioc_fstab_remove(cli->ctx, argv[i + 1], argv[i], &dst, &err) != 0)
		return (cli_fail(&err));
	(void)printf("fstab mount removed: %s -> %s\n", argv[i], dst);
	free(dst);
	return (CLI_OK);
}

/* Show, add or remove a line of a jail's fstab. */
int
cmd_fstab(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return (cli_usage(cli, "expected show, add or rm"));
	if (strcmp(argv[1], "show") == 0)
		return (fstab_show(cli, argc - 1, argv + 1));
	if (strcmp(argv[1], "add") == 0)
		return (fstab_add(cli, argc - 1, argv + 1));
	if (strcmp(argv[1], "rm") == 0)
		return (fstab_rm(cli, argc - 1, argv + 1));
	return (cli_usage(
	    cli, "unknown subcommand '%s' (show, add or rm)", argv[1]));
}
