/*
 * props.c - the property table (spec §6.1, §6.2) and the rules that turn
 * user input into the stored form config.json holds, stored values into
 * the words of an output style, and a jail's config plus the host defaults
 * into an effective value.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat.h"
#include "internal.h"
#include "names.h"
#include "props.h"
#include "propspec.h"

#define ROWA(n, t, d, dl, jp, ch, mn, mx, fl, ds, a)                           \
	{                                                                      \
		.name = (n), .type = (t), .def = (d), .def_linux = (dl),       \
		.jparam = (jp), .choices = (ch), .min = (mn), .max = (mx),     \
		.flags = (fl), .desc = (ds), .alias = (a)                      \
	}
#define ROW(n, t, d, dl, jp, ch, mn, mx, fl, ds)                               \
	ROWA(n, t, d, dl, jp, ch, mn, mx, fl, ds, NULL)

/* Free text. */
#define STR(n, d, dl, fl, ds) ROW(n, PT_STRING, d, dl, NULL, NULL, 0, 0, fl, ds)
/* yes / no. */
#define BOOL(n, d, fl, ds) ROW(n, PT_BOOL, d, NULL, NULL, NULL, 0, 0, fl, ds)
/* "1" / "0", optionally a jail(2) boolean. */
#define FLAG(n, d, dl, jp, fl, ds)                                             \
	ROW(n, PT_FLAG, d, dl, jp, NULL, 0, 0, (fl) | ((jp) ? PF_JPARAM : 0),  \
	    ds)
/* An allow.* permission of jail(2), default off. */
#define ALLOW(n, jp, ds) FLAG(n, "0", NULL, jp, PF_RESTART, ds)
#define INT(n, d, mn, mx, jp, fl, ds)                                          \
	ROW(n, PT_INT, d, NULL, jp, NULL, mn, mx,                              \
	    (fl) | ((jp) ? PF_JPARAM : 0), ds)
#define ENUM(n, d, ch, fl, ds) ROW(n, PT_ENUM, d, NULL, NULL, ch, 0, 0, fl, ds)
/* disable / inherit / new, a jail(2) parameter. */
#define NSMODE(n, jp, ds)                                                      \
	ROW(n, PT_NSMODE, "new", NULL, jp, NULL, 0, 0, PF_JPARAM | PF_RESTART, \
	    ds)
/* Another special syntax without a default. */
#define TYPED(n, t, fl, ds) ROW(n, t, NULL, NULL, NULL, NULL, 0, 0, fl, ds)
/* A resource limit (rctl(8) resource of the same name). */
#define RLIMIT(n, ds)                                                          \
	ROW(n, PT_RLIMIT, NULL, NULL, NULL, NULL, 0, 0, PF_RESTART,            \
	    "resource limit: " ds)
/* A python-iocage key kept as found (see PF_FOREIGN). */
#define FOREIGN(n, fl, ds)                                                     \
	ROW(n, PT_STRING, NULL, NULL, NULL, NULL, 0, 0, PF_FOREIGN | (fl),     \
	    "python-iocage: " ds)
/* Read-only python-iocage pass-through of a ZFS property. */
#define ZFSPROP(n)                                                             \
	FOREIGN(n, PF_READONLY | PF_NODEFAULT,                                 \
	    "the jail dataset's ZFS property " n                               \
	    ", kept as found; use zfs(8)")
#define ALIAS(n, target)                                                       \
	ROWA(n, PT_STRING, NULL, NULL, NULL, NULL, 0, 0,                       \
	    PF_ALIAS | PF_READONLY | PF_NODEFAULT, "another name of " target,  \
	    target)

#define I32_MIN (-2147483647LL - 1)
#define I32_MAX 2147483647LL

