/*
 * output.c - how ioc draws log records, progress and listings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *
level_color(enum ioc_loglevel level)
{
	switch (level) {
	case IOC_LOG_CRITICAL:
		return ("\033[1;31m");
	case IOC_LOG_ERROR:
		return ("\033[31m");
	case IOC_LOG_WARN:
		return ("\033[33m");
	case IOC_LOG_NOTICE:
		return ("\033[35m");
	case IOC_LOG_VERBOSE:
		return ("\033[34m");
	case IOC_LOG_DEBUG:
	case IOC_LOG_SPAM:
		return ("\033[32m");
	default:
		return (NULL);
	}
}

/* The log sink: one line per record on stderr, coloured on a terminal. */
void
cli_log_sink(void *arg, enum ioc_loglevel level, const char *msg)
{
	const struct cli *cli = arg;
	const char *color = cli->color_err ? level_color(level) : NULL;

	(void)fflush(stdout);
	if (color != NULL)
		(void)fprintf(stderr, "%s%s\033[0m\n", color, msg);
	else
		(void)fprintf(stderr, "%s\n", msg);
}

static void
human(uint64_t n, char *buf, size_t size)
{
	static const char units[] = "BKMGT";
	double v = (double)n;
	size_t u = 0;

	while (v >= 1024.0 && u < sizeof(units) - 2) {
		v /= 1024.0;
		u++;
	}
	if (u == 0)
		(void)snprintf(buf, size, "%llu B", (unsigned long long)n);
	else
		(void)snprintf(buf, size, "%.1f %ciB", v, units[u]);
}

/*
 * Progress: a redrawn bar on a terminal, otherwise one plain line per
 * tenth of the work (and at the end).
 */
void
cli_progress(void *arg, const char *what, uint64_t done, uint64_t total)
{
	struct cli *cli = arg;
	char d[32], t[32];
	unsigned decile;

	human(done, d, sizeof(d));
	human(total, t, sizeof(t));
	if (cli->color_err) {
		int width = 30,
		    fill = total > 0
		    ? (int)((double)done / (double)total * width)
		    : 0;

		(void)fprintf(stderr, "\r\033[K%s [%.*s%*s] %s / %s", what,
		    fill, "##############################", width - fill, "", d,
		    total > 0 ? t : "?");
		if (total > 0 && done >= total)
			(void)fputc('\n', stderr);
		(void)fflush(stderr);
		return;
	}
	decile = total > 0 ? (unsigned)(done * 10 / total) : 0;
	if (decile == cli->progress_decile && !(total > 0 && done >= total))
		return;
	cli->progress_decile = done >= total ? 11 : decile;
	(void)fprintf(stderr, "%s: %s of %s\n", what, d, total > 0 ? t : "?");
}

/* Print a listing on stdout: table, csv, list or json. */
int
cli_print_table(const struct ioc_table *t, enum ioc_list_format fmt, int header)
{
	struct ioc_err err;
	char *text;

	if ((text = ioc_table_format(t, fmt, header, &err)) == NULL)
		return (cli_fail(&err));
	(void)fputs(text, stdout);
	free(text);
	return (CLI_OK);
}
