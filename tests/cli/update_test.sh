#! /usr/bin/env atf-sh
#
# update_test.sh - ioc update (jails and, with -r, releases) and the update
# step of ioc fetch, driven through a fake updater (IOC_UPDATER) that the
# tests write: it rewrites bin/freebsd-version and etc/motd in the root it
# is given with -b, and either succeeds or fails half way. A success gives
# a release root@pN with its read-only clone (N from freebsd-version) or a
# jail whose release reads REL-pN; a failure puts every file back, exits 1
# with one line and leaves the pool exactly as it was. Also: the refusals
# (Linux without an updater, basejails, running jails), fetch on Linux
# skipping the update with a notice, and the release prompt of fetch
# through a pseudo terminal.

. "$(atf_get_srcdir)/lib.sh"

REL=14.3-RELEASE
APPLETS="sh cat sleep echo ls"

# A root dataset for this case; sets ROOT, IOC and the environment.
setup_root()
{
	atf_require_prog busybox
	ioc_dataset_create
	ROOT=${IOC_DS}
	atf_check zfs create "${ROOT}/jails"
	atf_check zfs create "${ROOT}/releases"
	mkdir -p run cache
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	export IOC_CACHE_DIR="${PWD}/cache" IOC_EOL_URL=
	unset IOC_UPDATER
	IOC="$(ioc_bin) --source t=${ROOT}"
}

# Every dataset and snapshot below ROOT, for before/after comparisons.
pool_state()
{
	zfs list -H -o name -t all -r "${ROOT}" | sort
}

# mk_tree DIR [VERSION]: a busybox userland with bin/freebsd-version.
mk_tree()
{
	local t=$1 a

	mkdir -p "$t/bin" "$t/etc" "$t/dev" "$t/var" "$t/proc" "$t/sys" \
	    "$t/tmp" "$t/root" || atf_fail "mkdir"
	cp "$(command -v busybox)" "$t/bin/busybox" || atf_fail "busybox"
	for a in ${APPLETS}; do
		ln -s busybox "$t/bin/$a"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$t/etc/passwd"
	echo original >"$t/etc/motd"
	printf '#!/bin/sh\nset -e\n\nUSERLAND_VERSION="%s"\n\necho "$USERLAND_VERSION"\n' \
	    "${2:-${REL}}" >"$t/bin/freebsd-version"
	chmod 0555 "$t/bin/freebsd-version"
}

# mk_release: releases/REL built in place and registered (root@p0).
mk_release()
{
	atf_check zfs create -p "${ROOT}/releases/${REL}/root"
	mk_tree "$(root_mp)"
	atf_check -o ignore ${IOC} fetch -b -r "${REL}"
}

# The root's mountpoint of release $1 (default REL).
root_mp()
{
	zfs get -H -o value mountpoint "${ROOT}/releases/${1:-$REL}/root"
}

# mk_jail NAME [BASEJAIL]: a standalone jail of REL built by hand.
mk_jail()
{
	local mp

	atf_check zfs create "${ROOT}/jails/$1"
	atf_check zfs create "${ROOT}/jails/$1/root"
	mp=$(zfs get -H -o value mountpoint "${ROOT}/jails/$1")
	mk_tree "${mp}/root"
	printf '{\n    "basejail": "no",\n    "id": "%s",\n    "release": "%s"\n}\n' \
	    "$1" "${REL}" >"${mp}/config.json"
}

jail_mp()
{
	zfs get -H -o value mountpoint "${ROOT}/jails/$1"
}

