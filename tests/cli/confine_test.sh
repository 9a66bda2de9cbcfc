#! /usr/bin/env atf-sh
#
# confine_test.sh - the confinement of Linux jails, one rule per test case,
# checked from inside a started jail through the real ioc binary: the
# seccomp deny list, the capabilities, the devices cgroup allowlist, the
# masks over /proc and /sys, and securelevel with allow_mount.  The calls
# are made by ioc-probe (tests/helpers/ioc-probe.c, static), which prints
# "OK" or the errno name, so EPERM from the filter can be told apart from
# another refusal.

. "$(atf_get_srcdir)/lib.sh"
. "$(atf_get_srcdir)/jailrt_lib.sh"

# rt_setup, with PROBE set to the built helper and copied into every
# userland, or fail.
setup_root()
{
	PROBE="$(dirname "$(ioc_bin)")/../tests/helpers/ioc-probe"
	[ -x "${PROBE}" ] || atf_fail "${PROBE} was not built"
	RT_BIN_EXTRA=${PROBE}
	rt_setup
}

# probe WANT CALL [PATH]: ioc-probe inside jail J prints WANT.
probe()
{
	local want=$1

	shift
	atf_check -o inline:"${want}\n" ${IOC} exec "${J}" ioc-probe "$@"
}

atf_test_case mknod cleanup
mknod_head()
{
	atf_set descr "mknod fails with EPERM inside a jail"
	atf_set require.user root
	atf_set require.config pool
}
mknod_body()
{
	setup_root
	rt_mkjail "${J}"
	atf_check -o ignore ${IOC} start "${J}"
	probe EPERM mknod /tmp/null
	atf_check -s not-exit:0 -o empty -e match:"Operation not permitted" \
	    ${IOC} exec "${J}" mknod /tmp/zero c 1 5
	atf_check -o ignore ${IOC} stop "${J}"
}
mknod_cleanup()
{
	rt_cleanup
}

atf_test_case mount cleanup
mount_head()
{
	atf_set descr "without allow_mount every mount call fails with EPERM"
	atf_set require.user root
	atf_set require.config pool
}
mount_body()
{
	setup_root
	rt_mkjail "${J}"
	atf_check -o ignore ${IOC} start "${J}"
	probe EPERM mount-tmpfs /mnt
	probe EPERM fsopen
	probe EPERM umount /proc
	probe EPERM remount-rw /
	atf_check -s not-exit:0 -o empty -e match:"permission denied" \
	    ${IOC} exec "${J}" mount -t tmpfs none /mnt
	atf_check -o ignore ${IOC} stop "${J}"
	# allow_mount grants it (CAP_SYS_ADMIN, the calls let through)
	atf_check -o ignore ${IOC} set allow_mount=1 "${J}"
	atf_check -o ignore ${IOC} start "${J}"
	probe OK mount-tmpfs /mnt
	probe OK umount /mnt
	atf_check -o ignore ${IOC} stop "${J}"
}
mount_cleanup()
{
	rt_cleanup
}

atf_test_case raw_socket cleanup
raw_socket_head()
{
	atf_set descr "a raw socket fails with EPERM unless allow_raw_sockets"
	atf_set require.user root
	atf_set require.config pool
}
raw_socket_body()
{
	setup_root
	rt_mkjail "${J}"
	atf_check -o ignore ${IOC} start "${J}"
	probe EPERM rawsock
	atf_check -o ignore ${IOC} stop "${J}"
	atf_check -o ignore ${IOC} set allow_raw_sockets=1 "${J}"
	atf_check -o ignore ${IOC} start "${J}"
	probe OK rawsock
	atf_check -o ignore ${IOC} stop "${J}"
}
raw_socket_cleanup()
{
	rt_cleanup
}

