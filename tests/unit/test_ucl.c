/*
 * test_ucl.c - the flat UCL reader and writer for the "config" files of
 * iocell / iocage_legacy (develop) and "<root>/.default": the layouts
 * uclcmd and the shell loop wrote, every accepted form, line-numbered
 * errors, exact writer output and a randomised round trip.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"
#include "internal.h"
#include "ucl.h"

/* A string literal and its length (it may hold a NUL). */
#define S_TEXT(lit) (lit), (sizeof(lit) - 1)

static void
parse_ok(const char *text, size_t len, struct cfg *c, struct ucl_order *o)
{
	struct ioc_err err = {.code = -7};

	cfg_init(c);
	if (o != NULL)
		(void)memset(o, 0, sizeof(*o));
	if (ucl_parse(text, len, c, o, &err) != 0)
		fail_msg(
		    "refused: %s\n--- input:\n%.*s", err.msg, (int)len, text);
	assert_int_equal(err.code, -7);
}

/* A text that must fail with exactly msg, leaving out and order alone. */
static void
parse_bad(const char *text, size_t len, const char *msg)
{
	struct cfg c;
	struct ucl_order o = {0};
	struct ioc_err err = {0};

	cfg_init(&c);
	assert_int_equal(cfg_set(&c, "keep", "me", &err), 0);
	if (ucl_parse(text, len, &c, &o, &err) == 0)
		fail_msg("accepted:\n%.*s", (int)len, text);
	assert_int_equal(err.code, IOC_EPARSE);
	if (strcmp(err.msg, msg) != 0)
		fail_msg("'%s' instead of '%s' for:\n%.*s", err.msg, msg,
		    (int)len, text);
	assert_int_equal(c.n, 1);
	assert_string_equal(cfg_get(&c, "keep"), "me");
	assert_int_equal(o.n, 0);
	assert_null(o.keys);
	cfg_clear(&c);
}

/* The single pair of a text. */
static void
expect_one(const char *text, const char *key, const char *value)
{
	struct cfg c;

	parse_ok(text, strlen(text), &c, NULL);
	if (c.n != 1)
		fail_msg("%zu keys from:\n%s", c.n, text);
	assert_string_equal(c.kv[0].key, key);
	if (strcmp(c.kv[0].value, value) != 0)
		fail_msg("'%s' instead of '%s' from:\n%s", c.kv[0].value, value,
		    text);
	cfg_clear(&c);
}

static void
assert_order(const struct ucl_order *o, const char *const *keys, size_t n)
{
	size_t i;

	assert_int_equal(o->n, n);
	for (i = 0; i < n; i++)
		assert_string_equal(o->keys[i], keys[i]);
}

/*
 * A jail config as uclcmd left it after __dump_config (zfs get order,
 * "hostname" skipped) and a later "iocage set": every value a string.
 */
static const char legacy_config[] =
    "tag = \"webserver\";\n"
    "host_hostuuid = \"3b1ff2ac-0bc3-11e6-93b5-0cc47a6a4c3e\";\n"
    "boot = \"on\";\n"
    "ip4_addr = \"em0|192.168.1.20/24,lo1|127.0.1.20\";\n"
    "ip6_addr = \"none\";\n"
    "jail_zfs = \"off\";\n"
    "securelevel = \"2\";\n"
    "priority = \"99\";\n"
    "exec_start = \"/bin/sh /etc/rc\";\n"
    "release = \"10.3-RELEASE\";\n"
    "notes = \"say \\\"hi\\\"; C:\\\\temp\";\n"
    "allow_mount_zfs = \"0\";\n";

