#!/bin/sh
# Captures the NFT_MSG_NEWRULE messages the real iptables-nft writes, and
# what the real iptables-nft-save prints for them, one rule per fresh
# network namespace:
#
#   cd internal/nft/testdata && sudo ./capture.sh < golden.rules > golden.txt
#
# Each rule line of golden.rules is "TABLE CHAIN RULE...". For each,
# golden.txt holds "rule:", "save:" and "hex:" (the attributes of the
# NEWRULE message after nfgenmsg, from strace -e write=all of sendmsg).
set -e
here="$(cd "$(dirname "$0")" && pwd)"
echo "# Captured from iptables-nft $(iptables-nft -V | cut -d' ' -f2) (nf_tables), kernel $(uname -r):"
echo "#   cd internal/nft/testdata && ./capture.sh < golden.rules > golden.txt"
echo
while read -r table chain rule; do
	[ -z "$table" ] && continue
	unshare -n sh -c "
		strace -e trace=sendmsg -e write=all -o /tmp/capture.\$\$ iptables-nft -t $table -A $chain $rule >/dev/null
		echo 'rule: -t $table -A $chain $rule'
		echo \"save: \$(iptables-nft-save -t $table | grep '^-A')\"
		python3 "$here/newrule_hex.py" /tmp/capture.\$\$
		rm -f /tmp/capture.\$\$
	"
	echo
done
