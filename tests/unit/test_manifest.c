/*
 * test_manifest.c - the checksum lists of release mirrors: every real
 * FreeBSD MANIFEST of the fixtures (each line cross-checked against an
 * independent split), known sums, truncated and malformed lines (clean
 * failures with line numbers), HardenedBSD CHECKSUMS.SHA256 with
 * basename and absolute build paths, and sha256sum lines.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "manifest.h"
#include "testutil.h"

#define MANDIR IOC_FIXTURES "/manifest"
#define HEX_A  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HEX_B  "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define HEX_C  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char *
slurp(const char *name, size_t *len)
{
	char path[1024];
	static char buf[65536];
	ssize_t n;
	char *s;

	(void)snprintf(path, sizeof(path), "%s/%s", MANDIR, name);
	n = tu_read_file(path, buf, sizeof(buf));
	assert_true(n > 0);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	(void)memcpy(s, buf, (size_t)n + 1);
	*len = (size_t)n;
	return (s);
}

/* Parse buf and expect failure whose message starts with want. */
static void
expect_fail(const char *buf, const char *want)
{
	struct manifest m;
	struct ioc_err err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(manifest_parse(buf, strlen(buf), &m, &err), -1);
	assert_int_equal(err.code, IOC_EPARSE);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg(
		    "message '%s' does not start with '%s'", err.msg, want);
	assert_int_equal(m.n, 0);
	assert_null(m.v);
}

/* Every fixture: each line's asset and sum, split independently. */
static void
test_fixtures_all_parse(void **state)
{
	struct dirent *de;
	DIR *d;
	int nfiles = 0;

	(void)state;
	assert_non_null(d = opendir(MANDIR));
	while ((de = readdir(d)) != NULL) {
		struct manifest m;
		struct ioc_err err;
		char *buf, *copy, *line, *save = NULL;
		size_t len, lines = 0;

		if (strstr(de->d_name, ".MANIFEST") == NULL)
			continue;
		nfiles++;
		buf = slurp(de->d_name, &len);
		if (manifest_parse(buf, len, &m, &err) != 0)
			fail_msg("%s: %s", de->d_name, err.msg);
		assert_int_equal(m.kind, MANIFEST_KIND_FREEBSD);
		assert_non_null(copy = strdup(buf));
		for (line = strtok_r(copy, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save)) {
			const struct manifest_entry *e;
			char *tab = strchr(line, '\t'), *tab2;

			assert_non_null(tab);
			*tab = '\0';
			assert_non_null(tab2 = strchr(tab + 1, '\t'));
			*tab2 = '\0';
			e = manifest_find(&m, line);
			assert_non_null(e);
			assert_string_equal(e->sha256, tab + 1);
			assert_int_equal(strlen(e->sha256), 64);
			lines++;
		}
		assert_int_equal(m.n, lines);
		assert_non_null(manifest_find(&m, "base.txz"));
		assert_null(manifest_find(&m, "base"));
		free(copy);
		free(buf);
		manifest_free(&m);
	}
	(void)closedir(d);
	assert_int_equal(nfiles, 8);
}

/* Known values of particular fixtures. */
static void
test_fixture_values(void **state)
{
	const struct manifest_entry *e;
	struct manifest m;
	struct ioc_err err;
	char *buf;
	size_t len;

	(void)state;
	buf = slurp("freebsd-amd64-14.3-RELEASE.MANIFEST", &len);
	assert_int_equal(manifest_parse(buf, len, &m, &err), 0);
	assert_int_equal(m.n, 9);
	assert_non_null(e = manifest_find(&m, "base.txz"));
	assert_string_equal(e->sha256,
	    "e38b5cf756d60086a6c2f736eff19cc7685f7e2313e31d14342fc8df57200a92");
	assert_int_equal(e->on, 1);
	assert_int_equal(e->line, 2);
	assert_non_null(e = manifest_find(&m, "lib32.txz"));
	assert_string_equal(e->sha256,
	    "0e2436dde72309e613a6e75a64490a77f9deb6991121e97436be4d56109e6721");
	assert_non_null(e = manifest_find(&m, "src.txz"));
	assert_int_equal(e->on, 0);
	manifest_free(&m);
	free(buf);

	buf = slurp("freebsd-amd64-10.2-RELEASE.MANIFEST", &len);
	assert_int_equal(manifest_parse(buf, len, &m, &err), 0);
	assert_int_equal(m.n, 7);
	assert_non_null(e = manifest_find(&m, "games.txz"));
	assert_int_equal(e->on, 1);
	assert_non_null(e = manifest_find(&m, "base.txz"));
	assert_string_equal(e->sha256,
	    "75b0d1872b39c35b0d423c352c96d41cc2d7e7d536b78ecdb506c2fbf8072a0b");
	manifest_free(&m);
	free(buf);

	/* No lib32 on i386 and arm64. */
	buf = slurp("freebsd-i386-11.1-RELEASE.MANIFEST", &len);
	assert_int_equal(manifest_parse(buf, len, &m, &err), 0);
	assert_null(manifest_find(&m, "lib32.txz"));
	manifest_free(&m);
	free(buf);
	buf = slurp("freebsd-arm64-aarch64-12.0-RELEASE.MANIFEST", &len);
	assert_int_equal(manifest_parse(buf, len, &m, &err), 0);
	assert_null(manifest_find(&m, "lib32.txz"));
	assert_non_null(manifest_find(&m, "kernel-dbg.txz"));
	manifest_free(&m);
	free(buf);
}