# mk_updater FILE ok|fail: a fake freebsd-update. It logs its arguments
# and environment, then rewrites bin/freebsd-version (to -p3, or -p4 when
# failing) and etc/motd below -b ROOT; "fail" then exits 1 half way.
mk_updater()
{
	cat >"$1" <<EOF
#!/bin/sh
echo "\$*" >>"${PWD}/updater.log"
echo "kind=\${IOC_UPDATE_KIND} name=\${IOC_UPDATE_NAME} root=\${IOC_UPDATE_ROOT} pager=\${PAGER}" >>"${PWD}/updater.env"
root=
while [ \$# -gt 0 ]; do
	case \$1 in
	-b) root=\$2; shift ;;
	esac
	shift
done
[ -n "\${root}" ] || { echo "fake-update: no -b" >&2; exit 64; }
EOF
	if [ "$2" = ok ]; then
		cat >>"$1" <<'EOF'
sed -i 's/^USERLAND_VERSION=.*/USERLAND_VERSION="14.3-RELEASE-p3"/' \
    "${root}bin/freebsd-version"
echo patched >"${root}etc/motd"
echo "Installing updates... done."
exit 0
EOF
	else
		cat >>"$1" <<'EOF'
sed -i 's/^USERLAND_VERSION=.*/USERLAND_VERSION="14.3-RELEASE-p4"/' \
    "${root}bin/freebsd-version"
echo half >"${root}etc/motd"
echo "fetching files"
echo "fake-update: install failed half way" >&2
exit 1
EOF
	fi
	chmod 0755 "$1"
}

update_cleanup()
{
	ioc_dataset_cleanup
}

# ----------------------------------------------------------------- releases

atf_test_case release_success cleanup
release_success_head()
{
	atf_set descr "update -r: the updater's patch level becomes root@pN"
	atf_set require.user root
	atf_set require.config pool
}
release_success_body()
{
	local rel mp relmp

	setup_root
	mk_release
	rel=${ROOT}/releases/${REL}
	mk_updater "${PWD}/fake" ok
	export IOC_UPDATER="${PWD}/fake"
	atf_check -o inline:"Release '${REL}' updated to p3\n" -e ignore \
	    ${IOC} update -r "${REL}"
	# root@p3 and its read-only clone; the pre-update snapshot is gone
	atf_check -o inline:"${rel}/root@p0\n${rel}/root@p3\n" \
	    zfs list -H -o name -t snapshot -r "${rel}"
	atf_check -o inline:"on\n" zfs get -H -o value readonly "${rel}/root-p3"
	atf_check -o inline:"noauto\n" \
	    zfs get -H -o value canmount "${rel}/root-p3"
	atf_check -o inline:"${REL}\tp0\tno\n${REL}\tp3\tyes\n" \
	    ${IOC} list -r -H -f list -o name,snapshot,latest
	mp=$(root_mp)
	atf_check -o inline:"patched\n" cat "${mp}/etc/motd"
	# how the updater was called: its root, a working directory of the
	# release, the world-only configuration, fetch and install at once
	relmp=$(zfs get -H -o value mountpoint "${rel}")
	atf_check -o inline:"-b ${mp}/ -d ${relmp}/updates -f ${relmp}/updates/freebsd-update.conf --currently-running ${REL} --not-running-from-cron fetch install\n" \
	    cat updater.log
	atf_check -o inline:"kind=release name=${REL} root=${mp} pager=cat\n" \
	    cat updater.env
	atf_check -o inline:"Components world\n" \
	    grep '^Components' "${relmp}/updates/freebsd-update.conf"
	atf_check -o inline:"700\n" stat -c %a "${relmp}/updates"
	# a jail made now comes from p3
	atf_check -o ignore ${IOC} create -r "${REL}" web
	atf_check -o inline:"${rel}/root@p3\n" \
	    zfs get -H -o value origin "${ROOT}/jails/web/root"
	# nothing new: up to date, no new snapshot
	atf_check -o inline:"Release '${REL}' is up to date (p3)\n" -e ignore \
	    ${IOC} update -r "${REL}"
	atf_check -o inline:"${rel}/root@p0\n${rel}/root@p3\n" \
	    zfs list -H -o name -t snapshot -r "${rel}"
}
release_success_cleanup()
{
	update_cleanup
}

