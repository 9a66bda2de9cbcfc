/*
 * rtplan.c - the runtime's per-platform decisions (rtplan.h): basedirs,
 * fstab mounts, resource limits and whether a /bin/sh runs on the host.
 * Pure: no system call, no file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jailfstab.h"
#include "props.h"
#include "propspec.h"
#include "rtplan.h"
#include "value.h"

/* spec §4: the nullfs (or ZFS) shared set, usr/lib32 on FreeBSD too. */
static const char *const freebsd_basedirs[] = {"bin", "boot", "lib", "libexec",
    "rescue", "sbin", "usr/bin", "usr/include", "usr/lib", "usr/libexec",
    "usr/sbin", "usr/share", "usr/libdata", "usr/lib32", NULL};

/* A Linux userland's shared directories (those the release has). */
static const char *const linux_basedirs[] = {"bin", "sbin", "lib", "lib32",
    "lib64", "libx32", "usr/bin", "usr/sbin", "usr/lib", "usr/lib32",
    "usr/lib64", "usr/libexec", "usr/share", "usr/include", NULL};

/* The basedirs of a basejail on plat. */
const char *const *
rtplan_basedirs(enum compat_platform plat)
{
	return (plat == COMPAT_FREEBSD ? freebsd_basedirs : linux_basedirs);
}

/* A file system name nmount(2) can take: [a-z0-9], at most 15. */
static int
fstype_word(const char *type)
{
	size_t len = strlen(type);

	return (len > 0 && len < RTPLAN_FSTYPELEN &&
	    strspn(type, "abcdefghijklmnopqrstuvwxyz0123456789") == len);
}

/* Check the type of an fstab line for plat. */
int
rtplan_fstab_type(
    enum compat_platform plat, const char *type, struct ioc_err *err)
{
	if (type == NULL || type[0] == '\0')
		return (
		    ioc_err_set(err, IOC_EINVAL, 0, "The fstab type is empty"));
	if (strcmp(type, "nullfs") == 0 || strcmp(type, "tmpfs") == 0)
		return (0);
	if (plat == COMPAT_FREEBSD) {
		if (fstype_word(type))
			return (0);
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "file system type '%s' is not a file system name", type));
	}
	return (ioc_err_set(err, IOC_ENOTSUP, 0,
	    "file system type '%s' is not supported here (nullfs, tmpfs)",
	    type));
}

/* Decide how an fstab line is mounted on plat. */
int
rtplan_fstab(enum compat_platform plat, const char *type, const char *opts,
    struct rtplan_fsmount *out, struct ioc_err *err)
{
	char *data;
	int n;

	(void)memset(out, 0, sizeof(*out));
	if (rtplan_fstab_type(plat, type, err) != 0)
		return (-1);
	if (opts == NULL)
		opts = "";
	out->readonly = jfs_opts_readonly(opts);
	out->bind = strcmp(type, "nullfs") == 0;
	if (!out->bind)
		(void)snprintf(out->fstype, sizeof(out->fstype), "%s", type);
	/* A Linux bind mount takes no data: ro is a remount of its own. */
	if (out->bind && plat == COMPAT_LINUX)
		return (0);
	if ((data = jfs_opts_data(opts, err)) == NULL)
		return (-1);
	n = snprintf(out->data, sizeof(out->data), "%s", data);
	out->has_data = data[0] != '\0';
	free(data);
	if (n < 0 || (size_t)n >= sizeof(out->data)) {
		(void)memset(out, 0, sizeof(*out));
		return (ioc_err_set(err, IOC_EINVAL, E2BIG,
		    "fstab options are too long (at most %d characters)",
		    RTPLAN_DATALEN - 1));
	}
	return (0);
}

/* Append a warning (taking ownership; NULL means allocation failed). */
static int
warn_add(struct rtplan_limits *l, char *s, struct ioc_err *err)
{
	char **nv;

	if (s == NULL)
		return (-1);
	if ((nv = realloc(l->warnings, (l->nwarnings + 1) * sizeof(*nv))) ==
	    NULL) {
		free(s);
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	}
	l->warnings = nv;
	l->warnings[l->nwarnings++] = s;
	return (0);
}

