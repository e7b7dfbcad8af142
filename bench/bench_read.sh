#!/bin/sh
# bench_read.sh -- time mzgeno's mzML reader against pymzML, same files, same run.
#
# Makes synthetic profile chips with bench/make_chip.py (384 pads, ~100 MB, and
# 96 pads to show that memory does not grow with the number of spectra; plus a
# gzip copy), then reads each with
#   mzgeno inspect --tsv FILE          (decodes every array, min/max/sum of each)
#   pymzML: iterate all spectra, sum mz and intensity arrays
# REPEAT times, interleaved, under /usr/bin/time, and prints a markdown table:
# median wall time, MB/s (file size / time) and peak RSS.
#
# Usage: bench/bench_read.sh [BUILD_DIR [EXTRA_BUILD_DIR]]
#   BUILD_DIR        build with the mzgeno CLI (default: build)
#   EXTRA_BUILD_DIR  a second build to compare (e.g. -Dlibdeflate=disabled)
# Environment: BENCH_DIR (chips; default $TMPDIR/mzg-bench), REPEAT (5),
#              PYTHON (/usr/bin/python3, which has pymzML).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
extra=${2:-}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/mzg-bench}
repeat=${REPEAT:-5}
py=${PYTHON:-/usr/bin/python3}
timebin=/usr/bin/time

[ -x "$build/src/cli/mzgeno" ] || { echo "no $build/src/cli/mzgeno: build first" >&2; exit 2; }
[ -x "$timebin" ] || { echo "needs $timebin (Debian package 'time')" >&2; exit 2; }
mkdir -p "$dir"
[ -s "$dir/chip384.mzML" ] || "$py" "$root/bench/make_chip.py" "$dir/chip384.mzML" --wells 384
[ -s "$dir/chip96.mzML" ] || "$py" "$root/bench/make_chip.py" "$dir/chip96.mzML" --wells 96
[ -s "$dir/chip384.mzML.gz" ] || gzip -c -6 "$dir/chip384.mzML" >"$dir/chip384.mzML.gz"

if "$py" -c 'import pymzml' 2>/dev/null; then have_py=1; else have_py=0; fi

# measure LABEL CMD... : append "label seconds maxrss_kb" to $dir/times
measure() {
	label=$1
	shift
	if ! "$timebin" -f '%e %M' -o "$dir/time.out" "$@" >/dev/null 2>"$dir/err.out"; then
		echo "failed: $*" >&2
		cat "$dir/err.out" >&2
		exit 1
	fi
	echo "$label $(tail -1 "$dir/time.out")" >>"$dir/times"
}

: >"$dir/times"
for file in chip384.mzML chip96.mzML chip384.mzML.gz; do
	i=0
	while [ "$i" -lt "$repeat" ]; do
		measure "$file mzgeno" "$build/src/cli/mzgeno" inspect --tsv "$dir/$file"
		[ -z "$extra" ] || measure "$file mzgeno-extra" "$extra/src/cli/mzgeno" inspect --tsv "$dir/$file"
		[ "$have_py" -eq 0 ] || measure "$file pymzML" "$py" "$root/bench/pymzml_read.py" "$dir/$file"
		i=$((i + 1))
	done
done

echo "mzgeno $("$build/src/cli/mzgeno" --version | cut -d' ' -f2), pymzML $("$py" -c 'import pymzml; print(pymzml.__version__)' 2>/dev/null || echo absent), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), median of $repeat runs"
echo
echo "| file | MiB | reader | median s | MiB/s | peak RSS MiB | vs pymzML |"
echo "|---|---|---|---|---|---|---|"
for file in chip384.mzML chip96.mzML chip384.mzML.gz; do
	mb=$(du -m --apparent-size "$dir/$file" | cut -f1)
	raw=$(du -m --apparent-size "$dir/${file%.gz}" | cut -f1)
	py_med=$(awk -v f="$file" '$1 == f && $2 == "pymzML" { print $3 }' "$dir/times" | sort -n |
		awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }')
	for tool in mzgeno mzgeno-extra pymzML; do
		med=$(awk -v f="$file" -v t="$tool" '$1 == f && $2 == t { print $3 }' "$dir/times" | sort -n |
			awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }')
		[ -n "$med" ] || continue
		rss=$(awk -v f="$file" -v t="$tool" '$1 == f && $2 == t { print $4 }' "$dir/times" | sort -n | tail -1)
		awk -v f="$file" -v mb="$mb" -v raw="$raw" -v t="$tool" -v m="$med" -v r="$rss" -v p="$py_med" 'BEGIN {
			speed = (m > 0) ? raw / m : 0
			ratio = (p != "" && m > 0) ? sprintf("%.2fx faster", p / m) : "-"
			if (t == "pymzML") ratio = "1x"
			printf "| %s | %s | %s | %.2f | %.0f | %.1f | %s |\n", f, mb, t, m, speed, r / 1024, ratio
		}'
	done
done
echo
echo "MiB/s counts uncompressed mzML bytes (for .gz: the size before gzip); mzgeno-extra is EXTRA_BUILD_DIR."
