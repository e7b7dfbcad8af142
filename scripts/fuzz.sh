#!/bin/sh
# fuzz.sh -- fuzz every mzgeno target for a bounded time (libFuzzer build).
#
#   sh scripts/fuzz.sh BUILD_DIR [SECONDS] [TARGET...]
#
# BUILD_DIR was configured with CC=clang -Dfuzzing_engine=libfuzzer
# -Db_sanitize=address,undefined -Db_lundef=false (scripts/test.sh does
# this). Each target's corpus directories are taken from its replay test
# in tests/fuzz/meson.build (meson introspect), so they are listed once.
# New inputs go to BUILD_DIR/corpus/NAME (kept between runs, never into
# testdata/). A crash, leak, UBSan report, timeout (10 s per input) or RSS
# over 2 GB fails the target; the input is kept as
# BUILD_DIR/findings/NAME-crash-... . Results are appended to
# BUILD_DIR/fuzz-runs.json (one JSON object per line, as meson's
# testlog.json) for scripts/test.sh's summary. Exit 1 on any finding.
set -u
dir=${1:?usage: fuzz.sh BUILD_DIR [SECONDS] [TARGET...]}
secs=${2:-60}
[ $# -ge 2 ] && shift 2 || shift $#
src=$(cd "$(dirname "$0")/.." && pwd)

meson introspect --tests "$dir" >"$dir/fuzz-tests.json" || exit 2
# One line per target: NAME<TAB>EXECUTABLE<TAB>corpus dirs (space-separated)
python3 - "$dir/fuzz-tests.json" "$@" >"$dir/fuzz-targets.txt" <<'PY' || exit 2
import json, sys
want = set(sys.argv[2:])
for t in json.load(open(sys.argv[1])):
    if "fuzz" not in t["suite"][0] and not any(s.endswith("fuzz") for s in t["suite"]):
        continue
    name = t["name"].removeprefix("fuzz_")
    if want and name not in want:
        continue
    cmd = t["cmd"]
    dirs = [a for a in cmd[1:] if not a.startswith("-")]
    print(name, cmd[0], " ".join(dirs), sep="\t")
PY

mkdir -p "$dir/findings"
: >"$dir/fuzz-runs.json"
status=0
tab=$(printf '\t')
while IFS="$tab" read -r name exe corpus; do
	work="$dir/corpus/$name"
	mkdir -p "$work"
	case $name in  # text tables are small; mzML needs room for arrays
	mzml) max_len=262144 ;;
	*) max_len=16384 ;;
	esac
	dict=""
	[ -f "$src/tests/fuzz/$name.dict" ] && dict="-dict=$src/tests/fuzz/$name.dict"
	log="$dir/fuzz-$name.log"
	echo "mzgeno: fuzzing $name for ${secs}s"
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=$max_len -print_final_stats=1 $dict \
		-artifact_prefix="$dir/findings/$name-" \
		"$work" $corpus </dev/null >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		result=OK
		echo "mzgeno: fuzz $name: ${runs:-?} inputs in ${secs}s, no finding"
	else
		result=FAIL
		status=1
		echo "mzgeno: fuzz $name FOUND A PROBLEM (exit $rc); log $log:"
		grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -20
		tail -40 "$log"
	fi
	printf '{"name": "fuzz-run %s", "result": "%s", "executed": "%s"}\n' \
		"$name" "$result" "${runs:-0}" >>"$dir/fuzz-runs.json"
done <"$dir/fuzz-targets.txt"
exit $status
