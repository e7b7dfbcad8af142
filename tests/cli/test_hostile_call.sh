#!/bin/sh
# A run that a broken pad cannot stop (SPEC 5; docs/hostile-inputs.md):
# one damaged spectrum makes that pad quality I with its reason while the
# rest of the chip is called as without it (exit 0, the verdict names the
# pad); damaged per-well files likewise; a truncated chip file is called
# as far as it goes; no input can make mzgeno read another file; and an
# output directory that cannot be written gives a clear error and leaves no
# partial report.
. "$(dirname "$0")/lib.sh"
TO="timeout 300"
PY=python3
EDIT="$SRC/tests/cli/hostile_chip.py"
chmod 755 "$T"  # the read-only test runs as nobody

run $TO "$MZG" simulate --out "$T/sim" --param failed_rate=0 --points 8000 -q
if [ "$rc" -ne 0 ]; then
	fail "simulate a chip" "exit $rc" "$(head -c 400 "$T/err")"
	finish
fi
S=$T/sim
call() {  # call OUT INPUT... (design and plate of the simulated chip)
	out=$1
	shift
	run $TO "$MZG" call -q --design "$S/design.tsv" --plate "$S/plate.tsv" \
		--out "$out" "$@"
}

# What the rows of calls.tsv say about a pad, and how the other pads
# compare with the undamaged run: "same N of M" genotypes.
pad_rows() {  # pad_rows REPORT WELL -> "quality|flags" lines, unique
	awk -F'\t' -v w="$2" 'NR > 1 && $2 == w { print $8 "|" $21 }' \
		"$1/calls.tsv" | sort -u
}
others_same() {  # others_same REPORT WELL... : 0 if >= 99% agree
	$PY - "$T/base" "$@" <<'PY'
import sys
def load(d):
    rows = {}
    for i, line in enumerate(open(d + "/calls.tsv")):
        f = line.rstrip("\n").split("\t")
        if i and f[3] == "sample":
            rows[(f[1], f[5])] = f[6]
    return rows
base, other = load(sys.argv[1]), load(sys.argv[2])
skip = set(sys.argv[3:])
keys = [k for k in base if k[0] not in skip]
same = sum(base[k] == other.get(k) for k in keys)
print(f"same {same} of {len(keys)}")
sys.exit(0 if keys and same >= 0.99 * len(keys) else 1)
PY
}
verdict_names() {  # verdict_names REPORT WELL : qc.json names the pad
	$PY - "$1/qc.json" "$2" <<'PY'
import json, sys
q = json.load(open(sys.argv[1]))
ok = q["verdict"] in ("warn", "fail") and any(
    r["subject"] == sys.argv[2] for r in q["reasons"])
w = [x for x in q["wells"] if x["well"] == sys.argv[2]]
sys.exit(0 if ok and w and w[0]["status"] == "bad" else 1)
PY
}

call "$T/base" "$S/chip.mzML"
if [ "$rc" -ne 0 ]; then
	fail "call the undamaged chip" "exit $rc" "$(head -c 400 "$T/err")"
	finish
fi
pass "call the undamaged chip"

# --- one damaged spectrum in a one-file chip ---
check_pad() {  # check_pad NAME WELL REASON
	cn=$1 cw=$2 cr=$3  # lib.sh uses $name
	expect_true "$cn: exit 0" test "$rc" -eq 0
	rows=$(pad_rows "$T/$cn" "$cw")
	case $rows in
	"I|pad_failed,note="*"$cr"*)
		if [ "$(echo "$rows" | wc -l)" -eq 1 ]; then
			pass "$cn: every call of $cw is I with the reason"
		else
			fail "$cn: calls of $cw differ" "$rows"
		fi ;;
	*) fail "$cn: $cw not I with '$cr'" "$rows" ;;
	esac
	if others_same "$T/$cn" "$cw" >"$T/same" 2>&1; then
		pass "$cn: the other pads are called as before ($(cat "$T/same"))"
	else
		fail "$cn: the other pads changed" "$(cat "$T/same")"
	fi
	expect_true "$cn: the verdict names $cw" verdict_names "$T/$cn" "$cw"
}

$PY "$EDIT" "$S/chip.mzML" "$T/b64.mzML" badb64 C05
call "$T/badb64" "$T/b64.mzML"
check_pad badb64 C05 "spectrum 28 (id 'scan=29'): intensity array: invalid base64"

