#!/bin/bash
# Images for sharing (issue 14): social-square 1080x1080, social-portrait
# 1080x1350, social-story 1080x1920, link-card 1200x630 — PNG at exactly
# those pixel sizes (layouts in px), one per event with a {field} pattern,
# each carrying an embedded sRGB profile (an iCCP chunk, read with
# Python's zlib), the QR code only on the story (zbarimg), Latin and Arabic
# records rendered without findings.
. "$(dirname "$0")/lib.sh"

# chunks of a PNG: "NAME" per line, "BADCRC NAME" for a chunk whose CRC is
# wrong; for iCCP also its profile's name and colour space, and whether the
# profile is byte for byte the sRGB one on disk.
chunks() {
	python3 - "$1" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
p = 8
while p < len(d):
    n, = struct.unpack('>I', d[p:p + 4])
    kind, body = d[p + 4:p + 8], d[p + 8:p + 8 + n]
    crc, = struct.unpack('>I', d[p + 8 + n:p + 12 + n])
    ok = zlib.crc32(kind + body) & 0xffffffff == crc
    line = ('' if ok else 'BADCRC ') + kind.decode()
    if kind == b'iCCP':
        name, rest = body.split(b'\0', 1)
        prof = zlib.decompress(rest[1:])
        same = prof == open('/usr/share/color/icc/ghostscript/srgb.icc', 'rb').read()
        line += ' name=%s space=%s class=%s %s' % (name.decode(), prof[16:20].decode(), prof[12:16].decode(),
                                                  'same-as-srgb.icc' if same else 'other-profile')
    print(line)
    p += 12 + n
PY
}

for spec in social-square:1080x1080 social-portrait:1080x1350 social-story:1080x1920 link-card:1200x630; do
	l=${spec%%:*} size=${spec#*:}
	mkdir -p "$OUT/share-$l"
	expect_exit "$l: one PNG per event" 0 $P render $EX/week-of-action.yaml -l $l -o "$OUT/share-$l/{city}.png"
	case $ERR in *error:* | *warning:*) fail "$l: no findings" "$ERR" ;; *) ok "$l: no findings" ;; esac
	n=$(ls "$OUT/share-$l"/*.png 2>/dev/null | wc -l)
	[ "$n" = 4 ] && ok "$l: 4 events, 4 files" || fail "$l: files" "$n files: $(ls "$OUT/share-$l")"
	for f in "$OUT/share-$l"/*.png; do
		got=$(file -b "$f" | sed -n 's/^PNG image data, \([0-9]*\) x \([0-9]*\),.*/\1x\2/p')
		[ "$got" = "$size" ] || fail "$l: $(basename "$f") size" "file says '$(file -b "$f")', wanted $size"
	done
	[ "$got" = "$size" ] && ok "$l: every file is exactly $size pixels (file)"
	f=$(ls "$OUT/share-$l"/*.png | head -n1)
	c=$(chunks "$f")
	case $c in *BADCRC*) fail "$l: chunk CRCs" "$c" ;; *) ok "$l: every chunk's CRC is right" ;; esac
	contains "$l: an sRGB profile is embedded (iCCP)" "$c" "iCCP name=sRGB space=RGB  class=mntr same-as-srgb.icc"
	[ "$(echo "$c" | head -n2 | tail -n1 | cut -d' ' -f1)" = iCCP ] && ok "$l: iCCP right after IHDR, before the image data" ||
		fail "$l: iCCP place" "$c"
	q=$(zbarimg --quiet --raw "$OUT/share-$l/Berlin.png" 2>/dev/null)
	if [ $l = social-story ]; then
		[ "$q" = https://example.org/events/berlin ] && ok "$l: the QR code scans from the image" || fail "$l: QR" "'$q'"
	else
		[ -z "$q" ] && ok "$l: no QR code" || fail "$l: no QR code" "zbarimg found '$q'"
	fi
	# the reference records, Latin and Arabic, fit without a finding
	for d in latin arabic; do
		expect_exit "$l: $d record" 0 $P render tests/ref/data/$d.yaml -l $l -o "$OUT/$l-$d.png"
		case $ERR in *error:* | *warning:*) fail "$l: $d: no findings" "$ERR" ;; *) ok "$l: $d: no findings" ;; esac
	done
done

# The pixel size is the layout's, whatever --dpi says; a PDF of it is
# 0.75 pt per pixel (96 per inch).
$P render $EX/week-of-action.yaml -l social-square --dpi 300 -o "$OUT/dpi.png" --quiet
contains "--dpi does not change a px layout's size" "$(file -b "$OUT/dpi-1.png")" "1080 x 1080"
$P render $EX/week-of-action.yaml -l link-card -o "$OUT/card.pdf" --quiet
contains "a px layout as PDF: 900 x 472.5 pt" "$(pdfinfo "$OUT/card.pdf" | grep 'Page size')" "900 x 472.5 pts"
# px in any layout, and in a page size
printf 'name: px\nkind: poster\nsize: 400px x 200px\nbleed: 0\nsafe: 0\nbackground: paper\nblocks:\n  - { type: text, text: "{title}", box: [20px, 20px, 360px, 160px], size: [40, 10] }\n' >"$OUT/px.yaml"
printf 'title: px\n' >"$OUT/px-data.yaml"
expect_exit "a layout file in px" 0 $P render "$OUT/px-data.yaml" -l "$OUT/px.yaml" -o "$OUT/px.png"
contains "a layout file in px: 400 x 200 pixels" "$(file -b "$OUT/px.png")" "400 x 200"
# other layouts' PNG pages carry the profile too
$P render $EX/week-of-action.yaml -l flyer-a6 -o "$OUT/flyer.png" --quiet
contains "a flyer's PNG has the sRGB profile too" "$(chunks "$OUT/flyer-1.png" 2>/dev/null || chunks "$OUT/flyer.png")" "iCCP name=sRGB"
echo done
