#! /usr/bin/env atf-sh
#
# startfail_test.sh - start refused or failing through real causes, through
# the real ioc binary: a /bin/sh the host cannot run (a FreeBSD release on
# Linux), symlinks planted at dev, proc and etc, and one case per start
# step made to fail (exec_prestart, exec_created, the network, exec_start,
# exec_poststart, a bad fstab source, a cgroup name in use).  Each failure
# must exit 1 with one line on stderr and undo everything before it: no
# process of the jail, no cgroup, no runtime state, no veth, no mount under
# its root in the host's namespace, the pool as it was, and only the hooks
# of the steps before the failing one run.

. "$(atf_get_srcdir)/lib.sh"
. "$(atf_get_srcdir)/jailrt_lib.sh"

BR=br-ioc-sf

# busybox with its ELF OS ABI byte (EI_OSABI, offset 7) patched to 9:
# what a FreeBSD binary says, at the path $1.
freebsd_sh()
{
	cp /bin/busybox "$1" || atf_fail "cannot copy busybox"
	printf '\011' | dd of="$1" bs=1 seek=7 conv=notrunc 2>/dev/null ||
	    atf_fail "cannot patch $1"
	chmod 755 "$1"
}

# release_with NAME CMD...: a busybox release (rt_mkroot) that CMD... can
# change (run with the release root as its last argument) before it is
# registered with "ioc fetch -b".
release_with()
{
	local name=$1 mp

	shift
	atf_check zfs create -p "${ROOT}/releases/${name}/root"
	mp=$(zfs get -H -o value mountpoint "${ROOT}/releases/${name}/root")
	rt_mkroot "${mp}"
	"$@" "${mp}"
	atf_check -o ignore -e ignore ${IOC} fetch -r "${name}" -b
}

patch_release() { rm -f "$1/bin/sh"; freebsd_sh "$1/bin/sh"; }
abs_link_release() { ln -sf /bin/busybox "$1/bin/sh"; }

# start_fails PATTERN NAME: start exits 1, says one line matching PATTERN
# on stderr and nothing on stdout.
start_fails()
{
	atf_check -s exit:1 -o empty -e save:err ${IOC} start "$2"
	ioc_one_line err
	atf_check -o match:"$1" cat err
}

atf_test_case userland_freebsd cleanup
userland_freebsd_head()
{
	atf_set descr "a FreeBSD release's /bin/sh is refused before any hook runs"
	atf_set require.user root
	atf_set require.config pool
}
userland_freebsd_body()
{
	rt_setup
	release_with fbsd patch_release
	atf_check -o ignore ${IOC} create -r fbsd -b fb \
	    "exec_prestart=echo prestart >>${PWD}/hooks.log"
	atf_check -o ignore ${IOC} create -r fbsd -nb fbs
	rt_snap_pool before
	start_fails "^ioc: Jail 'fb': its /bin/sh is a FreeBSD executable; a FreeBSD release cannot run on a Linux host\$" fb
	atf_check test ! -e hooks.log
	rt_gone fb
	start_fails "^ioc: Jail 'fbs': its /bin/sh is a FreeBSD executable; a FreeBSD release cannot run on a Linux host\$" fbs
	rt_gone fbs
	rt_snap_pool after
	atf_check cmp before after
	# a standalone jail with a script, nothing, or a link to nothing there
	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/fbs")/root
	rm -f "${mp}/bin/sh"
	printf '#!/bin/busybox sh\necho hi\n' >"${mp}/bin/sh"
	chmod 755 "${mp}/bin/sh"
	start_fails "^ioc: Jail 'fbs': its /bin/sh is not an executable for this host [(]a script[)]\$" fbs
	rm -f "${mp}/bin/sh"
	start_fails "^ioc: Jail 'fbs' has no /bin/sh\$" fbs
	# an absolute link resolves in the jail: /bin/nothing is not the host's
	ln -s /bin/nothing "${mp}/bin/sh"
	start_fails "^ioc: Jail 'fbs' has no /bin/sh\$" fbs
	rt_gone fbs
	rt_snap_pool after
	atf_check cmp before after
}
userland_freebsd_cleanup()
{
	rt_cleanup fb fbs
}

