/*
 * test_fixtures.c - the keys and values real tools wrote, from the pastes in
 * shared/fixtures/real: every key of a python-iocage "get all" dump is a
 * property ioc knows (or keeps as python-iocage's), every value of the
 * complete dumps loads, and the legacy ZFS property paste names known keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsu.h"
#include "internal.h"
#include "props.h"

#ifndef IOC_FIXTURES
#define IOC_FIXTURES "../shared/fixtures/real"
#endif

struct kvline {
	char key[128];
	char value[512];
};

/*
 * Read "key:value" lines (split at the first colon, as python-iocage's
 * get all prints them); a cut last line of an excerpt is dropped.
 */
static size_t
read_getall(const char *rel, int excerpt, struct kvline *out, size_t max)
{
	char path[1024], *buf, *line, *save = NULL;
	struct ioc_err err;
	size_t n = 0, len;

	(void)snprintf(path, sizeof(path), "%s/%s", IOC_FIXTURES, rel);
	if ((buf = fsu_read_file(path, 1 << 20, &len, &err)) == NULL)
		fail_msg("%s: %s", path, err.msg);
	if (excerpt && len > 0 && buf[len - 1] != '\n') {
		char *last = strrchr(buf, '\n');

		if (last != NULL)
			last[1] = '\0';
	}
	for (line = strtok_r(buf, "\n", &save); line != NULL && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');

		assert_non_null(colon);
		*colon = '\0';
		(void)snprintf(out[n].key, sizeof(out[n].key), "%s", line);
		(void)snprintf(
		    out[n].value, sizeof(out[n].value), "%s", colon + 1);
		n++;
	}
	free(buf);
	return (n);
}

static const char *
value_of(const struct kvline *v, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return (v[i].value);
	fail_msg("key %s missing from the fixture", key);
	return (NULL);
}

static void
check_dump(const char *rel, int excerpt, size_t expect)
{
	struct kvline v[200];
	struct ioc_err err;
	size_t n, i;
	char *out;

	n = read_getall(rel, excerpt, v, sizeof(v) / sizeof(v[0]));
	assert_int_equal(n, expect);
	for (i = 0; i < n; i++) {
		if (prop_find(v[i].key) == NULL)
			fail_msg(
			    "%s: key '%s' is unknown to ioc", rel, v[i].key);
		if (excerpt)
			continue;
		/* Complete dumps: every value loads as its property's. */
		out = NULL;
		if (prop_normalize_loaded(v[i].key, v[i].value, &out, &err) !=
		    0)
			fail_msg("%s: %s=%s: %s", rel, v[i].key, v[i].value,
			    err.msg);
		free(out);
	}
}

static void
test_pyiocage_full_dump(void **state)
{
	static const char rel[] = "get-all/py-iocage-1.x_community.general_"
				  "iocage_properties_test_101.txt";
	struct kvline v[200];
	struct ioc_err err;
	size_t n;
	char *out = NULL;

	(void)state;
	check_dump(rel, 0, 141);
	n = read_getall(rel, 0, v, 200);
	/* Values with ':' and '|' split at the first colon only. */
	assert_string_equal(value_of(v, n, "interfaces"), "vnet0:bridge0");
	assert_string_equal(value_of(v, n, "ip4_addr"), "vnet0|10.1.0.101/24");
	assert_string_equal(value_of(v, n, "notes"), "vmm=iocage_01");
	assert_int_equal(prop_normalize_loaded("ip4_addr",
			     value_of(v, n, "ip4_addr"), &out, &err),
	    0);
	assert_string_equal(out, "vnet0|10.1.0.101/24");
	free(out);
	/* Integer booleans of python-iocage 1.x read as booleans. */
	assert_int_equal(prop_normalize_loaded("basejail",
			     value_of(v, n, "basejail"), &out, &err),
	    0);
	assert_string_equal(out, "yes");
	free(out);
}

static void
test_pyiocage_abridged_dump(void **state)
{
	(void)state;
	check_dump("get-all/py-iocage-1.x_community.general_iocage_"
		   "properties.txt",
	    0, 11);
}

static void
test_pyiocage_excerpts(void **state)
{
	(void)state;
	/* Word booleans of CONFIG_VERSION 14, integers of 20. */
	check_dump("get-all/py-iocage-CONFIG_VERSION-14_iocage-issue-678.txt."
		   "excerpt",
	    1, 58);
	check_dump("get-all/py-iocage-CONFIG_VERSION-20_iocage-pr-843.txt."
		   "excerpt",
	    1, 71);
}

static void
test_legacy_zfs_paste_keys(void **state)
{
	char path[1024], *buf;
	struct ioc_err err;
	const char *p;
	size_t found = 0;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/%s", IOC_FIXTURES,
	    "zfs-props/iocage_legacy-zfs-get-H-grep-quota_iocage_legacy-"
	    "issue-234.txt");
	assert_non_null(buf = fsu_read_file(path, 1 << 20, NULL, &err));
	for (p = buf; (p = strstr(p, "org.freebsd.iocage:")) != NULL;) {
		char key[64];
		size_t k = 0;

		p += strlen("org.freebsd.iocage:");
		while (*p != '\0' && *p != ' ' && *p != '\t' &&
		    k < sizeof(key) - 1)
			key[k++] = *p++;
		key[k] = '\0';
		if (prop_find(key) == NULL)
			fail_msg("legacy property '%s' unknown", key);
		found++;
	}
	assert_true(found >= 1);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pyiocage_full_dump),
	    cmocka_unit_test(test_pyiocage_abridged_dump),
	    cmocka_unit_test(test_pyiocage_excerpts),
	    cmocka_unit_test(test_legacy_zfs_paste_keys),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
