#! /usr/bin/env atf-sh
#
# migrate_test.sh - ioc migrate: UCL and ZFS-property jails with UUID names
# become named config.json jails; data, snapshots and release origins
# survive; a migration that fails half-way leaves the legacy jail intact.

. "$(atf_get_srcdir)/lib.sh"
. "$(atf_get_srcdir)/ops_lib.sh"

UUID1=7aff4f07-7598-11e5-bd69-ecf4bbe5df60
UUID2=0b1b4d2e-8f43-11e5-a3c8-ecf4bbe5df60
P=org.freebsd.iocage

ucl_config()
{
	cat <<'UCL'
tag = "mail";
boot = "on";
vnet = "off";
release = "R-RELEASE";
host_hostname = "mail.example.org";
UCL
}

atf_test_case ucl cleanup
ucl_head()
{
	atf_set descr "a UCL jail named by UUID becomes the JSON jail named by its tag"
	atf_set require.user root
}
ucl_body()
{
	local oldmp mp

	ops_setup
	ops_release R
	ops_jail ${UUID1} R
	oldmp=${JMP}
	ucl_config >"${oldmp}/config"
	printf '/srv/mail\t%s/root/var/mail\tnullfs\trw\t0\t0\n' "${oldmp}" \
	    >"${oldmp}/fstab"
	atf_check zfs snapshot -r "${ROOT}/jails/${UUID1}@before"
	atf_check -o inline:"Jail 'mail' migrated to 'mail'\n" -e empty \
	    ${IOC} migrate
	atf_check -s exit:1 -o ignore -e ignore zfs list "${ROOT}/jails/${UUID1}"
	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/mail")
	atf_check -o inline:"json\n" ${IOC} get config_type mail
	atf_check -o inline:"mail\n" ${IOC} get id mail
	atf_check -o inline:"yes\n" ${IOC} get boot mail
	atf_check -o inline:"mail.example.org\n" ${IOC} get host_hostname mail
	atf_check -o match:'"tag": "mail"' cat "${mp}/config.json"
	atf_check -o match:'"id": "mail"' cat "${mp}/config.json"
	atf_check -o match:'"boot": "yes"' cat "${mp}/config.json"
	atf_check test ! -e "${mp}/config"
	# data, snapshots and the release origin came along
	atf_check -o inline:"root file of ${UUID1}\n" cat "${mp}/root/file"
	atf_check -o inline:"data file of ${UUID1}\n" cat "${mp}/data/file"
	for ds in mail mail/root mail/data; do
		atf_check -o ignore zfs list -t snapshot "${ROOT}/jails/${ds}@before"
	done
	atf_check -o inline:"${ROOT}/releases/R/root@p0\n" \
	    zfs get -H -o value origin "${ROOT}/jails/mail/root"
	atf_check -o inline:"-\n" zfs get -H -o value origin "${ROOT}/jails/mail"
	zfs list -H -o name -t snapshot -r "${ROOT}/jails" >snaps
	atf_check -s exit:1 -o empty grep ioc-migrate snaps
	printf '/srv/mail\t%s/root/var/mail\tnullfs\trw\t0\t0\n' "${mp}" >fstab.want
	atf_check cmp fstab.want "${mp}/fstab"
	# again: nothing legacy left
	atf_check -o inline:"Jail 'mail' is not a legacy jail: skipped\n" \
	    ${IOC} migrate
}
ucl_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case zfsprops cleanup
zfsprops_head()
{
	atf_set descr "an iocage_legacy 1.7.6 jail: properties become config.json"
	atf_set require.user root
}
zfsprops_body()
{
	local mp

	ops_setup
	ops_release R
	ops_jail ${UUID2} R
	for kv in tag=db1 vnet=off boot=on release=10.2-RELEASE \
	    type=basejail host_hostname=db1; do
		atf_check zfs set "${P}:${kv}" "${ROOT}/jails/${UUID2}"
	done
	atf_check -o inline:"Jail 'db1' migrated to 'db1'\n" -e empty \
	    ${IOC} migrate db1
	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/db1")
	atf_check -o inline:"json\n" ${IOC} get config_type db1
	atf_check -o inline:"yes\n" ${IOC} get boot db1
	atf_check -o inline:"basejail\n" ${IOC} get type db1
	atf_check -o match:'"release": "10.2-RELEASE"' cat "${mp}/config.json"
	atf_check -o match:'"tag": "db1"' cat "${mp}/config.json"
	# the legacy properties are gone with the old dataset
	atf_check -o inline:"-\n" zfs get -H -o value ${P}:tag "${ROOT}/jails/db1"
	atf_check -o inline:"-\n" zfs get -H -o value ${P}:boot "${ROOT}/jails/db1"
	atf_check -s exit:1 -o ignore -e ignore zfs list "${ROOT}/jails/${UUID2}"
	atf_check -o inline:"root file of ${UUID2}\n" cat "${mp}/root/file"
}
zfsprops_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case names cleanup
names_head()
{
	atf_set descr "a taken tag gives the short UUID; a named legacy jail keeps its name"
	atf_set require.user root
}
names_body()
{
	ops_setup
	ops_jail mail
	ops_json mail
	ops_jail ${UUID1}
	ucl_config >"${JMP}/config"
	ops_jail old1
	printf 'boot = "off";\n' >"${JMP}/config"
	ops_jail tmpl
	printf '{\n    "id": "tmpl",\n    "template": "yes"\n}' >"${JMP}/config.json"
	${IOC} migrate >out 2>err || atf_fail "migrate failed: $(cat err)"
	sort out >out.sorted
	printf '%s\n' "Jail 'mail' migrated to '7aff4f07'" \
	    "Jail 'mail' is not a legacy jail: skipped" \
	    "Jail 'old1' migrated to 'old1'" | sort >want
	atf_check -o empty diff -u want out.sorted
	atf_check -o empty cat err
	atf_check -o inline:"mail\n" ${IOC} get tag 7aff4f07
	atf_check -o inline:"json\n" ${IOC} get config_type 7aff4f07
	atf_check -o inline:"json\n" ${IOC} get config_type old1
	atf_check -o inline:"no\n" ${IOC} get boot old1
	atf_check -o inline:"root file of old1\n" \
	    cat "$(zfs get -H -o value mountpoint "${ROOT}/jails/old1")/root/file"
	zfs list -H -o name -r "${ROOT}/jails" >all
	atf_check -s exit:1 -o empty grep import- all
}
names_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_test_case failure cleanup
failure_head()
{
	atf_set descr "a migration that fails half-way leaves the legacy jail as it was"
	atf_set require.user root
}
failure_body()
{
	local mp

	ops_setup
	ops_release R
	ops_jail ${UUID2} R
	mp=${JMP}
	for kv in tag=db1 boot=on host_hostname=db1; do
		atf_check zfs set "${P}:${kv}" "${ROOT}/jails/${UUID2}"
	done
	ops_jail ${UUID1} R
	ucl_config >"${JMP}/config"
	atf_check zfs snapshot -r "${ROOT}/jails/${UUID1}@before"
	# a read-only jails dataset: the clones are made, then the config
	# cannot be written into them
	atf_check zfs set readonly=on "${ROOT}/jails"
	ops_state >before
	zfs get -H -o name,property,value,source all -r "${ROOT}/jails" |
	    grep "${P}:" | sort >props.before
	find "${ROOTMP}" | sort >files.before
	cat "${JMP}/config" "${mp}/root/file" >content.before
	atf_check -s exit:1 -o empty -e save:err ${IOC} migrate
	atf_check -o match:"^ioc: Jail 'mail' was not migrated: .*" cat err
	atf_check -o match:"^ioc: Jail 'db1' was not migrated: .*" cat err
	ops_state >after
	atf_check -o empty diff -u before after
	zfs get -H -o name,property,value,source all -r "${ROOT}/jails" |
	    grep "${P}:" | sort >props.after
	atf_check cmp props.before props.after
	find "${ROOTMP}" | sort >files.after
	atf_check cmp files.before files.after
	cat "${JMP}/config" "${mp}/root/file" >content.after
	atf_check cmp content.before content.after
	atf_check -o inline:"zfs\n" ${IOC} get config_type db1
	# a running legacy jail is refused, the others go on
	atf_check zfs inherit readonly "${ROOT}/jails"
	ops_running ${UUID2}
	atf_check -s exit:1 -o inline:"Jail 'mail' migrated to 'mail'\n" \
	    -e match:"Jail 'db1' was not migrated: .*already running" \
	    ${IOC} migrate
	atf_check -o inline:"zfs\n" ${IOC} get config_type db1
	rm -r run/jails
	# a later step fails (the jail's fstab is no file): the clone and
	# its converted config are gone again, the legacy jail is intact
	mkdir "${mp}/fstab"
	ops_state >before
	find "${ROOTMP}" | sort >files.before
	atf_check -s exit:1 -o empty -e save:err ${IOC} migrate db1
	ioc_one_line err
	atf_check -o match:"^ioc: Jail 'db1' was not migrated: .*fstab.*not a regular file" cat err
	ops_state >after
	atf_check -o empty diff -u before after
	find "${ROOTMP}" | sort >files.after
	atf_check -o empty diff -u files.before files.after
	atf_check -o inline:"zfs\n" ${IOC} get config_type db1
	rmdir "${mp}/fstab"
	atf_check -o inline:"Jail 'db1' migrated to 'db1'\n" ${IOC} migrate db1
}
failure_cleanup()
{
	ops_cleanup
	ioc_dataset_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case ucl
	atf_add_test_case zfsprops
	atf_add_test_case names
	atf_add_test_case failure
}
