#!/bin/bash
# A logo in the QR code (issue 14): qr: { logo, style } in the data, logo: /
# logo_size: / style: on a layout's QR block. Checked with real tools: zbarimg
# decodes each code from a 150 dpi raster to its exact URL, the level read
# from the code's own format bits is H, the logo's size measured in the PDF
# stays under the cap and off the finder corners, each style decodes, and a
# logo code a phone cannot read is an error that says to shrink the logo.
. "$(dirname "$0")/lib.sh"
FMT="python3 tests/tools/qrformat.py"

cp $EX/logo.svg "$OUT/logo.svg"
$FMT png "$OUT/logo.png" 300 300
cat >"$OUT/qr.layout.yaml" <<'EOF2'
name: qr-logo-test
kind: poster
size: 100mm x 100mm
bleed: 0
safe: 5mm
theme: mono
background: paper
blocks:
  - type: qr
    box: [10mm, 10mm, 80mm, 80mm]
    label: false
    logo: "{logo}"
EOF2
u20=https://ex.org/r2021
u60=https://example.org/events/berlin-2021-05-15-rally-jerusalem
u110="https://example.org/events/2021/05/15/berlin/oranienplatz/defend-jerusalem-rally-and-march?ref=poster&lg=de&x1"
[ ${#u20} = 20 ] && [ ${#u60} = 60 ] && [ ${#u110} = 110 ] && ok "test URLs of 20, 60 and 110 characters" ||
	fail "test URLs" "${#u20}, ${#u60}, ${#u110} characters"
cat >"$OUT/three.yaml" <<EOF2
- { title: Twenty, url: "$u20", logo: logo.svg }
- { title: Sixty, url: "$u60", logo: logo.png }
- { title: Long, url: "$u110", logo: logo.svg }
- { title: Without, url: "$u20" }
EOF2
pdf=$OUT/three.pdf
expect_exit "three logo codes: render, preflight decodes each" 0 $P render "$OUT/three.yaml" -l "$OUT/qr.layout.yaml" -o "$pdf"
case $ERR in *error:* | *warning:*) fail "three logo codes: no findings" "$ERR" ;; *) ok "three logo codes: no findings" ;; esac
i=0
for u in "$u20" "$u60" "$u110" "$u20"; do
	i=$((i + 1))
	got=$(qr_of_page "$pdf" $i)
	[ "$got" = "$u" ] && ok "page $i (${#u} characters): zbarimg at 150 dpi gives the exact URL" ||
		fail "page $i: decode" "'$got' != '$u'"
	pdftoppm -r 150 -gray -f $i -l $i -singlefile "$pdf" "$OUT/f$i"
	read -r W LEVEL MASK < <($FMT level "$OUT/f$i.pgm")
	want=H
	[ $i = 4 ] && want=M
	[ "$LEVEL" = "$want" ] && ok "page $i: format bits say level $want ($W modules, mask $MASK)" ||
		fail "page $i: level" "format bits say '$LEVEL', wanted $want"
	eval "W$i=$W"
done

# The PNG logo's printed size from the PDF (pdfimages: pixels and ppi): its
# pad (the logo and a module of margin each side) within 16 % of the code's
# area and clear of the 9-module finder corners.
read -r PXW PPI < <(pdfimages -f 2 -l 2 -list "$pdf" | awk 'NR > 2 && $4 == 300 {print $4, $13; exit}')
if [ -n "${PPI:-}" ]; then
	awk -v px="$PXW" -v ppi="$PPI" -v w="$W2" 'BEGIN {
		mod = 80 / (w + 8); logo = px / ppi * 25.4 / mod; pad = logo + 2;
		printf "logo %.1f modules of %d, pad %.1f%% of the area, %.1f modules from the edge\n", logo, w, 100 * pad * pad / (w * w), (w - pad) / 2;
		exit !(pad * pad <= 0.16 * w * w + 0.01 && (w - pad) / 2 >= 9 && logo >= 3) }' >"$OUT/geom.txt" &&
		ok "logo within the cap, off the finder corners: $(cat "$OUT/geom.txt")" || fail "logo geometry" "$(cat "$OUT/geom.txt")"
else
	fail "logo geometry" "no 300-pixel image on page 2: $(pdfimages -f 2 -l 2 -list "$pdf" 2>&1 | tail -n +3)"
fi

# Asked too large: shrunk to the cap, with a note; the code still decodes.
sed 's/logo: "{logo}"/logo: "{logo}"\n    logo_size: 70%/' "$OUT/qr.layout.yaml" >"$OUT/big.layout.yaml"
printf -- '- { title: Big, url: "%s", logo: logo.png }\n' "$u60" >"$OUT/big.yaml"
expect_exit "oversize logo: render" 0 $P render "$OUT/big.yaml" -l "$OUT/big.layout.yaml" -o "$OUT/big.pdf"
contains "oversize logo: a note says it is shrunk to the cap" "$ERR" "shrunk to"
read -r PXB PPIB < <(pdfimages -list "$OUT/big.pdf" | awk 'NR > 2 && $4 == 300 {print $4, $13; exit}')
awk -v a="$PPI" -v b="${PPIB:-0}" 'BEGIN { exit !(b > 0 && b >= a * 0.99 && b <= a * 1.01) }' &&
	ok "oversize logo: printed at the cap (${PPIB} ppi, as the default size)" || fail "oversize logo: size" "${PPIB:-none} ppi vs default ${PPI}"
