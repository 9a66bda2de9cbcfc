# jailrt_lib.sh - helpers of the tests that start jails (runtime_test.sh,
# confine_test.sh, net_test.sh, lifecycle_test.sh, console_test.sh,
# fstab_test.sh): a source of the case's own on the scratch pool, a busybox
# userland, jails made from it by hand or as a user makes them ("fetch -b"
# and "create"), the check that a stopped jail left nothing behind and the
# cleanup that stops what a body left running.
#
# Source it after lib.sh. A Kyuafile of a subset (IOC_KYUAFILE, see
# tests/run) needs it beside lib.sh and the test programs. POSIX sh.
#
# The source name is unique to the test case's run (rt<pid>): cgroups are
# named ioc.<source>-<jail> and are the host's, so a name shared with a
# test running elsewhere at the same time would mix their cgroups up.

# Every applet a test runs in a jail; /usr/bin/login is busybox too.
RT_APPLETS="sh ls cat echo touch mkdir rm test id sleep tty stty env grep
hostname mount ps mknod ping kill head tr seq wc ip nc true"

# rt_mkroot DIR: a busybox userland with the users root and app (1001, a
# member of the group dev, 1002), and in /bin the host programs that
# RT_BIN_EXTRA lists (static ones: test helpers).
rt_mkroot()
{
	local a f

	mkdir -p "$1/bin" "$1/etc" "$1/dev" "$1/proc" "$1/sys" "$1/tmp" \
	    "$1/var" "$1/root" "$1/usr/bin" "$1/mnt" ||
	    atf_fail "cannot lay out $1"
	cp /bin/busybox "$1/bin/busybox" || atf_fail "no /bin/busybox"
	for f in ${RT_BIN_EXTRA:-}; do
		cp "${f}" "$1/bin/" || atf_fail "cannot copy ${f}"
	done
	for a in ${RT_APPLETS}; do
		ln -s busybox "$1/bin/${a}"
	done
	ln -s ../../bin/busybox "$1/usr/bin/login"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$1/etc/passwd"
	echo 'app:x:1001:1001::/tmp:/bin/sh' >>"$1/etc/passwd"
	printf 'root:x:0:\napp:x:1001:\ndev:x:1002:app\n' >"$1/etc/group"
}

# rt_setup: the source SRC (rt<pid>) on a child dataset ROOT of the
# scratch pool with jails/ and releases/, the run directory in the work
# directory; sets IOC and J (a jail name for cases with one jail).
# rt_stop finds the source and J again in the files source-name and
# jail-name.
rt_setup()
{
	atf_require_prog busybox
	SRC="rt$$"
	J="j$$"
	echo "${SRC}" >source-name
	echo "${J}" >jail-name
	ioc_dataset_create
	ROOT=${IOC_DS}
	atf_check zfs create "${ROOT}/jails"
	atf_check zfs create "${ROOT}/releases"
	mkdir -p run
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	IOC="$(ioc_bin) --source ${SRC}=${ROOT}"
}

# _rt_config FILE ID BASEJAIL RELEASE [CONFIG-JSON-BODY]: a config.json.
_rt_config()
{
	printf '{\n    "basejail": "%s",\n    "id": "%s",\n    "release": "%s"%s\n}' \
	    "$3" "$2" "$4" "${5:+,
    $5}" >"$1" || atf_fail "cannot write $1"
}

# rt_mkjail NAME [CONFIG-JSON-BODY]: a standalone jail with a busybox
# root, made by hand; sets MP to the mountpoint of its dataset.
rt_mkjail()
{
	atf_check zfs create "${ROOT}/jails/$1"
	atf_check zfs create "${ROOT}/jails/$1/root"
	MP=$(zfs get -H -o value mountpoint "${ROOT}/jails/$1")
	rt_mkroot "${MP}/root"
	_rt_config "${MP}/config.json" "$1" no none "$2"
}

# rt_basejail NAME [CONFIG-JSON-BODY]: release bb made by hand (bb/root
# with a busybox userland, its snapshot p0 and the read-only clone root-p0
# that start mounts) and a basejail of it whose root is a clone of
# bb/root@p0; sets MP. Once per case.
rt_basejail()
{
	local rel

	atf_check zfs create -p "${ROOT}/releases/bb/root"
	rel=$(zfs get -H -o value mountpoint "${ROOT}/releases/bb/root")
	rt_mkroot "${rel}"
	atf_check zfs snapshot "${ROOT}/releases/bb/root@p0"
	atf_check zfs clone -o readonly=on -o canmount=noauto \
	    "${ROOT}/releases/bb/root@p0" "${ROOT}/releases/bb/root-p0"
	atf_check zfs create "${ROOT}/jails/$1"
	atf_check zfs clone "${ROOT}/releases/bb/root@p0" \
	    "${ROOT}/jails/$1/root"
	MP=$(zfs get -H -o value mountpoint "${ROOT}/jails/$1")
	_rt_config "${MP}/config.json" "$1" yes bb "$2"
}