atf_test_case release_failure cleanup
release_failure_head()
{
	atf_set descr "update -r: an updater failing half way is rolled back"
	atf_set require.user root
	atf_set require.config pool
}
release_failure_body()
{
	local mp

	setup_root
	mk_release
	mk_updater "${PWD}/fake" fail
	mp=$(root_mp)
	pool_state >before
	IOC_UPDATER="${PWD}/fake" atf_check -s exit:1 -o empty -e save:err \
	    ${IOC} update -r "${REL}"
	ioc_one_line err
	atf_check -o match:"^ioc: Release '${REL}': rolled back: fake failed \(exit status 1\): fake-update: install failed half way$" \
	    cat err
	# the updater ran, and everything it changed is back
	atf_check -o match:"fetch install" cat updater.log
	atf_check -o inline:"original\n" cat "${mp}/etc/motd"
	atf_check -o match:"^USERLAND_VERSION=\"${REL}\"$" \
	    cat "${mp}/bin/freebsd-version"
	# no new snapshot, no pre-update snapshot left: the pool as before
	pool_state >after
	atf_check -o file:before cat after
	# a broken updater path is refused before anything happens
	IOC_UPDATER=relative/fake atf_check -s exit:1 -o empty \
	    -e match:"not an absolute path" ${IOC} update -r "${REL}"
	IOC_UPDATER="${PWD}/missing" atf_check -s exit:1 -o empty \
	    -e match:"is not an executable file" ${IOC} update -r "${REL}"
	pool_state >after
	atf_check -o file:before cat after
}
release_failure_cleanup()
{
	update_cleanup
}

# --------------------------------------------------------------------- jails

atf_test_case jail_success cleanup
jail_success_head()
{
	atf_set descr "update JAIL: the jail's root is updated, its release reads REL-pN"
	atf_set require.user root
	atf_set require.config pool
}
jail_success_body()
{
	local mp rel

	setup_root
	mk_release
	mk_jail web
	rel=${ROOT}/releases/${REL}
	mk_updater "${PWD}/fake" ok
	mp=$(jail_mp web)
	export IOC_UPDATER="${PWD}/fake"
	atf_check -o inline:"Jail 'web' updated to p3\n" -e ignore \
	    ${IOC} update web
	atf_check -o inline:"patched\n" cat "${mp}/root/etc/motd"
	atf_check -o inline:"${REL}-p3\n" ${IOC} get release web
	atf_check -o match:"-b ${mp}/root/ -d ${mp}/updates " cat updater.log
	atf_check -o inline:"kind=jail name=web root=${mp}/root pager=cat\n" \
	    cat updater.env
	# no snapshot left on the jail, none taken of the release
	atf_check -o empty zfs list -H -o name -t snapshot -r "${ROOT}/jails"
	atf_check -o inline:"${rel}/root@p0\n" \
	    zfs list -H -o name -t snapshot -r "${rel}"
	# again: up to date, the configuration stays
	atf_check -o inline:"Jail 'web' is up to date (p3)\n" -e ignore \
	    ${IOC} update web
	atf_check -o inline:"${REL}-p3\n" ${IOC} get release web
	# several jails, selected by filters
	mk_jail db
	mk_jail other
	: >updater.log
	atf_check -o inline:"Jail 'db' updated to p3\nJail 'web' is up to date (p3)\n" \
	    -e ignore ${IOC} update 'db,w*'
	atf_check -o inline:"2\n" sh -c 'wc -l <updater.log | tr -d " "'
	atf_check -o inline:"original\n" cat "$(jail_mp other)/root/etc/motd"
	atf_check -o inline:"${REL}\n" ${IOC} get release other
}
jail_success_cleanup()
{
	update_cleanup
}

