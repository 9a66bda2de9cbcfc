/*
 * fuzz_manifest.c - libFuzzer harness for the checksum lists of release
 * mirrors (FreeBSD MANIFEST, HardenedBSD CHECKSUMS.SHA256, sha256sum):
 * any input is parsed or refused with IOC_EPARSE; what is accepted holds
 * unique plain asset names with 64 lower-case hex digits, each found
 * again by manifest_find(), on lines that exist.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
hex_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
			(s[i] >= 'a' && s[i] <= 'f')))
			return (0);
	return (i == MANIFEST_HEX_LEN);
}

/* Fuzz entry point: parse, and check the invariants of the result. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct ioc_err err = {0};
	size_t i, lines = 1;

	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			lines++;
	if (manifest_parse((const char *)data, size, &m, &err) != 0) {
		if ((err.code != IOC_EPARSE && err.code != IOC_ENOMEM) ||
		    m.n != 0 || m.v != NULL)
			abort();
		return (0);
	}
	if (m.n == 0 || m.kind < MANIFEST_KIND_FREEBSD ||
	    m.kind > MANIFEST_KIND_GNUSUM)
		abort();
	for (i = 0; i < m.n; i++) {
		const char *a = m.v[i].asset;

		if (a[0] == '\0' || strchr(a, '/') != NULL ||
		    strcmp(a, ".") == 0 || strcmp(a, "..") == 0 ||
		    !hex_ok(m.v[i].sha256) || m.v[i].line < 1 ||
		    m.v[i].line > lines || manifest_find(&m, a) != &m.v[i])
			abort();
	}
	manifest_free(&m);
	return (0);
}
