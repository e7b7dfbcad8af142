#!/bin/sh
# bench_all.sh -- speed and peak memory of `mzgeno inspect`, `mzgeno peaks`
# and `mzgeno call` next to pymzML and MALDIquant, on the same files, in one
# run (docs/benchmarks.md, "Whole-run speed").
#
# Simulates two profile chips with `mzgeno simulate` (fas8, seed 1, 20 000
# points per spectrum, zlib): 384 pads (~100 MB, the issues' size) and 96
# pads (to show whether memory grows with the number of pads). Then,
# REPEAT times, interleaved so that a busy machine hurts every contender
# alike, each whole command under /usr/bin/time (wall, user + system CPU,
# peak RSS):
#   mzgeno inspect --tsv      read and decode every spectrum (min/max/sum)
#   pymzML                    /usr/bin/python3: iterate every spectrum,
#                             sum its m/z and intensity arrays
#   mzgeno peaks --tsv        read + process every spectrum (default chain)
#   mzgeno peaks --preset maldiquant   the same with MALDIquant's chain
#   MALDIquant                Rscript bench/process_maldiquant.R: import
#                             with MALDIquantForeign, Savitzky-Golay, SNIP,
#                             MAD peak detection (also prints the time of
#                             the processing alone, without the import)
#   mzgeno call --threads 1|2 the whole pipeline and the report set
# and prints, per chip, medians and ratios against the peer measured in the
# same run: inspect vs pymzML, peaks vs MALDIquant, call vs pymzML reading;
# then the issues' targets, met or missed.
#
# Usage: sh bench/bench_all.sh [BUILD_DIR]
# Environment: REPEAT (3), BENCH_DIR (chips and logs; default
#   $TMPDIR/mzg-bench-all; chips are kept for the next run), PYTHON
#   (/usr/bin/python3, which has pymzML), WELLS ("384 96").
# A peer that is not installed is left out (its rows and ratios say so).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
mzg=$build/src/cli/mzgeno
repeat=${REPEAT:-3}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/mzg-bench-all}
py=${PYTHON:-/usr/bin/python3}
wells_list=${WELLS:-384 96}
timebin=/usr/bin/time

[ -x "$mzg" ] || { echo "bench_all: no $mzg: build first" >&2; exit 2; }
[ -x "$timebin" ] || { echo "bench_all: needs $timebin (Debian package 'time')" >&2; exit 2; }
mkdir -p "$dir" || exit 2
have_py=0
"$py" -c 'import pymzml' 2>/dev/null && have_py=1
have_r=0
command -v Rscript >/dev/null 2>&1 &&
	Rscript -e 'suppressPackageStartupMessages({library(MALDIquant); library(MALDIquantForeign)})' \
		>/dev/null 2>&1 && have_r=1

for w in $wells_list; do
	[ -s "$dir/chip$w/chip.mzML" ] ||
		"$mzg" simulate --out "$dir/chip$w" --wells "$w" --seed 1 -q --force || exit 2
done

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s)
: >"$dir/times"
: >"$dir/loads"

# measure TOOL WELLS CMD... : append "tool wells wall cpu maxrss_kb" to
# $dir/times; the command's standard output goes to $dir/TOOL-WELLS.out
measure() {
	tool=$1 mw=$2
	shift 2
	cut -d' ' -f1 /proc/loadavg >>"$dir/loads"
	if ! "$timebin" -f '%e %U %S %M' -o "$dir/time.out" "$@" >"$dir/$tool-$mw.out" \
		2>"$dir/err.out"; then
		echo "bench_all: failed: $*" >&2
		cat "$dir/err.out" >&2
		exit 2
	fi
	tail -1 "$dir/time.out" |
		awk -v t="$tool" -v w="$mw" '{ printf "%s %s %s %.2f %s\n", t, w, $1, $2 + $3, $4 }' \
			>>"$dir/times"
}

i=0
while [ "$i" -lt "$repeat" ]; do
	for w in $wells_list; do
		c=$dir/chip$w
		measure inspect "$w" "$mzg" inspect --tsv "$c/chip.mzML"
		[ $have_py -eq 0 ] || measure pymzML "$w" "$py" "$root/bench/pymzml_read.py" "$c/chip.mzML"
		measure peaks "$w" "$mzg" peaks --tsv "$c/chip.mzML"
		measure peaks-mq "$w" "$mzg" peaks --preset maldiquant --tsv "$c/chip.mzML"
		if [ $have_r -eq 1 ]; then
			measure MALDIquant "$w" Rscript "$root/bench/process_maldiquant.R" "$c/chip.mzML"
			sed -n 's/.*cpu \([0-9.]*\) s, wall \([0-9.]*\) s per chip.*/\1 \2/p' \
				"$dir/MALDIquant-$w.out" | awk -v w="$w" '{ print "mq-proc", w, $2, $1, 0 }' \
				>>"$dir/times"
		fi
		measure call-t1 "$w" "$mzg" call --plate "$c/plate.tsv" --out "$c/out" --force -q \
			--threads 1 "$c/chip.mzML"
		measure call-t2 "$w" "$mzg" call --plate "$c/plate.tsv" --out "$c/out" --force -q \
			--threads 2 "$c/chip.mzML"
	done
	i=$((i + 1))
	printf '.' >&2
