#!/bin/sh
# The report set of mzgeno call checked against an independent oracle:
# qc_check.py recomputes the QC of docs/qc.md from calls.tsv alone (call
# rates, genotype counts, exact HWE by enumeration, duplicates, NTC
# contamination, the reasons and the verdict) and checks the documented
# layout of every file, on a simulated 96-pad and 384-pad chip. Also: plate
# sheet errors name file and line and write nothing; an output directory
# that cannot be written leaves nothing behind.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
[ -n "$PY" ] || { skip "python3 not available"; finish; }
CHECK="$SRC/tests/cli/qc_check.py"

for wells in 96 384; do
	C="$T/sim$wells"
	run "$MZG" simulate --out "$C" --wells "$wells" --seed 5 --points 6000 -q
	[ "$rc" -eq 0 ] || { fail "simulate $wells" "$(head -c 400 "$T/err")"; continue; }
	O="$T/out$wells"
	expect_rc "call a $wells-pad chip" 0 "$MZG" call --plate "$C/plate.tsv" \
		--out "$O" --threads 2 -q "$C/chip.mzML"
	if "$PY" "$CHECK" "$O" >"$T/check" 2>&1; then
		pass "QC of the $wells-pad chip agrees with the oracle ($(tail -1 "$T/check"))"
	else
		fail "QC of the $wells-pad chip agrees with the oracle" "$(head -c 1500 "$T/check")"
	fi
done

# a threshold routed with --param qc.* changes the verdict and is recorded
O="$T/strictqc"
expect_rc "call with qc.sample_warn=1" 0 "$MZG" call --plate "$T/sim96/plate.tsv" \
	--out "$O" -q --param qc.sample_warn=1 --param qc.ntc_snr=1000 "$T/sim96/chip.mzML"
expect_true "the threshold is recorded" grep -q '"qc.sample_warn": "1"' "$O/qc.json"
if "$PY" "$CHECK" "$O" >"$T/check" 2>&1; then pass "oracle agrees with other thresholds"; else
	fail "oracle agrees with other thresholds" "$(head -c 1500 "$T/check")"; fi

# plate sheet errors: exit 1, file and line, no report
for c in "bad_role.tsv:4: unknown role 'control'" \
         "outside_384.tsv:4: well P25 is outside a 384-pad chip (A01..P24)" \
         "twice.tsv:4: well A01 listed twice (first on line 2)" \
         "bad_allele.tsv:3: well A02, rs2234767: genotype 'CT'"; do
	f=${c%%:*}
	expect_rc "plate $f refused" 1 "$MZG" call --plate "$DATA/plate/bad/$f" \
		--out "$T/p_$f" "$T/sim96/chip.mzML"
	expect_err "plate $f: file, line and problem" "$c"
	[ ! -e "$T/p_$f/calls.tsv" ] && pass "plate $f: no report" || fail "plate $f: no report"
done

# an output directory that cannot be written: clear error, nothing left
expect_rc "unwritable output" 1 "$MZG" call --out /proc/self/mzg-out -q "$T/sim96/chip.mzML"
expect_err "unwritable output is named" "/proc/self/mzg-out"
finish