/* Sorted by name (strcmp); test_props checks it. */
static const struct prop props[] = {
    ROW("<nic>_mac", PT_MACPAIR, NULL, NULL, NULL, NULL, 0, 0,
	PF_PATTERN | PF_RESTART,
	"MACs \"a,b\" of the epair of VNET interface <nic> (a on the host, b "
	"in the jail); generated from mac_prefix when unset"),
    FOREIGN("<nic>_mtu", PF_PATTERN,
	"MTU of VNET interface <nic> (auto: the bridge's)"),
    FOREIGN("CONFIG_VERSION", PF_READONLY | PF_NODEFAULT,
	"version of the python-iocage config schema"),
    ALLOW("allow_chflags", "allow.chflags",
	"the jail's root may change system file flags"),
    ALLOW("allow_mlock", "allow.mlock",
	"the jail's root may lock memory (mlock(2))"),
    ALLOW("allow_mount", "allow.mount",
	"the jail's root may mount jail-safe file systems; on when an "
	"allow_mount_* is 1 and this is unset"),
    ALLOW("allow_mount_devfs", "allow.mount.devfs",
	"the jail's root may mount devfs"),
    ALLOW("allow_mount_fdescfs", "allow.mount.fdescfs",
	"the jail's root may mount fdescfs"),
    ALLOW("allow_mount_fusefs", "allow.mount.fusefs",
	"the jail's root may mount FUSE file systems (fusefs must be loaded)"),
    ALLOW("allow_mount_nullfs", "allow.mount.nullfs",
	"the jail's root may mount nullfs"),
    ALLOW("allow_mount_procfs", "allow.mount.procfs",
	"the jail's root may mount procfs"),
    ALLOW("allow_mount_tmpfs", "allow.mount.tmpfs",
	"the jail's root may mount tmpfs"),
    ALLOW("allow_mount_zfs", "allow.mount.zfs",
	"the jail's root may mount delegated ZFS datasets; on with jail_zfs"),
    ALLOW("allow_quotas", "allow.quotas",
	"the jail's root may administer file system quotas"),
    ALLOW("allow_raw_sockets", "allow.raw_sockets",
	"the jail's root may create raw sockets (ping, traceroute)"),
    FLAG("allow_set_hostname", "1", NULL, "allow.set_hostname", PF_RESTART,
	"processes in the jail may change its hostname"),
    ALLOW("allow_socket_af", "allow.socket_af",
	"sockets of any protocol family may be created"),
    ALLOW("allow_sysvipc", "allow.sysvipc",
	"System V IPC of the host is visible (obsolete: use sysvmsg, sysvsem, "
	"sysvshm)"),
    FOREIGN("allow_tun", 0, "unhide tun devices in the jail's devfs"),
    ALLOW("allow_vmm", "allow.vmm",
	"the jail may run bhyve (vmm(4)); unhides vmm and nmdm devices"),
    FOREIGN("assign_localhost", 0, "add a loopback address for the jail"),
    ZFSPROP("available"),
    BOOL("basejail", "no", 0,
	"the root shares the release's base system, mounted read-only"),
    ENUM("basejail_type", "nullfs", "nullfs|zfs", PF_RESTART,
	"how a basejail gets the release's base system: nullfs mounts or ZFS "
	"clones; none for other jails"),
    BOOL("boot", "no", 0, "start this jail at host boot (start --rc)"),
    FOREIGN("bpf", 0, "unhide bpf devices in the jail's devfs"),
    INT("children_max", "0", 0, I32_MAX, "children.max", PF_RESTART,
	"number of child jails the jail may create"),
    TYPED("cloned_release", PT_RELEASE, PF_NODEFAULT,
	"python-iocage: the release the jail was created from; setting it "
	"sets release too"),
    BOOL("clonejail", "no", 0, "legacy: the root was cloned from a release"),
    FOREIGN("comment", 0, "free-form comment"),
    ZFSPROP("compression"),
    ZFSPROP("compressratio"),
    RLIMIT("coredumpsize", "core dump size (bytes)"),
    FOREIGN("count", 0, "number of jails a create makes"),
    FOREIGN("cpuset", 0, "CPU list the jail is bound to, or off"),
    RLIMIT("cputime", "CPU time (seconds)"),
    RLIMIT("datasize", "data size (bytes)"),
    ZFSPROP("dedup"),
    TYPED("defaultrouter", PT_ROUTER4, PF_RESTART,
	"IPv4 default gateway ADDRESS[@IFACE] of a VNET jail (auto: "
	"python-iocage's host gateway)"),
    TYPED("defaultrouter6", PT_ROUTER6, PF_RESTART,
	"IPv6 default gateway ADDRESS[@IFACE] of a VNET jail (auto: "
	"python-iocage's host gateway)"),
    TYPED("depends", PT_DEPENDS, 0,
	"filter terms of the jails started before this one"),
    ROW("devfs_ruleset", PT_DEVFS, "4", NULL, "devfs_ruleset", NULL, 0, 0,
	PF_FREEBSD | PF_JPARAM | PF_RESTART,
	"devfs ruleset number or name of the jail's /dev; none: no ruleset"),
    FOREIGN(
	"dhcp", 0, "configure vnet0 by DHCP (ioc: ip4_addr=\"<nic>|dhcp\")"),
    INT("enforce_statfs", "2", 0, 2, "enforce_statfs", PF_RESTART,
	"which mount points the jail sees (0 all, 1 below its root, 2 its "
	"root only); 1 when an allow_mount_* is 1 and this is unset"),
    FLAG("exec_clean", "1", NULL, NULL, 0,
	"hooks run with a clean environment (0: the caller's)"),
    STR("exec_created", NULL, NULL, 0,
	"host command run after the jail was created"),
    INT("exec_fib", "0", 0, 65535, NULL, 0,
	"routing table (FIB) of the jail's commands"),
    STR("exec_jail_user", "root", NULL, 0,
	"user that runs exec_start and exec_stop in the jail"),
    STR("exec_poststart", NULL, NULL, 0, "host command run after exec_start"),
    STR("exec_poststop", NULL, NULL, 0,
	"host command run after the jail was removed"),
    STR("exec_prestart", NULL, NULL, 0,
	"host command run before the jail is created"),
    STR("exec_prestop", NULL, NULL, 0, "host command run before exec_stop"),
    STR("exec_start", "/bin/sh /etc/rc", "none", 0,
	"command run in the jail at start; none on Linux, where the jail's "
	"init keeps it alive and runs nothing by default"),
    STR("exec_stop", "/bin/sh /etc/rc.shutdown", "none", 0,
	"command run in the jail at stop; none on Linux"),
    FOREIGN("exec_system_jail_user", 0,
	"run exec_start and exec_stop as a user of the jail"),
    FOREIGN("exec_system_user", 0, "host user that runs the host hooks"),
    INT("exec_timeout", "600", 0, I32_MAX, NULL, 0,
	"seconds a hook may run (0: no limit)"),
    ROW("host_domainname", PT_STRING, NULL, NULL, "host.domainname", NULL, 0, 0,
	PF_JPARAM | PF_RESTART,
	"NIS domain name of the jail (effective default: local)"),
    ROW("host_hostname", PT_STRING, NULL, NULL, "host.hostname", NULL, 0, 0,
	PF_JPARAM | PF_RESTART | PF_NODEFAULT,
	"hostname of the jail (effective default: the jail's name)"),
    ROW("host_hostuuid", PT_UUID, NULL, NULL, "host.hostuuid", NULL, 0, 0,
	PF_JPARAM | PF_RESTART | PF_NODEFAULT,
	"host.hostuuid of the jail (generated from the host uuid when unset)"),
    FOREIGN("host_time", 0, "keep the jail's clock in sync with the host"),
    TYPED("hostid", PT_UUID, 0, "host uuid the jail was created on"),
    BOOL("hostid_strict_check", "no", 0,
	"refuse to start on a host whose uuid differs from hostid"),
    STR("id", NULL, NULL, PF_READONLY | PF_NODEFAULT,
	"name of the jail (aliases: name, uuid)"),
    TYPED("interfaces", PT_INTERFACES, PF_RESTART,
	"VNET interfaces JAILNIC:BRIDGE[,...] (JAILNIC::BRIDGE: secure VNET)"),
    NSMODE("ip4", "ip4", "IPv4 of a non-VNET jail: disable, inherit or new"),
    TYPED("ip4_addr", PT_ADDR4, PF_RESTART,
	"IPv4 addresses NIC|ADDRESS[/PREFIX][,...] (NIC|dhcp with VNET)"),
    FLAG("ip4_saddrsel", "1", NULL, "ip4.saddrsel", PF_RESTART,
	"the kernel chooses the IPv4 source address of unbound sockets"),
    NSMODE("ip6", "ip6", "IPv6 of a non-VNET jail: disable, inherit or new"),
    TYPED("ip6_addr", PT_ADDR6, PF_RESTART,
	"IPv6 addresses NIC|ADDRESS[/PREFIX][,...] (NIC|accept_rtadv with "
	"VNET)"),
    FLAG("ip6_saddrsel", "1", NULL, "ip6.saddrsel", PF_RESTART,
	"the kernel chooses the IPv6 source address of unbound sockets"),
    FOREIGN("ip_hostname", 0, "derive the hostname from the IP address"),
    BOOL("jail_zfs", "no", PF_RESTART,
	"delegate jail_zfs_dataset to the jail (allows mounting ZFS)"),
    TYPED("jail_zfs_dataset", PT_DATASETS, PF_RESTART,
	"datasets delegated to the jail, separated by spaces"),
    FOREIGN("jail_zfs_mountpoint", 0,
	"mountpoint of the delegated dataset in the jail"),
    FOREIGN("last_started", PF_READONLY | PF_NODEFAULT,
	"when python-iocage last started the jail"),
    BOOL("legacy", "no", PF_READONLY | PF_NOSAVE | PF_NODEFAULT,
	"the config was read from a legacy UCL file or ZFS properties"),
    FOREIGN("localhost_ip", 0, "loopback address assigned to the jail"),
    STR("login_flags", "-f root", NULL, 0, "login(1) flags of console"),
    ROW("mac_prefix", PT_MACPREFIX, "02ff60", NULL, NULL, NULL, 0, 0,
	PF_RESTART,
	"first 6 to 11 hex digits of the generated VNET MAC addresses"),
    RLIMIT("maxproc", "processes"),
    RLIMIT("memorylocked", "locked memory (bytes)"),
    RLIMIT("memoryuse", "resident memory (bytes)"),
    FOREIGN(
	"min_dyn_devfs_ruleset", 0, "first number of generated devfs rulesets"),
    FLAG("mount_devfs", "1", NULL, NULL, PF_RESTART,
	"mount devfs on the jail's /dev"),
    FLAG("mount_fdescfs", "0", "1", NULL, PF_RESTART,
	"mount fdescfs on the jail's /dev/fd (on by default on Linux)"),
    FLAG("mount_linprocfs", "0", NULL, NULL, PF_FREEBSD | PF_RESTART,
	"mount linprocfs on the jail's /compat/linux/proc"),
    FLAG("mount_procfs", "0", "1", NULL, PF_RESTART,
	"mount procfs on the jail's /proc (on by default on Linux, whose "
	"userland needs /proc)"),
    ZFSPROP("mountpoint"),
    RLIMIT("msgqqueued", "queued SysV messages"),
    RLIMIT("msgqsize", "SysV message queue size (bytes)"),
    ALIAS("name", "id"),
    FOREIGN("nat", 0, "NAT networking"),
    FOREIGN("nat_backend", 0, "NAT firewall (ipfw or pf)"),
    FOREIGN("nat_forwards", 0, "NAT port forwards"),
    FOREIGN("nat_interface", 0, "NAT host interface"),
    FOREIGN("nat_prefix", 0, "NAT address prefix"),
    RLIMIT("nmsgq", "SysV message queues"),
    FOREIGN("notes", 0, "free-form notes"),
    RLIMIT("nsem", "SysV semaphores"),
    RLIMIT("nsemop", "SysV semaphore operations per call"),
    RLIMIT("nshm", "SysV shared memory segments"),
    RLIMIT("nthr", "threads"),
    RLIMIT("openfiles", "file descriptors"),
    ZFSPROP("origin"),
    FOREIGN("owner", 0, "owner of a plugin jail"),
    RLIMIT("pcpu", "CPU percentage"),
    FOREIGN("plugin_name", 0, "plugin the jail was created from"),
    FOREIGN("plugin_repository", 0, "repository of that plugin"),
    INT("priority", "0", I32_MIN, I32_MAX, NULL, 0,
	"start order: lower starts first and stops last"),
    ENUM("provision.method", NULL, "ix|puppet", 0,
	"provisioner of provision: ix or puppet"),
    STR("provision.rev", "master", NULL, 0,
	"revision of provision.source (unused)"),
    STR("provision.source", NULL, NULL, 0,
	"provisioner source: a path, URL or ix plugin name"),
    RLIMIT("pseudoterminals", "pseudo-terminals"),
    ZFSPROP("quota"),
    RLIMIT("readbps", "read bytes per second"),
    RLIMIT("readiops", "read operations per second"),
    TYPED("release", PT_RELEASE, PF_NODEFAULT,
	"release of the jail's base system (-pN pins a patch level)"),
    ZFSPROP("reservation"),
    ROW("resolver", PT_RESOLVER, "/etc/resolv.conf", NULL, NULL, NULL, 0, 0,
	PF_RESTART,
	"the jail's resolv.conf: /etc/resolv.conf copies the host's, none "
	"leaves it alone, else ;-separated entries"),
    BOOL("rlimits", NULL, PF_RESTART,
	"apply the resource limits (none: when rctl is enabled)"),
    FOREIGN("rtsold", 0, "run rtsold(8) in the jail"),
    INT("securelevel", "2", -1, 3, "securelevel", PF_RESTART,
	"kern.securelevel of the jail (-1 to 3)"),
    RLIMIT("shmsize", "SysV shared memory size (bytes)"),
    RLIMIT("stacksize", "stack size (bytes)"),
    FOREIGN("state", PF_READONLY | PF_NODEFAULT,
	"jail state python-iocage printed (ioc: running)"),
    INT("stop_timeout", "30", 0, I32_MAX, NULL, 0,
	"seconds exec_stop may run before the jail is removed"),
    RLIMIT("swapuse", "swap space (bytes)"),
    FOREIGN("sync_state", 0, "replication state"),
    FOREIGN("sync_target", 0, "replication target host"),
    FOREIGN("sync_tgt_zpool", 0, "replication target pool"),
    NSMODE(
	"sysvmsg", "sysvmsg", "SysV message queues: disable, inherit or new"),
    NSMODE("sysvsem", "sysvsem", "SysV semaphores: disable, inherit or new"),
    NSMODE("sysvshm", "sysvshm", "SysV shared memory: disable, inherit or new"),
    STR("tag", NULL, NULL, 0,
	"legacy single tag: the legacy tag or the first of tags"),
    TYPED("tags", PT_LIST, 0, "comma-separated tags"),
    BOOL("template", "no", 0, "a template: clone source that is never started"),
    ENUM("type", "jail", "jail|basejail|clonejail|template|plugin|pluginv2", 0,
	"legacy kind: basejail, clonejail or jail (from the flags)"),
    ZFSPROP("used"),
    STR("user.*", NULL, NULL, PF_PATTERN,
	"free-form user properties, nested under user in config.json"),
    ALIAS("uuid", "id"),
    RLIMIT("vmemoryuse", "address space (bytes)"),
    ROW("vnet", PT_BOOL, "no", NULL, "vnet", NULL, 0, 0, PF_JPARAM | PF_RESTART,
	"the jail has its own network stack (VNET)"),
    FOREIGN("vnet_default_interface", 0,
	"host interface of the default route (auto)"),
    FOREIGN("vnet_default_mtu", 0, "MTU of VNET interfaces"),
    TYPED("vnet_interfaces", PT_LIST, 0, "unused (libioc#509)"),
    RLIMIT("wallclock", "wall clock time (seconds)"),
    RLIMIT("writebps", "written bytes per second"),
    RLIMIT("writeiops", "write operations per second"),
};

