#! /usr/bin/env atf-sh
#
# list_test.sh - ioc list on jails, templates, releases and sources laid out
# by hand (datasets plus config files of every format): columns, formats,
# sorting, filters, several sources, the 80-column table and the errors.

. "$(atf_get_srcdir)/lib.sh"

UUID1=7aff4f07-7598-11e5-bd69-ecf4bbe5df60
UUID2=0b1b4d2e-8f43-11e5-a3c8-ecf4bbe5df60
P=org.freebsd.iocage

# A root dataset for this test case with jails/ and releases/ under it;
# sets ROOT and IOC (the command with --source t=ROOT).
setup_root()
{
	ioc_dataset_create
	ROOT=${IOC_DS}
	atf_check zfs create "${ROOT}/jails"
	atf_check zfs create "${ROOT}/releases"
	mkdir -p run
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	IOC="$(ioc_bin) --source t=${ROOT}"
}

# mkjail NAME [zfs create options]: a jail dataset; prints its mountpoint.
mkjail()
{
	local name=$1

	shift
	zfs create "$@" "${ROOT}/jails/${name}" ||
	    atf_fail "cannot create jail dataset ${name}"
	zfs get -H -o value mountpoint "${ROOT}/jails/${name}"
}

# json NAME KEY=VALUE...: a libioc config.json (sorted keys, all strings).
json()
{
	local name=$1 kv

	shift
	printf '{\n    "id": "%s"' "${name}"
	for kv in "$@"; do
		printf ',\n    "%s": "%s"' "${kv%%=*}" "${kv#*=}"
	done
	printf '\n}'
}

# The jails most cases use: two JSON jails, a UCL and a ZFS-property legacy
# jail, and a template.
std_jails()
{
	local mp

	mp=$(mkjail web)
	json web release=13.2-RELEASE ip4_addr='vnet0|10.0.0.2/24' \
	    ip6_addr='vnet0|fd00::2/64' vnet=yes priority=10 tags=a,b \
	    >"${mp}/config.json"
	mp=$(mkjail db)
	json db release=12.4-RELEASE vnet=no priority=9 \
	    >"${mp}/config.json"
	mp=$(mkjail ${UUID1})
	printf 'tag = "mail";\nrelease = "10.3-RELEASE";\nvnet = "off";\npriority = "100";\nip4_addr = "em0|192.168.1.10/24";\n' \
	    >"${mp}/config"
	mkjail ${UUID2} -o ${P}:tag=db1 -o ${P}:release=10.2-RELEASE \
	    -o ${P}:vnet=on -o ${P}:priority=5 -o ${P}:tags=a >/dev/null
	mp=$(mkjail tpl)
	json tpl release=13.2-RELEASE template=yes >"${mp}/config.json"
}

# fake_running NAME: record a live process (a sleep) as the running jail
# NAME of source t, as start does; sets PID (the jail's jid).
fake_running()
{
	sleep 120 &
	PID=$!
	echo ${PID} >>sleepers
	start=$(awk '{ sub(/.*\) /, ""); print $20 }' /proc/${PID}/stat)
	mkdir -p run/jails/t/$1
	echo "${PID} ${start}" >run/jails/t/$1/state
}

# Cleanup part: stop the fake jails.
kill_sleepers()
{
	[ -f sleepers ] && kill $(cat sleepers) 2>/dev/null
	return 0
}

# Fail unless no line of file $1 is wider than 80 characters.
max80()
{
	awk '{ if (length > 80) exit 1 }' "$1" || {
		cat "$1"
		atf_fail "a line of $1 is wider than 80 characters"
	}
}

