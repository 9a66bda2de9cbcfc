/*
 * test_rcconf.c - the sh-compatible rc.conf reader behind the
 * ioc_dataset_<NAME> sources and ioc_legacy_support: the real README
 * samples, a full FreeBSD rc.conf, every quoting form real files use, the
 * lines it must skip and the errors it must name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "rcconf.h"
#include "testutil.h"

#ifndef IOC_FIXTURES
#define IOC_FIXTURES "/work/shared/fixtures/real"
#endif

/* A string literal and its length (it may hold a NUL). */
#define S_TEXT(lit) (lit), (sizeof(lit) - 1)

/* Parse a NUL-terminated text that must be accepted. */
static void
parse_ok(const char *text, struct rcconf *rc)
{
	struct ioc_err err = {.code = -7};

	if (rcconf_parse(text, strlen(text), rc, &err) != 0)
		fail_msg("refused: %s\n--- input:\n%s", err.msg, text);
	assert_int_equal(err.code, -7);
}

/* Parse a text that must fail with exactly msg. */
static void
parse_bad(const char *text, size_t len, const char *msg)
{
	struct rcconf rc;
	struct ioc_err err = {0};

	(void)memset(&rc, 0x5a, sizeof(rc));
	if (rcconf_parse(text, len, &rc, &err) == 0)
		fail_msg("accepted:\n%s", text);
	assert_int_equal(err.code, IOC_EPARSE);
	assert_string_equal(err.msg, msg);
	/* Nothing is handed out on failure. */
	assert_int_equal(rc.n, 0);
	assert_null(rc.v);
}

/* Variable i is name=value from line (and its expansion flag). */
static void
assert_var(const struct rcconf *rc, size_t i, const char *name,
    const char *value, size_t line, int expansion)
{
	assert_true(i < rc->n);
	assert_string_equal(rc->v[i].name, name);
	assert_string_equal(rc->v[i].value, value);
	assert_int_equal(rc->v[i].line, line);
	assert_int_equal(rc->v[i].expansion, expansion);
	assert_string_equal(rcconf_get(rc, name), value);
}

/* The single variable of a one-assignment text. */
static void
expect_one(const char *text, const char *name, const char *value)
{
	struct rcconf rc;

	parse_ok(text, &rc);
	if (rc.n != 1)
		fail_msg("%zu variables from:\n%s", rc.n, text);
	assert_string_equal(rc.v[0].name, name);
	if (strcmp(rc.v[0].value, value) != 0)
		fail_msg("'%s' instead of '%s' from:\n%s", rc.v[0].value, value,
		    text);
	rcconf_free(&rc);
}

/* No variable at all. */
static void
expect_none(const char *text)
{
	struct rcconf rc;

	parse_ok(text, &rc);
	if (rc.n != 0)
		fail_msg("'%s' was taken as an assignment from:\n%s",
		    rc.v[0].name, text);
	rcconf_free(&rc);
}

static const char libioc_readme[] =
    "ioc_dataset_mysource=\"zroot/mysource/iocage\"\n"
    "ioc_dataset_othersource=\"zroot/iocage\"\n";
static const char ioc_readme[] = "ioc_dataset_mysource=\"zroot/mysource/ioc\"\n"
				 "ioc_dataset_iocage=\"zroot/iocage\"\n";

static void
check_libioc_readme(const char *text)
{
	struct rcconf rc;

	parse_ok(text, &rc);
	assert_int_equal(rc.n, 2);
	assert_var(
	    &rc, 0, "ioc_dataset_mysource", "zroot/mysource/iocage", 1, 0);
	assert_var(&rc, 1, "ioc_dataset_othersource", "zroot/iocage", 2, 0);
	rcconf_free(&rc);
}

static void
check_ioc_readme(const char *text)
{
	struct rcconf rc;

	parse_ok(text, &rc);
	assert_int_equal(rc.n, 2);
	assert_var(&rc, 0, "ioc_dataset_mysource", "zroot/mysource/ioc", 1, 0);
	assert_var(&rc, 1, "ioc_dataset_iocage", "zroot/iocage", 2, 0);
	rcconf_free(&rc);
}

