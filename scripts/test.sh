#!/bin/sh
# test.sh -- the whole mzgeno test suite, from a fresh machine.
#
# Installs what is missing (Debian packages), builds from scratch twice
# (plain, then AddressSanitizer + UndefinedBehaviorSanitizer), runs every
# test in both builds, and ends with a "N passed, N failed" line.
set -u
cd "$(dirname "$0")/.." || exit 2
. scripts/deps.sh
# shellcheck disable=SC2086
ensure_deps $MZG_BUILD_PKGS $MZG_TEST_PKGS || exit 2

status=0
run_suite() {
	dir=$1
	shift
	rm -rf "$dir"
	if ! meson setup "$dir" --werror "$@" >"$dir.setup.log" 2>&1; then
		cat "$dir.setup.log"
		echo "mzgeno: meson setup failed ($dir)"
		status=1
		return
	fi
	if ! ninja -C "$dir"; then
		echo "mzgeno: build failed ($dir)"
		status=1
		return
	fi
	meson test -C "$dir" --print-errorlogs --num-processes 2 || status=1
}

run_suite build-test --buildtype=debugoptimized
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	run_suite build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

python3 - build-test build-asan <<'PY'
import json, os, sys
passed = failed = skipped = 0
for d in sys.argv[1:]:
    log = os.path.join(d, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        failed += 1
        print(f"{d}: no test log (build failed)")
        continue
    for line in open(log):
        r = json.loads(line)
        res = r.get("result")
        if res in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif res == "SKIP":
            skipped += 1
        else:
            failed += 1
            print(f"{d}: FAILED {r.get('name')}")
print(f"{passed} passed, {failed} failed ({skipped} skipped; plain and ASan+UBSan builds)")
sys.exit(1 if failed or passed == 0 else 0)
PY
[ $? -eq 0 ] || status=1
exit $status