atf_test_case defaults cleanup
defaults_head()
{
	atf_set descr "default columns over every config format, no templates"
	atf_set require.user root
	atf_set require.config pool
}
defaults_body()
{
	setup_root
	std_jails
	# web runs (the runtime state says so)
	fake_running web
	atf_check -o save:out ${IOC} list -H -f list
	printf '%s\n' \
	    "-	${UUID2}	no	10.2-RELEASE	-" \
	    "-	${UUID1}	no	10.3-RELEASE	em0|192.168.1.10/24" \
	    "-	db	no	12.4-RELEASE	-" \
	    "${PID}	web	yes	13.2-RELEASE	vnet0|10.0.0.2/24" >expected
	atf_check -o file:expected cat out
	# the header names the columns
	atf_check -o inline:"JID\tFULL_NAME\tRUNNING\tRELEASE\tIP4_ADDR\n" \
	    sh -c "${IOC} list -f list | head -n 1"
	# -l adds ip6_addr
	atf_check -o match:'^JID	FULL_NAME	RUNNING	RELEASE	IP4_ADDR	IP6_ADDR$' \
	    -o match:"^${PID}	web	yes	13.2-RELEASE	vnet0\|10.0.0.2/24	vnet0\|fd00::2/64$" \
	    ${IOC} list -l -f list
	# the bordered table
	atf_check -o save:table ${IOC} list
	max80 table
	atf_check -o match:'^\+-+\+-+\+-+\+-+\+-+\+$' \
	    -o match:'^\| +JID +\|' -o match:'^\+=+\+=+\+' \
	    -o match:"^\| ${PID} +\| web " -o not-match:tpl cat table
	# legacy formats show through: tag, config_type, zfs properties
	atf_check -o inline:"db1\tzfs\tyes\t5\nmail\tucl\tno\t100\n" \
	    ${IOC} list -H -f list -o humanreadable_name,config_type,vnet,priority \
	    legacy=yes
	# the list itself ran no zfs command per jail: one for the source,
	# one listing, one batched get for the ZFS-property jail
	atf_check -o ignore -e save:log ${IOC} -d spam list
	atf_check -o inline:"3\n" sh -c 'grep -c "Executing: " log'
}
defaults_cleanup()
{
	kill_sleepers
	ioc_dataset_cleanup
}

atf_test_case columns cleanup
columns_head()
{
	atf_set descr "-o columns, unknown columns, csv, json types"
	atf_set require.user root
	atf_set require.config pool
}
columns_body()
{
	local mp before after

	setup_root
	std_jails
	mp=$(mkjail semi)
	json semi release=13.2-RELEASE 'exec_start=/bin/sh -c \"a; b\"' \
	    >"${mp}/config.json"
	atf_check -o inline:"NAME;TAGS;USER.NOTHING;VNET\ndb;-;;no\n" \
	    ${IOC} list -f csv -o name,tags,user.nothing,vnet db
	# csv quotes fields with the separator or quotes
	atf_check -o inline:"semi;\"/bin/sh -c \"\"a; b\"\"\"\n" \
	    ${IOC} list -H -f csv -o name,exec_start semi
	# unknown columns: one line, exit 1, nothing changed
	zfs list -H -o name -t all -r "${ROOT}" >before
	atf_check -s exit:1 -o empty -e inline:"ioc: Unknown property 'nonsense'\n" \
	    ${IOC} list -o name,nonsense
	atf_check -s exit:1 -o empty -e inline:"ioc: Unknown property 'nonsense'\n" \
	    ${IOC} list -o name,nonsense nosuchjail
	atf_check -s exit:1 -o empty -e inline:"ioc: Unknown property 'size'\n" \
	    ${IOC} list -r -o name,size
	zfs list -H -o name -t all -r "${ROOT}" >after
	atf_check cmp before after
	# json: real types, parsed back
	fake_running web
	atf_check -o save:json ${IOC} list -f json \
	    -o jid,name,running,vnet,priority,tags,ip4_addr,release,user.x
	atf_check python3 -c '
import json, sys
rows = {r["name"]: r for r in json.load(open("json"))}
web, db, mail = rows["web"], rows["db"], rows["'${UUID1}'"]
assert web["jid"] == '${PID}' and db["jid"] is None, (web, db)
assert web["running"] is True and db["running"] is False
assert web["vnet"] is True and db["vnet"] is False and mail["vnet"] is False
assert web["priority"] == 10 and mail["priority"] == 100
assert web["tags"] == ["a", "b"] and db["tags"] is None
assert web["ip4_addr"] == ["vnet0|10.0.0.2/24"] and db["ip4_addr"] is None
assert web["release"] == "13.2-RELEASE"
assert web["user.x"] == ""
assert list(web) == ["jid", "name", "running", "vnet", "priority", "tags",
    "ip4_addr", "release", "user.x"]
assert "tpl" not in rows
'
	# usage errors
	atf_check -s exit:2 -o empty -e match:"-l and -o" ${IOC} list -l -o name
	atf_check -s exit:2 -o empty -e match:"unknown output format 'xml'" \
	    ${IOC} list -f xml
	atf_check -s exit:2 -o empty -e match:"exclude each other" \
	    ${IOC} list -r -t
	atf_check -s exit:2 -o empty -e ignore ${IOC} list -o
}
columns_cleanup()
{
	kill_sleepers
	ioc_dataset_cleanup
}

