/*
 * rcconf.h - read /etc/rc.conf the way sh(1) would for the assignments ioc
 * needs (ioc_dataset_<NAME>, ioc_legacy_support), not as UCL (spec §18.2
 * item 20).
 */
#ifndef IOC_RCCONF_H
#define IOC_RCCONF_H

#include <stddef.h>

#include "ioc.h"

struct rcconf_var {
	char *name;    /* "ioc_dataset_main" */
	char *value;   /* unquoted: "zroot/iocage" */
	size_t line;   /* line of the last assignment */
	int expansion; /* the last assignment holds a $ or ` expansion */
};

struct rcconf {
	struct rcconf_var *v; /* in order of first assignment */
	size_t n;
	size_t cap;
};

/*
 * Parse rc.conf text the way sh(1) tokenises it, without evaluating it.
 * An assignment NAME=VALUE ([A-Za-z_][A-Za-z0-9_]* then "=") counts when
 * it starts a command (after optional "export"/"readonly", or after a
 * reserved word such as "then") and no command word follows it on that
 * command.  VALUE may mix unquoted text (with "\" escapes), 'single
 * quotes' and "double quotes" (with \" \\ \$ \` escapes); "\<newline>"
 * joins lines outside single quotes.  Commands end at a newline, ";",
 * "&", "|", "(" or ")"; "#" starts a comment only at the start of a word.
 * Expansions ($x, ${...}, $(...), `...`, $'...') are kept literally and
 * flag the variable.  A later assignment replaces an earlier one but keeps
 * its position.  Other commands ("if [ ... ]", ". /etc/other", "f() {")
 * are skipped, never an error.  Errors: IOC_EPARSE "line N: unterminated
 * quote" (N is where the quote opened), "unterminated expansion", "NUL
 * byte".  out is overwritten (it need not be initialised) and is left
 * empty on failure; release it with rcconf_free().
 */
int rcconf_parse(
    const char *buf, size_t len, struct rcconf *out, struct ioc_err *err);

/* Borrowed value of name, or NULL. */
const char *rcconf_get(const struct rcconf *rc, const char *name);

/*
 * True when a value holds what sh would expand: a backquote, or "$"
 * followed by a name, a digit, one of @*#?-$!, "{", "(" or "'".  This
 * looks at the text only, so a single-quoted '$x' counts too; the
 * parser's rcconf_var.expansion knows the quoting.
 */
int rcconf_has_expansion(const char *value);

/* Release every variable; rc is empty afterwards.  NULL is a no-op. */
void rcconf_free(struct rcconf *rc);

#endif /* IOC_RCCONF_H */
