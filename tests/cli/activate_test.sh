#! /usr/bin/env atf-sh
#
# activate_test.sh - ioc activate and deactivate on pools the test makes
# itself (sparse files in the case's work directory), next to the suite's
# pool, whose org.freebsd.ioc:active property is restored in every cleanup.

. "$(atf_get_srcdir)/lib.sh"

ACTIVE=org.freebsd.ioc:active
_POOLS=ioc-test-pools

# mkpool SUFFIX: a 100 MiB pool "<suite pool><SUFFIX>" without mountpoint;
# sets POOL to its name.
mkpool()
{
	POOL="$(ioc_pool)$1"
	echo "${POOL}" >>"${_POOLS}"
	truncate -s 100M "${PWD}/${POOL}.img" ||
	    atf_fail "cannot create ${PWD}/${POOL}.img"
	zpool create -f -o cachefile=none -m none "${POOL}" \
	    "${PWD}/${POOL}.img" 2>/dev/null ||
	    atf_fail "zpool create ${POOL} failed"
}

# Common set-up: the environment, three pools A B C, and the guard that
# no pool outside this test has the active property (activate would
# change it).
setup()
{
	local p v

	mkdir -p run
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	IOC=$(ioc_bin)
	P=$(ioc_pool)
	for p in $(zpool list -H -o name); do
		[ "${p}" = "${P}" ] && continue
		v=$(zfs get -H -o source "${ACTIVE}" "${p}")
		[ "${v}" = "-" ] || atf_skip "pool ${p} has ${ACTIVE} set;" \
		    "activate would change it"
	done
	[ "$(zfs get -H -o source "${ACTIVE}" "${P}")" = "-" ] ||
	    atf_fail "${ACTIVE} is set on ${P} before the test"
	mkpool a
	A=${POOL}
	mkpool b
	B=${POOL}
	mkpool c
	C=${POOL}
}

# The state of every pool of the test: properties and datasets.
state()
{
	{
		zfs get -H -o name,value,source "${ACTIVE}" "${P}" "${A}" \
		    "${B}" "${C}"
		zfs list -H -o name,mountpoint -t all -r "${A}" "${B}" "${C}"
	} >"$1" 2>&1
}

# Destroy the pools the test made; unmount through the daemon first.
pools_cleanup()
{
	local p d i rv=0

	zfs inherit "${ACTIVE}" "$(ioc_pool)" 2>/dev/null
	[ -f "${_POOLS}" ] || return 0
	while IFS= read -r p; do
		zpool list -H -o name "${p}" >/dev/null 2>&1 || continue
		zfs list -H -o name -t filesystem -r "${p}" 2>/dev/null |
		    sort -r | while IFS= read -r d; do
			zfs umount "${d}" >/dev/null 2>&1 </dev/null
		done
		i=0
		until zpool destroy -f "${p}" 2>/dev/null; do
			i=$((i + 1))
			[ $i -lt 50 ] || break
			sleep 0.1
		done
		if zpool list -H -o name "${p}" >/dev/null 2>&1; then
			echo "LEAK: pool ${p} could not be destroyed" >&2
			rv=1
		fi
		rm -f "${PWD}/${p}.img"
	done <"${_POOLS}"
	return ${rv}
}

# A jail made by hand in <pool>/iocage/jails.
mkjail()
{
	local mp

	atf_check zfs create "$1/iocage/jails/$2"
	mp=$(zfs get -H -o value mountpoint "$1/iocage/jails/$2")
	printf '{\n    "id": "%s",\n    "release": "13.2-RELEASE"\n}' "$2" \
	    >"${mp}/config.json"
}