#define NPROPS (sizeof(props) / sizeof(props[0]))

/* Number of rows. */
size_t
prop_count(void)
{
	return (NPROPS);
}

/* Row i in table order, or NULL. */
const struct prop *
prop_at(size_t i)
{
	return (i < NPROPS ? &props[i] : NULL);
}

/* An interface name: a letter, then letters, digits, "_", "." or "-". */
static int
ifname_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= SPEC_IFNAMSIZ || !isalpha((unsigned char)s[0]))
		return (0);
	for (i = 1; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '.' && s[i] != '-')
			return (0);
	return (1);
}

/*
 * "user." followed by dot-separated non-empty components of printable
 * characters other than space and "=".
 */
static int
user_key_ok(const char *key)
{
	const char *p;

	if (strncmp(key, "user.", 5) != 0)
		return (0);
	for (p = key + 5;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p[-1] == '.')
				return (0);
			if (*p == '\0')
				return (1);
			continue;
		}
		if (!isgraph((unsigned char)*p) || *p == '=')
			return (0);
	}
}

/* Does key belong to the family of pattern row p? */
static int
pattern_match(const struct prop *p, const char *key)
{
	size_t klen, slen;
	const char *suffix;

	if (strncmp(p->name, "<nic>", 5) == 0) {
		suffix = p->name + 5;
		klen = strlen(key);
		slen = strlen(suffix);
		return (klen > slen && strcmp(key + klen - slen, suffix) == 0 &&
		    ifname_ok(key, klen - slen));
	}
	if (strcmp(p->name, "user.*") == 0)
		return (user_key_ok(key));
	return (0);
}

