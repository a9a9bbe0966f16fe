#!/usr/bin/env bash
# Regenerates ../golden.txt, the netlink bytes the codec tests compare with.
# Run as root from this directory:  ./gen.sh > ../golden.txt
#   - "build" lines: messages built by libnetfilter_queue (capture.c build)
#   - packet lines: NFQNL_MSG_PACKET messages sent by the kernel to
#     capture.c recv, inside a throw-away network namespace (deleted on exit)
set -euo pipefail
cc -O2 -Wall -o /tmp/nfq-capture capture.c $(pkg-config --cflags --libs libnetfilter_queue libmnl)
NS=nfq-capture-$$
ip netns add "$NS"
trap 'ip netns del "$NS"' EXIT
nsx() { ip netns exec "$NS" "$@"; }
nsx ip link set lo up
/tmp/nfq-capture build

# IPv4 UDP from a local socket, marked, with uid/gid (flags GSO|UIDGID =
# 0xc): queued from OUTPUT. (NFQA_CFG_F_CONNTRACK needs a kernel with
# CONFIG_NETFILTER_NETLINK_GLUE_CT; packet_all_attrs covers NFQA_CT.)
nsx iptables-legacy -w -t mangle -A OUTPUT -p udp --dport 5001 -m conntrack --ctstate NEW,ESTABLISHED -j MARK --set-mark 0x10
nsx iptables-legacy -w -t mangle -A OUTPUT -p udp --dport 5001 -j NFQUEUE --queue-num 1
nsx timeout 10 bash -c '/tmp/nfq-capture recv 1 2 0xc > /tmp/nfq-capture-1.txt & p=$!; sleep 0.3; echo -n hello >/dev/udp/127.0.0.1/5001; echo -n again >/dev/udp/127.0.0.1/5001; wait $p'
sed -n 's/^packet_2 /packet_udp4_uid /p; s/^packet_1 /packet_udp4_uid_2 /p' /tmp/nfq-capture-1.txt

# IPv6 UDP, plain flags (GSO only), queued from INPUT (has an input device).
nsx ip6tables-legacy -w -t mangle -A INPUT -p udp --dport 5002 -j NFQUEUE --queue-num 2
nsx timeout 10 bash -c '/tmp/nfq-capture recv 2 1 0x4 > /tmp/nfq-capture-2.txt & p=$!; sleep 0.3; echo -n v6 >/dev/udp/::1/5002; wait $p'
sed -n 's/^packet_1 /packet_udp6_input /p' /tmp/nfq-capture-2.txt
rm -f /tmp/nfq-capture /tmp/nfq-capture-1.txt /tmp/nfq-capture-2.txt