/* Read a fixture file; skips the test when the fixtures are absent. */
static void
read_fixture(const char *name, char *buf, size_t size)
{
	const char *dir = getenv("IOC_FIXTURES");
	char path[1024];

	(void)tu_path(path, sizeof(path), "%s/rc.conf/%s",
	    dir != NULL ? dir : IOC_FIXTURES, name);
	if (tu_read_file(path, buf, size) < 0) {
		print_message("fixture %s not found\n", path);
		skip();
	}
}

/* The README samples of libioc and ioc, embedded and from the files. */
static void
test_readme_samples(void **state)
{
	char buf[4096];

	(void)state;
	check_libioc_readme(libioc_readme);
	check_ioc_readme(ioc_readme);
	read_fixture("libioc-README_ioc_dataset.rc.conf", buf, sizeof(buf));
	assert_string_equal(buf, libioc_readme);
	check_libioc_readme(buf);
	read_fixture("ioc-README_ioc_dataset.rc.conf", buf, sizeof(buf));
	assert_string_equal(buf, ioc_readme);
	check_ioc_readme(buf);
}

/* libioc PR #570: one name a prefix of the other, values distinct. */
static void
test_prefix_collision(void **state)
{
	struct rcconf rc;

	(void)state;
	parse_ok("ioc_dataset_one=\"zroot/iocage\"\n"
		 "ioc_dataset_two=\"zroot/iocage2\"\n",
	    &rc);
	assert_int_equal(rc.n, 2);
	assert_var(&rc, 0, "ioc_dataset_one", "zroot/iocage", 1, 0);
	assert_var(&rc, 1, "ioc_dataset_two", "zroot/iocage2", 2, 0);
	assert_null(rcconf_get(&rc, "ioc_dataset_on"));
	assert_null(rcconf_get(&rc, "ioc_dataset_"));
	assert_null(rcconf_get(&rc, "ioc_dataset_one2"));
	rcconf_free(&rc);
}

static const char full_rc_conf[] =
    "# /etc/rc.conf on a jail host\n"			   /* 1 */
    "hostname=\"jailhost.example.org\"\n"		   /* 2 */
    "keymap=\"de.kbd\"\n"				   /* 3 */
    "ifconfig_em0=\"DHCP\"\n"				   /* 4 */
    "ifconfig_em0_ipv6=\"inet6 accept_rtadv\"\n"	   /* 5 */
    "\n"						   /* 6 */
    "sshd_enable=\"YES\"\n"				   /* 7 */
    "ntpd_enable=\"YES\"   # keep the clock\n"		   /* 8 */
    "# Set dumpdev to \"AUTO\" to enable crash dumps.\n"   /* 9 */
    "dumpdev=\"NO\"\n"					   /* 10 */
    "zfs_enable=\"YES\"\n"				   /* 11 */
    "cloned_interfaces=\"bridge0 lo1\"\n"		   /* 12 */
    "ifconfig_bridge0=\"addm em0 up\"\n"		   /* 13 */
    "\n"						   /* 14 */
    "# ioc\n"						   /* 15 */
    "ioc_dataset_main=\"zroot/iocage\"\n"		   /* 16 */
    "ioc_dataset_nvme=\"nvme/my-dataset/iocage\"\n"	   /* 17 */
    "ioc_legacy_support=\"YES\"\n"			   /* 18 */
    "ioc_enable=\"YES\"\n"				   /* 19 */
    "\n"						   /* 20 */
    "[ -f /etc/rc.conf.local ] && . /etc/rc.conf.local\n"; /* 21 */