atf_test_case userland_symlink cleanup
userland_symlink_head()
{
	atf_set descr "a /bin/sh that is an absolute symlink to /bin/busybox starts"
	atf_set require.user root
	atf_set require.config pool
}
userland_symlink_body()
{
	rt_setup
	# standalone: sh -> /bin/busybox, resolved in the jail's root
	rt_mkjail web
	ln -sf /bin/busybox "${MP}/root/bin/sh"
	atf_check -o match:'^web running as JID' ${IOC} start web
	atf_check -o inline:"hi\n" ${IOC} exec web /bin/sh -c 'echo hi'
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	rt_gone web
	# a basejail: the release's /bin/sh (its read-only clone) decides
	release_with abs abs_link_release
	atf_check -o ignore ${IOC} create -r abs -b base
	atf_check -o match:'^base running as JID' ${IOC} start base
	atf_check -o inline:"hi\n" ${IOC} exec base /bin/sh -c 'echo hi'
	atf_check -o match:'/bin/sh -> /bin/busybox$' ${IOC} exec base ls -l /bin/sh
	atf_check -o inline:"base stopped\n" ${IOC} stop base
	rt_gone base
}
userland_symlink_cleanup()
{
	rt_cleanup web base
}

# outside_untouched DIR: the directory outside every root is still empty
# and nothing is mounted at or below it in the host's namespace.
outside_untouched()
{
	atf_check -o empty ls -A "$1"
	if grep -q " $1[ /]" /proc/self/mountinfo; then
		grep " $1[ /]" /proc/self/mountinfo
		atf_fail "something is mounted below $1"
	fi
}

atf_test_case symlink_dev cleanup
symlink_dev_head()
{
	atf_set descr "a symlink planted at dev, proc or etc never leads a mount or write out"
	atf_set require.user root
	atf_set require.config pool
}
symlink_dev_body()
{
	local out=${PWD}/outside

	rt_setup
	mkdir -p "${out}"
	rt_mkjail web '"mount_procfs": "1", "resolver": "nameserver 192.0.2.53"'
	rt_snap_pool before
	# dev -> a host directory (absolute), then the same climbing with ..
	rmdir "${MP}/root/dev"
	ln -s "${out}" "${MP}/root/dev"
	start_fails "^ioc: .*/dev.*symbolic link" web
	outside_untouched "${out}"
	rt_gone web
	rm "${MP}/root/dev"
	ln -s ../../../../../../../../../../../.."${out}" "${MP}/root/dev"
	start_fails "^ioc: .*/dev.*symbolic link" web
	outside_untouched "${out}"
	rt_gone web
	rm "${MP}/root/dev"
	mkdir "${MP}/root/dev"
	# proc -> the host directory
	rmdir "${MP}/root/proc"
	ln -s "${out}" "${MP}/root/proc"
	start_fails "^ioc: .*/proc.*symbolic link" web
	outside_untouched "${out}"
	rt_gone web
	rm "${MP}/root/proc"
	mkdir "${MP}/root/proc"
	# sys -> the host directory (with mount_procfs)
	rmdir "${MP}/root/sys"
	ln -s "${out}" "${MP}/root/sys"
	start_fails "^ioc: .*/sys.*symbolic link" web
	outside_untouched "${out}"
	rt_gone web
	rm "${MP}/root/sys"
	mkdir "${MP}/root/sys"
	# etc -> the host directory: resolv.conf is written inside the root
	# (where the link leads within it), the host directory stays empty
	mv "${MP}/root/etc" "${MP}/root/etc.real"
	ln -s "${out}" "${MP}/root/etc"
	atf_check -o match:'running as JID' ${IOC} start web
	outside_untouched "${out}"
	atf_check -o inline:"nameserver 192.0.2.53\n" \
	    ${IOC} exec web cat /etc/resolv.conf
	atf_check -o inline:"nameserver 192.0.2.53\n" \
	    cat "${MP}/root${out}/resolv.conf"
	# the jail's mounts are where they belong, in its own namespace
	atf_check -o match:'^tmpfs /dev ' -o match:'^proc /proc ' \
	    ${IOC} exec web cat /proc/mounts
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	rt_gone web
	outside_untouched "${out}"
	rt_snap_pool after
	atf_check cmp before after
}
symlink_dev_cleanup()
{
	rt_cleanup web
}

