#!/bin/sh
# accuracy.sh -- accuracy of `mzgeno call` on simulated chips with known
# truth (docs/benchmarks.md, "Accuracy").
#
# For every configuration: `mzgeno simulate` a chip, plant a sample swap in
# its plate sheet (bench/score.py plant: two pads of different samples get
# one sample ID, a duplicate set that must be reported discordant), `mzgeno
# call` it, and score calls.tsv and qc.json against truth.tsv
# (bench/score.py score): concordance, call rate on pads that should be
# callable, calls on NTCs, contaminated NTCs flagged, natural and planted
# duplicates, failed pads, positive controls. Then prints markdown totals
# per group (seeds pooled), the targets met or missed, and the cases worth
# a look (every wrong call with its well, assay, quality and probability).
#
# Configurations (label design/wells/seed/variant):
#   every design x wells 96, 384 x seeds 1..SEEDS, profile, zlib
#   every design x seeds 1..VSEEDS: wells 96 with --encoding none,
#     --encoding numpress and --centroid; wells 384 with --centroid
#
# Usage: sh bench/accuracy.sh [BUILD_DIR]
# Environment:
#   SEEDS (10), VSEEDS (2)  seeds of the main grid / of the variants
#   DESIGNS  space-separated designs (default: fas8 and
#            testdata/design/bench_2plex_40.tsv, made by bench/make_design.py)
#   WELLS    plate sizes of the main grid ("96 384")
#   CALL_PARAMS  extra `mzgeno call` options, e.g. "--param proc.noise_global=1"
#   WORK     working directory (default $TMPDIR/mzg-accuracy; emptied first)
#   KEEP=1   keep every simulated chip and report (default: only the
#            reports; a 384-pad chip is 100 MB)
#   PYTHON   python3 for bench/score.py (standard library only)
# Output: WORK/results.tsv (one row per configuration), WORK/worst.tsv
# (cases worth a look), WORK/summary.md (what is printed). Exit status 1
# when a target is missed, 2 when a step failed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
mzg=$build/src/cli/mzgeno
seeds=${SEEDS:-10}
vseeds=${VSEEDS:-2}
designs=${DESIGNS:-fas8 $root/testdata/design/bench_2plex_40.tsv}
wells_list=${WELLS:-96 384}
work=${WORK:-${TMPDIR:-/tmp}/mzg-accuracy}
py=${PYTHON:-python3}
score="$py $root/bench/score.py"
call_params=${CALL_PARAMS:-}

[ -x "$mzg" ] || { echo "accuracy: no $mzg: build first" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work" || exit 2
start=$(date +%s)

# The designs must be usable: no collision at the lowest resolution the
# simulator draws (R 400; fas8 at the default 600: it was chosen with 30 Da
# gaps, which R 400 exceeds above 12 kDa only).
for d in $designs; do
	res=400
	[ "$d" = fas8 ] && res=600
	if ! "$mzg" design check --strict --resolution $res "$d" >"$work/design_check.txt" 2>&1; then
		cat "$work/design_check.txt" >&2
		echo "accuracy: design $d fails design check --strict --resolution $res" >&2
		exit 2
	fi
done

$score header >"$work/results.tsv"
$score worst-header >"$work/worst.tsv"
: >"$work/times.tsv"

# run DESIGN WELLS SEED VARIANT SIMULATE_OPTIONS...
run() {
	rd=$1 rw=$2 rs=$3 rv=$4
	shift 4
	name=$(basename "$rd" .tsv)
	label=$name/$rw/s$rs/$rv
	dir=$work/$name-$rw-s$rs-$rv
	mkdir -p "$dir"
	if ! "$mzg" simulate --out "$dir/sim" --design "$rd" --wells "$rw" --seed "$rs" -q "$@" \
		2>"$dir/err"; then
		cat "$dir/err" >&2
		echo "accuracy: simulate failed for $label" >&2
		exit 2
	fi
	$score plant "$dir/sim" "$dir/plate.tsv" || exit 2
	t0=$(date +%s.%N)
	# shellcheck disable=SC2086
	if ! "$mzg" call --design "$rd" --plate "$dir/plate.tsv" --out "$dir/out" -q \
		$call_params "$dir/sim/chip.mzML" 2>"$dir/err"; then
		cat "$dir/err" >&2
		echo "accuracy: call failed for $label" >&2
		exit 2
	fi
	t1=$(date +%s.%N)
	echo "$label $t0 $t1" | awk '{ printf "%s %.2f\n", $1, $3 - $2 }' >>"$work/times.tsv"
	$score score "$dir/sim" "$dir/out" "$label" --worst "$work/worst.tsv" \
		>>"$work/results.tsv" || exit 2
	if [ "${KEEP:-0}" != 1 ]; then
		rm -f "$dir/sim/chip.mzML"
		rm -f "$dir/err"
	fi
	printf '.' >&2
}

for d in $designs; do
	for w in $wells_list; do
		s=1
		while [ "$s" -le "$seeds" ]; do
			run "$d" "$w" "$s" zlib
			s=$((s + 1))
		done
	done
	s=1
	while [ "$s" -le "$vseeds" ]; do
		run "$d" 96 "$s" none --encoding none
		run "$d" 96 "$s" numpress --encoding numpress
		run "$d" 96 "$s" centroid --centroid
		run "$d" 384 "$s" centroid --centroid
		s=$((s + 1))
	done
done
echo >&2

# Lossless and near-lossless encodings must not change a call: compare the
# genotypes of none/numpress with the zlib run of the same chip.
enc_diff() {
	for f in "$work"/*-96-s*-none "$work"/*-96-s*-numpress; do
		[ -d "$f" ] || continue
		ref=${f%-*}-zlib
		[ -d "$ref" ] || continue
		n=$(paste "$ref/out/calls.tsv" "$f/out/calls.tsv" |
			awk -F'\t' 'NR > 1 && $7 != $28 { n++ } END { print n + 0 }')
		echo "$(basename "$f") vs zlib: $n genotypes differ"
	done
}

end=$(date +%s)
rc=0
{
	echo "mzgeno $("$mzg" --version | cut -d' ' -f2), $(nproc) CPUs, load average" \
		"$(cut -d' ' -f1-3 /proc/loadavg) at the end, $((end - start)) s for" \
		"$(($(wc -l <"$work/results.tsv") - 1)) configurations" \
		"(SEEDS=$seeds VSEEDS=$vseeds${call_params:+, CALL_PARAMS=$call_params})"
	echo
	$score summarize "$work/results.tsv" "$work/worst.tsv" 40 || echo "TARGET MISSED"
	echo
	enc_diff
	awk '{ s += $2; if ($2 > m) { m = $2; l = $1 } } END {
		printf "mzgeno call wall time: %.1f s in all, longest %.1f s (%s)\n", s, m, l }' \
		"$work/times.tsv"
} >"$work/summary.md"
cat "$work/summary.md"
grep -q '^TARGET MISSED' "$work/summary.md" && rc=1
exit $rc