/* The row for key (exact, or a pattern row); NULL for unknown keys. */
const struct prop *
prop_find(const char *key)
{
	size_t lo = 0, hi = NPROPS, i;

	if (key == NULL)
		return (NULL);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(props[mid].name, key);

		if (r == 0) {
			if (props[mid].flags & PF_PATTERN)
				break;
			return (&props[mid]);
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = 0; i < NPROPS; i++)
		if ((props[i].flags & PF_PATTERN) &&
		    pattern_match(&props[i], key))
			return (&props[i]);
	return (NULL);
}

/* The built-in default on this platform (stored form) or NULL. */
const char *
prop_default(const struct prop *p)
{
	const char *d;

	if (p == NULL)
		return (NULL);
	d = p->def;
	if (p->def_linux != NULL && compat_is_linux())
		d = p->def_linux;
	return (val_is_none(d) ? NULL : d);
}

/* The target row of an alias, else p. */
const struct prop *
prop_canonical(const struct prop *p)
{
	const struct prop *t;

	if (p != NULL && (p->flags & PF_ALIAS) && p->alias != NULL &&
	    (t = prop_find(p->alias)) != NULL)
		return (t);
	return (p);
}

/* Fail with "Invalid value for property '<key>': <why>". */
static int
invalid(struct ioc_err *err, const char *key, const char *why)
{
	return (ioc_err_set(err, IOC_EINVAL, 0,
	    "Invalid value for property '%s': %s", key, why));
}

