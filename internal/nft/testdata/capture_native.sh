#!/bin/sh
# Captures the NFT_MSG_NEWRULE messages that nft (not iptables-nft) writes
# for rules in an iptables-nft table, and what the real iptables-nft-save
# prints for them ("save:" is empty when it prints no rule), one rule per
# fresh network namespace:
#
#   cd internal/nft/testdata && sudo ./capture_native.sh < native.rules > native.txt
#
# Each line of native.rules is an nft rule body for chain ip filter INPUT.
set -e
echo "# Captured from nft $(nft -v | cut -d' ' -f2) and iptables-nft $(iptables-nft -V | cut -d' ' -f2), kernel $(uname -r):"
echo "#   cd internal/nft/testdata && ./capture_native.sh < native.rules > native.txt"
echo
while read -r rule; do
	[ -z "$rule" ] && continue
	unshare -n sh -c "
		iptables-nft -A INPUT -j ACCEPT && iptables-nft -D INPUT -j ACCEPT
		strace -e trace=sendmsg -e write=all -o /tmp/capture.\$\$ nft add rule ip filter INPUT $rule >/dev/null
		echo 'nft: $rule'
		echo \"save: \$(iptables-nft-save -t filter 2>/dev/null | grep '^-A' || true)\"
		python3 -c '
import re, struct, sys
data = bytearray()
for l in open(sys.argv[1]):
    if l.startswith(\" * \"):
        data = bytearray()
    m = re.match(r\" \| [0-9a-f]{5}  (.{48})\", l)
    if m:
        data += bytes.fromhex(m.group(1).replace(\" \", \"\"))
i = 0
while i + 16 <= len(data):
    n, typ = struct.unpack_from(\"<IH\", data, i)
    if typ == (10 << 8 | 6):
        print(\"hex: \" + data[i + 20:i + n].hex())
    i += (n + 3) & ~3
' /tmp/capture.\$\$
		rm -f /tmp/capture.\$\$
	"
	echo
done