atf_test_case activate cleanup
activate_head()
{
	atf_set descr "activate flips the flags of the pools and makes the layout"
	atf_set require.user root
	atf_set require.config pool
}
activate_body()
{
	setup
	atf_check zfs set "${ACTIVE}=yes" "${B}"
	atf_check zfs set "${ACTIVE}=no" "${C}"
	atf_check -o inline:"ZFS pool '${A}' activated\n" -e empty \
	    ${IOC} activate -m "${PWD}/mnt" "${A}"
	atf_check -o inline:"yes\n" zfs get -H -o value "${ACTIVE}" "${A}"
	atf_check -o inline:"no\n" zfs get -H -o value "${ACTIVE}" "${B}"
	# untouched: C said no already, the suite pool never had the flag
	atf_check -o inline:"no\tlocal\n" \
	    zfs get -H -o value,source "${ACTIVE}" "${C}"
	atf_check -o inline:"-\t-\n" \
	    zfs get -H -o value,source "${ACTIVE}" "${P}"
	printf '%s\n' "${A}/iocage	${PWD}/mnt" \
	    "${A}/iocage/jails	${PWD}/mnt/jails" \
	    "${A}/iocage/releases	${PWD}/mnt/releases" >expected
	atf_check -o file:expected \
	    zfs list -H -o name,mountpoint -r "${A}/iocage"
	atf_check -o inline:"yes\n" zfs get -H -o value mounted "${A}/iocage/jails"

	# get and the other commands now use <pool>/iocage as source "ioc"
	mkjail "${A}" web
	atf_check -o inline:"ioc\n" ${IOC} get source web
	atf_check -o inline:"${A}/iocage/jails/web\n" \
	    ${IOC} get dataset_name web
	atf_check -o inline:"${PWD}/mnt/jails/web/root\n" \
	    ${IOC} get root_path web

	# another pool: its own layout, and A's flag goes to no
	atf_check -o inline:"ZFS pool '${B}' activated\n" -e empty \
	    ${IOC} activate "${B}" -m "${PWD}/mntb"
	atf_check -o inline:"no\n" zfs get -H -o value "${ACTIVE}" "${A}"
	atf_check -o inline:"yes\n" zfs get -H -o value "${ACTIVE}" "${B}"
	atf_check -o inline:"${PWD}/mntb\n" \
	    zfs get -H -o value mountpoint "${B}/iocage"
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'web' does not exist\n" \
	    ${IOC} get source web

	# back to A without -m: the existing mountpoint is kept
	atf_check -o inline:"ZFS pool '${A}' activated\n" -e empty \
	    ${IOC} activate "${A}"
	atf_check -o inline:"yes\n" zfs get -H -o value "${ACTIVE}" "${A}"
	atf_check -o inline:"no\n" zfs get -H -o value "${ACTIVE}" "${B}"
	atf_check -o inline:"${PWD}/mnt\n" \
	    zfs get -H -o value mountpoint "${A}/iocage"
	atf_check -o inline:"ioc\n" ${IOC} get source web
}
activate_cleanup()
{
	pools_cleanup
}

atf_test_case already_active cleanup
already_active_head()
{
	atf_set descr "activating an active pool warns, succeeds, honours -m"
	atf_set require.user root
	atf_set require.config pool
}
already_active_body()
{
	setup
	atf_check -o ignore ${IOC} activate -m "${PWD}/mnt" "${A}"
	state before
	atf_check -o inline:"ZFS pool '${A}' activated\n" \
	    -e inline:"ZFS pool '${A}' is already active\n" \
	    ${IOC} activate -m "${PWD}/mnt/" "${A}"
	state after
	atf_check cmp before after
	# a new mountpoint moves the source (and its children with it)
	atf_check -o inline:"ZFS pool '${A}' activated\n" \
	    -e inline:"ZFS pool '${A}' is already active\n" \
	    ${IOC} activate "${A}" --mountpoint "${PWD}/moved"
	atf_check -o inline:"${PWD}/moved\n" \
	    zfs get -H -o value mountpoint "${A}/iocage"
	atf_check -o inline:"${PWD}/moved/releases\n" \
	    zfs get -H -o value mountpoint "${A}/iocage/releases"
	atf_check -o inline:"yes\n" zfs get -H -o value "${ACTIVE}" "${A}"
	# missing children are created again
	_ioc_destroy_tree "${A}/iocage/releases" ||
	    atf_fail "cannot destroy ${A}/iocage/releases"
	atf_check -o ignore -e ignore ${IOC} activate "${A}"
	atf_check -o inline:"${A}/iocage/releases\n" \
	    zfs list -H -o name "${A}/iocage/releases"
}
already_active_cleanup()
{
	pools_cleanup
}

atf_test_case deactivate cleanup
deactivate_head()
{
	atf_set descr "deactivate clears an active pool and never creates anything"
	atf_set require.user root
	atf_set require.config pool
}
deactivate_body()
{
	setup
	atf_check -o ignore ${IOC} activate -m "${PWD}/mnt" "${A}"
	atf_check -o inline:"ZFS pool '${A}' deactivated\n" -e empty \
	    ${IOC} deactivate "${A}"
	atf_check -o inline:"no\n" zfs get -H -o value "${ACTIVE}" "${A}"
	atf_check -s exit:1 -o empty -e match:"not activated yet" \
	    ${IOC} get source web
	# again: a warning, exit 0
	atf_check -o empty -e inline:"ZFS pool '${A}' is not active\n" \
	    ${IOC} deactivate "${A}"
	# a pool that was never active: no dataset, no property appears
	state before
	atf_check -o empty -e inline:"ZFS pool '${C}' is not active\n" \
	    ${IOC} deactivate "${C}"
	state after
	atf_check cmp before after
	atf_check -o inline:"-\t-\n" \
	    zfs get -H -o value,source "${ACTIVE}" "${C}"
	atf_check -s exit:1 -o empty -e inline:"ioc: ZFS pool 'nopool$$' not found\n" \
	    ${IOC} deactivate "nopool$$"
	atf_check -s exit:2 -o empty -e match:"expected one ZPOOL" \
	    ${IOC} deactivate
	atf_check -s exit:2 -o empty -e match:"expected one ZPOOL" \
	    ${IOC} deactivate "${A}" "${B}"
	atf_check -s exit:1 -o empty -e match:"Invalid ZFS pool name" \
	    ${IOC} deactivate "${A}/iocage"
}
deactivate_cleanup()
{
	pools_cleanup
}

