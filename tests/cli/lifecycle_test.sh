#! /usr/bin/env atf-sh
#
# lifecycle_test.sh - the life of running jails around start and stop:
# exec and stop of a running jail without a zfs call (its runtime state
# says where it is), one start of a jail from two processes at once, a
# kill -9 of ioc during start and the recovery (also at the exact moment
# between creating the init and recording it), depends (order, cycles,
# missing and failing dependencies), --rc by priority with depends.
#
# Every case uses its own source name (rt<pid>, jailrt_lib.sh), so that
# its jails' kernel names and cgroups (ioc.<source>-<name>) never meet
# another run's.

. "$(atf_get_srcdir)/lib.sh"
. "$(atf_get_srcdir)/jailrt_lib.sh"

# rt_setup, with the hook log LOG.
setup_root()
{
	rt_setup
	LOG=${PWD}/hooks.log
	: >"${LOG}"
}

# mkjail NAME [CONFIG-JSON-BODY]: rt_mkjail, with an exec_prestart and an
# exec_prestop that append "start NAME" and "stop NAME" to the hook log.
mkjail()
{
	rt_mkjail "$1" "\"exec_prestart\": \"echo start $1 >>${LOG}\",
    \"exec_prestop\": \"echo stop $1 >>${LOG}\"${2:+,
    $2}"
}

# The pids of the inits of jail $1 (by their cgroup), one per line.
inits_of()
{
	local p

	for p in /proc/[0-9]*; do
		[ "$(cat "${p}/comm" 2>/dev/null)" = ioc-init ] || continue
		grep -q "/ioc.${SRC}-$1\$" "${p}/cgroup" 2>/dev/null &&
		    echo "${p#/proc/}"
	done
	return 0
}

# Cleanup: kill what the body recorded, then rt_cleanup NAME...
cleanup_jails()
{
	local p

	for p in $(cat pids 2>/dev/null); do
		kill -9 "${p}" 2>/dev/null
	done
	rt_cleanup "$@"
}

# Fail when the spam log $1 shows a zfs or zpool command.
no_zfs_in()
{
	if grep -E 'Executing: (/[^ ]*/)?(zfs|zpool) ' "$1"; then
		atf_fail "$2 ran zfs"
	fi
}