/* A realistic host rc.conf: every value exact, in file order. */
static void
test_full_rc_conf(void **state)
{
	struct rcconf rc;

	(void)state;
	parse_ok(full_rc_conf, &rc);
	assert_int_equal(rc.n, 14);
	assert_var(&rc, 0, "hostname", "jailhost.example.org", 2, 0);
	assert_var(&rc, 1, "keymap", "de.kbd", 3, 0);
	assert_var(&rc, 2, "ifconfig_em0", "DHCP", 4, 0);
	assert_var(&rc, 3, "ifconfig_em0_ipv6", "inet6 accept_rtadv", 5, 0);
	assert_var(&rc, 4, "sshd_enable", "YES", 7, 0);
	assert_var(&rc, 5, "ntpd_enable", "YES", 8, 0);
	assert_var(&rc, 6, "dumpdev", "NO", 10, 0);
	assert_var(&rc, 7, "zfs_enable", "YES", 11, 0);
	assert_var(&rc, 8, "cloned_interfaces", "bridge0 lo1", 12, 0);
	assert_var(&rc, 9, "ifconfig_bridge0", "addm em0 up", 13, 0);
	assert_var(&rc, 10, "ioc_dataset_main", "zroot/iocage", 16, 0);
	assert_var(
	    &rc, 11, "ioc_dataset_nvme", "nvme/my-dataset/iocage", 17, 0);
	assert_var(&rc, 12, "ioc_legacy_support", "YES", 18, 0);
	assert_var(&rc, 13, "ioc_enable", "YES", 19, 0);
	rcconf_free(&rc);
}

/* The quoting forms of real files give the value sh would assign. */
static void
test_quoting_forms(void **state)
{
	(void)state;
	expect_one("name=\"value\"\n", "name", "value");
	expect_one("name='value'\n", "name", "value");
	expect_one("name=value\n", "name", "value");
	expect_one("name=\n", "name", "");
	expect_one("name=\"\"\n", "name", "");
	expect_one("name=''\n", "name", "");
	expect_one("name=\"a\" # comment\n", "name", "a");
	expect_one("name=\"a\"\t#comment \"x\n", "name", "a");
	expect_one("name=a #comment\n", "name", "a");
	expect_one("   \tname=\"value\"\n", "name", "value");
	expect_one("export name=value\n", "name", "value");
	expect_one("export\tname=\"v w\"\n", "name", "v w");
	expect_one("readonly name=value\n", "name", "value");
	/* export is a builtin, not a reserved word: quoting does not matter. */
	expect_one("\"export\" name=value\n", "name", "value");
	expect_one("export -p name=value other\n", "name", "value");
	expect_one("name=\"a\"'b'c\n", "name", "abc");
	expect_one("name=a\"b c\"'d e'\\ f\n", "name", "ab cd e f");
	/* "#" is data inside quotes and inside a word. */
	expect_one("name=\"a # b\"\n", "name", "a # b");
	expect_one("name='#x'\n", "name", "#x");
	expect_one("name=a#b\n", "name", "a#b");
	expect_one("name=#b\n", "name", "#b");
	expect_one("name=\"a\"#b\n", "name", "a#b");
	/* Escapes. */
	expect_one(
	    "name=\"a\\\"b\\\\c\\$d\\`e\\xf\"\n", "name", "a\"b\\c$d`e\\xf");
	expect_one("name='a\\b\\'\n", "name", "a\\b\\");
	expect_one("name=a\\ b\\\"c\\\\d\n", "name", "a b\"c\\d");
	expect_one("name=\"it's\"\n", "name", "it's");
	expect_one("name='say \"hi\"'\n", "name", "say \"hi\"");
	/* A "=" in the value, a value ending in "\" at the end of input. */
	expect_one("name=a=b\n", "name", "a=b");
	expect_one("name=a\\", "name", "a\\");
	/* No final newline (a truncated file is fine when complete). */
	expect_one("name=\"zroot/iocage\"", "name", "zroot/iocage");
	expect_one("name=zroot", "name", "zroot");
	/* sh keeps a carriage return: the value is not a dataset name. */
	expect_one("name=\"zroot\"\r\n", "name", "zroot\r");
	expect_one("_x1=1\n", "_x1", "1");
}

/* Line continuations join lines; multi-line quotes are one value. */
static void
test_continuation(void **state)
{
	struct rcconf rc;

	(void)state;
	expect_one("name=\"zroot/\\\niocage\"\n", "name", "zroot/iocage");
	expect_one("name=zroot/\\\niocage\n", "name", "zroot/iocage");
	expect_one("name=\\\n\"x\"\n", "name", "x");
	/* Inside single quotes a backslash-newline is data. */
	expect_one("name='a\\\nb'\n", "name", "a\\\nb");
	/* A double-quoted newline is kept. */
	expect_one("name=\"a\nb\"\n", "name", "a\nb");

	parse_ok("a=\"1\\\n2\"\n"    /* 1-2 */
		 "b='x\n\ny'\n"	     /* 3-5 */
		 "export \\\n c=3\n" /* 6-7 */
		 "d=4\n",	     /* 8 */
	    &rc);
	assert_int_equal(rc.n, 4);
	assert_var(&rc, 0, "a", "12", 1, 0);
	assert_var(&rc, 1, "b", "x\n\ny", 3, 0);
	assert_var(&rc, 2, "c", "3", 7, 0);
	assert_var(&rc, 3, "d", "4", 8, 0);
	rcconf_free(&rc);
}

