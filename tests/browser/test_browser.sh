#!/bin/sh
# The review page in a real browser: a simulated 96-pad chip is called and
# its report.html (and a reviewed one) opened in headless Chromium from a
# file:// URL: no console error, nothing fetched, one cluster plot per
# assay with one marker per pad, the zooms and the plate map present, the
# hover script working. Screenshots are kept under the build directory
# (tests/browser/*.png). Skips (77) without Chromium or python3.
. "$(dirname "$0")/../cli/lib.sh"

CHROMIUM=${MZG_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3 || true)
if [ -z "$CHROMIUM" ] || [ -z "$PY" ]; then
	echo "SKIP: headless Chromium or python3 not found (apt-get install chromium)"
	exit 77
fi
ART=${MZG_BUILD:-$T}/tests/browser
mkdir -p "$ART"
CHECK="$(dirname "$0")/page_check.py"

if ! "$MZG" simulate --out "$T/sim" --wells 96 --seed 1 -q >/dev/null 2>"$T/err" ||
   ! "$MZG" call --plate "$T/sim/plate.tsv" --out "$T/run" "$T/sim/chip.mzML" \
	>/dev/null 2>>"$T/err"; then
	fail "simulate and call a chip" "$(head -c 400 "$T/err")"
	finish
fi

# json FILE EXPR: a Python expression over the page figures d is true
json() {
	"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}

# page NAME DIR: open DIR/report.html and check it
page() {
	pg=$1 dir=$2
	if "$PY" "$CHECK" --chromium "$CHROMIUM" --screenshot "$ART/$pg.png" \
		"$dir/report.html" >"$T/$pg.json" 2>"$T/err"; then
		pass "$pg: Chromium opened the page"
	else
		fail "$pg: Chromium opened the page" "$(head -c 600 "$T/err")"
		return
	fi
	cp "$T/$pg.json" "$ART/$pg.json"
	n_assays=$(head -1 "$dir/genotypes.tsv" | awk -F'\t' '{ print NF - 2 }')
	n_pads=$(awk -F'\t' 'NR > 1 { w[$2] = 1 } END { print length(w) }' "$dir/calls.tsv")
	n_zooms=$(grep -o '<figure id="z-' "$dir/report.html" | wc -l)
	json "$T/$pg.json" 'd["console_errors"] == []' &&
		pass "$pg: no console errors" ||
		fail "$pg: no console errors" "$(cat "$T/$pg.json" | head -c 800)"
	json "$T/$pg.json" 'd["requests"] == []' &&
		pass "$pg: nothing fetched" || fail "$pg: nothing fetched" "$(head -c 800 "$T/$pg.json")"
	json "$T/$pg.json" "d['plots'] == $n_assays" &&
		pass "$pg: $n_assays cluster plots" || fail "$pg: $n_assays cluster plots" "$(head -c 400 "$T/$pg.json")"
	json "$T/$pg.json" "d['markers'] == [$n_pads] * $n_assays" &&
		pass "$pg: $n_pads markers in every plot" || fail "$pg: $n_pads markers in every plot"
	json "$T/$pg.json" "d['zooms'] == $n_zooms and d['zooms'] > 0" &&
		pass "$pg: $n_zooms spectrum zooms drawn" || fail "$pg: $n_zooms spectrum zooms drawn"
	json "$T/$pg.json" "d['plate_cells'] == $n_pads" &&
		pass "$pg: plate map of $n_pads pads" || fail "$pg: plate map of $n_pads pads"
	json "$T/$pg.json" 'd["hover_ok"]' &&
		pass "$pg: hovering highlights the pad everywhere" ||
		fail "$pg: hovering highlights the pad everywhere" "$(grep -A6 '"hover"' "$T/$pg.json")"
	expect_true "$pg: screenshot saved" test -s "$ART/$pg.png"
	echo "      $pg: load $(json_val "$T/$pg.json" load_ms) ms, $(json_val "$T/$pg.json" bytes) bytes"
}
json_val() {
	"$PY" -c 'import json, sys; print(round(json.load(open(sys.argv[1]))[sys.argv[2]]))' "$1" "$2"
}

page report-96 "$T/run"

# a reviewed page: the overrides section and ringed markers, still clean
row=$(awk -F'\t' '$4 == "sample" && $8 == "A" && $7 != "." { print; exit }' "$T/run/calls.tsv")
printf 'well\tassay\tgenotype\treviewer\treason\n%s\t%s\t.\tT <Tester>\tcheck & "quote"\n' \
	"$(echo "$row" | cut -f2)" "$(echo "$row" | cut -f6)" >"$T/ov.tsv"
if "$MZG" review -q --in "$T/run" --overrides "$T/ov.tsv" --out "$T/rev" \
	>/dev/null 2>"$T/err"; then
	pass "review the chip"
	page reviewed-96 "$T/rev"
else
	fail "review the chip" "$(head -c 400 "$T/err")"
fi

# a page with a broken script is caught (the checker itself can fail)
sed 's/<script>/<script>nosuch();/' "$T/run/report.html" >"$T/broken.html"
mkdir -p "$T/broken" && cp "$T/run/"* "$T/broken/" && mv "$T/broken.html" "$T/broken/report.html"
if "$PY" "$CHECK" --chromium "$CHROMIUM" "$T/broken/report.html" >"$T/broken.json" 2>/dev/null &&
   json "$T/broken.json" 'any("nosuch" in e for e in d["console_errors"])'; then
	pass "a script error is caught by the check"
else
	fail "a script error is caught by the check" "$(head -c 400 "$T/broken.json")"
fi
finish
