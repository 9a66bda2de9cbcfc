/*
 * fuzz_zds_table.c - libFuzzer harness for zds_table_parse(), the parser
 * of "zfs ... -H" and "zpool ... -H" output.
 *
 * The first byte chooses the column count (1..8), the rest is the output.
 * Beyond memory errors (ASan/UBSan) it checks what callers rely on: a
 * parsed table has nrows * ncols non-NULL cells without tabs or newlines,
 * cells outside it are NULL, and a failure is IOC_EPARSE with an empty
 * table.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "zds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One fuzz input: parse, walk every cell, free. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zds_table t;
	struct ioc_err err;
	unsigned long long v;
	size_t ncols, r, c, total = 0;
	const char *s;

	if (size < 1)
		return (0);
	ncols = (size_t)(data[0] % 8) + 1;
	if (zds_table_parse(
		(const char *)data + 1, size - 1, ncols, &t, &err) != 0) {
		if (err.code != IOC_EPARSE || t.nrows != 0 || t.cells != NULL ||
		    t.buf != NULL ||
		    memchr(err.msg, '\0', sizeof(err.msg)) == NULL)
			abort();
		zds_table_free(&t);
		return (0);
	}
	if (t.ncols != ncols || t.nrows > size)
		abort();
	for (r = 0; r < t.nrows; r++) {
		for (c = 0; c < t.ncols; c++) {
			if ((s = zds_cell(&t, r, c)) == NULL)
				abort();
			if (strpbrk(s, "\t\n") != NULL)
				abort();
			total += strlen(s);
			(void)zds_parse_u64(s, &v);
		}
		if (zds_cell(&t, r, t.ncols) != NULL)
			abort();
	}
	if (zds_cell(&t, t.nrows, 0) != NULL)
		abort();
	/* The cells are pieces of the input, never more than it. */
	if (total + t.nrows * (t.ncols - 1) > size - 1)
		abort();
	zds_table_free(&t);
	return (0);
}
