#! /usr/bin/env atf-sh
#
# global_test.sh - global behaviour of ioc(8): --version, help, the command
# table, global options, privilege and ZFS checks, exit statuses, and the
# separation of stdout and stderr (cli/main.c).
#
# Exit statuses: 0 success, 1 failure, 2 usage error.

# Every command of the table in cli/main.c, in order.
IOC_COMMANDS="activate clone console create deactivate destroy exec export
fetch fstab get import list migrate pkg promote provision rename restart set
snapshot start stop update"

IOC_LOGLEVELS="critical error warn info notice verbose debug spam screen"

# Check that file $1 holds the two --version lines.
check_version_output()
{
	local v='' l1 l2

	if atf_config_has srcdir; then
		v=$(sed -n 's/^#define IOC_VERSION "\(.*\)"$/\1/p' \
		    "$(ioc_srcdir)/include/ioc.h" 2>/dev/null)
	fi
	if [ -n "${v}" ]; then
		printf 'ioc, version %s\nlibioc, version %s\n' "${v}" "${v}" \
		    >version.exp
		atf_check -o file:version.exp cat "$1"
		return
	fi
	# The version is not in include/ioc.h any more: check the shape.
	atf_check -o inline:"2\n" sh -c 'wc -l <"$1" | tr -d " "' sh "$1"
	l1=$(sed -n 1p "$1")
	l2=$(sed -n 2p "$1")
	case ${l1} in
	"ioc, version "?*) ;;
	*) atf_fail "bad first --version line '${l1}'" ;;
	esac
	[ "${l1#ioc, }" = "${l2#libioc, }" ] ||
	    atf_fail "ioc and libioc versions differ: '${l1}' '${l2}'"
}

# Check that file $1 is the global help: the usage line first, then every
# command of the table, in order, under "Commands:".
check_global_help()
{
	local c

	atf_check -o match:'^usage: ioc ' sed -n 1p "$1"
	for c in ${IOC_COMMANDS}; do
		echo "${c}"
	done >commands.exp
	atf_check -o file:commands.exp \
	    awk 'f { print $1 } /^Commands:$/ { f = 1 }' "$1"
}

atf_test_case version
version_head()
{
	atf_set descr "--version prints the versions of ioc and libioc"
}
version_body()
{
	atf_check -s exit:0 -o save:out -e empty "$(ioc_bin)" --version
	check_version_output out
}

atf_test_case help
help_head()
{
	atf_set descr "--help, help and no arguments list every command"
}
help_body()
{
	local ioc

	ioc=$(ioc_bin)
	atf_check -s exit:0 -o save:help.out -e empty "${ioc}" --help
	check_global_help help.out
	atf_check -s exit:0 -o file:help.out -e empty "${ioc}"
	atf_check -s exit:0 -o file:help.out -e empty "${ioc}" help
	atf_check -s exit:0 -o file:help.out -e empty "${ioc}" -d debug --help
}

atf_test_case command_help
command_help_head()
{
	atf_set descr "'help CMD' and 'CMD --help' print the synopsis of CMD"
}
command_help_body()
{
	local ioc c

	ioc=$(ioc_bin)
	atf_check -s exit:0 -o save:start.out -e empty "${ioc}" help start
	atf_check -o inline:"usage: ioc start [--rc] [-o KEY=VALUE ...] [FILTER ...]\n" \
	    sed -n 1p start.out
	atf_check -o match:'^  --help  ' cat start.out
	atf_check -s exit:0 -o file:start.out -e empty "${ioc}" start --help
	atf_check -s exit:0 -o file:start.out -e empty "${ioc}" start x --help
	for c in ${IOC_COMMANDS}; do
		atf_check -s exit:0 -o save:"${c}.out" -e empty \
		    "${ioc}" help "${c}"
		atf_check -o match:"^usage: ioc ${c}( |\$)" sed -n 1p "${c}.out"
		atf_check -s exit:0 -o file:"${c}.out" -e empty \
		    "${ioc}" "${c}" --help
	done
}

atf_test_case help_errors
help_errors_head()
{
	atf_set descr "help with an unknown or a second command is a usage error"
}
help_errors_body()
{
	local ioc

	ioc=$(ioc_bin)
	atf_check -s exit:2 -o empty -e save:err "${ioc}" help nonsense
	atf_check -o match:"unknown command 'nonsense'" cat err
	ioc_one_line err
	atf_check -s exit:2 -o empty -e save:err "${ioc}" help start stop
	ioc_one_line err
}

