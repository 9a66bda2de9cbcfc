# shellcheck shell=bash disable=SC2034 # ZE_* are read by the caller
# zfs-env.sh - a throw-away ZFS pool for the benchmarks (sourced by bash).
#
#	. bench/zfs-env.sh
#	zfs_env_up NAME || exit 1   # sets ZE_POOL, ZE_MODE, ZE_NS (array)
#	"${ZE_NS[@]}" zfs list ...
#	zfs_env_down                # idempotent; also run it from a trap
#
# With kernel ZFS (/dev/zfs) the host's zfs and zpool are used and ZE_NS is
# empty. Otherwise a private zfs-fuse daemon is started in a mount namespace
# of its own, exactly as tests/run does it (its socket, lock and cache
# directories are private bind mounts, so it never meets a host daemon),
# and ZE_NS enters that namespace. The pool lives on a sparse 4 GiB file
# with cachefile=none, mounted at /NAME. zfs_env_down unmounts deepest
# first, destroys the pool, stops the daemon and removes the state.

ZE_POOL=
ZE_MODE=
ZE_NS=()
ZE_ST=
ZE_DPID=
ZE_MADE=

_ze_alive() {
	[ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

_ze_start_fuse() {
	local run lock lib i

	if [ ! -c /dev/fuse ]; then
		modprobe fuse 2>/dev/null || true
		[ -c /dev/fuse ] || mknod -m 666 /dev/fuse c 10 229 || return 1
	fi
	run=$(readlink -m /var/run/zfs)
	lock=$(readlink -m /var/lock/zfs)
	lib=$(readlink -m /var/lib/zfs)
	mkdir -p "$run" "$lock" "$lib" "$ZE_ST/run" "$ZE_ST/lock" "$ZE_ST/lib" || return 1
	# shellcheck disable=SC2016 # expanded by the inner bash
	setsid unshare -m --propagation private bash -c '
		set -e
		mount --bind "$1" "$2"
		mount --bind "$3" "$4"
		mount --bind "$5" "$6"
		ulimit -c 0
		exec zfs-fuse --no-daemon --no-kstat-mount --pidfile "$7"
	    ' zfs-fuse-ns "$ZE_ST/run" "$run" "$ZE_ST/lock" "$lock" "$ZE_ST/lib" "$lib" \
	    "$ZE_ST/run/zfs-fuse.pid" >"$ZE_ST/zfs-fuse.log" 2>&1 </dev/null &
	ZE_DPID=$!
	disown "$ZE_DPID"
	ZE_NS=(nsenter -t "$ZE_DPID" -m --)
	for i in $(seq 1 200); do
		_ze_alive "$ZE_DPID" || { cat "$ZE_ST/zfs-fuse.log" >&2; return 1; }
		if [ -S "$ZE_ST/run/zfs_socket" ] && "${ZE_NS[@]}" zpool list >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.05
	done
	echo "zfs-env: zfs-fuse did not answer within 10 s" >&2
	return 1
}

# zfs_env_up NAME: start (if needed) and create the pool NAME.
zfs_env_up() {
	ZE_POOL=$1
	ZE_ST=$(mktemp -d "/var/tmp/$ZE_POOL.XXXXXX") || return 1
	if [ -e /dev/zfs ]; then
		ZE_MODE=kernel
		ZE_NS=()
		if zpool list -H -o name "$ZE_POOL" >/dev/null 2>&1; then
			echo "zfs-env: a pool named $ZE_POOL already exists" >&2
			return 1
		fi
	else
		command -v zfs-fuse >/dev/null 2>&1 || {
			echo "zfs-env: zfs-fuse is not installed (scripts/install-deps)" >&2
			return 1
		}
		ZE_MODE=fuse
		_ze_start_fuse || return 1
	fi
	truncate -s 4G "$ZE_ST/pool.img" || return 1
	"${ZE_NS[@]}" zpool create -f -o cachefile=none -m "/$ZE_POOL" \
	    "$ZE_POOL" "$ZE_ST/pool.img" 2> >(grep -v 'Defaulting to 4K blocksize' >&2) ||
	    return 1
	ZE_MADE=1
}

# Tear down everything zfs_env_up made; safe to call twice.
zfs_env_down() {
	local d i

	[ -n "$ZE_ST" ] || return 0
	if [ -n "$ZE_MADE" ]; then
		"${ZE_NS[@]}" zfs list -H -o name -r "$ZE_POOL" 2>/dev/null | sort -r |
		    while IFS= read -r d; do
			"${ZE_NS[@]}" zfs umount "$d" >/dev/null 2>&1 </dev/null
		    done
		"${ZE_NS[@]}" zpool destroy -f "$ZE_POOL" 2>/dev/null ||
		    { sleep 0.5; "${ZE_NS[@]}" zpool destroy -f "$ZE_POOL"; }
		ZE_MADE=
	fi
	if [ -n "$ZE_DPID" ] && _ze_alive "$ZE_DPID"; then
		kill -TERM "$ZE_DPID" 2>/dev/null
		for i in $(seq 1 20); do _ze_alive "$ZE_DPID" || break; sleep 0.05; done
		_ze_alive "$ZE_DPID" && kill -KILL "$ZE_DPID" 2>/dev/null
		for i in $(seq 1 200); do _ze_alive "$ZE_DPID" || break; sleep 0.05; done
	fi
	ZE_DPID=
	[ -d "/$ZE_POOL" ] && rmdir "/$ZE_POOL" 2>/dev/null
	rm -rf "$ZE_ST"
	ZE_ST=
}
