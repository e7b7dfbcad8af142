#!/bin/sh
# test_install.sh -- `ninja install` gives a usable library: the mzgeno
# binary, libmzgeno, the public headers, the man pages and a pkg-config
# file, and a program outside the tree (examples/wells.c) builds against
# them with pkg-config alone and reads a chip as `mzgeno inspect` does.
# That also proves the public headers stand on their own (no internal
# header needed). Installs into a scratch DESTDIR with --no-rebuild.
# Skips in sanitizer and fuzzing builds (an uninstrumented program cannot
# link an instrumented library) and without cc or pkg-config.
. "$(dirname "$0")/lib.sh"

BUILD=${MZG_BUILD:?}
opts="$BUILD/meson-info/intro-buildoptions.json"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
instrumented=$("$py" - "$opts" <<'PY' 2>/dev/null
import json, sys
o = {x["name"]: x["value"] for x in json.load(open(sys.argv[1]))}
off = ("none", "", None, [])   # b_sanitize is a string or, newer, a list
print("yes" if o.get("b_sanitize") not in off
      or o.get("fuzzing_engine") not in off else "no")
PY
)
cc=${CC:-cc}
if [ "$instrumented" != no ]; then
	skip "install: instrumented build (or no build options: '$instrumented')"
elif ! command -v pkg-config >/dev/null || ! command -v "$cc" >/dev/null; then
	skip "install: needs pkg-config and a C compiler"
else
	dest="$T/inst"
	expect_rc "meson install into a DESTDIR" 0 \
		meson install -C "$BUILD" --no-rebuild --quiet --destdir "$dest"
	prefix=$("$py" -c 'import json,sys; print([x["value"] for x in json.load(open(sys.argv[1])) if x["name"] == "prefix"][0])' "$opts")
	root="$dest$prefix"
	bin="$root/bin/mzgeno"
	pc=$(find "$root" -name mzgeno.pc | head -n 1)
	lib=$(find "$root" -name 'libmzgeno.so*' | head -n 1)
	for f in "$bin" "$pc" "$lib" "$root/include/mzgeno/mzgeno.h" \
	         "$root/include/mzgeno/review.h" \
	         "$root/share/man/man1/mzgeno.1" "$root/share/man/man1/mzgeno-review.1" \
	         "$root/share/man/man5/mzgeno-design.5" "$root/share/man/man5/mzgeno-plate.5" \
	         "$root/share/man/man5/mzgeno-report.5"; do
		if [ -n "$f" ] && [ -f "$f" ]; then pass "installed ${f#$dest}"; else
			fail "installed file missing" "${f:-(not found)} under $root"; fi
	done
	libdir=$(dirname "$lib")
	export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	expect_rc "installed mzgeno runs" 0 "$bin" --version
	flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --define-variable=prefix="$root" \
		--cflags --libs mzgeno)
	# shellcheck disable=SC2086  # flags are words
	expect_rc "examples/wells.c builds with pkg-config alone" 0 \
		"$cc" -std=c11 -Wall -Wextra -Werror -o "$T/wells" "$SRC/examples/wells.c" $flags
	"$MZG" simulate --out "$T/sim" --wells 96 --points 400 --seed 4 -q
	expect_rc "wells reads a simulated chip" 0 "$T/wells" "$T/sim/chip.mzML"
	mv "$T/out" "$T/wells.out"
	"$MZG" inspect --tsv "$T/sim/chip.mzML" |
		awk -F'\t' 'NR > 1 { printf "%s\t%s\t%.2f\t%.2f\n", $4, $7, $8, $9 }' >"$T/want"
	if [ -s "$T/want" ] && cmp -s "$T/want" "$T/wells.out"; then
		pass "wells lists what mzgeno inspect lists ($(wc -l <"$T/want") pads)"
	else
		fail "wells and inspect differ" "$(diff "$T/want" "$T/wells.out" | head -n 5)"
	fi
	printf '<mzML><run><spectrumList count="1"><spectrum index="0" id="x"' >"$T/cut.mzML"
	expect_rc "wells: a truncated file exits 1" 1 "$T/wells" "$T/cut.mzML"
	expect_err "wells: the message names the file" "cut.mzML"
fi
finish
