"""Runs the `wpk` binary for the interop checks: one helper instead of one per script."""

import subprocess


def run(wpk, *args):
    """Runs `wpk ARGS --quiet`; stops the check with wpk's error when it fails."""
    result = subprocess.run([wpk, *args, "--quiet"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"wpk {' '.join(args)} failed ({result.returncode}): {result.stderr}")
