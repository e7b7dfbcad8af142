#!/bin/sh
# mzgeno call: usage and exit statuses, the report set, refusing to
# overwrite, --strict, --param routing, and the calls of simulated 96-pad
# chips scored against their truth.tsv (concordance >= 99.9 %, call rate
# >= 97 % of pads that should be callable, no call on NTCs or failed pads).
. "$(dirname "$0")/lib.sh"

C="$T/chip"   # a default simulated chip (failures, contamination on)
run "$MZG" simulate --out "$C" --seed 21 --points 8000 -q
[ "$rc" -eq 0 ] || { fail "simulate" "$(head -c 400 "$T/err")"; finish; }

# ---- usage ----
expect_rc "--help exits 0" 0 "$MZG" call --help
expect_out "--help names the reports" "calls.tsv"
expect_rc "--out is required" 1 "$MZG" call "$C/chip.mzML"
expect_err "missing --out is named" "--out DIR is required"
expect_rc "an input is required" 1 "$MZG" call --out "$T/o0"
expect_err "missing input is named" "no input"
expect_rc "missing input file" 1 "$MZG" call --out "$T/o0" "$T/nope.mzML"
expect_err "missing file is named" "nope.mzML"
expect_rc "unknown --param" 1 "$MZG" call --out "$T/o0" --param nope=1 "$C/chip.mzML"
expect_err "unknown --param is named" "nope"
expect_rc "bad --param value" 1 "$MZG" call --out "$T/o0" --param call.p_a=2 "$C/chip.mzML"
expect_rc "--param with an empty key" 1 "$MZG" call --out "$T/o0" --param =2 "$C/chip.mzML"
expect_err "an empty key is refused" "call: --param expects KEY=VALUE, got '=2'"
expect_rc "bad --threads" 1 "$MZG" call --out "$T/o0" --threads 0 "$C/chip.mzML"
expect_rc "bad design" 1 "$MZG" call --out "$T/o0" --design "$T/nope.tsv" "$C/chip.mzML"
expect_rc "not mzML" 1 "$MZG" call --out "$T/o0" "$C/truth.tsv"
expect_err "not mzML names the file" "truth.tsv"
[ ! -e "$T/o0/calls.tsv" ] && pass "failed runs write no report" || fail "failed runs write no report"

# ---- a run ----
O="$T/rep"
expect_rc "call exits 0" 0 "$MZG" call --plate "$C/plate.tsv" --out "$O" --threads 2 \
	--chip mychip --param qc.ntc_snr=5 --param call.p_a=0.99 "$C/chip.mzML"
expect_out "summary gives the verdict" "verdict:"
expect_out "summary says where the reports are" "$O"
if [ -s "$T/err" ]; then fail "quiet on stderr when not a terminal" "$(head -c 300 "$T/err")"; else
	pass "quiet on stderr when not a terminal"; fi
for f in calls.tsv genotypes.tsv qc.json qc.tsv; do
	expect_true "wrote $f" test -s "$O/$f"
done
expect_true "calls.tsv: one row per pad x assay" \
	test "$(tail -n +2 "$O/calls.tsv" | wc -l)" -eq "$(tail -n +2 "$C/truth.tsv" | wc -l)"
expect_true "calls.tsv: chip name from --chip" \
	sh -c "tail -n +2 '$O/calls.tsv' | cut -f1 | sort -u | grep -qx mychip"
expect_true "qc.json records the input's SHA-256" \
	sh -c "grep -q \"\$(sha256sum '$C/chip.mzML' | cut -c1-64)\" '$O/qc.json'"
expect_true "qc.json records a --param value" grep -q "call.p_a" "$O/qc.json"
# without --threads: one worker per online CPU, at most 4; the same calls
# with any number of threads
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
[ "$ncpu" -gt 4 ] && ncpu=4
[ "$ncpu" -lt 1 ] && ncpu=1
for t in def 1; do
	topt=""
	[ "$t" = 1 ] && topt="--threads 1"
	expect_rc "call with threads: $t" 0 "$MZG" call --plate "$C/plate.tsv" \
		--out "$T/rep_$t" $topt --chip mychip --param qc.ntc_snr=5 \
		--param call.p_a=0.99 -q "$C/chip.mzML"
	expect_true "threads $t: the same calls.tsv as with 2" \
		cmp -s "$O/calls.tsv" "$T/rep_$t/calls.tsv"