atf_test_case sorting cleanup
sorting_head()
{
	atf_set descr "-s sorts in every format, numbers naturally"
	atf_set require.user root
	atf_set require.config pool
}
sorting_body()
{
	setup_root
	std_jails
	# priority: 5 (db1) 9 (db) 10 (web) 100 (mail): numeric, not 10 < 100 < 5
	atf_check -o inline:"db1\ndb\nweb\nmail\n" \
	    ${IOC} list -H -f list -s priority -o humanreadable_name
	atf_check -o inline:"HUMANREADABLE_NAME;PRIORITY\ndb1;5\ndb;9\nweb;10\nmail;100\n" \
	    ${IOC} list -f csv -s priority -o humanreadable_name,priority
	atf_check -o save:json ${IOC} list -f json -s priority -o name
	atf_check -o inline:"${UUID2} db web ${UUID1}\n" python3 -c '
import json
print(" ".join(r["name"] for r in json.load(open("json"))))'
	atf_check -o save:table ${IOC} list -s priority -o humanreadable_name
	atf_check -o inline:"db1\ndb\nweb\nmail\n" \
	    sh -c "grep '^| ' table | sed 1d | cut -d' ' -f2"
	# text columns sort in byte order
	atf_check -o inline:"10.2-RELEASE\n10.3-RELEASE\n12.4-RELEASE\n13.2-RELEASE\n" \
	    ${IOC} list -H -f list -s release -o release '*'
	# an unknown sort column is an unknown property
	atf_check -s exit:1 -o empty -e inline:"ioc: Unknown property 'bogus'\n" \
	    ${IOC} list -s bogus
}
sorting_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case filters cleanup
filters_head()
{
	atf_set descr "name globs, key=value terms, empty alternatives, -t"
	atf_set require.user root
	atf_set require.config pool
}
filters_body()
{
	local mp

	setup_root
	std_jails
	mp=$(mkjail notag)
	json notag release=13.2-RELEASE >"${mp}/config.json"
	atf_check -o inline:"web\n" ${IOC} list -H -f list -o name 'w*'
	# name terms match the legacy tag too (db1); terms are ANDed
	atf_check -o inline:"${UUID2}\ndb\n" ${IOC} list -H -f list -o name 'd+'
	atf_check -o inline:"db\n" ${IOC} list -H -f list -o name 'd+ vnet=no'
	atf_check -o empty ${IOC} list -H -f list -o name 'd+' web
	atf_check -o inline:"${UUID2}\nweb\n" \
	    ${IOC} list -H -f list -o name vnet=yes
	# tags: a list value matches by element; "a," also takes untagged
	atf_check -o inline:"${UUID2}\nweb\n" ${IOC} list -H -f list -o name tags=a
	atf_check -o inline:"${UUID2}\n${UUID1}\ndb\nnotag\nweb\n" \
	    ${IOC} list -H -f list -o name tags=a,
	# legacy jails by tag
	atf_check -o inline:"${UUID1}\n" ${IOC} list -H -f list -o name mail
	# a source prefix
	atf_check -o inline:"web\n" ${IOC} list -H -f list -o name t/web
	atf_check -s exit:1 -o empty -e match:"source 'x' is not configured" \
	    ${IOC} list x/web
	# nothing matches: nothing printed, success
	atf_check -o empty ${IOC} list -H nosuch
	atf_check -o inline:"+-----+-----------+---------+---------+----------+\n| JID | FULL_NAME | RUNNING | RELEASE | IP4_ADDR |\n+=====+===========+=========+=========+==========+\n" \
	    ${IOC} list nosuch
	# templates only with -t, and -t lists only templates
	atf_check -o inline:"tpl\tyes\n" ${IOC} list -t -H -f list -o name,template
	atf_check -o not-match:tpl ${IOC} list -H -f list -o name
	atf_check -o empty ${IOC} list -t -H web
}
filters_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case sources cleanup
sources_head()
{
	atf_set descr "two sources with one name: full_name, -d and -p"
	atf_set require.user root
	atf_set require.config pool
}
sources_body()
{
	local a b I

	setup_root
	atf_check zfs create -p "${ROOT}/one/jails/web"
	atf_check zfs create -p "${ROOT}/two/jails/web"
	atf_check zfs create "${ROOT}/two/jails/db"
	a=$(zfs get -H -o value mountpoint "${ROOT}/one/jails/web")
	b=$(zfs get -H -o value mountpoint "${ROOT}/two/jails/web")
	json web release=13.2-RELEASE >"${a}/config.json"
	json web release=12.4-RELEASE >"${b}/config.json"
	b=$(zfs get -H -o value mountpoint "${ROOT}/two/jails/db")
	json db release=12.4-RELEASE >"${b}/config.json"
	cat >rc.conf <<RC
ioc_dataset_one="${ROOT}/one" # main
ioc_dataset_two='${ROOT}/two'
RC
	export IOC_RC_CONF="${PWD}/rc.conf"
	I=$(ioc_bin)
	atf_check -o inline:"one/web\t13.2-RELEASE\ntwo/db\t12.4-RELEASE\ntwo/web\t12.4-RELEASE\n" \
	    ${I} list -H -f list -o full_name,release
	atf_check -o inline:"two/web\n" ${I} list -H -f list -o full_name two/web
	atf_check -o inline:"one/web\ntwo/web\n" ${I} list -H -f list -o full_name web
	atf_check -o inline:"one\ttwo\n" \
	    sh -c "${I} list -H -f list -o source web | paste -s -"
	# -d: the sources in use
	atf_check -o inline:"NAME\tDATASET\none\t${ROOT}/one\ntwo\t${ROOT}/two\n" \
	    ${I} list -d -f list
	atf_check -o inline:"x\t${ROOT}/two\n" \
	    ${I} --source x=${ROOT}/two list -d -H -f list
	# -p: what would be detected, whatever --source says
	atf_check -o inline:"one\t${ROOT}/one\ntwo\t${ROOT}/two\n" \
	    ${I} --source x=${ROOT}/two list -p -H -f list
	atf_check -o save:json ${I} list -d -f json
	atf_check python3 -c '
import json
d = json.load(open("json"))
assert d == [{"name": "one", "dataset": "'${ROOT}'/one"},
             {"name": "two", "dataset": "'${ROOT}'/two"}], d'
	# one source: plain names
	atf_check -o inline:"web\n" \
	    ${I} --source x=${ROOT}/one list -H -f list -o full_name
}
sources_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case releases cleanup
releases_head()
{
	atf_set descr "-r: releases, their pN snapshots and the jails using each"
	atf_set require.user root
	atf_set require.config pool
}
releases_body()
{
	local rel mp j

	setup_root
	# 13.2-RELEASE with p0 and p1, each with its read-only clone
	rel=${ROOT}/releases/13.2-RELEASE
	atf_check zfs create -p "${rel}/root"
	mp=$(zfs get -H -o value mountpoint "${rel}/root")
	mkdir -p "${mp}/etc" "${mp}/dev" "${mp}/var" "${mp}/bin"
	atf_check zfs snapshot "${rel}/root@p0"
	atf_check zfs clone -o readonly=on -o canmount=noauto \
	    "${rel}/root@p0" "${rel}/root-p0"
	atf_check zfs snapshot "${rel}/root@p1"
	atf_check zfs clone -o readonly=on -o canmount=noauto \
	    "${rel}/root@p1" "${rel}/root-p1"
	# a release without a snapshot yet
	atf_check zfs create -p "${ROOT}/releases/custom/root"
	# two jails on p0, one on p1, one not a clone at all
	for j in a b; do
		mp=$(mkjail ${j})
		json ${j} release=13.2-RELEASE >"${mp}/config.json"
		atf_check zfs clone "${rel}/root@p0" "${ROOT}/jails/${j}/root"
	done
	mp=$(mkjail c)
	json c release=13.2-RELEASE-p1 >"${mp}/config.json"
	atf_check zfs clone "${rel}/root@p1" "${ROOT}/jails/c/root"
	mp=$(mkjail d)
	json d release=13.2-RELEASE >"${mp}/config.json"
	atf_check zfs create "${ROOT}/jails/d/root"
	atf_check -o inline:"13.2-RELEASE\tp0\t2\n13.2-RELEASE\tp1\t1\ncustom\t-\t0\n" \
	    ${IOC} list -r -H -f list
	atf_check -o inline:"FULL_NAME\tSNAPSHOT\tJAILS\n" \
	    sh -c "${IOC} list -r -f list | head -n 1"
	# -o is honoured (bsd-ci/ioc#30), -s too
	atf_check -o inline:"-\t-\t-\np1\tyes\t${rel}/root-p1\np0\tno\t${rel}/root-p0\n" \
	    ${IOC} list -r -H -f list -o snapshot,latest,clone -s jails
	atf_check -o inline:"13.2-RELEASE\t1\n" \
	    ${IOC} list -r -H -f list -o name,patch '13*' latest=yes
	atf_check -o save:json ${IOC} list -r -f json -o name,patch,latest,jails
	atf_check python3 -c '
import json
d = json.load(open("json"))
assert d == [
  {"name": "13.2-RELEASE", "patch": 0, "latest": False, "jails": 2},
  {"name": "13.2-RELEASE", "patch": 1, "latest": True, "jails": 1},
  {"name": "custom", "patch": None, "latest": None, "jails": 0}], d'
	atf_check -o save:table ${IOC} list -r
	max80 table
	# remote listing (fetch_test.sh covers it): a dead mirror, one line
	atf_check -s exit:1 -o empty -e save:err \
	    ${IOC} list -r -R -u http://127.0.0.1:9/
	ioc_one_line err
}
releases_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case width cleanup
width_head()
{
	atf_set descr "tables wrap long cells and stay within 80 columns"
	atf_set require.user root
	atf_set require.config pool
}
width_body()
{
	local mp long

	setup_root
	long='vnet0|10.0.0.2/24,vnet0|10.0.0.3/24,vnet0|10.0.0.4/24,vnet0|10.0.0.5/24,vnet0|10.0.0.6/24'
	mp=$(mkjail web)
	json web release=13.2-RELEASE "ip4_addr=${long}" \
	    'exec_start=/usr/local/bin/a-rather-long-command --with --many --options --that --go --on --and --on' \
	    >"${mp}/config.json"
	atf_check -o save:t1 ${IOC} list
	max80 t1
	atf_check -o save:t2 ${IOC} list -o name,ip4_addr,exec_start,release
	max80 t2
	# nothing is lost: lists wrap after a comma, text at spaces
	atf_check -o match:'\| vnet0\|10.0.0.2/24, +\|' \
	    -o match:'\| vnet0\|10.0.0.6/24 +\|' \
	    -o match:'--with' -o match:'--options' cat t2
	atf_check -o save:t3 ${IOC} list -o name,ip4_addr,exec_start,release,host_hostuuid,login_flags,priority
	max80 t3
	atf_check -o inline:"5\n" sh -c "grep -o 'vnet0|10.0.0.[2-6]/24' t2 | wc -l"
	# every line of the table has the same width
	atf_check -o inline:"1\n" sh -c "awk '{ print length }' t2 | sort -u | wc -l"
	# too many columns for 80 characters: one line, exit 1
	atf_check -s exit:1 -o empty -e match:"do not fit" ${IOC} list \
	    -o name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name,name
	# other formats do not wrap
	atf_check -o inline:"web;${long}\n" ${IOC} list -H -f csv -o name,ip4_addr
}
width_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case not_activated cleanup
not_activated_head()
{
	atf_set descr "no source: the not-activated message, exit 1"
	atf_set require.user root
	atf_set require.config pool
}
not_activated_body()
{
	setup_root
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: iocage is not activated yet - please run \`ioc activate <POOL>\` first and select a pool\n" \
	    $(ioc_bin) list
	atf_check -s exit:1 -o empty -e match:"not activated" $(ioc_bin) list -r
	atf_check -s exit:1 -o empty -e match:"not activated" $(ioc_bin) list -d
	# -p finds nothing and says so by an empty listing
	atf_check -o empty $(ioc_bin) list -p -H
}
not_activated_cleanup()
{
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case defaults
	atf_add_test_case columns
	atf_add_test_case sorting
	atf_add_test_case filters
	atf_add_test_case sources
	atf_add_test_case releases
	atf_add_test_case width
	atf_add_test_case not_activated
}