/* One limit on Linux: into lim, or an error or a warning. */
static int
linux_limit(struct rtplan_limits *l, const char *name, const char *v,
    struct ioc_err *err)
{
	static const char *const mapped[] = {
	    "memoryuse", "maxproc", "pcpu", "openfiles"};
	long long *slot[4];
	struct spec_rlimit r;
	unsigned long long amount;
	size_t k;

	slot[0] = &l->lim.memory;
	slot[1] = &l->lim.procs;
	slot[2] = &l->lim.cpu;
	slot[3] = &l->lim.files;
	if (spec_parse_rlimit(v, &r, err) != 0)
		return (ioc_err_wrap(err, "%s", name));
	for (k = 0; k < 4; k++)
		if (strcmp(name, mapped[k]) == 0)
			break;
	if (k < 4 && strcmp(r.action, "deny") == 0 &&
	    strcmp(r.per, "jail") == 0 &&
	    spec_rlimit_amount(&r, &amount, err) == 0) {
		*slot[k] = (long long)amount;
		return (0);
	}
	if (l->strict)
		return (ioc_err_set(err, IOC_ENOTSUP, 0,
		    "%s=%s cannot be enforced on Linux (memoryuse, "
		    "maxproc, pcpu and openfiles with deny per jail can)",
		    name, v));
	return (warn_add(l,
	    ioc_aprintf(err, "%s=%s is not enforced on Linux", name, v), err));
}

/* Decide the limits of a jail. */
int
rtplan_limits(enum compat_platform plat, const struct cfg *jail,
    const struct cfg *defaults, struct rtplan_limits *out, struct ioc_err *err)
{
	const char *rl = prop_effective("rlimits", jail, defaults);
	size_t i;
	int b = -1;

	(void)memset(out, 0, sizeof(*out));
	out->lim.memory = out->lim.procs = out->lim.cpu = out->lim.files = -1;
	if (rl != NULL && !val_is_none(rl) && val_parse_bool(rl, &b) == 0 &&
	    b == 0)
		return (0);
	out->strict = b == 1;
	/* FreeBSD: rctl(8) enforces every resource; fbplan.c's rules. */
	if (plat == COMPAT_FREEBSD)
		return (0);
	for (i = 0; i < prop_count(); i++) {
		const struct prop *p = prop_at(i);
		const char *v;

		if (p->type != PT_RLIMIT || (p->flags & PF_PATTERN))
			continue;
		v = prop_effective(p->name, jail, defaults);
		if (v == NULL || val_is_none(v) || strcmp(v, "off") == 0)
			continue;
		if (linux_limit(out, p->name, v, err) != 0) {
			rtplan_limits_free(out);
			return (-1);
		}
	}
	return (0);
}

/* Release the warnings of a limits decision. */
void
rtplan_limits_free(struct rtplan_limits *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nwarnings; i++)
		free(l->warnings[i]);
	free(l->warnings);
	l->warnings = NULL;
	l->nwarnings = 0;
}

/* ELF identification and header fields (elf(5)), kept here: pure. */
#define ELF_CLASS      4
#define ELF_DATA       5
#define ELF_OSABI      7
#define ELF_TYPE       16
#define ELF_MACHINE    18
#define ELFOSABI_FBSD  9
#define ELF_ET_EXEC    2
#define ELF_ET_DYN     3
#define ELF_EM_386     3
#define ELF_EM_ARM     40
#define ELF_EM_X86_64  62
#define ELF_EM_AARCH64 183

static const struct {
	const char *name; /* uname(2) machine, Linux's or FreeBSD's */
	unsigned em;
} elf_machines[] = {
    {"x86_64", ELF_EM_X86_64},
    {"amd64", ELF_EM_X86_64},
    {"i386", ELF_EM_386},
    {"i486", ELF_EM_386},
    {"i586", ELF_EM_386},
    {"i686", ELF_EM_386},
    {"aarch64", ELF_EM_AARCH64},
    {"arm64", ELF_EM_AARCH64},
    {"arm", ELF_EM_ARM},
    {"armv6l", ELF_EM_ARM},
    {"armv7l", ELF_EM_ARM},
    {"ppc64le", 21},
    {"ppc64", 21},
    {"powerpc64", 21},
    {"powerpc64le", 21},
    {"s390x", 22},
    {"riscv64", 243},
    {"riscv", 243},
};

