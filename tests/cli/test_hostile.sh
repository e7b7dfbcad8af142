#!/bin/sh
# Hostile inputs on the command line (testdata/hostile, README there): every
# file gives exit 0 or 1 with a message naming it -- never a crash (exit
# >= 2 or a signal), never a hang (each command runs under `timeout`), and
# never the content of a file it was not given.
. "$(dirname "$0")/lib.sh"
H=$DATA/hostile
TO="timeout 120"

# Exit status of the last run is 0 or 1 (a crash is >= 2, a signal 128+).
expect_clean_exit() {
	if [ "$rc" -le 1 ]; then pass "$1"; else
		fail "$1" "exit $rc" "stderr: $(head -c 400 "$T/err")"
	fi
}

# --- mzML: `mzgeno inspect` on every hostile file ---
for f in "$H"/mzml/*.mzML "$H"/mzml/*.mzML.gz; do
	b=$(basename "$f")
	run $TO "$MZG" inspect "$f"
	expect_clean_exit "inspect $b exits 0 or 1"
	if [ "$rc" -eq 1 ]; then
		expect_err "inspect $b names the file in its error" "$b"
	fi
	if grep -q "MZG-XXE-MARKER" "$T/out" "$T/err"; then
		fail "inspect $b leaks xxe_secret.txt"
	fi
done

# One bad spectrum does not hide the others.
expect_rc "bad base64 in A02: exit 1" 1 $TO "$MZG" inspect "$H/mzml/base64_bad_chars.mzML"
expect_err "the bad spectrum is named" "spectrum 1 (id 'scan=2'): m/z array: invalid base64"
expect_out "A01 still listed" "A01"
expect_out "A03 still listed" "A03"
expect_out "the count says one bad" "3 spectra, 1 bad"
expect_rc "zlib bomb: exit 1" 1 $TO "$MZG" inspect "$H/mzml/zlib_bomb_256MiB.mzML"
expect_err "zlib bomb: capped by the declared length" "too long for 4176 values (declared 40)"
expect_rc "truncated file: spectra before the cut, then exit 1" 1 \
	$TO "$MZG" inspect "$H/mzml/truncated_before_end.mzML"
expect_out "truncated file: A03 listed" "A03"
expect_err "truncated file: says truncated" "(truncated?)"
expect_rc "billion laughs: exit 1" 1 $TO "$MZG" inspect "$H/mzml/billion_laughs_text.mzML"
expect_err "billion laughs: entity refused" "Entity 'lol9' not defined"

# The zlib bomb in bounded memory: 256 MiB would not fit under this limit.
# (Sanitizer builds reserve terabytes of address space: no limit there.)
if ldd "$MZG" 2>/dev/null | grep -q -e libasan -e libubsan; then
	skip "zlib bomb under ulimit -v (sanitizer build)"
else
	run sh -c "ulimit -v 200000 && exec $TO \"$MZG\" inspect \"$H/mzml/zlib_bomb_256MiB.mzML\""
	expect_clean_exit "zlib bomb under a 200 MB address-space limit"
	expect_err "zlib bomb under a 200 MB limit: the usual error" "declared 40"
fi

# XXE against a marker in a fresh directory (absolute file:// URI and path).
marker="MZG-XXE-CLI-$$-SECRET"
echo "$marker" >"$T/secret.txt"
for uri in "file://$T/secret.txt" "$T/secret.txt"; do
	sed "s|xxe_secret.txt|$uri|" "$H/mzml/xxe_text.mzML" >"$T/xxe.mzML"
	sed "s|xxe_secret.txt|$uri|" "$H/mzml/xxe_external_dtd.mzML" >"$T/dtd.mzML"
	for f in xxe dtd; do
		run $TO "$MZG" inspect "$T/$f.mzML"
		expect_clean_exit "xxe ($f, $uri): exit 0 or 1"
		if grep -q "$marker" "$T/out" "$T/err"; then
			fail "xxe ($f, $uri): the secret leaked"
		else
			pass "xxe ($f, $uri): the secret did not leak"
		fi
	done
done

# Files that are not mzML files at all.
expect_rc "inspect a directory: exit 1" 1 $TO "$MZG" inspect "$H"
expect_rc "inspect /dev/null: exit 1" 1 $TO "$MZG" inspect /dev/null
expect_rc "inspect a missing file: exit 1" 1 $TO "$MZG" inspect "$T/missing.mzML"
expect_err "missing file named" "missing.mzML"

# --- design exports and plate sheets ---
for f in "$H"/design/*.tsv; do
	b=$(basename "$f")
	run $TO "$MZG" design check "$f"
	expect_clean_exit "design check $b exits 0 or 1"
	if [ "$rc" -eq 1 ]; then
		expect_err "design check $b names the file" "$b"
	fi
done
expect_rc "UTF-16 design: exit 1" 1 $TO "$MZG" design show "$H/design/utf16le.tsv"
expect_err "UTF-16 design: says so" "UTF-16"
expect_rc "NUL in a design: exit 1" 1 $TO "$MZG" design show "$H/design/nul_in_line.tsv"
expect_err "NUL in a design: line and column" "nul_in_line.tsv:2: a NUL byte at column 23"

finish