static void
test_uclcmd_config(void **state)
{
	static const char *const keys[] = {"tag", "host_hostuuid", "boot",
	    "ip4_addr", "ip6_addr", "jail_zfs", "securelevel", "priority",
	    "exec_start", "release", "notes", "allow_mount_zfs"};
	struct cfg c;
	struct ucl_order o;

	(void)state;
	parse_ok(S_TEXT(legacy_config), &c, &o);
	assert_int_equal(c.n, 12);
	assert_string_equal(cfg_get(&c, "tag"), "webserver");
	assert_string_equal(cfg_get(&c, "host_hostuuid"),
	    "3b1ff2ac-0bc3-11e6-93b5-0cc47a6a4c3e");
	assert_string_equal(cfg_get(&c, "boot"), "on");
	assert_string_equal(
	    cfg_get(&c, "ip4_addr"), "em0|192.168.1.20/24,lo1|127.0.1.20");
	assert_string_equal(cfg_get(&c, "ip6_addr"), "none");
	assert_string_equal(cfg_get(&c, "jail_zfs"), "off");
	assert_string_equal(cfg_get(&c, "securelevel"), "2");
	assert_string_equal(cfg_get(&c, "priority"), "99");
	assert_string_equal(cfg_get(&c, "exec_start"), "/bin/sh /etc/rc");
	assert_string_equal(cfg_get(&c, "release"), "10.3-RELEASE");
	assert_string_equal(cfg_get(&c, "notes"), "say \"hi\"; C:\\temp");
	assert_string_equal(cfg_get(&c, "allow_mount_zfs"), "0");
	assert_order(&o, keys, 12);
	cfg_clear(&c);
	ucl_order_free(&o);
}

/* <iocroot>/.default as the legacy shell loop wrote it, then uclcmd. */
static void
test_dot_default(void **state)
{
	static const char text[] =
	    "tag = \"2016-03-24@10:43:12\";\n"
	    "boot = \"off\";\n"
	    "ip4_autostart = \"none\";\n"
	    "vnet = \"off\";\n"
	    "interfaces = \"vnet0:bridge0,vnet1:bridge1\";\n"
	    "host_domainname = \"none\";\n"
	    "exec_fib = \"0\";\n"
	    "pool = \"zroot\";";
	static const char *const keys[] = {"tag", "boot", "ip4_autostart",
	    "vnet", "interfaces", "host_domainname", "exec_fib", "pool"};
	struct cfg c;
	struct ucl_order o;
	char *out;
	struct ioc_err err = {0};

	(void)state;
	parse_ok(S_TEXT(text), &c, &o);
	assert_order(&o, keys, 8);
	assert_string_equal(cfg_get(&c, "tag"), "2016-03-24@10:43:12");
	assert_string_equal(
	    cfg_get(&c, "interfaces"), "vnet0:bridge0,vnet1:bridge1");
	assert_string_equal(cfg_get(&c, "pool"), "zroot");
	/* Written back byte for byte (plus the final newline). */
	assert_non_null(out = ucl_format(&c, &o, &err));
	assert_int_equal(strlen(out), sizeof(text));
	assert_memory_equal(out, text, sizeof(text) - 1);
	assert_int_equal(out[sizeof(text) - 1], '\n');
	free(out);
	cfg_clear(&c);
	ucl_order_free(&o);
}

/* Every accepted spelling of a pair. */
static void
test_forms(void **state)
{
	(void)state;
	expect_one("key = \"value\";\n", "key", "value");
	expect_one("key=\"value\";\n", "key", "value");
	expect_one("key = \"value\"\n", "key", "value");
	expect_one("key: \"value\";\n", "key", "value");
	expect_one("key :value\n", "key", "value");
	expect_one("key = value;\n", "key", "value");
	expect_one("key = value\n", "key", "value");
	expect_one("key = value,\n", "key", "value");
	expect_one("\t  key\t=\t\"v\"\t;\t\n", "key", "v");
	expect_one("key = 'value';\n", "key", "value");
	expect_one("key = \"\";\n", "key", "");
	expect_one("key = '';\n", "key", "");
	/* Bare words keep their text: no booleans, no numbers. */
	expect_one("boot = on;\n", "boot", "on");
	expect_one("boot = yes\n", "boot", "yes");
	expect_one("boot = true\n", "boot", "true");
	expect_one("n = 0x10;\n", "n", "0x10");
	expect_one("n = -1.50;\n", "n", "-1.50");
	expect_one("n = 10k;\n", "n", "10k");
	expect_one("ip6_addr = none\n", "ip6_addr", "none");
	expect_one("url = http://x/y;\n", "url", "http://x/y");
	expect_one("ip = em0|10.0.0.1/24;\n", "ip", "em0|10.0.0.1/24");
	/* Comments after the value. */
	expect_one("key = \"v\"; # note\n", "key", "v");
	expect_one("key = \"v\" # note\n", "key", "v");
	expect_one("key = v#note\n", "key", "v");
	expect_one("key = \"v\"; // note\n", "key", "v");
	expect_one("key = \"a # b // c\";\n", "key", "a # b // c");
	/* Keys. */
	expect_one("user.foo = \"1\";\n", "user.foo", "1");
	expect_one("a-b_c.9 = 1\n", "a-b_c.9", "1");
	expect_one(
	    "org.freebsd.iocage:tag = x\n", "org.freebsd.iocage:tag", "x");
	expect_one("a:b: c\n", "a:b", "c");
	expect_one("\"quoted key\" = \"v\";\n", "quoted key", "v");
	expect_one("'k' = v\n", "k", "v");
	/* CRLF and no final newline. */
	expect_one("key = \"v\";\r\n", "key", "v");
	expect_one("key = v\r\n", "key", "v");
	expect_one("key = \"v\"", "key", "v");
	expect_one("key = v", "key", "v");
	/* Tabs are allowed raw in strings. */
	expect_one("key = \"a\tb\";\n", "key", "a\tb");
}

