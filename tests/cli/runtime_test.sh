#! /usr/bin/env atf-sh
#
# runtime_test.sh - start, exec and stop of Linux jails through the real
# ioc binary: namespaces pivoted into the jail's dataset, basejail mounts
# read-only, hooks with the IOC_* environment, confinement, and nothing
# left behind after stop (no process, no mount, no runtime state).

. "$(atf_get_srcdir)/lib.sh"
. "$(atf_get_srcdir)/jailrt_lib.sh"

atf_test_case start_exec_stop cleanup
start_exec_stop_head()
{
	atf_set descr "a standalone jail starts, runs commands, stops cleanly"
	atf_set require.user root
}
start_exec_stop_body()
{
	local jid

	rt_setup
	rt_mkjail web '"host_hostname": "web.example.org"'
	atf_check -o match:'^web running as JID [0-9]+$' ${IOC} start web
	jid=$(${IOC} get jid web)
	atf_check -o inline:"yes\n" ${IOC} get running web
	atf_check test -d "/proc/${jid}"
	atf_check -o inline:"web.example.org\n" ${IOC} exec web hostname
	# its own pid namespace: init is pid 1, the host is not visible
	atf_check -o match:'ioc-init' ${IOC} exec web ps
	atf_check -o inline:"ioc-init\n" ${IOC} exec web cat /proc/1/comm
	# the jail's root is the dataset: a file written inside shows there
	atf_check ${IOC} exec web sh -c 'echo hello >/root/f'
	atf_check -o inline:"hello\n" cat "${MP}/root/root/f"
	# the exit status passes through; options after the jail are its own
	atf_check -s exit:7 ${IOC} exec web sh -c 'exit 7'
	atf_check -o inline:"a\n" ${IOC} exec web -- echo a
	# -u: the jail's own passwd and group decide (the host has no app)
	atf_check -o inline:"1001\n" ${IOC} exec -u app web id -u
	atf_check -o inline:"1001 1002\n" ${IOC} exec -u app web id -G
	atf_check -o inline:"/tmp\n" ${IOC} exec --user=app web sh -c 'echo $HOME'
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: no user 'nosuch' in the jail's /etc/passwd\n" \
	    ${IOC} exec -u nosuch web true
	# nothing of the jail is mounted in the host's namespace
	if grep -q " ${MP}/root/" /proc/self/mountinfo; then
		atf_fail "the jail's mounts are visible on the host"
	fi
	atf_check -o inline:"web is already running - skipping start\n" \
	    ${IOC} start web
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	# -o: this start only; the configuration file is not touched
	cp "${MP}/config.json" config.before
	atf_check -s exit:1 -o empty -e match:"Invalid value for property 'priority'" \
	    ${IOC} start -o priority=abc web
	atf_check -o inline:"no\n" ${IOC} get running web
	atf_check -o match:"running as JID" \
	    ${IOC} start -o host_hostname=once.example.org web
	atf_check -o inline:"once.example.org\n" ${IOC} exec web hostname
	atf_check cmp config.before "${MP}/config.json"
	jid=$(${IOC} get jid web)
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	# gone, or a zombie its new parent (pid 1) has not reaped yet
	state=$(awk '/^State:/ { print $2 }' "/proc/${jid}/status" 2>/dev/null)
	[ -z "${state}" ] || [ "${state}" = Z ] ||
	    atf_fail "the jail's init ${jid} still runs (state ${state})"
	rt_gone web
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'web' is not running\n" \
	    ${IOC} stop web
	atf_check -s exit:1 -o empty -e match:"not running" ${IOC} exec web true
	# the dataset can be renamed again: no namespace holds it
	atf_check zfs umount "${ROOT}/jails/web/root"
	atf_check zfs umount "${ROOT}/jails/web"
	atf_check zfs rename "${ROOT}/jails/web" "${ROOT}/jails/web2"
}
start_exec_stop_cleanup()
{
	rt_cleanup web
}