atf_test_case jail_failure cleanup
jail_failure_head()
{
	atf_set descr "update JAIL: a failing updater is rolled back, the config kept"
	atf_set require.user root
	atf_set require.config pool
}
jail_failure_body()
{
	local mp

	setup_root
	mk_release
	mk_jail web
	mk_updater "${PWD}/fake" fail
	mp=$(jail_mp web)
	cp "${mp}/config.json" config.before
	pool_state >before
	IOC_UPDATER="${PWD}/fake" atf_check -s exit:1 -o empty -e save:err \
	    ${IOC} update web
	ioc_one_line err
	atf_check -o match:"^ioc: Jail 'web': rolled back: fake failed" cat err
	atf_check -o inline:"original\n" cat "${mp}/root/etc/motd"
	atf_check -o match:"^USERLAND_VERSION=\"${REL}\"$" \
	    cat "${mp}/root/bin/freebsd-version"
	atf_check cmp config.before "${mp}/config.json"
	pool_state >after
	atf_check -o file:before cat after
	# two jails, one failing: the other is updated, the summary says so
	mk_jail ok
	mk_updater "${PWD}/fake2" ok
	sed -i 's|^root=$|root=; case "$IOC_UPDATE_NAME" in web) echo "fake-update: web broke" >\&2; exit 3;; esac|' \
	    fake2
	IOC_UPDATER="${PWD}/fake2" atf_check -s exit:1 \
	    -o inline:"Jail 'ok' updated to p3\n" -e save:err2 \
	    ${IOC} update ok,web
	atf_check -o match:"^ioc: Jail 'web': rolled back: fake2 failed \(exit status 3\): fake-update: web broke$" \
	    cat err2
	atf_check -o match:"^ioc: 1 of 2 jails failed to update$" cat err2
	atf_check -o inline:"original\n" cat "${mp}/root/etc/motd"
}
jail_failure_cleanup()
{
	update_cleanup
}

atf_test_case basejail_refused cleanup
basejail_refused_head()
{
	atf_set descr "update of a basejail is refused: its release is updated instead"
	atf_set require.user root
	atf_set require.config pool
}
basejail_refused_body()
{
	setup_root
	mk_release
	mk_jail web
	atf_check -o ignore ${IOC} create -r "${REL}" bj
	mk_updater "${PWD}/fake" ok
	pool_state >before
	IOC_UPDATER="${PWD}/fake" atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Jail 'bj' is a basejail: basejails are updated through their release: ioc update -r ${REL}\n" \
	    ${IOC} update bj
	# every target is checked first: web is not touched either
	IOC_UPDATER="${PWD}/fake" atf_check -s exit:1 -o empty \
	    -e match:"is a basejail" ${IOC} update web,bj
	atf_check test ! -e updater.log
	atf_check -o inline:"original\n" cat "$(jail_mp web)/root/etc/motd"
	pool_state >after
	atf_check -o file:before cat after
	# no match, no operand
	IOC_UPDATER="${PWD}/fake" atf_check -s exit:1 -o empty \
	    -e inline:"ioc: No jail matched your input\n" ${IOC} update nosuch
	IOC_UPDATER="${PWD}/fake" atf_check -s exit:1 -o empty \
	    -e inline:"ioc: No release matched your input\n" \
	    ${IOC} update -r nosuch
	atf_check -s exit:2 -o empty -e match:"expected FILTER" ${IOC} update
	atf_check -s exit:2 -o empty -e match:"unknown option" ${IOC} update -x web
}
basejail_refused_cleanup()
{
	update_cleanup
}

atf_test_case running_refused cleanup
running_refused_head()
{
	atf_set descr "update of a running jail is refused"
	atf_set require.user root
	atf_set require.config pool
}
running_refused_body()
{
	setup_root
	mk_release
	mk_jail web
	mk_updater "${PWD}/fake" ok
	atf_check -o match:"running" ${IOC} start web
	pool_state >before
	IOC_UPDATER="${PWD}/fake" atf_check -s exit:1 -o empty \
	    -e inline:"ioc: Jail 'web' is running: stop it before updating it\n" \
	    ${IOC} update web
	atf_check test ! -e updater.log
	pool_state >after
	atf_check -o file:before cat after
	atf_check -o ignore ${IOC} stop web
	IOC_UPDATER="${PWD}/fake" atf_check -o inline:"Jail 'web' updated to p3\n" \
	    -e ignore ${IOC} update web
}
running_refused_cleanup()
{
	local ds

	if [ -f ioc-test-datasets ]; then
		ds=$(head -n 1 ioc-test-datasets)
		IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent \
		    "$(ioc_bin)" --source "t=${ds}" stop -f web >/dev/null 2>&1
	fi
	update_cleanup
}

