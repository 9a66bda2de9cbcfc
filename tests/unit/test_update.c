/*
 * test_update.c - the pure logic of updates: the bin/freebsd-version
 * parser (real scripts, truncated and garbage input), the updater lookup
 * (the Linux refusal, IOC_UPDATER checks), the "Components world"
 * rewrite of freebsd-update.conf, and HardenedBSD's default mirror and
 * build directory names.  No ZFS is needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "mirror.h"
#include "update.h"

/* The shape of FreeBSD's bin/freebsd-version (abridged). */
static const char real_script[] =
    "#!/bin/sh\n"
    "#-\n"
    "# SPDX-License-Identifier: BSD-2-Clause\n"
    "#\n"
    "set -e\n"
    "\n"
    "USERLAND_VERSION=\"14.1-RELEASE-p3\"\n"
    "\n"
    ": ${ROOT:=}\n"
    ": ${LOADER_DIR:=$ROOT/boot}\n"
    "usage() {\n"
    "\techo \"usage: freebsd-version [-kru] [-j jail]\" >&2\n"
    "}\n";

static int
parse(const char *text, char *ver, size_t size, int *patch)
{
	struct ioc_err err;

	err.msg[0] = '\0';
	if (upd_parse_version(text, strlen(text), ver, size, patch, &err) !=
	    0) {
		assert_int_equal(err.code, IOC_EPARSE);
		assert_true(err.msg[0] != '\0');
		assert_int_equal(*patch, -1);
		return (-1);
	}
	return (0);
}

static void
test_parse_version(void **state)
{
	static const struct {
		const char *text;
		const char *ver;
		int patch;
	} good[] = {
	    {"USERLAND_VERSION=\"14.1-RELEASE-p3\"\n", "14.1-RELEASE-p3", 3},
	    {"USERLAND_VERSION=\"14.1-RELEASE\"\n", "14.1-RELEASE", 0},
	    {"USERLAND_VERSION='13.2-RELEASE-p11'", "13.2-RELEASE-p11", 11},
	    {"  USERLAND_VERSION=15.0-CURRENT\n", "15.0-CURRENT", 0},
	    {"USERLAND_VERSION=\"14.0-STABLE-HBSD\"\n", "14.0-STABLE-HBSD", 0},
	    {"USERLAND_VERSION=\"14.2-PRERELEASE\"\n", "14.2-PRERELEASE", 0},
	    {"USERLAND_VERSION=\"11.0.1-RELEASE-p2\"\n", "11.0.1-RELEASE-p2",
		2},
	    {"# USERLAND_VERSION=\"1.0-X\"\nUSERLAND_VERSION=\"14.1-RC1\"\n",
		"14.1-RC1", 0},
	    {"USERLAND_VERSION=\"14.1-RELEASE-p2147483647\"",
		"14.1-RELEASE-p2147483647", INT_MAX},
	};
	static const char *const bad[] = {
	    "",
	    "\n\n",
	    "#!/bin/sh\n",
	    "USERLAND_VERSION=",
	    "USERLAND_VERSION=\"\"\n",
	    "USERLAND_VERSION=\"14.1-RELEASE-p3", /* truncated: no quote */
	    "USERLAND_VERSION=\"14.1-REL",
	    "USERLAND_VERSION=\"14.1-RELEASE-p\"\n",
	    "USERLAND_VERSION=\"14.1-RELEASE-p2147483648\"\n",
	    "USERLAND_VERSION=\"14.1-RELEASE-p99999999999999999999\"\n",
	    "USERLAND_VERSION=\"RELEASE-p3\"\n",
	    "USERLAND_VERSION=\"14-RELEASE\"\n",
	    "USERLAND_VERSION=\"14.1\"\n",
	    "USERLAND_VERSION=\"14.1-\"\n",
	    "USERLAND_VERSION=\"14.1-RELEASE--p3\"\n",
	    "USERLAND_VERSION=\"14.1-RELEASE p3\"\n",
	    "USERLAND_VERSION=\"14.1-RELEASE-p3;rm\"\n",
	    "USERLAND_VERSION=\"$(reboot)\"\n",
	    "USERLAND_VERSION=\"14.1-RELEASE-p3-\"\n",
	    "\177ELF\002\001\001garbage",
	};
	char ver[UPD_VERSION_MAX], text[256];
	struct ioc_err err;
	size_t i;
	int patch;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (parse(good[i].text, ver, sizeof(ver), &patch) != 0)
			fail_msg("%s: refused", good[i].text);
		assert_string_equal(ver, good[i].ver);
		assert_int_equal(patch, good[i].patch);
	}
	assert_int_equal(parse(real_script, ver, sizeof(ver), &patch), 0);
	assert_string_equal(ver, "14.1-RELEASE-p3");
	assert_int_equal(patch, 3);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse(bad[i], ver, sizeof(ver), &patch) == 0)
			fail_msg("bad[%zu] accepted as %s", i, ver);
	/* Every prefix of the real script either parses fully or fails. */
	for (i = 0; i < sizeof(real_script) - 1; i++) {
		err.msg[0] = '\0';
		if (upd_parse_version(
			real_script, i, ver, sizeof(ver), &patch, &err) == 0) {
			assert_string_equal(ver, "14.1-RELEASE-p3");
			assert_int_equal(patch, 3);
		} else
			assert_int_equal(err.code, IOC_EPARSE);
	}
	/* Longer than any version. */
	(void)snprintf(text, sizeof(text),
	    "USERLAND_VERSION=\"14.1-RELEASE-p3-%0*d\"", 80, 0);
	assert_int_equal(parse(text, ver, sizeof(ver), &patch), -1);
	/* A NUL inside the value is garbage, not the end of the text. */
	assert_int_equal(upd_parse_version("USERLAND_VERSION=\"14.1-RE\0X\"",
			     27, ver, sizeof(ver), &patch, &err),
	    -1);
	/* A buffer too small for the version is an error, never a cut. */
	assert_int_equal(upd_parse_version(real_script, sizeof(real_script) - 1,
			     ver, 8, &patch, &err),
	    -1);
}

