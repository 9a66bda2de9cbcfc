#! /usr/bin/env atf-sh
#
# fstab_test.sh - ioc fstab show|add|rm through the real binary: the file
# as libioc writes it, the destination resolved beneath the jail root
# through no symbolic link, and on a running jail the mount made and
# removed at once inside the jail's own mount namespace. Every failure
# leaves the file, the directories and the pool as they were.

atf_test_case stopped cleanup
stopped_head()
{
	atf_set descr "fstab show, add and rm of a stopped jail: the file exactly"
	atf_set require.user root
	atf_set require.config pool
}
stopped_body()
{
	local S

	rt_setup
	rt_release bb
	rt_jail ${J}
	S=${PWD}/share
	mkdir -p "${S}" "${PWD}/other dir"
	atf_check -o empty ${IOC} fstab show ${J}
	atf_check -o inline:"fstab mount added: ${S} -> ${MP}/root/mnt/x (ro)\n" \
	    ${IOC} fstab add "${S}" /mnt/x ${J}
	atf_check test -d "${MP}/root/mnt/x"
	printf '%s\t%s\tnullfs\tro\t0\t0\n' "${S}" "${MP}/root/mnt/x" >want
	atf_check cmp want "${MP}/fstab"
	atf_check -o file:want ${IOC} fstab show ${J}
	# options after the operands (libioc's order), the default destination
	# is the source's own path, spaces escaped, a comment
	atf_check -o inline:"fstab mount added: ${PWD}/other dir -> ${MP}/root${PWD}/other dir (rw)\n" \
	    ${IOC} fstab add "${PWD}/other dir" ${J} -o rw --freq 1 --passno 2 \
	    -c "the other one"
	atf_check test -d "${MP}/root${PWD}/other dir"
	printf '%s\t%s\tnullfs\trw\t1\t2 # the other one\n' \
	    "$(echo "${PWD}/other dir" | sed 's/ /\\040/g')" \
	    "$(echo "${MP}/root${PWD}/other dir" | sed 's/ /\\040/g')" >>want
	atf_check cmp want "${MP}/fstab"
	# the host path below the root names the same destination
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: The mountpoint ${MP}/root/mnt/x already exists in the fstab file\n" \
	    ${IOC} fstab add "${PWD}/other dir" "${MP}/root/mnt/x" ${J}
	atf_check cmp want "${MP}/fstab"
	# rm: the first line with that source
	atf_check -o inline:"fstab mount removed: ${S} -> ${MP}/root/mnt/x\n" \
	    ${IOC} fstab rm "${S}" ${J}
	sed 1d want >want2
	atf_check cmp want2 "${MP}/fstab"
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: no matching fstab line found\n" \
	    ${IOC} fstab rm "${S}" ${J}
	atf_check cmp want2 "${MP}/fstab"
	# usage errors
	atf_check -s exit:2 -o empty -e match:"expected show, add or rm" \
	    ${IOC} fstab
	atf_check -s exit:2 -o empty -e match:"unknown subcommand 'list'" \
	    ${IOC} fstab list ${J}
	atf_check -s exit:2 -o empty -e match:"expected add SOURCE" \
	    ${IOC} fstab add ${J}
	atf_check -s exit:2 -o empty -e match:"--freq expects a number" \
	    ${IOC} fstab add "${S}" ${J} --freq x
	atf_check -s exit:1 -o empty -e match:"No jail matching 'nosuch'|nosuch" \
	    ${IOC} fstab show nosuch
	atf_check cmp want2 "${MP}/fstab"
}
stopped_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case bad_input cleanup
bad_input_head()
{
	atf_set descr "a missing source, '..' or a planted symlink change nothing"
	atf_set require.user root
	atf_set require.config pool
}
bad_input_body()
{
	local out="/tmp/ioc-fstab-outside-$$"

	rt_setup
	rt_release bb
	rt_jail ${J}
	mkdir -p share "${out}"
	echo "${out}" >outside-dir
	rt_snap_pool before
	# no fstab file: it stays missing
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: The mount source /nonexistent/src does not exist\n" \
	    ${IOC} fstab add /nonexistent/src /mnt/y ${J}
	atf_check test ! -e "${MP}/fstab"
	atf_check test ! -e "${MP}/root/mnt/y"
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: The mount source ${PWD}/outside-dir is not a directory\n" \
	    ${IOC} fstab add "${PWD}/outside-dir" /mnt/y ${J}
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: The mount source share is not an absolute path\n" \
	    ${IOC} fstab add share /mnt/y ${J}
	atf_check -s exit:1 -o empty -e match:"^ioc: Insecure path .* jail escape attempt$" \
	    ${IOC} fstab add "${PWD}/share" ../../escape ${J}
	atf_check -s exit:1 -o empty -e match:"not supported here" \
	    ${IOC} fstab add -t procfs proc /proc2 ${J}
	atf_check test ! -e "${MP}/fstab"
	# a symlink in the jail pointing out of it is never followed
	atf_check -o ignore ${IOC} fstab add "${PWD}/share" /mnt/a ${J}
	cp "${MP}/fstab" want
	ln -s "${out}" "${MP}/root/evil"
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Insecure path ${MP}/root/evil/x jail escape attempt\n" \
	    ${IOC} fstab add "${PWD}/share" /evil/x ${J}
	atf_check -s exit:1 -o empty -e match:"^ioc: Insecure path .* jail escape attempt$" \
	    ${IOC} fstab add "${PWD}/share" /evil ${J}
	atf_check -o empty ls -A "${out}"
	atf_check cmp want "${MP}/fstab"
	# and not when the jail runs either
	atf_check -o ignore ${IOC} start ${J}
	atf_check -s exit:1 -o empty -e match:"^ioc: Insecure path .* jail escape attempt$" \
	    ${IOC} fstab add "${PWD}/share" /evil/x ${J}
	atf_check -o empty ls -A "${out}"
	atf_check cmp want "${MP}/fstab"
	atf_check -o ignore ${IOC} stop ${J}
	rm "${MP}/root/evil"
	rmdir "${MP}/root/mnt/a"
	rm "${MP}/fstab"
	rt_snap_pool after
	atf_check cmp before after
	rt_gone ${J}
}
bad_input_cleanup()
{
	rt_stop
	[ -f outside-dir ] && rmdir "$(cat outside-dir)" 2>/dev/null
	ioc_dataset_cleanup
}

