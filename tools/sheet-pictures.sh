#!/bin/sh
# Regenerate the README's pictures of sheets and tiles (docs/img/sheet-*,
# docs/img/tile-*). Look at every picture before committing it.
set -e
cd "$(dirname "$0")/.."
P=${PLACARD:-./placard}
t=$(mktemp -d)
E=assets/examples
# Two copies of the six stickers: a full sheet of twelve.
$P render $E/stickers.csv $E/stickers.csv -l sticker-round-60 --sheet A4 -o "$t/st.pdf" --quiet
pdftoppm -png -r 40 -singlefile "$t/st.pdf" docs/img/sheet-stickers
# The gap between the first two stickers at 200 dpi: the magenta cut lines.
pdftoppm -png -r 200 -x 400 -y 120 -W 300 -H 220 -singlefile "$t/st.pdf" docs/img/sheet-cut-detail
$P render $E/week-of-action.yaml -l flyer-a6 --sheet A4 -o "$t/fl.pdf" --quiet
pdftoppm -png -r 30 -singlefile "$t/fl.pdf" docs/img/sheet-flyers-a6
$P render $E/week-of-action.yaml -l poster-a3 --tile A4 -o "$t/ti.pdf" --quiet
for k in 1 2 3 4; do pdftoppm -png -r 20 -f $k -l $k -singlefile "$t/ti.pdf" docs/img/tile-$k; done
rm -rf "$t"