atf_test_case unknown_command
unknown_command_head()
{
	atf_set descr "an unknown command is a usage error with one line on stderr"
}
unknown_command_body()
{
	local ioc

	ioc=$(ioc_bin)
	atf_check -s exit:2 -o empty -e save:err "${ioc}" nonsense
	atf_check -o match:"^ioc: unknown command 'nonsense'" cat err
	ioc_one_line err
	# Exact names only, no abbreviations.
	atf_check -s exit:2 -o empty -e match:"unknown command 'sta'" \
	    "${ioc}" sta
	atf_check -s exit:2 -o empty -e match:"unknown command 'START'" \
	    "${ioc}" START
}

atf_test_case unknown_option
unknown_option_head()
{
	atf_set descr "unknown global options are usage errors"
}
unknown_option_body()
{
	local ioc

	ioc=$(ioc_bin)
	atf_check -s exit:2 -o empty -e inline:"ioc: unknown option '-x'\n" \
	    "${ioc}" -x list
	atf_check -s exit:2 -o empty \
	    -e inline:"ioc: unknown option '--nonsense'\n" \
	    "${ioc}" --nonsense list
	atf_check -s exit:2 -o empty -e inline:"ioc: option -d needs a LEVEL\n" \
	    "${ioc}" -d
}

atf_test_case log_level_invalid
log_level_invalid_head()
{
	atf_set descr "an invalid log level is a usage error naming every level"
}
log_level_invalid_body()
{
	local ioc msg

	ioc=$(ioc_bin)
	msg="ioc: Invalid log-level 'nonsense'. Choose one of critical, error, warn, info, notice, verbose, debug, spam, screen\n"
	atf_check -s exit:2 -o empty -e inline:"${msg}" "${ioc}" -d nonsense list
	atf_check -s exit:2 -o empty -e inline:"${msg}" \
	    "${ioc}" --log-level=nonsense list
	atf_check -s exit:2 -o empty -e inline:"${msg}" \
	    "${ioc}" --log-level nonsense list
	# Checked before --version is acted on.
	atf_check -s exit:2 -o empty -e inline:"${msg}" \
	    "${ioc}" -d nonsense --version
	atf_check -s exit:2 -o empty -e match:"Invalid log-level ''" \
	    "${ioc}" -d "" list
}

atf_test_case log_level_valid
log_level_valid_head()
{
	atf_set descr "every documented log level is accepted, in every form"
}
log_level_valid_body()
{
	local ioc l

	ioc=$(ioc_bin)
	for l in ${IOC_LOGLEVELS}; do
		atf_check -s exit:0 -o save:out -e empty "${ioc}" -d "${l}" --version
		check_version_output out
	done
	atf_check -s exit:0 -o save:out -e empty "${ioc}" --log-level=spam --version
	check_version_output out
	atf_check -s exit:0 -o save:out -e empty "${ioc}" --log-level spam --version
	check_version_output out
	atf_check -s exit:0 -o save:out -e empty "${ioc}" -dspam --version
	check_version_output out
}

atf_test_case source_invalid
source_invalid_head()
{
	atf_set descr "malformed --source arguments are usage errors"
}
source_invalid_body()
{
	local ioc a

	ioc=$(ioc_bin)
	atf_check -s exit:2 -o empty \
	    -e inline:"ioc: --source expects NAME=DATASET, got 'bad'\n" \
	    "${ioc}" --source bad list
	for a in "=pool/x" "name=" "="; do
		atf_check -s exit:2 -o empty \
		    -e inline:"ioc: --source expects NAME=DATASET, got '${a}'\n" \
		    "${ioc}" --source "${a}" list
	done
	atf_check -s exit:2 -o empty -e save:err \
	    "${ioc}" --source 'b@d=pool/x' list
	atf_check -o match:'Invalid source name' cat err
	ioc_one_line err
	atf_check -s exit:2 -o empty -e save:err \
	    "${ioc}" --source 'ok=-pool' list
	atf_check -o match:'^ioc: ' cat err
	ioc_one_line err
	# Checked before --version is acted on.
	atf_check -s exit:2 -o empty -e save:err \
	    "${ioc}" --source 'b@d=pool/x' --version
	ioc_one_line err
}

atf_test_case source_valid
source_valid_head()
{
	atf_set descr "well-formed --source arguments are accepted"
}
source_valid_body()
{
	local ioc

	ioc=$(ioc_bin)
	atf_check -s exit:0 -o save:out -e empty \
	    "${ioc}" --source ok=pool/x --version
	check_version_output out
	atf_check -s exit:0 -o save:out -e empty \
	    "${ioc}" --source main=tank/iocage --source my-src_2=pool/a/b \
	    --version
	check_version_output out
}