# ------------------------------------------------------ the failure matrix

# hooked NAME [FAIL-HOOK] [CONFIG-JSON-BODY]: a standalone jail whose host
# hooks append their name to hooks.log (exec_created also records the
# init's pid and pid namespace) and whose exec_start appends "start" to
# /tmp/hooks.log inside and leaves a sleep behind in the jail; the hook
# named FAIL-HOOK (prestart, created, start or poststart) exits 3 after
# logging.
hooked()
{
	local name=$1 fail=${2:-} extra=${3:-} s

	cat >hook <<EOF
#!/bin/sh
echo "\$1" >>${PWD}/hooks.log
if [ "\$1" = created ]; then
	echo "\${IOC_JID}" >${PWD}/init.pid
	readlink "/proc/\${IOC_JID}/ns/pid" >${PWD}/init.ns
fi
[ "\$2" = fail ] && exit 3
exit 0
EOF
	chmod 755 hook
	s='sleep 600 >/dev/null 2>/dev/null </dev/null \u0026 echo start >>/tmp/hooks.log'
	[ "${fail}" = start ] && s="${s}; exit 3"
	rt_mkjail "${name}" "\"exec_prestart\": \"${PWD}/hook prestart$(
	    [ "${fail}" = prestart ] && echo ' fail')\",
    \"exec_created\": \"${PWD}/hook created$(
	    [ "${fail}" = created ] && echo ' fail')\",
    \"exec_poststart\": \"${PWD}/hook poststart$(
	    [ "${fail}" = poststart ] && echo ' fail')\",
    \"exec_start\": \"${s}\",
    \"exec_prestop\": \"${PWD}/hook prestop\",
    \"exec_poststop\": \"${PWD}/hook poststop\"${extra:+,
    ${extra}}"
}

