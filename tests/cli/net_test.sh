#! /usr/bin/env atf-sh
#
# net_test.sh - the network of Linux jails through the real ioc binary:
# VNET jails on a bridge (veth pairs, MACs, addresses, routes, ping), the
# table of non-VNET modes and its refusals, and nothing left behind after
# a stop or a failed start.  Every case runs ioc inside a network
# namespace of its own (held by a sleeping process), so the bridge and
# every veth live there and the host's network is never touched.

. "$(atf_get_srcdir)/lib.sh"
. "$(atf_get_srcdir)/jailrt_lib.sh"

BR=br-ioc-t

# The test bridge with 192.0.2.1/24 on its host side.
setup_bridge()
{
	atf_check ${N} ip link add "${BR}" type bridge
	atf_check ${N} ip link set "${BR}" address 02:00:00:00:0b:01
	atf_check ${N} ip addr add 192.0.2.1/24 dev "${BR}"
	atf_check ${N} ip link set "${BR}" up
}

# rt_setup in a network namespace of the case's own: IOC runs ioc there.
setup_root()
{
	rt_netns
	rt_setup
	IOC="${N} ${IOC}"
}

# check_gone NAME [HOSTEND ...]: rt_gone, and no interface with the
# jail's alias and none of the host ends named in the test's network
# namespace.
check_gone()
{
	local name=$1 h

	shift
	rt_gone "${name}"
	${N} ip -o link show >links || atf_fail "ip link failed"
	if grep -q "alias ioc:${SRC}/${name}:" links; then
		cat links
		atf_fail "an interface of ${name} is left"
	fi
	for h in "$@"; do
		if grep -q "^[0-9]*: ${h}[@:]" links; then
			cat links
			atf_fail "the host end ${h} of ${name} is left"
		fi
	done
}

# No host end of any jail is left in the test's network namespace.
no_host_ends()
{
	${N} ip -o link show >links || atf_fail "ip link failed"
	if grep -q '^[0-9]*: ioc[0-9]*v[0-9]*[@:]' links; then
		cat links
		atf_fail "a veth host end is left"
	fi
}

# The host end of a jail's NIC: "ioc<jid>v<n>", with the jail's alias.
host_end()
{
	local jid

	jid=$(${IOC} get jid "$1")
	echo "ioc${jid}v$2"
}

