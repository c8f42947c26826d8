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
	poster-photo-*) data=assets/examples/photo-poster.yaml ;;  # records with an image
	*) data=assets/examples/week-of-action.yaml ;;
	esac
	$P render $data -l $l -o "$t/$l.pdf" --quiet || true
	case $l in
	sticker-*) r=90 ;; poster-a2) r=14 ;; poster-*) r=20 ;; *) r=40 ;;
	esac
	pdftoppm -png -r $r -f 1 -l 1 -singlefile "$t/$l.pdf" docs/img/$l
	pdftoppm -png -r $r -f 2 -l 2 -singlefile "$t/$l.pdf" docs/img/$l-2
done
$P render assets/examples/week-of-action.yaml -l flyer-a5 --theme mono -o "$t/mono.pdf" --quiet
pdftoppm -png -r 40 -f 1 -l 1 -singlefile "$t/mono.pdf" docs/img/flyer-a5-mono
# the photo poster without a photo, and the typographic poster in night
pdftoppm -png -r 20 -f 3 -l 3 -singlefile "$t/poster-photo-a3.pdf" docs/img/poster-photo-a3-3
$P render assets/examples/week-of-action.yaml -l poster-type-a3 --theme night -o "$t/type-night.pdf" --quiet
pdftoppm -png -r 20 -f 1 -l 1 -singlefile "$t/type-night.pdf" docs/img/poster-type-a3-night
# a title with a flag and an emoji, in colour and in mono
$P render tests/design/emoji.yaml -l poster-a3 -o "$t/emoji.pdf" --quiet
$P render tests/design/emoji.yaml -l poster-a3 --theme mono -o "$t/emoji-mono.pdf" --quiet
pdftoppm -png -r 20 -singlefile "$t/emoji.pdf" docs/img/emoji
pdftoppm -png -r 20 -singlefile "$t/emoji-mono.pdf" docs/img/emoji-mono
rm -rf "$t"
