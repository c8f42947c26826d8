#!/usr/bin/env python3
# The highest total area coverage (C+M+Y+K, percent) of an uncompressed
# 8-bit CMYK TIFF such as Ghostscript's tiff32nc writes: tac.py FILE.tif
# With FILE --inked, for a one-plate TIFF from tiffsep (-sCompression=none):
# how many pixels carry ink of that plate.
import struct
import sys

d = open(sys.argv[1], "rb").read()
e = "<" if d[:2] == b"II" else ">"
off = struct.unpack(e + "I", d[4:8])[0]
n = struct.unpack(e + "H", d[off:off + 2])[0]
tags = {}
for i in range(n):
    ent = d[off + 2 + 12 * i:off + 14 + 12 * i]
    t, typ, cnt = struct.unpack(e + "HHI", ent[:8])
    if cnt == 1:
        val = struct.unpack(e + ("H" if typ == 3 else "I"), ent[8:10] if typ == 3 else ent[8:12])[0]
    else:
        val = struct.unpack(e + "I", ent[8:12])[0]
    tags[t] = (typ, cnt, val)


def arr(tag):
    typ, cnt, val = tags[tag]
    if cnt == 1:
        return [val]
    f = "H" if typ == 3 else "I"
    return list(struct.unpack(e + f * cnt, d[val:val + struct.calcsize(f) * cnt]))


assert tags[259][2] == 1, "compressed"
data = b"".join(d[o:o + c] for o, c in zip(arr(273), arr(279)))
if len(sys.argv) > 2 and sys.argv[2] == "--inked":
    # BlackIsZero (1): ink shows dark, 255 = none; WhiteIsZero (0): 0 = none
    blank = 255 if tags[262][2] == 1 else 0
    print(sum(1 for b in data if b != blank))
else:
    best = max(sum(data[i:i + 4]) for i in range(0, len(data) - 3, 4))
    print("%.0f" % (best * 100 / 255))
