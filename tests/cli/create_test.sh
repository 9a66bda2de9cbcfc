#! /usr/bin/env atf-sh
#
# create_test.sh - ioc create on a real pool: from a release laid out by
# hand (release.h's on-disk contract), standalone and basejail, from a
# template, -c COUNT, PROP=VALUE operands, two sources, and every failure
# leaving the pool exactly as it was.

. "$(atf_get_srcdir)/lib.sh"

# A root dataset for this test case; sets ROOT, ROOTMP and IOC.
setup_root()
{
	ioc_dataset_create
	ROOT=${IOC_DS}
	ROOTMP=$(zfs get -H -o value mountpoint "${ROOT}")
	mkdir -p run
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	IOC="$(ioc_bin) --source t=${ROOT}"
}

# mkrelease NAME [ROOTDS]: a fetched release by hand: releases/NAME/root
# with a busybox tree, root@p0 and its read-only clone root-p0.
mkrelease()
{
	local r="${2:-${ROOT}}/releases/$1" mp

	atf_check zfs create -p "${r}/root"
	mp=$(zfs get -H -o value mountpoint "${r}/root")
	mkdir -p "${mp}/bin" "${mp}/etc" "${mp}/dev" "${mp}/var" "${mp}/tmp" ||
	    atf_fail "cannot lay out ${mp}"
	cp /bin/busybox "${mp}/bin/busybox" || atf_fail "no busybox"
	ln -s busybox "${mp}/bin/sh"
	echo "release $1" >"${mp}/etc/motd"
	atf_check zfs snapshot "${r}/root@p0"
	atf_check zfs clone -o readonly=on -o canmount=noauto \
	    "${r}/root@p0" "${r}/root-p0"
}

# Every dataset and snapshot below ROOT, into file $1.
snap_pool()
{
	zfs list -H -o name -t all -r "${ROOT}" | sort >"$1"
}

# json FILE KEY: the value of KEY in a config.json ("<absent>" if none).
json()
{
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d.get(sys.argv[2], "<absent>"))' "$1" "$2"
}

# jcheck FILE KEY VALUE: fail unless KEY of config.json FILE is VALUE.
jcheck()
{
	json "$1" "$2" >json.out 2>&1
	atf_check -o inline:"$3\n" cat json.out
}

# The host uuid as ioc must store it: /etc/machine-id as 8-4-4-4-12.
machine_uuid()
{
	sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12})$/\1-\2-\3-\4-\5/' \
	    /etc/machine-id
}

UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

