"""Checks that Spec/FORMAT.md suffices to read what `wpk` writes: wpk_spec_reader.py, written
from the spec alone, must read the fixtures to the values Fixtures/wpk/README.md documents,
read `wpk convert` output byte-identical to the source .npy files (plain and deflated
manifests, several chunk sizes, both codecs, LZ77 and Huffman-only deflate) and refuse every
malformed fixture.

Usage: check_spec_reader.py WPK_BINARY FIXTURES_DIR
"""

import glob
import os
import subprocess
import sys
import tempfile

import numpy as np

from wpk_spec_reader import WpkError, read_trailer, verify_wpk

INDEX = np.arange(256)
FIXTURES = {  # Fixtures/wpk/README.md: file -> (codec, chunk size, deflated manifest, tensors)
    "tiny.wpk": ("zlib", 64, False, {
        "x": np.array([0.5, 1, 1.5, 2, 2.5, 3], "<f4").reshape(2, 3)}),
    "int64.wpk": ("zlib", 64, False, {
        "ids": np.arange(-8, 8, dtype="<i8").reshape(4, 4),
        "step": np.array(1234567890123, "<i8")}),
    "raw.wpk": ("raw", 128, False, {
        "u8": (np.arange(300) % 251).astype("u1").reshape(3, 100),
        "f64": np.array([1, -2, 0.25, 1e300], "<f8").reshape(2, 2),
        "empty": np.zeros((0, 4), "<f4")}),
    "compressed.wpk": ("zlib", 512, True, {
        "ramp": ((INDEX % 16) / 16).astype("<f4").reshape(16, 16),
        "mask": INDEX % 32 == 0}),
}


def fail(message):
    raise SystemExit(f"check_spec_reader: {message}")


def manifest_is_deflated(path):
    with open(path, "rb") as file:
        trailer = read_trailer(path, file, os.path.getsize(path))
    return trailer.stored_byte_count < trailer.byte_count, trailer.byte_count


def compare(path, arrays, expected):
    if list(arrays) != list(expected):
        fail(f"{path}: tensors {list(arrays)}, expected {list(expected)}")
    for name, want in expected.items():
        got = arrays[name]
        if (got.dtype, got.shape, got.tobytes()) != (want.dtype, want.shape, want.tobytes()):
            fail(f"{path}: tensor {name!r} is {got.dtype} {got.shape} {got.ravel()[:8]}, "
                 f"expected {want.dtype} {want.shape} {want.ravel()[:8]}")


def check_layout(path, manifest, codec, chunk_size):
    for tensor in manifest["tensors"]:
        sizes = [chunk["byte_count"] for chunk in tensor["chunks"]]
        if tensor["codec"] != codec or any(size != chunk_size for size in sizes[:-1]) or \
                sizes[-1:] > [chunk_size]:
            fail(f"{path}: tensor {tensor['name']!r} is {tensor['codec']} with chunks of "
                 f"{sizes} bytes, expected {codec} in chunks of {chunk_size}")


def check_fixtures(fixtures_dir):
    for file_name, (codec, chunk_size, deflated, expected) in FIXTURES.items():
        path = os.path.join(fixtures_dir, "wpk", file_name)
        manifest, arrays = verify_wpk(path)
        if (manifest["metadata"], manifest["history"]) != ({"fixture": file_name}, []):
            fail(f"{path}: metadata {manifest['metadata']}, history {manifest['history']}")
        if manifest_is_deflated(path)[0] != deflated:
            fail(f"{path}: manifest deflated is not {deflated}")
        check_layout(path, manifest, codec, chunk_size)
        compare(path, arrays, expected)
    found = sorted(os.path.basename(path) for path in glob.glob(f"{fixtures_dir}/wpk/*.wpk"))
    if found != sorted(FIXTURES):
        fail(f"fixtures {found}, but the README documents {sorted(FIXTURES)}")
    return len(FIXTURES)


