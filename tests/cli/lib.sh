# lib.sh - helpers shared by the atf-sh tests of the ioc command line tool.
#
# Source it from atf_init_test_cases (the source directory is only known
# for sure once atf-sh has parsed its options):
#
#	atf_init_test_cases()
#	{
#		. "$(atf_get_srcdir)/lib.sh"
#		atf_add_test_case ...
#	}
#
# The test suite variables come from tests/run (see the Kyuafile): ioc,
# pool and srcdir. POSIX sh: atf-sh runs the tests with /bin/sh.
#
# Never call a helper that can fail (atf_fail, atf_skip, atf_check inside)
# in a command substitution: the subshell would record the result and the
# body would go on. Those helpers set variables instead (IOC_DS,
# IOC_NOBODY).

# Print the path of the ioc binary under test. When the variable is not
# set, print a path that cannot exist, so that every atf_check that runs it
# fails with a message that says why (instead of skipping silently).
ioc_bin()
{
	if atf_config_has ioc; then
		atf_config_get ioc
	else
		echo "/nonexistent/test_suites.ioc.ioc-is-not-set/ioc"
	fi
}

# Print the name of the scratch pool. Test cases that use it declare
# "atf_set require.config pool" in their head, so kyua skips them when the
# variable is missing.
ioc_pool()
{
	atf_config_get pool
}

# Print the top of the source tree.
ioc_srcdir()
{
	atf_config_get srcdir
}

# Fail unless file $1 has exactly one line.
ioc_one_line()
{
	local n

	n=$(wc -l <"$1" | tr -d ' ')
	[ "$n" -eq 1 ] || {
		echo "--- $1:"
		cat "$1"
		atf_fail "expected exactly one line in $1, got $n"
	}
}

# --------------------------------------------------------------- datasets

# File in the test case's work directory that records the datasets made by
# the body; the cleanup routine runs in the same directory.
_IOC_DS_LIST=ioc-test-datasets

# Create the child dataset POOL/t-<test case>-<pid> of the scratch pool and
# set IOC_DS to its name. Declare the test case with "cleanup" and call
# ioc_dataset_cleanup from it. Needs "require.config pool".
ioc_dataset_create()
{
	IOC_DS="$(ioc_pool)/t-$(atf_get ident)-$$"
	# Record first, so that a half-made dataset is cleaned up as well.
	echo "${IOC_DS}" >>"${_IOC_DS_LIST}"
	atf_check -s exit:0 -o empty -e empty zfs create "${IOC_DS}"
}

# Destroy dataset $1 with everything below it and its dependent clones.
# zfs-fuse refuses to destroy a mounted dataset most of the time ("dataset
# is busy": the implicit unmount races with the daemon), so unmount every
# dataset through the daemon first, deepest first, then destroy and retry
# on "busy" every 20 ms for up to a second.
_ioc_destroy_tree()
{
	local ds="$1" i=0 err d

	zfs list -H -o name "${ds}" >/dev/null 2>&1 || return 0
	zfs list -H -o name -t filesystem -r "${ds}" 2>/dev/null | sort -r |
	while IFS= read -r d; do
		zfs umount "${d}" >/dev/null 2>&1 </dev/null
	done
	while [ ${i} -lt 50 ]; do
		if err=$(zfs destroy -R "${ds}" 2>&1); then
			return 0
		fi
		case ${err} in
		*"is busy"*) ;;
		*)
			zfs list -H -o name "${ds}" >/dev/null 2>&1 || return 0
			echo "zfs destroy -R ${ds}: ${err}" >&2
			return 1
			;;
		esac
		sleep 0.02
		i=$((i + 1))
	done
	echo "zfs destroy -R ${ds}: still busy after 50 attempts: ${err}" >&2
	return 1
}

# Cleanup routine part: destroy the datasets ioc_dataset_create made.
# Returns non-zero when one of them survives, which makes kyua report the
# test case as broken (a leak must never pass unnoticed).
ioc_dataset_cleanup()
{
	local ds rv=0

	[ -f "${_IOC_DS_LIST}" ] || return 0
	while IFS= read -r ds; do
		[ -n "${ds}" ] || continue
		if ! _ioc_destroy_tree "${ds}" ||
		    zfs list -H -o name "${ds}" >/dev/null 2>&1; then
			echo "LEAK: dataset ${ds} could not be destroyed" >&2
			rv=1
		fi
	done <"${_IOC_DS_LIST}"
	return ${rv}
}

# ------------------------------------------------------------ unprivileged

# Prepare to run commands as the unprivileged user nobody: sets IOC_NOBODY
# to a command prefix, to be used unquoted:
#
#	ioc_require_nobody
#	atf_check -s exit:1 ... ${IOC_NOBODY} "$(ioc_bin)" start x
#
# Skips the test case (it does not fail it) when nobody cannot reach the
# binary because a directory on its path is closed to other users: that is
# a property of where the tree was checked out, not of ioc. Nothing is
# copied and no permission is changed.
ioc_require_nobody()
{
	local bin gid c p blocked=

	atf_require_prog setpriv
	id nobody >/dev/null 2>&1 || atf_skip "there is no user 'nobody'"
	gid=$(id -g nobody)
	IOC_NOBODY="setpriv --reuid=nobody --regid=${gid} --clear-groups --"
	bin=$(ioc_bin)
	[ -x "${bin}" ] || atf_fail "${bin} does not exist or is not executable"
	if ! ${IOC_NOBODY} test -x "${bin}"; then
		p=
		for c in $(echo "${bin#/}" | tr / ' '); do
			p="${p}/${c}"
			if ! ${IOC_NOBODY} test -x "${p}"; then
				blocked=${p}
				break
			fi
		done
		atf_skip "user nobody cannot execute ${bin}" \
		    "(${blocked:-the binary} is not accessible to others)"
	fi
}
