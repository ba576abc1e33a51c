"""Checks that `wpk` round-trips GGUF files written by the real gguf-py: each file converts
gguf -> wpk -> gguf, and GGUFReader finds the same metadata (keys in order, value types,
values) and the same tensors (names, types, shapes, bytes) as in the original. The output
must also be byte-identical to the input, since both follow gguf-py's layout.

Usage: check_gguf.py WPK_BINARY
"""

import math
import os
import sys
import tempfile
from importlib.metadata import version

import gguf
import numpy as np
from gguf import GGMLQuantizationType as Q, GGUFValueType as V

from wpk_cli import run


def write_files(scratch):
    rng = np.random.default_rng(7)
    files = []

    path = os.path.join(scratch, "typed.gguf")
    w = gguf.GGUFWriter(path, "llama")
    for key, value, vtype in [
        ("t.u8", 7, V.UINT8), ("t.i8", -7, V.INT8), ("t.u16", 60000, V.UINT16),
        ("t.i16", -300, V.INT16), ("t.u32", 2**32 - 1, V.UINT32), ("t.i32", -(2**31), V.INT32),
        ("t.u64", 2**64 - 1, V.UINT64), ("t.i64", -(2**63), V.INT64), ("t.f32", 1e-3, V.FLOAT32),
        ("t.f32nan", float("nan"), V.FLOAT32), ("t.f64", -1.0 / 3.0, V.FLOAT64),
        ("t.f64inf", float("inf"), V.FLOAT64), ("t.bool", True, V.BOOL),
        ("t.str", "na\u00efve \u2713", V.STRING),
    ]:
        w.add_key_value(key, value, vtype)
    w.add_key_value("tokenizer.ggml.tokens", [f"tok{i}" for i in range(300)], V.ARRAY, V.STRING)
    w.add_key_value("tokenizer.ggml.scores", [float(i) / 7 for i in range(300)], V.ARRAY, V.FLOAT32)
    w.add_key_value("t.nested", [[1, 2], [3, 4, 5]], V.ARRAY, V.ARRAY)
    w.add_key_value("t.bools", [True, False], V.ARRAY, V.BOOL)
    w.add_tensor("emb", rng.standard_normal((4, 64)).astype(np.float32))
    w.add_tensor("h", rng.standard_normal((2, 3, 32)).astype(np.float16))
    for qtype, shape in [(Q.Q8_0, (3, 96)), (Q.Q4_0, (5, 64)), (Q.BF16, (2, 16))]:
        data = gguf.quants.quantize(rng.standard_normal(shape).astype(np.float32), qtype)
        w.add_tensor(f"{qtype.name.lower()}", data, raw_dtype=qtype)
    w.add_tensor("ids", np.arange(10, dtype=np.int32))
    w.add_tensor("d", np.array([[1.5, 2.5]], dtype=np.float64))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    files.append(path)

    path = os.path.join(scratch, "aligned.gguf")
    w = gguf.GGUFWriter(path, "bert")
    w.add_custom_alignment(128)
    w.add_tensor("a", np.arange(5, dtype=np.float32))
    w.add_tensor("b", gguf.quants.quantize(np.ones((1, 32), np.float32), Q.Q8_0), raw_dtype=Q.Q8_0)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    files.append(path)
    return files


def same_value(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same_value, a, b))
    return a == b and type(a) is type(b)


def check_file(wpk, path, scratch):
    packed = os.path.join(scratch, "t.wpk")
    back = os.path.join(scratch, "back.gguf")
    run(wpk, "convert", path, packed, "--force")
    run(wpk, "verify", packed)
    run(wpk, "convert", packed, back, "--force")
    before, after = gguf.GGUFReader(path), gguf.GGUFReader(back)
    assert list(before.fields) == list(after.fields), path
    for key, field in before.fields.items():
        other = after.fields[key]
        assert field.types == other.types, (path, key, field.types, other.types)
        for part, other_part in zip(field.parts, other.parts):
            assert part.tobytes() == other_part.tobytes(), (path, key)
        if not key.startswith("GGUF."):
            assert same_value(field.contents(), other.contents()), (path, key)
    assert before.alignment == after.alignment, path
    assert len(before.tensors) == len(after.tensors), path
    for t, u in zip(before.tensors, after.tensors):
        assert (t.name, t.tensor_type, list(t.shape)) == (u.name, u.tensor_type, list(u.shape)), t.name
        assert t.data.tobytes() == u.data.tobytes(), (path, t.name)
    with open(path, "rb") as a, open(back, "rb") as b:
        assert a.read() == b.read(), f"{path}: round trip is not byte-identical"


def main():
    wpk = sys.argv[1]
    with tempfile.TemporaryDirectory() as scratch:
        files = write_files(scratch)
        for path in files:
            check_file(wpk, path, scratch)
    print(f"gguf {version('gguf')}: {len(files)} files round-trip through wpk")


if __name__ == "__main__":
    main()
