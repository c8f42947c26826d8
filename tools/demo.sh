#!/bin/sh
# make demo: render the sample data under assets/examples into out/.
set -e
cd "$(dirname "$0")/.."
mkdir -p out out/png
ex=assets/examples
for l in flyer-a5 flyer-a6 flyer-letter-half poster-a3 poster-a2 poster-tabloid; do
	./placard render $ex/week-of-action.yaml -l $l -o out/week-of-action-$l.pdf --quiet
done
for l in sticker-round-60 sticker-square-50 sticker-rect-90x50; do
	./placard render $ex/stickers.csv -l $l -o out/stickers-$l.pdf --quiet
done
./placard render $ex/week-of-action.yaml -l poster-a3 --print -o out/week-of-action-poster-a3-print.pdf --quiet
./placard render $ex/week-of-action.yaml -l flyer-a5 --theme mono -o out/week-of-action-flyer-a5-mono.pdf --quiet
./placard render $ex/week-of-action.yaml -l flyer-a5 -o 'out/png/flyer-{city}.png' --dpi 60 --quiet
./placard qr https://example.org/homes-for-all -o out/qr.pdf --quiet
echo "placard demo: wrote these files:"
ls -1 out/*.pdf out/png/*.png | sed 's/^/  /'