atf_test_case no_zfs_exec_stop cleanup
no_zfs_exec_stop_head()
{
	atf_set descr "exec and stop of a running jail make no zfs call; start makes one, a basejail's too"
	atf_set require.user root
	atf_set require.config pool
}
no_zfs_exec_stop_body()
{
	setup_root
	mkjail web '"exec_poststop": "echo poststop $IOC_ALLOW_RAW_SOCKETS >>'"${LOG}"'"'
	atf_check -o match:'^web running as JID [0-9]+$' -e save:start.log \
	    ${IOC} -d spam start web
	# spam logs every command: a stopped jail costs one zfs call
	atf_check -o match:'^1$' sh -c \
	    "grep -cE 'Executing: (/[^ ]*/)?zfs ' start.log"
	atf_check -o inline:"web\n" -e save:exec.log \
	    ${IOC} -d spam exec web hostname
	no_zfs_in exec.log "exec"
	atf_check -o inline:"1001\n" -e save:exec2.log \
	    ${IOC} -d spam exec -u app "${SRC}/web" id -u
	no_zfs_in exec2.log "exec -u"
	atf_check -s exit:3 -e save:exec3.log \
	    ${IOC} -d spam exec web sh -c 'exit 3'
	no_zfs_in exec3.log "exec"
	atf_check -o inline:"web is already running - skipping start\n" \
	    -e save:start2.log ${IOC} -d spam start web
	no_zfs_in start2.log "start of a running jail"
	atf_check -o inline:"web stopped\n" -e save:stop.log \
	    ${IOC} -d spam stop web
	no_zfs_in stop.log "stop"
	# the hooks ran, with the configuration read from its file
	atf_check -o match:"Executing: /bin/sh -c 'echo stop web" cat stop.log
	atf_check -o inline:"start web\nstop web\npoststop 0\n" cat "${LOG}"
	rt_gone web
	# not running: exec and stop say so (through the zfs path)
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'web' is not running\n" \
	    ${IOC} exec web true
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'web' is not running\n" \
	    ${IOC} stop web
	# a record of another source is never used for this one
	atf_check -o ignore ${IOC} start web
	atf_check -s exit:1 -o empty -e match:"does not exist" \
	    env IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent \
	    "$(ioc_bin)" --source "${SRC}=${ROOT}/jails" exec web true
	atf_check -o ignore ${IOC} stop web
	rt_gone web
	# a basejail start finds its release clone in that same one listing
	# (the jail and releases/, two levels); the clone is canmount=noauto,
	# so the first start after it was unmounted adds one zfs mount of it
	rt_basejail base
	local clone="${ROOT}/releases/bb/root-p0"
	# (zfs-fuse mounts a new clone even with canmount=noauto)
	[ "$(zfs get -H -o value mounted "${clone}")" = no ] ||
	    atf_check zfs umount "${clone}"
	zfs_calls base "list -H -o name,mountpoint,mounted,[^ ]+ -t filesystem,volume -r -d 2 ${ROOT} ${ROOT}/jails/base ${ROOT}/releases" \
	    "mount ${clone}"
	atf_check -o inline:"yes\n" zfs get -H -o value mounted "${clone}"
	atf_check -o ignore ${IOC} exec base test -x /bin/sh
	atf_check -o ignore ${IOC} stop base
	# the clone stays mounted for the next basejail: one listing only
	zfs_calls base "list -H -o name,mountpoint,mounted,[^ ]+ -t filesystem,volume -r -d 2 ${ROOT} ${ROOT}/jails/base ${ROOT}/releases"
	atf_check -o ignore ${IOC} stop base
	atf_check zfs umount "${clone}"
	zfs_calls base "list -H -o name,mountpoint,mounted,[^ ]+ -t filesystem,volume -r -d 2 ${ROOT} ${ROOT}/jails/base ${ROOT}/releases" \
	    "mount ${clone}"
	atf_check -o ignore ${IOC} stop base
	rt_gone base
}
no_zfs_exec_stop_cleanup()
{
	cleanup_jails web base
}

# zfs_calls JAIL ERE...: "ioc -d spam start JAIL" runs exactly the zfs
# commands the EREs match (each a whole argv after "zfs "), in order.
zfs_calls()
{
	local j=$1 i=0 re

	shift
	atf_check -o match:"^$j running as JID [0-9]+\$" -e save:bstart.log \
	    ${IOC} -d spam start "$j"
	grep -E 'Executing: (/[^ ]*/)?(zfs|zpool) ' bstart.log |
	    sed -E 's/.*Executing: (\/[^ ]*\/)?zfs //' >bcalls
	for re in "$@"; do
		i=$((i + 1))
		sed -n "${i}p" bcalls | grep -qxE -- "${re}" ||
		    atf_fail "zfs call ${i} of start $j is not '${re}': $(cat bcalls)"
	done
	[ "$(wc -l <bcalls)" -eq $# ] ||
	    atf_fail "start $j ran $(wc -l <bcalls) zfs commands, not $#: $(cat bcalls)"
}

atf_test_case concurrent_start cleanup
concurrent_start_head()
{
	atf_set descr "two processes starting one jail at once start it once"
	atf_set require.user root
	atf_set require.config pool
}
concurrent_start_body()
{
	local ok busy

	setup_root
	mkjail web '"exec_created": "sleep 1"'
	${IOC} start web >out1 2>err1 &
	p1=$!
	${IOC} start web >out2 2>err2 &
	p2=$!
	wait ${p1}
	s1=$?
	wait ${p2}
	s2=$?
	cat out1 out2 err1 err2
	ok=$(cat out1 out2 | grep -c '^web running as JID')
	[ "${ok}" -eq 1 ] || atf_fail "${ok} starts succeeded"
	[ $((s1 + s2)) -eq 1 ] || atf_fail "exit statuses ${s1} and ${s2}"
	# the loser failed fast on the jail's lock and said so in one line
	busy=$(cat err1 err2)
	case ${busy} in
	"ioc: Jail 'web': "*busy*) ;;
	*) atf_fail "unexpected error: ${busy}" ;;
	esac
	atf_check -o inline:"1\n" sh -c "cat err1 err2 | wc -l | tr -d ' '"
	atf_check -o inline:"start web\n" cat "${LOG}"
	[ "$(inits_of web | wc -l)" -eq 1 ] ||
	    atf_fail "jail inits: $(inits_of web | tr '\n' ' ')"
	atf_check -o inline:"$(inits_of web)\n" ${IOC} get jid web
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	[ -z "$(inits_of web)" ] || atf_fail "an init survived stop"
	rt_gone web
}
concurrent_start_cleanup()
{
	cleanup_jails web
}

