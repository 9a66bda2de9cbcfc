/*
 * test_fbplan.c - the FreeBSD backend's plan: mounts as nmount(2) option
 * lists, jail_set(2) parameters, rctl rules, host aliases, VNET commands
 * and the stop plan, for a standalone jail, a basejail with fstab lines,
 * a VNET jail with two interfaces and a default router, limits, devfs
 * rulesets and ip4=inherit.
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
#include "cfgfix.h"
#include "fbplan.h"
#include "internal.h"
#include "netplan.h"

#define ROOT	 "/iocage/jails/web/root"
#define HOSTUUID "8A1B2C3D-0000-4000-8000-00000000000A"

struct fixture {
	struct cfg jail;
	struct cfg defs;
	struct plat_spec spec;
	struct fbplan_input in;
	struct fbplan p;
	struct ioc_err err;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return (-1);
	cfg_init(&f->jail);
	cfg_init(&f->defs);
	f->spec.name = "ioc-web";
	f->spec.root = ROOT;
	f->spec.hostname = "web";
	f->spec.mount_dev = 1;
	f->spec.source = "ioc";
	f->spec.jail = "web";
	f->spec.cfg = &f->jail;
	f->spec.defaults = &f->defs;
	f->in.spec = &f->spec;
	f->in.hostuuid = HOSTUUID;
	f->in.racct = 1;
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fbplan_free(&f->p);
	cfg_clear(&f->jail);
	cfg_clear(&f->defs);
	free(f);
	return (0);
}

static void
build(struct fixture *f)
{
	fbplan_free(&f->p);
	if (fbplan_build(&f->in, &f->p, &f->err) != 0)
		fail_msg("fbplan_build failed: %s", f->err.msg);
}

static const struct fb_param *
param(const struct fbplan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nparams; i++)
		if (strcmp(p->params[i].name, name) == 0)
			return (&p->params[i]);
	return (NULL);
}

static void
assert_param(const struct fbplan *p, const char *name, enum fb_ptype t,
    const char *value)
{
	const struct fb_param *fp = param(p, name);

	if (fp == NULL) {
		fail_msg("no parameter %s", name);
		return;
	}
	assert_int_equal(fp->type, t);
	assert_string_equal(fp->value, value);
}

/* The options of a mount joined as "name=value name ..." for comparison. */
static void
assert_opts(const struct fb_mount *m, const char *want)
{
	char buf[2048] = "";
	size_t i;

	for (i = 0; i < m->nopts; i++) {
		if (i > 0)
			(void)strcat(buf, " ");
		(void)strcat(buf, m->opts[i].name);
		if (m->opts[i].value != NULL) {
			(void)strcat(buf, "=");
			(void)strcat(buf, m->opts[i].value);
		}
	}
	assert_string_equal(buf, want);
}

/* An argv joined by single spaces. */
static const char *
joined(char *const *v)
{
	static char buf[1024];
	size_t i;

	buf[0] = '\0';
	for (i = 0; v != NULL && v[i] != NULL; i++) {
		if (i > 0)
			(void)strcat(buf, " ");
		(void)strcat(buf, v[i]);
	}
	return (buf);
}