def load_npy_dir(directory):
    arrays = {}
    for root, _, files in os.walk(directory):
        for file_name in files:
            if file_name.endswith(".npy"):
                path = os.path.join(root, file_name)
                name = os.path.relpath(path, directory)[:-len(".npy")].replace(os.sep, ".")
                arrays[name] = np.load(path)
    return arrays


def convert_and_check(wpk, directory, out, *options, codec="zlib", chunk_size=1 << 20):
    result = subprocess.run([wpk, "convert", directory, out, "--quiet", *options],
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"wpk convert {directory} {' '.join(options)} failed: {result.stderr}")
    manifest, arrays = verify_wpk(out)
    expected = load_npy_dir(directory)
    if sorted(arrays) != sorted(expected):
        fail(f"{out}: tensors {sorted(arrays)}, expected {sorted(expected)}")
    check_layout(out, manifest, codec, chunk_size)
    compare(out, arrays, {name: expected[name] for name in arrays})
    if [entry["operation"] for entry in manifest["history"]] != ["convert"]:
        fail(f"{out}: history {manifest['history']}")
    return manifest_is_deflated(out)


def write_synthetic_model(directory):
    rng = np.random.default_rng(7)
    arrays = {f"layers/{i:02d}/weight": rng.normal(0, 0.02, (24 + i, 40)).astype("<f4")
              for i in range(40)}
    arrays.update({
        "ids": rng.integers(-2**40, 2**40, (50, 30), dtype="<i8"),
        "mask": rng.random(1000) < 0.3,
        "half": rng.normal(0, 1, (33, 7)).astype("<f2"),
        "double": rng.normal(0, 1, (300,)).astype("<f8"),
        "small": rng.integers(-100, 100, (77,), dtype="<i2"),
        "counts": rng.integers(0, 2**32, (5, 5, 5), dtype="<u4"),
        "bytes": rng.integers(-128, 128, (999,), dtype="i1"),
        "scalar": np.array(3.25, "<f4"),
    })
    for name, array in arrays.items():
        path = os.path.join(directory, name + ".npy")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        np.save(path, array)


def check_malformed(fixtures_dir):
    paths = sorted(glob.glob(f"{fixtures_dir}/malformed/wpk/*.wpk"))
    if not paths:
        fail(f"no malformed fixtures in {fixtures_dir}/malformed/wpk")
    for path in paths:
        try:
            verify_wpk(path)
        except WpkError:
            continue
        except Exception as error:
            fail(f"{path}: crashed with {type(error).__name__}: {error}, not WpkError")
        fail(f"{path}: accepted, but it is malformed")
    return len(paths)


def main(wpk, fixtures_dir):
    fixtures = check_fixtures(fixtures_dir)
    model = os.path.join(fixtures_dir, "model")
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "{}.wpk").format
        convert_and_check(wpk, model, out("model"))
        convert_and_check(wpk, model, out("model-4k"), "--chunk-size", "4096", chunk_size=4096)
        convert_and_check(wpk, model, out("model-raw"), "--compress", "none", codec="raw")
        convert_and_check(wpk, model, out("model-level9"), "--level", "9")
        synthetic = os.path.join(scratch, "synthetic")
        write_synthetic_model(synthetic)
        deflated, text_size = convert_and_check(wpk, synthetic, out("synthetic"), "--chunk-size",
                                                "1024", chunk_size=1024)
        if not deflated or text_size <= 4096:
            fail(f"synthetic manifest of {text_size} bytes is not stored deflated")
    malformed = check_malformed(fixtures_dir)
    print(f"spec reader OK: {fixtures} fixtures, model converted 4 ways, synthetic model "
          f"({text_size}-byte manifest, deflated), {malformed} malformed files refused")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    try:
        main(sys.argv[1], sys.argv[2])
    except WpkError as error:
        fail(f"the spec reader refused a valid file: {error}")
