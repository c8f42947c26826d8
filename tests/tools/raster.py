#!/usr/bin/env python3
"""raster.py — measurements on a PPM raster (pdftoppm's or mutool's), for
tests/t_design.sh. No imaging library needed: PPM (P6) is read directly.

  raster.py band IN.ppm        the tallest horizontal band of rows without
                               content, as a share of the page height
                               (0.0-1.0). A row has no content when all its
                               pixels are within 24 of one colour (a plain
                               field of paper or of a colour band).
  raster.py count IN.ppm KIND [Y0 Y1]
                               how many pixels (between the fractions Y0 and
                               Y1 of the height) are of KIND: green (a flag's
                               green), skin (a medium skin tone), grey (mid
                               grey), colour (any pixel whose channels differ
                               by more than 24).
"""
import sys


def read_ppm(path):
    data = open(path, "rb").read()
    parts, i = [], 0
    while len(parts) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            while data[i:i + 1] != b"\n":
                i += 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        parts.append(data[i:j])
        i = j
    i += 1
    if parts[0] != b"P6" or parts[3] != b"255":
        sys.exit("not an 8-bit P6 PPM: " + path)
    return int(parts[1]), int(parts[2]), data[i:]


def rows(w, h, px):
    for y in range(h):
        yield px[y * w * 3:(y + 1) * w * 3]


def plain(row):
    r, g, b = row[0], row[1], row[2]
    for k in range(0, len(row), 3 * 2):  # every other pixel is enough
        if abs(row[k] - r) > 24 or abs(row[k + 1] - g) > 24 or abs(row[k + 2] - b) > 24:
            return False
    return True


def band(path):
    w, h, px = read_ppm(path)
    best = run = 0
    for row in rows(w, h, px):
        run = run + 1 if plain(row) else 0
        best = max(best, run)
    return best / h


def kind_of(name):
    if name == "green":
        return lambda r, g, b: g > r + 50 and g > b + 20
    if name == "skin":
        return lambda r, g, b: 140 < r < 230 and 90 < g < 170 and 50 < b < 130 and r - g > 30 and g - b > 15
    if name == "grey":
        return lambda r, g, b: 60 < r < 200 and max(r, g, b) - min(r, g, b) <= 24
    if name == "colour":
        return lambda r, g, b: max(r, g, b) - min(r, g, b) > 24
    sys.exit("unknown kind " + name)


def count(path, name, y0=0.0, y1=1.0):
    w, h, px = read_ppm(path)
    test, n = kind_of(name), 0
    for y in range(int(y0 * h), int(y1 * h)):
        row = px[y * w * 3:(y + 1) * w * 3]
        for k in range(0, len(row), 3):
            if test(row[k], row[k + 1], row[k + 2]):
                n += 1
    return n


if __name__ == "__main__":
    if sys.argv[1] == "band":
        print("%.3f" % band(sys.argv[2]))
    elif sys.argv[1] == "count":
        y = [float(v) for v in sys.argv[4:6]] or [0.0, 1.0]
        print(count(sys.argv[2], sys.argv[3], *y))
    else:
        sys.exit(__doc__)
