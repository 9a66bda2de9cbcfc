/*
 * fuzz_propspec.c - libFuzzer harness for the special property syntaxes
 * (propspec.c).  The first byte picks the parser, the rest is the value.
 * Any input is accepted or refused with IOC_EINVAL and a message; what is
 * accepted formats to a canonical text that parses again to the same
 * canonical text.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "propspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_err(const struct ioc_err *err)
{
	if ((err->code != IOC_EINVAL && err->code != IOC_ENOMEM) ||
	    err->msg[0] == '\0')
		abort();
}

static void
fuzz_addrs(const char *s, int family)
{
	struct ioc_err err = {0};
	struct spec_addr *v = NULL, *v2 = NULL;
	size_t n = 0, n2 = 0;
	char *out = NULL, *out2 = NULL;

	if (spec_parse_addrs(s, family, &v, &n, &err) != 0) {
		check_err(&err);
		return;
	}
	if ((n == 0) != (v == NULL))
		abort();
	if ((out = spec_format_addrs(v, n, &err)) == NULL ||
	    spec_parse_addrs(out, family, &v2, &n2, &err) != 0 || n2 != n ||
	    (out2 = spec_format_addrs(v2, n2, &err)) == NULL ||
	    strcmp(out, out2) != 0)
		abort();
	free(out);
	free(out2);
	free(v);
	free(v2);
}

static void
fuzz_interfaces(const char *s)
{
	struct ioc_err err = {0};
	struct spec_nicpair *v = NULL, *v2 = NULL;
	size_t n = 0, n2 = 0;
	char *out = NULL, *out2 = NULL;

	if (spec_parse_interfaces(s, &v, &n, &err) != 0) {
		check_err(&err);
		return;
	}
	if ((out = spec_format_interfaces(v, n, &err)) == NULL ||
	    spec_parse_interfaces(out, &v2, &n2, &err) != 0 || n2 != n ||
	    (out2 = spec_format_interfaces(v2, n2, &err)) == NULL ||
	    strcmp(out, out2) != 0)
		abort();
	free(out);
	free(out2);
	free(v);
	free(v2);
}

static void
fuzz_router(const char *s, int family)
{
	struct ioc_err err = {0};
	struct spec_router r, r2;
	char *out;
	int rv;

	if ((rv = spec_parse_router(s, family, &r, &err)) < 0) {
		check_err(&err);
		return;
	}
	if (rv == 1)
		return;
	if ((out = spec_format_router(&r, &err)) == NULL ||
	    spec_parse_router(out, family, &r2, &err) != 0 ||
	    memcmp(&r, &r2, sizeof(r)) != 0)
		abort();
	free(out);
}

static void
fuzz_resolver(const char *s)
{
	struct ioc_err err = {0};
	enum spec_resolver_kind k;
	char *text = NULL;
	size_t len;

	if (spec_parse_resolver(s, &k, &text, &err) != 0) {
		check_err(&err);
		return;
	}
	if ((k == SPEC_RESOLVER_LINES) != (text != NULL))
		abort();
	if (text != NULL) {
		len = strlen(text);
		if (len == 0 || text[len - 1] != '\n')
			abort();
	}
	free(text);
}

static void
fuzz_rlimit(const char *s)
{
	struct ioc_err err = {0};
	struct spec_rlimit r, r2;
	unsigned long long a, a2;
	char *out;

	if (spec_parse_rlimit(s, &r, &err) != 0) {
		check_err(&err);
		return;
	}
	if ((out = spec_format_rlimit(&r, &err)) == NULL ||
	    spec_parse_rlimit(out, &r2, &err) != 0 ||
	    strcmp(r.amount, r2.amount) != 0 ||
	    strcmp(r.action, r2.action) != 0 || strcmp(r.per, r2.per) != 0 ||
	    spec_rlimit_amount(&r, &a, &err) != 0 ||
	    spec_rlimit_amount(&r2, &a2, &err) != 0 || a != a2 ||
	    a > (unsigned long long)INT64_MAX)
		abort();
	free(out);
}

static void
fuzz_mac(const char *s)
{
	struct ioc_err err = {0};
	unsigned char a[6], b[6], a2[6], b2[6];
	char buf[SPEC_MACPAIR_LEN];

	if (spec_parse_macpair(s, a, b, &err) != 0)
		check_err(&err);
	else {
		spec_format_macpair(a, b, buf);
		if (spec_parse_macpair(buf, a2, b2, &err) != 0 ||
		    memcmp(a, a2, 6) != 0 || memcmp(b, b2, 6) != 0)
			abort();
	}
	if (spec_parse_mac(s, a, &err) != 0)
		check_err(&err);
	/* Any prefix is refused or gives a pair that keeps it. */
	if (spec_generate_macpair(s, "jail", "vnet0", a, b, &err) != 0)
		check_err(&err);
	else if (memcmp(a, b, 3) != 0 || memcmp(a, b, 6) == 0 || (a[0] & 1))
		abort();
	(void)spec_is_uuid(s);
}

/* Fuzz entry point: dispatch on the first byte. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1 || (s = malloc(size)) == NULL)
		return (0);
	(void)memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 8) {
	case 0:
		fuzz_addrs(s, AF_INET);
		break;
	case 1:
		fuzz_addrs(s, AF_INET6);
		break;
	case 2:
		fuzz_interfaces(s);
		break;
	case 3:
		fuzz_router(s, AF_INET);
		break;
	case 4:
		fuzz_router(s, AF_INET6);
		break;
	case 5:
		fuzz_resolver(s);
		break;
	case 6:
		fuzz_rlimit(s);
		break;
	default:
		fuzz_mac(s);
		break;
	}
	free(s);
	return (0);
}