static void
test_prog_find(void **state)
{
	struct upd_prog p;
	struct ioc_err err;

	(void)state;
	assert_int_equal(upd_prog_find(NULL, "Linux", &p, &err), -1);
	assert_int_equal(err.code, IOC_ENOTSUP);
	assert_string_equal(err.msg,
	    "ioc update needs FreeBSD's freebsd-update; this host runs Linux");
	assert_int_equal(upd_prog_find("", "Linux", &p, &err), -1);
	assert_int_equal(err.code, IOC_ENOTSUP);
	/* A configured updater runs anywhere, but must be a program. */
	assert_int_equal(upd_prog_find("/bin/sh", "Linux", &p, &err), 0);
	assert_string_equal(p.path, "/bin/sh");
	assert_int_equal(p.flavour, UPD_FLAVOUR_FREEBSD);
	assert_int_equal(upd_prog_find("bin/sh", "Linux", &p, &err), -1);
	assert_int_equal(err.code, IOC_EINVAL);
	assert_int_equal(
	    upd_prog_find("/nonexistent/freebsd-update", NULL, &p, &err), -1);
	assert_int_equal(err.code, IOC_ENOENT);
	assert_non_null(strstr(err.msg, "/nonexistent/freebsd-update"));
	assert_int_equal(upd_prog_find("/tmp", NULL, &p, &err), -1);
	assert_int_equal(err.code, IOC_ENOENT);
}

static void
check_conf(const char *in, const char *want)
{
	struct ioc_err err;
	char *out;

	assert_int_equal(upd_conf_world(in, strlen(in), &out, &err), 0);
	assert_string_equal(out, want);
	free(out);
}

