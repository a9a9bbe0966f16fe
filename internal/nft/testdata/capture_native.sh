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
here="$(cd "$(dirname "$0")" && pwd)"
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
		python3 "$here/newrule_hex.py" /tmp/capture.\$\$
		rm -f /tmp/capture.\$\$
	"
	echo
done