[ "$(qr_of_page "$OUT/big.pdf" 1)" = "$u60" ] && ok "oversize logo: decodes" || fail "oversize logo: decodes" "no"

# Every style decodes, with and without a logo; the layout's style: too.
for st in square rounded dots; do
	printf -- '- { title: S, url: "%s", logo: logo.svg, qr: { style: %s } }\n- { title: S, url: "%s", qr: { style: %s } }\n' \
		"$u60" $st "$u110" $st >"$OUT/st-$st.yaml"
	expect_exit "style $st: render" 0 $P render "$OUT/st-$st.yaml" -l "$OUT/qr.layout.yaml" -o "$OUT/st-$st.pdf"
	[ "$(qr_of_page "$OUT/st-$st.pdf" 1)" = "$u60" ] && [ "$(qr_of_page "$OUT/st-$st.pdf" 2)" = "$u110" ] &&
		ok "style $st: decodes with and without a logo" || fail "style $st: decode" "no"
done
cmp -s "$OUT/st-square.pdf" "$OUT/st-dots.pdf" && fail "styles differ" "square and dots are the same file" || ok "styles differ"
sed 's/logo: "{logo}"/style: dots/' "$OUT/qr.layout.yaml" >"$OUT/dots.layout.yaml"
printf -- '- { title: D, url: "%s" }\n' "$u60" >"$OUT/d.yaml"
expect_exit "layout style: render" 0 $P render "$OUT/d.yaml" -l "$OUT/dots.layout.yaml" -o "$OUT/d.pdf"
[ "$(qr_of_page "$OUT/d.pdf" 1)" = "$u60" ] && ok "layout style: decodes" || fail "layout style: decodes" "no"

# Built-in layouts: qr.logo in the data is enough, and the week's example
# with its campaign logo in every code renders cleanly.
printf -- 'title: Logo\nurl: "%s"\nqr: { logo: logo.svg, style: rounded }\n' "$u60" >"$OUT/own.yaml"
for l in poster-a3 flyer-a5 sticker-round-60; do
	expect_exit "$l with qr.logo: render" 0 $P render "$OUT/own.yaml" -l $l -o "$OUT/own-$l.pdf"
	case $ERR in *error:* | *warning:*) fail "$l with qr.logo: no findings" "$ERR" ;; *) ok "$l with qr.logo: no findings" ;; esac
	[ "$(qr_of_page "$OUT/own-$l.pdf" 1)" = "$u60" ] && ok "$l with qr.logo: decodes" || fail "$l with qr.logo: decodes" "no"
done

# A logo code a phone cannot read: an error naming the logo, exit 1.
ul="https://example.org/$(printf 'a%.0s' $(seq 1 137))"
printf -- '- { title: Unreadable, url: "%s", logo: logo.svg, qr: { style: dots } }\n' "$ul" >"$OUT/bad.yaml"
expect_exit "unreadable logo code: check fails" 1 $P check "$OUT/bad.yaml" -l "$OUT/qr.layout.yaml"
contains "unreadable logo code: says to shrink the logo or shorten the link" "$ERR" "Shrink the logo"
contains "unreadable logo code: ... or use a shorter link" "$ERR" "shorter link"

# Mistakes: a missing logo file, an unknown style (data and layout).
printf -- '- { title: M, url: "%s", qr: { logo: nothere.svg } }\n' "$u20" >"$OUT/miss.yaml"
expect_exit "missing logo: nothing rendered" 2 $P render "$OUT/miss.yaml" -l "$OUT/qr.layout.yaml" -o "$OUT/miss.pdf"
contains "missing logo: names the field" "$ERR" "qr.logo"
printf -- '- { title: M, url: "%s", qr: { style: hearts } }\n' "$u20" >"$OUT/st.yaml"
expect_exit "unknown style in the data: refused" 2 $P render "$OUT/st.yaml" -l "$OUT/qr.layout.yaml" -o "$OUT/st.pdf"
contains "unknown style in the data: says which" "$ERR" "square, rounded or dots"
sed 's/logo: "{logo}"/style: hearts/' "$OUT/qr.layout.yaml" >"$OUT/hearts.layout.yaml"
expect_exit "unknown style in a layout: refused" 2 $P render "$OUT/d.yaml" -l "$OUT/hearts.layout.yaml" -o "$OUT/h.pdf"
contains "unknown style in a layout: says which" "$ERR" "square, rounded or dots"
echo done