static int
set_out(char **out, const char *s, struct ioc_err *err)
{
	if ((*out = ioc_strdup(s, err)) == NULL)
		return (-1);
	return (0);
}

static int
norm_int(const struct prop *p, const char *key, const char *in, char **out,
    struct ioc_err *err)
{
	char why[128];
	long long v;

	if (val_parse_int(in, &v) == 0 && v >= p->min && v <= p->max) {
		*out = ioc_aprintf(err, "%lld", v);
		return (*out == NULL ? -1 : 0);
	}
	if (p->max >= I32_MAX)
		(void)snprintf(
		    why, sizeof(why), "expected an integer >= %lld", p->min);
	else
		(void)snprintf(why, sizeof(why),
		    "expected an integer from %lld to %lld", p->min, p->max);
	return (invalid(err, key, why));
}

static int
norm_enum(const struct prop *p, const char *key, const char *in, char **out,
    struct ioc_err *err)
{
	const char *c = p->choices, *bar;
	char why[160];
	size_t len, w;

	(void)snprintf(why, sizeof(why), "expected one of ");
	for (;;) {
		bar = strchr(c, '|');
		len = bar != NULL ? (size_t)(bar - c) : strlen(c);
		if (strlen(in) == len && strncasecmp(in, c, len) == 0) {
			if ((*out = malloc(len + 1)) == NULL)
				return (ioc_err_set(
				    err, IOC_ENOMEM, ENOMEM, "out of memory"));
			(void)memcpy(*out, c, len);
			(*out)[len] = '\0';
			return (0);
		}
		w = strlen(why);
		(void)snprintf(why + w, sizeof(why) - w, "%s%.*s",
		    c == p->choices ? "" : ", ", (int)len, c);
		if (bar == NULL)
			break;
		c = bar + 1;
	}
	return (invalid(err, key, why));
}

/*
 * jail(2)'s numbers of the namespace modes (JAIL_SYS_DISABLE, _NEW,
 * _INHERIT in <sys/jail.h>).
 */
static const char *const nsmode_words[] = {"disable", "new", "inherit"};

/* The mode number of a word or of "0" / "1" / "2"; -1 when neither. */
static int
nsmode(const char *s)
{
	int i;

	if (s == NULL)
		return (-1);
	for (i = 0; i < 3; i++)
		if (strcasecmp(s, nsmode_words[i]) == 0 ||
		    (s[0] == '0' + i && s[1] == '\0'))
			return (i);
	return (-1);
}

/* A jail(2) namespace mode number 0, 1, 2 of a stored value, or -1. */
int
prop_nsmode(const char *stored)
{
	return (nsmode(stored));
}

