#!/bin/bash
# Render every built-in layout from the reference data (tests/ref/data) to
# small PNGs, the way a person looks at a page: the PDF through poppler at
# about 40 dpi (20 dpi for pages larger than A3, 6 for banners); a double-sided
# layout's back as LAYOUT-back--DATA.png. `make refs` writes them
# into tests/ref/ (look at each, then commit); tests/t_refs.sh renders into
# a folder of its own and compares.
#   tools/refs.sh OUTDIR
set -eu
cd "$(dirname "$0")/.."
out=$1
P=${PLACARD:-./placard}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767225600
for l in $("$P" layouts | awk 'NR > 1 {print $1}'); do
	for d in tests/ref/data/*.yaml; do
		n=$l--$(basename "$d" .yaml)
		"$P" render "$d" -l "$l" -o "$tmp/$n.pdf" --quiet || [ $? = 1 ]
		dpi=40
		w=$(pdfinfo "$tmp/$n.pdf" | awk '/^Page size:/ {print int($3 > $5 ? $3 : $5)}')
		[ "$w" -gt 1200 ] && dpi=20
		[ "$w" -gt 4000 ] && dpi=6 # banners
		pdftoppm -png -r $dpi -f 1 -l 1 -singlefile "$tmp/$n.pdf" "$out/$n"
		# a double-sided layout (back:): its back too, the record's page 2
		if grep -q '^back:' "layouts/$l.yaml" 2>/dev/null; then
			pdftoppm -png -r $dpi -f 2 -l 2 -singlefile "$tmp/$n.pdf" "$out/$l-back--$(basename "$d" .yaml)"
		fi
	done
done
