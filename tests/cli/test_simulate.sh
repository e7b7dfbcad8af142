#!/bin/sh
# mzgeno simulate: usage, outputs, determinism, layouts, encodings, and
# third-party readers (pymzML, MALDIquantForeign, ProteoWizard msconvert),
# each guarded to skip cleanly when absent. The reference for "what we
# wrote" is the standard-library decode in simulate_check.py.
. "$(dirname "$0")/lib.sh"

CHECK="$SRC/tests/cli/simulate_check.py"
DUMP_R="$SRC/tests/cli/simulate_dump.R"
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
P=2000   # points per spectrum: small and quick

sim() { run "$MZG" simulate --points $P "$@"; }

# expect_check NAME ARGS... : simulate_check.py succeeds
expect_check() {
	name=$1
	shift
	if "$PY" "$CHECK" "$@" >"$T/chk" 2>&1; then pass "$name"; else
		fail "$name" "$(tail -c 400 "$T/chk")"
	fi
}

# ---- usage ----
expect_rc "--help exits 0" 0 "$MZG" simulate --help
expect_out "--help names the outputs" "truth.tsv"
expect_rc "--out is required" 1 "$MZG" simulate
expect_err "missing --out is named" "--out DIR is required"
expect_rc "bad --wells" 1 "$MZG" simulate --out "$T/x" --wells 100
expect_err "bad --wells is explained" "wells must be 96 or 384"
expect_rc "bad --encoding" 1 "$MZG" simulate --out "$T/x" --encoding gzip
expect_err "bad --encoding is explained" "expected zlib, none or numpress"
expect_rc "unknown --param" 1 "$MZG" simulate --out "$T/x" --param frobs=1
expect_err "unknown --param is named" "unknown parameter 'frobs'"
expect_rc "bad --param value" 1 "$MZG" simulate --out "$T/x" --param noise=abc
expect_rc "bad --seed" 1 "$MZG" simulate --out "$T/x" --seed -3
expect_rc "missing design file" 1 "$MZG" simulate --out "$T/x" --design "$T/nope.tsv"
expect_rc "extra argument" 1 "$MZG" simulate --out "$T/x" stray

# ---- a default run ----
sim --out "$T/a" --seed 5 --encoding none
if [ "$rc" -eq 0 ]; then pass "simulate 96 pads"; else fail "simulate 96 pads" "$(cat "$T/err")"; fi
expect_out "summary counts pads" "simulated 96 pads"
for f in chip.mzML plate.tsv truth.tsv pads.tsv design.tsv; do
	expect_true "wrote $f" test -s "$T/a/$f"
done
expect_true "plate has 96 wells" test "$(wc -l <"$T/a/plate.tsv")" -eq 97
expect_true "truth has 96 x 8 rows" test "$(wc -l <"$T/a/truth.tsv")" -eq 769
expect_true "truth header" grep -qx "$(printf 'well\tsample\trole\tassay\tgenotype\tstatus')" "$T/a/truth.tsv"
expect_true "plate has NTCs" grep -q "	ntc	" "$T/a/plate.tsv"
expect_true "plate has a positive control" grep -q "	positive	" "$T/a/plate.tsv"
expect_true "design.tsv loads back" "$MZG" design show "$T/a/design.tsv"
expect_true "96 spectra" test "$(grep -c '<spectrum ' "$T/a/chip.mzML")" -eq 96
expect_check "index, checksum, spotIDs, TOF axis" structure "$T/a/chip.mzML" "$T/a/plate.tsv" $P 3500 9500

expect_rc "mzgeno inspect reads the chip" 0 "$MZG" inspect "$T/a/chip.mzML"
expect_out "inspect sees the last well" "H12"

# ---- determinism ----
sim --out "$T/b" --seed 5 --encoding none
for f in chip.mzML plate.tsv truth.tsv pads.tsv design.tsv; do
	expect_same "same seed, same $f" "$T/a/$f" "$T/b/$f"
done
sim --out "$T/c" --seed 6 --encoding none
expect_true "another seed, another chip" sh -c "! cmp -s '$T/a/chip.mzML' '$T/c/chip.mzML'"
expect_true "another seed, another truth" sh -c "! cmp -s '$T/a/truth.tsv' '$T/c/truth.tsv'"

# ---- overwriting ----
sim --out "$T/a" --seed 5
expect_true "refuses to overwrite" test "$rc" -eq 1
expect_err "says what exists" "exists (use --force to overwrite)"
expect_same "nothing rewritten on refusal" "$T/a/truth.tsv" "$T/b/truth.tsv"
sim --out "$T/a" --seed 5 --encoding none --force
expect_true "--force overwrites" test "$rc" -eq 0
expect_same "--force rewrites the same bytes" "$T/a/chip.mzML" "$T/b/chip.mzML"

