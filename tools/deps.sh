#!/bin/sh
# Install the Debian packages listed in assets/debian-packages.txt that are
# missing, then make sure fontconfig's caches for placard's font folders are
# current. The one place the dependency list lives; `make deps` (and the
# first build in a build folder) runs this.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)

# placard loads its own font set (assets/fonts/fonts.conf) from fontconfig's
# per-folder caches; a missing or stale cache makes every run read all the
# font files again (~0.3 s) until one is written. Debian's font packages
# refresh the caches when installed; this covers fonts added any other way.
# As root the cache goes to /var/cache/fontconfig, else to the user's
# ~/.cache/placard-fontconfig (both named in fonts.conf). Quick when current.
font_cache() {
	command -v fc-cache >/dev/null || return 0
	FONTCONFIG_FILE="$here/assets/fonts/fonts.conf" fc-cache ||
		echo "placard: warning: fc-cache could not update the font caches; the first run will be slow." >&2
}

pkgs=$(grep -v '^#' "$here/assets/debian-packages.txt" | tr -s ' \n' ' ')
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	font_cache
	exit 0
fi
echo "placard: installing missing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "placard: run 'make deps' as root (or: sudo apt-get install$missing)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends $missing ||
	{ apt-get update && apt-get install -y --no-install-recommends $missing; }
font_cache