/* Escapes of double- and single-quoted strings. */
static void
test_escapes(void **state)
{
	(void)state;
	expect_one("k = \"a\\\"b\\\\c\\/d\";\n", "k", "a\"b\\c/d");
	expect_one("k = \"\\n\\t\\r\\b\\f\";\n", "k", "\n\t\r\b\f");
	expect_one(
	    "k = \"caf\\u00e9 \\u20AC\";\n", "k", "caf\xc3\xa9 \xe2\x82\xac");
	expect_one("k = \"\\u0041\\u007f\\u0001\";\n", "k", "A\x7f\x01");
	expect_one("k = \"\\ud83d\\ude00\";\n", "k", "\xf0\x9f\x98\x80");
	expect_one("k = \"raw \xc3\xa9 \xff\";\n", "k", "raw \xc3\xa9 \xff");
	/* Single quotes: only \' is an escape (libucl). */
	expect_one("k = 'it\\'s';\n", "k", "it's");
	expect_one("k = 'a\\nb\\\\';\n", "k", "a\\nb\\\\");
	expect_one("k = 'say \"hi\"';\n", "k", "say \"hi\"");
	expect_one("k = \"it's\";\n", "k", "it's");
}

/* Comments, blank lines, several pairs a line, duplicates. */
static void
test_layout(void **state)
{
	static const char text[] = "# iocage config\n"
				   "\n"
				   "   // another comment\n"
				   "a = \"1\"; b = \"2\", c = 3\n"
				   "\t\n"
				   "b = \"two\";\n"
				   "d = \"4\"; # last\n"
				   "a = \"one\"\n";
	static const char *const keys[] = {"a", "b", "c", "d"};
	struct cfg c;
	struct ucl_order o;

	(void)state;
	parse_ok(S_TEXT(text), &c, &o);
	assert_int_equal(c.n, 4);
	assert_string_equal(cfg_get(&c, "a"), "one");
	assert_string_equal(cfg_get(&c, "b"), "two");
	assert_string_equal(cfg_get(&c, "c"), "3");
	assert_string_equal(cfg_get(&c, "d"), "4");
	/* First occurrence decides the place. */
	assert_order(&o, keys, 4);
	cfg_clear(&c);
	ucl_order_free(&o);

	/* Nothing at all. */
	parse_ok("", 0, &c, &o);
	assert_int_equal(c.n, 0);
	assert_int_equal(o.n, 0);
	cfg_clear(&c);
	ucl_order_free(&o);
	parse_ok(S_TEXT("# only\n\n// comments\n"), &c, &o);
	assert_int_equal(c.n, 0);
	cfg_clear(&c);
	ucl_order_free(&o);
}

/* A successful parse replaces what out and order held. */
static void
test_replaces(void **state)
{
	struct cfg c;
	struct ucl_order o = {0};
	struct ioc_err err = {0};

	(void)state;
	cfg_init(&c);
	assert_int_equal(cfg_set(&c, "old", "x", &err), 0);
	assert_int_equal(ucl_parse(S_TEXT("z = 1\ny = 2\n"), &c, &o, &err), 0);
	assert_int_equal(ucl_parse(S_TEXT("new = \"v\"\n"), &c, &o, &err), 0);
	assert_int_equal(c.n, 1);
	assert_null(cfg_get(&c, "old"));
	assert_string_equal(cfg_get(&c, "new"), "v");
	assert_int_equal(o.n, 1);
	assert_string_equal(o.keys[0], "new");
	cfg_clear(&c);
	ucl_order_free(&o);
	ucl_order_free(&o);
	ucl_order_free(NULL);
}

