"""Writes the GGUF fixtures with the real gguf-py GGUFWriter, and expected.json beside them.

expected.json records, per file, what a reader must find: the GGUF version, the alignment,
the typed metadata in WeightPack's manifest encoding (Spec/FORMAT.md, "Typed metadata"),
and each tensor's dtype, row-major shape and bytes (hex). Run from anywhere:

    /work/main/.venv/bin/python Fixtures/gguf/make_gguf.py

Versions used are written to VERSIONS.txt.
"""

import json
import math
import os
import struct
import sys
from importlib.metadata import version

import numpy as np
import gguf
from gguf import GGMLQuantizationType as Q, GGUFValueType as V

HERE = os.path.dirname(os.path.abspath(__file__))

TYPE_NAMES = {
    V.UINT8: "u8", V.INT8: "i8", V.UINT16: "u16", V.INT16: "i16", V.UINT32: "u32",
    V.INT32: "i32", V.UINT64: "u64", V.INT64: "i64", V.FLOAT32: "f32", V.FLOAT64: "f64",
    V.BOOL: "bool", V.STRING: "string", V.ARRAY: "array",
}
DTYPE_NAMES = {
    Q.F32: "F32", Q.F16: "F16", Q.BF16: "BF16", Q.Q8_0: "Q8_0", Q.Q4_0: "Q4_0",
    Q.F64: "F64", Q.I8: "I8", Q.I16: "I16", Q.I32: "I32", Q.I64: "I64",
}


def encode_float(value, vtype):
    """A float in the manifest's encoding: a decimal, "inf", "-inf" or "nan:0x<bits>"."""
    if math.isnan(value):
        if vtype == V.FLOAT32:
            return "nan:0x%08x" % struct.unpack("<I", struct.pack("<f", value))[0]
        return "nan:0x%016x" % struct.unpack("<Q", struct.pack("<d", value))[0]
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if vtype == V.FLOAT32:
        value = float(np.float32(value))
    return value  # json writes repr(float), the shortest round-trip decimal of the double


def encode_value(value, vtype, sub_type=None):
    if vtype in (V.FLOAT32, V.FLOAT64):
        return encode_float(value, vtype)
    if vtype == V.ARRAY:
        element_type = sub_type if sub_type is not None else V.get_type(value[0])
        if element_type == V.ARRAY:
            return [
                {"element_type": TYPE_NAMES[V.get_type(item[0])],
                 "value": encode_value(item, V.ARRAY)}
                for item in value
            ]
        return [encode_value(item, element_type) for item in value]
    return value


def typed_entry(key, value, vtype, sub_type=None):
    entry = {"key": key, "type": TYPE_NAMES[vtype]}
    if vtype == V.ARRAY:
        element_type = sub_type if sub_type is not None else V.get_type(value[0])
        entry["element_type"] = TYPE_NAMES[element_type]
    entry["value"] = encode_value(value, vtype, sub_type)
    return entry


class Fixture:
    def __init__(self, name, arch="llama", alignment=None):
        self.name = name
        self.writer = gguf.GGUFWriter(os.path.join(HERE, name), arch)
        self.metadata = [typed_entry("general.architecture", arch, V.STRING)]
        self.tensors = []
        self.alignment = 32
        if alignment is not None:
            self.writer.add_custom_alignment(alignment)
            self.metadata.append(typed_entry("general.alignment", alignment, V.UINT32))
            self.alignment = alignment

    def kv(self, key, value, vtype, sub_type=None):
        self.writer.add_key_value(key, value, vtype, sub_type=sub_type)
        self.metadata.append(typed_entry(key, value, vtype, sub_type))

    def tensor(self, name, array, qtype):
        data = gguf.quants.quantize(array, qtype)
        if qtype in (Q.F32, Q.F16) or data.dtype != np.uint8:
            self.writer.add_tensor(name, data)
        else:
            self.writer.add_tensor(name, data, raw_dtype=qtype)
        self.tensors.append({
            "name": name, "dtype": DTYPE_NAMES[qtype], "shape": list(array.shape),
            "hex": data.tobytes().hex(),
        })

    def integer_tensor(self, name, array, qtype):
        self.writer.add_tensor(name, array)
        self.tensors.append({
            "name": name, "dtype": DTYPE_NAMES[qtype], "shape": list(array.shape),
            "hex": array.astype(array.dtype.newbyteorder("<")).tobytes().hex(),
        })

    def close(self):
        self.writer.write_header_to_file()
        self.writer.write_kv_data_to_file()
        self.writer.write_tensors_to_file()
        self.writer.close()
        return {
            "version": 3, "alignment": self.alignment, "typed_metadata": self.metadata,
            "tensors": self.tensors,
        }


