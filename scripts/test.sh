#!/bin/sh
# test.sh -- the whole mzgeno test suite, from a fresh machine.
#
# Installs what is missing (Debian packages), builds from scratch twice
# (plain, then AddressSanitizer + UndefinedBehaviorSanitizer), runs every
# test in both builds, builds the libFuzzer targets with clang and fuzzes
# each for MZG_FUZZ_SECONDS (default 60, 0 = skip), and ends with a
# "N passed, N failed" line.
set -u
cd "$(dirname "$0")/.." || exit 2
. scripts/deps.sh
# shellcheck disable=SC2086
ensure_deps $MZG_BUILD_PKGS $MZG_TEST_PKGS || exit 2

status=0
test_args=""
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
	# shellcheck disable=SC2086
	meson test -C "$dir" --print-errorlogs --num-processes 2 $test_args ||
		status=1
}

run_suite build-test --buildtype=debugoptimized
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	run_suite build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# Fuzzing: clang + libFuzzer + ASan/UBSan, each target for MZG_FUZZ_SECONDS
# (default 60; 0 skips) on its corpus. A finding fails the run and is kept
# in build-fuzz/findings/ (reproduce: build-fuzz/tests/fuzz/fuzz_NAME FILE).
fuzz_secs=${MZG_FUZZ_SECONDS:-60}
if [ "$fuzz_secs" -gt 0 ] 2>/dev/null; then
	CC=clang
	export CC
	test_args="--suite fuzz"
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		run_suite build-fuzz --buildtype=debugoptimized \
		-Dfuzzing_engine=libfuzzer -Db_sanitize=address,undefined \
		-Db_lundef=false
	unset CC
	test_args=""
	if [ -x build-fuzz/tests/fuzz/fuzz_design ]; then
		sh scripts/fuzz.sh build-fuzz "$fuzz_secs" || status=1
	fi
	logs="build-test build-asan build-fuzz"
else
	echo "mzgeno: fuzzing skipped (MZG_FUZZ_SECONDS=$fuzz_secs)"
	logs="build-test build-asan"
fi

# shellcheck disable=SC2086
python3 - $logs <<'PY'
import json, os, sys
passed = failed = skipped = 0
for d in sys.argv[1:]:
    log = os.path.join(d, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        failed += 1
        print(f"{d}: no test log (build failed)")
        continue
    runs = os.path.join(d, "fuzz-runs.json")
    lines = list(open(log))
    if os.path.exists(runs):
        lines += list(open(runs))
    for line in lines:
        r = json.loads(line)
        res = r.get("result")
        if res in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif res == "SKIP":
            skipped += 1
        else:
            failed += 1
            print(f"{d}: FAILED {r.get('name')}")
print(f"{passed} passed, {failed} failed ({skipped} skipped; builds: {', '.join(sys.argv[1:])})")
sys.exit(1 if failed or passed == 0 else 0)
PY
[ $? -eq 0 ] || status=1
exit $status