/* Refused input names the line. */
static void
test_errors(void **state)
{
	static const char nul[] = "a = 1\nb = \"x\0y\"\n";
	static const char *const nested =
	    ": nested UCL objects are not supported in a jail config";
	static const char *const cases[][2] = {
	    {"a = 1\nb {\n  c = 2;\n}\n", "line 2"},
	    {"a = 1\n\nb = {\n", "line 3"},
	    {"b = { c = 1 }\n", "line 1"},
	    {"a = 1\nb = [\"x\", \"y\"];\n", "line 2"},
	    {"b [\n", "line 1"},
	    {"{\n  a = 1\n}\n", "line 1"},
	    {"a = \"1\";\n}\n", "line 2"},
	    {"a = x}\n", "line 1"},
	    {"a = \"x\" }\n", "line 1"},
	};
	char msg[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		(void)snprintf(msg, sizeof(msg), "%s%s", cases[i][1], nested);
		parse_bad(cases[i][0], strlen(cases[i][0]), msg);
	}
	parse_bad(S_TEXT("a = \"x\n"), "line 1: unterminated string");
	parse_bad(S_TEXT("a = 1;\n# c\nb = \"x\ny\";\n"),
	    "line 3: unterminated string");
	parse_bad(S_TEXT("a = 'it\\'s\n"), "line 1: unterminated string");
	parse_bad(S_TEXT("a = \"x\\\"\n"), "line 1: unterminated string");
	parse_bad(S_TEXT("a = \"x\\"), "line 1: unterminated string");
	/* A file cut in a string, a key or after "=". */
	parse_bad(S_TEXT("tag = \"web\";\nrelease = \"10.3-REL"),
	    "line 2: unterminated string");
	parse_bad(S_TEXT("tag = \"web\";\nrele"),
	    "line 2: expected '=' or ':' after 'rele'");
	parse_bad(S_TEXT("tag = \"web\";\nrelease ="),
	    "line 2: missing value for 'release'");
	/* Separators and values. */
	parse_bad(
	    S_TEXT("a \"x\";\n"), "line 1: expected '=' or ':' after 'a'");
	parse_bad(S_TEXT("a x;\n"), "line 1: expected '=' or ':' after 'a'");
	parse_bad(S_TEXT("a:1\n"), "line 1: expected '=' or ':' after 'a:1'");
	parse_bad(S_TEXT("a = ;\n"), "line 1: missing value for 'a'");
	parse_bad(S_TEXT("a = # c\n"), "line 1: missing value for 'a'");
	parse_bad(S_TEXT("a =\nb = 1\n"), "line 1: missing value for 'a'");
	parse_bad(S_TEXT("= x\n"), "line 1: expected a key");
	parse_bad(S_TEXT("a = 1\n;\n"), "line 2: expected a key");
	parse_bad(S_TEXT("\"\" = x\n"), "line 1: empty key");
	parse_bad(S_TEXT("a = b c;\n"),
	    "line 1: unquoted value of 'a' contains blanks");
	parse_bad(S_TEXT("a = \"b\" c;\n"),
	    "line 1: unexpected text after the value of 'a'");
	parse_bad(S_TEXT("a = \"1\" b = \"2\"\n"),
	    "line 1: unexpected text after the value of 'a'");
	parse_bad(S_TEXT("a = b\"c\"\n"),
	    "line 1: unexpected quote in an unquoted value");
	/* Escapes. */
	parse_bad(S_TEXT("a = \"\\q\"\n"), "line 1: invalid escape \\q");
	parse_bad(S_TEXT("a = \"\\\xc3\xa9\"\n"),
	    "line 1: invalid escape of byte 0xc3");
	parse_bad(S_TEXT("a = \"\\u12\"\n"), "line 1: invalid \\u escape");
	parse_bad(S_TEXT("a = \"\\u12g4\"\n"), "line 1: invalid \\u escape");
	parse_bad(S_TEXT("a = \"\\u0000\"\n"), "line 1: \\u0000 in a string");
	parse_bad(S_TEXT("a = \"\\ud83d\"\n"),
	    "line 1: invalid \\u escape (lone surrogate)");
	parse_bad(S_TEXT("a = \"\\ud83d\\u0041\"\n"),
	    "line 1: invalid \\u escape (lone surrogate)");
	parse_bad(S_TEXT("a = \"\\ude00\"\n"),
	    "line 1: invalid \\u escape (lone surrogate)");
	parse_bad(S_TEXT("a = \"x\x01y\"\n"),
	    "line 1: control character in a string");
	parse_bad(
	    S_TEXT("a = \"x\ry\"\n"), "line 1: control character in a string");
	parse_bad(
	    S_TEXT("a = x\x01y\n"), "line 1: control character in a value");
	/* Other UCL the reader does not take. */
	parse_bad(S_TEXT("a = 1\n/* block\n comment */\n"),
	    "line 2: multi-line comments are not supported");
	parse_bad(S_TEXT("a = <<EOD\ntext\nEOD\n"),
	    "line 1: multi-line strings are not supported");
	parse_bad(nul, sizeof(nul) - 1, "line 2: NUL byte");
}

