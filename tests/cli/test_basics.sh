#!/bin/sh
# Global options of the mzgeno command.
. "$(dirname "$0")/lib.sh"

expect_rc "--version exits 0" 0 "$MZG" --version
expect_out "--version prints the version" "mzgeno 0."
expect_rc "--help exits 0" 0 "$MZG" --help
expect_out "--help lists usage" "Usage: mzgeno <command>"
expect_rc "no arguments is a usage error" 1 "$MZG"
expect_rc "unknown command is a usage error" 1 "$MZG" frobnicate
expect_err "unknown command is named" "unknown command 'frobnicate'"
finish