static void
test_conf_world(void **state)
{
	(void)state;
	check_conf("KeyPrint abc\nComponents src world kernel\nIgnorePaths\n",
	    "KeyPrint abc\nComponents world\nIgnorePaths\n");
	/* Several Components lines become one. */
	check_conf("Components src\nComponents\tkernel\nX y\n",
	    "Components world\nX y\n");
	/* None: appended; the last line gets its newline. */
	check_conf("KeyPrint abc", "KeyPrint abc\nComponents world\n");
	check_conf("", "Components world\n");
	/* Only the keyword itself, not a longer one or a comment. */
	check_conf("ComponentsX a\n# Components src\n",
	    "ComponentsX a\n# Components src\nComponents world\n");
}

static void
test_hbsd_mirror(void **state)
{
	struct ioc_err err;
	char buf[128], *u;

	(void)state;
	assert_string_equal(mirror_distro("FreeBSD", 1), "HardenedBSD");
	assert_string_equal(mirror_distro("FreeBSD", 0), "FreeBSD");
	assert_string_equal(mirror_distro("Linux", 0), "Linux");
	assert_true(mirror_is_hbsd("HardenedBSD"));
	assert_false(mirror_is_hbsd("FreeBSD"));
	assert_false(mirror_is_hbsd(NULL));
	/* The default mirrors. */
	u = mirror_default_url_for("HardenedBSD", "amd64", &err);
	assert_non_null(u);
	assert_string_equal(u, "https://jenkins.hardenedbsd.org/builds");
	free(u);
	u = mirror_default_url_for("FreeBSD", "amd64", &err);
	assert_non_null(u);
	assert_string_equal(
	    u, "https://download.freebsd.org/ftp/releases/amd64/amd64");
	free(u);
	/* Where a release lives on each. */
	assert_int_equal(mirror_release_dir("HardenedBSD", "14-STABLE", "amd64",
			     buf, sizeof(buf)),
	    0);
	assert_string_equal(buf, "HardenedBSD-14-STABLE-amd64-LATEST");
	assert_int_equal(mirror_release_dir("FreeBSD", "14.1-RELEASE", "amd64",
			     buf, sizeof(buf)),
	    0);
	assert_string_equal(buf, "14.1-RELEASE");
	assert_int_equal(
	    mirror_release_dir("", "14.1-RELEASE", "amd64", buf, sizeof(buf)),
	    0);
	assert_string_equal(buf, "14.1-RELEASE");
	assert_int_equal(
	    mirror_release_dir("HardenedBSD", "14-STABLE", "amd64", buf, 10),
	    -1);
	/* And back, for the remote listing. */
	assert_int_equal(mirror_hbsd_name("HardenedBSD-14-STABLE-amd64-LATEST",
			     "amd64", buf, sizeof(buf)),
	    0);
	assert_string_equal(buf, "14-STABLE");
	assert_int_equal(mirror_hbsd_name("HardenedBSD-13-STABLE-v1300055-"
					  "amd64-LATEST",
			     "amd64", buf, sizeof(buf)),
	    0);
	assert_string_equal(buf, "13-STABLE-v1300055");
	assert_int_equal(mirror_hbsd_name("HardenedBSD-14-STABLE-arm64-LATEST",
			     "amd64", buf, sizeof(buf)),
	    -1);
	assert_int_equal(mirror_hbsd_name("HardenedBSD--amd64-LATEST", "amd64",
			     buf, sizeof(buf)),
	    -1);
	assert_int_equal(
	    mirror_hbsd_name("14.1-RELEASE", "amd64", buf, sizeof(buf)), -1);
	assert_int_equal(mirror_hbsd_name("HardenedBSD-14-STABLE-amd64-LATEST",
			     "amd64", buf, 5),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_version),
	    cmocka_unit_test(test_prog_find),
	    cmocka_unit_test(test_conf_world),
	    cmocka_unit_test(test_hbsd_mirror),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