/* The writer's exact layout and order. */
static void
test_format(void **state)
{
	static const char *const okeys[] = {"tag", "gone", "boot", "tag"};
	struct ucl_order o = {(char **)okeys, 4, 4};
	struct cfg c;
	struct ioc_err err = {0};
	char *out;

	(void)state;
	cfg_init(&c);
	assert_int_equal(cfg_set(&c, "boot", "on", &err), 0);
	assert_int_equal(cfg_set(&c, "tag", "web", &err), 0);
	assert_int_equal(cfg_set(&c, "zz_new", "1", &err), 0);
	assert_int_equal(cfg_set(&c, "added", "", &err), 0);
	assert_int_equal(
	    cfg_set(&c, "notes", "q\"b\\n\nt\tc\x01\x1f\x7f\r \xc3\xa9/", &err),
	    0);
	assert_int_equal(cfg_set(&c, "user.my key", "x", &err), 0);
	assert_int_equal(cfg_set(&c, "a:b", "y", &err), 0);
	/* Kept order first (removed and repeated keys skipped), then sorted. */
	assert_non_null(out = ucl_format(&c, &o, &err));
	assert_string_equal(out,
	    "tag = \"web\";\n"
	    "boot = \"on\";\n"
	    "\"a:b\" = \"y\";\n"
	    "added = \"\";\n"
	    "notes = \"q\\\"b\\\\n\\nt\\tc\\u0001\\u001F\\u007F\\u000D "
	    "\xc3\xa9/\";\n"
	    "\"user.my key\" = \"x\";\n"
	    "zz_new = \"1\";\n");
	free(out);
	/* Without an order: sorted. */
	assert_non_null(out = ucl_format(&c, NULL, &err));
	assert_string_equal(out,
	    "\"a:b\" = \"y\";\n"
	    "added = \"\";\n"
	    "boot = \"on\";\n"
	    "notes = \"q\\\"b\\\\n\\nt\\tc\\u0001\\u001F\\u007F\\u000D "
	    "\xc3\xa9/\";\n"
	    "tag = \"web\";\n"
	    "\"user.my key\" = \"x\";\n"
	    "zz_new = \"1\";\n");
	free(out);
	cfg_clear(&c);

	/* Nothing to write. */
	assert_non_null(out = ucl_format(&c, &o, &err));
	assert_string_equal(out, "");
	free(out);

	/* An empty key cannot be written. */
	assert_int_equal(cfg_set(&c, "", "v", &err), 0);
	err.code = 0;
	assert_null(ucl_format(&c, NULL, &err));
	assert_int_equal(err.code, IOC_EINVAL);
	cfg_clear(&c);
}

