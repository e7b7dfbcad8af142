#!/bin/sh
# mzgeno inspect: listing spectra, --tsv columns, bad files and exit status.
. "$(dirname "$0")/lib.sh"

EXT=$DATA/mzml/external

expect_rc "inspect --help exits 0" 0 "$MZG" inspect --help
expect_out "inspect --help shows usage" "Usage: mzgeno inspect [--tsv] FILE..."
expect_rc "inspect without files is a usage error" 1 "$MZG" inspect
expect_rc "inspect with an unknown option" 1 "$MZG" inspect --frob "$EXT/pwiz_tiny.pwiz.1.1.mzML"
expect_err "unknown option is named" "unknown option '--frob'"

expect_rc "inspect --tsv pwiz tiny" 0 "$MZG" inspect --tsv "$EXT/pwiz_tiny.pwiz.1.1.mzML"
expect_out "tsv header" "$(printf 'file\tindex\tid\twell\tms_level\trepresentation\tpoints\tmz_min\tmz_max\tintensity_sum')"
expect_out "tsv row of scan=19" "$(printf '\t0\tscan=19\tNA\t1\tcentroid\t15\t0\t14\t120')"
expect_out "tsv row of the empty spectrum" "$(printf '\t2\tscan=21\tNA\t1\tcentroid\t0\tNA\tNA\t0')"
expect_out "tsv well from spotID" "$(printf '\tA01\t1\tcentroid\t15\t')"
if [ "$(wc -l <"$T/out")" -eq 5 ]; then pass "tsv has a header and 4 rows"; else fail "tsv has a header and 4 rows" "$(cat "$T/out")"; fi

expect_rc "inspect --tsv MALDI centroid" 0 "$MZG" inspect --tsv "$EXT/pwiz_Bruker_MALDI_20percLaser_H6-ms1-centroid.mzML"
expect_out "MALDI spot H6, 338 points, sum = TIC" "$(printf '\tframe=1\tH06\t1\tcentroid\t338\t294.0809248\t1634.731012\t226376')"

expect_rc "inspect human form" 0 "$MZG" inspect "$EXT/pwiz_tiny.pwiz.1.1.mzML"
expect_out "human form shows the index" "index: verified (4 spectra, 2 chromatograms)"
expect_out "human form shows encodings" "f64; f64"
expect_out "human form counts" "4 spectra, 0 bad"

expect_rc "gzip input" 0 "$MZG" inspect --tsv "$EXT/pymzml_example.mzML.gz"
expect_out "gzip first spectrum" "$(printf '\t917\t70.06578064\t823.3918457\t')"

expect_rc "numpress + zlib (two cvParams)" 0 "$MZG" inspect "$EXT/msdk_MzValues_Zlib+Numpress.mzML"
expect_out "numpress encoding shown" "numpress-linear+zlib; f64+zlib"

expect_rc "stale index still reads" 0 "$MZG" inspect "$EXT/msdk_MzMLFile_7_compressed.mzML"
expect_out "stale index reported" "index: the offset of 'index=0' is 3566 but the element starts at 3509"

expect_rc "truncated file exits 1" 1 "$MZG" inspect "$EXT/msdk_truncated.mzML"
expect_err "truncated file is named and explained" "msdk_truncated.mzML: the file ends inside <index> (truncated?)"

# several files: a bad one does not stop the others
expect_rc "bad + good files exit 1" 1 "$MZG" inspect --tsv "$EXT/msdk_truncated.mzML" "$EXT/pwiz_tiny.pwiz.1.1.mzML"
expect_out "the good file is still listed" "$(printf '\t3\tsample=1 period=1 cycle=22 experiment=1\tA01')"
expect_rc "missing file exits 1" 1 "$MZG" inspect /nonexistent/A01.mzML
expect_err "missing file named" "/nonexistent/A01.mzML: cannot open"

# a bad spectrum is reported and the rest listed
sed '0,/<binary>AAAAAAAAAAAAAAAAAADwPwAA/s//<binary>!AAAAAAAAAAAAAAAAADwPwAA/' \
	"$EXT/pwiz_tiny.pwiz.1.1.mzML" >"$T/bad.mzML"
if cmp -s "$T/bad.mzML" "$EXT/pwiz_tiny.pwiz.1.1.mzML"; then
	fail "could not make a bad spectrum" "sed did not change the file"
else
	expect_rc "bad spectrum exits 1" 1 "$MZG" inspect --tsv "$T/bad.mzML"
	expect_err "bad spectrum named with index and id" "bad.mzML: spectrum 0 (id 'scan=19'): m/z array: invalid base64"
	expect_out "the other spectra are listed" "$(printf '\t3\tsample=1 period=1 cycle=22 experiment=1\tA01')"
fi

# libxml2 must never print on its own (encoding errors raised outside the
# parser context): every stderr line is mzgeno's
for f in crash-printed-utf7-encoding-error.mzML crash-printed-encoder-error.mzML; do
	expect_rc "$f exits 1" 1 "$MZG" inspect "$DATA/fuzz/mzml/$f"
	if grep -qv '^mzgeno: ' "$T/err"; then
		fail "$f: only mzgeno prints" "$(head -c 300 "$T/err")"
	else
		pass "$f: only mzgeno prints"
	fi
	expect_err "$f: the encoding problem is named" "not well-formed XML"
done

if [ -n "$SHARED" ] && [ -d "$SHARED/testdata/mzml-external" ]; then
	expect_rc "empty run: zero spectra, exit 0" 0 "$MZG" inspect --tsv "$SHARED/testdata/mzml-external/IDBacApp_1_empty_run_indexed.mzML"
	if [ "$(wc -l <"$T/out")" -eq 1 ]; then pass "empty run lists only the header"; else fail "empty run lists only the header" "$(cat "$T/out")"; fi
else
	skip "empty-run file (needs ../shared)"
fi
finish