# ------------------------------------------------------------------ platform

atf_test_case linux_refusal cleanup
linux_refusal_head()
{
	atf_set descr "on Linux without IOC_UPDATER, update says it needs FreeBSD"
	atf_set require.user root
	atf_set require.config pool
}
linux_refusal_body()
{
	[ "$(uname -s)" = Linux ] || atf_skip "this host is not Linux"
	setup_root
	mk_release
	mk_jail web
	pool_state >before
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: ioc update needs FreeBSD's freebsd-update; this host runs Linux\n" \
	    ${IOC} update web
	atf_check -s exit:1 -o empty \
	    -e inline:"ioc: ioc update needs FreeBSD's freebsd-update; this host runs Linux\n" \
	    ${IOC} update -r "${REL}"
	IOC_UPDATER= atf_check -s exit:1 -o empty -e match:"needs FreeBSD" \
	    ${IOC} update web
	pool_state >after
	atf_check -o file:before cat after
}
linux_refusal_cleanup()
{
	update_cleanup
}

# mk_mirror REL...: a file:// mirror with base.txz and MANIFEST per release.
mk_mirror()
{
	local r

	mk_tree tree
	for r in "$@"; do
		mkdir -p "mirror/$r"
		tar -C tree -cJf "mirror/$r/base.txz" . || atf_fail "tar"
		printf 'base.txz\t%s\t7\tbase\t"Base system"\ton\n' \
		    "$(sha256sum "mirror/$r/base.txz" | cut -d' ' -f1)" \
		    >"mirror/$r/MANIFEST"
	done
	URL="file://${PWD}/mirror"
}

atf_test_case fetch_update cleanup
fetch_update_head()
{
	atf_set descr "fetch: updates after p0, skipped on Linux with a notice"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs xz sha256sum
}
fetch_update_body()
{
	local rel

	setup_root
	rel=${ROOT}/releases/${REL}
	mk_mirror "${REL}" 13.2-RELEASE
	if [ "$(uname -s)" = Linux ]; then
		# no updater on Linux: a notice, and the fetch succeeds
		atf_check -o inline:"Release '13.2-RELEASE' fetched\n" \
		    -e match:"Skipping the update of release '13.2-RELEASE': ioc update needs FreeBSD's freebsd-update; this host runs Linux" \
		    ${IOC} fetch -r 13.2-RELEASE -u "${URL}"
		atf_check -o inline:"${ROOT}/releases/13.2-RELEASE/root@p0\n" \
		    zfs list -H -o name -t snapshot -r \
		    "${ROOT}/releases/13.2-RELEASE"
	fi
	# with an updater: p0, then the update's p3
	mk_updater "${PWD}/fake" ok
	export IOC_UPDATER="${PWD}/fake"
	atf_check -o inline:"Release '${REL}' fetched\n" -e ignore \
	    ${IOC} fetch -r "${REL}" -u "${URL}"
	atf_check -o inline:"${rel}/root@p0\n${rel}/root@p3\n" \
	    zfs list -H -o name -t snapshot -r "${rel}"
	atf_check -o inline:"on\n" zfs get -H -o value readonly "${rel}/root-p3"
	atf_check -o inline:"patched\n" cat "$(root_mp)/etc/motd"
	atf_check -o inline:"${REL}\tp0\tno\n${REL}\tp3\tyes\n" \
	    ${IOC} list -r -H -f list -o name,snapshot,latest "${REL}"
	atf_check -o ignore ${IOC} destroy -f -r "${REL}"
	# --no-update and --no-fetch-updates: the updater is not called
	: >updater.log
	atf_check -o ignore -e ignore ${IOC} fetch -r "${REL}" -u "${URL}" \
	    --no-update
	atf_check -o ignore ${IOC} destroy -f -r "${REL}"
	atf_check -o ignore -e ignore ${IOC} fetch -r "${REL}" -u "${URL}" \
	    --no-fetch-updates
	atf_check -o empty cat updater.log
	atf_check -o inline:"${rel}/root@p0\n" \
	    zfs list -H -o name -t snapshot -r "${rel}"
	atf_check -o ignore ${IOC} destroy -f -r "${REL}"
	# a failing update: the fetched release stays at p0, unchanged
	mk_updater "${PWD}/fake" fail
	atf_check -s exit:1 -o empty -e save:err \
	    ${IOC} fetch -r "${REL}" -u "${URL}"
	atf_check -o match:"^ioc: Release '${REL}' fetched \(p0\), but not updated: Release '${REL}': rolled back: fake failed" \
	    tail -n 1 err
	atf_check -o inline:"${rel}/root@p0\n" \
	    zfs list -H -o name -t snapshot -r "${rel}"
	atf_check -o inline:"original\n" cat "$(root_mp)/etc/motd"
}
fetch_update_cleanup()
{
	update_cleanup
}

