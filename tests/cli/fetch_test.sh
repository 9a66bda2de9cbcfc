#! /usr/bin/env atf-sh
#
# fetch_test.sh - ioc fetch from a mirror served on 127.0.0.1 by the test
# itself (tests/mirror-server.py: honours and logs range requests, can drop
# a connection half way): a small release (busybox as bin/sh, etc, dev,
# var) packed as base.txz with a matching MANIFEST. A clean fetch, -F, a
# tampered asset, a MANIFEST without the asset, archives that try to write
# outside the root, an interrupted download that resumes, SIGINT during a
# download, a release that is already there, and a file:// mirror. Every failure must leave the pool
# exactly as it was.

. "$(atf_get_srcdir)/lib.sh"

REL=14.3-RELEASE

# A root dataset for this case; sets ROOT, IOC, and the environment (run
# directory, no rc.conf, a download cache in the work directory).
setup_root()
{
	ioc_dataset_create
	ROOT=${IOC_DS}
	# The source's layout is there before: a failed fetch removes what
	# it made, and the comparisons below see every dataset.
	atf_check zfs create "${ROOT}/jails"
	atf_check zfs create "${ROOT}/releases"
	mkdir -p run cache outside
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	export IOC_CACHE_DIR="${PWD}/cache" IOC_EOL_URL=
	IOC="$(ioc_bin) --source t=${ROOT}"
}

# Every dataset and snapshot below ROOT, for before/after comparisons.
pool_state()
{
	zfs list -H -o name -t all -r "${ROOT}" | sort
}

# mk_tree DIR: a tiny userland. bin/sh is busybox, usr/sbin/bin3 will be
# owned by uid 3 (FreeBSD's bin; Debian's bin is 2), bin/su is setuid.
mk_tree()
{
	local t=$1 bb

	bb=$(command -v busybox) || atf_skip "busybox-static is not installed"
	mkdir -p "$t/bin" "$t/etc" "$t/dev" "$t/var/run" "$t/usr/sbin" \
	    "$t/tmp" || atf_fail "mkdir"
	cp "$bb" "$t/bin/sh"
	chmod 0555 "$t/bin/sh"
	printf 'root:*:0:0::/root:/bin/sh\nbin:*:3:7::/:/usr/sbin/nologin\n' \
	    >"$t/etc/passwd"
	printf 'hostname="release"\nsendmail_enable="YES"\n' >"$t/etc/rc.conf"
	printf '#!/bin/sh\n' >"$t/bin/su"
	chmod 4755 "$t/bin/su"
	printf 'bin3\n' >"$t/usr/sbin/bin3"
	chmod 1777 "$t/tmp"
	ln -s ../bin/sh "$t/usr/sbin/sh"
	touch -d '2020-01-02 03:04:05' "$t/etc/passwd"
}

# pack TREE OUT.txz: root-owned except usr/sbin/bin3, whose owner is
# named "bin" with uid 3: names must never be mapped through the host's
# passwd, where bin is uid 2.
pack()
{
	local t=$1 out=$2

	tar -C "$t" --owner=root:0 --group=wheel:0 \
	    --exclude ./usr/sbin/bin3 -cf "${out}.tar" . || atf_fail "tar"
	tar -C "$t" --owner=bin:3 --group=bin:3 -rf "${out}.tar" \
	    ./usr/sbin/bin3 || atf_fail "tar -r"
	xz -c "${out}.tar" >"${out}" || atf_fail "xz"
	rm -f "${out}.tar"
}

# manifest_line ASSET FILE: the MANIFEST line of an asset file.
manifest_line()
{
	printf '%s\t%s\t%s\t%s\t"%s"\ton\n' "$1" \
	    "$(sha256sum "$2" | cut -d' ' -f1)" 7 "${1%.txz}" "Base system"
}

# mk_mirror [REL]: mirror/<REL>/base.txz, lib32.txz and their MANIFEST.
mk_mirror()
{
	local d=mirror/${1:-$REL}

	mkdir -p "$d" tree32/usr/lib32
	[ -d tree ] || mk_tree tree
	pack tree "$d/base.txz"
	echo lib32 >tree32/usr/lib32/libx.so.1
	tar -C tree32 -cJf "$d/lib32.txz" . || atf_fail "tar lib32"
	{
		manifest_line base.txz "$d/base.txz"
		manifest_line lib32.txz "$d/lib32.txz"
	} >"$d/MANIFEST"
}