atf_test_case needs_root
needs_root_head()
{
	atf_set descr "commands that change jails refuse to run without root"
	atf_set require.user root
}
needs_root_body()
{
	local ioc

	ioc=$(ioc_bin)
	ioc_require_nobody
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: You need to have root privileges to run start\n" \
	    ${IOC_NOBODY} "${ioc}" start x
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: You need to have root privileges to run destroy\n" \
	    ${IOC_NOBODY} "${ioc}" destroy -f x
	# A --help after "--" is an operand, not a request for help.
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: You need to have root privileges to run start\n" \
	    ${IOC_NOBODY} "${ioc}" start -- --help
	# Help and --version need no privileges.
	atf_check -s exit:0 -o save:start.out -e empty \
	    ${IOC_NOBODY} "${ioc}" start --help
	atf_check -o inline:"usage: ioc start [--rc] [-o KEY=VALUE ...] [FILTER ...]\n" \
	    sed -n 1p start.out
	atf_check -s exit:0 -o save:out -e empty ${IOC_NOBODY} "${ioc}" --version
	check_version_output out
}

atf_test_case zfs_unreachable
zfs_unreachable_head()
{
	atf_set descr "a ZFS-backed command fails with one line when ZFS is unreachable"
	atf_set require.user root
	atf_set require.progs unshare mount zpool
}
zfs_unreachable_body()
{
	local ioc sockdir hide

	[ -e /dev/zfs ] && atf_skip "kernel ZFS (/dev/zfs) cannot be hidden" \
	    "from a test; this case needs zfs-fuse, whose socket can"
	ioc=$(ioc_bin)
	# Hide the zfs-fuse socket (/var/run/zfs/zfs_socket) under a tmpfs in
	# a private mount namespace of the command.
	sockdir=$(readlink -f /var/run/zfs)
	hide='if [ -d "$1" ]; then mount -t tmpfs -o size=1m ioc-no-zfs "$1" || exit 99; fi; shift; exec "$@"'
	# Precondition: with the socket hidden, zpool itself fails.
	atf_check -s not-exit:0 -o ignore -e ignore \
	    unshare -m sh -c "${hide}" sh "${sockdir}" zpool list
	# get needs ZFS: one line saying what is missing and how to fix it.
	atf_check -s exit:1 -o empty -e save:err \
	    unshare -m sh -c "${hide}" sh "${sockdir}" "${ioc}" get all web
	atf_check -o match:'ZFS is required' cat err
	ioc_one_line err
}

atf_test_case errors_not_on_stdout
errors_not_on_stdout_head()
{
	atf_set descr "usage errors go to stderr only, as lines starting 'ioc: '"
}
errors_not_on_stdout_body()
{
	local ioc args

	ioc=$(ioc_bin)
	for args in "nonsense" "-x" "--nonsense" "-d" "-d nonsense list" \
	    "--log-level=nonsense list" "--source bad list" \
	    "--source b@d=x list" "help nonsense" "help start stop"; do
		# shellcheck disable=SC2086
		atf_check -s exit:2 -o empty -e match:'^ioc: ' "${ioc}" ${args}
	done
	# Successful output goes to stdout only.
	atf_check -s exit:0 -o not-empty -e empty "${ioc}" --help
	atf_check -s exit:0 -o not-empty -e empty "${ioc}" help list
}

atf_test_case output_error
output_error_head()
{
	atf_set descr "output that cannot be written is not reported as success"
	atf_set require.files /dev/full
}
output_error_body()
{
	local ioc

	ioc=$(ioc_bin)
	atf_check -s exit:1 -o empty -e ignore -x "'${ioc}' --version >/dev/full"
	atf_check -s exit:1 -o empty -e ignore -x "'${ioc}' --help >/dev/full"
	atf_check -s exit:1 -o empty -e ignore -x "'${ioc}' help start >/dev/full"
}

atf_init_test_cases()
{
	# shellcheck source=tests/cli/lib.sh
	. "$(atf_get_srcdir)/lib.sh"

	atf_add_test_case version
	atf_add_test_case help
	atf_add_test_case command_help
	atf_add_test_case help_errors
	atf_add_test_case unknown_command
	atf_add_test_case unknown_option
	atf_add_test_case log_level_invalid
	atf_add_test_case log_level_valid
	atf_add_test_case source_invalid
	atf_add_test_case source_valid
	atf_add_test_case needs_root
	atf_add_test_case zfs_unreachable
	atf_add_test_case errors_not_on_stdout
	atf_add_test_case output_error
}
