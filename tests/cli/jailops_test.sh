#! /usr/bin/env atf-sh
#
# jailops_test.sh - ioc rename, clone and promote on jails laid out by
# hand: children, snapshots, fstab lines, release origins, and every
# refusal leaving the pool as it was.

. "$(atf_get_srcdir)/lib.sh"
. "$(atf_get_srcdir)/ops_lib.sh"

TAB=$(printf '\t')

atf_test_case rename cleanup
rename_head()
{
	atf_set descr "rename moves children and snapshots, rewrites fstab, keeps the release snapshot"
	atf_set require.user root
}
rename_body()
{
	local oldmp newmp

	ops_setup
	ops_release R
	ops_jail old R
	oldmp=${JMP}
	ops_json old
	printf '# my mounts\n/srv/shared\t%s/root/mnt/shared\tnullfs\tro\t0\t0\n/srv/x /mnt/elsewhere nullfs rw 0 0 # unrelated\n' \
	    "${oldmp}" >"${oldmp}/fstab"
	atf_check zfs snapshot -r "${ROOT}/jails/old@s1"
	zfs list -H -o name,origin -t all -r "${ROOT}/releases" >rel.before
	atf_check -o inline:"Jail 'old' renamed to 'new'\n" -e empty \
	    ${IOC} rename old new
	newmp=$(zfs get -H -o value mountpoint "${ROOT}/jails/new")
	atf_check -s exit:1 -o ignore -e ignore zfs list "${ROOT}/jails/old"
	for ds in new new/root new/data new@s1 new/root@s1 new/data@s1; do
		atf_check -o ignore zfs list -t all "${ROOT}/jails/${ds}"
	done
	# the shared release snapshot is untouched and still the origin
	zfs list -H -o name,origin -t all -r "${ROOT}/releases" >rel.after
	atf_check cmp rel.before rel.after
	atf_check -o inline:"${ROOT}/releases/R/root@p0\n" \
	    zfs get -H -o value origin "${ROOT}/jails/new/root"
	atf_check -o inline:"${ROOT}/releases/R/root@p0\n" \
	    zfs list -H -o name -t snapshot "${ROOT}/releases/R/root@p0"
	# fstab: the jail's own path follows (with /root), the rest is kept
	printf '# my mounts\n/srv/shared\t%s/root/mnt/shared\tnullfs\tro\t0\t0\n/srv/x /mnt/elsewhere nullfs rw 0 0 # unrelated\n' \
	    "${newmp}" >fstab.want
	atf_check cmp fstab.want "${newmp}/fstab"
	atf_check -o match:'"id": "new"' cat "${newmp}/config.json"
	atf_check -o inline:"root file of old\n" cat "${newmp}/root/file"
	atf_check -o inline:"data file of old\n" cat "${newmp}/data/file"
	atf_check -o inline:"new\n" ${IOC} get id new
	atf_check -o inline:"R-RELEASE\n" ${IOC} get release new
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'old' does not exist\n" \
	    ${IOC} get id old
}
rename_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case rename_refused cleanup
rename_refused_head()
{
	atf_set descr "rename refuses running jails, taken and invalid names; nothing changes"
	atf_set require.user root
}
rename_refused_body()
{
	ops_setup
	ops_release R
	ops_jail old R
	ops_json old
	ops_jail other
	ops_json other
	ops_state >before
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'other' already exists\n" \
	    ${IOC} rename old other
	atf_check -s exit:1 -o empty -e save:err ${IOC} rename old 'bad name'
	ioc_one_line err
	atf_check -o match:"Invalid jail name 'bad name'" cat err
	atf_check -s exit:1 -o empty -e save:err ${IOC} rename old -x
	ioc_one_line err
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'nothere' does not exist\n" \
	    ${IOC} rename nothere new
	atf_check -s exit:2 -o empty -e save:err ${IOC} rename old
	ioc_one_line err
	# the runtime state says it runs: refused
	ops_running old
	atf_check -s exit:1 -o empty -e save:err ${IOC} rename old new
	ioc_one_line err
	atf_check -o match:"Jail 'old' is already running" cat err
	ops_state >after
	atf_check -o empty diff -u before after
	rm -r run/jails
	atf_check -o ignore ${IOC} rename old new
}
rename_refused_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case clone cleanup
clone_head()
{
	atf_set descr "clone copies every dataset, keeps its snapshot, rewrites fstab with /root"
	atf_set require.user root
}
clone_body()
{
	local srcmp dstmp snap uuid

	ops_setup
	ops_release R
	ops_jail web R
	srcmp=${JMP}
	ops_json web
	atf_check zfs set canmount=noauto "${ROOT}/jails/web/data"
	printf '/srv/shared\t%s/root/mnt/shared\tnullfs\tro\t0\t0\n' \
	    "${srcmp}" >"${srcmp}/fstab"
	cp "${srcmp}/fstab" fstab.src
	cp "${srcmp}/config.json" config.src
	atf_check -o inline:"Jail 'web' cloned to 'web2'\n" -e empty \
	    ${IOC} clone web web2
	dstmp=$(zfs get -H -o value mountpoint "${ROOT}/jails/web2")
	# the snapshot the clones depend on stays, minutes included
	zfs list -H -o name -t snapshot -r "${ROOT}/jails/web" >snaps
	atf_check -o match:"^${ROOT}/jails/web@ioc-clone-[0-9]{14}\$" cat snaps
	atf_check -o match:"^${ROOT}/jails/web/root@ioc-clone-[0-9]{14}\$" cat snaps
	atf_check -o match:"^${ROOT}/jails/web/data@ioc-clone-[0-9]{14}\$" cat snaps
	snap=$(sed -n 's/^[^@]*@//p' snaps | head -1)
	atf_check -o inline:"${ROOT}/jails/web@${snap}\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web2"
	atf_check -o inline:"${ROOT}/jails/web/root@${snap}\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web2/root"
	atf_check -o inline:"${ROOT}/jails/web/data@${snap}\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web2/data"
	atf_check -o inline:"noauto\n" \
	    zfs get -H -o value canmount "${ROOT}/jails/web2/data"
	atf_check -o inline:"root file of web\n" cat "${dstmp}/root/file"
	atf_check -o inline:"data file of web\n" cat "${dstmp}/data/file"
	# fstab: the destination keeps /root (spec 12.2 dropped it)
	printf '/srv/shared\t%s/root/mnt/shared\tnullfs\tro\t0\t0\n' \
	    "${dstmp}" >fstab.want
	atf_check cmp fstab.want "${dstmp}/fstab"
	# config: new id and a new generated host_hostuuid
	atf_check -o inline:"web2\n" ${IOC} get id web2
	atf_check -o inline:"R-RELEASE\n" ${IOC} get release web2
	uuid=$(${IOC} get host_hostuuid web2)
	echo "${uuid}" | grep -Eq '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' ||
	    atf_fail "host_hostuuid '${uuid}' is not a UUID"
	[ "${uuid}" != 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c ] ||
	    atf_fail "the clone kept the host_hostuuid of its source"
	# the source is untouched and still works
	atf_check cmp fstab.src "${srcmp}/fstab"
	atf_check cmp config.src "${srcmp}/config.json"
	atf_check -o inline:"web\n" ${IOC} get id web
	atf_check -o inline:"NAME\n" ${IOC} snapshot list web
	# the same source may be named; another source may not
	atf_check -o inline:"Jail 'web' cloned to 't/web3'\n" ${IOC} clone web t/web3
	atf_check -o ignore zfs list "${ROOT}/jails/web3/root"
	ops_state >before
	atf_check -s exit:1 -o empty -e save:err ${IOC} clone web other/web4
	ioc_one_line err
	atf_check -o match:"stays in the source" cat err
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'web2' already exists\n" \
	    ${IOC} clone web web2
	atf_check -s exit:1 -o empty -e save:err ${IOC} clone web 'a/b/c'
	atf_check -s exit:2 -o empty -e ignore ${IOC} clone web
	ops_state >after
	atf_check -o empty diff -u before after
}
clone_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case clone_undo cleanup
clone_undo_head()
{
	atf_set descr "a clone that fails half-way leaves no dataset or snapshot behind"
	atf_set require.user root
}
clone_undo_body()
{
	ops_setup
	ops_release R
	ops_jail web R
	ops_json web
	# a read-only jails dataset: the clone's config cannot be written
	atf_check zfs set readonly=on "${ROOT}/jails"
	ops_state >before
	atf_check -s exit:1 -o empty -e save:err ${IOC} clone web web2
	ioc_one_line err
	atf_check -o match:"Cannot clone 'web' to 'web2'" cat err
	ops_state >after
	atf_check -o empty diff -u before after
	atf_check zfs inherit readonly "${ROOT}/jails"
	# a later step fails (fstab is no file): clones and snapshot go again
	mkdir "${JMP}/fstab"
	atf_check -s exit:1 -o empty -e save:err ${IOC} clone web web2
	ioc_one_line err
	atf_check -o match:"not a regular file" cat err
	ops_state >after
	atf_check -o empty diff -u before after
	rmdir "${JMP}/fstab"
	atf_check -o ignore ${IOC} clone web web2
}
clone_undo_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case promote cleanup
promote_head()
{
	atf_set descr "promote moves the origins to the clone and back"
	atf_set require.user root
}
promote_body()
{
	local snap

	ops_setup
	ops_release R
	ops_jail web R
	ops_json web
	atf_check -o ignore ${IOC} clone web web2
	snap=$(zfs get -H -o value origin "${ROOT}/jails/web2" | sed 's/^[^@]*@//')
	atf_check -o inline:"Jail 'web2' promoted\n" -e empty ${IOC} promote web2
	atf_check -o inline:"-\n" zfs get -H -o value origin "${ROOT}/jails/web2"
	atf_check -o inline:"${ROOT}/jails/web2@${snap}\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web"
	atf_check -o inline:"${ROOT}/jails/web2/data@${snap}\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web/data"
	atf_check -o inline:"${ROOT}/jails/web2/root@${snap}\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web/root"
	# the release origin moved with the root
	atf_check -o inline:"${ROOT}/releases/R/root@p0\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web2/root"
	# and back
	atf_check -o inline:"Jail 'web' promoted\n" ${IOC} promote web
	atf_check -o inline:"-\n" zfs get -H -o value origin "${ROOT}/jails/web"
	atf_check -o inline:"${ROOT}/releases/R/root@p0\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web/root"
	atf_check -o inline:"${ROOT}/jails/web/root@${snap}\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web2/root"
	# a jail made from a release is no clone; running jails are refused
	ops_state >before
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Jail 'web' is not a clone: nothing to promote\n" \
	    ${IOC} promote web
	ops_running web2
	atf_check -s exit:1 -o empty -e save:err ${IOC} promote web2
	ioc_one_line err
	atf_check -o match:"already running" cat err
	atf_check -s exit:1 -o empty -e ignore ${IOC} promote nothere
	ops_state >after
	atf_check -o empty diff -u before after
}
promote_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case rename
	atf_add_test_case rename_refused
	atf_add_test_case clone
	atf_add_test_case clone_undo
	atf_add_test_case promote
}
