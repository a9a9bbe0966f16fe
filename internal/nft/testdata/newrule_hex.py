# Prints "hex: ..." for each NFT_MSG_NEWRULE message (its attributes after
# nfgenmsg) in the sendmsg buffers of an `strace -e write=all` log; used by
# capture.sh and capture_native.sh.
import re, struct, sys

data = bytearray()
for l in open(sys.argv[1]):
    if l.startswith(" * "):
        data = bytearray()
    m = re.match(r" \| [0-9a-f]{5}  (.{48})", l)
    if m:
        data += bytes.fromhex(m.group(1).replace(" ", ""))
i = 0
while i + 16 <= len(data):
    n, typ = struct.unpack_from("<IH", data, i)
    if typ == (10 << 8 | 6):
        print("hex: " + data[i + 20:i + n].hex())
    i += (n + 3) & ~3