static int
norm_list(const char *in, char **out, struct ioc_err *err)
{
	char **items;
	size_t n;

	if (val_list_split(in, ',', &items, &n, err) != 0)
		return (-1);
	if (n > 0 && (*out = val_list_join(items, n, ',', err)) == NULL) {
		val_list_free(items);
		return (-1);
	}
	val_list_free(items);
	return (0);
}

static int
norm_addrs(const char *key, int family, const char *in, char **out,
    struct ioc_err *err)
{
	struct spec_addr *v = NULL;
	size_t n = 0;
	int rv = -1;

	if (spec_parse_addrs(in, family, &v, &n, err) != 0) {
		(void)ioc_err_wrap(err, "Invalid value for property '%s'", key);
		goto out;
	}
	if (n > 0 && (*out = spec_format_addrs(v, n, err)) == NULL)
		goto out;
	rv = 0;
out:
	free(v);
	return (rv);
}

static int
norm_interfaces(
    const char *key, const char *in, char **out, struct ioc_err *err)
{
	struct spec_nicpair *v = NULL;
	size_t n = 0;
	int rv = -1;

	if (spec_parse_interfaces(in, &v, &n, err) != 0) {
		(void)ioc_err_wrap(err, "Invalid value for property '%s'", key);
		goto out;
	}
	if (n > 0 && (*out = spec_format_interfaces(v, n, err)) == NULL)
		goto out;
	rv = 0;
out:
	free(v);
	return (rv);
}

static int
norm_router(const char *key, int family, const char *in, char **out,
    struct ioc_err *err)
{
	struct spec_router r;
	int rc;

	/* python-iocage >= CONFIG_VERSION 26 writes "auto". */
	if (strcasecmp(in, "auto") == 0)
		return (set_out(out, "auto", err));
	if ((rc = spec_parse_router(in, family, &r, err)) < 0)
		return (
		    ioc_err_wrap(err, "Invalid value for property '%s'", key));
	if (rc == 1)
		return (0);
	return ((*out = spec_format_router(&r, err)) == NULL ? -1 : 0);
}

static int
norm_resolver(const char *key, const char *in, char **out, struct ioc_err *err)
{
	enum spec_resolver_kind kind;
	char *text = NULL;

	if (spec_parse_resolver(in, &kind, &text, err) != 0)
		return (
		    ioc_err_wrap(err, "Invalid value for property '%s'", key));
	free(text);
	return (set_out(out, in, err));
}

static int
norm_rlimit(const char *key, const char *in, char **out, struct ioc_err *err)
{
	struct spec_rlimit r;

	/* python-iocage writes "off" for no limit. */
	if (strcasecmp(in, "off") == 0)
		return (0);
	if (spec_parse_rlimit(in, &r, err) != 0)
		return (
		    ioc_err_wrap(err, "Invalid value for property '%s'", key));
	return ((*out = spec_format_rlimit(&r, err)) == NULL ? -1 : 0);
}

static int
norm_macpair(const char *key, const char *in, char **out, struct ioc_err *err)
{
	unsigned char a[6], b[6];
	char buf[SPEC_MACPAIR_LEN];

	if (spec_parse_macpair(in, a, b, err) != 0)
		return (
		    ioc_err_wrap(err, "Invalid value for property '%s'", key));
	spec_format_macpair(a, b, buf);
	return (set_out(out, buf, err));
}

/* 6 to 11 hex digits of a unicast prefix, stored in lower case. */
static int
norm_macprefix(const char *key, const char *in, char **out, struct ioc_err *err)
{
	size_t i;

	if (spec_check_mac_prefix(in, err) != 0)
		return (
		    ioc_err_wrap(err, "Invalid value for property '%s'", key));
	if (set_out(out, in, err) != 0)
		return (-1);
	for (i = 0; (*out)[i] != '\0'; i++)
		(*out)[i] = (char)tolower((unsigned char)(*out)[i]);
	return (0);
}

/* A canonical UUID in lower case, or a legacy host uuid text as given. */
/* Letters, digits, ".", "_" and "-", starting alphanumeric, <= max. */
static int
name_chars_ok(const char *in, size_t max)
{
	size_t i, len = strlen(in);

	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)in[i]) && in[i] != '.' &&
		    in[i] != '_' && in[i] != '-')
			return (0);
	return (len > 0 && len <= max && isalnum((unsigned char)in[0]));
}

static int
norm_uuid(const char *key, const char *in, char **out, struct ioc_err *err)
{
	size_t i, len = strlen(in);
	char *s;

	if (spec_is_uuid(in)) {
		if ((s = ioc_strdup(in, err)) == NULL)
			return (-1);
		for (i = 0; i < len; i++)
			s[i] = (char)tolower((unsigned char)s[i]);
		*out = s;
		return (0);
	}
	/* python-iocage uses the jail name as host_hostuuid. */
	if (!name_chars_ok(in, 63))
		return (invalid(err, key,
		    "expected a UUID (8-4-4-4-12 hex digits) or a host uuid of "
		    "letters, digits, '.', '_' and '-'"));
	return (set_out(out, in, err));
}

