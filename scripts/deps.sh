# deps.sh -- install what mzgeno needs on a Debian machine (sourced).
#
# ensure_deps PKG... installs the listed Debian packages that are missing,
# using sudo when not root. The build needs MZG_BUILD_PKGS; the test suite
# also uses MZG_TEST_PKGS (peer tools for guarded tests and fuzzing).

MZG_BUILD_PKGS="gcc pkg-config meson ninja-build libxml2-dev zlib1g-dev libgsl-dev libcunit1-dev libdeflate-dev python3"
MZG_TEST_PKGS="clang libclang-rt-14-dev python3-pymzml r-cran-maldiquantforeign libpwiz-tools chromium"

ensure_deps() {
	missing=""
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	echo "mzgeno: installing:$missing" >&2
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "mzgeno: need root or sudo to install:$missing" >&2
		return 1
	fi
	$SUDO apt-get update -qq >&2
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
}
