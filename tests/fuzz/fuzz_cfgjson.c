/*
 * fuzz_cfgjson.c - libFuzzer harness for the config.json reader: any input
 * is flattened or refused with IOC_EPARSE; whatever is accepted has only
 * non-empty keys without empty components, sorted, each with a value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "cfgstore.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fuzz entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg c;
	struct ioc_err err = {0};
	size_t i;

	if (cfgstore_json_parse((const char *)data, size, &c, &err) != 0) {
		if (err.code != IOC_EPARSE && err.code != IOC_ENOMEM)
			abort();
		if (c.n != 0 || strchr(err.msg, '\n') != NULL)
			abort();
		return (0);
	}
	for (i = 0; i < c.n; i++) {
		const char *k = c.kv[i].key;

		if (k[0] == '\0' || k[strlen(k) - 1] == '.' ||
		    strstr(k, "..") != NULL || c.kv[i].value == NULL)
			abort();
		if (i > 0 && strcmp(c.kv[i - 1].key, k) >= 0)
			abort();
	}
	cfg_clear(&c);
	return (0);
}
