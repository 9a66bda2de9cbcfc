/*
 * test_userland.c - whether the host can run a jail's /bin/sh: the
 * decision on crafted ELF headers for both platforms (rtplan.c), the
 * uname machine names, and the lookup of bin/sh beneath a root with
 * symlinks resolved inside it (rtuserland.c).
 */
#include <sys/stat.h>
#include <sys/utsname.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "compat.h"
#include "internal.h"
#include "rtplan.h"
#include "rtuserland.h"
#include "testutil.h"

#define EM_X86_64  62
#define EM_386	   3
#define EM_AARCH64 183
#define EM_ARM	   40

/* A 64-byte ELF header: class, data (1 LE, 2 BE), OS ABI, type, machine. */
static void
elf(unsigned char *h, int cls, int data, int osabi, unsigned type,
    unsigned machine)
{
	(void)memset(h, 0, 64);
	h[0] = 0x7f;
	h[1] = 'E';
	h[2] = 'L';
	h[3] = 'F';
	h[4] = (unsigned char)cls;
	h[5] = (unsigned char)data;
	h[6] = 1;
	h[7] = (unsigned char)osabi;
	if (data == 2) {
		h[16] = (unsigned char)(type >> 8);
		h[17] = (unsigned char)type;
		h[18] = (unsigned char)(machine >> 8);
		h[19] = (unsigned char)machine;
	} else {
		h[16] = (unsigned char)type;
		h[17] = (unsigned char)(type >> 8);
		h[18] = (unsigned char)machine;
		h[19] = (unsigned char)(machine >> 8);
	}
}

/* The check on Linux/x86_64 succeeds. */
static void
ok_linux(const unsigned char *h, size_t len)
{
	struct ioc_err err = {0};

	if (rtplan_userland_check(h, len, COMPAT_LINUX, EM_X86_64, "j", &err) !=
	    0)
		fail_msg("refused: %s", err.msg);
}