/* xorshift64*: a fixed sequence, so a failure can be replayed. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (*s * 2685821657736338717ULL);
}

/* A random value: ASCII, controls, quotes, backslashes and UTF-8. */
static void
rnd_value(uint64_t *s, char *buf, size_t size)
{
	static const char *const utf8[] = {"\xc3\xa9", "\xe2\x82\xac",
	    "\xf0\x9f\x98\x80", "\xd0\x96", "\xef\xbf\xbd"};
	size_t n = rnd(s) % 40, len = 0, i;
	const char *u;

	for (i = 0; i < n && len + 5 < size; i++) {
		switch (rnd(s) % 8) {
		case 0:
			u = utf8[rnd(s) % 5];
			(void)memcpy(buf + len, u, strlen(u));
			len += strlen(u);
			break;
		case 1:
			buf[len++] = (char)(1 + rnd(s) % 31);
			break;
		case 2:
			buf[len++] = "\"\\'#;,{}[]/*=: \x7f"[rnd(s) % 16];
			break;
		case 3:
			buf[len++] = (char)(0x80 + rnd(s) % 128);
			break;
		default:
			buf[len++] = (char)(0x20 + rnd(s) % 95);
			break;
		}
	}
	buf[len] = '\0';
}

/* A random key: mostly property-like, sometimes anything printable. */
static void
rnd_key(uint64_t *s, char *buf, size_t size)
{
	static const char kc[] = "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
	size_t n = 1 + rnd(s) % 20, i;
	int any = rnd(s) % 4 == 0;

	for (i = 0; i < n && i + 1 < size; i++)
		buf[i] = any ? (char)(0x20 + rnd(s) % 95)
			     : kc[rnd(s) % (sizeof(kc) - 1)];
	buf[i] = '\0';
}

/* parse(format(c)) == c, with the order kept, for random contents. */
static void
test_round_trip(void **state)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	char key[32], value[256], *text;
	struct ioc_err err = {0};
	size_t iter, i, n;

	(void)state;
	for (iter = 0; iter < 400; iter++) {
		struct cfg c, back;
		struct ucl_order o = {0}, oback;

		cfg_init(&c);
		n = rnd(&seed) % 12;
		for (i = 0; i < n; i++) {
			rnd_key(&seed, key, sizeof(key));
			rnd_value(&seed, value, sizeof(value));
			if (cfg_get(&c, key) == NULL) {
				o.keys = reallocarray(
				    o.keys, o.n + 1, sizeof(*o.keys));
				assert_non_null(o.keys);
				assert_non_null(o.keys[o.n++] = strdup(key));
			}
			assert_int_equal(cfg_set(&c, key, value, &err), 0);
		}
		/* Read the order the other way round for a change. */
		for (i = 0; i < o.n / 2; i++) {
			char *t = o.keys[i];

			o.keys[i] = o.keys[o.n - 1 - i];
			o.keys[o.n - 1 - i] = t;
		}
		o.cap = o.n;
		if ((text = ucl_format(&c, &o, &err)) == NULL)
			fail_msg("iteration %zu: format: %s", iter, err.msg);
		parse_ok(text, strlen(text), &back, &oback);
		if (!cfg_equal(&c, &back))
			fail_msg("iteration %zu: round trip differs:\n%s", iter,
			    text);
		assert_int_equal(oback.n, o.n);
		for (i = 0; i < o.n; i++)
			assert_string_equal(oback.keys[i], o.keys[i]);
		free(text);
		cfg_clear(&c);
		cfg_clear(&back);
		ucl_order_free(&o);
		ucl_order_free(&oback);
	}
}

/* Whatever form was read, writing gives uclcmd's canonical layout. */
static void
test_canonical(void **state)
{
	static const char text[] = "# hand edited\n"
				   "boot: on\n"
				   "tag='web' ; release = 10.3-RELEASE\n"
				   "notes = \"a\\u0009b\"\n";
	struct cfg c;
	struct ucl_order o;
	struct ioc_err err = {0};
	char *out;

	(void)state;
	parse_ok(S_TEXT(text), &c, &o);
	assert_non_null(out = ucl_format(&c, &o, &err));
	assert_string_equal(out,
	    "boot = \"on\";\n"
	    "tag = \"web\";\n"
	    "release = \"10.3-RELEASE\";\n"
	    "notes = \"a\\tb\";\n");
	free(out);
	cfg_clear(&c);
	ucl_order_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_uclcmd_config),
	    cmocka_unit_test(test_dot_default),
	    cmocka_unit_test(test_forms),
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_replaces),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_canonical),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
