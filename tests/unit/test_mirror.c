/*
 * test_mirror.c - remote release listing: mirror URLs per architecture,
 * index scraping, version order, EOL names and "newer than host"; and the
 * small pure pieces of the fetch pipeline (asset names, the release
 * configuration edits of spec 9.1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fetch.h"
#include "internal.h"
#include "mirror.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_default_url(void **state)
{
	static const struct {
		const char *arch;
		const char *url;
	} cases[] = {
	    {"x86_64", MIRROR_FREEBSD "/amd64/amd64"},
	    {"amd64", MIRROR_FREEBSD "/amd64/amd64"},
	    {"aarch64", MIRROR_FREEBSD "/arm64/aarch64"},
	    {"arm64", MIRROR_FREEBSD "/arm64/aarch64"},
	    {"i686", MIRROR_FREEBSD "/i386/i386"},
	    {"arm64/aarch64", MIRROR_FREEBSD "/arm64/aarch64"},
	    {"powerpc/powerpc64le", MIRROR_FREEBSD "/powerpc/powerpc64le"},
	};
	static const char *const bad[] = {"", "sparc", "../x", "a/../b", "a/",
	    "/a", "AMD64/amd64", "a b/c", "amd64/amd64/x"};
	struct ioc_err err;
	char buf[64], *u;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		u = mirror_default_url(cases[i].arch, &err);
		assert_non_null(u);
		assert_string_equal(u, cases[i].url);
		free(u);
	}
	for (i = 0; i < NELEM(bad); i++) {
		u = mirror_default_url(bad[i], &err);
		if (u != NULL)
			fail_msg("'%s' accepted: %s", bad[i], u);
		assert_int_equal(err.code, IOC_EINVAL);
		assert_non_null(strstr(err.msg, "Unknown architecture"));
	}
	assert_int_equal(mirror_machine_arch("x86_64", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "amd64");
	assert_int_equal(mirror_machine_arch("arm64", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "aarch64");
	/* The host: whatever it is, the URL has the mirror's shape. */
	if ((u = mirror_default_url(NULL, &err)) != NULL) {
		assert_memory_equal(
		    u, MIRROR_FREEBSD "/", strlen(MIRROR_FREEBSD) + 1);
		free(u);
	}
}

/* An index page as download.freebsd.org (nginx autoindex) serves it. */
static const char freebsd_index[] =
    "<html>\r\n<head><title>Index of /ftp/releases/amd64/amd64/</title>"
    "</head>\r\n<body>\r\n<h1>Index of /ftp/releases/amd64/amd64/</h1>"
    "<hr><pre><a href=\"../\">../</a>\r\n"
    "<a href=\"11.4-RELEASE/\">11.4-RELEASE/</a>   13-Jun-2020 08:15   -\r\n"
    "<a href=\"14.3-RELEASE/\">14.3-RELEASE/</a>   10-Jun-2025 00:00   -\r\n"
    "<a href=\"9.3-RELEASE/\">9.3-RELEASE/</a>   09-Jul-2014 00:00   -\r\n"
    "<a href=\"ISO-IMAGES/\">ISO-IMAGES/</a>   01-Jan-2025 00:00   -\r\n"
    "<a href=\"14.3-RELEASE/\">14.3-RELEASE/</a>   (a duplicate)\r\n"
    "<a href=\"15.0-BETA3/\">15.0-BETA3/</a>\r\n"
    "<a href=\"15.0-RC1/\">15.0-RC1/</a>\r\n"
    "<a href=\"README.TXT\">README.TXT</a>\r\n"
    "<A HREF='./13.2-RELEASE/'>13.2-RELEASE/</A>\r\n"
    "<a href=\"/ftp/\">absolute/</a><a href=\"http://x/y/\">x</a>\r\n"
    "<a href=\"./\">.</a><a href=\"\">empty</a><a href=\"/\">root</a>\r\n"
    "<a href=\"a b/\">blank</a><a href=\"-x/\">dash</a>"
    "<a href=\"unterminated/ \r\n"
    "</pre><hr></body>\r\n</html>\r\n";