# Cleanup: stop the jails the body left running (inside the case's
# network namespace while it is there), then end the namespace.
atf_test_case vnet_bridge cleanup
vnet_bridge_head()
{
	atf_set descr "two VNET jails on a bridge reach each other and the host"
	atf_set require.user root
	atf_set require.config pool
}
vnet_bridge_body()
{
	local a b ha hb

	setup_root
	setup_bridge
	rt_mkjail a '"vnet": "on",
    "interfaces": "vnet0:'"${BR}"'",
    "ip4_addr": "vnet0|192.0.2.2/24",
    "ip6_addr": "vnet0|2001:db8::2/64",
    "defaultrouter": "192.0.2.1",
    "defaultrouter6": "2001:db8::1",
    "vnet0_mac": "02:aa:bb:cc:dd:01,02:aa:bb:cc:dd:02",
    "allow_raw_sockets": "1",
    "mount_procfs": "1"'
	rt_mkjail b '"vnet": "on",
    "interfaces": "vnet0:'"${BR}"'",
    "ip4_addr": "vnet0|192.0.2.3/24",
    "defaultrouter": "198.51.100.1@vnet0",
    "allow_raw_sockets": "1"'
	atf_check -o match:'^a running as JID [0-9]+$' ${IOC} start a
	atf_check -o match:'^b running as JID [0-9]+$' ${IOC} start b
	ha=$(host_end a 0)
	hb=$(host_end b 0)
	# host ends: within IFNAMSIZ, on the bridge, up, with the alias
	[ ${#ha} -le 15 ] || atf_fail "host end ${ha} is longer than 15"
	atf_check -o match:"master ${BR} " -o match:"alias ioc:${SRC}/a:vnet0\$" \
	    -o match:'link/ether 02:aa:bb:cc:dd:01 ' -o match:'[<,]UP[,>]' \
	    ${N} ip -o link show dev "${ha}"
	atf_check -o match:"master ${BR} " -o match:"alias ioc:${SRC}/b:vnet0\$" \
	    ${N} ip -o link show dev "${hb}"
	# inside: loopback and vnet0 only, with the configured MAC
	atf_check -o inline:"2\n" ${IOC} exec a sh -c 'ip -o link | wc -l'
	atf_check -o match:'link/ether 02:aa:bb:cc:dd:02 ' \
	    -o match:'[<,]UP[,>]' ${IOC} exec a ip -o link show vnet0
	atf_check -o inline:"02:aa:bb:cc:dd:02\n" \
	    ${IOC} exec a cat /sys/class/net/vnet0/address
	atf_check -o match:'inet 192\.0\.2\.2/24 ' ${IOC} exec a ip -o addr show vnet0
	atf_check -o match:'^default via 192\.0\.2\.1 dev vnet0' ${IOC} exec a ip route
	atf_check -o match:'inet6 2001:db8::2/64 ' ${IOC} exec a ip -o addr show vnet0
	atf_check -o match:'^default via 2001:db8::1 dev vnet0' \
	    ${IOC} exec a ip -6 route
	# a router outside the prefix (@NIC): a host route to it first
	atf_check -o match:'^default via 198\.51\.100\.1 dev vnet0' \
	    -o match:'^198\.51\.100\.1 dev vnet0' ${IOC} exec b ip route
	atf_check -o match:'inet 127\.0\.0\.1/8 ' ${IOC} exec a ip -o addr show lo
	# a generated MAC: mac_prefix 02ff60 on the host end, + 1 inside
	atf_check -o match:'link/ether 02:ff:60:' ${N} ip -o link show dev "${hb}"
	atf_check -o match:'link/ether 02:ff:60:' ${IOC} exec b ip -o link show vnet0
	# jail to jail, jail to host, host to jail
	atf_check -o ignore -e ignore ${IOC} exec a ping -c 1 -W 5 192.0.2.3
	atf_check -o ignore -e ignore ${IOC} exec b ping -c 1 -W 5 192.0.2.2
	atf_check -o ignore -e ignore ${IOC} exec a ping -c 1 -W 5 192.0.2.1
	atf_check -o ignore -e ignore ${N} busybox ping -c 1 -W 5 192.0.2.3
	# the jails reach nothing beyond the bridge
	atf_check -s not-exit:0 -o ignore -e ignore \
	    ${IOC} exec b ping -c 1 -W 1 203.0.113.1
	# stop removes the host end; the other jail is untouched
	atf_check -o inline:"a stopped\n" ${IOC} stop a
	check_gone a "${ha}"
	atf_check -o ignore -e ignore ${IOC} exec b ping -c 1 -W 5 192.0.2.1
	atf_check -o inline:"b stopped\n" ${IOC} stop b
	check_gone b "${hb}"
	# a start again gets a working network
	atf_check -o ignore ${IOC} start a
	ha=$(host_end a 0)
	atf_check -o ignore -e ignore ${IOC} exec a ping -c 1 -W 5 192.0.2.1
	atf_check -o ignore ${IOC} stop a
	check_gone a "${ha}"
	# nothing of either is left on the bridge
	atf_check -o empty ${N} ip -o link show master "${BR}"
}
vnet_bridge_cleanup()
{
	rt_netns_cleanup a b
}

atf_test_case vnet_failures cleanup
vnet_failures_head()
{
	atf_set descr "a failed VNET start leaves no veth, no state, no process"
	atf_set require.user root
	atf_set require.config pool
}
vnet_failures_body()
{
	setup_root
	rt_mkjail web '"vnet": "on",
    "interfaces": "vnet0:br-nope",
    "ip4_addr": "vnet0|192.0.2.2/24"'
	rt_snap_pool before
	# a missing bridge: one line, exit 1, everything undone
	atf_check -s exit:1 -o empty -e save:err ${IOC} start web
	ioc_one_line err
	atf_check -o match:"VNET bridge br-nope does not exist" cat err
	check_gone web
	rt_snap_pool after
	atf_check cmp before after
	# an interface that is not a bridge
	atf_check ${N} ip link add nb0 type veth peer name nb1
	atf_check -o ignore ${IOC} set interfaces=vnet0:nb0 web
	atf_check -s exit:1 -o empty -e match:"VNET bridge nb0 is not a bridge" \
	    ${IOC} start web
	check_gone web
	# a failing step after the network: the veth goes with the jail
	setup_bridge
	atf_check -o ignore ${IOC} set "interfaces=vnet0:${BR}" \
	    'exec_start=ip -o link show vnet0 >/tmp/seen; exit 3' web
	atf_check -s exit:1 -o empty -e save:err ${IOC} start web
	ioc_one_line err
	atf_check -o match:'exec_start' cat err
	atf_check -o match:'vnet0' cat "$(zfs get -H -o value mountpoint \
	    "${ROOT}/jails/web")/root/tmp/seen"
	check_gone web
	no_host_ends
	# an address inside that ip refuses: undone as well
	atf_check -o ignore ${IOC} set exec_start \
	    'ip4_addr=vnet0|192.0.2.2/24,vnet0|192.0.2.2/24' web
	atf_check -s exit:1 -o empty -e save:err ${IOC} start web
	ioc_one_line err
	atf_check -o match:"Jail 'web': .*ip: " cat err
	check_gone web
	no_host_ends
	rt_snap_pool after
	atf_check cmp before after
}
vnet_failures_cleanup()
{
	rt_netns_cleanup web
}

atf_test_case vnet_killed cleanup
vnet_killed_head()
{
	atf_set descr "after a killed jail, stop and start clean up its interfaces"
	atf_set require.user root
	atf_set require.config pool
}
vnet_killed_body()
{
	local jid h

	setup_root
	setup_bridge
	rt_mkjail web '"vnet": "on",
    "interfaces": "vnet0:'"${BR}"'",
    "ip4_addr": "vnet0|192.0.2.2/24"'
	atf_check -o ignore ${IOC} start web
	jid=$(${IOC} get jid web)
	h=ioc${jid}v0
	atf_check -o match:"^ioc${jid}v0 " cat "run/jails/${SRC}/web/net"
	atf_check -o ignore ${N} ip link show dev "${h}"
	kill -9 "${jid}"
	atf_check -o inline:"no\n" ${IOC} get running web
	atf_check -s exit:1 -o empty -e match:"not running" \
	    ${IOC} stop web
	check_gone web "${h}"
	# each start step logs its duration at debug level (bench/runtime)
	atf_check -o match:'running as JID' \
	    -e match:'start web: network done in [0-9.]+ ms' \
	    -e match:'start web: create done in [0-9.]+ ms' \
	    -e match:"network ${SRC}-web: host side [0-9.]+ ms" \
	    ${IOC} -d debug start web
	h=$(host_end web 0)
	atf_check -o ignore ${IOC} stop web
	check_gone web "${h}"
	# a host process that keeps the jail's network namespace alive (not
	# in the jail, so stop does not end it) does not keep the veth: stop
	# deletes the host end itself
	atf_check -o ignore ${IOC} start web
	jid=$(${IOC} get jid web)
	h=$(host_end web 0)
	nsenter --net="/proc/${jid}/ns/net" sleep 60 >/dev/null 2>&1 </dev/null &
	echo $! >holder.pid
	atf_check -o ignore ${IOC} stop web
	atf_check test -e "/proc/$(cat holder.pid)"
	check_gone web "${h}"
	kill "$(cat holder.pid)"
}
vnet_killed_cleanup()
{
	[ -f holder.pid ] && kill "$(cat holder.pid)" 2>/dev/null
	rt_netns_cleanup web
}

atf_test_case novnet_table cleanup
novnet_table_head()
{
	atf_set descr "without VNET: the host's network or loopback only, per ip4/ip6"
	atf_set require.user root
	atf_set require.config pool
}
novnet_table_body()
{
	setup_root
	setup_bridge
	rt_mkjail web
	# ip4=new (the default): a new network with loopback only, up
	atf_check -o ignore ${IOC} start web
	atf_check -o inline:"1\n" ${IOC} exec web sh -c 'ip -o link | wc -l'
	atf_check -o match:'^1: lo: <LOOPBACK,UP' ${IOC} exec web ip -o link
	atf_check -o ignore ${IOC} stop web
	check_gone web
	# disable: the same
	atf_check -o ignore ${IOC} set ip4=disable ip6=disable web
	atf_check -o ignore ${IOC} start web
	atf_check -o inline:"1\n" ${IOC} exec web sh -c 'ip -o link | wc -l'
	atf_check -o ignore ${IOC} stop web
	# both inherit: the network of the namespace ioc runs in
	atf_check -o ignore ${IOC} set ip4=inherit ip6=inherit web
	atf_check -o ignore ${IOC} start web
	atf_check -o match:": ${BR}: " ${IOC} exec web ip -o link
	atf_check -o match:'inet 192\.0\.2\.1/24 ' ${IOC} exec web ip -o addr
	atf_check -o ignore ${IOC} stop web
	check_gone web
	rt_snap_pool before
	# what Linux cannot express: one line, exit 1, nothing started
	atf_check -o ignore ${IOC} set ip6=new web
	atf_check -s exit:1 -o empty -e save:err ${IOC} start web
	ioc_one_line err
	atf_check -o match:"ip4=inherit with ip6=new cannot be expressed on Linux" \
	    cat err
	check_gone web
	atf_check -o ignore ${IOC} set ip4=disable ip6=inherit web
	atf_check -s exit:1 -o empty \
	    -e match:"ip4=disable with ip6=inherit cannot be expressed" \
	    ${IOC} start web
	check_gone web
	atf_check -o ignore ${IOC} set ip4=new ip6=new \
	    'ip4_addr=eth0|192.0.2.9/24' web
	atf_check -s exit:1 -o empty -e save:err ${IOC} start web
	ioc_one_line err
	atf_check -o match:"ip4_addr needs vnet=on on Linux: a jail cannot have a subset of the host's addresses" \
	    cat err
	check_gone web
	# a prestart hook never ran: the refusal comes first
	atf_check -o ignore ${IOC} set "exec_prestart=touch ${PWD}/ran" web
	atf_check -s exit:1 -o empty -e ignore ${IOC} start web
	atf_check test ! -e ran
	rt_snap_pool after
	atf_check cmp before after
}
novnet_table_cleanup()
{
	rt_netns_cleanup web
}

atf_init_test_cases()
{
	atf_add_test_case vnet_bridge
	atf_add_test_case vnet_failures
	atf_add_test_case vnet_killed
	atf_add_test_case novnet_table
}