# Run "ioc start web" in the background until file $1 exists, then kill
# -9 it.
start_and_kill()
{
	local i=0

	${IOC} start web >start.out 2>&1 &
	p=$!
	while [ ! -e "$1" ] && [ ${i} -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -e "$1" ] || atf_fail "start never reached the hook ($1)"
	kill -9 ${p}
	wait ${p} 2>/dev/null
}

atf_test_case kill_during_start cleanup
kill_during_start_head()
{
	atf_set descr "kill -9 of ioc during start: stop and start recover, nothing leaks"
	atf_set require.user root
	atf_set require.config pool
}
kill_during_start_body()
{
	local jid

	setup_root
	# killed inside exec_start: the jail exists, its state is recorded
	mkjail web '"exec_start": "touch /tmp/started; sleep 30"'
	start_and_kill "${MP}/root/tmp/started"
	atf_check -o inline:"yes\n" ${IOC} get running web
	jid=$(${IOC} get jid web)
	[ "$(inits_of web)" = "${jid}" ] ||
	    atf_fail "inits $(inits_of web | tr '\n' ' '), jid ${jid}"
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	# gone, or a zombie its new parent has not reaped yet
	state=$(awk '/^State:/ { print $2 }' "/proc/${jid}/status" 2>/dev/null)
	[ -z "${state}" ] || [ "${state}" = Z ] ||
	    atf_fail "the jail's init ${jid} still runs (state ${state})"
	rt_gone web
	atf_check -o ignore ${IOC} set exec_start web
	atf_check -o match:'^web running as JID' ${IOC} start web
	atf_check -o inline:"web\n" ${IOC} exec web hostname
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	rt_gone web
	# killed in exec_created (the host hook): the same
	atf_check -o ignore ${IOC} set "exec_created=echo \$\$ >>${PWD}/pids; touch ${PWD}/created; exec sleep 30" web
	start_and_kill "${PWD}/created"
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	rt_gone web
	# killed in exec_prestart, before the jail exists: start works
	rm -f created
	atf_check -o ignore ${IOC} set exec_created web
	atf_check -o ignore ${IOC} set "exec_prestart=echo \$\$ >>${PWD}/pids; touch ${PWD}/created; exec sleep 30" web
	start_and_kill "${PWD}/created"
	atf_check -o inline:"no\n" ${IOC} get running web
	atf_check -o ignore ${IOC} set exec_prestart web
	atf_check -o match:'^web running as JID' ${IOC} start web
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	rt_gone web
}
kill_during_start_cleanup()
{
	cleanup_jails web
}