done
echo >&2

# med COLUMN TOOL WELLS : median of a column of $dir/times ("" if none)
med() {
	awk -v c="$1" -v t="$2" -v w="$3" '$1 == t && $2 == w { print $c }' "$dir/times" |
		sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'
}
maxrss() {
	awk -v t="$1" -v w="$2" '$1 == t && $2 == w && $5 > m { m = $5 } END {
		if (m) printf "%.1f", m / 1024; else print "-" }' "$dir/times"
}
ratio() { # ratio A B: A / B with two decimals, "-" when either is missing
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-";
		else printf "%.2f", a / b }'
}

end=$(date +%s)
echo "mzgeno $("$mzg" --version | cut -d' ' -f2); pymzML $("$py" -c 'import pymzml; print(pymzml.__version__)' 2>/dev/null || echo absent);" \
	"MALDIquant $( [ $have_r -eq 1 ] && Rscript -e 'cat(as.character(packageVersion("MALDIquant")))' 2>/dev/null || echo absent)"
echo "$(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1));" \
	"load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end," \
	"median 1-min load $(sort -n "$dir/loads" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')" \
	"over the runs; REPEAT=$repeat, $((end - start)) s"
for w in $wells_list; do
	mb=$(du -m --apparent-size "$dir/chip$w/chip.mzML" | cut -f1)
	echo
	echo "chip: $w pads, $mb MB, profile, zlib ($dir/chip$w/chip.mzML)"
	echo
	echo "| tool | wall s | CPU s | peak RSS MB | peer | wall / peer | CPU / peer |"
	echo "|---|---|---|---|---|---|---|"
	for tool in inspect pymzML peaks peaks-mq MALDIquant call-t1 call-t2; do
		wall=$(med 3 "$tool" "$w")
		[ -n "$wall" ] || continue
		cpu=$(med 4 "$tool" "$w")
		case $tool in
		inspect | call-*) peer=pymzML ;;
		peaks*) peer=MALDIquant ;;
		*) peer=- ;;
		esac
		pw=$(med 3 "$peer" "$w")
		pc=$(med 4 "$peer" "$w")
		echo "| $tool | $wall | $cpu | $(maxrss "$tool" "$w") | $peer | $(ratio "$wall" "$pw") | $(ratio "$cpu" "$pc") |"
	done
	if [ $have_r -eq 1 ]; then
		# processing alone: MALDIquant's own timing of its chain (import not
		# counted) against mzgeno peaks minus mzgeno inspect (CPU)
		mqp=$(med 4 mq-proc "$w")
		ours=$(awk -v a="$(med 4 peaks "$w")" -v b="$(med 4 inspect "$w")" 'BEGIN { printf "%.2f", a - b }')
		oursmq=$(awk -v a="$(med 4 peaks-mq "$w")" -v b="$(med 4 inspect "$w")" 'BEGIN { printf "%.2f", a - b }')
		echo
		echo "Processing alone (CPU s): MALDIquant $mqp (its own timing, import excluded);" \
			"mzgeno peaks - inspect: default chain $ours ($(ratio "$mqp" "$ours")x faster)," \
			"maldiquant preset $oursmq ($(ratio "$mqp" "$oursmq")x faster)"
	fi
done

# The issues' targets.
big=$(echo "$wells_list" | awk '{ print $1 }')
small=$(echo "$wells_list" | awk '{ print $NF }')
echo
echo "Targets ($big-pad chip unless said):"
r=$(ratio "$(med 3 pymzML "$big")" "$(med 3 inspect "$big")")
echo "- reader faster than pymzML: inspect ${r}x faster (wall), $(ratio "$(med 4 pymzML "$big")" "$(med 4 inspect "$big")")x (CPU)"
if [ $have_r -eq 1 ]; then
	echo "- processing >= 10x faster than MALDIquant (smoothing + SNIP + peaks):" \
		"$(ratio "$(med 4 mq-proc "$big")" "$(awk -v a="$(med 4 peaks "$big")" -v b="$(med 4 inspect "$big")" 'BEGIN { print a - b }')")x (processing CPU alone)," \
		"$(ratio "$(med 3 MALDIquant "$big")" "$(med 3 peaks "$big")")x (whole run, wall)"
fi
for t in call-t1 call-t2; do
	echo "- $t no slower than pymzML reading: wall $(ratio "$(med 3 "$t" "$big")" "$(med 3 pymzML "$big")")" \
		"x pymzML's, CPU $(ratio "$(med 4 "$t" "$big")" "$(med 4 pymzML "$big")")x"
done
echo "- call peak memory <= 150 MB and flat in the number of pads: call-t1 $(maxrss call-t1 "$big") MB" \
	"($big pads) vs $(maxrss call-t1 "$small") MB ($small pads); call-t2 $(maxrss call-t2 "$big") vs" \
	"$(maxrss call-t2 "$small") MB"
