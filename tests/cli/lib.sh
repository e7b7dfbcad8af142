# lib.sh -- tiny harness for mzgeno command-line tests (POSIX sh).
#
# Source it from tests/cli/test_*.sh. Each check runs a command, captures
# its status, stdout and stderr under $T (a scratch dir), and compares.
# finish prints "N passed, N failed" and sets the exit status.

MZG=${MZG_BIN:?MZG_BIN must point at the mzgeno binary}
SRC=${MZG_SOURCE:-.}
DATA=${MZG_TESTDATA:-$SRC/testdata}
SHARED=${MZG_SHARED:-}
T=$(mktemp -d "${TMPDIR:-/tmp}/mzg-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
n_pass=0
n_fail=0
n_skip=0

pass() { n_pass=$((n_pass + 1)); echo "PASS: $1"; }
fail() { n_fail=$((n_fail + 1)); echo "FAIL: $1"; shift; for l in "$@"; do echo "      $l"; done; }
skip() { n_skip=$((n_skip + 1)); echo "SKIP: $1"; }

# run CMD... : run, keep status in $rc, output in $T/out, $T/err
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect_rc NAME STATUS CMD... : the command exits with STATUS
expect_rc() {
	name=$1 want=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$want" ]; then pass "$name"; else
		fail "$name" "exit $rc, expected $want" "stderr: $(head -c 400 "$T/err")"
	fi
}

# expect_out NAME TEXT : the last stdout contains TEXT (fixed string)
expect_out() {
	if grep -qF -- "$2" "$T/out"; then pass "$1"; else
		fail "$1" "stdout lacks: $2" "stdout: $(head -c 400 "$T/out")"
	fi
}

# expect_err NAME TEXT : the last stderr contains TEXT (fixed string)
expect_err() {
	if grep -qF -- "$2" "$T/err"; then pass "$1"; else
		fail "$1" "stderr lacks: $2" "stderr: $(head -c 400 "$T/err")"
	fi
}

# expect_same NAME FILE1 FILE2 : identical files
expect_same() {
	if cmp -s "$2" "$3"; then pass "$1"; else
		fail "$1" "$2 and $3 differ" "$(diff "$2" "$3" | head -5)"
	fi
}

# expect_true NAME CMD... : the command succeeds
expect_true() {
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name" "false: $*"; fi
}

finish() {
	echo "$n_pass passed, $n_fail failed, $n_skip skipped"
	[ "$n_fail" -eq 0 ] || exit 1
	[ "$n_pass" -gt 0 ] || exit 77
	exit 0
}
