/*
 * test_cfg.c - the flat configuration map and config.json reading and
 * writing (cfg.c, cfgstore.c) without ZFS: every complete python-iocage
 * fixture loads with its values, every truncated paste fails cleanly, and a
 * config.json as libioc writes it round-trips byte for byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "cfgstore.h"
#include "fsu.h"
#include "internal.h"
#include "testutil.h"

#ifndef IOC_FIXTURES
#define IOC_FIXTURES "../shared/fixtures/real"
#endif

static void
test_cfg_sorted_set_get_del(void **state)
{
	struct cfg c, d;
	struct ioc_err err;

	(void)state;
	cfg_init(&c);
	assert_int_equal(cfg_set(&c, "vnet", "yes", &err), 0);
	assert_int_equal(cfg_set(&c, "boot", "no", &err), 0);
	assert_int_equal(cfg_set(&c, "user.a", "1", &err), 0);
	assert_int_equal(cfg_set(&c, "vnet", "no", &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.kv[0].key, "boot");
	assert_string_equal(c.kv[1].key, "user.a");
	assert_string_equal(c.kv[2].key, "vnet");
	assert_string_equal(cfg_get(&c, "vnet"), "no");
	assert_null(cfg_get(&c, "nothing"));
	cfg_init(&d);
	assert_int_equal(cfg_copy(&d, &c, &err), 0);
	assert_true(cfg_equal(&c, &d));
	assert_int_equal(cfg_del(&c, "boot"), 1);
	assert_int_equal(cfg_del(&c, "boot"), 0);
	assert_false(cfg_equal(&c, &d));
	assert_null(cfg_get(&c, "boot"));
	assert_string_equal(cfg_get(&c, "user.a"), "1");
	cfg_clear(&c);
	cfg_clear(&d);
	assert_int_equal(c.n, 0);
}

static void
test_json_flatten_types(void **state)
{
	static const char doc[] = "{\"CONFIG_VERSION\": \"28\", \"boot\": 1, "
				  "\"vnet\": false, \"x\": null, \"r\": 1.5, "
				  "\"user\": {\"a\": {\"b\": \"c\"}}, "
				  "\"tags\": [\"a\", \"b\"]}";
	struct cfg c;
	struct ioc_err err;

	(void)state;
	assert_int_equal(cfgstore_json_parse(doc, strlen(doc), &c, &err), 0);
	assert_string_equal(cfg_get(&c, "CONFIG_VERSION"), "28");
	assert_string_equal(cfg_get(&c, "boot"), "1");
	assert_string_equal(cfg_get(&c, "vnet"), "no");
	assert_string_equal(cfg_get(&c, "x"), "none");
	assert_string_equal(cfg_get(&c, "r"), "1.5");
	assert_string_equal(cfg_get(&c, "user.a.b"), "c");
	assert_string_equal(cfg_get(&c, "tags"), "a,b");
	cfg_clear(&c);
}

static void
test_json_errors(void **state)
{
	static const char *const bad[] = {
	    "",
	    "[]",
	    "\"x\"",
	    "{\"a\": ",
	    "{\"a\": \"b\",}",
	    "{\"a\": \"b\", \"a\": \"c\"}",
	    "{\"a.b\": \"c\"}",
	    "{\"a\": [[1]]}",
	};
	struct cfg c;
	struct ioc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err.msg[0] = '\0';
		assert_int_equal(
		    cfgstore_json_parse(bad[i], strlen(bad[i]), &c, &err), -1);
		assert_int_equal(err.code, IOC_EPARSE);
		assert_true(strlen(err.msg) > 0);
		assert_null(strchr(err.msg, '\n'));
		assert_int_equal(c.n, 0);
	}
}

static char *
fixture(const char *rel, size_t *len)
{
	char path[1024];
	struct ioc_err err;
	char *buf;

	(void)snprintf(path, sizeof(path), "%s/%s", IOC_FIXTURES, rel);
	buf = fsu_read_file(path, 1 << 20, len, &err);
	if (buf == NULL)
		fail_msg("fixture %s: %s", path, err.msg);
	return (buf);
}

static void
test_json_fixture_thin(void **state)
{
	struct cfg c;
	struct ioc_err err;
	size_t len;
	char *buf;

	(void)state;
	buf = fixture("py-iocage-json/thin-1.x_dlangille-thin_to_thick_README."
		      "json",
	    &len);
	assert_int_equal(cfgstore_json_parse(buf, len, &c, &err), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(cfg_get(&c, "host_hostname"), "myjail");
	assert_string_equal(cfg_get(&c, "host_hostuuid"), "myjail");
	assert_string_equal(
	    cfg_get(&c, "jail_zfs_dataset"), "iocage/jails/myjail/data");
	assert_string_equal(cfg_get(&c, "release"), "12.0-RELEASE");
	cfg_clear(&c);
	free(buf);
}

static void
test_json_fixture_excerpts_fail(void **state)
{
	static const char *const excerpts[] = {
	    "py-iocage-json/v6_iocage-issue-250.json.excerpt",
	    "py-iocage-json/v9_iocage-issue-457.json.excerpt",
	    "py-iocage-json/v9_iocage-issue-470.json.excerpt",
	};
	struct cfg c;
	struct ioc_err err;
	size_t i, len;
	char *buf;

	(void)state;
	for (i = 0; i < sizeof(excerpts) / sizeof(excerpts[0]); i++) {
		buf = fixture(excerpts[i], &len);
		assert_true(len > 100);
		assert_int_equal(cfgstore_json_parse(buf, len, &c, &err), -1);
		assert_int_equal(err.code, IOC_EPARSE);
		assert_non_null(strstr(err.msg, "line "));
		assert_null(strchr(err.msg, '\n'));
		free(buf);
	}
}

#define T "args.getjailsettings.test."

static void
test_json_fixture_sysadm_legacy(void **state)
{
	struct cfg c;
	struct ioc_err err;
	size_t len;
	char *buf;

	(void)state;
	buf = fixture("zfs-props/iocage_legacy-get-all-via-SysAdm_trueos-"
		      "sysadm-docs-0ecc366.json",
	    &len);
	assert_int_equal(cfgstore_json_parse(buf, len, &c, &err), 0);
	/* SysAdm wrapped the 115 keys of "get all" in its reply. */
	assert_int_equal(c.n, 118);
	assert_string_equal(cfg_get(&c, T "type"), "basejail");
	assert_string_equal(cfg_get(&c, T "memoryuse"), "8G");
	assert_string_equal(cfg_get(&c, T "istemplate"), "no");
	assert_string_equal(cfg_get(&c, T "branch"), "-");
	cfg_clear(&c);
	free(buf);
}

