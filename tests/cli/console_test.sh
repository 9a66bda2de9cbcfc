#! /usr/bin/env atf-sh
#
# console_test.sh - ioc console through a pseudo-terminal driven by
# python3 (a login shell on a pty of the jail's own devpts, window size,
# exit status, the caller's terminal restored), and ioc exec -f (a
# stopped jail started for one command and torn down after it).

# console_drive OUT ARGV...: run ARGV on a new pty; after each shell
# prompt type the next line of the file "input" ("@resize ROWS COLS"
# resizes the terminal instead). The transcript goes to OUT, then a line
# "termios: restored" when the terminal is back in canonical mode with
# echo. Exits with ARGV's exit status.
console_drive()
{
	local out=$1

	shift
	cat >drive.py <<'PYEOF'
import fcntl, os, pty, select, struct, sys, termios, time

def winsize(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

lines = open("input").read().splitlines()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
winsize(fd, 33, 101)
out = b""
seen = 0
deadline = time.time() + 60
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if fd in r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    prompts = out.count(b"# ")
    while lines and prompts > seen:
        seen += 1
        line = lines.pop(0)
        while line.startswith("@resize "):
            rows, cols = line.split()[1:]
            winsize(fd, int(rows), int(cols))
            time.sleep(0.3)
            line = lines.pop(0) if lines else ""
        os.write(fd, line.encode() + b"\r")
t = termios.tcgetattr(fd)
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace").replace("\r", ""))
ok = (t[3] & termios.ICANON) and (t[3] & termios.ECHO)
sys.stdout.write("\ntermios: %s\n" % ("restored" if ok else "raw"))
sys.exit(os.waitstatus_to_exitcode(st) if st else 0)
PYEOF
	python3 drive.py "$@" >"${out}" 2>&1
}

atf_test_case login cleanup
login_head()
{
	atf_set descr "console logs in on a pty of the jail, passes the window size and the exit status"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3
}
login_body()
{
	local st

	rt_setup
	rt_release bb
	rt_jail ${J}
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail '${J}' is not running\n" \
	    ${IOC} console ${J} </dev/null
	atf_check -o ignore ${IOC} start ${J}
	cat >input <<EOF
tty; stty size; hostname
@resize 40 120
stty size
echo hello-\$\$-\$((6*7)); exit 7
EOF
	console_drive out "$(ioc_bin)" --source "${SRC}=${ROOT}" console ${J}
	st=$?
	cat out
	# busybox login runs the shell as its child and exits 0 (so do the
	# logins of util-linux and shadow): console passes login's status
	[ "${st}" -eq 0 ] || atf_fail "console exited with ${st}, not 0"
	atf_check -o match:"^/dev/pts/[0-9]+$" cat out
	atf_check -o match:"^33 101$" cat out
	atf_check -o match:"^40 120$" cat out
	atf_check -o match:"^${J}$" cat out
	atf_check -o match:"^hello-[0-9]+-42$" cat out
	atf_check -o match:"^termios: restored$" cat out
	# the session ended with login: only the init is left in the jail
	atf_check -o inline:"yes\n" ${IOC} get running ${J}
	atf_check -o ignore ${IOC} stop ${J}
	rt_gone ${J}
	# a usage error
	atf_check -s exit:2 -o empty -e match:"expected JAIL" ${IOC} console
}
login_cleanup()
{
	rt_stop
	ioc_dataset_cleanup
}

atf_test_case start_fallback cleanup
start_fallback_head()
{
	atf_set descr "console -s starts a stopped jail; /bin/login when /usr/bin/login is missing"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3
}
start_fallback_body()
{
	local st

	rt_setup
	rt_release bb
	rt_jail ${J} -nb
	printf 'echo in-$(hostname); exit 3\n' >input
	console_drive out "$(ioc_bin)" --source "${SRC}=${ROOT}" console -s ${J}
	st=$?
	cat out
	[ "${st}" -eq 0 ] || atf_fail "console -s exited with ${st}, not 0"
	atf_check -o match:"^${J} running as JID [0-9]+$" cat out
	atf_check -o match:"^in-${J}$" cat out
	atf_check -o match:"^termios: restored$" cat out
	atf_check -o inline:"yes\n" ${IOC} get running ${J}
	# no /usr/bin/login: /bin/login is the next choice; it gets the
	# login_flags as its arguments, its exit status is console's
	rm "${MP}/root/usr/bin/login"
	printf '#!/bin/sh\necho "args: $*"; tty; exit 4\n' >"${MP}/root/bin/login"
	chmod 755 "${MP}/root/bin/login"
	atf_check -o ignore ${IOC} set "login_flags=-p  -f app" ${J}
	: >input
	console_drive out "$(ioc_bin)" --source "${SRC}=${ROOT}" console ${J}
	st=$?
	cat out
	[ "${st}" -eq 4 ] || atf_fail "console via /bin/login exited with ${st}"
	atf_check -o match:"^args: -p -f app$" cat out
	atf_check -o match:"^/dev/pts/[0-9]+$" cat out
	atf_check -o match:"^termios: restored$" cat out
	rm "${MP}/root/bin/login"
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Jail '${J}': console: the jail has no /usr/bin/login or /bin/login\n" \
	    ${IOC} console ${J} </dev/null
	atf_check -o ignore ${IOC} stop ${J}
	rt_gone ${J}
}
start_fallback_cleanup()
{
	rt_stop
	ioc_dataset_cleanup
}

atf_test_case exec_fork cleanup
exec_fork_head()
{
	atf_set descr "exec -f runs one command in a jail started for it and leaves nothing"
	atf_set require.user root
	atf_set require.config pool
}
exec_fork_body()
{
	rt_setup
	rt_release bb
	rt_jail ${J}
	atf_check -o ignore ${IOC} set "exec_prestart=touch ${PWD}/prestart" \
	    "exec_poststart=touch ${PWD}/poststart" "exec_start=touch /started" \
	    ${J}
	rt_snap_pool before
	atf_check -s exit:3 -o inline:"in ${J}\n" -e empty \
	    ${IOC} exec -f ${J} sh -c 'echo in $(hostname); exit 3'
	# exec_prestart ran, exec_start and exec_poststart did not
	atf_check test -e prestart
	atf_check test ! -e poststart
	atf_check test ! -e "${MP}/root/started"
	rt_gone ${J}
	# stdin passes through, -u and -- work as with exec
	atf_check -o inline:"piped\n" -x \
	    "echo piped | ${IOC} exec --fork ${J} -- cat"
	atf_check -o inline:"1001\n" ${IOC} exec -f -u app ${J} id -u
	rt_gone ${J}
	# a running jail is refused and keeps running
	atf_check -o ignore ${IOC} start ${J}
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail '${J}' is already running\n" \
	    ${IOC} exec -f ${J} true
	atf_check -o inline:"yes\n" ${IOC} get running ${J}
	atf_check -o ignore ${IOC} stop ${J}
	rt_gone ${J}
	# a command that does not exist: 127, still torn down
	atf_check -s exit:127 -o empty -e ignore ${IOC} exec -f ${J} /nonexistent
	rt_gone ${J}
	rt_snap_pool after
	atf_check cmp before after
}
exec_fork_cleanup()
{
	rt_stop
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	. "$(atf_get_srcdir)/lib.sh"
	. "$(atf_get_srcdir)/jailrt_lib.sh"
	atf_add_test_case login
	atf_add_test_case start_fallback
	atf_add_test_case exec_fork
}