# A tab, a newline and markup in the bad spectrum's id reach the reason:
# calls.tsv keeps 21 columns on every row, qc.json stays valid JSON.
sed 's|id="scan=29"|id="sc\&#9;an\&#10;29\&lt;b\&gt;"|' "$T/b64.mzML" >"$T/tab.mzML"
call "$T/tabid" "$T/tab.mzML"
expect_true "tab in an id: exit 0" test "$rc" -eq 0
expect_true "tab in an id: calls.tsv has 21 columns on every row" \
	test "$(awk -F'\t' '{ print NF }' "$T/tabid/calls.tsv" | sort -u)" = 21
expect_true "tab in an id: the reason is there, on one line" \
	grep -q "id 'sc an 29<b>'" "$T/tabid/calls.tsv"
expect_true "tab in an id: qc.json parses" \
	$PY -c "import json, sys; json.load(open(sys.argv[1]))" "$T/tabid/qc.json"

$PY "$EDIT" "$S/chip.mzML" "$T/bomb.mzML" bomb D07
call "$T/bomb" "$T/bomb.mzML"
check_pad bomb D07 "its data is too long for 20096 values (declared 8000)"

$PY "$EDIT" "$S/chip.mzML" "$T/nan.mzML" nanmz E08
call "$T/nanmz" "$T/nan.mzML"
check_pad nanmz E08 "m/z values must increase (point 4000, m/z nan)"

# --- a truncated chip: called as far as it goes, the rest missing ---
$PY "$EDIT" "$S/chip.mzML" "$T/trunc.mzML" truncate 0.6
call "$T/trunc" "$T/trunc.mzML"
expect_true "truncated chip: exit 0" test "$rc" -eq 0
expect_true "truncated chip: A01 called as before" \
	test "$(pad_rows "$T/trunc" A01)" = "$(pad_rows "$T/base" A01)"
case $(pad_rows "$T/trunc" H12) in
"I|pad_failed,note=no spectrum for this well") pass "truncated chip: H12 is I, no spectrum" ;;
*) fail "truncated chip: H12" "$(pad_rows "$T/trunc" H12)" ;;
esac
if grep -q '"verdict": "fail"' "$T/trunc/qc.json" &&
   grep -q 'reading stopped after spectrum .*(truncated?)' "$T/trunc/qc.json" &&
   grep -q '"index_ok": false' "$T/trunc/qc.json"; then
	pass "truncated chip: verdict fail, the note says truncated, index not trusted"
else
	fail "truncated chip: qc.json" "$(grep -e verdict -e stopped -e index_ok "$T/trunc/qc.json")"
fi

# --- per-well files: garbage, empty, truncated, missing, doubled ---
run $TO "$MZG" simulate --out "$T/pw" --param failed_rate=0 --points 8000 \
	--per-well-files -q
W=$T/pw/spectra
head -c 3000 /dev/urandom >"$W/C05.mzML"
: >"$W/D06.mzML"
head -c 20000 "$W/E07.mzML" >"$T/e07" && mv "$T/e07" "$W/E07.mzML"
rm "$W/F08.mzML"
cp "$W/A01.mzML" "$W/A01-again.mzML"
run $TO "$MZG" call -q --design "$T/pw/design.tsv" --plate "$T/pw/plate.tsv" \
	--out "$T/perwell" "$W"
expect_true "per-well files: exit 0" test "$rc" -eq 0
for c in "C05|not well-formed XML at line 1" "D06|the file is empty" \
         "E07|(truncated?)" "F08|no spectrum for this well"; do
	w=${c%%|*} why=${c#*|}
	case $(pad_rows "$T/perwell" "$w") in
	"I|pad_failed,note="*"$why"*) pass "per-well files: $w is I ($why)" ;;
	*) fail "per-well files: $w" "$(pad_rows "$T/perwell" "$w")" ;;
	esac
done
if grep -q '"reason": "2 spectra combined"' "$T/perwell/qc.json" &&
   [ "$(awk -F'\t' '$2 == "A01" && $8 ~ /^[ABC]$/' "$T/perwell/calls.tsv" | wc -l)" -ge 7 ]; then
	pass "per-well files: A01 twice is combined, reported and called"
else
	fail "per-well files: A01 twice" "$(grep -A3 '"well": "A01"' "$T/perwell/qc.json" | head -8)"