done
expect_true "default threads: the online CPUs, at most 4" \
	grep -q "\"run.threads\": \"$ncpu\"" "$T/rep_def/qc.json"

# score the calls against the truth: well+assay -> truth genotype, status
score() {
	awk -F'\t' '
	FNR == 1 { next }
	NR == FNR { t[$1 "|" $4] = $5; s[$1 "|" $4] = $6; next }
	{
		k = $2 "|" $6; st = s[k]; g = $7
		if (st == "ok") { n++; if (g != ".") { c++; if (g == t[k]) r++; else w++ } }
		else if (st ~ /^ntc/) { if (g != ".") ntc++ }
		else if (st == "failed_pad") { if (g != ".") fp++; if ($8 != "I" && $8 != "N") fq++ }
		else if (st == "assay_dropout") { if (g != ".") dr++ }
	}
	END {
		printf "callable %d called %d right %d wrong %d ntc %d failed %d failedq %d dropout %d\n",
		       n, c, r, w, ntc, fp, fq, dr
		ok = n > 0 && w * 1000 <= c && c * 100 >= n * 97 && !ntc && !fp && !fq && !dr
		exit ok ? 0 : 1
	}' "$1" "$2"
}
if score "$C/truth.tsv" "$O/calls.tsv" >"$T/score"; then pass "calls agree with the truth ($(cat "$T/score"))"; else
	fail "calls agree with the truth" "$(cat "$T/score")"; fi

# ---- a dense multiplex: 36 assays whose adducts overlap other species ----
D="$T/dense"
run "$MZG" simulate --out "$D" --design "$DATA/design/dense_36plex.tsv" --seed 1 --points 12000 -q
expect_rc "a 36-plex chip is called" 0 "$MZG" call --design "$DATA/design/dense_36plex.tsv" \
	--plate "$D/plate.tsv" --out "$T/od" -q "$D/chip.mzML"
if score "$D/truth.tsv" "$T/od/calls.tsv" >"$T/score" &&
	grep -q ' wrong 0 ' "$T/score"; then pass "36-plex: no wrong call ($(cat "$T/score"))"; else
	fail "36-plex: no wrong call" "$(cat "$T/score")"; fi

# ---- overwriting ----
expect_rc "existing report is not replaced" 1 "$MZG" call --plate "$C/plate.tsv" --out "$O" "$C/chip.mzML"
expect_err "refusal names --force" "--force"
cp "$O/calls.tsv" "$T/calls.before"
expect_rc "--force replaces it" 0 "$MZG" call --plate "$C/plate.tsv" --out "$O" --force -q \
	--chip mychip --param qc.ntc_snr=5 --param call.p_a=0.99 "$C/chip.mzML"
expect_same "same input, same calls" "$T/calls.before" "$O/calls.tsv"

# ---- --strict and the verdict ----
F="$T/contaminated"
run "$MZG" simulate --out "$F" --seed 5 --points 8000 -q --param contam_rate=1
expect_rc "--strict exits 3 on a failed chip" 3 "$MZG" call --plate "$F/plate.tsv" --out "$T/of" --strict "$F/chip.mzML"
expect_out "the failed verdict is printed" "verdict: fail"
expect_rc "without --strict a failed chip exits 0" 0 "$MZG" call --plate "$F/plate.tsv" --out "$T/of2" "$F/chip.mzML"
if score "$F/truth.tsv" "$T/of2/calls.tsv" >"$T/score"; then pass "contaminated NTCs are not called ($(cat "$T/score"))"; else
	fail "contaminated NTCs are not called" "$(cat "$T/score")"; fi

# ---- a directory of per-well files, no plate sheet ----
W="$T/wells"
run "$MZG" simulate --out "$W" --seed 8 --points 8000 -q --per-well-files
expect_rc "a directory of per-well files" 0 "$MZG" call --out "$T/ow" -q "$W/spectra"
expect_true "without a plate every pad is a sample" \
	sh -c "tail -n +2 '$T/ow/calls.tsv' | cut -f4 | sort -u | grep -qx sample"
expect_true "96 pads" test "$(tail -n +2 "$T/ow/calls.tsv" | cut -f2 | sort -u | wc -l)" -eq 96

finish