static void
test_index_parse(void **state)
{
	static const char *const want[] = {"9.3-RELEASE", "11.4-RELEASE",
	    "13.2-RELEASE", "14.3-RELEASE", "15.0-BETA3", "15.0-RC1"};
	struct mirror_names l;
	struct ioc_err err;
	size_t i;

	(void)state;
	assert_int_equal(
	    mirror_index_parse(freebsd_index, strlen(freebsd_index), &l, &err),
	    0);
	for (i = 0; i < l.n && i < NELEM(want); i++)
		assert_string_equal(l.v[i], want[i]);
	assert_int_equal(l.n, NELEM(want));
	assert_true(mirror_names_has(&l, "13.2-RELEASE"));
	assert_false(mirror_names_has(&l, "ISO-IMAGES"));
	mirror_names_free(&l);
	mirror_names_free(&l);
	/* Nothing to list is not an error. */
	assert_int_equal(mirror_index_parse("<html></html>", 13, &l, &err), 0);
	assert_int_equal(l.n, 0);
	mirror_names_free(&l);
}

static void
test_version_order(void **state)
{
	/* Sorted; shuffled below. */
	static const char *const sorted[] = {"2.0-RELEASE", "9.3-RELEASE",
	    "10.0-RELEASE", "10.4-RELEASE", "12.4-RELEASE", "12.4-RELEASE-p1",
	    "12.4-RELEASE-p10", "12-STABLE", "13.2-ALPHA1", "13.2-BETA1",
	    "13.2-BETA2", "13.2-BETA10", "13.2-PRERELEASE", "13.2-RC1",
	    "13.2-RC3", "13.2-RELEASE", "13.2-STABLE", "13.2.1-RELEASE",
	    "13.10-RELEASE", "14.0-CURRENT", "15.0-CURRENT", "HardenedBSD-x",
	    "custom", "zeta"};
	static const size_t perm[] = {21, 3, 17, 0, 8, 22, 12, 5, 19, 1, 14, 10,
	    23, 6, 16, 2, 11, 20, 9, 4, 15, 7, 13, 18};
	struct mirror_names l = {NULL, 0};
	struct ioc_err err;
	size_t i;

	(void)state;
	assert_int_equal(NELEM(perm), NELEM(sorted));
	for (i = 0; i < NELEM(perm); i++)
		assert_int_equal(mirror_names_add(&l, sorted[perm[i]],
				     strlen(sorted[perm[i]]), &err),
		    0);
	mirror_names_sort(&l);
	for (i = 0; i < NELEM(sorted); i++)
		if (strcmp(l.v[i], sorted[i]) != 0)
			fail_msg("position %zu: %s, expected %s", i, l.v[i],
			    sorted[i]);
	mirror_names_free(&l);
	/* Antisymmetric and reflexive. */
	for (i = 0; i + 1 < NELEM(sorted); i++) {
		assert_true(mirror_version_cmp(sorted[i], sorted[i + 1]) < 0);
		assert_true(mirror_version_cmp(sorted[i + 1], sorted[i]) > 0);
		assert_int_equal(mirror_version_cmp(sorted[i], sorted[i]), 0);
	}
}

/* The shape of www.freebsd.org/security/unsupported.html. */
static const char eol_page[] =
    "<table class=\"tblbasic\">\n"
    "<tr><th>Branch</th><th>Release</th><th>Type</th><th>Release Date</th>"
    "<th>EoL</th></tr>\n"
    "<tr><td>stable/12</td><td>n/a</td><td>n/a</td><td>n/a</td>"
    "<td>December 31, 2023</td></tr>\n"
    "<tr>\n  <td> releng/12.4 </td>\n  <td><b>12.4-RELEASE</b></td>\n"
    "  <td>Extended</td><td>December 5, 2022</td><td>December 31, 2023</td>"
    "</tr>\n"
    "<TR><TD>releng/13.2</TD><TD>13.2-RELEASE</TD><TD>n/a</TD></TR>\n"
    "<tr><td>stable/11</td></tr>\n"
    "<tr><td>releng/9.3</td><td></td></tr>\n"
    "<tr><td>releng/13.2</td><td>13.2-RELEASE</td></tr>\n"
    "</table>\n";

static void
test_eol_parse(void **state)
{
	static const char *const want[] = {
	    "12-STABLE", "12.4-RELEASE", "13.2-RELEASE", "11-STABLE"};
	struct mirror_names l;
	struct ioc_err err;
	size_t i;

	(void)state;
	assert_int_equal(
	    mirror_eol_parse(eol_page, strlen(eol_page), &l, &err), 0);
	for (i = 0; i < l.n && i < NELEM(want); i++)
		assert_string_equal(l.v[i], want[i]);
	assert_int_equal(l.n, NELEM(want));
	assert_false(mirror_names_has(&l, "n/a"));
	assert_false(mirror_names_has(&l, "14.3-RELEASE"));
	mirror_names_free(&l);
	/* Garbage gives an empty list, not a crash. */
	assert_int_equal(mirror_eol_parse("<tr><td", 7, &l, &err), 0);
	assert_int_equal(l.n, 0);
	mirror_names_free(&l);
}