/* Several assignments per line; the last one wins, in first place. */
static void
test_several_and_duplicates(void **state)
{
	struct rcconf rc;

	(void)state;
	parse_ok("name=\"value\";other=\"x\"\n"
		 "a=1 b=2; c=3\n"
		 "ioc_dataset_main=\"zroot/old\"\n"
		 "d=4 && e=5\n"
		 "name=\"second\"\n"
		 "ioc_dataset_main=zroot/new # moved\n",
	    &rc);
	assert_int_equal(rc.n, 8);
	assert_var(&rc, 0, "name", "second", 5, 0);
	assert_var(&rc, 1, "other", "x", 1, 0);
	assert_var(&rc, 2, "a", "1", 2, 0);
	assert_var(&rc, 3, "b", "2", 2, 0);
	assert_var(&rc, 4, "c", "3", 2, 0);
	assert_var(&rc, 5, "ioc_dataset_main", "zroot/new", 6, 0);
	assert_var(&rc, 6, "d", "4", 4, 0);
	assert_var(&rc, 7, "e", "5", 4, 0);
	rcconf_free(&rc);

	/* A later empty value replaces, it does not delete. */
	parse_ok("x=1\nx=\n", &rc);
	assert_int_equal(rc.n, 1);
	assert_var(&rc, 0, "x", "", 2, 0);
	rcconf_free(&rc);
}

/* Expansions stay literal and are flagged; quoted "$" is not one. */
static void
test_expansions(void **state)
{
	struct rcconf rc;

	(void)state;
	parse_ok("a=\"${base}/iocage\"\n"
		 "b=$pool/iocage\n"
		 "c=`hostname`\n"
		 "d=$(echo \"x)\" 'y)')\n"
		 "e='$literal'\n"
		 "f=\"cost \\$5\"\n"
		 "g=\"5$\"\n"
		 "h=\"${x:-a b}\" i=$((1 + (2 * 3)))\n"
		 "j=$'a\\'b'\n"
		 "k=\"`echo \\\"q\\\"`\"\n"
		 "l=${x:-'}'}\n"
		 "m=\"${x:-'}\"\n",
	    &rc);
	assert_int_equal(rc.n, 13);
	assert_var(&rc, 0, "a", "${base}/iocage", 1, 1);
	assert_var(&rc, 1, "b", "$pool/iocage", 2, 1);
	assert_var(&rc, 2, "c", "`hostname`", 3, 1);
	assert_var(&rc, 3, "d", "$(echo \"x)\" 'y)')", 4, 1);
	assert_var(&rc, 4, "e", "$literal", 5, 0);
	assert_var(&rc, 5, "f", "cost $5", 6, 0);
	assert_var(&rc, 6, "g", "5$", 7, 0);
	assert_var(&rc, 7, "h", "${x:-a b}", 8, 1);
	assert_var(&rc, 8, "i", "$((1 + (2 * 3)))", 8, 1);
	assert_var(&rc, 9, "j", "$'a\\'b'", 9, 1);
	assert_var(&rc, 10, "k", "`echo \\\"q\\\"`", 10, 1);
	assert_var(&rc, 11, "l", "${x:-'}'}", 11, 1);
	/* Inside "${...}" within double quotes a "'" is data. */
	assert_var(&rc, 12, "m", "${x:-'}", 12, 1);
	rcconf_free(&rc);

	assert_true(rcconf_has_expansion("${base}/x"));
	assert_true(rcconf_has_expansion("a$b"));
	assert_true(rcconf_has_expansion("$1"));
	assert_true(rcconf_has_expansion("$$"));
	assert_true(rcconf_has_expansion("$(x)"));
	assert_true(rcconf_has_expansion("`x`"));
	assert_true(rcconf_has_expansion("x`"));
	assert_true(rcconf_has_expansion("$'x'"));
	/* The text alone: '$literal' counts (the parser's flag knows). */
	assert_true(rcconf_has_expansion("$literal"));
	assert_false(rcconf_has_expansion("zroot/iocage"));
	assert_false(rcconf_has_expansion("5$"));
	assert_false(rcconf_has_expansion("a$ b"));
	assert_false(rcconf_has_expansion("a$/b"));
	assert_false(rcconf_has_expansion(""));
	assert_false(rcconf_has_expansion(NULL));
}