#define NMACHINES (sizeof(elf_machines) / sizeof(elf_machines[0]))

/* The ELF machine of a uname(2) machine name, 0 when unknown. */
unsigned
rtplan_elf_machine(const char *uname_machine)
{
	size_t i;

	for (i = 0; uname_machine != NULL && i < NMACHINES; i++)
		if (strcmp(uname_machine, elf_machines[i].name) == 0)
			return (elf_machines[i].em);
	return (0);
}

/* A machine's name for a message, or its number. */
static const char *
machine_name(unsigned em, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < NMACHINES; i++)
		if (elf_machines[i].em == em)
			return (elf_machines[i].name);
	(void)snprintf(buf, size, "ELF machine %u", em);
	return (buf);
}

/* Can a host of machine host run a binary of machine em? */
static int
machine_runs(unsigned host, unsigned em)
{
	if (host == 0 || em == host)
		return (1);
	/* 32-bit compatibility (when the kernel has it: ia32, compat). */
	return ((host == ELF_EM_X86_64 && em == ELF_EM_386) ||
	    (host == ELF_EM_AARCH64 && em == ELF_EM_ARM));
}

/* Decide whether a jail's /bin/sh can run on the host. */
int
rtplan_userland_check(const unsigned char *hdr, size_t len,
    enum compat_platform plat, unsigned host, const char *jail,
    struct ioc_err *err)
{
	static const char notexec[] =
	    "Jail '%s': its /bin/sh is not an executable for this host%s";
	char b1[32], b2[32];
	unsigned type, em;

	if (hdr == NULL || len < 4 || memcmp(hdr, "\177ELF", 4) != 0)
		return (ioc_err_set(err, IOC_ENOTSUP, 0, notexec, jail,
		    hdr != NULL && len >= 2 && hdr[0] == '#' && hdr[1] == '!'
			? " (a script)"
			: ""));
	if (len < RTPLAN_ELF_HDRLEN)
		return (ioc_err_set(err, IOC_ENOTSUP, 0, notexec, jail,
		    " (a truncated ELF header)"));
	if ((hdr[ELF_CLASS] != 1 && hdr[ELF_CLASS] != 2) ||
	    (hdr[ELF_DATA] != 1 && hdr[ELF_DATA] != 2))
		return (ioc_err_set(err, IOC_ENOTSUP, 0, notexec, jail,
		    " (an invalid ELF header)"));
	if (plat == COMPAT_LINUX && hdr[ELF_OSABI] == ELFOSABI_FBSD)
		return (ioc_err_set(err, IOC_ENOTSUP, 0,
		    "Jail '%s': its /bin/sh is a FreeBSD executable; a FreeBSD "
		    "release cannot run on a Linux host",
		    jail));
	/* EI_DATA 1: little endian, 2: big endian. */
	if (hdr[ELF_DATA] == 1) {
		type = hdr[ELF_TYPE] | (unsigned)hdr[ELF_TYPE + 1] << 8;
		em = hdr[ELF_MACHINE] | (unsigned)hdr[ELF_MACHINE + 1] << 8;
	} else {
		type = (unsigned)hdr[ELF_TYPE] << 8 | hdr[ELF_TYPE + 1];
		em = (unsigned)hdr[ELF_MACHINE] << 8 | hdr[ELF_MACHINE + 1];
	}
	if (type != ELF_ET_EXEC && type != ELF_ET_DYN)
		return (ioc_err_set(err, IOC_ENOTSUP, 0, notexec, jail,
		    " (an ELF file that is not a program)"));
	if (!machine_runs(host, em))
		return (ioc_err_set(err, IOC_ENOTSUP, 0,
		    "Jail '%s': its /bin/sh is not an executable for this "
		    "host: it is built for %s, the host is %s",
		    jail, machine_name(em, b1, sizeof(b1)),
		    machine_name(host, b2, sizeof(b2))));
	return (0);
}
