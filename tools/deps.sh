#!/bin/sh
# Install the Debian packages listed in assets/debian-packages.txt that are
# missing. The one place the dependency list lives; `make deps` runs this.
set -e
here=$(dirname "$0")/..
pkgs=$(grep -v '^#' "$here/assets/debian-packages.txt" | tr -s ' \n' ' ')
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "placard: installing missing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "placard: run 'make deps' as root (or: sudo apt-get install$missing)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends $missing ||
	{ apt-get update && apt-get install -y --no-install-recommends $missing; }
