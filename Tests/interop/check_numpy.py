"""Checks that `wpk` round-trips real NumPy files: every fixture .npy converts to .wpk and
back, and NumPy loads the result with identical dtype (little-endian), shape and bytes. The
output file must also be byte-identical to what np.save writes for the same array.

Usage: check_numpy.py WPK_BINARY FIXTURE_DIR
"""

import io
import os
import sys
import tempfile

import numpy as np

from wpk_cli import run


def expected_file(array):
    little = array.astype(array.dtype.newbyteorder("<"), copy=False)
    buffer = io.BytesIO()
    np.save(buffer, little.copy(order="C"))
    return buffer.getvalue()


def check_file(wpk, path, scratch):
    original = np.load(path, allow_pickle=False)
    packed = os.path.join(scratch, "t.wpk")
    back = os.path.join(scratch, "t.npy")
    run(wpk, "convert", path, packed, "--force")
    run(wpk, "verify", packed)
    run(wpk, "convert", packed, back, "--force")
    loaded = np.load(back, allow_pickle=False)
    want = original.astype(original.dtype.newbyteorder("<"), copy=False)
    assert loaded.dtype == want.dtype, (path, loaded.dtype, want.dtype)
    assert loaded.shape == want.shape, (path, loaded.shape, want.shape)
    assert loaded.tobytes() == want.tobytes(order="C"), path
    with open(back, "rb") as handle:
        assert handle.read() == expected_file(original), f"{path}: differs from np.save output"


def check_directory(wpk, directory, scratch):
    packed = os.path.join(scratch, "dir.wpk")
    back = os.path.join(scratch, "dir-out")
    run(wpk, "convert", directory, packed, "--force")
    run(wpk, "convert", packed, back, "--force")
    for root, _, files in os.walk(directory):
        for name in files:
            if not name.endswith(".npy"):
                continue
            relative = os.path.relpath(os.path.join(root, name), directory)
            tensor = relative[: -len(".npy")].replace(os.sep, ".")
            original = np.load(os.path.join(root, name), allow_pickle=False)
            loaded = np.load(os.path.join(back, tensor + ".npy"), allow_pickle=False)
            want = original.astype(original.dtype.newbyteorder("<")).copy(order="C")
            assert loaded.dtype == want.dtype, relative
            assert loaded.shape == want.shape, relative
            assert loaded.tobytes() == want.tobytes(), relative


def main():
    wpk, fixtures = sys.argv[1], sys.argv[2]
    checked = 0
    with tempfile.TemporaryDirectory() as scratch:
        for name in sorted(os.listdir(fixtures)):
            path = os.path.join(fixtures, name)
            if name.endswith(".npy") and os.path.isfile(path):
                check_file(wpk, path, scratch)
                checked += 1
            elif os.path.isdir(path):
                check_directory(wpk, path, scratch)
                checked += 1
    if checked == 0:
        raise SystemExit(f"no fixtures found in {fixtures}")
    print(f"numpy {np.__version__}: {checked} fixtures round-trip through wpk")


if __name__ == "__main__":
    main()