static void
test_standalone(void **state)
{
	struct fixture *f = *state;
	char key[128];

	build(f);
	assert_string_equal(f->p.ident, "ioc-web");
	assert_int_equal(f->p.vnet, 0);
	/* jail(2) parameters: identity, defaults, persist last. */
	assert_string_equal(f->p.params[0].name, "name");
	assert_param(&f->p, "name", FB_P_STR, "ioc-web");
	assert_param(&f->p, "path", FB_P_STR, ROOT);
	assert_param(&f->p, "host.hostname", FB_P_STR, "web");
	assert_param(&f->p, "host.domainname", FB_P_STR, "local");
	assert_param(&f->p, "securelevel", FB_P_INT, "2");
	assert_param(&f->p, "enforce_statfs", FB_P_INT, "2");
	assert_param(&f->p, "children.max", FB_P_INT, "0");
	assert_param(&f->p, "devfs_ruleset", FB_P_INT, "4");
	assert_param(&f->p, "ip4", FB_P_INT, "1"); /* new = JAIL_SYS_NEW */
	assert_param(&f->p, "allow.set_hostname", FB_P_BOOL, "1");
	assert_param(&f->p, "allow.raw_sockets", FB_P_BOOL, "0");
	assert_string_equal(f->p.params[f->p.nparams - 1].name, "persist");
	assert_null(param(&f->p, "vnet"));
	assert_null(param(&f->p, "ip4.addr"));
	/* The kernel's names of booleans. */
	assert_int_equal(
	    fbplan_param_key(param(&f->p, "persist"), key, sizeof(key)), 0);
	assert_string_equal(key, "persist");
	assert_int_equal(fbplan_param_key(param(&f->p, "allow.raw_sockets"),
			     key, sizeof(key)),
	    0);
	assert_string_equal(key, "allow.noraw_sockets");
	assert_int_equal(fbplan_param_key(param(&f->p, "allow.mount.nullfs"),
			     key, sizeof(key)),
	    0);
	assert_string_equal(key, "allow.mount.nonullfs");
	assert_int_equal(
	    fbplan_param_key(param(&f->p, "securelevel"), key, sizeof(key)), 0);
	assert_string_equal(key, "securelevel");
	/* Only /dev, with the jail's ruleset. */
	assert_int_equal(f->p.nmounts, 1);
	assert_string_equal(f->p.mounts[0].fspath, ROOT "/dev");
	assert_string_equal(f->p.mounts[0].target, "dev");
	assert_opts(&f->p.mounts[0],
	    "fstype=devfs fspath=" ROOT "/dev from=devfs ruleset=4");
	assert_int_equal(f->p.nrctl, 0);
	assert_int_equal(f->p.aliases.n, 0);
	assert_int_equal(f->p.nwarnings, 0);
}

