#!/bin/sh
# bench_process.sh -- spectrum processing: mzgeno against MALDIquant on the
# same chip, in the same run (docs/benchmarks.md, "Spectrum processing").
#
# Usage: sh bench/bench_process.sh [BUILD_DIR] [CHIP.mzML]
#   BUILD_DIR  a configured build with bench/bench_process (default: build)
#   CHIP.mzML  the chip to process; default: a 384-pad, 20 000-point chip
#              made by bench/make_chip.py (seed 1) in a temporary directory
#
# Times only the processing (every spectrum is read into memory first, by
# both): mzgeno with --preset maldiquant (the same chain and parameters as
# MALDIquant: Savitzky-Golay hws 10, SNIP 100, MAD, local maxima hws 20,
# SNR 3), MALDIquant 1.22 (R, MALDIquantForeign reading the same file), and
# mzgeno's default chain (windows from the resolution, estimated per pad),
# on one thread and on two. CPU time (user + system) is the figure compared:
# the machine is shared, and CPU time is what a busy machine does not
# inflate as much as wall time. Also checks that the two peak lists agree.
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${1:-build}
CHIP=${2:-}
BIN="$BUILD/bench/bench_process"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mzg-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

[ -x "$BIN" ] || { echo "bench_process: build $BIN first (ninja -C $BUILD)" >&2; exit 2; }
command -v Rscript >/dev/null || { echo "bench_process: Rscript not found" >&2; exit 2; }
if [ -z "$CHIP" ]; then
	CHIP="$TMP/chip.mzML"
	python3 bench/make_chip.py "$CHIP" --wells 384 --points 20000 --seed 1 >&2 || exit 2
fi
echo "chip: $CHIP ($(du -h "$CHIP" | cut -f1)); $(nproc) CPUs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(Rscript --version 2>&1 | head -1)"

"$BIN" --preset maldiquant --repeat 5 --peaks "$TMP/ours.tsv" "$CHIP" | tee "$TMP/a.txt"
Rscript bench/process_maldiquant.R "$CHIP" "$TMP/mq.tsv" | tee "$TMP/r.txt"
"$BIN" --preset maldiquant --repeat 5 --threads 2 "$CHIP"
"$BIN" --repeat 5 "$CHIP" | tee "$TMP/d.txt"
"$BIN" --repeat 5 --threads 2 "$CHIP"

cpu() { sed -n 's/.*cpu \([0-9.]*\) s.*/\1/p' "$1"; }
awk -v a="$(cpu "$TMP/a.txt")" -v d="$(cpu "$TMP/d.txt")" -v r="$(cpu "$TMP/r.txt")" 'BEGIN {
	printf "speed-up (CPU time, one thread): maldiquant preset %.1fx, default chain %.1fx\n", r / a, r / d }'
printf 'peak lists: '
python3 tests/cli/peaks_compare.py "$TMP/mq.tsv" "$TMP/ours.tsv" 0.99 | tail -1