/* A fixture cut short in the middle of a line fails on that line. */
static void
test_truncated(void **state)
{
	struct manifest m;
	struct ioc_err err;
	char *buf, *p;
	size_t len, i;

	(void)state;
	buf = slurp("freebsd-amd64-14.3-RELEASE.MANIFEST", &len);
	/* After the second field of line 3. */
	for (p = buf, i = 0; i < 2; i++)
		p = strchr(p, '\n') + 1;
	p = strchr(strchr(p, '\t') + 1, '\t');
	assert_int_equal(manifest_parse(buf, (size_t)(p - buf), &m, &err), -1);
	assert_int_equal(err.code, IOC_EPARSE);
	assert_string_equal(err.msg, "line 3: expected 6 tab-separated fields");
	assert_null(m.v);
	/* In the middle of the sum of line 3. */
	p = strchr(p - 70, '\t') + 10;
	assert_int_equal(manifest_parse(buf, (size_t)(p - buf), &m, &err), -1);
	assert_string_equal(err.msg, "line 3: expected 6 tab-separated fields");
	/* Without the final newline the file still parses. */
	assert_int_equal(manifest_parse(buf, len - 1, &m, &err), 0);
	assert_int_equal(m.n, 9);
	manifest_free(&m);
	/* Cut after "o" of the last "on|off": "o" is not a flag. */
	assert_int_equal(manifest_parse(buf, len - 3, &m, &err), -1);
	assert_string_equal(err.msg, "line 9: expected 'on' or 'off'");
	free(buf);
}

static void
test_malformed(void **state)
{
	(void)state;
	expect_fail("base.txz\t" HEX_A "\t1\tbase\t\"B\"\ton\n"
		    "lib32.txz\t" HEX_A "\t1\tlib32\t\"L\"\n",
	    "line 2: expected 6");
	expect_fail("base.txz\t" HEX_A "\t1\tbase\t\"B\"\ton\n\n"
		    "lib32.txz\tabc\t1\tlib32\t\"L\"\ton\n",
	    "line 3: invalid sha256 checksum");
	expect_fail("base.txz\t" HEX_A "\tmany\tbase\t\"B\"\ton\n",
	    "line 1: invalid file count");
	expect_fail("base.txz\t" HEX_A "\t1\tbase\tB\ton\n",
	    "line 1: invalid description");
	expect_fail("base.txz\t" HEX_A "\t1\tbase\t\"B\"\tmaybe\n",
	    "line 1: expected 'on' or 'off'");
	expect_fail("base.txz\t" HEX_A "\t1\tbase\t\"B\"\ton\textra\n",
	    "line 1: expected 6");
	expect_fail("../base.txz\t" HEX_A "\t1\tbase\t\"B\"\ton\n",
	    "line 1: invalid asset name");
	expect_fail(
	    "\t" HEX_A "\t1\tbase\t\"B\"\ton\n", "line 1: invalid asset name");
	expect_fail("base.txz\t" HEX_A "\t1\t\t\"B\"\ton\n",
	    "line 1: invalid component name");
	expect_fail("", "no checksums");
	expect_fail("\n\n", "no checksums");
	expect_fail("base.txz\t" HEX_A "\t1\tbase\t\"B\"\ton\n"
		    "base.txz\t" HEX_B "\t1\tbase\t\"B\"\ton\n",
	    "line 2: conflicting checksums for 'base.txz' (line 1)");
	expect_fail("SHA256 (base.txz) = " HEX_A "\nnonsense\n",
	    "line 2: expected 'SHA256 (FILE) = CHECKSUM'");
	expect_fail("SHA256 (base.txz) = " HEX_A "0\n",
	    "line 1: invalid sha256 checksum");
	expect_fail("SHA256 () = " HEX_A "\n", "line 1: expected 'SHA256");
	expect_fail(
	    "SHA256 (/usr/obj/) = " HEX_A "\n", "line 1: invalid file name");
	expect_fail(HEX_A "  base.txz\n" HEX_B "base.txz\n",
	    "line 2: expected 'CHECKSUM  FILE'");
}