atf_test_case basejail cleanup
basejail_head()
{
	atf_set descr "create from a release: a basejail with its config.json"
	atf_set require.user root
	atf_set require.progs python3
}
basejail_body()
{
	local mp cfg

	setup_root
	mkrelease rel
	atf_check -o inline:"web successfully created from rel!\n" -e empty \
	    ${IOC} create -r rel web
	atf_check -o inline:"${ROOT}/releases/rel/root@p0\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web/root"
	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/web")
	cfg="${mp}/config.json"
	atf_check -o inline:"700\n" stat -c %a "${mp}"
	jcheck "${cfg}" id "web"
	jcheck "${cfg}" release "rel"
	jcheck "${cfg}" basejail "yes"
	jcheck "${cfg}" basejail_type "nullfs"
	jcheck "${cfg}" hostid "$(machine_uuid)"
	json "${cfg}" host_hostuuid >uuid1
	atf_check -o match:"${UUID_RE}" cat uuid1
	atf_check -s exit:1 -o empty grep -qx "$(machine_uuid)" uuid1
	# exactly these keys
	atf_check -o inline:"basejail,basejail_type,host_hostuuid,hostid,id,release\n" \
	    python3 -c 'import json, sys
print(",".join(sorted(json.load(open(sys.argv[1])))))' "${cfg}"
	# the root is the release's tree
	atf_check -o inline:"release rel\n" cat "${mp}/root/etc/motd"
	atf_check -o inline:"yes\n" ${IOC} get basejail web
	atf_check -o inline:"rel\n" ${IOC} get release web
	# host_hostuuid depends on source and name only: the same again
	atf_check -o match:"destroyed" ${IOC} destroy -f web
	atf_check -o ignore ${IOC} create -r rel web
	json "${cfg}" host_hostuuid >uuid2
	atf_check cmp uuid1 uuid2
	atf_check -o ignore ${IOC} create -r rel web2
	json "$(zfs get -H -o value mountpoint "${ROOT}/jails/web2")/config.json" \
	    host_hostuuid >uuid3
	atf_check -s exit:1 cmp -s uuid1 uuid3
	# the release's snapshot and clone are untouched
	atf_check -o inline:"${ROOT}/releases/rel/root@p0\n" \
	    zfs list -H -o name -t snapshot -r "${ROOT}/releases"
}
basejail_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case standalone cleanup
standalone_head()
{
	atf_set descr "create -nb / --no-basejail, and a pinned -pN release"
	atf_set require.user root
	atf_set require.progs python3
}
standalone_body()
{
	local mp

	setup_root
	mkrelease rel
	atf_check -o inline:"solo successfully created from rel!\n" \
	    ${IOC} create -nb -r rel solo
	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/solo")
	jcheck "${mp}/config.json" basejail "no"
	jcheck "${mp}/config.json" basejail_type "<absent>"
	atf_check -o inline:"no\n" ${IOC} get basejail solo
	# --no-basejail after the release, and -pN is stored when pinned
	atf_check -o inline:"pin successfully created from rel-p0!\n" \
	    ${IOC} create -r rel-p0 --no-basejail pin
	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/pin")
	jcheck "${mp}/config.json" release "rel-p0"
	jcheck "${mp}/config.json" basejail "no"
	# -b and -nb together is a usage error
	snap_pool before
	atf_check -s exit:2 -o empty -e match:"exclude" \
	    ${IOC} create -b -nb -r rel x
	atf_check -s exit:2 -o empty -e match:"exclude" \
	    ${IOC} create -r rel -t solo x
	snap_pool after
	atf_check cmp before after
}
standalone_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case template cleanup
template_head()
{
	atf_set descr "create -t: a clone of the template root with its config"
	atf_set require.user root
	atf_set require.progs python3
}
template_body()
{
	local tmp mp cfg

	setup_root
	mkrelease rel
	atf_check -o ignore ${IOC} create -nb -r rel tpl priority=7
	tmp=$(zfs get -H -o value mountpoint "${ROOT}/jails/tpl")
	echo "from the template" >"${tmp}/root/etc/motd"
	# not a template yet
	snap_pool before
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: The jail 'tpl' is not a template\n" \
	    ${IOC} create -t tpl web
	snap_pool after
	atf_check cmp before after
	atf_check -o ignore ${IOC} set template=yes user.role=base tpl
	atf_check -o inline:"web successfully created from rel!\n" \
	    ${IOC} create -t tpl web vnet=on
	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/web")
	cfg="${mp}/config.json"
	atf_check -o inline:"${ROOT}/jails/tpl/root@web\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web/root"
	atf_check -o inline:"from the template\n" cat "${mp}/root/etc/motd"
	jcheck "${cfg}" id "web"
	jcheck "${cfg}" release "rel"
	jcheck "${cfg}" priority "7"
	jcheck "${cfg}" basejail "no"
	jcheck "${cfg}" vnet "yes"
	jcheck "${cfg}" template "<absent>"
	atf_check -o inline:"base\n" ${IOC} get user.role web
	atf_check -o inline:"no\n" ${IOC} get template web
	jcheck "${cfg}" hostid "$(machine_uuid)"
	json "${cfg}" host_hostuuid >u_web
	json "${tmp}/config.json" host_hostuuid >u_tpl
	atf_check -s exit:1 cmp -s u_web u_tpl
	# the template cannot go while web is its clone
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Template 'tpl' is used by jails: web\n" \
	    ${IOC} destroy -f -t tpl
	# a plain destroy does not see templates
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: No target matched your input\n" \
	    ${IOC} destroy -f tpl
	# destroying web takes the template snapshot made for it along
	atf_check -o inline:"${mp} destroyed\n" ${IOC} destroy -f web
	atf_check -o empty zfs list -H -o name -t snapshot -r "${ROOT}/jails"
	atf_check -o inline:"${tmp} destroyed\n" ${IOC} destroy -f -t tpl
	atf_check -o inline:"${ROOT}/jails\n" zfs list -H -o name -r "${ROOT}/jails"
}
template_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case count cleanup
count_head()
{
	atf_set descr "create -c N makes N distinct jails NAME_1 ... NAME_N"
	atf_set require.user root
}
count_body()
{
	setup_root
	mkrelease rel
	atf_check -o inline:"x_1 successfully created from rel! (1/3)\nx_2 successfully created from rel! (2/3)\nx_3 successfully created from rel! (3/3)\n" \
	    ${IOC} create -c 3 -r rel x
	atf_check -o save:list zfs list -H -o name -d 1 -r -s name "${ROOT}/jails"
	atf_check -o inline:"${ROOT}/jails\n${ROOT}/jails/x_1\n${ROOT}/jails/x_2\n${ROOT}/jails/x_3\n" \
	    cat list
	for i in 1 2 3; do
		atf_check -o inline:"x_${i}\n" ${IOC} get id x_${i}
	done
	# commas are stripped (10 jails); x_1 is taken, so none is made
	snap_pool before
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'x_1' already exists\n" \
	    ${IOC} create -c 1,0 -r rel x
	atf_check -s exit:2 -o empty -e match:"invalid count" \
	    ${IOC} create -c 0 -r rel y
	atf_check -s exit:2 -o empty -e match:"invalid count" \
	    ${IOC} create -c 2x -r rel y
	# NAME_N must still be a valid name (at most 31 characters)
	atf_check -s exit:1 -o empty -e match:"Invalid jail name 'abcdefghijabcdefghijabcdefghi_10'" \
	    ${IOC} create -c 10 -r rel abcdefghijabcdefghijabcdefghi
	snap_pool after
	atf_check cmp before after
	# -c 1 is the plain name
	atf_check -o inline:"one successfully created from rel!\n" \
	    ${IOC} create -c 1 -r rel one
}
count_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case props cleanup
props_head()
{
	atf_set descr "PROP=VALUE operands: stored normalised, validated first"
	atf_set require.user root
	atf_set require.progs python3
}
props_body()
{
	local mp

	setup_root
	mkrelease rel
	atf_check -o ignore ${IOC} create -r rel web vnet=on priority=10 \
	    user.owner=ops allow_raw_sockets=yes
	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/web")
	jcheck "${mp}/config.json" vnet "yes"
	jcheck "${mp}/config.json" priority "10"
	jcheck "${mp}/config.json" allow_raw_sockets "1"
	atf_check -o inline:"ops\n" ${IOC} get user.owner web
	snap_pool before
	atf_check -s exit:1 -o empty -e inline:"ioc: Invalid property 'vnet'\n" \
	    ${IOC} create -r rel bad vnet
	atf_check -s exit:1 -o empty -e match:"Invalid value for property 'priority'" \
	    ${IOC} create -r rel bad priority=abc
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: The config property 'nonsense' is unknown\n" \
	    ${IOC} create -r rel bad nonsense=1
	atf_check -s exit:1 -o empty -e match:"'id'" \
	    ${IOC} create -r rel bad id=other
	atf_check -s exit:1 -o empty -e match:"-r RELEASE" \
	    ${IOC} create -r rel bad release=other
	atf_check -s exit:1 -o empty -e match:"use basejail_type=nullfs" \
	    ${IOC} create -r rel bad basejail_type=zfs
	# an invalid operand after a valid name and release: nothing either
	atf_check -s exit:1 -o empty -e match:"Invalid property" \
	    ${IOC} create -c 2 -r rel bad vnet=yes =x
	snap_pool after
	atf_check cmp before after
}
props_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case errors cleanup
errors_head()
{
	atf_set descr "missing release, no -r, name taken, invalid names"
	atf_set require.user root
}
errors_body()
{
	setup_root
	# no release at all: the jails and releases datasets are not made
	atf_check zfs create "${ROOT}/releases"
	snap_pool before
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: no release given: use -r RELEASE (no release is fetched)\n" \
	    ${IOC} create web
	mkrelease rel
	mkrelease other
	snap_pool before
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: no release given: use -r RELEASE (local releases: other, rel)\n" \
	    ${IOC} create web
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Release 'nope' does not exist or is not fetched locally\n" \
	    ${IOC} create -r nope web
	atf_check -s exit:1 -o empty -e match:"does not exist or is not fetched" \
	    ${IOC} create -r rel-p5 web
	atf_check -s exit:1 -o empty -e match:"Invalid jail name 'we b'" \
	    ${IOC} create -r rel "we b"
	atf_check -s exit:1 -o empty -e match:"Invalid jail name '-x'" \
	    ${IOC} create -r rel -- -x
	atf_check -s exit:1 -o empty -e match:"Invalid jail name" \
	    ${IOC} create -r rel "a@b"
	atf_check -s exit:1 -o empty -e match:"not configured" \
	    ${IOC} create -r rel nosource/web
	atf_check -s exit:2 -o empty -e match:"expected NAME" ${IOC} create -r rel
	atf_check -s exit:1 -o empty -e match:"does not exist" \
	    ${IOC} create -t nosuchtemplate web
	snap_pool after
	atf_check cmp before after
	# a release dataset without a snapshot is not fetched
	atf_check zfs create -p "${ROOT}/releases/empty/root"
	snap_pool before
	atf_check -s exit:1 -o empty -e match:"Release 'empty' does not exist or is not fetched locally" \
	    ${IOC} create -r empty web
	snap_pool after
	atf_check cmp before after
	# name taken
	atf_check -o ignore ${IOC} create -r rel web
	snap_pool before
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'web' already exists\n" \
	    ${IOC} create -r rel web
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'web' already exists\n" \
	    ${IOC} create -r other t/web
	snap_pool after
	atf_check cmp before after
}
errors_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case late_failure cleanup
late_failure_head()
{
	atf_set descr "a failure after datasets were made leaves nothing behind"
	atf_set require.user root
}
late_failure_body()
{
	setup_root
	mkrelease rel
	atf_check -o ignore ${IOC} create -r rel tpl template=yes
	# 1. a stale snapshot tpl/root@web: the jail dataset is made, then
	#    the template snapshot fails
	atf_check zfs snapshot "${ROOT}/jails/tpl/root@web"
	snap_pool before
	atf_check -s exit:1 -o empty -e save:err ${IOC} create -t tpl web
	ioc_one_line err
	atf_check -o match:"Jail creation failed, nothing was left behind" \
	    -o match:"tpl/root@web" cat err
	snap_pool after
	atf_check cmp before after
	atf_check zfs destroy "${ROOT}/jails/tpl/root@web"
	# the same for the third jail of a batch: the first two go again
	atf_check zfs snapshot "${ROOT}/jails/tpl/root@many_3"
	snap_pool before
	atf_check -s exit:1 -o empty -e save:err ${IOC} create -c 3 -t tpl many
	ioc_one_line err
	atf_check -o match:"nothing was left behind: many_3: " cat err
	snap_pool after
	atf_check cmp before after
	atf_check zfs destroy "${ROOT}/jails/tpl/root@many_3"
	# 2. a read-only jails dataset: the jail dataset is made but cannot
	#    be mounted (no mountpoint directory), for one jail or a batch
	atf_check zfs set readonly=on "${ROOT}/jails"
	snap_pool before
	atf_check -s exit:1 -o empty -e save:err ${IOC} create -r rel -c 3 many
	ioc_one_line err
	atf_check -o match:"nothing was left behind: many_1: .*not mounted" \
	    cat err
	snap_pool after
	atf_check cmp before after
	# 3. the same with the mountpoint directory there: the jail dataset
	#    mounts, the template snapshot is taken, the root clone is made
	#    but cannot be mounted (read-only parent): all of it goes again
	atf_check zfs inherit readonly "${ROOT}/jails"
	mkdir "$(zfs get -H -o value mountpoint "${ROOT}/jails")/web"
	atf_check zfs set readonly=on "${ROOT}/jails"
	snap_pool before
	atf_check -s exit:1 -o empty -e save:err ${IOC} create -t tpl web
	ioc_one_line err
	atf_check -o match:"nothing was left behind: zfs clone .*/jails/web/root: cannot mount" \
	    cat err
	snap_pool after
	atf_check cmp before after
	atf_check zfs inherit readonly "${ROOT}/jails"
	# 4. the jails dataset does not exist yet and creation fails: it is
	#    not left behind either
	atf_check -o ignore ${IOC} destroy -f -t tpl
	atf_check zfs umount "${ROOT}/jails"
	# zfs-fuse may call the unmounted dataset busy for a moment
	i=0
	until zfs destroy "${ROOT}/jails" 2>/dev/null; do
		[ ${i} -lt 50 ] || atf_fail "cannot destroy ${ROOT}/jails"
		i=$((i + 1))
		sleep 0.1
	done
	atf_check zfs set readonly=on "${ROOT}"
	snap_pool before
	atf_check -s exit:1 -o empty -e match:"nothing was left behind" \
	    ${IOC} create -r rel web
	snap_pool after
	atf_check cmp before after
	atf_check zfs inherit readonly "${ROOT}"
	# and afterwards it works
	atf_check -o inline:"web successfully created from rel!\n" \
	    ${IOC} create -r rel web
}
late_failure_cleanup()
{
	zfs inherit readonly "$(ioc_pool)/t-late_failure-"* 2>/dev/null
	ioc_dataset_cleanup
}

