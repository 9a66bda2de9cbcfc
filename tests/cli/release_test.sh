#! /usr/bin/env atf-sh
#
# release_test.sh - custom releases: "ioc fetch -r NAME -b" registers a
# release whose root the user filled in place, taking root@pN and its
# read-only clone root-pN; every refusal leaves the pool as it was.

. "$(atf_get_srcdir)/lib.sh"

# A root dataset for this test case with releases/ under it; sets ROOT,
# ROOTMP and IOC (the command with --source t=ROOT).
setup_root()
{
	ioc_dataset_create
	ROOT=${IOC_DS}
	atf_check zfs create "${ROOT}/releases"
	ROOTMP=$(zfs get -H -o value mountpoint "${ROOT}")
	mkdir -p run
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	IOC="$(ioc_bin) --source t=${ROOT}"
}

# mkrelease NAME: the dataset releases/NAME/root with a small userland
# made of busybox (static, so it runs anywhere); sets REL to its path.
mkrelease()
{
	[ -x /bin/busybox ] || atf_skip "/bin/busybox is missing" \
	    "(install busybox-static)"
	atf_check zfs create -p "${ROOT}/releases/$1/root"
	REL=$(zfs get -H -o value mountpoint "${ROOT}/releases/$1/root")
	mkdir -p "${REL}/bin" "${REL}/etc" "${REL}/dev" "${REL}/var"
	cp /bin/busybox "${REL}/bin/busybox"
	ln -s busybox "${REL}/bin/sh"
	echo "custom 1" >"${REL}/etc/motd"
}

# Every dataset and snapshot below ROOT, into file $1.
snap_tree()
{
	zfs list -H -o name -t all -r "${ROOT}" >"$1" ||
	    atf_fail "zfs list ${ROOT} failed"
}

# prop DATASET PROPERTY: print the value.
prop()
{
	zfs get -H -o value "$2" "$1"
}