atf_test_case depends_order cleanup
depends_order_head()
{
	atf_set descr "depends starts dependencies first; stop leaves them; --rc orders by priority and depends"
	atf_set require.user root
	atf_set require.config pool
}
depends_order_body()
{
	setup_root
	# priorities alone would start b before a and stop a before b
	mkjail a '"boot": "yes", "priority": "30"'
	mkjail b '"boot": "yes", "priority": "10", "depends": "a"'
	mkjail c '"depends": "b"'
	atf_check -o match:'^c running as JID [0-9]+$' -e ignore ${IOC} start c
	atf_check -o inline:"start a\nstart b\nstart c\n" cat "${LOG}"
	atf_check -o inline:"yes\n" ${IOC} get running a
	atf_check -o inline:"yes\n" ${IOC} get running b
	# stop: the dependencies keep running (libioc)
	atf_check -o inline:"c stopped\n" ${IOC} stop c
	atf_check -o inline:"yes\n" ${IOC} get running a
	atf_check -o inline:"yes\n" ${IOC} get running b
	# running dependencies are skipped
	: >"${LOG}"
	atf_check -o match:'^c running as JID' ${IOC} start c
	atf_check -o inline:"start c\n" cat "${LOG}"
	# stop --rc: dependants before their dependencies
	: >"${LOG}"
	atf_check -o save:out ${IOC} stop --rc
	atf_check -o inline:"stop c\nstop b\nstop a\n" cat "${LOG}"
	atf_check -o inline:"c stopped\nb stopped\na stopped\n" cat out
	rt_gone a
	rt_gone b
	rt_gone c
	# start --rc: boot=yes by priority, dependencies first
	: >"${LOG}"
	atf_check -o save:out -e ignore ${IOC} start --rc
	atf_check -o inline:"start a\nstart b\n" cat "${LOG}"
	atf_check -o inline:"no\n" ${IOC} get running c
	: >"${LOG}"
	atf_check -o save:out ${IOC} stop --rc
	atf_check -o inline:"stop b\nstop a\n" cat "${LOG}"
	# a filter term in depends: tags
	atf_check -o ignore ${IOC} set tags=backend a
	atf_check -o ignore ${IOC} set depends=tags=backend c
	: >"${LOG}"
	atf_check -o match:'^c running as JID' -e ignore ${IOC} start c
	atf_check -o inline:"start a\nstart c\n" cat "${LOG}"
	atf_check -o ignore ${IOC} stop --rc
	rt_gone a
	rt_gone c
}
depends_order_cleanup()
{
	cleanup_jails a b c
}

atf_test_case depends_errors cleanup
depends_errors_head()
{
	atf_set descr "a cycle, a missing or a failing dependency: nothing is left started"
	atf_set require.user root
	atf_set require.config pool
}
depends_errors_body()
{
	local before after

	setup_root
	mkjail a '"depends": "b"'
	mkjail b '"depends": "a"'
	mkjail c '"depends": "nosuch"'
	mkjail g '"priority": "1"'
	mkjail h '"priority": "2", "exec_created": "false"'
	mkjail x '"depends": "g,h"'
	mkjail self '"depends": "self,g"'
	before=$(zfs list -H -o name -t all -r "${ROOT}")
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Dependency cycle: a -> b -> a\n" ${IOC} start a
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Dependency cycle: b -> a -> b\n" ${IOC} start b
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Jail 'c' depends on 'nosuch', which matches no jail\n" \
	    ${IOC} start c
	atf_check -o empty cat "${LOG}"
	# g starts, h fails: g is stopped again, x never starts
	atf_check -s exit:1 -o empty -e save:err ${IOC} start x
	ioc_one_line err
	atf_check -o match:"dependency 'h' failed to start" cat err
	atf_check -o inline:"start g\nstart h\nstop g\n" cat "${LOG}"
	for j in a b c g h x; do
		atf_check -o inline:"no\n" ${IOC} get running "${j}"
	done
	atf_check -o inline:"" sh -c "ls run/jails/${SRC} 2>/dev/null"
	after=$(zfs list -H -o name -t all -r "${ROOT}")
	[ "${before}" = "${after}" ] || atf_fail "datasets changed"
	# a jail that selects itself ignores itself
	: >"${LOG}"
	atf_check -o match:'^self running as JID' -e ignore ${IOC} start self
	atf_check -o inline:"start g\nstart self\n" cat "${LOG}"
	atf_check -o ignore ${IOC} stop --rc
}
depends_errors_cleanup()
{
	cleanup_jails a b c g h x self
}

