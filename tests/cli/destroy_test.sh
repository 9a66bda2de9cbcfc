#! /usr/bin/env atf-sh
#
# destroy_test.sh - ioc destroy on a real pool: jails, templates and
# releases, the question and its refusal without a terminal, dependants,
# and mounts ioc did not make.

. "$(atf_get_srcdir)/lib.sh"

# A root dataset for this test case with release "rel"; sets ROOT, IOC.
setup_root()
{
	local mp r

	ioc_dataset_create
	ROOT=${IOC_DS}
	mkdir -p run
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	IOC="$(ioc_bin) --source t=${ROOT}"
	r="${ROOT}/releases/rel"
	atf_check zfs create -p "${r}/root"
	mp=$(zfs get -H -o value mountpoint "${r}/root")
	mkdir -p "${mp}/bin" "${mp}/etc" "${mp}/dev" "${mp}/var" "${mp}/tmp" \
	    "${mp}/proc" "${mp}/sys" "${mp}/root"
	cp /bin/busybox "${mp}/bin/busybox" || atf_fail "no busybox"
	ln -s busybox "${mp}/bin/sh"
	ln -s busybox "${mp}/bin/sleep"
	echo 'root:x:0:0:root:/root:/bin/sh' >"${mp}/etc/passwd"
	atf_check zfs snapshot "${r}/root@p0"
	atf_check zfs clone -o readonly=on -o canmount=noauto \
	    "${r}/root@p0" "${r}/root-p0"
}

snap_pool()
{
	zfs list -H -o name -t all -r "${ROOT}" | sort >"$1"
}

jail_mp()
{
	zfs get -H -o value mountpoint "${ROOT}/jails/$1"
}

