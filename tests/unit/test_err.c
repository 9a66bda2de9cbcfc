/*
 * test_err.c - the error layer: a message is always one line, whatever
 * the data it quotes holds (a JSON key with "\n" broke that once; found
 * by fuzz_cfgjson).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static void
test_one_line(void **state)
{
	struct ioc_err err;

	(void)state;
	(void)ioc_err_set(
	    &err, IOC_EPARSE, 0, "invalid key '%s'", "a\nb\r\tc\x01");
	assert_string_equal(err.msg, "invalid key 'a b  c?'");
	errno = ENOENT;
	(void)ioc_err_sys(&err, 0, "open '%s'", "x\ny");
	assert_string_equal(err.msg, "open 'x y': No such file or directory");
	(void)ioc_err_set(&err, IOC_EPARSE, 0, "inner");
	(void)ioc_err_wrap(&err, "key '%s'", "k\x7f\n");
	assert_string_equal(err.msg, "key 'k? ': inner");
	/* Printable UTF-8 stays as it is. */
	(void)ioc_err_set(&err, IOC_EPARSE, 0, "%s", "caf\xc3\xa9");
	assert_string_equal(err.msg, "caf\xc3\xa9");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_line),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
