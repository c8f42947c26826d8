#!/bin/sh
# Build the CMYK press profiles for --pdfx/--intent (src/pdf/pdfx.c) into
# assets/profiles/, from Debian packages only: ArgyllCMS's colprof (package
# argyll) profiles the characterisation data that icc-profiles-free ships
# (FOGRA39L.ti3, CGATS TR 006). Nothing is fetched. The profile header's
# creation date is set to the data's own date, so a rebuild gives the same
# bytes (and the same PDFs). Run by `make deps` and the first build; quick
# when the profiles are already there. SWOP needs no build: it is
# Ghostscript's default_cmyk.icc (libgs-common).
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/assets/profiles"
data=/usr/share/color/icc
mkdir -p "$out"

# name  .ti3 (in $data)  description  header date (YYYY MM DD as bytes)
build() {
	name=$1 ti3=$2 desc=$3 y=$4 m=$5 d=$6
	[ -s "$out/$name.icc" ] && return 0
	if [ ! -r "$data/$ti3.ti3" ] || ! command -v colprof >/dev/null; then
		echo "placard: warning: cannot build the $name press profile: install the Debian packages icc-profiles-free and argyll, then run 'make deps'." >&2
		return 0
	fi
	tmp=$(mktemp -d)
	cp "$data/$ti3.ti3" "$tmp/$ti3.ti3"
	echo "placard: building the $name CMYK profile with colprof (about 20 s)"
	(cd "$tmp" && colprof -qm -D "$desc" -C "Built by placard from $ti3.ti3 (icc-profiles-free)" \
		-O "$name.icc" "$ti3" >colprof.log 2>&1) ||
		{ echo "placard: warning: colprof failed for $name:" >&2; tail -3 "$tmp/colprof.log" >&2; rm -rf "$tmp"; return 0; }
	# ICC header bytes 24-35: creation date and time (six big-endian u16)
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o\\%03o\\%03o\\000\\000\\000\\000\\000\\000' \
		$((y / 256)) $((y % 256)) 0 "$m" 0 "$d")" |
		dd of="$tmp/$name.icc" bs=1 seek=24 count=12 conv=notrunc 2>/dev/null
	mv "$tmp/$name.icc" "$out/$name.icc"
	rm -rf "$tmp"
}

build FOGRA39 FOGRA39L "FOGRA39 (ISO 12647-2:2004 coated), placard" 2006 12 1
build GRACoL TR006 "GRACoL coated #1 (CGATS TR 006), placard" 2006 8 28
