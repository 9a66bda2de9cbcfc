/*
 * fuzz_ucl.c - libFuzzer harness for the flat UCL reader: any input is
 * parsed or refused with IOC_EPARSE "line N: ..."; whatever is accepted
 * must survive ucl_format() and a second parse unchanged, order included.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "internal.h"
#include "ucl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fuzz entry point: parse, and check the round trip of what parsed. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg c, back;
	struct ucl_order o = {0}, oback = {0};
	struct ioc_err err = {0};
	char *text;
	size_t i;

	cfg_init(&c);
	cfg_init(&back);
	if (ucl_parse((const char *)data, size, &c, &o, &err) != 0) {
		if ((err.code != IOC_EPARSE && err.code != IOC_ENOMEM) ||
		    strncmp(err.msg, "line ", 5) != 0)
			abort();
		return (0);
	}
	if (o.n != c.n)
		abort();
	for (i = 0; i < o.n; i++)
		if (cfg_get(&c, o.keys[i]) == NULL)
			abort();
	if ((text = ucl_format(&c, &o, &err)) == NULL) {
		/* Only an empty quoted key is not writable (it never parses).
		 */
		abort();
	}
	if (ucl_parse(text, strlen(text), &back, &oback, &err) != 0)
		abort();
	if (!cfg_equal(&c, &back) || oback.n != o.n)
		abort();
	for (i = 0; i < o.n; i++)
		if (strcmp(o.keys[i], oback.keys[i]) != 0)
			abort();
	free(text);
	cfg_clear(&c);
	cfg_clear(&back);
	ucl_order_free(&o);
	ucl_order_free(&oback);
	return (0);
}
