# Creates nfacct accounting object NAME (NFNL_SUBSYS_ACCT, NFNL_MSG_ACCT_NEW)
# in the current network namespace, for xtcapture -pre: python3 nfacct_add.py NAME
import socket, struct, sys
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
name = sys.argv[1].encode() + b"\0"
alen = 4 + len(name)
attr = struct.pack("HH", alen, 1) + name + b"\0" * ((4 - alen % 4) % 4)
body = struct.pack("BBH", 0, 0, 0) + attr
hdr = struct.pack("IHHII", 16 + len(body), (7 << 8) | 0, 0x1 | 0x4 | 0x400 | 0x200, 1, 0)
s.sendto(hdr + body, (0, 0))
r = s.recv(4096)
err = struct.unpack("i", r[16:20])[0]
sys.exit(0 if err == 0 else 1)