/* The check on plat/host fails with exactly msg. */
static void
refused(const unsigned char *h, size_t len, enum compat_platform plat,
    unsigned host, const char *msg)
{
	struct ioc_err err = {0};

	assert_int_equal(
	    rtplan_userland_check(h, len, plat, host, "j", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.code, IOC_ENOTSUP);
}

static void
test_linux_binaries(void **state)
{
	unsigned char h[64];

	(void)state;
	/* SYSV and GNU/Linux OS ABIs, executables and PIE/shared objects */
	elf(h, 2, 1, 0, 2, EM_X86_64);
	ok_linux(h, 64);
	elf(h, 2, 1, 3, 3, EM_X86_64);
	ok_linux(h, 64);
	/* exactly the header bytes looked at are enough */
	ok_linux(h, RTPLAN_ELF_HDRLEN);
	/* i386 on x86_64: ia32 emulation runs it */
	elf(h, 1, 1, 0, 2, EM_386);
	ok_linux(h, 64);
	/* an unknown host machine cannot refuse anything */
	elf(h, 2, 2, 0, 2, 21);
	{
		struct ioc_err err = {0};

		assert_int_equal(
		    rtplan_userland_check(h, 64, COMPAT_LINUX, 0, "j", &err),
		    0);
	}
}

static void
test_freebsd_on_linux(void **state)
{
	unsigned char h[64];

	(void)state;
	elf(h, 2, 1, 9, 2, EM_X86_64);
	refused(h, 64, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is a FreeBSD executable; a FreeBSD "
	    "release cannot run on a Linux host");
	/* the OS ABI decides before the machine does */
	elf(h, 2, 1, 9, 2, EM_AARCH64);
	refused(h, 64, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is a FreeBSD executable; a FreeBSD "
	    "release cannot run on a Linux host");
}

static void
test_machines(void **state)
{
	unsigned char h[64];

	(void)state;
	elf(h, 2, 1, 0, 2, EM_AARCH64);
	refused(h, 64, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host: it "
	    "is built for aarch64, the host is x86_64");
	elf(h, 2, 1, 0, 2, EM_X86_64);
	refused(h, 64, COMPAT_LINUX, EM_386,
	    "Jail 'j': its /bin/sh is not an executable for this host: it "
	    "is built for x86_64, the host is i386");
	/* an unnamed machine by its number; big endian read as such */
	elf(h, 2, 2, 0, 2, 0x1234);
	refused(h, 64, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host: it "
	    "is built for ELF machine 4660, the host is x86_64");
	/* arm on aarch64 is accepted, aarch64 on arm is not */
	elf(h, 1, 1, 0, 2, EM_ARM);
	{
		struct ioc_err err = {0};

		assert_int_equal(rtplan_userland_check(h, 64, COMPAT_LINUX,
				     EM_AARCH64, "j", &err),
		    0);
	}
	elf(h, 2, 1, 0, 2, EM_AARCH64);
	refused(h, 64, COMPAT_LINUX, EM_ARM,
	    "Jail 'j': its /bin/sh is not an executable for this host: it "
	    "is built for aarch64, the host is arm");
}

static void
test_not_elf(void **state)
{
	static const char script[] = "#!/bin/busybox sh\necho hi\n";
	unsigned char h[64];
	size_t len;

	(void)state;
	refused((const unsigned char *)script, sizeof(script) - 1, COMPAT_LINUX,
	    EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host (a "
	    "script)");
	refused((const unsigned char *)"garbage\n", 8, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host");
	refused((const unsigned char *)"", 0, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host");
	refused(NULL, 0, COMPAT_FREEBSD, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host");
	/* every truncation of a good header fails cleanly */
	elf(h, 2, 1, 0, 2, EM_X86_64);
	for (len = 0; len < RTPLAN_ELF_HDRLEN; len++) {
		struct ioc_err err = {0};

		assert_int_equal(rtplan_userland_check(h, len, COMPAT_LINUX,
				     EM_X86_64, "j", &err),
		    -1);
		assert_non_null(strstr(err.msg, "is not an executable"));
	}
	refused(h, 10, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host (a "
	    "truncated ELF header)");
	/* a bad class or data byte, a relocatable object, a core file */
	elf(h, 3, 1, 0, 2, EM_X86_64);
	refused(h, 64, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host (an "
	    "invalid ELF header)");
	elf(h, 2, 0, 0, 2, EM_X86_64);
	refused(h, 64, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host (an "
	    "invalid ELF header)");
	elf(h, 2, 1, 0, 1, EM_X86_64);
	refused(h, 64, COMPAT_LINUX, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host (an "
	    "ELF file that is not a program)");
	elf(h, 2, 1, 0, 4, EM_X86_64);
	refused(h, 64, COMPAT_FREEBSD, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host (an "
	    "ELF file that is not a program)");
}

static void
test_freebsd_host(void **state)
{
	unsigned char h[64];
	struct ioc_err err = {0};

	(void)state;
	/* FreeBSD's own binaries, and Linux ones (the Linux ABI runs them) */
	elf(h, 2, 1, 9, 2, EM_X86_64);
	assert_int_equal(
	    rtplan_userland_check(h, 64, COMPAT_FREEBSD, EM_X86_64, "j", &err),
	    0);
	elf(h, 2, 1, 3, 3, EM_X86_64);
	assert_int_equal(
	    rtplan_userland_check(h, 64, COMPAT_FREEBSD, EM_X86_64, "j", &err),
	    0);
	/* but never another machine's */
	elf(h, 2, 1, 9, 2, EM_AARCH64);
	refused(h, 64, COMPAT_FREEBSD, EM_X86_64,
	    "Jail 'j': its /bin/sh is not an executable for this host: it "
	    "is built for aarch64, the host is x86_64");
}

static void
test_machine_names(void **state)
{
	(void)state;
	assert_int_equal(rtplan_elf_machine("x86_64"), EM_X86_64);
	assert_int_equal(rtplan_elf_machine("amd64"), EM_X86_64);
	assert_int_equal(rtplan_elf_machine("i686"), EM_386);
	assert_int_equal(rtplan_elf_machine("aarch64"), EM_AARCH64);
	assert_int_equal(rtplan_elf_machine("arm64"), EM_AARCH64);
	assert_int_equal(rtplan_elf_machine("armv7l"), EM_ARM);
	assert_int_equal(rtplan_elf_machine("pdp11"), 0);
	assert_int_equal(rtplan_elf_machine(""), 0);
	assert_int_equal(rtplan_elf_machine(NULL), 0);
}

/* A file of the header h (mode) at dir/rel; dirs made first. */
static void
put_file(const char *dir, const char *rel, const unsigned char *h, size_t len,
    mode_t mode)
{
	char p[512];

	if (tu_write_file(tu_path(p, sizeof(p), "%s/%s", dir, rel),
		(const char *)h, len) != 0 ||
	    chmod(p, mode) != 0)
		fail_msg("cannot write %s", p);
}

/* A directory with bin/ and usr/bin/ below base/name. */
static void
mkroot(const char *base, const char *name, char *out, size_t size)
{
	char p[512];

	(void)tu_path(out, size, "%s/%s", base, name);
	if (mkdir(out, 0755) != 0 ||
	    mkdir(tu_path(p, sizeof(p), "%s/bin", out), 0755) != 0 ||
	    mkdir(tu_path(p, sizeof(p), "%s/usr", out), 0755) != 0 ||
	    mkdir(tu_path(p, sizeof(p), "%s/usr/bin", out), 0755) != 0)
		fail_msg("cannot lay out %s", out);
}

static void
test_lookup(void **state)
{
	char tmp[256], root[300], rel[300], host[300], p[512];
	unsigned char good[64], bsd[64];
	struct ioc_err err = {0};
	struct utsname u;
	unsigned em = 0;
	int fds;

	(void)state;
	if (!compat_is_linux() || uname(&u) != 0 ||
	    (em = rtplan_elf_machine(u.machine)) == 0) {
		skip();
		return;
	}
	elf(good, 2, 1, 0, 3, em);
	assert_int_equal(tu_mkdtemp("userland", tmp, sizeof(tmp)), 0);
	fds = tu_fd_count();
	mkroot(tmp, "root", root, sizeof(root));
	mkroot(tmp, "rel", rel, sizeof(rel));
	mkroot(tmp, "host", host, sizeof(host));
	/* missing: the one line hooks and exec need */
	assert_int_equal(rt_userland_check("j", root, NULL, &err), -1);
	assert_string_equal(err.msg, "Jail 'j' has no /bin/sh");
	assert_int_equal(rt_userland_check("j", root, rel, &err), -1);
	assert_string_equal(err.msg, "Jail 'j' has no /bin/sh");
	/*
	 * An absolute symlink to /bin/busybox is the jail's busybox: a FreeBSD
	 * one inside, while the "host" dir (what an escape would read) is
	 * good.  The check must read the one inside.
	 */
	elf(bsd, 2, 1, 9, 2, em);
	put_file(root, "bin/busybox", bsd, 64, 0755);
	if (symlink("/bin/busybox", tu_path(p, sizeof(p), "%s/bin/sh", root)) !=
	    0)
		fail_msg("symlink");
	assert_int_equal(rt_userland_check("j", root, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "is a FreeBSD executable"));
	/* a symlink climbing out with .. is clamped to the root as well */
	assert_int_equal(unlink(p), 0);
	if (symlink("../../../../../../host/bin/busybox", p) != 0)
		fail_msg("symlink");
	put_file(host, "bin/busybox", good, 64, 0755);
	assert_int_equal(rt_userland_check("j", root, NULL, &err), -1);
	assert_string_equal(err.msg, "Jail 'j' has no /bin/sh");
	/* a dangling symlink is no /bin/sh either */
	assert_int_equal(unlink(p), 0);
	if (symlink("busybox-gone", p) != 0)
		fail_msg("symlink");
	assert_int_equal(rt_userland_check("j", root, NULL, &err), -1);
	assert_string_equal(err.msg, "Jail 'j' has no /bin/sh");
	/* the release clone's wins over the jail root's (basedirs) */
	put_file(rel, "usr/bin/busybox", good, 64, 0755);
	if (symlink("../usr/bin/busybox",
		tu_path(p, sizeof(p), "%s/bin/sh", rel)) != 0)
		fail_msg("symlink");
	assert_int_equal(rt_userland_check("j", root, rel, &err), 0);
	/* not executable, a directory */
	put_file(root, "bin/plain", good, 64, 0644);
	assert_int_equal(unlink(tu_path(p, sizeof(p), "%s/bin/sh", root)), 0);
	if (symlink("plain", p) != 0)
		fail_msg("symlink");
	assert_int_equal(rt_userland_check("j", root, NULL, &err), -1);
	assert_string_equal(err.msg,
	    "Jail 'j': its /bin/sh is not an "
	    "executable for this host (no execute "
	    "permission)");
	assert_int_equal(unlink(p), 0);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(rt_userland_check("j", root, NULL, &err), -1);
	assert_string_equal(err.msg,
	    "Jail 'j': its /bin/sh is not an "
	    "executable for this host (not a regular "
	    "file)");
	/* a FIFO does not hang the check */
	assert_int_equal(rmdir(p), 0);
	assert_int_equal(mkfifo(p, 0755), 0);
	assert_int_equal(rt_userland_check("j", root, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "not a regular file"));
	/* a good one, through a relative link */
	assert_int_equal(unlink(p), 0);
	put_file(root, "bin/busybox", good, 64, 0755);
	if (symlink("busybox", p) != 0)
		fail_msg("symlink");
	assert_int_equal(rt_userland_check("j", root, NULL, &err), 0);
	assert_int_equal(tu_fd_count(), fds);
	assert_int_equal(tu_rm_rf(tmp), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_linux_binaries),
	    cmocka_unit_test(test_freebsd_on_linux),
	    cmocka_unit_test(test_machines),
	    cmocka_unit_test(test_not_elf),
	    cmocka_unit_test(test_freebsd_host),
	    cmocka_unit_test(test_machine_names),
	    cmocka_unit_test(test_lookup),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