atf_test_case confinement cleanup
confinement_head()
{
	atf_set descr "a jail's root cannot mknod, mount, use raw sockets or write /proc/sys"
	atf_set require.user root
}
confinement_body()
{
	rt_setup
	rt_mkjail web
	atf_check -o ignore ${IOC} start web
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec web mknod /tmp/null c 1 3
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec web mount -t tmpfs none /tmp
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec web ping -c 1 127.0.0.1
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec web sh -c 'echo 1 >/proc/sys/kernel/ns_last_pid'
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec web cat /proc/kcore
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec web touch /sys/x
	# allow_raw_sockets grants what it says
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	atf_check -o ignore ${IOC} set allow_raw_sockets=1 web
	atf_check -o ignore ${IOC} start web
	atf_check -o ignore -e ignore ${IOC} exec web ping -c 1 127.0.0.1
	atf_check -o ignore ${IOC} stop web
	rt_gone web
}
confinement_cleanup()
{
	rt_cleanup web
}

atf_test_case basejail cleanup
basejail_head()
{
	atf_set descr "a basejail's basedirs are read-only, even after remount"
	atf_set require.user root
}
basejail_body()
{
	rt_setup
	rt_basejail base
	atf_check -o ignore ${IOC} start base
	atf_check ${IOC} exec base test -x /bin/sh
	atf_check -s not-exit:0 -o ignore -e match:"Read-only" \
	    ${IOC} exec base touch /bin/x
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec base mount -o remount,rw /bin
	atf_check -s not-exit:0 -o ignore -e ignore ${IOC} exec base touch /bin/x
	# the rest of the root is the jail's own and writable
	atf_check ${IOC} exec base touch /etc/mine
	atf_check -o ignore ${IOC} stop base
	rt_gone base
	atf_check test -e "${MP}/root/etc/mine"
	atf_check test ! -e "${MP}/root/bin/x"
}
basejail_cleanup()
{
	rt_cleanup base
}

atf_test_case hooks cleanup
hooks_head()
{
	atf_set descr "hooks see IOC_*; a failing hook undoes the start"
	atf_set require.user root
}
hooks_body()
{
	local out=${PWD}/out

	rt_setup
	mkdir -p "${out}"
	rt_mkjail web "\"exec_prestart\": \"env >${out}/pre\",
    \"exec_poststart\": \"env >${out}/post\",
    \"exec_start\": \"echo started >/tmp/started\",
    \"exec_poststop\": \"touch ${out}/poststop\",
    \"user\": {
        \"owner\": \"ops\"
    }"
	export IOC_TEST_MARKER=leak
	atf_check -o match:'running as JID' ${IOC} start web
	jid=$(${IOC} get jid web)
	atf_check -o match:"^IOC_JAIL_PATH=${MP}/root\$" cat "${out}/pre"
	atf_check -o match:'^IOC_JID=None$' cat "${out}/pre"
	atf_check -o match:"^IOC_JID=${jid}\$" cat "${out}/post"
	atf_check -o match:'^IOC_USER_OWNER=ops$' cat "${out}/post"
	atf_check -o match:'^IOC_VNET=no$' cat "${out}/post"
	# exec_clean (default 1): the caller's environment is not passed on
	atf_check -s exit:1 -o empty grep '^IOC_TEST_MARKER' "${out}/pre"
	atf_check -o inline:"started\n" cat "${MP}/root/tmp/started"
	atf_check -o ignore ${IOC} stop web
	atf_check test -e "${out}/poststop"
	# a failing exec_start: the jail is stopped again, nothing is left
	atf_check -o ignore ${IOC} set 'exec_start=exit 3' web
	atf_check -s exit:1 -o empty -e save:err ${IOC} start web
	ioc_one_line err
	atf_check -o match:'exec_start' cat err
	rt_gone web
	# a failing exec_prestart: nothing was started
	atf_check -o ignore ${IOC} set exec_start exec_prestart=false web
	atf_check -s exit:1 -o empty -e match:'exec_prestart' ${IOC} start web
	rt_gone web
}
hooks_cleanup()
{
	rt_cleanup web
}

atf_test_case resolver_symlink cleanup
resolver_symlink_head()
{
	atf_set descr "a symlink planted at etc/resolv.conf never leads a write out"
	atf_set require.user root
}
resolver_symlink_body()
{
	rt_setup
	rt_mkjail web '"resolver": "192.0.2.53;search example.org"'
	echo original >outside
	ln -s "${PWD}/outside" "${MP}/root/etc/resolv.conf"
	atf_check -o ignore ${IOC} start web
	atf_check -o inline:"original\n" cat outside
	atf_check -o inline:"nameserver 192.0.2.53\nsearch example.org\n" \
	    ${IOC} exec web cat /etc/resolv.conf
	atf_check test ! -L "${MP}/root/etc/resolv.conf"
	atf_check -o ignore ${IOC} stop web
}
resolver_symlink_cleanup()
{
	rt_cleanup web
}