atf_test_case refused cleanup
refused_head()
{
	atf_set descr "activate refuses --source, rc.conf sources and bad pools"
	atf_set require.user root
	atf_set require.config pool
}
refused_body()
{
	setup
	atf_check zfs set "${ACTIVE}=yes" "${B}"
	state before
	atf_check -s exit:1 -o empty -e save:err \
	    ${IOC} --source "t=${P}/x" activate -m "${PWD}/mnt" "${A}"
	ioc_one_line err
	atf_check -o match:"activation failed" -o match:"--source" cat err
	printf '# sources\nioc_dataset_x="%s/x" # managed here\n' "${P}" \
	    >rc.conf
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: iocage ZFS source datasets are managed in ${PWD}/rc.conf\n" \
	    env IOC_RC_CONF="${PWD}/rc.conf" \
	    ${IOC} activate -m "${PWD}/mnt" "${A}"
	# an rc.conf without ioc_dataset_* lines is fine (checked below)
	printf 'hostname="h"\n' >rc2.conf
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: ZFS pool 'nopool$$' not found\n" \
	    ${IOC} activate -m "${PWD}/mnt" "nopool$$"
	atf_check -s exit:1 -o empty -e match:"Invalid ZFS pool name 'a/b'" \
	    ${IOC} activate a/b
	atf_check -s exit:1 -o empty -e match:"Invalid mountpoint 'rel/path'" \
	    ${IOC} activate -m rel/path "${A}"
	# a mountpoint that is not free
	mkdir full && touch full/f
	atf_check -s exit:1 -o empty -e match:"the directory is not empty" \
	    ${IOC} activate -m "${PWD}/full" "${A}"
	touch afile
	atf_check -s exit:1 -o empty -e match:"afile/sub" \
	    ${IOC} activate -m "${PWD}/afile/sub" "${A}"
	atf_check -s exit:2 -o empty -e match:"expected ZPOOL" \
	    ${IOC} activate
	atf_check -s exit:2 -o empty -e match:"expected one ZPOOL" \
	    ${IOC} activate "${A}" "${B}"
	atf_check -s exit:2 -o empty -e match:"unknown option" \
	    ${IOC} activate -x "${A}"
	atf_check -s exit:2 -o empty -e match:"-m needs a MOUNTPOINT" \
	    ${IOC} activate "${A}" -m
	state after
	atf_check cmp before after
	atf_check -o inline:"ZFS pool '${A}' activated\n" \
	    env IOC_RC_CONF="${PWD}/rc2.conf" \
	    ${IOC} activate -m "${PWD}/mnt" -- "${A}"
}
refused_cleanup()
{
	pools_cleanup
}

atf_test_case undo cleanup
undo_head()
{
	atf_set descr "a failure after the flags changed restores them"
	atf_set require.user root
	atf_set require.config pool
}
undo_body()
{
	local ro

	setup
	atf_check zfs set "${ACTIVE}=on" "${B}"
	# a read-only file system: the mountpoint looks free, but zfs
	# cannot create the directory there, after the flags were changed
	atf_check zfs create -o "mountpoint=${PWD}/ro" "${C}/ro"
	atf_check zfs set readonly=on "${C}/ro"
	state before
	atf_check -s exit:1 -o empty -e save:err \
	    ${IOC} activate -m "${PWD}/ro/mnt" "${A}"
	ioc_one_line err
	atf_check -o match:"^ioc: iocage ZFS pool activation failed: " cat err
	state after
	atf_check cmp before after
	# B says "on" again (its own word), A has no property again
	atf_check -o inline:"on\tlocal\n" \
	    zfs get -H -o value,source "${ACTIVE}" "${B}"
	atf_check -o inline:"-\t-\n" \
	    zfs get -H -o value,source "${ACTIVE}" "${A}"
	# moving an existing source there fails the same way
	atf_check -o ignore ${IOC} activate -m "${PWD}/mnt" "${A}"
	atf_check zfs set "${ACTIVE}=yes" "${B}"
	atf_check zfs set "${ACTIVE}=no" "${A}"
	state before
	atf_check -s exit:1 -o empty -e match:"activation failed" \
	    ${IOC} activate -m "${PWD}/ro/mnt" "${A}"
	state after
	atf_check cmp before after
}
undo_cleanup()
{
	pools_cleanup
}

atf_test_case unavail
unavail_head()
{
	atf_set descr "an UNAVAIL pool is refused"
	atf_set require.user root
}
unavail_body()
{
	# An exported pool is not listed at all, and zfs-fuse keeps a file
	# vdev open, so a pool cannot be made UNAVAIL while it stays
	# imported without risking a suspended pool that hangs the daemon.
	atf_skip "no honest way to make a pool UNAVAIL on this host"
}

atf_init_test_cases()
{
	atf_add_test_case activate
	atf_add_test_case already_active
	atf_add_test_case deactivate
	atf_add_test_case refused
	atf_add_test_case undo
	atf_add_test_case unavail
}
