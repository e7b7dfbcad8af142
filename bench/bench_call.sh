#!/bin/sh
# bench_call.sh -- the whole `mzgeno call` of a chip against pymzML merely
# reading the same file, in the same run (docs/benchmarks.md, "Calling a
# chip").
#
# Simulates two profile chips with `mzgeno simulate` (fas8 design): 384
# pads (~100 MB, the issue's size) and 96 pads (to show that peak memory
# does not grow with the number of pads). Then, REPEAT times and
# interleaved so that a busy machine hurts every contender alike:
#   mzgeno call --threads 1   the whole pipeline: read, process,
#   mzgeno call --threads 2   calibrate, measure, call, QC, SHA-256 of the
#                             input, write the reports
#   pymzML                    iterate all spectra, decode (sum) the m/z and
#                             intensity arrays, nothing else
# under /usr/bin/time, and prints a markdown table: median wall time, median
# CPU time (user + sys), peak RSS, and the wall-time ratio to pymzML.
#
# Usage: bench/bench_call.sh [BUILD_DIR]
# Environment: BENCH_DIR (chips; default $TMPDIR/mzg-bench-call), REPEAT (5),
#              PYTHON (/usr/bin/python3, which has pymzML).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/mzg-bench-call}
repeat=${REPEAT:-5}
py=${PYTHON:-/usr/bin/python3}
timebin=/usr/bin/time
mzg=$build/src/cli/mzgeno

[ -x "$mzg" ] || { echo "no $mzg: build first" >&2; exit 2; }
[ -x "$timebin" ] || { echo "needs $timebin (Debian package 'time')" >&2; exit 2; }
"$py" -c 'import pymzml' 2>/dev/null || { echo "needs pymzML for $py" >&2; exit 2; }
mkdir -p "$dir"
for w in 384 96; do
	[ -s "$dir/chip$w/chip.mzML" ] ||
		"$mzg" simulate --out "$dir/chip$w" --wells $w --seed 1 -q --force
done


# median COLUMN TOOL WELLS : median of one column of $dir/times
median() {
	awk -v c="$1" -v k="$2" -v w="$3" '$1 == k && $2 == w { print $c }' "$dir/times" |
		sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# measure LABEL CMD... : append "label wall cpu maxrss_kb" to $dir/times
measure() {
	label=$1
	shift
	if ! "$timebin" -f '%e %U %S %M' -o "$dir/time.out" "$@" >/dev/null 2>"$dir/err.out"; then
		echo "failed: $*" >&2
		cat "$dir/err.out" >&2
		exit 1
	fi
	tail -1 "$dir/time.out" | awk -v l="$label" '{ printf "%s %s %.2f %s\n", l, $1, $2 + $3, $4 }' >>"$dir/times"
}

: >"$dir/times"
i=0
while [ "$i" -lt "$repeat" ]; do
	for w in 384 96; do
		c=$dir/chip$w
		measure "call-t1 $w" "$mzg" call --plate "$c/plate.tsv" --out "$c/out" --force -q --threads 1 "$c/chip.mzML"
		measure "call-t2 $w" "$mzg" call --plate "$c/plate.tsv" --out "$c/out" --force -q --threads 2 "$c/chip.mzML"
		measure "pymzml $w" "$py" "$root/bench/pymzml_read.py" "$c/chip.mzML"
	done
	i=$((i + 1))
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; REPEAT=$repeat"
for w in 384 96; do
	mb=$(du -m "$dir/chip$w/chip.mzML" | cut -f1)
	echo
	echo "chip: $w pads, $mb MB ($dir/chip$w/chip.mzML)"
	echo
	echo "| tool | wall s (median) | CPU s (median) | peak RSS MB | wall / pymzML |"
	echo "|---|---|---|---|---|"
	pyw=$(median 3 pymzml "$w")
	for tool in call-t1 call-t2 pymzml; do
		wall=$(median 3 "$tool" "$w")
		cpu=$(median 4 "$tool" "$w")
		rss=$(awk -v k="$tool" -v w="$w" '$1 == k && $2 == w && $5 > m { m = $5 } END { printf "%.1f", m / 1024 }' "$dir/times")
		ratio=$(awk -v a="$wall" -v b="$pyw" 'BEGIN { printf "%.2f", a / b }')
		echo "| $tool | $wall | $cpu | $rss | $ratio |"
	done
done