/* Commands that are not pure assignments are skipped without error. */
static void
test_skipped_lines(void **state)
{
	struct rcconf rc;

	(void)state;
	expect_none("if [ -f /etc/rc.conf.d/ioc ]; then\nfi\n");
	expect_none(". /etc/rc.conf.local\n");
	expect_none("foo() {\n\techo \"it's\"\n}\n");
	expect_none("1abc=x\n");
	expect_none("a-b=x\n");
	expect_none("a.b=x\n");
	expect_none("\"a\"=x\n");
	expect_none("a\\=x\n");
	expect_none("$a=x\n");
	expect_none("=x\n");
	/* A prefix assignment to a command does not persist in sh. */
	expect_none("FOO=bar /usr/bin/true\n");
	expect_none("a= b\n");
	expect_none("echo a=b\n");
	expect_none("echo \"a=b\" 'c=d'\n");
	expect_none("local x=1\n");
	/* Comments and blank lines. */
	expect_none("# a=1\n   # b=2\n\n\t\n#\n");
	expect_none("");
	expect_none("\n");
	/* Here-document bodies are text, even with a stray quote. */
	expect_none("cat <<EOF\nit's=1\nx=2\nEOF\n");
	expect_none("cat <<-'END' >/dev/null\n\tit's=1\n\tEND\n");

	/* Assignments after reserved words and around redirections count. */
	parse_ok("if true; then in_if=1; else in_else=2; fi\n"
		 "while false; do in_loop=3; done\n"
		 "a=1 2>/dev/null\n"
		 "b=2 >/dev/null c=3\n"
		 "{ d=4; }\n"
		 "cat <<EOF\n"
		 "no=1\n"
		 "EOF\n"
		 "after_heredoc=\"yes\"\n"
		 "case $x in\n"
		 "\tfoo) in_case=5 ;;\n"
		 "esac\n",
	    &rc);
	assert_int_equal(rc.n, 9);
	assert_var(&rc, 0, "in_if", "1", 1, 0);
	assert_var(&rc, 1, "in_else", "2", 1, 0);
	assert_var(&rc, 2, "in_loop", "3", 2, 0);
	assert_var(&rc, 3, "a", "1", 3, 0);
	assert_var(&rc, 4, "b", "2", 4, 0);
	assert_var(&rc, 5, "c", "3", 4, 0);
	assert_var(&rc, 6, "d", "4", 5, 0);
	assert_var(&rc, 7, "after_heredoc", "yes", 9, 0);
	/* Conditionals are not evaluated. */
	assert_var(&rc, 8, "in_case", "5", 11, 0);
	assert_null(rcconf_get(&rc, "no"));
	rcconf_free(&rc);
}

