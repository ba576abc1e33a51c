"""Makes the NumPy .npz fixtures that Tests/WeightPackTests/Convert/NPZ/*Tests.swift read.

Run from anywhere: python3 make_fixtures.py
Every archive here is written by numpy or Python's zipfile:

- savez.npz             np.savez: stored members (numpy opens each with force_zip64=True)
- savez-compressed.npz  np.savez_compressed: the same arrays, deflated
- zip64.npz             zipfile with force_zip64=True and ZIP64_LIMIT lowered for the
                        writer, so the central directory holds ZIP64 extra fields and the
                        archive ends with a ZIP64 end record and locator; stored and
                        deflated members, and an archive comment
- ../malformed/npz/     archives WeightPack must refuse: bzip2 and lzma members, a member
                        that is not .npy, a name climbing out with '..', duplicate names

expected.json lists, for each archive, its tensors (name, dtype, shape) and the .bin file
holding the elements as little-endian, row-major bytes. VERSIONS.txt records the versions.
Everything is deterministic (fixed ZIP timestamps), so running the script again changes
nothing.
"""

import io
import json
import os
import platform
import warnings
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MALFORMED = os.path.join(HERE, "..", "malformed", "npz")
DATE = (2024, 1, 2, 3, 4, 6)


def arrays():
    """The arrays every archive holds: several dtypes, byte orders, layouts and ranks."""
    return {
        "weight": (np.arange(6, dtype="<f4") * 0.5 - 1).reshape(2, 3),
        "bias": np.array([1.5, -2.25, 1e300], dtype="<f8"),
        "ids": np.array([1, -2, 1 << 40, -(1 << 62)], dtype="<i8"),
        "mask": np.array([True, False, True, True, False]),
        "scalar": np.array(3.5, dtype="<f2"),
        "empty": np.zeros((0, 3), dtype="<i4"),
        "big_endian": np.array([[1, -2], [300, -32768]], dtype=">i2"),
        "fortran": np.asfortranarray(np.arange(12, dtype="<f4").reshape(3, 4)),
        "fortran_be": np.asfortranarray(np.arange(24, dtype=">u4").reshape(2, 3, 4)),
        "bytes": np.arange(7, dtype="u1"),
        "encoder/layer0/w": np.array([[0.25, 0.5]], dtype="<f4"),
    }


DTYPES = {"f8": "F64", "f4": "F32", "f2": "F16", "i8": "I64", "i4": "I32", "i2": "I16",
          "i1": "I8", "u8": "U64", "u4": "U32", "u2": "U16", "u1": "U8", "b1": "BOOL"}


def little_row_major(array):
    return np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()


def npy_bytes(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def fix_dates(path):
    """Rewrites the archive with fixed timestamps, keeping everything else as zipfile wrote
    it (numpy stamps members with the current time)."""
    with open(path, "rb") as handle:
        data = bytearray(handle.read())
    dos_time = (DATE[3] << 11) | (DATE[4] << 5) | (DATE[5] // 2)
    dos_date = ((DATE[0] - 1980) << 9) | (DATE[1] << 5) | DATE[2]
    stamp = dos_time.to_bytes(2, "little") + dos_date.to_bytes(2, "little")
    for signature, at in ((b"PK\x03\x04", 10), (b"PK\x01\x02", 12)):
        start = data.find(signature)
        while start >= 0:
            data[start + at:start + at + 4] = stamp
            start = data.find(signature, start + 4)
    with open(path, "wb") as handle:
        handle.write(bytes(data))


def write_forced_zip64(path, members, comment=b""):
    """Writes `members` (name, bytes, method) with ZIP64 fields wherever they can go."""
    saved = zipfile.ZIP64_LIMIT
    zipfile.ZIP64_LIMIT = 16
    try:
        with zipfile.ZipFile(path, "w", allowZip64=True) as archive:
            archive.comment = comment
            for name, data, method in members:
                info = zipfile.ZipInfo(name, date_time=DATE)
                info.compress_type = method
                with archive.open(info, "w", force_zip64=True) as member:
                    member.write(data)
    finally:
        zipfile.ZIP64_LIMIT = saved


def write_plain(path, members):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names warn
        with zipfile.ZipFile(path, "w") as archive:
            for name, data, method in members:
                info = zipfile.ZipInfo(name, date_time=DATE)
                info.compress_type = method
                archive.writestr(info, data)


def main():
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    os.makedirs(MALFORMED, exist_ok=True)
    data = arrays()
    tensors = []
    for name, array in data.items():
        tensor = name.replace("/", ".")
        bin_name = "expected/" + tensor + ".bin"
        with open(os.path.join(HERE, bin_name), "wb") as handle:
            handle.write(little_row_major(array))
        tensors.append({"tensor": tensor, "dtype": DTYPES[array.dtype.str[1:]],
                        "shape": list(array.shape), "expected": bin_name})

    np.savez(os.path.join(HERE, "savez.npz"), **data)
    np.savez_compressed(os.path.join(HERE, "savez-compressed.npz"), **data)
    for name in ("savez.npz", "savez-compressed.npz"):
        fix_dates(os.path.join(HERE, name))
    members = [(name + ".npy", npy_bytes(array),
                zipfile.ZIP_DEFLATED if index % 2 else zipfile.ZIP_STORED)
               for index, (name, array) in enumerate(data.items())]
    write_forced_zip64(os.path.join(HERE, "zip64.npz"), members, comment=b"made by make_fixtures.py")

    for name in ("savez.npz", "savez-compressed.npz", "zip64.npz"):
        loaded = np.load(os.path.join(HERE, name), allow_pickle=False)
        for key, array in data.items():
            assert loaded[key].dtype == array.dtype and np.array_equal(loaded[key], array), key
        with zipfile.ZipFile(os.path.join(HERE, name)) as archive:
            assert archive.testzip() is None, name

    small = npy_bytes(np.arange(4, dtype="<f4"))
    write_plain(os.path.join(MALFORMED, "bzip2-member.npz"), [("a.npy", small, zipfile.ZIP_BZIP2)])
    write_plain(os.path.join(MALFORMED, "lzma-member.npz"), [("a.npy", small, zipfile.ZIP_LZMA)])
    write_plain(os.path.join(MALFORMED, "text-member.npz"),
                [("a.npy", small, zipfile.ZIP_STORED), ("notes.txt", b"hello\n", zipfile.ZIP_STORED)])
    write_plain(os.path.join(MALFORMED, "parent-dir-member.npz"),
                [("../evil.npy", small, zipfile.ZIP_STORED)])
    write_plain(os.path.join(MALFORMED, "duplicate-member.npz"),
                [("a.npy", small, zipfile.ZIP_STORED), ("a.npy", small, zipfile.ZIP_DEFLATED)])
    write_plain(os.path.join(MALFORMED, "not-npy-contents.npz"),
                [("a.npy", b"this is not an array\n", zipfile.ZIP_DEFLATED)])

    records = [{"file": name, "tensors": tensors}
               for name in ("savez.npz", "savez-compressed.npz", "zip64.npz")]
    with open(os.path.join(HERE, "expected.json"), "w") as handle:
        json.dump(records, handle, indent=1)
        handle.write("\n")
    with open(os.path.join(HERE, "VERSIONS.txt"), "w") as handle:
        handle.write(f"numpy {np.__version__}\npython {platform.python_version()}\n")


if __name__ == "__main__":
    main()