# start_mirror [server options]: serve ./mirror; sets URL.
start_mirror()
{
	local i=0

	rm -f port
	python3 "$(ioc_srcdir)/tests/mirror-server.py" --timeout 600 \
	    --log "${PWD}/mirror.log" --port-file "${PWD}/port" "$@" \
	    "${PWD}/mirror" >/dev/null 2>mirror.err &
	echo $! >>mirror.pid
	while [ ! -s port ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || atf_fail "the mirror server did not start: \
$(cat mirror.err)"
		sleep 0.05
	done
	URL="http://127.0.0.1:$(cat port)/"
}

stop_mirror()
{
	local p

	[ -f mirror.pid ] || return 0
	while read -r p; do
		kill "$p" 2>/dev/null
	done <mirror.pid
	rm -f mirror.pid
}

fetch_cleanup()
{
	stop_mirror
	ioc_dataset_cleanup
}

# The release root's mountpoint.
root_mp()
{
	zfs get -H -o value mountpoint "${ROOT}/releases/${1:-$REL}/root"
}

atf_test_case clean cleanup
clean_head()
{
	atf_set descr "fetch: download, verify, extract, configure, root@p0"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3 xz sha256sum
}
clean_body()
{
	local mp

	setup_root
	mk_mirror
	start_mirror
	atf_check -s exit:0 -o ignore -e ignore \
	    ${IOC} fetch -r "${REL}" -u "${URL}"
	atf_check -o inline:"${ROOT}/releases/${REL}/root@p0\n" \
	    zfs list -H -o name -t snapshot -r "${ROOT}/releases/${REL}"
	atf_check -o inline:"on\n" \
	    zfs get -H -o value readonly "${ROOT}/releases/${REL}/root-p0"
	mp=$(root_mp)
	atf_check test -x "${mp}/bin/sh"
	atf_check test -d "${mp}/dev" -a -d "${mp}/var" -a -d "${mp}/etc"
	atf_check -o inline:"hello\n" "${mp}/bin/sh" -c 'echo hello'
	# Owners by number: uid 3 although the archive calls it "bin".
	atf_check -o inline:"3 3\n" stat -c '%u %g' "${mp}/usr/sbin/bin3"
	atf_check -o inline:"0 0\n" stat -c '%u %g' "${mp}/etc/passwd"
	atf_check -o inline:"4755\n" stat -c '%a' "${mp}/bin/su"
	atf_check -o inline:"1777\n" stat -c '%a' "${mp}/tmp"
	atf_check -o inline:"../bin/sh\n" readlink "${mp}/usr/sbin/sh"
	atf_check -o inline:"2020-01-02\n" \
	    date -r "${mp}/etc/passwd" +%Y-%m-%d
	# lib32 comes along on amd64 when the MANIFEST lists it.
	if [ "$(uname -m)" = x86_64 ]; then
		atf_check -o inline:"lib32\n" cat "${mp}/usr/lib32/libx.so.1"
	fi
	# The release configuration of spec 9.1; other lines are kept.
	atf_check -o match:'^hostname="release"$' cat "${mp}/etc/rc.conf"
	atf_check -o match:'^sendmail_enable="NO"$' cat "${mp}/etc/rc.conf"
	atf_check -o not-match:'sendmail_enable="YES"' cat "${mp}/etc/rc.conf"
	atf_check -o match:"^cron_flags=\"-m ''\"$" cat "${mp}/etc/rc.conf"
	atf_check -o match:'^syslogd_flags="-ss"$' cat "${mp}/etc/rc.conf"
	atf_check -o match:'^daily_submit_queuerun="NO"$' \
	    cat "${mp}/etc/periodic.conf"
	atf_check -o inline:'net.inet.ip.fw.enable="0"\n' \
	    cat "${mp}/etc/sysctl.conf"
	# The MANIFEST stays with the release; the download cache is empty.
	atf_check -o file:"mirror/${REL}/MANIFEST" cat \
	    "$(zfs get -H -o value mountpoint "${ROOT}/releases/${REL}")/MANIFEST"
	atf_check -o inline:"700\n" stat -c '%a' \
	    "$(zfs get -H -o value mountpoint "${ROOT}/releases/${REL}")"
	atf_check -o empty find cache -type f
	atf_check -o empty find outside -mindepth 1
}
clean_cleanup()
{
	fetch_cleanup
}

atf_test_case file_option cleanup
file_option_head()
{
	atf_set descr "fetch -F base fetches only base.txz"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3 xz sha256sum
}
file_option_body()
{
	setup_root
	mk_mirror
	start_mirror
	atf_check -s exit:0 -o ignore -e ignore \
	    ${IOC} fetch -r "${REL}" -u "${URL}" -F base
	atf_check test -x "$(root_mp)/bin/sh"
	atf_check test ! -e "$(root_mp)/usr/lib32"
	atf_check -o not-match:'lib32' cat mirror.log
	atf_check -o match:"^GET /${REL}/base.txz range=- status=200 " \
	    cat mirror.log
}
file_option_cleanup()
{
	fetch_cleanup
}

atf_test_case tampered cleanup
tampered_head()
{
	atf_set descr "a tampered asset is refused before extraction"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3 xz sha256sum
}
tampered_body()
{
	setup_root
	mk_mirror
	printf 'x' >>"mirror/${REL}/base.txz"
	start_mirror
	pool_state >before
	atf_check -s exit:1 -o ignore \
	    -e match:"Asset base.txz has an invalid signature" \
	    ${IOC} fetch -r "${REL}" -u "${URL}" -F base.txz
	pool_state >after
	atf_check -o file:before cat after
	atf_check -s exit:1 -o ignore -e ignore \
	    zfs list "${ROOT}/releases/${REL}"
	# The bad download is deleted, not kept for a resume.
	atf_check -o empty find cache -type f
}
tampered_cleanup()
{
	fetch_cleanup
}

atf_test_case not_in_manifest cleanup
not_in_manifest_head()
{
	atf_set descr "an asset the MANIFEST does not list, or no MANIFEST"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3 xz sha256sum
}
not_in_manifest_body()
{
	setup_root
	mk_mirror
	grep -v '^base.txz' "mirror/${REL}/MANIFEST" >m && mv m "mirror/${REL}/MANIFEST"
	mkdir -p mirror/13.2-RELEASE
	cp "mirror/${REL}/base.txz" mirror/13.2-RELEASE/
	start_mirror
	pool_state >before
	atf_check -s exit:1 -o ignore \
	    -e match:"Asset base.txz has an invalid signature" \
	    ${IOC} fetch -r "${REL}" -u "${URL}" -F base
	atf_check -s exit:1 -o ignore -e match:"MANIFEST" \
	    ${IOC} fetch -r 13.2-RELEASE -u "${URL}" -F base
	# Nothing was downloaded but the checksum lists.
	atf_check -o not-match:'base.txz' cat mirror.log
	pool_state >after
	atf_check -o file:before cat after
}
not_in_manifest_cleanup()
{
	fetch_cleanup
}

# mk_evil KIND REL: mirror/REL/base.txz with a hostile member, MANIFEST.
mk_evil()
{
	local kind=$1 rel=$2

	mkdir -p "mirror/${rel}"
	python3 - "mirror/${rel}/base.txz" "${kind}" "${PWD}/outside" <<'EOF'
import io, sys, tarfile
out, kind, outside = sys.argv[1:4]
up = "../" * 16
def add(t, name, kind=tarfile.REGTYPE, data=b"x\n", link=""):
    ti = tarfile.TarInfo(name)
    ti.type, ti.linkname, ti.mode = kind, link, 0o755
    ti.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(ti, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
with tarfile.open(out, "w:xz", format=tarfile.PAX_FORMAT) as t:
    add(t, "./etc", tarfile.DIRTYPE)
    add(t, "./etc/ok")
    if kind == "dotdot":
        add(t, up + outside.lstrip("/") + "/dotdot")
    elif kind == "absolute":
        add(t, outside + "/absolute")
    elif kind == "symlink":
        add(t, "./evil", tarfile.SYMTYPE, link="/")
        add(t, "./evil" + outside + "/via-symlink")
    elif kind == "hardlink":
        add(t, "./h", tarfile.LNKTYPE, link=up + outside.lstrip("/") + "/secret")
EOF
	[ -s "mirror/${rel}/base.txz" ] || atf_fail "cannot build ${kind}"
	manifest_line base.txz "mirror/${rel}/base.txz" >"mirror/${rel}/MANIFEST"
}

atf_test_case escape cleanup
escape_head()
{
	atf_set descr "../, absolute, symlink and hard link escapes are refused"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3 xz sha256sum
}
escape_body()
{
	local k

	setup_root
	echo secret >outside/secret
	for k in dotdot absolute symlink hardlink; do
		mk_evil "$k" "${k}-1.0"
	done
	start_mirror
	pool_state >before
	for k in dotdot absolute symlink hardlink; do
		atf_check -s exit:1 -o ignore \
		    -e match:"Insecure path .* jail escape attempt" \
		    ${IOC} fetch -r "${k}-1.0" -u "${URL}"
		atf_check -o inline:"secret\n" find outside -mindepth 1 \
		    -printf '%f\n'
		atf_check -o inline:"1\n" stat -c %h outside/secret
	done
	pool_state >after
	atf_check -o file:before cat after
}
escape_cleanup()
{
	fetch_cleanup
}

atf_test_case resume cleanup
resume_head()
{
	atf_set descr "an interrupted download is resumed with a range request"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3 xz sha256sum
}
resume_body()
{
	local size part rest

	setup_root
	mk_tree tree
	# Something xz cannot shrink, so that the asset is big enough.
	head -c 3000000 /dev/urandom >tree/var/blob
	mk_mirror
	size=$(stat -c %s "mirror/${REL}/base.txz")
	part=1000000
	start_mirror --drop "/${REL}/base.txz=${part}"
	pool_state >before
	atf_check -s exit:1 -o ignore -e match:"Failed downloading" \
	    ${IOC} fetch -r "${REL}" -u "${URL}" -F base
	pool_state >after
	atf_check -o file:before cat after
	# The partial download is kept for the next attempt.
	atf_check -o inline:"${part}\n" \
	    stat -c %s "cache/${REL}/base.txz.part"
	atf_check -s exit:0 -o ignore -e ignore \
	    ${IOC} fetch -r "${REL}" -u "${URL}" -F base
	rest=$((size - part))
	atf_check -o match:"^GET /${REL}/base.txz range=bytes=${part}- status=206 sent=${rest}$" \
	    cat mirror.log
	# Fewer bytes than the file holds went over the wire the second time.
	[ "${rest}" -lt "${size}" ] || atf_fail "nothing was saved"
	atf_check -o match:"@p0$" \
	    zfs list -H -o name -t snapshot -r "${ROOT}/releases/${REL}"
	atf_check -o inline:"$(sha256sum tree/var/blob | cut -d' ' -f1)\n" \
	    sh -c "sha256sum '$(root_mp)/var/blob' | cut -d' ' -f1"
	atf_check -o empty find cache -type f
}
resume_cleanup()
{
	fetch_cleanup
}

atf_test_case interrupt cleanup
interrupt_head()
{
	atf_set descr "SIGINT stops a download, keeps it for a resume, changes nothing"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3 xz sha256sum
}
interrupt_body()
{
	local pid rc i part size

	setup_root
	mk_tree tree
	head -c 3000000 /dev/urandom >tree/var/blob
	mk_mirror
	size=$(stat -c %s "mirror/${REL}/base.txz")
	start_mirror --rate 300000
	pool_state >before
	# Started with SIGINT at its default (a background job of a
	# non-interactive shell inherits it ignored), as from a terminal.
	python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' ${IOC} fetch -r "${REL}" -u "${URL}" \
	    -F base >out 2>err &
	pid=$!
	i=0
	while [ ! -s "cache/${REL}/base.txz.part" ]; do
		i=$((i + 1))
		if [ $i -ge 200 ] || ! kill -0 "${pid}" 2>/dev/null; then
			kill "${pid}" 2>/dev/null
			atf_fail "the download did not start: $(cat err)"
		fi
		sleep 0.05
	done
	sleep 0.3
	kill -INT "${pid}"
	wait "${pid}"
	rc=$?
	[ "${rc}" -ne 0 ] || atf_fail "exit status 0 after SIGINT"
	atf_check -o match:"interrupted" cat err
	pool_state >after
	atf_check -o file:before cat after
	part=$(stat -c %s "cache/${REL}/base.txz.part")
	[ "${part}" -gt 0 ] && [ "${part}" -lt "${size}" ] ||
	    atf_fail "partial download of ${part} bytes (of ${size})"
	# The next fetch goes on from there, at full speed.
	stop_mirror
	start_mirror
	atf_check -s exit:0 -o ignore -e ignore \
	    ${IOC} fetch -r "${REL}" -u "${URL}" -F base
	atf_check -o match:"^GET /${REL}/base.txz range=bytes=${part}- status=206 " \
	    cat mirror.log
	atf_check -o empty find cache -type f
}
interrupt_cleanup()
{
	fetch_cleanup
}

atf_test_case exists cleanup
exists_head()
{
	atf_set descr "a release that is already fetched is left alone"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs python3 xz sha256sum
}
exists_body()
{
	setup_root
	mk_mirror
	start_mirror
	atf_check -s exit:0 -o ignore -e ignore \
	    ${IOC} fetch -r "${REL}" -u "${URL}" -F base
	echo marker >"$(root_mp)/marker"
	pool_state >before
	: >mirror.log
	atf_check -s exit:0 -o ignore -e match:"already fetched" \
	    ${IOC} fetch -r "${REL}" -u "${URL}" -F base
	pool_state >after
	atf_check -o file:before cat after
	atf_check -o inline:"marker\n" cat "$(root_mp)/marker"
	# Not a single request to the mirror.
	atf_check -o empty cat mirror.log
}
exists_cleanup()
{
	fetch_cleanup
}

atf_test_case file_mirror cleanup
file_mirror_head()
{
	atf_set descr "fetch from a file:// mirror"
	atf_set require.user root
	atf_set require.config pool
	atf_set require.progs xz sha256sum
}
file_mirror_body()
{
	setup_root
	mk_mirror
	atf_check -s exit:0 -o ignore -e ignore \
	    ${IOC} fetch -r "${REL}" -u "file://${PWD}/mirror" -F base
	atf_check -o inline:"${ROOT}/releases/${REL}/root@p0\n" \
	    zfs list -H -o name -t snapshot -r "${ROOT}/releases/${REL}"
	atf_check -o inline:"3\n" stat -c %u "$(root_mp)/usr/sbin/bin3"
	# A missing release there: nothing is created.
	pool_state >before
	atf_check -s exit:1 -o ignore -e match:"not available" \
	    ${IOC} fetch -r 13.2-RELEASE -u "file://${PWD}/mirror"
	pool_state >after
	atf_check -o file:before cat after
}
file_mirror_cleanup()
{
	fetch_cleanup
}

atf_test_case remote_list cleanup
remote_list_head()
{
	atf_set descr "list -r -R lists a mirror's releases sorted by version"
	atf_set require.user root
	atf_set require.config pool
}
remote_list_body()
{
	setup_root
	mkdir -p mirror/9.3-RELEASE mirror/14.3-RELEASE mirror/13.2-RELEASE \
	    mirror/14.0-BETA1 mirror/ISO-IMAGES
	# from a directory (file://) and from an index page (http://)
	atf_check -o inline:"13.2-RELEASE\n14.0-BETA1\n14.3-RELEASE\n" \
	    sh -c "${IOC} list -r -R -u file://${PWD}/mirror -H -f list -o name \
	    | grep -v '^9\.3' "
	atf_check -o save:first sh -c "${IOC} list -r -R -u file://${PWD}/mirror -H -f list -o name | head -n 1"
	atf_check -o inline:"9.3-RELEASE\n" cat first
	start_mirror
	atf_check -o save:http ${IOC} list -r -R -u "${URL}" -H -f list -o name
	atf_check -o inline:"9.3-RELEASE\n13.2-RELEASE\n14.0-BETA1\n14.3-RELEASE\n" cat http
	# -u only with -R; a mirror that does not answer fails in one line
	atf_check -s exit:2 -o empty -e ignore ${IOC} list -u "${URL}"
	stop_mirror
	atf_check -s exit:1 -o empty -e save:err \
	    ${IOC} list -r -R -u "http://127.0.0.1:9/"
	ioc_one_line err
}
remote_list_cleanup()
{
	fetch_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case remote_list
	atf_add_test_case clean
	atf_add_test_case file_option
	atf_add_test_case tampered
	atf_add_test_case not_in_manifest
	atf_add_test_case escape
	atf_add_test_case resume
	atf_add_test_case interrupt
	atf_add_test_case exists
	atf_add_test_case file_mirror
}
