# tests/checks/tap-lib.sh
# Copyright 2026 The Lectern authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# TAP helpers sourced by the data test scripts. Every failure prints its reason on stderr, which
# meson test --print-errorlogs shows (it parses stdout as TAP and does not repeat it).

# The test environment makes GLib warnings fatal and enables deprecation diagnostics for our own
# programs; the tools these scripts run are not ours, and their warnings are not our failures.
unset G_DEBUG G_ENABLE_DIAGNOSTIC

tap_n=0
tap_failed=0

# flatpak-builder runs the tests inside the SDK, which lacks some host tools (jq, flatpak,
# appstream-util). There a missing tool is a skip; on a developer machine or in CI it is a
# failure, because build-aux/debian-packages.txt installs all of them.
in_flatpak ()
{
  [ -e /.flatpak-info ]
}

tap_ok ()
{
  tap_n=$((tap_n + 1))
  echo "ok $tap_n - $*"
}

# tap_not_ok DESCRIPTION [REASON...]
tap_not_ok ()
{
  local desc=$1
  shift
  tap_n=$((tap_n + 1))
  tap_failed=$((tap_failed + 1))
  echo "not ok $tap_n - $desc"
  echo "FAIL: $desc" >&2
  if [ $# -gt 0 ]; then
    printf '%s\n' "$@" | sed 's/^/  /' >&2
  fi
}

tap_skip ()
{
  tap_n=$((tap_n + 1))
  echo "ok $tap_n # SKIP $*"
}

# tap_check DESCRIPTION COMMAND [ARG...]: one test point for one command, with its output as
# the reason when it fails.
tap_check ()
{
  local desc=$1 out rc
  shift
  out=$("$@" 2>&1)
  rc=$?
  if [ $rc -eq 0 ]; then
    tap_ok "$desc"
  else
    tap_not_ok "$desc" "command failed with exit code $rc: $*" "$out"
  fi
  return $rc
}

# tap_require TOOL DEBIAN-PACKAGE: returns 0 when TOOL is in PATH, otherwise adds a skip (in the
# Flatpak SDK) or a failure (anywhere else) and returns 1.
tap_require ()
{
  if command -v "$1" >/dev/null 2>&1; then
    return 0
  fi
  if in_flatpak; then
    tap_skip "$1 is not in the Flatpak SDK"
  else
    tap_not_ok "$1 is installed" \
      "$1 was not found in PATH; install the Debian package $2 (build-aux/debian-packages.txt)"
  fi
  return 1
}

tap_done ()
{
  echo "1..$tap_n"
  [ "$tap_failed" -eq 0 ]
  exit
}
