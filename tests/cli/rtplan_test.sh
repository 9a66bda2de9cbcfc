#! /usr/bin/env atf-sh
#
# rtplan_test.sh - the runtime's per-platform decisions as Linux users see
# them through the real binary: an fstab tmpfs keeps its options at start
# (size= is enforced, mode= applied, mount flags honoured) as a live
# "fstab add" does; options the file system rejects, and types Linux
# cannot mount, fail the start with one line and leave nothing behind.

# rp_jail NAME OPTIONS: a busybox jail with /proc (to read its mount
# table) and dd (which names the errno of a failed write) whose fstab
# holds the line "tmpfs <root>/tmp/t tmpfs OPTIONS 0 0".
rp_jail()
{
	rt_mkjail "$1" '"mount_procfs": "1"'
	ln -s busybox "${MP}/root/bin/dd" || atf_fail "cannot link dd"
	printf 'tmpfs\t%s\ttmpfs\t%s\t0\t0\n' "${MP}/root/tmp/t" "$2" \
	    >"${MP}/fstab" || atf_fail "cannot write the fstab"
}

atf_test_case tmpfs_options cleanup
tmpfs_options_head()
{
	atf_set descr "start mounts an fstab tmpfs with its options: size= is enforced (ENOSPC), mode= and nosuid applied"
	atf_set require.user root
	atf_set require.config pool
}
tmpfs_options_body()
{
	rt_setup
	rp_jail ${J} rw,size=1m,mode=0710,nosuid
	atf_check -o match:"^${J} running as JID [0-9]+\$" ${IOC} start ${J}
	# the tmpfs of the jail's own, 1 MiB: a smaller file fits, more is
	# refused by the file system with ENOSPC
	atf_check -e ignore ${IOC} exec ${J} \
	    dd if=/dev/zero of=/tmp/t/small bs=1000 count=500
	atf_check -s not-exit:0 -o ignore -e match:"No space left on device" \
	    ${IOC} exec ${J} dd if=/dev/zero of=/tmp/t/big bs=1000 count=2000
	atf_check test ! -e "${MP}/root/tmp/t/small"
	# size, mode and the mount flag as the kernel reports them
	atf_check -o match:"^tmpfs /tmp/t tmpfs rw,nosuid,.*size=1024k,mode=710" \
	    ${IOC} exec ${J} grep " /tmp/t " /proc/mounts
	atf_check -o match:"^drwx--x---" ${IOC} exec ${J} ls -ld /tmp/t
	atf_check -o ignore ${IOC} stop ${J}
	rt_gone ${J}
	# read-only with "ro": a write fails with EROFS
	printf 'tmpfs\t%s\ttmpfs\tro,size=64k\t0\t0\n' "${MP}/root/tmp/t" \
	    >"${MP}/fstab"
	atf_check -o ignore ${IOC} start ${J}
	atf_check -o match:"^tmpfs /tmp/t tmpfs ro,.*size=64k" \
	    ${IOC} exec ${J} grep " /tmp/t " /proc/mounts
	atf_check -s not-exit:0 -o ignore -e match:"Read-only file system" \
	    ${IOC} exec ${J} touch /tmp/t/x
	atf_check -o ignore ${IOC} stop ${J}
	rt_gone ${J}
}
tmpfs_options_cleanup()
{
	rt_cleanup
}

atf_test_case bad_tmpfs_option cleanup
bad_tmpfs_option_head()
{
	atf_set descr "a tmpfs option the kernel rejects fails the start with one line, and everything is undone"
	atf_set require.user root
	atf_set require.config pool
}
bad_tmpfs_option_body()
{
	rt_setup
	rp_jail ${J} rw,size=lots
	rt_snap_pool before
	cp "${MP}/fstab" want
	atf_check -s exit:1 -o empty -e match:"^ioc: .*tmp/t.*Invalid argument\$" \
	    ${IOC} start ${J}
	atf_check -o inline:"1\n" sh -c "${IOC} start ${J} 2>&1 | wc -l"
	rt_gone ${J}
	rt_snap_pool after
	atf_check cmp before after
	atf_check cmp want "${MP}/fstab"
	# the same line with a good size starts
	printf 'tmpfs\t%s\ttmpfs\trw,size=2m\t0\t0\n' "${MP}/root/tmp/t" \
	    >"${MP}/fstab"
	atf_check -o ignore ${IOC} start ${J}
	atf_check -o match:"size=2048k" \
	    ${IOC} exec ${J} grep " /tmp/t " /proc/mounts
	atf_check -o ignore ${IOC} stop ${J}
	rt_gone ${J}
}
bad_tmpfs_option_cleanup()
{
	rt_cleanup
}

atf_test_case linux_types cleanup
linux_types_head()
{
	atf_set descr "on Linux an fstab line of another type (procfs) is refused by start and by fstab add; nothing is left"
	atf_set require.user root
	atf_set require.config pool
}
linux_types_body()
{
	rt_setup
	rt_mkjail ${J}
	printf 'proc\t%s\tprocfs\trw\t0\t0\n' "${MP}/root/proc2" >"${MP}/fstab"
	cp "${MP}/fstab" want
	rt_snap_pool before
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Jail '${J}': fstab line 1: file system type 'procfs' is not supported here (nullfs, tmpfs)\n" \
	    ${IOC} start ${J}
	rt_gone ${J}
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: file system type 'linprocfs' is not supported here (nullfs, tmpfs)\n" \
	    ${IOC} fstab add -t linprocfs linproc /compat/proc ${J}
	atf_check test ! -e "${MP}/root/compat"
	rt_snap_pool after
	atf_check cmp before after
	atf_check cmp want "${MP}/fstab"
}
linux_types_cleanup()
{
	rt_cleanup
}

atf_init_test_cases()
{
	. "$(atf_get_srcdir)/lib.sh"
	. "$(atf_get_srcdir)/jailrt_lib.sh"
	atf_add_test_case tmpfs_options
	atf_add_test_case bad_tmpfs_option
	atf_add_test_case linux_types
}
