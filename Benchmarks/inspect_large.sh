#!/usr/bin/env bash
# Shows that `wpk inspect` of a 1 GiB file reads only the preamble, the trailer and the
# manifest: it makes a 1 GiB float32 .npy (Gaussian values, NumPy), packs it with `wpk
# convert`, then counts the bytes `wpk inspect` reads from the file with strace.
#
# Usage: Benchmarks/inspect_large.sh WPK_BINARY [SCRATCH_DIR]
# Needs: python3 with numpy, strace.
set -euo pipefail
wpk=$(realpath "$1")
scratch=${2:-$(mktemp -d)}
cd "$scratch"
python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(0)
array = np.lib.format.open_memmap("big.npy", mode="w+", dtype="<f4", shape=(256, 1024, 1024))
for index in range(256):
    array[index] = rng.standard_normal((1024, 1024), dtype=np.float32) * 0.02
array.flush()
PY
/usr/bin/time -f "convert: %e s wall, %M KiB peak RSS" "$wpk" convert big.npy big.wpk --force -q
ls -l big.npy big.wpk
strace -f -e trace=openat,pread64,read -o trace.txt "$wpk" inspect big.wpk >/dev/null
fd=$(grep -m1 'openat(AT_FDCWD, "big.wpk"' trace.txt | grep -o '= [0-9]*$' | awk '{print $2}')
awk -v fd="$fd" '/openat\(AT_FDCWD, "big.wpk"/ {open = 1}
  open && ($2 ~ "^pread64\\(" fd "," || $2 ~ "^read\\(" fd ",") {
    n = $NF; total += n; print "  " substr($2, 1, 7) " " n " bytes" }
  END { print "bytes read from big.wpk by inspect: " total }' trace.txt
/usr/bin/time -f "inspect: %e s wall, %M KiB peak RSS" "$wpk" inspect big.wpk >/dev/null
