#!/bin/sh
# mzgeno peaks: usage, output formats, synthetic spectra with known peaks,
# bad input, and the MALDIquant oracle on real linear MALDI-TOF spectra.
. "$(dirname "$0")/lib.sh"
P=$DATA/process
CMP="$SRC/tests/cli/peaks_compare.py"
PY=$(command -v python3 || true)

expect_rc "peaks --help exits 0" 0 "$MZG" peaks --help
expect_out "peaks --help shows usage" "Usage: mzgeno peaks [--tsv]"
expect_out "peaks --help lists the option keys" "snip_iterations"
expect_rc "peaks without files is a usage error" 1 "$MZG" peaks
expect_rc "unknown option" 1 "$MZG" peaks --bogus "$P/synthetic.mzML"
expect_err "unknown option named" "'--bogus'"
expect_rc "unknown preset" 1 "$MZG" peaks --preset typer "$P/synthetic.mzML"
expect_err "unknown preset lists the known ones" "known: default, maldiquant"
expect_rc "unknown --param key" 1 "$MZG" peaks --param colour=1 "$P/synthetic.mzML"
expect_err "unknown key named" "unknown processing option 'colour'"
expect_rc "bad --param value" 1 "$MZG" peaks --param sg_hws=many "$P/synthetic.mzML"
expect_err "bad value named" "option sg_hws: 'many' is not an integer"
expect_rc "--param without =" 1 "$MZG" peaks --param sg_hws "$P/synthetic.mzML"
expect_err "--param without = says what it expects" "--param expects KEY=VALUE, got 'sg_hws'"
expect_rc "inverted window" 1 "$MZG" peaks --param mz_min=9000 --param mz_max=4000 "$P/synthetic.mzML"
expect_err "inverted window explained" "mz_max (4000) must be above mz_min (9000)"

# human-readable output
expect_rc "peaks on the synthetic file" 0 "$MZG" peaks "$P/synthetic.mzML"
expect_out "names spectrum and well" "spectrum 0 (scan=1, well A01): profile"
expect_out "reports the resolution estimate" "(from "
expect_out "centroid spectrum is a peak list" "spectrum 2 (scan=3, well C03): centroid, 5 peaks"
expect_out "empty spectrum is reported, not an error" "spectrum 3 (scan=4): empty"

# --tsv: header, wells, every true peak found within 0.3 Da
expect_rc "peaks --tsv" 0 "$MZG" peaks --tsv "$P/synthetic.mzML"
cp "$T/out" "$T/syn.tsv"
if [ "$(head -1 "$T/syn.tsv")" = "$(printf 'spectrum\twell\tmz\tintensity\tsnr')" ]; then
	pass "tsv header"; else fail "tsv header" "$(head -1 "$T/syn.tsv")"; fi
if awk -F'\t' 'NR > 1 && NF != 5 { bad = 1 } END { exit bad }' "$T/syn.tsv"; then
	pass "tsv rows have 5 columns"; else fail "tsv rows have 5 columns"; fi
for w in A01 B02 C03; do
	if awk -F'\t' -v w="$w" '$2 == w { f = 1 } END { exit !f }' "$T/syn.tsv"; then
		pass "tsv well $w"; else fail "tsv well $w"; fi
done
if awk -F'\t' '$1 == 3 { f = 1 } END { exit f }' "$T/syn.tsv"; then
	pass "no rows for the empty spectrum"; else fail "no rows for the empty spectrum"; fi
# truth: spectrum mz height; profile peaks within 0.3 Da and 10 % height,
# centroid peaks exactly, the centroid at 9900 outside 3500..9500 absent
while IFS="$(printf '\t')" read -r spec mz height; do
	[ "$spec" = spectrum ] && continue
	if [ "$spec" = 2 ] && awk "BEGIN { exit !($mz > 9500) }"; then
		if awk -F'\t' -v m="$mz" '$1 == 2 && $3 == m { f = 1 } END { exit f }' "$T/syn.tsv"; then
			pass "centroid $mz outside the window is dropped"; else
			fail "centroid $mz outside the window is dropped"; fi
		continue
	fi
	if awk -F'\t' -v s="$spec" -v m="$mz" -v h="$height" '
		$1 == s && ($3 - m) ^ 2 < 0.09 && ($4 - h) ^ 2 < (0.1 * h) ^ 2 { f = 1 }
		END { exit !f }' "$T/syn.tsv"; then
		pass "spectrum $spec peak $mz found"
	else
		fail "spectrum $spec peak $mz found" "$(awk -F'\t' -v s="$spec" '$1 == s' "$T/syn.tsv" | head -12)"
	fi
done <"$P/synthetic.truth.tsv"
# the two peaks 16 Da apart are separate peaks
if [ "$(awk -F'\t' '$1 == 0 && $3 > 5010 && $3 < 5050' "$T/syn.tsv" | wc -l)" -eq 2 ]; then
	pass "peaks 16 Da apart resolved"; else fail "peaks 16 Da apart resolved"; fi

