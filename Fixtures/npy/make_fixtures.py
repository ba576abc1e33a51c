"""Makes the NumPy fixtures that Tests/WeightPackTests/Convert/NPY*Tests.swift read.

Run from anywhere: python3 make_fixtures.py
The files in ../malformed/npy/ are also real np.save output, of dtypes WeightPack refuses.
Every .npy file here is written by numpy itself (np.save or np.lib.format.write_array).
For each one, expected.json records the dtype and shape WeightPack should report, the
file's byte order and layout, and the name of a .bin file holding the array's elements as
little-endian, row-major bytes (what WeightPack must stream). VERSIONS.txt records numpy's
version. Everything is deterministic, so running the script again changes nothing.
"""

import json
import os
import shutil

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# numpy descr kind+size -> WeightPack dtype name.
DTYPES = {
    "f8": "F64", "f4": "F32", "f2": "F16",
    "i8": "I64", "i4": "I32", "i2": "I16", "i1": "I8",
    "u8": "U64", "u4": "U32", "u2": "U16", "u1": "U8",
    "b1": "BOOL",
}

records = []


def values(code, shape):
    """Deterministic, distinct-byte values of the given dtype code and shape."""
    count = int(np.prod(shape, dtype=np.int64))
    if code == "b1":
        return (np.arange(count) % 3 == 1).reshape(shape)
    if code[0] == "f":
        return ((np.arange(count) - count / 2) * 0.375 + 0.1).astype(code).reshape(shape)
    kind = np.dtype(code)
    low, high = int(np.iinfo(kind).min), int(np.iinfo(kind).max)
    # Spread values over the type's range so every byte of an element differs.
    spread = [(i * 0x0102030405060708 + 0x1122334455667788) % (1 << 64) for i in range(count)]
    wrapped = [value % (high - low + 1) + low for value in spread]
    return np.array(wrapped, dtype=kind).reshape(shape)


def little_row_major(array):
    """The array's elements as little-endian, row-major bytes."""
    return np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()


def record(name, array, dtype, version=None, subdir=None, tensor=None):
    folder = os.path.join(HERE, subdir) if subdir else HERE
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name + ".npy")
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as handle:
            np.lib.format.write_array(handle, array, version=version)
    relative = os.path.relpath(path, HERE)
    bin_name = relative[: -len(".npy")].replace("/", ".") + ".bin"
    with open(os.path.join(HERE, "expected", bin_name), "wb") as handle:
        handle.write(little_row_major(array))
    records.append({
        "file": relative,
        "tensor": tensor or name,
        "dtype": dtype,
        "shape": list(array.shape),
        "descr": array.dtype.str,
        "fortran_order": bool(array.flags.f_contiguous and not array.flags.c_contiguous),
        "version": list(version) if version else [1, 0],
        "expected": "expected/" + bin_name,
    })


def make_refused():
    """Real np.save output that WeightPack must refuse, in ../malformed/npy/."""
    folder = os.path.join(HERE, "..", "malformed", "npy")
    os.makedirs(folder, exist_ok=True)
    np.save(os.path.join(folder, "object-pickled.npy"),
            np.array([1, "a", None], dtype=object), allow_pickle=True)
    np.save(os.path.join(folder, "structured.npy"),
            np.zeros(2, dtype=[("a", "<f4"), ("b", "<i2")]))
    np.save(os.path.join(folder, "complex.npy"), np.zeros(2, dtype="<c8"))
    np.save(os.path.join(folder, "unicode-string.npy"), np.array(["ab", "c"]))
    np.save(os.path.join(folder, "datetime.npy"),
            np.array(["2024-01-01"], dtype="datetime64[D]"))
    np.save(os.path.join(folder, "void.npy"), np.zeros(2, dtype="V3"))


def main():
    for stale in ("expected", "dir"):
        shutil.rmtree(os.path.join(HERE, stale), ignore_errors=True)
    for stale in os.listdir(HERE):
        if stale.endswith(".npy"):
            os.remove(os.path.join(HERE, stale))
    os.makedirs(os.path.join(HERE, "expected"))

    for code, dtype in DTYPES.items():
        little = values(code, (2, 3))
        record(f"dtype-{dtype.lower()}-le", little, dtype)
        if np.dtype(code).itemsize > 1:
            record(f"dtype-{dtype.lower()}-be", little.astype(">" + code), dtype)

    for code in ("f4", "i2"):
        dtype = DTYPES[code]
        for shape in ((3, 4), (2, 3, 4)):
            for order in ("<", ">"):
                array = np.asfortranarray(values(code, shape).astype(order + code))
                rank = len(shape)
                endian = "le" if order == "<" else "be"
                record(f"fortran-{rank}d-{dtype.lower()}-{endian}", array, dtype)

    record("scalar-0d", np.array(2.5, dtype="<f8"), "F64")
    record("empty-1d", np.zeros((0,), dtype="<f4"), "F32")
    record("empty-3d", np.zeros((3, 0, 2), dtype="<i4"), "I32")
    for rank in range(1, 9):
        shape = tuple([2] * (rank - 1) + [3]) if rank > 1 else (5,)
        record(f"rank-{rank}", values("f4", shape), "F32")
    record("version-2", values("f4", (2, 2)), "F32", version=(2, 0))
    record("version-3", values("i4", (3,)), "I32", version=(3, 0))
    record("long-dimension", values("u1", (70,)), "U8")

    record("w", values("f4", (2, 2)), "F32", subdir="dir/encoder/layer0",
           tensor="encoder.layer0.w")
    record("b", values("f4", (2,)), "F32", subdir="dir/encoder/layer0",
           tensor="encoder.layer0.b")
    record("scale", values("f2", (3,)), "F16", subdir="dir/encoder",
           tensor="encoder.scale")
    record("embed", values("i8", (2, 2)), "I64", subdir="dir", tensor="embed")
    with open(os.path.join(HERE, "dir", "README.txt"), "w") as handle:
        handle.write("Not a .npy file: the directory reader skips it.\n")

    make_refused()

    with open(os.path.join(HERE, "expected.json"), "w") as handle:
        json.dump(records, handle, indent=1, sort_keys=True)
        handle.write("\n")
    with open(os.path.join(HERE, "VERSIONS.txt"), "w") as handle:
        handle.write(f"numpy {np.__version__}\n")


main()
