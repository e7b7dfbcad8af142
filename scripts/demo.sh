#!/bin/sh
# demo.sh -- mzgeno end to end on a fresh Debian machine.
#
# Installs what the build needs, builds mzgeno, simulates a 384-pad
# SpectroCHIP run of the built-in fas8 panel (with NTCs, duplicates, a
# positive control, failed pads and contaminated NTCs), calls it, and prints
# the verdict, the headline QC figures, how the calls compare with the
# simulation's truth, and where the reports are.
set -u
cd "$(dirname "$0")/.." || exit 2
. scripts/deps.sh
# shellcheck disable=SC2086
ensure_deps $MZG_BUILD_PKGS || exit 2

if [ ! -f build-demo/build.ninja ]; then
	meson setup build-demo --buildtype=release -Dtests=disabled >/dev/null || exit 2
fi
ninja -C build-demo >/dev/null || { echo "demo: build failed" >&2; exit 2; }
MZG=build-demo/src/cli/mzgeno
RUN=demo/run
OUT=demo/reports

echo "== simulating a 384-pad fas8 chip (seed 1) into $RUN"
"$MZG" simulate --out "$RUN" --wells 384 --seed 1 --force -q || exit 2
ls -l "$RUN/chip.mzML" | awk '{printf "   chip.mzML: %.1f MB\n", $5 / 1e6}'

echo "== calling it: mzgeno call --design fas8 --plate $RUN/plate.tsv --out $OUT $RUN/chip.mzML"
"$MZG" call --design fas8 --plate "$RUN/plate.tsv" --out "$OUT" --force \
	"$RUN/chip.mzML" >demo/call.log 2>&1
rc=$?
# The summary: verdict, call rate, the first reasons.
head -n 12 demo/call.log
n=$(wc -l <demo/call.log)
[ "$n" -gt 12 ] && echo "   ... ($((n - 12)) more lines in demo/call.log)"
[ $rc -eq 0 ] || { echo "demo: mzgeno call exited $rc" >&2; exit $rc; }

echo "== calls against the simulation's truth ($RUN/truth.tsv)"
awk -F'\t' '
NR == FNR { if (FNR > 1) { g[$1 "\t" $4] = $5; s[$1 "\t" $4] = $6 } next }
FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
{
	k = $c["well"] "\t" $c["assay"]; gt = $c["genotype"]
	if (gt != ".") { called++; if (gt != g[k]) wrong++ }
	if (s[k] == "ok") { ok++; if (gt != ".") okcalled++ }
	if ($c["role"] == "ntc" && gt != ".") ntccalls++
}
END {
	printf "   calls made: %d, disagreeing with truth: %d (concordance %.3f %%)\n",
	       called, wrong, called ? 100 * (called - wrong) / called : 0
	printf "   call rate on pads that should be callable: %.2f %% (%d of %d)\n",
	       ok ? 100 * okcalled / ok : 0, okcalled, ok
	printf "   calls on NTCs: %d\n", ntccalls
}' "$RUN/truth.tsv" "$OUT/calls.tsv"

echo "== reports in $OUT/:"
for f in "$OUT"/*; do echo "   $f"; done