/* Unterminated quotes and expansions name the line they start on. */
static void
test_errors(void **state)
{
	static const char nul[] = "a=1\nb=\"x\0y\"\n";

	(void)state;
	parse_bad(S_TEXT("a=\"x\n"), "line 1: unterminated quote");
	parse_bad(S_TEXT("a=1\n# c\n\nb=\"zroot/iocage\n"),
	    "line 4: unterminated quote");
	parse_bad(
	    S_TEXT("a=1\nb='zroot\n\nc=2\n"), "line 2: unterminated quote");
	/* Cut mid-value: complete lines are not enough. */
	parse_bad(S_TEXT("hostname=\"h\"\nioc_dataset_main=\"zro"),
	    "line 2: unterminated quote");
	parse_bad(S_TEXT("a=1 \\\n\\\nb=\"x"), "line 3: unterminated quote");
	parse_bad(S_TEXT("a=`x\n"), "line 1: unterminated expansion");
	parse_bad(S_TEXT("\na=${x\n"), "line 2: unterminated expansion");
	parse_bad(S_TEXT("a=$(x\n\n"), "line 1: unterminated expansion");
	parse_bad(S_TEXT("a=$(echo \"x)\n"), "line 1: unterminated quote");
	parse_bad(
	    S_TEXT("a=\"${x:-\"y}\"\n"), "line 1: unterminated expansion");
	parse_bad(S_TEXT("a=$'x\n"), "line 1: unterminated quote");
	/* Also in lines that are skipped: sh would fail there too. */
	parse_bad(S_TEXT("ok=1\necho \"it\n"), "line 2: unterminated quote");
	parse_bad(
	    S_TEXT("if [ \"$x\" = 'y ]; then\n"), "line 1: unterminated quote");
	parse_bad(nul, sizeof(nul) - 1, "line 2: NUL byte");
}

/* Deep nesting is refused instead of exhausting the stack. */
static void
test_deep_nesting(void **state)
{
	char *text, *p;
	size_t i, depth = 200;

	(void)state;
	assert_non_null(text = malloc(depth * 3 + 8));
	p = text;
	*p++ = 'a';
	*p++ = '=';
	for (i = 0; i < depth; i++) {
		*p++ = '$';
		*p++ = '(';
	}
	for (i = 0; i < depth; i++)
		*p++ = ')';
	*p = '\0';
	parse_bad(text, strlen(text), "line 1: quotes nested too deeply");
	/* 30 levels are fine. */
	p = text + 2;
	for (i = 0; i < 30; i++) {
		*p++ = '$';
		*p++ = '(';
	}
	for (i = 0; i < 30; i++)
		*p++ = ')';
	*p = '\0';
	expect_one(text, "a", text + 2);
	free(text);
}

/* Thousands of names: duplicates still found while the index grows. */
static void
test_many_variables(void **state)
{
	struct rcconf rc;
	char *text, name[32], value[32];
	size_t i, len = 0, size = 3000 * 2 * 40;

	(void)state;
	assert_non_null(text = malloc(size));
	for (i = 0; i < 3000; i++)
		len += (size_t)snprintf(text + len, size - len,
		    "ioc_dataset_%zu=\"zroot/d%zu\"\n", i, i);
	/* Reassign every third, newest last. */
	for (i = 0; i < 3000; i += 3)
		len += (size_t)snprintf(
		    text + len, size - len, "ioc_dataset_%zu=new%zu\n", i, i);
	assert_true(len < size);
	parse_ok(text, &rc);
	assert_int_equal(rc.n, 3000);
	for (i = 0; i < 3000; i++) {
		(void)snprintf(name, sizeof(name), "ioc_dataset_%zu", i);
		(void)snprintf(value, sizeof(value),
		    i % 3 == 0 ? "new%zu" : "zroot/d%zu", i);
		assert_var(
		    &rc, i, name, value, i % 3 == 0 ? 3001 + i / 3 : i + 1, 0);
	}
	rcconf_free(&rc);
	free(text);
}

/* Argument edge cases of the accessors. */
static void
test_accessors(void **state)
{
	struct rcconf rc;

	(void)state;
	parse_ok("a=1\n", &rc);
	assert_null(rcconf_get(&rc, "b"));
	assert_null(rcconf_get(&rc, NULL));
	assert_null(rcconf_get(NULL, "a"));
	assert_string_equal(rcconf_get(&rc, "a"), "1");
	rcconf_free(&rc);
	assert_int_equal(rc.n, 0);
	assert_null(rc.v);
	rcconf_free(&rc);
	rcconf_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_readme_samples),
	    cmocka_unit_test(test_prefix_collision),
	    cmocka_unit_test(test_full_rc_conf),
	    cmocka_unit_test(test_quoting_forms),
	    cmocka_unit_test(test_continuation),
	    cmocka_unit_test(test_several_and_duplicates),
	    cmocka_unit_test(test_expansions),
	    cmocka_unit_test(test_skipped_lines),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_deep_nesting),
	    cmocka_unit_test(test_many_variables),
	    cmocka_unit_test(test_accessors),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
