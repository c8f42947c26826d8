#!/bin/bash
# The shape of the code (issue 16): src/ is in folders that are the
# pipeline (src/README.md), includes point one way, and no file is over
# about 800 lines.
. "$(dirname "$0")/lib.sh"

# folder: the folders it may include from (besides itself)
declare -A may=(
	[base]=""
	[data]="base"
	[draw]="base data"
	[layout]="base data draw"
	[pdf]="base"
	[print]="base data draw layout pdf"
	[render]="base data draw layout pdf print"
	[studio]="base data draw layout render"
	[cli]="base data draw layout pdf print render studio"
)
bad=0
for f in src/*/*.[ch]; do
	d=$(basename "$(dirname "$f")")
	if [ -z "${may[$d]+x}" ]; then
		fail "$f: in a known folder" "src/$d is not in src/README.md's table"
		bad=1
		continue
	fi
	for inc in $(grep -o '^#include "[^"]*"' "$f" | cut -d'"' -f2); do
		case $inc in
		*/*) to=${inc%%/*} ;;
		*) fail "$f: includes by folder" "#include \"$inc\" names no folder"; bad=1; continue ;;
		esac
		[ "$to" = "$d" ] && continue
		case " ${may[$d]} " in
		*" $to "*) ;;
		*) fail "$f: includes point one way" "$d/ may not include $inc"; bad=1 ;;
		esac
	done
done
[ $bad = 0 ] && ok "every include points down the pipeline"
[ -z "$(ls src/*.[ch] 2>/dev/null)" ] && ok "no source file outside the folders" || fail "no source file outside the folders" "$(ls src/*.[ch])"
big=
for f in src/*/*.[ch]; do
	n=$(wc -l <"$f")
	[ "$n" -le 850 ] || big="$big $f ($n lines)"
done
[ -z "$big" ] && ok "no file over about 800 lines" || fail "no file over about 800 lines" "$big"
# The library never exits: only cli/ may call exit().
hits=$(grep -n '\bexit *(' src/*/*.c | grep -v '^src/cli/' | grep -v '^\S*: *\*\|//' || true)
[ -z "$hits" ] && ok "the library never calls exit()" || fail "the library never calls exit()" "$hits"
echo done
