#! /usr/bin/env atf-sh
#
# snapshot_test.sh - ioc snapshot list, create, rollback and remove on a
# jail with children; every failure exits 1 and changes nothing.

. "$(atf_get_srcdir)/lib.sh"
. "$(atf_get_srcdir)/ops_lib.sh"

atf_test_case create_rollback cleanup
create_rollback_head()
{
	atf_set descr "snapshots are recursive; rollback restores root and children"
	atf_set require.user root
}
create_rollback_body()
{
	ops_setup
	ops_jail j
	ops_json j
	atf_check -o inline:"Snapshot 'j@s1' created\n" -e empty ${IOC} snapshot j@s1
	atf_check -o inline:"Snapshot 'j@s2' created\n" ${IOC} snapshot create j@s2
	for ds in j j/root j/data; do
		atf_check -o ignore zfs list -t snapshot "${ROOT}/jails/${ds}@s1"
		atf_check -o ignore zfs list -t snapshot "${ROOT}/jails/${ds}@s2"
	done
	atf_check -o inline:"NAME\ns1\ns2\n" -e empty ${IOC} snapshot list j
	atf_check -o inline:"NAME\ns1\ns2\n" ${IOC} snapshot j
	# written after the snapshot: gone after the rollback, in every dataset
	echo changed >"${JMP}/root/file"
	echo new >"${JMP}/root/after"
	echo new >"${JMP}/data/after"
	atf_check -o inline:"Jail rolled back to snapshot 'j@s2'\n" -e empty \
	    ${IOC} snapshot rollback j@s2
	atf_check -o inline:"root file of j\n" cat "${JMP}/root/file"
	atf_check test ! -e "${JMP}/root/after"
	atf_check test ! -e "${JMP}/data/after"
	# an older snapshot: the newer one would be destroyed, so -f is needed
	echo new >"${JMP}/data/after"
	ops_state >before
	atf_check -s exit:1 -o empty -e save:err ${IOC} snapshot rollback j@s1
	ioc_one_line err
	atf_check -o match:"Snapshot 's2' of '.*' is newer than 's1'.*-f" cat err
	ops_state >after
	atf_check -o empty diff -u before after
	atf_check test -e "${JMP}/data/after"
	atf_check -o ignore ${IOC} snapshot rollback -f j@s1
	atf_check test ! -e "${JMP}/data/after"
	atf_check -o inline:"NAME\ns1\n" ${IOC} snapshot list j
	atf_check -s exit:1 -o ignore -e ignore \
	    zfs list -t snapshot "${ROOT}/jails/j/data@s2"
	atf_check -o inline:"root file of j\n" cat "${JMP}/root/file"
}
create_rollback_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case rollback_child_missing cleanup
rollback_child_missing_head()
{
	atf_set descr "rollback refuses when a child lacks the snapshot"
	atf_set require.user root
}
rollback_child_missing_body()
{
	ops_setup
	ops_jail j
	ops_json j
	atf_check zfs snapshot "${ROOT}/jails/j@top"
	echo new >"${JMP}/after"
	ops_state >before
	atf_check -s exit:1 -o empty -e inline:"ioc: Snapshot not found: ${ROOT}/jails/j/data@top\n" \
	    ${IOC} snapshot rollback j@top
	ops_state >after
	atf_check -o empty diff -u before after
	atf_check test -e "${JMP}/after"
}
rollback_child_missing_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case remove cleanup
remove_head()
{
	atf_set descr "remove destroys the snapshot in every dataset"
	atf_set require.user root
}
remove_body()
{
	ops_setup
	ops_jail j
	ops_json j
	atf_check -o ignore ${IOC} snapshot j@s1
	atf_check -o ignore ${IOC} snapshot j@keep
	atf_check -o inline:"Snapshot 'j@s1' removed\n" -e empty \
	    ${IOC} snapshot remove j@s1
	zfs list -H -o name -t snapshot -r "${ROOT}/jails/j" | sort >snaps
	printf '%s\n' "${ROOT}/jails/j/data@keep" "${ROOT}/jails/j/root@keep" \
	    "${ROOT}/jails/j@keep" | sort >want
	atf_check cmp want snaps
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Snapshot not found: ${ROOT}/jails/j@s1\n" \
	    ${IOC} snapshot remove j@s1
}
remove_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case errors cleanup
errors_head()
{
	atf_set descr "bad identifiers, names, running jails: exit 1, nothing changed"
	atf_set require.user root
}
errors_body()
{
	local id

	ops_setup
	ops_jail j
	ops_json j
	atf_check -o ignore ${IOC} snapshot j@s1
	ops_state >before
	for sub in create rollback remove; do
		atf_check -s exit:1 -o empty \
		    -e inline:"ioc: Invalid snapshot identifier syntax: j(should be <jail>@<snapshot>)\n" \
		    ${IOC} snapshot ${sub} j
	done
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Invalid snapshot identifier syntax: j@(should be <jail>@<snapshot>)\n" \
	    ${IOC} snapshot j@
	for id in 'j@-x' 'j@a b' 'j@a@b' 'j@a/b'; do
		atf_check -s exit:1 -o empty -e save:err ${IOC} snapshot "${id}"
		ioc_one_line err
		atf_check -o match:"Invalid snapshot name" cat err
	done
	atf_check -s exit:1 -o empty -e match:"reserved" ${IOC} snapshot j@ioc-x
	atf_check -s exit:1 -o empty -e inline:"ioc: Snapshot 'j@s1' already exists\n" \
	    ${IOC} snapshot j@s1
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'nothere' does not exist\n" \
	    ${IOC} snapshot nothere@x
	atf_check -s exit:1 -o ignore -e inline:"ioc: Jail 'nothere' does not exist\n" \
	    ${IOC} snapshot list nothere
	atf_check -s exit:2 -o empty -e ignore ${IOC} snapshot bogus j@s1
	atf_check -s exit:2 -o empty -e ignore ${IOC} snapshot
	# rollback and remove need a stopped jail
	ops_running j
	atf_check -s exit:1 -o empty -e match:"already running" \
	    ${IOC} snapshot rollback j@s1
	atf_check -s exit:1 -o empty -e match:"already running" \
	    ${IOC} snapshot remove j@s1
	ops_state >after
	atf_check -o empty diff -u before after
	# taking a snapshot of a running jail is fine
	atf_check -o ignore ${IOC} snapshot j@s2
}
errors_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case create_rollback
	atf_add_test_case rollback_child_missing
	atf_add_test_case remove
	atf_add_test_case errors
}