atf_test_case proc_sys cleanup
proc_sys_head()
{
	atf_set descr "/proc/sys and sysrq-trigger are read-only, kernel files masked, /sys read-only"
	atf_set require.user root
	atf_set require.config pool
}
proc_sys_body()
{
	local f

	setup_root
	rt_mkjail "${J}"
	atf_check -o ignore ${IOC} start "${J}"
	probe EROFS write /proc/sys/kernel/hostname
	probe EROFS write /proc/sys/kernel/core_pattern
	if [ -e /proc/sysrq-trigger ]; then
		probe EROFS write /proc/sysrq-trigger
	else
		# this kernel has none: the write fails all the same
		atf_check -o not-inline:"OK\n" \
		    ${IOC} exec "${J}" ioc-probe write /proc/sysrq-trigger
	fi
	# masked: the host's kernel log, symbols, keys, timers read as empty
	for f in kmsg kallsyms keys timer_list sched_debug kcore; do
		[ -e "/proc/${f}" ] || continue
		probe EMPTY read "/proc/${f}"
	done
	# hardware directories are empty
	for f in /proc/acpi /proc/scsi /sys/firmware; do
		[ -d "${f}" ] || continue
		atf_check -o empty ${IOC} exec "${J}" ls -A "${f}"
	done
	for f in /sys/kernel/uevent_helper /sys/kernel/profiling \
	    /sys/kernel/rcu_expedited; do
		[ -f "${f}" ] || continue
		probe EROFS write "${f}"
		break
	done
	atf_check -s not-exit:0 -o empty -e match:"Read-only" \
	    ${IOC} exec "${J}" touch /sys/x
	# the jail's own processes are still there to read
	atf_check -o match:"^Name:" ${IOC} exec "${J}" grep Name /proc/1/status
	atf_check -o ignore ${IOC} stop "${J}"
}
proc_sys_cleanup()
{
	rt_cleanup
}

atf_test_case modules cleanup
modules_head()
{
	atf_set descr "init_module, finit_module and kexec fail with EPERM, from every ABI"
	atf_set require.user root
	atf_set require.config pool
}
modules_body()
{
	local host

	setup_root
	rt_mkjail "${J}"
	atf_check -o ignore ${IOC} start "${J}"
	probe EPERM init_module
	probe EPERM finit_module
	probe EPERM kexec_load
	# i386 (int 0x80) and x32 calls meet the same rules instead of
	# killing the process (128 + SIGSYS) or slipping past; a kernel that
	# has the ABI switched off answers ENOSYS before any filter runs
	for abi in i386 x32; do
		host=$("${PROBE}" "init_module_${abi}")
		case ${host} in
		ENOSYS)
			atf_check -o match:'^(EPERM|ENOSYS)$' \
			    ${IOC} exec "${J}" ioc-probe "init_module_${abi}"
			;;
		UNSUPPORTED) ;;
		*) probe EPERM "init_module_${abi}" ;;
		esac
	done
	atf_check -o ignore ${IOC} stop "${J}"
}
modules_cleanup()
{
	rt_cleanup
}

atf_test_case open_by_handle cleanup
open_by_handle_head()
{
	atf_set descr "open_by_handle_at fails with EPERM from the filter, despite CAP_DAC_READ_SEARCH"
	atf_set require.user root
	atf_set require.config pool
}
open_by_handle_body()
{
	setup_root
	rt_mkjail "${J}"
	# with the capability, the kernel itself answers something else
	atf_check -o not-inline:"EPERM\n" "${PROBE}" open_by_handle_at
	atf_check -o ignore ${IOC} start "${J}"
	atf_check -o match:"CapBnd:" ${IOC} exec "${J}" grep CapBnd /proc/self/status
	probe EPERM open_by_handle_at
	probe EPERM name_to_handle_at /dev/shm
	atf_check -o ignore ${IOC} stop "${J}"
}
open_by_handle_cleanup()
{
	rt_cleanup
}

atf_test_case namespaces_keys cleanup
namespaces_keys_head()
{
	atf_set descr "user namespaces, keyrings, userfaultfd, io_uring and bpf are refused; fork works"
	atf_set require.user root
	atf_set require.config pool
}
namespaces_keys_body()
{
	setup_root
	rt_mkjail "${J}"
	atf_check -o ignore ${IOC} start "${J}"
	probe EPERM unshare-user
	probe EPERM clone-user
	# clone3: ENOSYS, so the C library falls back to clone
	probe ENOSYS clone3
	probe EPERM keyctl
	probe EPERM userfaultfd
	probe EPERM io_uring
	probe EPERM bpf
	# plain processes and pipes still work
	atf_check -o inline:"x\n" ${IOC} exec "${J}" sh -c 'echo $(echo x) | cat'
	atf_check -o ignore ${IOC} stop "${J}"
}
namespaces_keys_cleanup()
{
	rt_cleanup
}