static int
norm_release(const char *key, const char *in, char **out, struct ioc_err *err)
{
	if (!name_chars_ok(in, 64))
		return (invalid(err, key,
		    "expected a release name such as 14.3-RELEASE or "
		    "14.3-RELEASE-p2"));
	return (set_out(out, in, err));
}

static int
norm_devfs(const char *key, const char *in, char **out, struct ioc_err *err)
{
	long long v;
	size_t i, len = strlen(in);

	if (isdigit((unsigned char)in[0])) {
		if (val_parse_int(in, &v) == 0 && v >= 0 && v <= 65535)
			return ((*out = ioc_aprintf(err, "%lld", v)) == NULL
				? -1
				: 0);
	} else {
		for (i = 0; i < len; i++)
			if (!isalnum((unsigned char)in[i]) && in[i] != '_')
				break;
		if (i == len && len <= 64)
			return (set_out(out, in, err));
	}
	return (invalid(err, key,
	    "expected a ruleset number from 0 to 65535 or a ruleset name"));
}

static int
norm_datasets(const char *key, const char *in, char **out, struct ioc_err *err)
{
	const char *p = in, *q;
	char *s, *w;
	size_t len;

	if ((s = malloc(strlen(in) + 1)) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	w = s;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t' &&
		     *q != '\n' && *q != ',';
		     q++)
			;
		len = (size_t)(q - p);
		if (w != s)
			*w++ = ' ';
		(void)memcpy(w, p, len);
		w[len] = '\0';
		if (!names_dataset_ok(w) || strchr(w, '@') != NULL) {
			free(s);
			return (invalid(err, key,
			    "expected ZFS dataset names separated by spaces"));
		}
		w += len;
		p = q;
	}
	if (w == s) {
		free(s);
		return (0);
	}
	*out = s;
	return (0);
}

/* Jail attributes a filter term may name besides properties (spec §7). */
static int
filter_attr(const char *key, size_t len)
{
	static const char *const attrs[] = {
	    "full_name", "jid", "running", "source"};
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (strlen(attrs[i]) == len && strncmp(key, attrs[i], len) == 0)
			return (1);
	return (0);
}

/* A name term: [source/]name alternatives with globs, "," separated. */
static int
name_term_ok(const char *t, size_t len)
{
	size_t i;
	int slash = 0, run = 0;

	for (i = 0; i < len; i++) {
		char c = t[i];

		if (c == ',') {
			if (run == 0)
				return (0);
			run = slash = 0;
			continue;
		}
		if (c == '/') {
			if (slash || run == 0)
				return (0);
			slash = 1;
			run = 0;
			continue;
		}
		if (!isalnum((unsigned char)c) && strchr("-_.*+", c) == NULL)
			return (0);
		run++;
	}
	return (run > 0);
}

/*
 * depends: whitespace-separated filter terms, each key=value with a known
 * key or a name term.  Stored with single spaces between terms.
 */
static int
norm_depends(const char *key, const char *in, char **out, struct ioc_err *err)
{
	const char *p = in, *q, *eq;
	char why[200], kbuf[128], *s, *w;
	size_t len;

	if ((s = malloc(strlen(in) + 1)) == NULL)
		return (ioc_err_set(err, IOC_ENOMEM, ENOMEM, "out of memory"));
	w = s;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && !isspace((unsigned char)*q); q++)
			if (*q == '\\' && q[1] != '\0')
				q++;
		len = (size_t)(q - p);
		eq = memchr(p, '=', len);
		if (eq != NULL) {
			size_t klen = (size_t)(eq - p);

			if (klen == 0 || klen >= sizeof(kbuf))
				goto bad;
			(void)memcpy(kbuf, p, klen);
			kbuf[klen] = '\0';
			if (prop_find(kbuf) == NULL && !filter_attr(p, klen)) {
				(void)snprintf(why, sizeof(why),
				    "the filter key '%s' is unknown", kbuf);
				free(s);
				return (invalid(err, key, why));
			}
		} else if (!name_term_ok(p, len)) {
			goto bad;
		}
		if (w != s)
			*w++ = ' ';
		(void)memcpy(w, p, len);
		w += len;
		p = q;
	}
	*w = '\0';
	if (w == s) {
		free(s);
		return (0);
	}
	*out = s;
	return (0);
bad:
	free(s);
	return (invalid(err, key,
	    "expected filter terms KEY=VALUE[,VALUE...] or jail names"));
}

static int
normalize(const char *key, const char *input, int loaded, char **out,
    struct ioc_err *err)
{
	const struct prop *p;
	int b;