fi
expect_true "per-well files: the rest is called" \
	test "$(awk -F'\t' 'NR > 1 && $8 ~ /^[ABC]$/' "$T/perwell/calls.tsv" | wc -l)" -ge 600

# --- no input makes mzgeno read another file ---
marker="MZG-XXE-CALL-$$-SECRET"
echo "$marker" >"$T/secret.txt"
for how in dtd xxe; do
	if [ $how = dtd ]; then
		$PY "$EDIT" "$S/chip.mzML" "$T/$how.mzML" dtd "$T/secret.txt"
	else
		$PY "$EDIT" "$S/chip.mzML" "$T/$how.mzML" xxe F09 "file://$T/secret.txt"
	fi
	call "$T/$how" "$T/$how.mzML"
	expect_true "$how: exit 0" test "$rc" -eq 0
	if grep -rq "$marker" "$T/$how" "$T/out" "$T/err"; then
		fail "$how: the secret reached the report"
	else
		pass "$how: the secret is nowhere in the report or the output"
	fi
done
expect_true "external DTD: ignored, the chip is called" \
	test "$(pad_rows "$T/dtd" A01)" = "$(pad_rows "$T/base" A01)"

# --- output that cannot be written ---
mkdir "$T/ro" && chmod 555 "$T/ro"
chmod -R a+rX "$T"
if [ "$(id -u)" -eq 0 ]; then
	# root ignores permissions: write as nobody, if nobody can run mzgeno
	# here (the checkout may sit in a directory only root can enter)
	AS_USER="setpriv --reuid=65534 --regid=65534 --clear-groups"
	if ! command -v setpriv >/dev/null 2>&1 ||
	   ! $AS_USER "$MZG" design show "$S/design.tsv" >/dev/null 2>&1; then
		AS_USER=""
	fi
else
	AS_USER="env"
fi
if [ -n "$AS_USER" ]; then
	run $TO $AS_USER "$MZG" call -q --design "$S/design.tsv" \
		--plate "$S/plate.tsv" --out "$T/ro" "$S/chip.mzML"
	expect_true "read-only directory: exit 1" test "$rc" -eq 1
	expect_err "read-only directory: says why" "calls.tsv: cannot create: Permission denied"
	expect_true "read-only directory: nothing left" test -z "$(ls -A "$T/ro")"
else
	skip "read-only directory (as root, and user nobody cannot run mzgeno here)"
fi

# A full disk, simulated with the file-size limit (write fails with EFBIG
# where a full disk fails with ENOSPC; SIGXFSZ ignored so write returns).
run sh -c "trap '' XFSZ; ulimit -f 16; exec $TO \"$MZG\" call -q \
	--design \"$S/design.tsv\" --plate \"$S/plate.tsv\" --out \"$T/full\" \
	\"$S/chip.mzML\""
expect_true "disk full: exit 1" test "$rc" -eq 1
expect_err "disk full: says why" "write failed: File too large"
expect_true "disk full: no report directory left" test ! -e "$T/full"
mkdir "$T/full2" && echo keep >"$T/full2/notes.txt"
run sh -c "trap '' XFSZ; ulimit -f 16; exec $TO \"$MZG\" call -q \
	--design \"$S/design.tsv\" --plate \"$S/plate.tsv\" --out \"$T/full2\" \
	\"$S/chip.mzML\""
expect_true "disk full in a used directory: exit 1" test "$rc" -eq 1
expect_true "disk full in a used directory: only the old file is left" \
	test "$(ls -A "$T/full2")" = "notes.txt"

# Disk full while replacing a report: the old report is untouched.
cp -r "$T/base" "$T/keep"
run sh -c "trap '' XFSZ; ulimit -f 16; exec $TO \"$MZG\" call -q --force \
	--design \"$S/design.tsv\" --plate \"$S/plate.tsv\" --out \"$T/keep\" \
	\"$T/b64.mzML\""
expect_true "disk full with --force: exit 1" test "$rc" -eq 1
expect_true "disk full with --force: the old report is intact" \
	diff -r "$T/base" "$T/keep"

# An existing report without --force: refused, untouched.
call "$T/keep" "$T/b64.mzML"
expect_true "existing report: exit 1" test "$rc" -eq 1
expect_err "existing report: says use --force" "calls.tsv exists; use --force"
expect_true "existing report: untouched" diff -r "$T/base" "$T/keep"

finish