# The processes in the cgroups of jail $1, one per line.
procs_of()
{
	cat /sys/fs/cgroup/*/ioc."${SRC}-$1"/cgroup.procs \
	    /sys/fs/cgroup/ioc."${SRC}-$1"/cgroup.procs 2>/dev/null | sort -u
	return 0
}

# "ioc start web", killed by strace with SIGKILL as ioc itself (not a
# child) enters the first system call of the set $1: a kill -9 at an
# exact point of start, the same in every run.
start_killed_at()
{
	local s=0

	strace -o /dev/null -e trace="$1" -e inject="$1":signal=KILL:when=1 \
	    ${IOC} start web >start.out 2>&1 || s=$?
	if [ ${s} -ne 137 ]; then
		cat start.out
		atf_fail "ioc was not killed at $1 (exit status ${s})"
	fi
}

# Within 5 s nothing runs in the cgroups of jail $1: a new init that ioc
# never gave leave to start ends by itself.
no_procs_left()
{
	local i=0

	while [ -n "$(procs_of "$1")" ] && [ ${i} -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -z "$(procs_of "$1")" ] ||
	    atf_fail "unrecorded processes of $1 run: $(procs_of "$1" | tr '\n' ' ')"
}

atf_test_case kill_before_state cleanup
kill_before_state_head()
{
	atf_set descr "kill -9 of ioc between creating a jail's init and recording it: nothing runs unrecorded, stop and start recover"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs strace
}
kill_before_state_body()
{
	setup_root
	# resolver=none: the first rename(2) of start puts the state in place
	mkjail web '"resolver": "none"'
	rt_snap_pool before
	# 1. killed as it puts the state of the new init in place
	start_killed_at rename,renameat,renameat2
	atf_check test ! -e "run/jails/${SRC}/web/state"
	ls "run/jails/${SRC}/web/".state.* >/dev/null 2>&1 ||
	    atf_fail "the kill did not land in the write of the state"
	no_procs_left web
	atf_check -o inline:"no\n" ${IOC} get running web
	# stop cleans up (the cgroups, the half-written state) and says so
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Jail 'web' is not running\n" ${IOC} stop web
	rt_gone web
	rt_snap_pool after
	atf_check cmp before after
	# 2. killed after recording it, as it gives the init leave to start
	start_killed_at sendto
	atf_check -o match:'^[0-9]+ [0-9]+ ' cat "run/jails/${SRC}/web/state"
	no_procs_left web
	atf_check -o inline:"no\n" ${IOC} get running web
	# start cleans up the stale state and starts the jail
	atf_check -o match:'^web running as JID [0-9]+$' ${IOC} start web
	atf_check -o inline:"web\n" ${IOC} exec web hostname
	[ "$(inits_of web)" = "$(${IOC} get jid web)" ] ||
	    atf_fail "inits: $(inits_of web | tr '\n' ' ')"
	atf_check -o inline:"web stopped\n" ${IOC} stop web
	rt_gone web
	rt_snap_pool after
	atf_check cmp before after
	atf_check -o inline:"start web\nstart web\nstart web\nstop web\n" \
	    cat "${LOG}"
}
kill_before_state_cleanup()
{
	cleanup_jails web
}

atf_init_test_cases()
{
	atf_add_test_case no_zfs_exec_stop
	atf_add_test_case concurrent_start
	atf_add_test_case kill_during_start
	atf_add_test_case depends_order
	atf_add_test_case depends_errors
	atf_add_test_case kill_before_state
}
