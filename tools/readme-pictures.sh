#!/bin/sh
# Regenerate the README's pictures of the built-in layouts (docs/img/).
# Look at every picture before committing it.
set -e
cd "$(dirname "$0")/.."
P=${PLACARD:-./placard}
t=$(mktemp -d)
for l in $($P layouts | awk 'NR>1 {print $1}'); do
	case $l in
	sticker-bilingual-*) data=assets/examples/stickers-bilingual.csv ;;
	*-bilingual-*) data=assets/examples/bilingual.yaml ;;   # records with a second_lang
	sticker-*) data=assets/examples/stickers.csv ;;
	*) data=assets/examples/week-of-action.yaml ;;
	esac
	$P render $data -l $l -o "$t/$l.pdf" --quiet || true
	case $l in
	sticker-*) r=90 ;; poster-a2) r=14 ;; poster-*) r=20 ;; banner-*) r=6 ;; *) r=40 ;;
	esac
	pdftoppm -png -r $r -f 1 -l 1 -singlefile "$t/$l.pdf" docs/img/$l
	pdftoppm -png -r $r -f 2 -l 2 -singlefile "$t/$l.pdf" docs/img/$l-2
done
$P render assets/examples/week-of-action.yaml -l flyer-a5 --theme mono -o "$t/mono.pdf" --quiet
pdftoppm -png -r 40 -f 1 -l 1 -singlefile "$t/mono.pdf" docs/img/flyer-a5-mono
rm -rf "$t"
# A logo in the QR code, the three styles (README "A logo in the QR code").
t=$(mktemp -d)
$P render assets/examples/week-of-action.yaml -l assets/examples/qr-styles.layout.yaml -o "$t/qr.pdf" --quiet
pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$t/qr.pdf" docs/img/qr-logo
rm -rf "$t"
