#!/bin/sh
# mzgeno design show|check|export.
. "$(dirname "$0")/lib.sh"
D=$DATA/design

expect_rc "design --help exits 0" 0 "$MZG" design --help
expect_out "design --help shows usage" "mzgeno design check [--strict]"
for sub in show check export; do
	expect_rc "design $sub --help exits 0" 0 "$MZG" design $sub --help
	expect_out "design $sub --help shows usage" "Usage: mzgeno design"
done
expect_rc "design without a subcommand is a usage error" 1 "$MZG" design
expect_rc "unknown subcommand" 1 "$MZG" design frob fas8
expect_err "unknown subcommand named" "unknown subcommand 'frob'"
expect_rc "show without a design" 1 "$MZG" design show
expect_rc "unknown option" 1 "$MZG" design show --bogus fas8

# show fas8: all eight assays, genes, the caveat
expect_rc "design show fas8" 0 "$MZG" design show fas8
for rs in rs1800682 rs2229521 rs2234767 rs2234978 rs763110 rs13006529 \
          rs1439123 rs2288713; do
	expect_out "show fas8 lists $rs" "$rs"
done
expect_out "show fas8 names FASLG" "FASLG"
expect_out "show fas8 names CASP10" "CASP10"
expect_out "show fas8 names APAF1" "APAF1"
expect_out "show fas8 says the primers are not validated" "NOT validated primers"
expect_out "show fas8 marks unverified alleles" "(unverified)"
expect_out "show fas8: rs2234767 alleles G/A" "alleles G/A"

# show --tsv: header, one row per species (8 x 3)
expect_rc "design show --tsv fas8" 0 "$MZG" design show --tsv fas8
if [ "$(head -1 "$T/out")" = "$(printf 'multiplex\tassay\tspecies\tallele\tsequence\tmass')" ]; then
	pass "tsv header"; else fail "tsv header" "$(head -1 "$T/out")"; fi
if [ "$(wc -l <"$T/out")" -eq 25 ]; then pass "tsv has 24 species rows"; else
	fail "tsv has 24 species rows" "$(wc -l <"$T/out") lines"; fi
expect_err "tsv: caveat on stderr" "NOT validated primers"
cp "$T/out" "$T/fas8.tsv"
expect_out "tsv UEP row" "$(printf 'W1\trs1800682\tUEP\t.\tTTCTTCATCTCCGAA\t4477.98')"
expect_out "tsv EXT1 row (R: A adds T)" "$(printf 'W1\trs1800682\tEXT1\tA\tTTCTTCATCTCCGAAT\t4805.08')"

# the fas8 UEPs are the ones scripts/fas8_uep_search.py finds
PY=$(command -v python3 || true)
if [ -n "$PY" ]; then
	"$PY" "$SRC/scripts/fas8_uep_search.py" | sed -n 's/.*"\([ACGT]\{15,\}\)".*/\1/p' >"$T/script_ueps"
	awk -F'\t' '$3 == "UEP" { print $5 }' "$T/fas8.tsv" >"$T/lib_ueps"
	if [ -s "$T/script_ueps" ]; then
		expect_same "fas8 UEPs match scripts/fas8_uep_search.py" "$T/script_ueps" "$T/lib_ueps"
	else
		fail "fas8_uep_search.py printed UEPs"
	fi
else
	skip "python3 not found: fas8 UEP script not compared"
fi

# export -> check --strict passes; export -> show gives identical masses
"$MZG" design export fas8 >"$T/fas8.design" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && pass "design export fas8" || fail "design export fas8" "exit $rc"
expect_true "export has the Agena header" grep -q "^WELL	TERM	SNP_ID	2nd-PCRP" "$T/fas8.design"
expect_rc "export fas8 | check --strict - passes" 0 sh -c "\"$MZG\" design export fas8 | \"$MZG\" design check --strict -"
expect_out "check reports no collisions" "collisions: 0"
expect_out "check result OK" "result: OK"
run "$MZG" design show --tsv "$T/fas8.design"
cp "$T/out" "$T/rt.tsv"
expect_same "round trip export -> load gives identical masses" "$T/fas8.tsv" "$T/rt.tsv"
run "$MZG" design export "$T/fas8.design"
cp "$T/out" "$T/fas8.design2"
expect_same "export is stable under re-export" "$T/fas8.design" "$T/fas8.design2"

# check: a collision via an adduct names both assays; --strict fails
expect_rc "check collision.tsv without --strict exits 0" 0 "$MZG" design check "$D/collision.tsv"
expect_out "collision names both assays" "rsX EXT2(G)+K (5325.29 Da) and rsY UEP (5328.00 Da)"
expect_out "within-assay adduct is a note" "note W1: rsX EXT2(G) (5287.20 Da) is 5.98 Da from rsX EXT1(A)+Na"
expect_rc "check --strict fails on a collision" 1 "$MZG" design check --strict "$D/collision.tsv"
expect_err "--strict says why" "1 collision"
expect_rc "higher resolution clears it" 0 "$MZG" design check --strict --resolution 5000 "$D/collision.tsv"
expect_rc "--resolution=R form" 0 "$MZG" design check --strict --resolution=5000 "$D/collision.tsv"
expect_rc "bad resolution" 1 "$MZG" design check --resolution 0.5 fas8
expect_rc "missing resolution" 1 "$MZG" design check fas8 --resolution

# mismatches: listed; --strict fails
expect_rc "check both.tsv" 0 "$MZG" design check "$D/both.tsv"
expect_out "mismatch listed with file:line" "both.tsv:4: column UEP_MASS: rs0000003: given"
expect_rc "check --strict fails on a mismatch" 1 sh -c "cd \"$D\" && \"$MZG\" design check --strict both.tsv"
expect_rc "show messy.tsv (BOM, CRLF, reordered)" 0 "$MZG" design show "$D/messy.tsv"
expect_out "messy: second multiplex" "multiplex W2: 2 assays"

# malformed files: exit 1 naming file:line: column
cd "$D" || exit 1
expect_rc "missing column" 1 "$MZG" design show bad_missing_column.tsv
expect_err "missing column named" "bad_missing_column.tsv:1: column UEP_DIR"
expect_rc "non-numeric mass" 1 "$MZG" design check bad_mass.tsv
expect_err "non-numeric mass named" "bad_mass.tsv:3: column UEP_MASS: expected a mass in Da"
expect_rc "unknown base" 1 "$MZG" design export bad_base.tsv
expect_err "unknown base named" "bad_base.tsv:2: column UEP_SEQ: unknown base 'N'"
expect_rc "no UEP" 1 "$MZG" design show bad_no_uep.tsv
expect_err "no UEP named" "bad_no_uep.tsv:3: column UEP_SEQ"
expect_rc "one allele" 1 "$MZG" design show bad_one_allele.tsv
expect_err "one allele named" "bad_one_allele.tsv:3: column EXT2_CALL"
expect_rc "duplicate assay" 1 "$MZG" design show bad_duplicate.tsv
expect_err "duplicate assay named" "bad_duplicate.tsv:4: column SNP_ID"
expect_rc "EXT_SEQ inconsistent with call" 1 "$MZG" design show bad_ext_seq.tsv
expect_err "EXT_SEQ named" "bad_ext_seq.tsv:3: column EXT1_SEQ"
expect_rc "missing file" 1 "$MZG" design show no_such_file.tsv
expect_err "missing file named" "no_such_file.tsv"
finish