atf_test_case restart cleanup
restart_head()
{
	atf_set descr "soft restart runs exec_stop and exec_start inside; -s restarts fully"
	atf_set require.user root
}
restart_body()
{
	local jid

	rt_setup
	rt_mkjail web '"exec_start": "echo start >>/tmp/log",
    "exec_stop": "echo stop >>/tmp/log"'
	atf_check -o ignore ${IOC} start web
	jid=$(${IOC} get jid web)
	atf_check -o inline:"web restarted (JID ${jid})\n" ${IOC} restart web
	atf_check -o inline:"start\nstop\nstart\n" cat "${MP}/root/tmp/log"
	atf_check -o inline:"${jid}\n" ${IOC} get jid web
	atf_check -o match:'^web restarted' ${IOC} restart -s web
	atf_check -o inline:"start\nstop\nstart\nstop\nstart\n" \
	    cat "${MP}/root/tmp/log"
	[ "$(${IOC} get jid web)" != "${jid}" ] ||
	    atf_fail "restart -s kept the same init"
	atf_check -o ignore ${IOC} stop web
	atf_check -s exit:1 -o empty -e match:"not running" ${IOC} restart web
	rt_gone web
}
restart_cleanup()
{
	rt_cleanup web
}

atf_test_case fstab cleanup
fstab_head()
{
	atf_set descr "fstab lines are mounted inside the jail, never through a symlink out"
	atf_set require.user root
}
fstab_body()
{
	rt_setup
	rt_mkjail web
	mkdir -p share rwshare outside
	echo shared >share/file
	printf 'keep\n' >outside/keep
	ln -s "${PWD}/outside" "${MP}/root/evil"
	printf '# data\n%s\t%s\tnullfs\tro\t0\t0\n%s\t%s\tnullfs\trw\t0\t0\n%s\t%s\tnullfs\tro\t0\t0\n' \
	    "${PWD}/share" "${MP}/root/mnt/data" \
	    "${PWD}/rwshare" "${MP}/root/srv/rw" \
	    "${PWD}/share" "${MP}/root/evil/x" >"${MP}/fstab"
	atf_check -o ignore ${IOC} start web
	atf_check -o inline:"shared\n" ${IOC} exec web cat /mnt/data/file
	atf_check -s not-exit:0 -o ignore -e match:"Read-only" \
	    ${IOC} exec web touch /mnt/data/new
	atf_check ${IOC} exec web sh -c 'echo w >/srv/rw/f'
	atf_check -o inline:"w\n" cat rwshare/f
	# evil -> host dir: resolved inside the jail, the host dir untouched
	atf_check -o inline:"shared\n" ${IOC} exec web cat /evil/x/file
	atf_check -o inline:"keep\n" ls outside
	atf_check -o ignore ${IOC} stop web
	rt_gone web
	# a missing source, a destination outside the root: start fails,
	# nothing is left running
	printf '/nonexistent/src\t%s\tnullfs\tro\t0\t0\n' \
	    "${MP}/root/mnt/data" >"${MP}/fstab"
	atf_check -s exit:1 -o empty -e match:"/nonexistent/src" ${IOC} start web
	rt_gone web
	printf '%s\t/tmp/elsewhere\tnullfs\tro\t0\t0\n' "${PWD}/share" \
	    >"${MP}/fstab"
	atf_check -s exit:1 -o empty -e match:"not in the jail root" \
	    ${IOC} start web
	rt_gone web
}
fstab_cleanup()
{
	rt_cleanup web
}