atf_test_case devices cleanup
devices_head()
{
	atf_set descr "the devices cgroup allows only the minimal /dev: a planted node fails with EPERM"
	atf_set require.user root
	atf_set require.config pool
}
devices_body()
{
	local cg

	[ -d /sys/fs/cgroup/devices ] ||
	    atf_skip "no cgroup v1 devices controller on this host"
	setup_root
	rt_mkjail "${J}"
	# nodes planted from the host in the jail's own file system
	atf_check mknod "${MP}/root/tmp/fuse" c 10 229
	atf_check mknod "${MP}/root/tmp/null2" c 1 3
	atf_check -o ignore ${IOC} start "${J}"
	cg="/sys/fs/cgroup/devices/ioc.${SRC}-${J}"
	atf_check test -d "${cg}"
	atf_check -o match:"^c 1:3 rwm$" -o match:"^c 136:\* rwm$" \
	    -o not-match:"^a " cat "${cg}/devices.list"
	probe EPERM open /tmp/fuse
	probe OK open /tmp/null2
	for d in null zero full random urandom ptmx; do
		probe OK open "/dev/${d}"
	done
	# exec joins the group too (entering the namespaces alone does not):
	# at the root of the jail's cgroup namespace, not above it ("/..")
	atf_check -o match:":devices:/\$" \
	    ${IOC} exec "${J}" grep devices /proc/self/cgroup
	atf_check -o ignore ${IOC} stop "${J}"
	atf_check test ! -d "${cg}"
}
devices_cleanup()
{
	rt_cleanup
}

atf_test_case securelevel cleanup
securelevel_head()
{
	atf_set descr "with allow_mount a tmpfs mounts, but securelevel=1 keeps the basedirs read-only"
	atf_set require.user root
	atf_set require.config pool
}
securelevel_body()
{
	setup_root
	rt_basejail "${J}" '"allow_mount": "yes",
    "securelevel": "1"'
	atf_check -o ignore ${IOC} start "${J}"
	probe OK mount-tmpfs /mnt
	atf_check ${IOC} exec "${J}" touch /mnt/x
	probe EPERM remount-rw /bin
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec "${J}" mount -o remount,rw /bin
	atf_check -s not-exit:0 -o empty -e match:"Read-only" \
	    ${IOC} exec "${J}" touch /bin/x
	atf_check -o ignore ${IOC} stop "${J}"
	# securelevel=0: the same remount goes through (the rule is what
	# refused it above)
	atf_check -o ignore ${IOC} set securelevel=0 "${J}"
	atf_check -o ignore ${IOC} start "${J}"
	probe OK remount-rw /bin
	atf_check -o ignore ${IOC} stop "${J}"
	atf_check test ! -e "${MP}/root/bin/x"
}
securelevel_cleanup()
{
	rt_cleanup
}

atf_test_case everywhere cleanup
everywhere_head()
{
	atf_set descr "the init, exec and the exec_start hook all run under the filter; setuid programs work"
	atf_set require.user root
	atf_set require.config pool
}
everywhere_body()
{
	setup_root
	rt_mkjail "${J}" '"exec_start": "ioc-probe keyctl >/tmp/hook"'
	atf_check -o ignore ${IOC} start "${J}"
	atf_check -o inline:"EPERM\n" cat "${MP}/root/tmp/hook"
	atf_check -o match:"^Seccomp:[[:space:]]2$" \
	    ${IOC} exec "${J}" grep '^Seccomp:' /proc/1/status
	atf_check -o match:"^Seccomp:[[:space:]]2$" \
	    ${IOC} exec "${J}" grep '^Seccomp:' /proc/self/status
	# No no_new_privs: a setuid program works inside as in a FreeBSD
	# jail (su, sudo), still under the filter and the bounding set.
	atf_check -o match:"^NoNewPrivs:[[:space:]]0$" \
	    ${IOC} exec "${J}" grep '^NoNewPrivs:' /proc/1/status
	# The init itself holds no capability beyond the jail's set.
	atf_check -o inline:"0\n" ${IOC} exec "${J}" /bin/sh -c \
	    'v=$(sed -n "s/^CapEff:[[:space:]]*//p" /proc/1/status); echo $((0x$v & 0x200000))'
	cp "${PROBE}" "${MP}/root/tmp/suid-probe"
	chmod 4755 "${MP}/root/tmp/suid-probe"
	atf_check -o inline:"1001\n" ${IOC} exec -u app "${J}" ioc-probe euid
	atf_check -o inline:"0\n" ${IOC} exec -u app "${J}" /tmp/suid-probe euid
	atf_check -o inline:"EPERM\n" \
	    ${IOC} exec -u app "${J}" /tmp/suid-probe keyctl
	atf_check -o ignore ${IOC} stop "${J}"
}
everywhere_cleanup()
{
	rt_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case mknod
	atf_add_test_case mount
	atf_add_test_case raw_socket
	atf_add_test_case proc_sys
	atf_add_test_case modules
	atf_add_test_case open_by_handle
	atf_add_test_case namespaces_keys
	atf_add_test_case devices
	atf_add_test_case securelevel
	atf_add_test_case everywhere
}