atf_test_case jail cleanup
jail_head()
{
	atf_set descr "destroy -f of jails by name and glob; usage and no match"
	atf_set require.user root
}
jail_body()
{
	local mp

	setup_root
	atf_check -o ignore ${IOC} create -r rel web
	atf_check -o ignore ${IOC} create -c 2 -r rel db
	mp=$(jail_mp web)
	snap_pool before
	atf_check -s exit:2 -o empty \
	    -e match:"No filter specified - cannot select a target to delete" \
	    ${IOC} destroy
	atf_check -s exit:2 -o empty -e match:"No filter specified" \
	    ${IOC} destroy -f
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: No target matched your input\n" \
	    ${IOC} destroy -f nothing
	atf_check -s exit:1 -o empty -e inline:"ioc: No target matched your input\n" \
	    ${IOC} destroy -f -r nothing
	atf_check -s exit:2 -o empty -e match:"exclude" ${IOC} destroy -f -t -r web
	# no terminal and no -f: refused, nothing destroyed, no question
	atf_check -s exit:1 -o empty -e save:err ${IOC} destroy web </dev/null
	ioc_one_line err
	atf_check -o match:"use -f" cat err
	snap_pool after
	atf_check cmp before after
	atf_check -o inline:"${mp} destroyed\n" -e empty ${IOC} destroy -f web
	atf_check -s exit:1 -o ignore -e ignore zfs list "${ROOT}/jails/web"
	[ -e "${mp}" ] && [ -n "$(ls -A "${mp}" 2>/dev/null)" ] &&
	    atf_fail "${mp} still has files"
	# the release's shared snapshot stays
	atf_check -o inline:"${ROOT}/releases/rel/root@p0\n" \
	    zfs list -H -o name -t snapshot -r "${ROOT}/releases"
	# a glob selects several
	atf_check -o inline:"$(jail_mp db_1) destroyed\n$(jail_mp db_2) destroyed\n" \
	    ${IOC} destroy -f 'db_*'
	atf_check -o inline:"${ROOT}/jails\n" zfs list -H -o name -r "${ROOT}/jails"
}
jail_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case ask cleanup
ask_head()
{
	atf_set descr "without -f the targets are listed and confirmed on a tty"
	atf_set require.user root
	atf_set require.progs script
}
ask_body()
{
	local mp

	setup_root
	atf_check -o ignore ${IOC} create -r rel web
	mp=$(jail_mp web)
	snap_pool before
	# "n" (and the default) keeps it
	echo n | script -qec "${IOC} destroy web" /dev/null >out 2>&1
	atf_check -o match:"These jails will be deleted" cat out
	atf_check -o match:"^- web" cat out
	atf_check -o match:"Are you sure\\? \\[y/N\\]" cat out
	atf_check -o match:"aborted" cat out
	snap_pool after
	atf_check cmp before after
	echo y | script -qec "${IOC} destroy web" /dev/null >out 2>&1
	atf_check -o match:"${mp} destroyed" cat out
	atf_check -s exit:1 -o ignore -e ignore zfs list "${ROOT}/jails/web"
}
ask_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case release cleanup
release_head()
{
	atf_set descr "destroy -r refuses a release with dependants, then works"
	atf_set require.user root
}
release_body()
{
	local relmp

	setup_root
	atf_check -o ignore ${IOC} create -r rel a
	atf_check -o ignore ${IOC} create -nb -r rel b
	atf_check -o ignore ${IOC} create -r rel tpl template=yes
	relmp=$(zfs get -H -o value mountpoint "${ROOT}/releases/rel")
	snap_pool before
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Release 'rel' is used by jails: a, b, tpl\n" \
	    ${IOC} destroy -f -r rel
	# the reason comes before any question
	atf_check -s exit:1 -o empty -e match:"is used by jails" \
	    ${IOC} destroy -r rel </dev/null
	# a release is not a jail: plain destroy does not see it
	atf_check -s exit:1 -o empty -e match:"No target matched" \
	    ${IOC} destroy -f rel
	snap_pool after
	atf_check cmp before after
	# several terms must all match (spec §7): a and b are two runs
	atf_check -s exit:1 -o empty -e match:"No target matched" \
	    ${IOC} destroy -f a b
	atf_check -o ignore ${IOC} destroy -f a
	atf_check -o ignore ${IOC} destroy -f b
	atf_check -o ignore ${IOC} destroy -f -t tpl
	atf_check -o inline:"${relmp} destroyed\n" ${IOC} destroy -f -r rel
	atf_check -o inline:"${ROOT}/releases\n" \
	    zfs list -H -o name -t all -r "${ROOT}/releases"
}
release_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case dependants cleanup
dependants_head()
{
	atf_set descr "templates with clones; template snapshot removal"
	atf_set require.user root
}
dependants_body()
{
	setup_root
	atf_check -o ignore ${IOC} create -r rel tpl template=yes
	atf_check -o ignore ${IOC} create -c 2 -t tpl web
	atf_check -o inline:"${ROOT}/jails/tpl/root@web_1\n${ROOT}/jails/tpl/root@web_2\n" \
	    zfs list -H -o name -t snapshot -s name -r "${ROOT}/jails/tpl"
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Template 'tpl' is used by jails: web_1, web_2\n" \
	    ${IOC} destroy -f -t tpl
	# the snapshot goes with the last clone made from it
	atf_check -o ignore ${IOC} destroy -f web_1
	atf_check -o inline:"${ROOT}/jails/tpl/root@web_2\n" \
	    zfs list -H -o name -t snapshot -r "${ROOT}/jails/tpl"
	# a user snapshot of the template is never taken along
	atf_check zfs snapshot "${ROOT}/jails/tpl/root@keep"
	atf_check -o ignore ${IOC} destroy -f web_2
	atf_check -o inline:"${ROOT}/jails/tpl/root@keep\n" \
	    zfs list -H -o name -t snapshot -r "${ROOT}/jails/tpl"
	atf_check -o match:"destroyed" ${IOC} destroy -f -t tpl
}
dependants_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case foreign_mount cleanup
foreign_mount_head()
{
	atf_set descr "a mount ioc did not make below a jail refuses destroy"
	atf_set require.user root
	atf_set require.progs mount umount
}
foreign_mount_body()
{
	local mp

	setup_root
	atf_check -o ignore ${IOC} create -r rel web
	mp=$(jail_mp web)
	atf_check mount -t tmpfs iocforeign "${mp}/root/tmp"
	echo "${mp}/root/tmp" >foreign-mount
	echo precious >"${mp}/root/tmp/file"
	snap_pool before
	atf_check -s exit:1 -o empty -e save:err ${IOC} destroy -f web
	ioc_one_line err
	atf_check -o match:"${mp}/root/tmp \\(tmpfs\\) is mounted below ${mp}" \
	    cat err
	snap_pool after
	atf_check cmp before after
	atf_check -o inline:"precious\n" cat "${mp}/root/tmp/file"
	atf_check umount "${mp}/root/tmp"
	rm foreign-mount
	atf_check -o inline:"${mp} destroyed\n" ${IOC} destroy -f web
}
foreign_mount_cleanup()
{
	[ -f foreign-mount ] && umount "$(cat foreign-mount)"
	ioc_dataset_cleanup
}

atf_test_case running cleanup
running_head()
{
	atf_set descr "a running jail is refused, and stopped first with -f"
	atf_set require.user root
}
running_body()
{
	local mp jid

	setup_root
	atf_check -o ignore ${IOC} create -nb -r rel web
	mp=$(jail_mp web)
	atf_check -o match:"^web running as JID" ${IOC} start web
	echo web >started
	jid=$(${IOC} get jid web)
	snap_pool before
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Jail 'web' is running: stop it first (or use -f)\n" \
	    ${IOC} destroy web </dev/null
	snap_pool after
	atf_check cmp before after
	atf_check -o inline:"yes\n" ${IOC} get running web
	atf_check -o inline:"${mp} destroyed\n" ${IOC} destroy -f web
	rm started
	atf_check -s exit:1 -o ignore -e ignore zfs list "${ROOT}/jails/web"
	state=$(awk '/^State:/ { print $2 }' "/proc/${jid}/status" 2>/dev/null)
	[ -z "${state}" ] || [ "${state}" = Z ] ||
	    atf_fail "the jail's init ${jid} still runs (state ${state})"
}
running_cleanup()
{
	if [ -f started ]; then
		IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent \
		    "$(ioc_bin)" --source "t=$(head -n 1 ioc-test-datasets)" \
		    stop -f web >&2
	fi
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case jail
	atf_add_test_case ask
	atf_add_test_case release
	atf_add_test_case dependants
	atf_add_test_case foreign_mount
	atf_add_test_case running
}