atf_test_case sources cleanup
sources_head()
{
	atf_set descr "two sources: other/NAME, the source in the output"
	atf_set require.user root
	atf_set require.progs python3
}
sources_body()
{
	local a b

	setup_root
	atf_check zfs create "${ROOT}/one"
	atf_check zfs create "${ROOT}/two"
	mkrelease rel "${ROOT}/one"
	cat >rc.conf <<RC
ioc_dataset_one="${ROOT}/one"
ioc_dataset_two="${ROOT}/two"
RC
	export IOC_RC_CONF="${PWD}/rc.conf"
	I=$(ioc_bin)
	atf_check -o inline:"web successfully created from rel on two!\n" \
	    ${I} create -r rel two/web
	atf_check -o inline:"${ROOT}/one/releases/rel/root@p0\n" \
	    zfs get -H -o value origin "${ROOT}/two/jails/web/root"
	# a bare name taken in any source is taken
	atf_check -s exit:1 -o empty -e inline:"ioc: Jail 'web' already exists\n" \
	    ${I} create -r rel web
	# an explicit source is checked on its own
	atf_check -o inline:"web successfully created from rel on one!\n" \
	    ${I} create -r rel one/web
	a=$(zfs get -H -o value mountpoint "${ROOT}/one/jails/web")
	b=$(zfs get -H -o value mountpoint "${ROOT}/two/jails/web")
	json "${a}/config.json" host_hostuuid >ua
	json "${b}/config.json" host_hostuuid >ub
	atf_check -s exit:1 cmp -s ua ub
	atf_check -o match:"${UUID_RE}" cat ua
	# a template of one source for a jail of another
	atf_check -o ignore ${I} set template=yes one/web
	atf_check -o inline:"db successfully created from rel on two!\n" \
	    ${I} create -t one/web two/db
	atf_check -o inline:"${ROOT}/one/jails/web/root@two:db\n" \
	    zfs get -H -o value origin "${ROOT}/two/jails/db/root"
	atf_check -o inline:"${b} destroyed\n" ${I} destroy -f two/web
	atf_check -o match:"destroyed" ${I} destroy -f two/db
	atf_check -o empty zfs list -H -o name -t snapshot -r "${ROOT}/one/jails"
}
sources_cleanup()
{
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case basejail
	atf_add_test_case standalone
	atf_add_test_case template
	atf_add_test_case count
	atf_add_test_case props
	atf_add_test_case errors
	atf_add_test_case late_failure
	atf_add_test_case sources
}