static void
test_nul_byte(void **state)
{
	static const char buf[] = "base.txz\t" HEX_A "\t1\tbase\t\"B\"\ton\n"
				  "\0lib32.txz\t" HEX_A "\t1\tl\t\"L\"\ton\n";
	struct manifest m;
	struct ioc_err err;

	(void)state;
	assert_int_equal(manifest_parse(buf, sizeof(buf) - 1, &m, &err), -1);
	assert_int_equal(err.code, IOC_EPARSE);
	assert_string_equal(err.msg, "NUL byte in file");
}

/* CRLF lines, blank lines and upper-case hex are accepted. */
static void
test_lenient_bits(void **state)
{
	static const char buf[] =
	    "\r\nbase.txz\t" HEX_C "\t1\tbase\t\"B\"\ton\r\n"
	    "\n";
	char upper[] = "SHA256 (base.txz) = " HEX_C "\n";
	const struct manifest_entry *e;
	struct manifest m;
	struct ioc_err err;
	char *p;

	(void)state;
	assert_int_equal(manifest_parse(buf, strlen(buf), &m, &err), 0);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.v[0].sha256, HEX_C);
	assert_int_equal(m.v[0].line, 2);
	manifest_free(&m);
	for (p = strchr(upper, '='); *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 32);
	assert_int_equal(manifest_parse(upper, strlen(upper), &m, &err), 0);
	assert_non_null(e = manifest_find(&m, "base.txz"));
	assert_string_equal(e->sha256, HEX_C);
	manifest_free(&m);
	manifest_free(&m); /* zeroed: a no-op */
	manifest_free(NULL);
}

/* HardenedBSD, current builds: basenames, .txz.xz and MANIFEST lines. */
static void
test_hardenedbsd_basename(void **state)
{
	static const char buf[] = "SHA256 (MANIFEST) = " HEX_C "\n"
				  "SHA256 (base.txz.xz) = " HEX_B "\n"
				  "SHA256 (base.txz) = " HEX_A "\n"
				  "SHA256 (disc1.iso) = " HEX_B "\n";
	const struct manifest_entry *e;
	struct manifest m;
	struct ioc_err err;

	(void)state;
	assert_int_equal(manifest_parse(buf, strlen(buf), &m, &err), 0);
	assert_int_equal(m.kind, MANIFEST_KIND_BSDSUM);
	assert_int_equal(m.n, 4);
	assert_non_null(e = manifest_find(&m, "base.txz"));
	assert_string_equal(e->sha256, HEX_A);
	assert_int_equal(e->line, 3);
	assert_non_null(e = manifest_find(&m, "base.txz.xz"));
	assert_string_equal(e->sha256, HEX_B);
	assert_null(manifest_find(&m, "lib32.txz"));
	manifest_free(&m);
}

/* HardenedBSD, jenkins era: absolute build paths match by basename. */
static void
test_hardenedbsd_absolute(void **state)
{
	static const char buf[] =
	    "SHA256 (/usr/obj/jenkins/workspace/HardenedBSD-stable-master-"
	    "amd64/release/base.txz) = " HEX_A "\n"
	    "SHA256 (/usr/obj/jenkins/workspace/HardenedBSD-stable-master-"
	    "amd64/release/lib32.txz) = " HEX_B "\n"
	    "SHA256 (/usr/obj/odd) = name/release/src.txz) = " HEX_C "\n";
	const struct manifest_entry *e;
	struct manifest m;
	struct ioc_err err;

	(void)state;
	assert_int_equal(manifest_parse(buf, strlen(buf), &m, &err), 0);
	assert_int_equal(m.n, 3);
	assert_non_null(e = manifest_find(&m, "base.txz"));
	assert_string_equal(e->sha256, HEX_A);
	assert_non_null(e = manifest_find(&m, "lib32.txz"));
	assert_string_equal(e->sha256, HEX_B);
	/* The last ") = " ends the path. */
	assert_non_null(e = manifest_find(&m, "src.txz"));
	assert_string_equal(e->sha256, HEX_C);
	manifest_free(&m);
}

/* sha256sum(1) output, text and binary mode. */
static void
test_gnu_format(void **state)
{
	static const char buf[] = HEX_A "  base.txz\n" HEX_B " *./lib32.txz\n";
	struct manifest m;
	struct ioc_err err;

	(void)state;
	assert_int_equal(manifest_parse(buf, strlen(buf), &m, &err), 0);
	assert_int_equal(m.kind, MANIFEST_KIND_GNUSUM);
	assert_string_equal(manifest_find(&m, "base.txz")->sha256, HEX_A);
	assert_string_equal(manifest_find(&m, "lib32.txz")->sha256, HEX_B);
	manifest_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixtures_all_parse),
	    cmocka_unit_test(test_fixture_values),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_lenient_bits),
	    cmocka_unit_test(test_hardenedbsd_basename),
	    cmocka_unit_test(test_hardenedbsd_absolute),
	    cmocka_unit_test(test_gnu_format),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