def metadata_fixture():
    f = Fixture("metadata.gguf")
    f.kv("test.u8", 200, V.UINT8)
    f.kv("test.i8", -100, V.INT8)
    f.kv("test.u16", 65000, V.UINT16)
    f.kv("test.i16", -32000, V.INT16)
    f.kv("test.u32", 4000000000, V.UINT32)
    f.kv("test.i32", -2000000000, V.INT32)
    f.kv("test.u64", 18446744073709551615, V.UINT64)
    f.kv("test.i64", -9223372036854775808, V.INT64)
    f.kv("test.f32", 0.1, V.FLOAT32)
    f.kv("test.f32_neg_zero", -0.0, V.FLOAT32)
    f.kv("test.f32_tiny", 1e-40, V.FLOAT32)
    f.kv("test.f32_inf", float("inf"), V.FLOAT32)
    f.kv("test.f32_nan", float("nan"), V.FLOAT32)
    f.kv("test.f64", 2.718281828459045, V.FLOAT64)
    f.kv("test.f64_neg_inf", float("-inf"), V.FLOAT64)
    f.kv("test.bool_true", True, V.BOOL)
    f.kv("test.bool_false", False, V.BOOL)
    f.kv("test.string", "h\u00e9llo \"w\u00f6rld\"\n\u2603", V.STRING)
    f.kv("test.string_empty", "", V.STRING)
    f.kv("test.array_u8", [0, 1, 255], V.ARRAY, V.UINT8)
    f.kv("test.array_i32", [-1, 0, 1, 2147483647], V.ARRAY, V.INT32)
    f.kv("test.array_f32", [0.5, -1.25, 3.0e38], V.ARRAY, V.FLOAT32)
    f.kv("test.array_f64", [1.0 / 3.0, -0.0], V.ARRAY, V.FLOAT64)
    f.kv("test.array_bool", [True, False, True], V.ARRAY, V.BOOL)
    f.kv("tokenizer.ggml.tokens", ["<s>", "</s>", "hello", "w\u00f6rld", ""], V.ARRAY, V.STRING)
    f.kv("test.nested", [[1, 2, 3], [4]], V.ARRAY, V.ARRAY)
    f.kv("test.nested_strings", [["a", "b"], ["c"]], V.ARRAY, V.ARRAY)
    f.kv("test.nested_deep", [[[1.5], [2.5, 3.5]]], V.ARRAY, V.ARRAY)
    f.tensor("weight", np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5, Q.F32)
    return f.close()


def tensors_fixture():
    rng = np.random.default_rng(20261204)
    f = Fixture("tensors.gguf")
    f.kv("general.name", "tensor fixture", V.STRING)
    f.kv("general.quantization_version", 2, V.UINT32)
    f.tensor("f32.rank3", (np.arange(24, dtype=np.float32) * 0.25 - 3).reshape(2, 3, 4), Q.F32)
    f.tensor("f16", rng.standard_normal((3, 4)).astype(np.float32), Q.F16)
    f.tensor("bf16", rng.standard_normal((2, 8)).astype(np.float32), Q.BF16)
    f.tensor("q8_0", rng.standard_normal((2, 64)).astype(np.float32), Q.Q8_0)
    f.tensor("q4_0", rng.standard_normal((3, 32)).astype(np.float32), Q.Q4_0)
    f.tensor("f32.rank4", rng.standard_normal((1, 2, 1, 3)).astype(np.float32), Q.F32)
    f.integer_tensor("f64", np.array([1.5, -2.25], dtype=np.float64), Q.F64)
    f.integer_tensor("i8", np.array([-128, 0, 5, 127], dtype=np.int8), Q.I8)
    f.integer_tensor("i16", np.array([[-2, 3], [300, -32768]], dtype=np.int16), Q.I16)
    f.integer_tensor("i32", np.array([7, -7, 2147483647], dtype=np.int32), Q.I32)
    f.integer_tensor("i64", np.array([-1, 2**62], dtype=np.int64), Q.I64)
    return f.close()


def aligned_fixture():
    f = Fixture("aligned64.gguf", arch="bert", alignment=64)
    f.tensor("a", np.array([1.0, 2.0, 3.0], dtype=np.float32), Q.F32)
    f.tensor("b", np.array([[4.0], [5.0]], dtype=np.float32), Q.F32)
    return f.close()


def main():
    expected = {
        "metadata.gguf": metadata_fixture(),
        "tensors.gguf": tensors_fixture(),
        "aligned64.gguf": aligned_fixture(),
    }
    with open(os.path.join(HERE, "expected.json"), "w") as handle:
        json.dump(expected, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    with open(os.path.join(HERE, "VERSIONS.txt"), "w") as handle:
        handle.write(f"gguf {version('gguf')}\nnumpy {np.__version__}\n")
        handle.write(f"python {sys.version.split()[0]}\n")


if __name__ == "__main__":
    main()