static void
test_standalone_stop(void **state)
{
	struct fixture *f = *state;
	struct fb_stop s, back;
	char *text;

	build(f);
	assert_int_equal(fbplan_stop(&f->p, 1, &s, &f->err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.v[0].kind, FB_STOP_REMOVE);
	assert_string_equal(joined(s.v[0].arg), "ioc-web 1");
	assert_int_equal(s.v[1].kind, FB_STOP_UMOUNT);
	assert_string_equal(joined(s.v[1].arg), "devfs " ROOT "/dev");
	text = fbplan_stop_format(&s, &f->err);
	assert_non_null(text);
	assert_string_equal(
	    text, "remove\tioc-web\t1\numount\tdevfs\t" ROOT "/dev\n");
	assert_int_equal(fbplan_stop_parse(text, &back, &f->err), 0);
	assert_int_equal(back.n, 2);
	assert_int_equal(back.v[1].kind, FB_STOP_UMOUNT);
	assert_string_equal(joined(back.v[1].arg), "devfs " ROOT "/dev");
	free(text);
	fbplan_stop_free(&s);
	fbplan_stop_free(&back);
}

static void
test_basejail_fstab(void **state)
{
	struct fixture *f = *state;
	const struct plat_mount m[] = {
	    {"/iocage/releases/14.1-RELEASE/root-p0/bin", "bin", NULL, NULL, 1},
	    {"/iocage/releases/14.1-RELEASE/root-p0/usr/lib", "usr/lib", NULL,
		NULL, 1},
	    {"/data/www", "/usr/local/www/", NULL, NULL, 0},
	    {"tmpfs", "tmp", "tmpfs", "rw,mode=1777,size=64m,noexec", 0},
	};
	struct fb_stop s;
	size_t i;

	put(&f->jail, "basejail", "yes");
	f->spec.mounts = m;
	f->spec.nmounts = 4;
	f->spec.mount_devfd = 1;
	f->spec.mount_proc = 1;
	build(f);
	assert_int_equal(f->p.nmounts, 7);
	assert_opts(&f->p.mounts[0],
	    "fstype=nullfs fspath=" ROOT "/bin "
	    "target=/iocage/releases/14.1-RELEASE/root-p0/bin ro");
	assert_opts(&f->p.mounts[1],
	    "fstype=nullfs fspath=" ROOT "/usr/lib "
	    "target=/iocage/releases/14.1-RELEASE/root-p0/usr/lib ro");
	/* An fstab line: the target normalised beneath the root. */
	assert_string_equal(f->p.mounts[2].target, "usr/local/www");
	assert_opts(&f->p.mounts[2],
	    "fstype=nullfs fspath=" ROOT "/usr/local/www target=/data/www");
	/* Other file systems take "from"; fstab's rw is dropped. */
	assert_opts(&f->p.mounts[3],
	    "fstype=tmpfs fspath=" ROOT "/tmp "
	    "from=tmpfs mode=1777 size=64m noexec");
	assert_opts(&f->p.mounts[4],
	    "fstype=devfs fspath=" ROOT "/dev from=devfs ruleset=4");
	assert_opts(&f->p.mounts[5],
	    "fstype=fdescfs fspath=" ROOT "/dev/fd from=fdescfs");
	assert_opts(
	    &f->p.mounts[6], "fstype=procfs fspath=" ROOT "/proc from=procfs");
	/* Stop: remove first, then the mounts in reverse. */
	assert_int_equal(fbplan_stop(&f->p, 12, &s, &f->err), 0);
	assert_int_equal(s.n, 8);
	assert_string_equal(joined(s.v[0].arg), "ioc-web 12");
	for (i = 0; i < 7; i++) {
		assert_int_equal(s.v[1 + i].kind, FB_STOP_UMOUNT);
		assert_string_equal(
		    s.v[1 + i].arg[1], f->p.mounts[6 - i].fspath);
	}
	fbplan_stop_free(&s);
}

static void
test_mount_escape_refused(void **state)
{
	struct fixture *f = *state;
	const struct plat_mount m[] = {
	    {"/data", "usr/../../etc", NULL, NULL, 0},
	};

	f->spec.mounts = m;
	f->spec.nmounts = 1;
	fbplan_free(&f->p); /* fbplan_build() overwrites its output */
	assert_int_equal(fbplan_build(&f->in, &f->p, &f->err), -1);
	assert_int_equal(f->err.code, IOC_ESECURITY);
	assert_non_null(strstr(f->err.msg, "jail escape attempt"));
	assert_int_equal(f->p.nmounts, 0);
	assert_int_equal(f->p.nparams, 0);
}

static void
test_vnet_two_nics(void **state)
{
	struct fixture *f = *state;
	const char *const epairs[] = {"epair3", "epair4"};
	static const char *const want[] = {
	    "/sbin/ifconfig epair3a name ioc7v0",
	    NULL, /* MAC and description, checked below */
	    "/sbin/ifconfig bridge0 addm ioc7v0",
	    "/sbin/ifconfig epair3b ether 02:00:00:00:00:0b",
	    "/sbin/ifconfig epair3b vnet 7",
	    "/usr/sbin/jexec 7 /sbin/ifconfig epair3b name vnet0",
	    "/usr/sbin/jexec 7 /sbin/ifconfig vnet0 up",
	    "/sbin/ifconfig epair4a name ioc7v1",
	    NULL, /* generated MAC, checked below */
	    "/sbin/ifconfig bridge1 addm ioc7v1",
	    NULL,
	    "/sbin/ifconfig epair4b vnet 7",
	    "/usr/sbin/jexec 7 /sbin/ifconfig epair4b name vnet1",
	    "/usr/sbin/jexec 7 /sbin/ifconfig vnet1 up",
	    "/usr/sbin/jexec 7 /sbin/ifconfig vnet0 inet 10.0.0.2/24",
	    "/usr/sbin/jexec 7 /sbin/ifconfig vnet0 inet 10.0.0.3/24 alias",
	    "/usr/sbin/jexec 7 /sbin/ifconfig vnet1 inet 192.168.1.2/24",
	    "/usr/sbin/jexec 7 /sbin/ifconfig vnet1 inet6 fd00::2/64",
	    "/usr/sbin/jexec 7 /sbin/ifconfig lo0 inet 127.0.0.1/8 up",
	    "/usr/sbin/jexec 7 /sbin/route -q add -4 default 10.0.0.1",
	    "/usr/sbin/jexec 7 /sbin/route -q add -6 default fd00::1",
	};
	struct netplan_input ni = {"ioc", "web", NULL, NULL, COMPAT_FREEBSD};
	struct netplan np;
	struct fb_cmds c;
	size_t i;

	put(&f->jail, "vnet", "on");
	put(&f->jail, "interfaces", "vnet0:bridge0,vnet1:bridge1");
	put(&f->jail, "vnet0_mac", "02:00:00:00:00:0a,02:00:00:00:00:0b");
	put(&f->jail, "ip4_addr",
	    "vnet0|10.0.0.2/24,vnet0|10.0.0.3/24,vnet1|192.168.1.2/24");
	put(&f->jail, "ip6_addr", "vnet1|fd00::2/64");
	put(&f->jail, "defaultrouter", "10.0.0.1");
	put(&f->jail, "defaultrouter6", "fd00::1");
	build(f);
	assert_int_equal(f->p.vnet, 1);
	assert_param(&f->p, "vnet", FB_P_INT, "1");
	assert_null(param(&f->p, "ip4"));
	assert_null(param(&f->p, "ip4.addr"));
	assert_null(param(&f->p, "ip6.addr"));
	assert_int_equal(f->p.aliases.n, 0);

	ni.jail = &f->jail;
	ni.defaults = &f->defs;
	if (netplan_build(&ni, &np, &f->err) != 0 ||
	    netplan_set_jid(&np, 7, &f->err) != 0)
		fail_msg("netplan: %s", f->err.msg);
	assert_int_equal(fbplan_vnet(&np, 7, epairs, &c, &f->err), 0);
	assert_int_equal(c.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < c.n; i++)
		if (want[i] != NULL)
			assert_string_equal(joined(c.v[i].argv), want[i]);
	assert_string_equal(joined(c.v[1].argv),
	    "/sbin/ifconfig ioc7v0 ether 02:00:00:00:00:0a description "
	    "ioc:ioc/web:vnet0 up");
	assert_non_null(strstr(joined(c.v[8].argv), "ioc7v1 ether 02:ff:60:"));
	assert_non_null(
	    strstr(joined(c.v[10].argv), "epair4b ether 02:ff:60:"));
	/* Undo: rename back, leave the bridge, fetch the b side back. */
	assert_string_equal(
	    joined(c.v[0].undo), "/sbin/ifconfig ioc7v0 name epair3a");
	assert_null(c.v[1].undo);
	assert_string_equal(
	    joined(c.v[2].undo), "/sbin/ifconfig bridge0 deletem ioc7v0");
	assert_string_equal(
	    joined(c.v[4].undo), "/sbin/ifconfig epair3b -vnet 7");
	assert_string_equal(joined(c.v[5].undo),
	    "/usr/sbin/jexec 7 /sbin/ifconfig vnet0 name epair3b");
	fbplan_cmds_free(&c);

	/* An epair name that is not one is refused. */
	{
		const char *const bad[] = {"epair3", "em0"};

		assert_int_equal(fbplan_vnet(&np, 7, bad, &c, &f->err), -1);
		assert_int_equal(c.n, 0);
	}
}

static void
test_vnet_router_iface(void **state)
{
	struct fixture *f = *state;
	const char *const epairs[] = {"epair0"};
	struct netplan_input ni = {"ioc", "web", NULL, NULL, COMPAT_FREEBSD};
	struct netplan np;
	struct fb_cmds c;

	put(&f->jail, "vnet", "on");
	put(&f->jail, "interfaces", "vnet0:bridge0");
	put(&f->jail, "ip4_addr", "vnet0|10.0.0.2/32");
	put(&f->jail, "defaultrouter", "10.0.0.1@vnet0");
	ni.jail = &f->jail;
	ni.defaults = &f->defs;
	if (netplan_build(&ni, &np, &f->err) != 0 ||
	    netplan_set_jid(&np, 3, &f->err) != 0)
		fail_msg("netplan: %s", f->err.msg);
	assert_int_equal(fbplan_vnet(&np, 3, epairs, &c, &f->err), 0);
	assert_string_equal(joined(c.v[c.n - 2].argv),
	    "/usr/sbin/jexec 3 /sbin/route -q add -4 -host 10.0.0.1 -iface "
	    "vnet0");
	assert_string_equal(joined(c.v[c.n - 1].argv),
	    "/usr/sbin/jexec 3 /sbin/route -q add -4 default 10.0.0.1");
	fbplan_cmds_free(&c);
}

static void
test_limits(void **state)
{
	struct fixture *f = *state;
	struct fb_stop s;

	put(&f->jail, "memoryuse", "128M");
	put(&f->jail, "maxproc", "50:deny");
	put(&f->jail, "pcpu", "log=80/jail");
	build(f);
	assert_int_equal(f->p.nrctl, 3);
	assert_string_equal(f->p.rctl[0], "jail:ioc-web:maxproc:deny=50/jail");
	assert_string_equal(
	    f->p.rctl[1], "jail:ioc-web:memoryuse:deny=134217728/jail");
	assert_string_equal(f->p.rctl[2], "jail:ioc-web:pcpu:log=80/jail");
	assert_int_equal(fbplan_stop(&f->p, 4, &s, &f->err), 0);
	assert_int_equal(s.v[s.n - 1].kind, FB_STOP_RCTL);
	assert_string_equal(joined(s.v[s.n - 1].arg), "jail:ioc-web");
	fbplan_stop_free(&s);

	/* Without resource accounting: a warning, or with rlimits=yes an
	 * error; rlimits=no applies nothing. */
	f->in.racct = 0;
	build(f);
	assert_int_equal(f->p.nrctl, 0);
	assert_int_equal(f->p.nwarnings, 1);
	assert_non_null(strstr(f->p.warnings[0], "kern.racct.enable=0"));
	put(&f->jail, "rlimits", "yes");
	fbplan_free(&f->p); /* fbplan_build() overwrites its output */
	assert_int_equal(fbplan_build(&f->in, &f->p, &f->err), -1);
	assert_int_equal(f->err.code, IOC_ENOTSUP);
	put(&f->jail, "rlimits", "no");
	f->in.racct = 1;
	build(f);
	assert_int_equal(f->p.nrctl, 0);
	assert_int_equal(f->p.nwarnings, 0);
}

static void
test_devfs_ruleset(void **state)
{
	struct fixture *f = *state;
	const char *rules = "# comment\n[devfsrules_jail=4]\nadd include "
			    "$devfsrules_hide_all\n  [www_rules=12]\n"
			    "add path 'bpf*' unhide\n";

	put(&f->jail, "devfs_ruleset", "10");
	build(f);
	assert_param(&f->p, "devfs_ruleset", FB_P_INT, "10");
	assert_opts(&f->p.mounts[0],
	    "fstype=devfs fspath=" ROOT "/dev from=devfs ruleset=10");

	/* By name, from devfs.rules. */
	put(&f->jail, "devfs_ruleset", "www_rules");
	f->in.devfs_rules = rules;
	build(f);
	assert_param(&f->p, "devfs_ruleset", FB_P_INT, "12");
	assert_opts(&f->p.mounts[0],
	    "fstype=devfs fspath=" ROOT "/dev from=devfs ruleset=12");
	assert_int_equal(fbplan_devfs_ruleset(rules, "devfsrules_jail"), 4);
	assert_int_equal(fbplan_devfs_ruleset(rules, "devfsrules"), -1);
	assert_int_equal(fbplan_devfs_ruleset("[x=]\n[y=abc]\n", "x"), -1);

	put(&f->jail, "devfs_ruleset", "nosuch");
	fbplan_free(&f->p); /* fbplan_build() overwrites its output */
	assert_int_equal(fbplan_build(&f->in, &f->p, &f->err), -1);
	assert_string_equal(
	    f->err.msg, "devfs ruleset 'nosuch' is not defined in devfs.rules");

	/* none: no parameter, /dev without a ruleset. */
	put(&f->jail, "devfs_ruleset", "none");
	build(f);
	assert_null(param(&f->p, "devfs_ruleset"));
	assert_opts(
	    &f->p.mounts[0], "fstype=devfs fspath=" ROOT "/dev from=devfs");
}

static void
test_ip4_inherit(void **state)
{
	struct fixture *f = *state;

	put(&f->jail, "ip4", "inherit");
	put(&f->jail, "ip4_addr", "em0|10.1.1.5/24");
	build(f);
	assert_param(&f->p, "ip4", FB_P_INT, "2"); /* JAIL_SYS_INHERIT */
	assert_null(param(&f->p, "ip4.addr"));
	assert_int_equal(f->p.aliases.n, 0);
}

static void
test_ip4_new_aliases(void **state)
{
	struct fixture *f = *state;
	struct fb_stop s;

	put(&f->jail, "ip4_addr", "em0|10.1.1.5/24,em0|10.1.1.6");
	put(&f->jail, "ip6_addr", "em0|2001:db8::5/64");
	build(f);
	assert_param(&f->p, "ip4", FB_P_INT, "1");
	assert_param(&f->p, "ip4.addr", FB_P_IP4, "10.1.1.5,10.1.1.6");
	assert_param(&f->p, "ip6.addr", FB_P_IP6, "2001:db8::5");
	assert_int_equal(f->p.aliases.n, 3);
	assert_string_equal(joined(f->p.aliases.v[0].argv),
	    "/sbin/ifconfig em0 inet 10.1.1.5/24 alias");
	assert_string_equal(joined(f->p.aliases.v[0].undo),
	    "/sbin/ifconfig em0 inet 10.1.1.5 -alias");
	assert_string_equal(joined(f->p.aliases.v[1].argv),
	    "/sbin/ifconfig em0 inet 10.1.1.6/32 alias");
	assert_string_equal(joined(f->p.aliases.v[2].argv),
	    "/sbin/ifconfig em0 inet6 2001:db8::5/64 alias");
	/* Stop removes them, last first, after jail_remove. */
	assert_int_equal(fbplan_stop(&f->p, 9, &s, &f->err), 0);
	assert_int_equal(s.v[1].kind, FB_STOP_CMD);
	assert_string_equal(
	    joined(s.v[1].arg), "/sbin/ifconfig em0 inet6 2001:db8::5 -alias");
	assert_string_equal(
	    joined(s.v[3].arg), "/sbin/ifconfig em0 inet 10.1.1.5 -alias");
	fbplan_stop_free(&s);
}

static void
test_bad_name(void **state)
{
	struct fixture *f = *state;

	f->spec.jail = "-bad";
	fbplan_free(&f->p); /* fbplan_build() overwrites its output */
	assert_int_equal(fbplan_build(&f->in, &f->p, &f->err), -1);
	assert_string_equal(f->err.msg, "Invalid jail name '-bad'");
	f->spec.jail = "web";
	f->spec.cfg = NULL;
	fbplan_free(&f->p); /* fbplan_build() overwrites its output */
	assert_int_equal(fbplan_build(&f->in, &f->p, &f->err), -1);
}

static void
test_stop_parse(void **state)
{
	struct fixture *f = *state;
	struct fb_stop s;
	static const char *const bad[] = {
	    "bogus\tx\n",
	    "cmd\tifconfig\tx\n", /* not an absolute program */
	    "remove\tioc-web\n",  /* no jid */
	    "umount\t/x\n",
	    "rctl\tjail:x",	/* unterminated */
	    "rctl\tjail:\\q\n", /* bad escape */
	    "remove\n",
	};
	size_t i;
	char *text;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (fbplan_stop_parse(bad[i], &s, &f->err) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(s.n, 0);
	}
	/* Tabs, newlines and backslashes in fields survive. */
	assert_int_equal(
	    fbplan_stop_parse("umount\tnullfs\t/a\\tb\\nc\\\\d\n", &s, &f->err),
	    0);
	assert_string_equal(s.v[0].arg[1], "/a\tb\nc\\d");
	text = fbplan_stop_format(&s, &f->err);
	assert_string_equal(text, "umount\tnullfs\t/a\\tb\\nc\\\\d\n");
	free(text);
	fbplan_stop_free(&s);
	assert_int_equal(fbplan_stop_parse("", &s, &f->err), 0);
	assert_int_equal(s.n, 0);
}

static void
test_epair_ok(void **state)
{
	(void)state;
	assert_true(fbplan_epair_ok("epair0a"));
	assert_true(fbplan_epair_ok("epair123a"));
	assert_false(fbplan_epair_ok("epair0b"));
	assert_false(fbplan_epair_ok("epaira"));
	assert_false(fbplan_epair_ok("epair0a "));
	assert_false(fbplan_epair_ok("em0"));
	assert_false(fbplan_epair_ok(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_standalone, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_standalone_stop, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_basejail_fstab, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_mount_escape_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_vnet_two_nics, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_vnet_router_iface, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_devfs_ruleset, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ip4_inherit, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_ip4_new_aliases, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_name, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stop_parse, setup, teardown),
	    cmocka_unit_test(test_epair_ok),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
