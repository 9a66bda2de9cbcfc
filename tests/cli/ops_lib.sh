# ops_lib.sh - jails laid out by hand for the rename, clone, promote,
# snapshot and migrate tests (sourced after lib.sh).

# A root dataset with jails/ and releases/; sets ROOT, ROOTMP and IOC.
ops_setup()
{
	ioc_dataset_create
	ROOT=${IOC_DS}
	atf_check zfs create "${ROOT}/jails"
	atf_check zfs create "${ROOT}/releases"
	ROOTMP=$(zfs get -H -o value mountpoint "${ROOT}")
	mkdir -p run
	export IOC_RUNDIR="${PWD}/run" IOC_RC_CONF=/nonexistent/rc.conf
	IOC="$(ioc_bin) --source t=${ROOT}"
}

# ops_release R: releases/R/root holding a tiny userland, snapshot @p0.
ops_release()
{
	local mp

	atf_check zfs create -p "${ROOT}/releases/$1/root"
	mp=$(zfs get -H -o value mountpoint "${ROOT}/releases/$1/root")
	mkdir -p "${mp}/etc" "${mp}/dev" "${mp}/var" "${mp}/bin"
	echo "release $1" >"${mp}/etc/version"
	atf_check zfs snapshot "${ROOT}/releases/$1/root@p0"
}

# ops_jail NAME [RELEASE]: a jail dataset with a root (a clone of the
# release's root@p0, or a plain dataset) and a data child; sets JMP to
# its mountpoint.  No config is written.
ops_jail()
{
	atf_check zfs create "${ROOT}/jails/$1"
	if [ -n "${2:-}" ]; then
		atf_check zfs clone "${ROOT}/releases/$2/root@p0" \
		    "${ROOT}/jails/$1/root"
	else
		atf_check zfs create "${ROOT}/jails/$1/root"
	fi
	atf_check zfs create "${ROOT}/jails/$1/data"
	JMP=$(zfs get -H -o value mountpoint "${ROOT}/jails/$1")
	echo "root file of $1" >"${JMP}/root/file"
	echo "data file of $1" >"${JMP}/data/file"
}

# ops_json NAME [UUID]: config.json as libioc writes it, into JMP.
ops_json()
{
	printf '{\n    "basejail": "no",\n    "host_hostuuid": "%s",\n    "id": "%s",\n    "release": "R-RELEASE"\n}' \
	    "${2:-5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c}" "$1" >"${JMP}/config.json"
}

# Every dataset and snapshot below ROOT, with the origins.
ops_state()
{
	zfs list -H -o name,origin -t all -r "${ROOT}" | sort
}

# Mark jail $1 running in the runtime state, the interface "must be
# stopped" checks ask: <rundir>/jails/<source>/<name>/state holds the pid
# and start time (field 22 of /proc/PID/stat) of a live process.  Not in
# a command substitution: the sleeper must be a child of the body.
ops_running()
{
	local pid start

	sleep 600 </dev/null >/dev/null 2>&1 &
	pid=$!
	echo "${pid}" >>ops-sleepers
	start=$(sed 's/.*) //' "/proc/${pid}/stat" | cut -d' ' -f20)
	mkdir -p "run/jails/t/$1"
	echo "${pid} ${start}" >"run/jails/t/$1/state"
	echo "${pid}" >"run/jails/t/$1/jid"
}

# Cleanup part: end the processes ops_running started.
ops_cleanup()
{
	local pid

	[ -f ops-sleepers ] || return 0
	while read -r pid; do
		kill "${pid}" 2>/dev/null
	done <ops-sleepers
	return 0
}