/* Write text as dir/config.json, load, change, save: returns the result. */
static char *
roundtrip(const char *dir, const char *text, const char *key, const char *value)
{
	struct ioc_ctx *ctx;
	struct cfgstore st;
	struct ioc_err err;
	char path[1024], *out;

	ctx = ioc_ctx_new(&err);
	assert_non_null(ctx);
	(void)snprintf(path, sizeof(path), "%s/config.json", dir);
	assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
	assert_int_equal(cfgstore_load(ctx, CFG_JAIL, dir, NULL, &st, &err), 0);
	assert_int_equal(st.fmt, CFG_JSON);
	if (key != NULL) {
		if (value != NULL)
			assert_int_equal(cfg_set(&st.cur, key, value, &err), 0);
		else
			(void)cfg_del(&st.cur, key);
	}
	assert_int_equal(cfgstore_save(ctx, &st, &err), 0);
	cfgstore_free(&st);
	ioc_ctx_free(ctx);
	out = fsu_read_file(path, 1 << 20, NULL, &err);
	assert_non_null(out);
	return (out);
}

static void
test_libioc_roundtrip(void **state)
{
	static const char libioc[] =
	    "{\n    \"basejail\": \"yes\",\n    \"id\": \"caf\\u00e9\",\n"
	    "    \"release\": \"13.2-RELEASE\",\n    \"user\": {\n"
	    "        \"emoji\": \"\\ud83d\\ude00\"\n    },\n"
	    "    \"vnet\": \"no\"\n}";
	char dir[256], *out;

	(void)state;
	assert_int_equal(tu_mkdtemp("cfg", dir, sizeof(dir)), 0);
	/* Change and change back: the same bytes as libioc wrote. */
	out = roundtrip(dir, libioc, "vnet", "yes");
	assert_non_null(strstr(out, "\"vnet\": \"yes\""));
	free(out);
	out = roundtrip(dir, libioc, "vnet", "no");
	assert_string_equal(out, libioc);
	free(out);
	/* A new key lands sorted, a removed nested key drops its object. */
	out = roundtrip(dir, libioc, "user.emoji", NULL);
	assert_null(strstr(out, "\"user\""));
	free(out);
	out = roundtrip(dir, libioc, "priority", "5");
	assert_non_null(strstr(out,
	    "\"id\": \"caf\\u00e9\",\n    "
	    "\"priority\": \"5\",\n    \"release\""));
	free(out);
	assert_int_equal(tu_rm_rf(dir), 0);
}

static void
test_pyiocage_keeps_utf8_and_ints(void **state)
{
	static const char py[] =
	    "{\n    \"CONFIG_VERSION\": \"28\",\n"
	    "    \"boot\": 0,\n    \"comment\": \"café\",\n"
	    "    \"vnet\": 1\n}";
	char dir[256], *out;

	(void)state;
	assert_int_equal(tu_mkdtemp("cfg", dir, sizeof(dir)), 0);
	out = roundtrip(dir, py, "boot", "yes");
	assert_string_equal(out,
	    "{\n    \"CONFIG_VERSION\": \"28\",\n"
	    "    \"boot\": 1,\n    \"comment\": \"café\",\n"
	    "    \"vnet\": 1\n}");
	free(out);
	assert_int_equal(tu_rm_rf(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cfg_sorted_set_get_del),
	    cmocka_unit_test(test_json_flatten_types),
	    cmocka_unit_test(test_json_errors),
	    cmocka_unit_test(test_json_fixture_thin),
	    cmocka_unit_test(test_json_fixture_excerpts_fail),
	    cmocka_unit_test(test_json_fixture_sysadm_legacy),
	    cmocka_unit_test(test_libioc_roundtrip),
	    cmocka_unit_test(test_pyiocage_keeps_utf8_and_ints),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