# ---- encodings ----
sim --out "$T/z" --seed 5 --encoding zlib -q
expect_true "zlib run" test "$rc" -eq 0
expect_true "zlib arrays" grep -q 'MS:1000574' "$T/z/chip.mzML"
expect_true "zlib is smaller" test "$(wc -c <"$T/z/chip.mzML")" -lt "$(wc -c <"$T/a/chip.mzML")"
expect_check "zlib checksum and index" structure "$T/z/chip.mzML" "$T/z/plate.tsv" $P 3500 9500
expect_check "zlib arrays equal the uncompressed ones" same "$T/a/chip.mzML" "$T/z/chip.mzML" 0 0
sim --out "$T/n" --seed 5 --encoding numpress -q
expect_true "numpress run" test "$rc" -eq 0
expect_true "numpress linear m/z" grep -q 'MS:1002312' "$T/n/chip.mzML"
expect_true "numpress slof intensity" grep -q 'MS:1002314' "$T/n/chip.mzML"
expect_same "encoding does not change the truth" "$T/a/truth.tsv" "$T/n/truth.tsv"

# ---- layouts ----
sim --out "$T/l" --wells 384 --seed 3 -q
expect_true "384 run" test "$rc" -eq 0
expect_true "plate has 384 wells" test "$(wc -l <"$T/l/plate.tsv")" -eq 385
expect_true "last well P24" test "$(tail -1 "$T/l/plate.tsv" | cut -f1)" = P24
expect_check "384 index and checksum" structure "$T/l/chip.mzML" "$T/l/plate.tsv" $P 3500 9500
sim --out "$T/w" --per-well-files --seed 5 --encoding none -q
expect_true "per-well run" test "$rc" -eq 0
expect_true "96 per-well files" test "$(ls "$T/w/spectra" | grep -c '\.mzML$')" -eq 96
expect_true "no chip.mzML with per-well files" test ! -e "$T/w/chip.mzML"
expect_check "per-well file A01" structure "$T/w/spectra/A01.mzML" "$T/w/plate.tsv"
expect_check "per-well file H12" structure "$T/w/spectra/H12.mzML" "$T/w/plate.tsv"
cp -r "$T/w" "$T/w2"
sim --out "$T/w2" --seed 5 --force -q
expect_err "warns about the other layout's files" "left in place"
sim --out "$T/k" --centroid --seed 5 --encoding none -q
expect_true "centroid run" test "$rc" -eq 0
expect_true "centroid spectra" grep -q 'MS:1000127' "$T/k/chip.mzML"
expect_check "centroid index and checksum" structure "$T/k/chip.mzML" "$T/k/plate.tsv"
sim --out "$T/p" --seed 5 --param failed_rate=1 -q
expect_true "--param takes effect" sh -c "test \$(grep -c 'failed_pad' '$T/p/truth.tsv') -gt 700"

# ---- third-party readers ----
if "$PY" -c 'import pymzml' >/dev/null 2>&1; then
	expect_check "pymzML reads the uncompressed chip" pymzml "$T/a/chip.mzML" "$T/a/chip.mzML" 0 0
	expect_check "pymzML reads the zlib chip" pymzml "$T/z/chip.mzML" "$T/a/chip.mzML" 0 0
	expect_check "pymzML reads the 384 chip" pymzml "$T/l/chip.mzML" "$T/l/chip.mzML" 0 0
	expect_check "pymzML reads the centroid chip" pymzml "$T/k/chip.mzML" "$T/k/chip.mzML" 0 0
	expect_check "pymzML reads a per-well file" pymzml "$T/w/spectra/C07.mzML" "$T/w/spectra/C07.mzML" 0 0
	# pymzML 2.5.2 cannot decode numpress without the pynumpress module
	# (its pure-Python fallback is called with the wrong signature), so
	# numpress is checked with msconvert below.
else
	skip "pymzML not installed (python3-pymzml)"
fi
if command -v Rscript >/dev/null 2>&1 &&
   Rscript -e 'suppressMessages(library(MALDIquantForeign))' >/dev/null 2>&1; then
	for x in a:profile z:profile k:centroid; do
		d=${x%%:*} kind=${x#*:}
		if Rscript "$DUMP_R" "$T/$d/chip.mzML" "$T/r_$d.tsv" "$kind" >"$T/rerr" 2>&1; then
			expect_check "MALDIquantForeign reads $d ($kind)" rdump "$T/r_$d.tsv" "$T/$d/chip.mzML"
		else
			fail "MALDIquantForeign reads $d ($kind)" "$(tail -c 300 "$T/rerr")"
		fi
	done
	# MALDIquantForeign 0.13 has no numpress decoder: not tested with it.
else
	skip "MALDIquantForeign not installed (r-cran-maldiquantforeign)"
fi
if command -v msconvert >/dev/null 2>&1; then
	for d in n z; do
		if msconvert "$T/$d/chip.mzML" --mzML --64 -o "$T/pw_$d" --outfile x.mzML >"$T/pwerr" 2>&1; then
			pass "msconvert reads $d"
		else
			fail "msconvert reads $d" "$(tail -c 300 "$T/pwerr")"
		fi
	done
	# numpress: linear m/z within 1e-5 (fixed point ~2.3e5), slof within 1e-4 relative
	expect_check "msconvert decodes numpress as written" same "$T/a/chip.mzML" "$T/pw_n/x.mzML" 1e-5 1e-4
	expect_check "msconvert decodes zlib as written" same "$T/a/chip.mzML" "$T/pw_z/x.mzML" 0 0
else
	skip "msconvert not installed (libpwiz-tools)"
fi
finish