# options: the analysis window, the preset, strict SNR
expect_rc "--param window" 0 "$MZG" peaks --tsv --param mz_min=4600 --param mz_max=8000 "$P/synthetic.mzML"
if awk -F'\t' 'NR > 1 && ($3 < 4600 || $3 > 8000) { bad = 1 } END { exit bad }' "$T/out" &&
   [ "$(wc -l <"$T/out")" -gt 4 ]; then
	pass "peaks only inside the window"; else fail "peaks only inside the window" "$(head "$T/out")"; fi
expect_rc "--param peak_snr=50" 0 "$MZG" peaks --tsv --param peak_snr=50 "$P/synthetic.mzML"
if awk -F'\t' 'NR > 1 && $1 != 2 && $5 <= 50 { bad = 1 } END { exit bad }' "$T/out"; then
	pass "SNR threshold applies"; else fail "SNR threshold applies"; fi
expect_rc "--preset maldiquant" 0 "$MZG" peaks --tsv --preset maldiquant "$P/synthetic.mzML"
if awk -F'\t' '$1 == 0 && $3 > 6785 && $3 < 6793 { f = 1 } END { exit !f }' "$T/out"; then
	pass "maldiquant preset finds the peaks"; else fail "maldiquant preset finds the peaks"; fi
expect_rc "preset given after a param still comes first" 0 "$MZG" peaks --tsv --param peak_snr=50 --preset maldiquant "$P/synthetic.mzML"
if awk -F'\t' 'NR > 1 && $1 != 2 && $5 <= 50 { bad = 1 } END { exit bad }' "$T/out"; then
	pass "param after preset"; else fail "param after preset"; fi

# bad input: named, skipped, exit 1, the other files still listed
expect_rc "missing file" 1 "$MZG" peaks --tsv "$T/nope.mzML" "$P/synthetic.mzML"
expect_err "missing file named" "nope.mzML"
expect_out "the next file is still processed" "$(printf '0\tA01\t')"
expect_rc "grid with holes" 1 "$MZG" peaks "$P/synthetic_holes.mzML"
expect_err "holes explained" "spectrum 0 (scan=1): the m/z grid has holes"
expect_err "holes: the file is named" "synthetic_holes.mzML"

# oracle: MALDIquant 1.22 on real linear MALDI-TOF profiles (GPL inputs,
# read from the shared directory; expected lists made by
# testdata/maldiquant/make_expected.R)
oracle() {
	oname=$1 file=$2 expected=$3
	if [ -z "$SHARED" ] || [ ! -f "$SHARED/$file" ]; then
		skip "oracle $oname (no $file under MZG_SHARED)"
		return
	fi
	if [ -z "$PY" ]; then
		skip "oracle $oname (no python3)"
		return
	fi
	expect_rc "oracle $oname: peaks --preset maldiquant" 0 \
		"$MZG" peaks --tsv --preset maldiquant "$SHARED/$file"
	cp "$T/out" "$T/oracle.tsv"
	if "$PY" "$CMP" "$DATA/maldiquant/$expected" "$T/oracle.tsv" 0.99 >"$T/cmp" 2>&1; then
		pass "oracle $oname: >= 99 % of MALDIquant's peaks, >= 99 % of ours are MALDIquant's"
	else
		fail "oracle $oname" "$(tail -5 "$T/cmp")"
	fi
	echo "      $(tail -1 "$T/cmp")"
}
oracle fiedler2009subset testdata/maldiquant/fiedler2009subset_4.mzML \
	fiedler2009subset_4.peaks.tsv
oracle "Bruker flex linear+reflectron" \
	testdata/mzml-external/IDBacApp_sample_BrukerFlex_MALDI_profile.mzML \
	IDBacApp_BrukerFlex.peaks.tsv
# the comparison itself must be able to fail
if [ -n "$PY" ]; then
	awk -F'\t' 'NR == 1 || NR % 20' "$DATA/maldiquant/fiedler2009subset_4.peaks.tsv" >"$T/short.tsv"
	printf 'spectrum\twell\tmz\tintensity\tsnr\n' >"$T/ours.tsv"
	awk -F'\t' 'NR > 1 { print $1 "\t.\t" $2 "\t" $3 "\t" $4 }' \
		"$DATA/maldiquant/fiedler2009subset_4.peaks.tsv" >>"$T/ours.tsv"
	if "$PY" "$CMP" "$T/short.tsv" "$T/ours.tsv" 0.99 >/dev/null 2>&1; then
		fail "oracle comparison rejects 5 % extra peaks"; else
		pass "oracle comparison rejects 5 % extra peaks"; fi
	if "$PY" "$CMP" "$DATA/maldiquant/fiedler2009subset_4.peaks.tsv" "$T/ours.tsv" 0.99 >/dev/null 2>&1; then
		pass "oracle comparison accepts the same list"; else
		fail "oracle comparison accepts the same list"; fi
fi
finish