atf_test_case fetch_prompt cleanup
fetch_prompt_head()
{
	atf_set descr "fetch without -r offers the mirror's releases on a terminal"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3 xz sha256sum
}
fetch_prompt_body()
{
	setup_root
	mk_mirror 13.2-RELEASE "${REL}"
	# no terminal: a usage error, as before
	atf_check -s exit:2 -o empty -e match:"-r RELEASE is required" \
	    ${IOC} fetch -u "${URL}" --no-update </dev/null
	# a pseudo terminal: the list, then "1" picks the second release
	cat >drive.py <<'EOF'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out, sent, end = b"", False, time.time() + 60
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.5)
    if not r:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
    if not sent and b"> " in out:
        os.write(fd, sys.stdin.readline().encode())
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r\n", "\n"))
sys.exit(os.waitstatus_to_exitcode(status))
EOF
	echo 1 | atf_check -o save:out -e empty python3 drive.py $(ioc_bin) \
	    --source "t=${ROOT}" fetch -u "${URL}" --no-update
	atf_check -o match:"^\[0\] 13\.2-RELEASE$" cat out
	atf_check -o match:"^\[1\] ${REL}$" cat out
	atf_check -o match:"Type the number of the desired RELEASE" cat out
	atf_check -o match:"Release '${REL}' fetched" cat out
	atf_check -o inline:"${ROOT}/releases/${REL}/root@p0\n" \
	    zfs list -H -o name -t snapshot -r "${ROOT}/releases/${REL}"
	# a name works too; a choice that is not offered is a usage error
	echo 13.2-RELEASE | atf_check -o save:out2 python3 drive.py \
	    $(ioc_bin) --source "t=${ROOT}" fetch -u "${URL}" --no-update
	atf_check -o match:"Release '13.2-RELEASE' fetched" cat out2
	pool_state >before
	echo 7 | atf_check -s exit:2 -o save:out3 python3 drive.py \
	    $(ioc_bin) --source "t=${ROOT}" fetch -u "${URL}" --no-update
	atf_check -o match:"invalid choice '7'" cat out3
	pool_state >after
	atf_check -o file:before cat after
}
fetch_prompt_cleanup()
{
	update_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case release_success
	atf_add_test_case release_failure
	atf_add_test_case jail_success
	atf_add_test_case jail_failure
	atf_add_test_case basejail_refused
	atf_add_test_case running_refused
	atf_add_test_case linux_refusal
	atf_add_test_case fetch_update
	atf_add_test_case fetch_prompt
}