# rt_release NAME: a busybox release registered with "ioc fetch -b".
rt_release()
{
	local mp

	atf_check zfs create -p "${ROOT}/releases/$1/root"
	mp=$(zfs get -H -o value mountpoint "${ROOT}/releases/$1/root")
	rt_mkroot "${mp}"
	atf_check -o ignore -e ignore ${IOC} fetch -r "$1" -b
}

# rt_jail NAME [create options]: a jail of release bb made with "ioc
# create"; sets MP to the mountpoint of its dataset.
rt_jail()
{
	local name=$1

	shift
	atf_check -o ignore ${IOC} create -r bb "$@" "${name}"
	MP=$(zfs get -H -o value mountpoint "${ROOT}/jails/${name}")
	[ -d "${MP}/root" ] || atf_fail "jail ${name} has no root"
}

# Every dataset and snapshot below ROOT, sorted, into file $1.
rt_snap_pool()
{
	zfs list -H -o name -t all -r "${ROOT}" >"$1.unsorted" ||
	    atf_fail "zfs list failed"
	sort "$1.unsorted" >"$1" || atf_fail "sort failed"
	rm -f "$1.unsorted"
}

# rt_gone NAME: the jail is not running and left nothing: no runtime state
# directory, no cgroup ioc.<source>-<name> (nor a process in one), no
# mount below its root in the host's namespace.
rt_gone()
{
	local mp cg

	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/$1")
	atf_check -o inline:"no\n" ${IOC} get running "$1"
	atf_check test ! -e "run/jails/${SRC}/$1"
	for cg in /sys/fs/cgroup/*/ioc."${SRC}-$1" \
	    /sys/fs/cgroup/ioc."${SRC}-$1"; do
		[ -e "${cg}" ] || continue
		cat "${cg}/cgroup.procs" 2>/dev/null
		atf_fail "cgroup ${cg} left behind"
	done
	if grep -q " ${mp}/root/" /proc/self/mountinfo; then
		grep " ${mp}/root/" /proc/self/mountinfo
		atf_fail "mounts of $1 left on the host"
	fi
}

# Cleanup: stop -f the jails NAME... (J when none is named) that the body
# may have left running; the source and its dataset (the first one
# ioc_dataset_create recorded) come from the work directory. RT_WRAP, when
# set, is a command prefix to run ioc with (a namespace to enter).
rt_stop()
{
	local ds src j

	[ -f ioc-test-datasets ] && [ -f source-name ] || return 0
	ds=$(head -n 1 ioc-test-datasets)
	src=$(cat source-name)
	if [ $# -eq 0 ]; then
		[ -f jail-name ] || return 0
		set -- "$(cat jail-name)"
	fi
	for j in "$@"; do
		IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent \
		    ${RT_WRAP:-} "$(ioc_bin)" --source "${src}=${ds}" \
		    stop -f "${j}" >&2
	done
	return 0
}

# Cleanup: rt_stop NAME..., then destroy the case's datasets (its status:
# a dataset left behind breaks the case).
rt_cleanup()
{
	rt_stop "$@"
	ioc_dataset_cleanup
}

# A private network namespace for the case, held by a sleeping process
# whose pid is in the file netns.pid; N runs a command in it.  VNET tests
# run ioc through N so that bridges and veths never touch the host's.
rt_netns()
{
	local i=0

	atf_require_prog unshare
	atf_require_prog nsenter
	atf_require_prog ip
	unshare --net sleep 3600 >/dev/null 2>&1 </dev/null &
	echo $! >netns.pid
	while [ "$(readlink "/proc/$!/ns/net")" = "$(readlink /proc/self/ns/net)" ]; do
		[ ${i} -lt 100 ] || atf_fail "the test's network namespace did not appear"
		sleep 0.02
		i=$((i + 1))
	done
	N="nsenter --net=/proc/$(cat netns.pid)/ns/net --"
	atf_check ${N} ip link set lo up
}

# rt_netns_cleanup JAIL...: stop the jails from inside the case's network
# namespace, end it and remove the case's datasets.
rt_netns_cleanup()
{
	local nsp=

	if [ -f netns.pid ]; then
		nsp=$(cat netns.pid)
		[ -e "/proc/${nsp}/ns/net" ] &&
		    RT_WRAP="nsenter --net=/proc/${nsp}/ns/net --"
	fi
	rt_stop "$@"
	[ -n "${nsp}" ] && kill "${nsp}" 2>/dev/null
	ioc_dataset_cleanup
}
