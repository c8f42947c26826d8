#!/usr/bin/env python3
"""qrformat.py - read a QR code's error-correction level from a raster.

    qrformat.py level IMAGE.pgm     prints "W LEVEL MASK" for the one code
                                     on the page: modules a side, L/M/Q/H
                                     from the code's own format bits
                                     (ISO/IEC 18004 7.9), the mask number
    qrformat.py png OUT.png W H      writes a W x H RGB test logo (a ring
                                     and a bar; plain zlib, no PIL)

The page must hold the code alone on light paper (a test layout): the dark
pixels' bounding box is the symbol, the top-left finder's first row of
pixels gives the module size. The 15 format bits are read around the top-
left finder and matched to the nearest of the 32 valid BCH words, so a pixel
or two off does not change the answer."""
import struct
import sys
import zlib


def read_pgm(path):
    data = open(path, 'rb').read()
    parts, pos = [], 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            while data[pos:pos + 1] != b'\n':
                pos += 1
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        parts.append(data[start:pos])
    if parts[0] != b'P5':
        sys.exit('not a binary PGM: ' + path)
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def format_words():
    words = {}
    for d in range(32):
        rem = d << 10
        for i in range(14, 9, -1):
            if rem & (1 << i):
                rem ^= 0x537 << (i - 10)
        words[((d << 10) | rem) ^ 0x5412] = d
    return words


def level(path):
    w, h, px = read_pgm(path)
    dark = lambda x, y: px[y * w + x] < 128
    xs = [x for y in range(h) for x in range(w) if dark(x, y)]
    ys = [y for y in range(h) for x in range(w) if dark(x, y)]
    if not xs:
        sys.exit('no code on the page')
    x0, x1, y0 = min(xs), max(xs), min(ys)
    # the top-left finder's top bar is 7 modules: the longest dark run from
    # the left edge in the first rows (its corners may be rounded)
    run = 0
    for y in range(y0, min(h, y0 + 40)):
        xa = x0
        while xa < x0 + 20 and not dark(xa, y):
            xa += 1
        r = 0
        while xa + r < w and dark(xa + r, y):
            r += 1
        run = max(run, r + (xa - x0))
    m = run / 7.0
    n = int(round((x1 - x0 + 1) / m))
    m = (x1 - x0 + 1) / float(n)
    mod = lambda cx, cy: dark(int(x0 + (cx + 0.5) * m), int(y0 + (cy + 0.5) * m))
    cells = [(c, 8) for c in range(6)] + [(7, 8), (8, 8), (8, 7)] + [(8, r) for r in range(5, -1, -1)]
    bits = 0
    for cx, cy in cells:
        bits = (bits << 1) | (1 if mod(cx, cy) else 0)
    words = format_words()
    best = min(words, key=lambda v: bin(v ^ bits).count('1'))
    d = words[best]
    print(n, {1: 'L', 0: 'M', 3: 'Q', 2: 'H'}[d >> 3], d & 7)


def png(path, w, h):
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            dx, dy = (x - w / 2) / (w / 2), (y - h / 2) / (h / 2)
            r2 = dx * dx + dy * dy
            if 0.55 < r2 < 0.95 or (abs(dy) < 0.12 and abs(dx) < 0.6):
                row += bytes((200, 20, 40))
            else:
                row += bytes((255, 255, 255))
        rows.append(bytes(row))
    raw = zlib.compress(b''.join(rows), 9)

    def chunk(kind, body):
        return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
                chunk(b'IDAT', raw) + chunk(b'IEND', b''))


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == 'level':
        level(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == 'png':
        png(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)
