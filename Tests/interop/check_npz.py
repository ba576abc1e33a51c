"""Checks that `wpk` round-trips real NumPy .npz archives: archives made by np.savez,
np.savez_compressed and zipfile with force_zip64=True convert to .wpk and back to .npz
(stored, and deflated with --compress zlib); np.load must give identical dtype (little-endian),
shape and bytes, and zipfile's testzip() must find every member sound. It also checks the
writer's forced-ZIP64 output committed as Fixtures/npz/wpk-forced-zip64.npz.

Usage: check_npz.py WPK_BINARY
"""

import os
import sys
import tempfile
import zipfile

import numpy as np

from wpk_cli import run

HERE = os.path.dirname(os.path.abspath(__file__))
FORCED = os.path.join(HERE, "..", "..", "Fixtures", "npz", "wpk-forced-zip64.npz")


def arrays():
    rng = np.random.default_rng(5)
    return {
        "w": rng.standard_normal((4, 5)).astype("<f4"),
        "big_endian": rng.integers(-1000, 1000, (3, 2)).astype(">i4"),
        "fortran": np.asfortranarray(rng.standard_normal((3, 4, 2))),
        "half": rng.standard_normal(7).astype("<f2"),
        "scalar": np.array(7, dtype="<u8"),
        "empty": np.zeros((0, 2), dtype="<i2"),
        "mask": rng.integers(0, 2, 9).astype(bool),
        "bytes": rng.integers(0, 256, 300000).astype("u1"),
        "nested/name": np.arange(5, dtype="<i1"),
    }


def write_zip64(path, data):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, array in data.items():
            with archive.open(name + ".npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


def check_same(path, data):
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None, f"{path}: zipfile finds a bad member"
    with np.load(path, allow_pickle=False) as loaded:
        assert sorted(loaded.files) == sorted(n.replace("/", ".") for n in data), (path, loaded.files)
        for name, array in data.items():
            got = loaded[name.replace("/", ".")]
            want = array.astype(array.dtype.newbyteorder("<")).copy(order="C")
            assert got.dtype == want.dtype, (path, name, got.dtype, want.dtype)
            assert got.shape == want.shape, (path, name, got.shape, want.shape)
            assert got.tobytes() == want.tobytes(), (path, name)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    wpk = sys.argv[1]
    data = arrays()
    checked = 0
    with tempfile.TemporaryDirectory() as scratch:
        sources = {
            "savez.npz": lambda p: np.savez(p, **data),
            "savez_compressed.npz": lambda p: np.savez_compressed(p, **data),
            "force_zip64.npz": lambda p: write_zip64(p, data),
        }
        for name, make in sources.items():
            source = os.path.join(scratch, name)
            make(source)
            packed = os.path.join(scratch, "t.wpk")
            run(wpk, "verify", source)
            run(wpk, "convert", source, packed, "--force")
            run(wpk, "verify", packed)
            for extra in ([], ["--compress", "zlib"]):
                back = os.path.join(scratch, "back.npz")
                run(wpk, "convert", packed, back, "--force", *extra)
                check_same(back, data)
                run(wpk, "verify", back)
                checked += 1
    with zipfile.ZipFile(FORCED) as archive:
        assert archive.testzip() is None, FORCED
        infos = archive.infolist()
        assert all(info.extra[:2] == b"\x01\x00" for info in infos[1:]), "no ZIP64 extra fields"
    with np.load(FORCED, allow_pickle=False) as loaded:
        assert loaded["f32"].shape == (2, 3) and loaded["i32"].shape == (0, 4)
        assert loaded["f16"].shape == () and loaded["f16"].dtype == np.float16
    print(f"npz interop: {checked} round trips and the forced-ZIP64 fixture OK")


if __name__ == "__main__":
    main()