atf_test_case live cleanup
live_head()
{
	atf_set descr "fstab add and rm on a running jail mount and unmount at once, inside it only"
	atf_set require.user root
	atf_set require.config pool
}
live_body()
{
	rt_setup
	rt_release bb
	rt_jail ${J}
	mkdir -p ro rw
	echo shared >ro/file
	atf_check -o ignore ${IOC} start ${J}
	atf_check -o inline:"fstab mount added: ${PWD}/ro -> ${MP}/root/mnt/x (ro)\n" \
	    ${IOC} fstab add "${PWD}/ro" /mnt/x ${J}
	atf_check -o inline:"shared\n" ${IOC} exec ${J} cat /mnt/x/file
	atf_check -s not-exit:0 -o ignore -e match:"Read-only" \
	    ${IOC} exec ${J} touch /mnt/x/new
	atf_check test ! -e ro/new
	atf_check -o ignore ${IOC} fstab add -o rw "${PWD}/rw" /srv/rw ${J}
	atf_check ${IOC} exec ${J} sh -c 'echo w >/srv/rw/f'
	atf_check -o inline:"w\n" cat rw/f
	# nothing of it is mounted in the host's namespace
	if grep -q " ${MP}/root/" /proc/self/mountinfo; then
		atf_fail "fstab mounts of the jail are visible on the host"
	fi
	# tmpfs, with its options
	atf_check -o inline:"fstab mount added: tmpfs -> ${MP}/root/tmp/t (rw,size=1m)\n" \
	    ${IOC} fstab add -t tmpfs -o rw,size=1m tmpfs /tmp/t ${J}
	atf_check ${IOC} exec ${J} touch /tmp/t/in-tmpfs
	atf_check test ! -e "${MP}/root/tmp/t/in-tmpfs"
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec ${J} sh -c 'head -c 2000000 /dev/zero >/tmp/t/big'
	# a live mount that fails puts everything back: /tmp/t/y exists on
	# the host, not in the jail, where a tmpfs covers /tmp/t
	cp "${MP}/fstab" want
	atf_check -s exit:1 -o empty -e match:"^ioc: Jail '${J}': mount ${MP}/root/tmp/t/y: .*No such file" \
	    ${IOC} fstab add "${PWD}/ro" /tmp/t/y ${J}
	atf_check cmp want "${MP}/fstab"
	atf_check test ! -e "${MP}/root/tmp/t/y"
	# rm unmounts at once; the directory stays
	atf_check -o inline:"fstab mount removed: ${PWD}/ro -> ${MP}/root/mnt/x\n" \
	    ${IOC} fstab rm "${PWD}/ro" ${J}
	atf_check -s not-exit:0 -o ignore -e ignore ${IOC} exec ${J} cat /mnt/x/file
	atf_check ${IOC} exec ${J} test -d /mnt/x
	atf_check -o ignore ${IOC} fstab rm tmpfs ${J}
	atf_check -s not-exit:0 -o ignore -e ignore ${IOC} exec ${J} test -e /tmp/t/in-tmpfs
	# a line added while stopped is mounted by start, removed live
	atf_check -o ignore ${IOC} stop ${J}
	rt_gone ${J}
	atf_check -o ignore ${IOC} fstab add "${PWD}/ro" /mnt/z ${J}
	atf_check -o ignore ${IOC} start ${J}
	atf_check -o inline:"shared\n" ${IOC} exec ${J} cat /mnt/z/file
	atf_check -o ignore ${IOC} fstab rm "${PWD}/ro" ${J}
	atf_check -s not-exit:0 -o ignore -e ignore ${IOC} exec ${J} cat /mnt/z/file
	atf_check -o inline:"w\n" ${IOC} exec ${J} cat /srv/rw/f
	atf_check -o ignore ${IOC} stop ${J}
	rt_gone ${J}
}
live_cleanup()
{
	rt_stop
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	. "$(atf_get_srcdir)/lib.sh"
	. "$(atf_get_srcdir)/jailrt_lib.sh"
	atf_add_test_case stopped
	atf_add_test_case bad_input
	atf_add_test_case live
}
