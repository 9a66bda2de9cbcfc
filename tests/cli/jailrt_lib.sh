# jailrt_lib.sh - helpers of console_test.sh and fstab_test.sh: a source
# on the scratch pool, a busybox release registered with "fetch -b" and
# jails made from it with "create", as a user would make them.
#
# Source it after lib.sh, from atf_init_test_cases or the top of the test
# program. POSIX sh.

RT_APPLETS="sh ls cat echo touch mkdir rm test id sleep tty stty env grep
hostname mount login"

# rt_mkroot DIR: a busybox userland; /usr/bin/login is busybox too.
rt_mkroot()
{
	local a

	mkdir -p "$1/bin" "$1/etc" "$1/dev" "$1/proc" "$1/sys" "$1/tmp" \
	    "$1/var" "$1/root" "$1/usr/bin" "$1/mnt" ||
	    atf_fail "cannot lay out $1"
	cp /bin/busybox "$1/bin/busybox" || atf_fail "no /bin/busybox"
	for a in ${RT_APPLETS}; do
		[ "${a}" = login ] && continue
		ln -s busybox "$1/bin/${a}"
	done
	ln -s ../../bin/busybox "$1/usr/bin/login"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$1/etc/passwd"
	echo 'app:x:1001:1001::/tmp:/bin/sh' >>"$1/etc/passwd"
	printf 'root:x:0:\napp:x:1001:\n' >"$1/etc/group"
}

# rt_setup: the source "t" on a child dataset of the scratch pool, the run
# directory in the work directory; sets ROOT, IOC and J, a jail name of
# this run alone (cgroups are named after jails and are host-wide, so a
# name shared with a test running elsewhere at the same time would mix
# their cgroups up); rt_stop finds J again in the file jail-name.
rt_setup()
{
	atf_require_prog busybox
	J="j$$"
	echo "${J}" >jail-name
	ioc_dataset_create
	ROOT=${IOC_DS}
	mkdir -p run
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	IOC="$(ioc_bin) --source t=${ROOT}"
	atf_check zfs create "${ROOT}/jails"
	atf_check zfs create "${ROOT}/releases"
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

# rt_jail NAME [create options]: a jail of release bb; sets MP to the
# mountpoint of its dataset.
rt_jail()
{
	local name=$1

	shift
	atf_check -o ignore ${IOC} create -r bb "$@" "${name}"
	MP=$(zfs get -H -o value mountpoint "${ROOT}/jails/${name}")
	[ -d "${MP}/root" ] || atf_fail "jail ${name} has no root"
}

# Every dataset and snapshot below ROOT, into file $1.
rt_snap_pool()
{
	zfs list -H -o name -t all -r "${ROOT}" | sort >"$1"
}

# rt_gone NAME: no runtime state, no cgroup, no mount of the jail left.
rt_gone()
{
	local mp

	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/$1")
	atf_check -o inline:"no\n" ${IOC} get running "$1"
	atf_check test ! -e "run/jails/t/$1/state"
	if ls -d /sys/fs/cgroup/*/ioc.t-"$1" /sys/fs/cgroup/ioc.t-"$1" \
	    2>/dev/null | grep -q .; then
		atf_fail "cgroups of $1 left behind"
	fi
	if grep -q " ${mp}/root/" /proc/self/mountinfo; then
		grep " ${mp}/root/" /proc/self/mountinfo
		atf_fail "mounts of $1 left on the host"
	fi
}

# Cleanup: stop the jail of rt_setup if it still runs (the dataset is the
# first that ioc_dataset_create recorded in the work directory).
rt_stop()
{
	local ds

	[ -f ioc-test-datasets ] && [ -f jail-name ] || return 0
	ds=$(head -n 1 ioc-test-datasets)
	IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent \
	    "$(ioc_bin)" --source "t=${ds}" stop -f "$(cat jail-name)" >&2
	return 0
}