	*out = NULL;
	if ((p = prop_find(key)) == NULL)
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "The config property '%s' is unknown", key));
	if (!loaded && (p->flags & PF_READONLY))
		return (ioc_err_set(err, IOC_EINVAL, 0,
		    "The config property '%s' is read-only", key));
	if (val_is_none(input))
		return (0);
	switch (p->type) {
	case PT_STRING:
		return (set_out(out, input, err));
	case PT_BOOL:
		if (val_parse_bool(input, &b) != 0)
			return (invalid(err, key, "expected yes or no"));
		return (set_out(out, b ? "yes" : "no", err));
	case PT_FLAG:
		if (val_parse_bool(input, &b) != 0)
			return (invalid(err, key, "expected 1 or 0"));
		return (set_out(out, b ? "1" : "0", err));
	case PT_INT:
		return (norm_int(p, key, input, out, err));
	case PT_ENUM:
		return (norm_enum(p, key, input, out, err));
	case PT_NSMODE:
		if ((b = nsmode(input)) < 0)
			return (invalid(err, key,
			    "expected disable, new or inherit (0, 1, 2)"));
		return (set_out(out, nsmode_words[b], err));
	case PT_LIST:
		return (norm_list(input, out, err));
	case PT_ADDR4:
		return (norm_addrs(key, AF_INET, input, out, err));
	case PT_ADDR6:
		return (norm_addrs(key, AF_INET6, input, out, err));
	case PT_INTERFACES:
		return (norm_interfaces(key, input, out, err));
	case PT_ROUTER4:
		return (norm_router(key, AF_INET, input, out, err));
	case PT_ROUTER6:
		return (norm_router(key, AF_INET6, input, out, err));
	case PT_RESOLVER:
		return (norm_resolver(key, input, out, err));
	case PT_DEPENDS:
		return (norm_depends(key, input, out, err));
	case PT_RLIMIT:
		return (norm_rlimit(key, input, out, err));
	case PT_MACPAIR:
		return (norm_macpair(key, input, out, err));
	case PT_UUID:
		return (norm_uuid(key, input, out, err));
	case PT_RELEASE:
		return (norm_release(key, input, out, err));
	case PT_DEVFS:
		return (norm_devfs(key, input, out, err));
	case PT_DATASETS:
		return (norm_datasets(key, input, out, err));
	case PT_MACPREFIX:
		return (norm_macprefix(key, input, out, err));
	}
	return (invalid(err, key, "unsupported property type"));
}

/* Validate user input for key and normalise it to the stored form. */
int
prop_normalize(
    const char *key, const char *input, char **out, struct ioc_err *err)
{
	return (normalize(key, input, 0, out, err));
}

/* Validate a value read from a file (read-only keys included). */
int
prop_normalize_loaded(
    const char *key, const char *input, char **out, struct ioc_err *err)
{
	return (normalize(key, input, 1, out, err));
}

/* Render a stored value (NULL: none) in a style; a new string. */
char *
prop_render(const char *key, const char *stored, enum val_style style,
    struct ioc_err *err)
{
	const struct prop *p = prop_find(key);
	long long v;
	int b;

	if (val_is_none(stored))
		return (ioc_strdup(val_none_word(style), err));
	if (p == NULL)
		return (ioc_strdup(stored, err));
	switch (p->type) {
	case PT_BOOL:
		if (val_parse_bool(stored, &b) == 0)
			return (ioc_strdup(val_bool_word(b, style), err));
		break;
	case PT_FLAG:
		if (val_parse_bool(stored, &b) == 0)
			return (ioc_strdup(b ? "1" : "0", err));
		break;
	case PT_INT:
		if (val_parse_int(stored, &v) == 0)
			return (ioc_aprintf(err, "%lld", v));
		break;
	case PT_NSMODE:
		if ((b = nsmode(stored)) >= 0)
			return (ioc_strdup(nsmode_words[b], err));
		break;
	default:
		break;
	}
	return (ioc_strdup(stored, err));
}

/* A stored none; for resource limits also python-iocage's "off". */
static int
stored_none(const struct prop *p, const char *v)
{
	return (val_is_none(v) ||
	    (p->type == PT_RLIMIT && strcasecmp(v, "off") == 0));
}

/* jail, then defaults (unless PF_NODEFAULT), then the built-in default. */
static const char *
lookup(const struct prop *p, const char *key, const struct cfg *jail,
    const struct cfg *defaults)
{
	const char *v;

	if (jail != NULL && (v = cfg_get(jail, key)) != NULL)
		return (stored_none(p, v) ? NULL : v);
	if (defaults != NULL && !(p->flags & PF_NODEFAULT) &&
	    (v = cfg_get(defaults, key)) != NULL)
		return (stored_none(p, v) ? NULL : v);
	return (prop_default(p));
}

/* True when key is effectively on. */
static int
effective_on(
    const char *key, const struct cfg *jail, const struct cfg *defaults)
{
	const char *v = prop_effective(key, jail, defaults);
	int b;

	return (v != NULL && val_parse_bool(v, &b) == 0 && b);
}

/* Effective value of key; borrowed, NULL means none. */
const char *
prop_effective(
    const char *key, const struct cfg *jail, const struct cfg *defaults)
{
	const struct prop *p;
	const char *v;

	if ((p = prop_find(key)) == NULL)
		return (NULL);
	if (p->flags & PF_ALIAS) {
		p = prop_canonical(p);
		key = p->name;
	}
	if (strcmp(p->name, "basejail_type") == 0 &&
	    !effective_on("basejail", jail, defaults))
		return (NULL);
	if (strcmp(p->name, "type") == 0) {
		if (effective_on("basejail", jail, defaults))
			return ("basejail");
		if (effective_on("clonejail", jail, defaults))
			return ("clonejail");
	}
	v = lookup(p, key, jail, defaults);
	return (v);
}
