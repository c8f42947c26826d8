# Shared helpers of the test scripts (sourced). A check prints "ok NAME" or
# "FAIL NAME: why"; the script ends with "done" so the runner knows it ran
# to the end.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
P=${PLACARD:-./placard}
OUT=${PLACARD_TEST_OUT:-tests/out}/$(basename "$0" .sh)
rm -rf "$OUT"
mkdir -p "$OUT"
EX=assets/examples

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }
# check NAME COMMAND...: passes when the command succeeds
check() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else fail "$name" "command failed: $*"; fi
}
# expect_exit NAME STATUS COMMAND...: runs, stores stderr in $ERR
expect_exit() {
	local name=$1 want=$2
	shift 2
	ERR=$("$@" 2>&1 >/dev/null)
	local got=$?
	if [ "$got" = "$want" ]; then ok "$name (exit $want)"; else fail "$name" "exit $got, wanted $want; stderr: $ERR"; fi
}
# contains NAME HAYSTACK NEEDLE
contains() {
	case "$2" in
	*"$3"*) ok "$1" ;;
	*) fail "$1" "'$3' not found in: $(echo "$2" | head -c 400)" ;;
	esac
}
# Page size of a PDF page in mm, rounded: "148x210"
page_mm() {
	pdfinfo -f "${2:-1}" -l "${2:-1}" "$1" | awk '/^Page +[0-9]+ size:/ {printf "%dx%d\n", $4*25.4/72+0.5, $6*25.4/72+0.5; exit}'
}
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
# QR payload of page N decoded by zbarimg from a 150 dpi raster ($QR_DPI:
# less for banners, whose 150 dpi raster is over ImageMagick's 16K pixels)
qr_of_page() {
	local pdf=$1 n=$2 png="$OUT/qr-$(basename "$1" .pdf)-$2"
	pdftoppm -r "${QR_DPI:-150}" -gray -f "$n" -l "$n" -singlefile -png "$pdf" "$png" 2>/dev/null
	zbarimg --quiet --raw "$png.png" 2>/dev/null
}
# Build tests/tools/pngtool.c into $OUT; prints its path (empty on failure).
pngtool_build() {
	local t="$OUT/pngtool"
	cc -std=c11 -O2 -Wall -Wextra -Werror $(pkg-config --cflags cairo) -o "$t" tests/tools/pngtool.c \
		$(pkg-config --libs cairo) -lm && echo "$t"
}
