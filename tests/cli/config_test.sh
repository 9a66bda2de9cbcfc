#! /usr/bin/env atf-sh
#
# config_test.sh - ioc get and set on real datasets, for config.json (libioc
# and python-iocage), the UCL config of iocell / iocage_legacy develop, the
# org.freebsd.iocage:* properties of iocage_legacy v1.7.6, host defaults,
# format conversion, sources and locks.

. "$(atf_get_srcdir)/lib.sh"

UUID1=7aff4f07-7598-11e5-bd69-ecf4bbe5df60
UUID2=0b1b4d2e-8f43-11e5-a3c8-ecf4bbe5df60

# A root dataset for this test case with jails/ under it; sets ROOT (the
# dataset), ROOTMP (its mountpoint) and IOC (the command with --source).
setup_root()
{
	ioc_dataset_create
	ROOT=${IOC_DS}
	atf_check zfs create "${ROOT}/jails"
	ROOTMP=$(zfs get -H -o value mountpoint "${ROOT}")
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

# A config.json exactly as libioc writes it: sorted keys, 4 spaces, every
# value a string, user.* nested, no final newline.
libioc_config()
{
	printf '{\n    "basejail": "yes",\n    "host_hostuuid": "%s",\n    "id": "%s",\n    "release": "13.2-RELEASE",\n    "user": {\n        "comment": "caf\\u00e9"\n    },\n    "vnet": "no"\n}' \
	    "$2" "$1"
}

atf_test_case json_get cleanup
json_get_head()
{
	atf_set descr "get reads a libioc config.json, its defaults and attributes"
	atf_set require.user root
}
json_get_body()
{
	local mp

	setup_root
	mp=$(mkjail web)
	libioc_config web 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c >"${mp}/config.json"
	atf_check -o inline:"no\n" ${IOC} get vnet web
	atf_check -o inline:"yes\n" ${IOC} get basejail web
	atf_check -o inline:"13.2-RELEASE\n" ${IOC} get release web
	atf_check -o inline:"café\n" ${IOC} get user.comment web
	atf_check -o inline:"\n" ${IOC} get user.nothing web
	atf_check -o inline:"no\n" ${IOC} get running web
	atf_check -o inline:"-\n" ${IOC} get jid web
	atf_check -o inline:"json\n" ${IOC} get config_type web
	# built-in defaults where the jail says nothing
	atf_check -o inline:"4\n" ${IOC} get devfs_ruleset web
	atf_check -o inline:"-f root\n" ${IOC} get login_flags web
	atf_check -s exit:1 -o empty -e inline:"ioc: Unknown property 'nonsense'\n" \
	    ${IOC} get nonsense web
	atf_check -o save:all ${IOC} get all web
	atf_check -o match:'^vnet:no$' cat all
	atf_check -o match:'^config_type:json$' cat all
	atf_check -o match:'^release:13.2-RELEASE$' cat all
	atf_check -o match:'^allow_raw_sockets:0$' cat all
	atf_check -o match:'^running:no$' cat all
	# sorted, one key:value per line, no duplicates
	cut -d: -f1 all >keys
	atf_check -o file:keys sort -u keys
	atf_check -o save:all2 ${IOC} get -a web
	atf_check cmp all all2
	# get is not root-only: with kernel ZFS it works, zfs-fuse answers
	# only root and ioc says so in one line
	ioc_require_nobody
	if [ -c /dev/zfs ]; then
		atf_check -o inline:"no\n" ${IOC_NOBODY} ${IOC} get vnet web
	else
		atf_check -s exit:1 -o empty -e save:err \
		    ${IOC_NOBODY} ${IOC} get vnet web
		ioc_one_line err
		atf_check -o match:"zfs-fuse answers only root" cat err
	fi
}
json_get_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case json_set cleanup
json_set_head()
{
	atf_set descr "set changes config.json in place, validated, byte-exact"
	atf_set require.user root
}
json_set_body()
{
	local mp uuid=5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c

	setup_root
	mp=$(mkjail web)
	libioc_config web ${uuid} >"${mp}/config.json"
	cp "${mp}/config.json" orig.json
	atf_check -o inline:"Jail 'web' updated: vnet, priority\n" \
	    ${IOC} set vnet=on priority=10 web
	printf '{\n    "basejail": "yes",\n    "host_hostuuid": "%s",\n    "id": "web",\n    "priority": "10",\n    "release": "13.2-RELEASE",\n    "user": {\n        "comment": "caf\\u00e9"\n    },\n    "vnet": "yes"\n}' \
	    ${uuid} >expected.json
	atf_check cmp expected.json "${mp}/config.json"
	# same values again: unchanged, and the file is not rewritten
	ls -i "${mp}/config.json" >inode1
	atf_check -o inline:"Jail 'web' unchanged\n" ${IOC} set vnet=yes web
	ls -i "${mp}/config.json" >inode2
	atf_check cmp inode1 inode2
	# back to the original values: the original bytes
	atf_check -o inline:"Jail 'web' updated: vnet, priority\n" \
	    ${IOC} set vnet=no priority web
	atf_check cmp orig.json "${mp}/config.json"
	# typed values are stored typed: no True/False strings (spec 18.2/17)
	atf_check -o ignore ${IOC} set allow_raw_sockets=yes exec_timeout=1 web
	atf_check -o inline:"1\n" ${IOC} get allow_raw_sockets web
	atf_check -o match:'"allow_raw_sockets": "1"' cat "${mp}/config.json"
	atf_check -o match:'"exec_timeout": "1"' cat "${mp}/config.json"
	# user properties nest
	atf_check -o ignore ${IOC} set user.owner=ops web
	atf_check -o match:'"owner": "ops"' cat "${mp}/config.json"
	atf_check -o inline:"ops\n" ${IOC} get user.owner web
}
json_set_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case set_invalid cleanup
set_invalid_head()
{
	atf_set descr "invalid set input leaves every file untouched"
	atf_set require.user root
}
set_invalid_body()
{
	local mp

	setup_root
	mp=$(mkjail web)
	libioc_config web 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c >"${mp}/config.json"
	cp "${mp}/config.json" orig.json
	atf_check -s exit:1 -o empty -e save:err ${IOC} set vnet=yes priority=abc web
	ioc_one_line err
	atf_check -o match:"Invalid value for property 'priority'" cat err
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: The config property 'nonsense' is unknown\n" \
	    ${IOC} set vnet=yes nonsense=1 web
	atf_check -s exit:1 -o empty -e save:err \
	    ${IOC} set 'ip4_addr=10.0.0.2/24' web
	atf_check -o match:'expected "<nic>\|<address>"' cat err
	atf_check -s exit:1 -o empty -e save:err ${IOC} set vnet0_mac=02:ff:60:00:00:01,02:ff:60:00:00:02 web
	atf_check -o match:"vnet0_mac" cat err
	atf_check -s exit:1 -o empty -e save:err ${IOC} set id=other web
	atf_check -o match:"'id'" cat err
	atf_check -s exit:1 -o empty -e inline:"ioc: No jails to update\n" \
	    ${IOC} set vnet=yes nosuchjail
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Jail 'nosuchjail' does not exist\n" \
	    ${IOC} get vnet nosuchjail
	atf_check -s exit:2 -o empty -e ignore ${IOC} set web
	atf_check cmp orig.json "${mp}/config.json"
	# no temporary file was left behind
	atf_check -o inline:"config.json\n" ls -A "${mp}"
	# a MAC for a configured interface is fine
	atf_check -o ignore ${IOC} set interfaces=vnet0:bridge0 \
	    vnet0_mac=02:ff:60:00:00:01,02:ff:60:00:00:02 web
	atf_check -o inline:"02:ff:60:00:00:01,02:ff:60:00:00:02\n" \
	    ${IOC} get vnet0_mac web
}
set_invalid_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case pyiocage cleanup
pyiocage_head()
{
	atf_set descr "python-iocage configs: thin 1.x, integers, foreign keys"
	atf_set require.user root
}
pyiocage_body()
{
	local mp fix

	fix="$(ioc_srcdir)/../shared/fixtures/real/py-iocage-json"
	[ -d "${fix}" ] || fix=/work/shared/fixtures/real/py-iocage-json
	[ -d "${fix}" ] || atf_skip "fixtures not found"
	setup_root
	mp=$(mkjail myjail)
	cp "${fix}/thin-1.x_dlangille-thin_to_thick_README.json" \
	    "${mp}/config.json"
	atf_check -o inline:"12.0-RELEASE\n" ${IOC} get release myjail
	atf_check -o inline:"myjail\n" ${IOC} get host_hostuuid myjail
	atf_check -o inline:"iocage/jails/myjail/data\n" \
	    ${IOC} get jail_zfs_dataset myjail
	# a 1.x config with integer booleans and keys libioc did not know
	mp=$(mkjail pyint)
	printf '{\n    "CONFIG_VERSION": "28",\n    "boot": 0,\n    "comment": "legacy web",\n    "host_hostuuid": "pyint",\n    "last_started": "2019-02-12 23:27:39",\n    "release": "13.2-RELEASE-p2",\n    "vnet": 1\n}' \
	    >"${mp}/config.json"
	atf_check -o inline:"yes\n" ${IOC} get vnet pyint
	atf_check -o inline:"no\n" ${IOC} get boot pyint
	atf_check -o inline:"legacy web\n" ${IOC} get comment pyint
	atf_check -o inline:"28\n" ${IOC} get CONFIG_VERSION pyint
	atf_check -o match:'^last_started:2019-02-12 23:27:39$' ${IOC} get all pyint
	atf_check -o inline:"Jail 'pyint' updated: boot\n" ${IOC} set boot=yes pyint
	# the integer stays an integer, everything else is untouched
	printf '{\n    "CONFIG_VERSION": "28",\n    "boot": 1,\n    "comment": "legacy web",\n    "host_hostuuid": "pyint",\n    "last_started": "2019-02-12 23:27:39",\n    "release": "13.2-RELEASE-p2",\n    "vnet": 1\n}' \
	    >expected.json
	atf_check cmp expected.json "${mp}/config.json"
	# truncated pastes fail with one clean line
	mp=$(mkjail cut)
	cp "${fix}/v9_iocage-issue-457.json.excerpt" "${mp}/config.json"
	atf_check -s exit:1 -o empty -e save:err ${IOC} get release cut
	ioc_one_line err
	atf_check -o match:'config.json' cat err
}
pyiocage_cleanup()
{
	ioc_dataset_cleanup
}

# A UCL config as uclcmd wrote it for iocell / iocage_legacy develop.
ucl_config()
{
	cat <<'UCL'
tag = "mail";
boot = "on";
vnet = "off";
ip4_addr = "em0|192.168.1.10/24";
release = "10.3-RELEASE";
host_hostname = "mail.example.org";
memoryuse = "8G:log";
jail_zfs = "off";
UCL
}

atf_test_case ucl cleanup
ucl_head()
{
	atf_set descr "UCL configs: get by tag, set in place, convert to JSON"
	atf_set require.user root
}
ucl_body()
{
	local mp

	setup_root
	mp=$(mkjail ${UUID1})
	ucl_config >"${mp}/config"
	atf_check -o inline:"ucl\n" ${IOC} get config_type mail
	atf_check -o inline:"yes\n" ${IOC} get boot mail
	atf_check -o inline:"no\n" ${IOC} get vnet mail
	atf_check -o inline:"yes\n" ${IOC} get legacy mail
	atf_check -o inline:"em0|192.168.1.10/24\n" ${IOC} get ip4_addr mail
	atf_check -o inline:"8G:log\n" ${IOC} get memoryuse mail
	# the 8-character short UUID finds it too
	atf_check -o inline:"mail.example.org\n" \
	    ${IOC} get host_hostname ${UUID1%%-*}
	atf_check -o inline:"Jail 'mail' updated: vnet\n" ${IOC} set vnet=yes mail
	ucl_config | sed 's/^vnet = "off";$/vnet = "on";/' >expected
	atf_check cmp expected "${mp}/config"
	atf_check -o inline:"Jail 'mail' updated: priority\n" \
	    ${IOC} set priority=5 mail
	{ ucl_config | sed 's/^vnet = "off";$/vnet = "on";/'
	  echo 'priority = "5";'; } >expected
	atf_check cmp expected "${mp}/config"
	# convert: config.json first, then the UCL file goes
	atf_check -o inline:"Jail 'mail' updated: config_type\n" \
	    ${IOC} set config_type=json mail
	atf_check test ! -e "${mp}/config"
	atf_check -o inline:"json\n" ${IOC} get config_type mail
	atf_check -o inline:"yes\n" ${IOC} get vnet mail
	atf_check -o inline:"yes\n" ${IOC} get boot mail
	atf_check -o inline:"5\n" ${IOC} get priority mail
	atf_check -o match:'"boot": "yes"' cat "${mp}/config.json"
	atf_check -o match:'"tag": "mail"' cat "${mp}/config.json"
}
ucl_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case zfsprops cleanup
zfsprops_head()
{
	atf_set descr "iocage_legacy 1.7.6 ZFS properties: get, set, convert"
	atf_set require.user root
}
zfsprops_body()
{
	local mp P=org.freebsd.iocage

	setup_root
	mp=$(mkjail ${UUID2} -o ${P}:tag=db1 -o ${P}:vnet=off \
	    -o ${P}:boot=on -o ${P}:release=10.2-RELEASE -o ${P}:type=basejail \
	    -o ${P}:host_hostname=db1)
	# inherited user properties are not the jail's own
	atf_check zfs set ${P}:priority=99 "${ROOT}/jails"
	atf_check zfs create "${ROOT}/jails/${UUID2}/root"
	atf_check -o inline:"zfs\n" ${IOC} get config_type db1
	atf_check -o inline:"yes\n" ${IOC} get boot db1
	atf_check -o inline:"basejail\n" ${IOC} get type db1
	atf_check -o inline:"0\n" ${IOC} get priority db1
	atf_check -o inline:"Jail 'db1' updated: vnet, priority\n" \
	    ${IOC} set vnet=yes priority=3 db1
	atf_check -o inline:"on\n" zfs get -H -o value ${P}:vnet "${ROOT}/jails/${UUID2}"
	atf_check -o inline:"3\tlocal\n" zfs get -H -o value,source ${P}:priority \
	    "${ROOT}/jails/${UUID2}"
	# nothing but the properties: no file appeared
	atf_check -o inline:"root\n" ls -A "${mp}"
	# too long for ZFS: one clear line, nothing changed
	long=$(head -c 9000 /dev/zero | tr '\0' x)
	atf_check -s exit:1 -o empty -e save:err ${IOC} set "exec_start=${long}" db1
	ioc_one_line err
	atf_check -o match:'longer than ZFS accepts' cat err
	atf_check -o inline:"-\n" zfs get -H -o value ${P}:exec_start \
	    "${ROOT}/jails/${UUID2}"
	# convert to config.json: the local properties are gone afterwards
	atf_check -o inline:"Jail 'db1' updated: config_type\n" \
	    ${IOC} set config_type=json db1
	atf_check -o inline:"json\n" ${IOC} get config_type db1
	atf_check -o inline:"yes\n" ${IOC} get vnet db1
	atf_check -o inline:"db1\n" ${IOC} get host_hostname db1
	atf_check -o inline:"-\n" zfs get -H -o value ${P}:vnet "${ROOT}/jails/${UUID2}"
	atf_check -o match:'"release": "10.2-RELEASE"' cat "${mp}/config.json"
}
zfsprops_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case mixed cleanup
mixed_head()
{
	atf_set descr "one set over JSON, UCL and ZFS jails in one root"
	atf_set require.user root
}
mixed_body()
{
	local a b c P=org.freebsd.iocage

	setup_root
	a=$(mkjail web)
	libioc_config web 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c >"${a}/config.json"
	b=$(mkjail ${UUID1})
	ucl_config >"${b}/config"
	c=$(mkjail ${UUID2} -o ${P}:tag=db1 -o ${P}:boot=off)
	atf_check -o save:out ${IOC} set boot=yes '*'
	# mail is on already: a legacy "on" is the same value as "yes"
	atf_check -o inline:"2\n" sh -c 'grep -c "updated: boot" out'
	atf_check -o match:"^Jail 'mail' unchanged$" cat out
	atf_check -o match:'"boot": "yes"' cat "${a}/config.json"
	atf_check -o match:'^boot = "on";$' cat "${b}/config"
	atf_check -o inline:"on\n" zfs get -H -o value ${P}:boot "${ROOT}/jails/${UUID2}"
	atf_check -o inline:"Jail 'web' unchanged\n" ${IOC} set boot=yes 'w+'
}
mixed_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case defaults cleanup
defaults_head()
{
	atf_set descr "host defaults: resolution order, a full file stays full"
	atf_set require.user root
}
defaults_body()
{
	local mp

	setup_root
	mp=$(mkjail web)
	libioc_config web 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c >"${mp}/config.json"
	atf_check -o inline:"4\n" ${IOC} get devfs_ruleset defaults
	atf_check -o inline:"Defaults updated: devfs_ruleset, host_domainname\n" \
	    ${IOC} set devfs_ruleset=7 host_domainname=example.org defaults
	# jail -> host defaults -> built-in, for every property
	atf_check -o inline:"7\n" ${IOC} get devfs_ruleset web
	atf_check -o inline:"example.org\n" ${IOC} get host_domainname web
	atf_check -o inline:"no\n" ${IOC} get vnet web
	atf_check -o match:'"devfs_ruleset": "7"' cat "${ROOTMP}/defaults.json"
	# a full python-iocage defaults.json keeps every key when one changes
	printf '{\n    "CONFIG_VERSION": "28",\n    "boot": 0,\n    "devfs_ruleset": "4",\n    "interfaces": "vnet0:bridge0",\n    "priority": "99",\n    "vnet": 0\n}' \
	    >"${ROOTMP}/defaults.json"
	atf_check -o inline:"99\n" ${IOC} get priority web
	atf_check -o inline:"Defaults updated: vnet\n" ${IOC} set vnet=yes defaults
	printf '{\n    "CONFIG_VERSION": "28",\n    "boot": 0,\n    "devfs_ruleset": "4",\n    "interfaces": "vnet0:bridge0",\n    "priority": "99",\n    "vnet": 1\n}' \
	    >expected
	atf_check cmp expected "${ROOTMP}/defaults.json"
	# legacy UCL defaults (.default, as iocage_legacy wrote them)
	rm "${ROOTMP}/defaults.json"
	printf 'priority = "42";\npool = "tank";\n' >"${ROOTMP}/.default"
	atf_check -o inline:"42\n" ${IOC} get priority web
	atf_check -o inline:"ucl\n" ${IOC} get config_type defaults
}
defaults_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case sources cleanup
sources_head()
{
	atf_set descr "rc.conf sources, selectors and ambiguous names"
	atf_set require.user root
}
sources_body()
{
	local a b

	setup_root
	atf_check zfs create -p "${ROOT}/one/jails/web"
	atf_check zfs create -p "${ROOT}/two/jails/web"
	atf_check zfs create "${ROOT}/two/jails/db"
	a=$(zfs get -H -o value mountpoint "${ROOT}/one/jails/web")
	b=$(zfs get -H -o value mountpoint "${ROOT}/two/jails/web")
	libioc_config web 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c >"${a}/config.json"
	libioc_config web 6a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c >"${b}/config.json"
	cat >rc.conf <<RC
# sources
hostname="host.example.org"
ioc_dataset_one="${ROOT}/one" # the main one
ioc_dataset_two='${ROOT}/two'
RC
	export IOC_RC_CONF="${PWD}/rc.conf"
	I=$(ioc_bin)
	atf_check -s exit:1 -o empty -e save:err ${I} get release web
	ioc_one_line err
	atf_check -o match:"ambiguous" -o match:"one/web" -o match:"two/web" cat err
	atf_check -o inline:"5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c\n" \
	    ${I} get host_hostuuid one/web
	atf_check -o inline:"6a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c\n" \
	    ${I} get host_hostuuid two/web
	atf_check -o inline:"two/web\n" ${I} get full_name two/web
	# a bare name found in one source only works without a prefix
	atf_check -o inline:"two\n" ${I} get source db
	atf_check -o inline:"Jail 'web' updated: vnet\n" ${I} set vnet=yes two/web
	atf_check -o inline:"no\n" ${I} get vnet one/web
	atf_check -o inline:"yes\n" ${I} get vnet two/web
	# --source replaces rc.conf
	atf_check -o inline:"web\n" ${I} --source x=${ROOT}/one get full_name web
}
sources_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case not_activated cleanup
not_activated_head()
{
	atf_set descr "no source at all: the libioc message, exit 1"
	atf_set require.user root
}
not_activated_body()
{
	setup_root
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: iocage is not activated yet - please run \`ioc activate <POOL>\` first and select a pool\n" \
	    $(ioc_bin) get all web
	# the active pool property selects <pool>/iocage as source "ioc"
	atf_check zfs create "$(ioc_pool)/iocage"
	atf_check zfs create -p "$(ioc_pool)/iocage/jails/web"
	atf_check zfs set org.freebsd.ioc:active=yes "$(ioc_pool)"
	mp=$(zfs get -H -o value mountpoint "$(ioc_pool)/iocage/jails/web")
	libioc_config web 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c >"${mp}/config.json"
	atf_check -o inline:"ioc\n" $(ioc_bin) get source web
}
not_activated_cleanup()
{
	zfs inherit org.freebsd.ioc:active "$(ioc_pool)" 2>/dev/null
	echo "$(ioc_pool)/iocage" >>ioc-test-datasets
	ioc_dataset_cleanup
}

atf_test_case unmounted cleanup
unmounted_head()
{
	atf_set descr "an unmounted jail: properties read, files refused in one line"
	atf_set require.user root
}
unmounted_body()
{
	local mp P=org.freebsd.iocage

	setup_root
	mkjail ${UUID2} -o ${P}:tag=db1 -o ${P}:boot=on >/dev/null
	atf_check zfs umount "${ROOT}/jails/${UUID2}"
	atf_check -o inline:"yes\n" ${IOC} get boot db1
	atf_check -o ignore ${IOC} set boot=no db1
	atf_check -o inline:"off\n" zfs get -H -o value ${P}:boot \
	    "${ROOT}/jails/${UUID2}"
	mp=$(mkjail web)
	libioc_config web 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c >"${mp}/config.json"
	atf_check zfs umount "${ROOT}/jails/web"
	atf_check -s exit:1 -o empty -e save:err ${IOC} get vnet web
	ioc_one_line err
	atf_check -o match:"not mounted" cat err
}
unmounted_cleanup()
{
	ioc_dataset_cleanup
}

atf_test_case locked cleanup
locked_head()
{
	atf_set descr "a jail locked by another ioc is busy, nothing written"
	atf_set require.user root
	atf_set require.progs flock
}
locked_body()
{
	local mp

	setup_root
	mp=$(mkjail web)
	libioc_config web 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c >"${mp}/config.json"
	cp "${mp}/config.json" orig.json
	mkdir -p run/lock/t
	# sleep itself holds the lock, so killing it releases the lock
	(exec 9>run/lock/t/web; flock 9; exec sleep 30) &
	echo $! >holder
	i=0
	while flock -n run/lock/t/web true; do
		[ $i -lt 50 ] || break
		i=$((i + 1)); sleep 0.1
	done
	flock -n run/lock/t/web true && atf_fail "the test lock is not held"
	atf_check -s exit:1 -o empty -e save:err ${IOC} set vnet=yes web
	ioc_one_line err
	atf_check -o match:"busy" cat err
	atf_check cmp orig.json "${mp}/config.json"
	kill "$(cat holder)"
	wait
	atf_check -o ignore ${IOC} set vnet=yes web
}
locked_cleanup()
{
	[ -f holder ] && kill "$(cat holder)" 2>/dev/null
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case json_get
	atf_add_test_case json_set
	atf_add_test_case set_invalid
	atf_add_test_case pyiocage
	atf_add_test_case ucl
	atf_add_test_case zfsprops
	atf_add_test_case mixed
	atf_add_test_case defaults
	atf_add_test_case sources
	atf_add_test_case not_activated
	atf_add_test_case unmounted
	atf_add_test_case locked
}