static void
test_newer_than(void **state)
{
	(void)state;
	assert_true(mirror_newer_than("14.3-RELEASE", "13.2-RELEASE"));
	assert_true(mirror_newer_than("13.10-RELEASE", "13.9-RELEASE"));
	assert_false(mirror_newer_than("13.2-RELEASE", "13.2-RELEASE"));
	assert_false(mirror_newer_than("9.3-RELEASE", "13.2-RELEASE"));
	assert_false(mirror_newer_than("13.2-RC1", "13.2-RELEASE"));
	assert_true(mirror_newer_than("13.2-RELEASE", "13.2-RC1"));
	/* A CURRENT is newer unless the host runs CURRENT. */
	assert_true(mirror_newer_than("14.0-CURRENT", "15.0-RELEASE"));
	assert_false(mirror_newer_than("15.0-CURRENT", "15.0-CURRENT"));
}

static void
test_asset_name(void **state)
{
	static const char *const bad[] = {
	    "", ".txz", "../base", "a/b", ".hidden", "-x", "a b", "base\n"};
	struct ioc_err err;
	char buf[80], longname[80];
	size_t i;

	(void)state;
	/* 65 characters: one too many. */
	(void)memset(longname, 'a', 65);
	longname[65] = '\0';
	assert_int_equal(
	    fetch_asset_name(longname, buf, sizeof(buf), &err), -1);
	longname[64] = '\0';
	assert_int_equal(fetch_asset_name(longname, buf, sizeof(buf), &err), 0);
	assert_int_equal(fetch_asset_name("base", buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "base.txz");
	assert_int_equal(
	    fetch_asset_name("lib32.txz", buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "lib32.txz");
	assert_int_equal(
	    fetch_asset_name("base-dbg", buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "base-dbg.txz");
	for (i = 0; i < NELEM(bad); i++) {
		if (fetch_asset_name(bad[i], buf, sizeof(buf), &err) == 0)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(err.code, IOC_EINVAL);
	}
}

static const char *const kv[] = {
    "sendmail_enable", "NO", "cron_flags", "-m ''", "netif_enable", "NO", NULL};

static void
apply(const char *in, const char *want, int want_changed)
{
	struct ioc_err err;
	char *out;
	int changed;

	assert_int_equal(
	    fetch_conf_apply(in, strlen(in), kv, &out, &changed, &err), 0);
	assert_string_equal(out, want);
	assert_int_equal(changed, want_changed);
	free(out);
}

static void
test_conf_apply(void **state)
{
	(void)state;
	/* Empty or missing file: every line appended. */
	apply("",
	    "sendmail_enable=\"NO\"\ncron_flags=\"-m ''\"\nnetif_enable="
	    "\"NO\"\n",
	    1);
	/* Already right: unchanged, byte for byte. */
	apply("# x\nsendmail_enable=\"NO\"\ncron_flags=\"-m ''\"\n"
	      "netif_enable=\"NO\"\n",
	    "# x\nsendmail_enable=\"NO\"\ncron_flags=\"-m ''\"\n"
	    "netif_enable=\"NO\"\n",
	    0);
	/* Other values replaced in place, other lines kept, one appended. */
	apply("hostname=\"h\"\n  sendmail_enable=YES # on\ncron_flags='-J 5'\n"
	      "sendmail_enable_x=\"YES\"\n",
	    "hostname=\"h\"\nsendmail_enable=\"NO\"\ncron_flags=\"-m ''\"\n"
	    "sendmail_enable_x=\"YES\"\nnetif_enable=\"NO\"\n",
	    1);
	/* No final newline: one is added before the appended lines. */
	apply("hostname=\"h\"",
	    "hostname=\"h\"\nsendmail_enable=\"NO\"\ncron_flags=\"-m ''\"\n"
	    "netif_enable=\"NO\"\n",
	    1);
	/* A right last line without its newline still counts as a change. */
	apply(
	    "sendmail_enable=\"NO\"\ncron_flags=\"-m ''\"\nnetif_enable=\"NO\"",
	    "sendmail_enable=\"NO\"\ncron_flags=\"-m ''\"\nnetif_enable="
	    "\"NO\"\n",
	    1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_url),
	    cmocka_unit_test(test_index_parse),
	    cmocka_unit_test(test_version_order),
	    cmocka_unit_test(test_eol_parse),
	    cmocka_unit_test(test_newer_than),
	    cmocka_unit_test(test_asset_name),
	    cmocka_unit_test(test_conf_apply),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