atf_test_case filters_rc cleanup
filters_rc_head()
{
	atf_set descr "start/stop select by filter; --rc follows boot and priority"
	atf_set require.user root
}
filters_rc_body()
{
	rt_setup
	rt_mkjail app '"boot": "yes", "priority": "20"'
	rt_mkjail db '"boot": "yes", "priority": "10"'
	rt_mkjail tool '"boot": "no"'
	# --rc: boot=yes only, lowest priority first
	atf_check -o save:out ${IOC} start --rc
	atf_check -o inline:"db\napp\n" sh -c "cut -d' ' -f1 out"
	atf_check -o inline:"no\n" ${IOC} get running tool
	# a glob starts what is not running yet and skips the rest
	atf_check -o save:out2 ${IOC} start '*'
	atf_check -o match:"^app is already running - skipping start$" cat out2
	atf_check -o match:"^tool running as JID [0-9]+$" cat out2
	# stop --rc: every running jail, highest priority first
	atf_check -o save:out3 ${IOC} stop --rc
	atf_check -o inline:"app\ndb\ntool\n" sh -c "cut -d' ' -f1 out3 | sort"
	atf_check -o inline:"app stopped\n" sh -c "grep -E '^(app|db) ' out3 | head -n 1"
	rt_gone app
	rt_gone db
	rt_gone tool
	atf_check -s exit:2 -o empty -e match:"takes no filters" ${IOC} start --rc app
	atf_check -s exit:1 -o empty -e match:"No jails matched" ${IOC} start 'nothing*'
}
filters_rc_cleanup()
{
	rt_cleanup app db tool
}

atf_test_case limits cleanup
limits_head()
{
	atf_set descr "maxproc and memoryuse are enforced by cgroups, removed at stop"
	atf_set require.user root
}
limits_body()
{
	local cg

	[ -d /sys/fs/cgroup/pids ] && [ -d /sys/fs/cgroup/memory ] ||
	    atf_skip "needs the v1 pids and memory controllers"
	rt_setup
	rt_mkjail web '"maxproc": "20", "memoryuse": "64M:deny"'
	atf_check -o ignore ${IOC} start web
	cg=/sys/fs/cgroup/pids/ioc.${SRC}-web
	atf_check -o inline:"20\n" cat "${cg}/pids.max"
	atf_check -o inline:"67108864\n" \
	    cat /sys/fs/cgroup/memory/ioc.${SRC}-web/memory.limit_in_bytes
	atf_check -o match:"^$(${IOC} get jid web)\$" cat "${cg}/cgroup.procs"
	# 40 background sleeps: the pids limit refuses forks past 20 tasks
	atf_check -s ignore -o ignore -e ignore ${IOC} exec web sh -c \
	    'for i in $(seq 40); do sleep 5 & done'
	[ "$(cat "${cg}/pids.current")" -le 20 ] ||
	    atf_fail "$(cat "${cg}/pids.current") tasks under pids.max 20"
	atf_check -o match:'^max [1-9]' cat "${cg}/pids.events"
	# 200 MB in a 64 MB jail: killed
	atf_check -s not-exit:0 -o ignore -e ignore ${IOC} exec web sh -c \
	    'x=$(head -c 200000000 /dev/zero | tr "\\0" a); echo ${#x}'
	atf_check -o ignore ${IOC} stop -f web
	atf_check test ! -d "${cg}"
	atf_check test ! -d /sys/fs/cgroup/memory/ioc.${SRC}-web
	# a limit Linux cannot enforce: an error with rlimits=yes
	atf_check -o ignore ${IOC} set rlimits=yes nthr=10 web
	atf_check -s exit:1 -o empty -e match:"nthr=10:deny cannot be enforced on Linux" \
	    ${IOC} start web
	rt_gone web
	atf_check test ! -d "${cg}"
}
limits_cleanup()
{
	rt_cleanup web
}

atf_test_case crash_recovery cleanup
crash_recovery_head()
{
	atf_set descr "a jail whose init was killed is seen stopped and starts again"
	atf_set require.user root
}
crash_recovery_body()
{
	local jid

	rt_setup
	rt_mkjail web
	atf_check -o ignore ${IOC} start web
	jid=$(${IOC} get jid web)
	kill -9 "${jid}"
	i=0
	while [ -d "/proc/${jid}" ] && [ $i -lt 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
	atf_check -o inline:"no\n" ${IOC} get running web
	atf_check -o match:'running as JID' ${IOC} start web
	atf_check -o ignore ${IOC} stop web
	rt_gone web
	# a template never starts
	atf_check -o ignore ${IOC} set template=yes web
	atf_check -s exit:1 -o empty -e match:"is a template" ${IOC} start web
}
crash_recovery_cleanup()
{
	rt_cleanup web
}

atf_init_test_cases()
{
	atf_add_test_case start_exec_stop
	atf_add_test_case confinement
	atf_add_test_case basejail
	atf_add_test_case hooks
	atf_add_test_case resolver_symlink
	atf_add_test_case restart
	atf_add_test_case fstab
	atf_add_test_case filters_rc
	atf_add_test_case limits
	atf_add_test_case crash_recovery
}
