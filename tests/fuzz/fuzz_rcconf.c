/*
 * fuzz_rcconf.c - libFuzzer harness for the sh-compatible rc.conf reader:
 * any input is parsed or refused with IOC_EPARSE "line N: ..."; what is
 * accepted holds unique valid shell names, found again by rcconf_get(),
 * on lines that exist.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "rcconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
name_ok(const char *s)
{
	size_t i;

	if (s[0] == '\0' || (s[0] >= '0' && s[0] <= '9'))
		return (0);
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
			(s[i] >= 'A' && s[i] <= 'Z') ||
			(s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return (0);
	return (1);
}

/* Fuzz entry point: parse, and check the invariants of the result. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rcconf rc;
	struct ioc_err err = {0};
	size_t i, lines = 1;

	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			lines++;
	if (rcconf_parse((const char *)data, size, &rc, &err) != 0) {
		if ((err.code != IOC_EPARSE && err.code != IOC_ENOMEM) ||
		    strncmp(err.msg, "line ", 5) != 0 || rc.n != 0 ||
		    rc.v != NULL)
			abort();
		return (0);
	}
	for (i = 0; i < rc.n; i++) {
		if (!name_ok(rc.v[i].name) || rc.v[i].value == NULL ||
		    rc.v[i].line < 1 || rc.v[i].line > lines ||
		    rcconf_get(&rc, rc.v[i].name) != rc.v[i].value)
			abort();
		/* A flagged value shows its expansion in the text. */
		if (rc.v[i].expansion && !rcconf_has_expansion(rc.v[i].value))
			abort();
	}
	rcconf_free(&rc);
	return (0);
}