atf_test_case register cleanup
register_head()
{
	atf_set descr "fetch -b takes root@p0, root@p1 ... with read-only clones"
	atf_set require.user root
	atf_set require.config pool
}
register_body()
{
	local r c

	setup_root
	mkrelease custom
	r=${ROOT}/releases/custom
	atf_check -o inline:"Release 'custom' registered as custom-p0\n" \
	    -e empty ${IOC} fetch -r custom -b
	atf_check -o inline:"${r}/root@p0\n" \
	    zfs list -H -o name -t snapshot -r "${r}"
	c=${r}/root-p0
	atf_check -o inline:"on\n" zfs get -H -o value readonly "${c}"
	atf_check -o inline:"noauto\n" zfs get -H -o value canmount "${c}"
	atf_check -o inline:"${r}/root@p0\n" zfs get -H -o value origin "${c}"
	# the clone is left unmounted (the 1,000-mount budget of zfs-fuse)
	atf_check -o inline:"no\n" zfs get -H -o value mounted "${c}"

	# a rebuild: every run takes the next patch level
	echo "custom 2" >"${REL}/etc/motd"
	atf_check -o inline:"Release 'custom' registered as custom-p1\n" \
	    -e empty ${IOC} fetch -r custom -b
	printf '%s\n' "${r}/root@p0" "${r}/root@p1" >expected
	atf_check -o file:expected zfs list -H -o name -t snapshot -r "${r}"
	c=${r}/root-p1
	atf_check -o inline:"${r}/root@p1\n" zfs get -H -o value origin "${c}"
	atf_check -o inline:"on\n" zfs get -H -o value readonly "${c}"
	atf_check -o inline:"noauto\n" zfs get -H -o value canmount "${c}"
	# each clone holds its own snapshot's tree, and it is read-only
	atf_check zfs mount "${r}/root-p0"
	atf_check zfs mount "${r}/root-p1"
	atf_check -o inline:"custom 1\n" cat "$(prop "${r}/root-p0" mountpoint)/etc/motd"
	atf_check -o inline:"custom 2\n" cat "$(prop "${r}/root-p1" mountpoint)/etc/motd"
	atf_check -s not-exit:0 -e match:"Read-only" \
	    touch "$(prop "${r}/root-p1" mountpoint)/etc/x"
	atf_check zfs umount "${r}/root-p0"
	atf_check zfs umount "${r}/root-p1"

	# with the source prefix
	atf_check -o inline:"Release 't/custom' registered as t/custom-p2\n" \
	    ${IOC} fetch -r t/custom -b
	atf_check -o inline:"${r}/root-p2\n" \
	    zfs list -H -o name "${r}/root-p2"
	# the lock lives beside the jails' locks and cannot collide
	atf_check test -f run/lock/t/release@custom
}
register_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case not_a_root cleanup
not_a_root_head()
{
	atf_set descr "a tree that is no root file system is refused, nothing made"
	atf_set require.user root
	atf_set require.config pool
}
not_a_root_body()
{
	setup_root
	mkrelease custom
	rm -r "${REL}/etc" "${REL}/var"
	snap_tree before
	atf_check -s exit:1 -o empty -e save:err ${IOC} fetch -r custom -b
	ioc_one_line err
	atf_check -o match:"Release 'custom'" -o match:"it has no etc, var$" \
	    cat err
	snap_tree after
	atf_check cmp before after

	# the shell must be inside the tree: a link to the host's shell
	# resolves inside the root, where there is none
	mkdir "${REL}/etc" "${REL}/var"
	rm "${REL}/bin/sh" "${REL}/bin/busybox"
	ln -s /bin/busybox "${REL}/bin/sh"
	atf_check -s exit:1 -o empty -e match:"it has no an executable bin/sh" \
	    ${IOC} fetch -r custom -b
	ln -sf ../../../../../../../../bin/busybox "${REL}/bin/sh"
	atf_check -s exit:1 -o empty -e match:"executable bin/sh" \
	    ${IOC} fetch -r custom -b
	# not executable
	rm "${REL}/bin/sh"
	cp /bin/busybox "${REL}/bin/sh"
	chmod 644 "${REL}/bin/sh"
	atf_check -s exit:1 -o empty -e match:"executable bin/sh" \
	    ${IOC} fetch -r custom -b
	snap_tree after
	atf_check cmp before after
	# fixed: it works
	chmod 755 "${REL}/bin/sh"
	atf_check -o inline:"Release 'custom' registered as custom-p0\n" \
	    ${IOC} fetch -r custom -b
}
not_a_root_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case clone_fails cleanup
clone_fails_head()
{
	atf_set descr "a clone that cannot be made takes its snapshot back"
	atf_set require.user root
	atf_set require.config pool
}
clone_fails_body()
{
	setup_root
	mkrelease custom
	# something already sits where the clone of p0 would go
	atf_check zfs create "${ROOT}/releases/custom/root-p0"
	snap_tree before
	atf_check -s exit:1 -o empty -e save:err ${IOC} fetch -r custom -b
	ioc_one_line err
	atf_check -o match:"Release 'custom'" -o match:"root-p0" \
	    -o match:"already exists" cat err
	snap_tree after
	atf_check cmp before after
	atf_check -o empty zfs list -H -o name -t snapshot -r "${ROOT}"
}
clone_fails_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case missing cleanup
missing_head()
{
	atf_set descr "a release without its root dataset: the hint to create it"
	atf_set require.user root
	atf_set require.config pool
}
missing_body()
{
	setup_root
	snap_tree before
	atf_check -s exit:1 -o empty -e save:err ${IOC} fetch -r nothere -b
	ioc_one_line err
	atf_check -o match:"Release 'nothere' does not exist" \
	    -o match:"zfs create -p ${ROOT}/releases/nothere/root" cat err
	snap_tree after
	atf_check cmp before after
	# releases/NAME without root is not enough either
	atf_check zfs create "${ROOT}/releases/half"
	snap_tree before
	atf_check -s exit:1 -o empty \
	    -e match:"zfs create -p ${ROOT}/releases/half/root" \
	    ${IOC} fetch -r half -b
	snap_tree after
	atf_check cmp before after
	# no releases dataset at all
	_ioc_destroy_tree "${ROOT}/releases" ||
	    atf_fail "cannot destroy ${ROOT}/releases"
	atf_check -s exit:1 -o empty \
	    -e match:"zfs create -p ${ROOT}/releases/nothere/root" \
	    ${IOC} fetch -r nothere -b
	atf_check -s exit:1 -o empty -e ignore zfs list "${ROOT}/releases"
}
missing_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case invalid cleanup
invalid_head()
{
	atf_set descr "invalid release names and sources touch nothing"
	atf_set require.user root
	atf_set require.config pool
}
invalid_body()
{
	local n

	setup_root
	mkrelease custom
	snap_tree before
	for n in 'bad name' -x 'a/b/c' 'x@p0' 'custom/' '.hidden' 'ä' \
	    abcdefghijabcdefghijabcdefghijab 'x%y' 'x,y'; do
		atf_check -s exit:1 -o empty -e save:err \
		    ${IOC} fetch -r "${n}" -b
		ioc_one_line err
		atf_check -o match:"Invalid (release|source) name" cat err
	done
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: The source 'nosrc' is not configured\n" \
	    ${IOC} fetch -r nosrc/custom -b
	# without any source
	atf_check -s exit:1 -o empty -e match:"iocage is not activated yet" \
	    $(ioc_bin) fetch -r custom -b
	snap_tree after
	atf_check cmp before after
}
invalid_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case usage cleanup
usage_head()
{
	atf_set descr "fetch parses its whole synopsis; only -b is implemented"
	atf_set require.user root
	atf_set require.config pool
}
usage_body()
{
	setup_root
	mkrelease custom
	snap_tree before
	atf_check -s exit:2 -o empty -e inline:"ioc: fetch: -b needs -r NAME\n" \
	    ${IOC} fetch -b
	atf_check -s exit:2 -o empty -e match:"takes no -u" \
	    ${IOC} fetch -b -r custom -u https://example.org/
	atf_check -s exit:2 -o empty -e match:"takes no -u" \
	    ${IOC} fetch -b -r custom -F base
	atf_check -s exit:2 -o empty -e match:"takes no -u" \
	    ${IOC} fetch -b -r custom --no-update
	atf_check -s exit:2 -o empty -e match:"takes no -u" \
	    ${IOC} fetch -b -r custom --no-fetch-updates
	atf_check -s exit:2 -o empty -e match:"unexpected operand 'extra'" \
	    ${IOC} fetch -b -r custom extra
	atf_check -s exit:2 -o empty -e match:"invalid URL 'gopher://x'" \
	    ${IOC} fetch -r custom -u gopher://x
	atf_check -s exit:2 -o empty -e match:"invalid URL" \
	    ${IOC} fetch -r custom -u http://
	atf_check -s exit:2 -o empty -e match:"invalid asset name '../x'" \
	    ${IOC} fetch -r custom -F ../x
	atf_check -s exit:2 -o empty -e match:"-r given twice" \
	    ${IOC} fetch -r a -r b
	atf_check -s exit:2 -o empty -e match:"unknown option '--bogus'" \
	    ${IOC} fetch --bogus
	atf_check -s exit:2 -o empty -e match:"option -r needs an argument" \
	    ${IOC} fetch -r
	# a valid mirror request that finds no mirror changes nothing
	atf_check -s exit:1 -o empty -e match:"13.2-RELEASE" \
	    ${IOC} fetch -r 13.2-RELEASE -u file:///nonexistent/mirror \
	    -F base -F lib32.txz --file src --no-update --no-fetch-updates
	atf_check -s exit:2 -o empty -e match:"-r RELEASE is required" \
	    ${IOC} fetch
	atf_check -o match:"^usage: ioc fetch " ${IOC} fetch --help
	snap_tree after
	atf_check cmp before after
}
usage_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case locked cleanup
locked_head()
{
	atf_set descr "a release locked by another ioc is busy, nothing made"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs flock
}
locked_body()
{
	local i=0

	setup_root
	mkrelease custom
	snap_tree before
	mkdir -p run/lock/t
	(exec 9>run/lock/t/release@custom; flock 9; exec sleep 30) &
	echo $! >holder
	while flock -n run/lock/t/release@custom true; do
		[ $i -lt 50 ] || break
		i=$((i + 1)); sleep 0.1
	done
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Release 'custom' is busy: another ioc process is working on it\n" \
	    ${IOC} fetch -r custom -b
	snap_tree after
	atf_check cmp before after
	# a jail called like the release does not share its lock
	kill "$(cat holder)"
	wait
	(exec 9>run/lock/t/custom; flock 9; exec sleep 30) &
	echo $! >holder
	i=0
	while flock -n run/lock/t/custom true; do
		[ $i -lt 50 ] || break
		i=$((i + 1)); sleep 0.1
	done
	atf_check -o inline:"Release 'custom' registered as custom-p0\n" \
	    ${IOC} fetch -r custom -b
}
locked_cleanup()
{
	[ -f holder ] && kill "$(cat holder)" 2>/dev/null
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case register
	atf_add_test_case not_a_root
	atf_add_test_case clone_fails
	atf_add_test_case missing
	atf_add_test_case invalid
	atf_add_test_case usage
	atf_add_test_case locked
}