# hooks_ran HOST-HOOKS JAIL-HOOKS: exactly these host hooks ran, in this
# order (a space-separated list, "" for none), and inside the jail exactly
# these ("start" or "").
hooks_ran()
{
	local got

	got=$(cat hooks.log 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
	[ "${got}" = "$1" ] ||
	    atf_fail "host hooks that ran: '${got}', expected '$1'"
	got=$(cat "${MP}/root/tmp/hooks.log" 2>/dev/null | tr '\n' ' ' |
	    sed 's/ $//')
	[ "${got}" = "$2" ] ||
	    atf_fail "jail hooks that ran: '${got}', expected '$2'"
}

# undone NAME: rt_gone, and no process is left of the init exec_created
# saw nor in its pid namespace (the sleep exec_start left behind).
undone()
{
	local pid ns p i=0 state

	rt_gone "$1"
	[ -f init.pid ] || return 0
	pid=$(cat init.pid)
	ns=$(cat init.ns)
	[ -n "${ns}" ] || atf_fail "exec_created did not see the init's pid namespace"
	while :; do
		left=
		for p in /proc/[0-9]*; do
			[ "$(readlink "${p}/ns/pid" 2>/dev/null)" = "${ns}" ] ||
			    continue
			state=$(awk '/^State:/ { print $2 }' "${p}/status" \
			    2>/dev/null)
			[ -n "${state}" ] && [ "${state}" != Z ] &&
			    left="${left} ${p#/proc/}"
		done
		[ -z "${left}" ] && break
		[ ${i} -lt 50 ] || atf_fail "processes of the jail left:${left}"
		sleep 0.1
		i=$((i + 1))
	done
	state=$(awk '/^State:/ { print $2 }' "/proc/${pid}/status" 2>/dev/null)
	[ -z "${state}" ] || [ "${state}" = Z ] ||
	    atf_fail "the jail's init ${pid} still runs"
}

# fail_case HOOK PATTERN HOST-HOOKS JAIL-HOOKS: a jail whose HOOK fails
# fails to start with one line matching PATTERN, after exactly the hooks
# named, and everything is undone.
fail_case()
{
	rt_setup
	hooked web "$1"
	rt_snap_pool before
	start_fails "$2" web
	hooks_ran "$3" "$4"
	undone web
	rt_snap_pool after
	atf_check cmp before after
}

atf_test_case fail_prestart cleanup
fail_prestart_head()
{
	atf_set descr "a failing exec_prestart: nothing was created"
	atf_set require.user root
	atf_set require.config pool
}
fail_prestart_body()
{
	fail_case prestart "^ioc: Jail web hook exec_prestart failed" \
	    "prestart" ""
	atf_check test ! -e init.pid
}
fail_prestart_cleanup()
{
	rt_cleanup web
}

atf_test_case fail_created cleanup
fail_created_head()
{
	atf_set descr "a failing exec_created: the jail's init is gone again"
	atf_set require.user root
	atf_set require.config pool
}
fail_created_body()
{
	fail_case created "^ioc: Jail web hook exec_created failed" \
	    "prestart created" ""
	atf_check test -s init.pid
}
fail_created_cleanup()
{
	rt_cleanup web
}

atf_test_case fail_start cleanup
fail_start_head()
{
	atf_set descr "a failing exec_start: its processes and the init are gone"
	atf_set require.user root
	atf_set require.config pool
}
fail_start_body()
{
	fail_case start "^ioc: Jail web hook exec_start failed: exit status 3" \
	    "prestart created" "start"
}
fail_start_cleanup()
{
	rt_cleanup web
}

atf_test_case fail_poststart cleanup
fail_poststart_head()
{
	atf_set descr "a failing exec_poststart: the running jail is undone"
	atf_set require.user root
	atf_set require.config pool
}
fail_poststart_body()
{
	fail_case poststart "^ioc: Jail web hook exec_poststart failed" \
	    "prestart created poststart" "start"
}
fail_poststart_cleanup()
{
	rt_cleanup web
}

atf_test_case fail_fstab cleanup
fail_fstab_head()
{
	atf_set descr "a bad fstab source fails before or inside create, undone"
	atf_set require.user root
	atf_set require.config pool
}
fail_fstab_body()
{
	rt_setup
	hooked web
	rt_snap_pool before
	# a source that does not exist: refused before any hook runs
	printf '/nonexistent/src\t%s\tnullfs\tro\t0\t0\n' \
	    "${MP}/root/mnt/data" >"${MP}/fstab"
	start_fails "^ioc: Jail 'web': fstab line 1: source '/nonexistent/src': No such file or directory\$" web
	hooks_ran "" ""
	undone web
	# a source that exists but cannot be mounted there (a file onto a
	# directory): the mount fails inside create, after exec_prestart
	echo file >srcfile
	mkdir -p "${MP}/root/mnt/data"
	printf '%s\t%s\tnullfs\tro\t0\t0\n' "${PWD}/srcfile" \
	    "${MP}/root/mnt/data" >"${MP}/fstab"
	start_fails "^ioc: cannot create jail '${SRC}-web': mnt/data: Not a directory\$" web
	hooks_ran "prestart" ""
	undone web
	rt_snap_pool after
	atf_check cmp before after
}
fail_fstab_cleanup()
{
	rt_cleanup web
}

# --------------------------------------------- the network (VNET) cases

# The case's own network namespace (rt_netns); IOC runs ioc in it.
netns_setup()
{
	rt_netns
	rt_setup
	IOC="${N} ${IOC}"
}

# No interface of the jail and no veth host end left in the namespace.
no_veth()
{
	${N} ip -o link show >links || atf_fail "ip link failed"
	if grep -q "alias ioc:${SRC}/$1:" links ||
	    grep -q '^[0-9]*: ioc[0-9]*v[0-9]*[@:]' links; then
		cat links
		atf_fail "an interface of $1 is left"
	fi
}

VNET_CFG='"vnet": "on",
    "interfaces": "vnet0:'"${BR}"'",
    "ip4_addr": "vnet0|192.0.2.2/24"'

atf_test_case fail_network cleanup
fail_network_head()
{
	atf_set descr "a missing bridge fails the network step after exec_created, undone"
	atf_set require.user root
	atf_set require.config pool
}
fail_network_body()
{
	netns_setup
	hooked web "" "${VNET_CFG}"
	rt_snap_pool before
	start_fails "^ioc: Jail 'web': VNET bridge ${BR} does not exist\$" web
	hooks_ran "prestart created" ""
	undone web
	no_veth web
	rt_snap_pool after
	atf_check cmp before after
}
fail_network_cleanup()
{
	rt_netns_cleanup web
}

atf_test_case fail_start_vnet cleanup
fail_start_vnet_head()
{
	atf_set descr "a failing exec_start after the network: the veth is gone too"
	atf_set require.user root
	atf_set require.config pool
}
fail_start_vnet_body()
{
	netns_setup
	atf_check ${N} ip link add "${BR}" type bridge
	atf_check ${N} ip link set "${BR}" up
	hooked web start "${VNET_CFG}"
	rt_snap_pool before
	start_fails "^ioc: Jail web hook exec_start failed: exit status 3" web
	hooks_ran "prestart created" "start"
	undone web
	no_veth web
	atf_check -o empty ${N} ip -o link show master "${BR}"
	rt_snap_pool after
	atf_check cmp before after
	# and the same jail starts and stops once the hook is fixed
	atf_check -o ignore ${IOC} set 'exec_start=true' web
	atf_check -o match:'running as JID' ${IOC} start web
	atf_check -o match:'vnet0' ${IOC} exec web ip -o link show vnet0
	atf_check -o ignore ${IOC} stop web
	undone web
	no_veth web
}
fail_start_vnet_cleanup()
{
	rt_netns_cleanup web
}

# ------------------------------------------------------------ busy name

# The cgroup dirs a jail NAME of the case would get, v1 and v2.
cg_dirs()
{
	local d

	for d in /sys/fs/cgroup/pids /sys/fs/cgroup/memory /sys/fs/cgroup; do
		[ -w "${d}" ] && [ -e "${d}/cgroup.procs" ] &&
		    echo "${d}/ioc.${SRC}-$1"
	done
}

atf_test_case busy_cgroup cleanup
busy_cgroup_head()
{
	atf_set descr "a jail's cgroup held by a foreign process: start refuses, the process lives"
	atf_set require.user root
	atf_set require.config pool
}
busy_cgroup_body()
{
	local cg pid

	rt_setup
	hooked web
	cg=$(cg_dirs web | head -n 1)
	[ -n "${cg}" ] || atf_skip "no writable cgroup hierarchy"
	echo "${cg}" >busy-cgroup
	mkdir "${cg}" || atf_fail "cannot make ${cg}"
	sleep 600 >/dev/null 2>&1 </dev/null &
	pid=$!
	echo "${pid}" >busy-pid
	echo "${pid}" >"${cg}/cgroup.procs" || atf_fail "cannot move the sleep"
	rt_snap_pool before
	start_fails "^ioc: Jail 'web': cgroup ${cg} is in use by process ${pid}, which is not this jail's\$" web
	hooks_ran "prestart" ""
	# the foreign process is alive and still in its group
	atf_check kill -0 "${pid}"
	atf_check -o inline:"${pid}\n" cat "${cg}/cgroup.procs"
	atf_check -o inline:"no\n" ${IOC} get running web
	atf_check test ! -e "run/jails/${SRC}/web"
	# none of the jail's other groups is left
	for d in $(cg_dirs web); do
		[ "${d}" = "${cg}" ] && continue
		[ ! -e "${d}" ] || atf_fail "cgroup ${d} left behind"
	done
	rt_snap_pool after
	atf_check cmp before after
	# once the process is gone and its group removed, the jail starts
	kill "${pid}"
	wait "${pid}" 2>/dev/null
	rmdir "${cg}" || atf_fail "cannot remove ${cg}"
	atf_check -o match:'running as JID' ${IOC} start web
	atf_check -o ignore ${IOC} stop web
	undone web
}
busy_cgroup_cleanup()
{
	local pid cg

	[ -f busy-pid ] && pid=$(cat busy-pid) && kill "${pid}" 2>/dev/null
	rt_stop web
	if [ -f busy-cgroup ]; then
		cg=$(cat busy-cgroup)
		i=0
		while [ -d "${cg}" ] && ! rmdir "${cg}" 2>/dev/null &&
		    [ ${i} -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	fi
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case userland_freebsd
	atf_add_test_case userland_symlink
	atf_add_test_case symlink_dev
	atf_add_test_case fail_prestart
	atf_add_test_case fail_created
	atf_add_test_case fail_start
	atf_add_test_case fail_poststart
	atf_add_test_case fail_fstab
	atf_add_test_case fail_network
	atf_add_test_case fail_start_vnet
	atf_add_test_case busy_cgroup
}
