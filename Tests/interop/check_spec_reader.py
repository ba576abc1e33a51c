"""Checks that Spec/FORMAT.md suffices to read what `wpk` writes: wpk_spec_reader.py, written
from the spec alone, must

- read the fixtures to the values Fixtures/wpk/README.md documents;
- read `wpk convert` output byte-identical to the source .npy files (plain and deflated
  manifests, several chunk sizes, both codecs, LZ77 and Huffman-only deflate);
- read `wpk convert` output of Fixtures/safetensors/dtypes.safetensors (F8 dtypes) to the
  bytes in Fixtures/safetensors/expected/;
- read `wpk convert` output of Fixtures/gguf/*.gguf (block dtypes, block-split, typed
  metadata) to what Fixtures/gguf/expected.json documents, floats bit for bit, and larger
  Q8_0/Q4_0 tensors written by gguf-py to their exact bytes;
- find version 1.0 on files without a 1.1 feature and 1.1 on the others (§9), and refuse
  hand-edited files that break the version rules or §5.5, as `wpk verify` does;
- round tricky §5.5 decimals to the bits listed here, as wpk does (read back via GGUF);
- refuse every .wpk file under Fixtures/malformed/.

Usage: check_spec_reader.py WPK_BINARY FIXTURES_DIR
"""

import glob
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np

from wpk_spec_reader import (BLOCK_DTYPES, MAGIC, TypedArray, WpkError, read_trailer,
                             typed_metadata, verify_wpk)

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
# §5.1 key order of a writer, `typed_metadata` only when it has entries.
TOP_KEYS = ["format", "format_version", "metadata", "typed_metadata", "history", "tensors"]
FLOAT_BITS = {"f32": ("<f", "<I"), "f64": ("<d", "<Q")}


def fail(message):
    raise SystemExit(f"check_spec_reader: {message}")


def manifest_is_deflated(path):
    with open(path, "rb") as file:
        trailer = read_trailer(path, file, os.path.getsize(path))
    return trailer.stored_byte_count < trailer.byte_count, trailer.byte_count


def check_version(path, manifest, want):
    """§9: the preamble and `format_version` declare `want`, the lowest version that
    describes the file; the manifest's keys come in the writer's order (§5)."""
    with open(path, "rb") as file:
        declared = "%d.%d" % struct.unpack("<HH", file.read(12)[8:])
    if (declared, manifest["format_version"]) != (want, want):
        fail(f"{path}: declares {declared} / {manifest['format_version']}, expected {want}")
    keys = [key for key in TOP_KEYS if key != "typed_metadata" or manifest.get(key)]
    if list(manifest) != keys:
        fail(f"{path}: manifest keys {list(manifest)}, expected {keys}")


def compare(path, arrays, expected):
    if list(arrays) != list(expected):
        fail(f"{path}: tensors {list(arrays)}, expected {list(expected)}")
    for name, want in expected.items():
        got = arrays[name]
        if (got.dtype, got.shape, got.tobytes()) != (want.dtype, want.shape, want.tobytes()):
            fail(f"{path}: tensor {name!r} is {got.dtype} {got.shape} {got.ravel()[:8]}, "
                 f"expected {want.dtype} {want.shape} {want.ravel()[:8]}")


def compare_bytes(path, manifest, arrays, expected):
    """`expected` maps each tensor name to (dtype, shape, bytes)."""
    got = {tensor["name"]: (tensor["dtype"], tensor["shape"], arrays[tensor["name"]].tobytes())
           for tensor in manifest["tensors"]}
    if sorted(got) != sorted(expected):
        fail(f"{path}: tensors {sorted(got)}, expected {sorted(expected)}")
    for name, want in expected.items():
        if got[name] != want:
            fail(f"{path}: tensor {name!r} is {got[name][:2]} {got[name][2][:16].hex()}, "
                 f"expected {want[:2]} {want[2][:16].hex()}")


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
        check_version(path, manifest, "1.0")
        check_layout(path, manifest, codec, chunk_size)
        compare(path, arrays, expected)
    found = sorted(os.path.basename(path) for path in glob.glob(f"{fixtures_dir}/wpk/*.wpk"))
    if found != sorted(FIXTURES):
        fail(f"fixtures {found}, but the README documents {sorted(FIXTURES)}")
    return len(FIXTURES)


def run_wpk(wpk, source, out, *options):
    result = subprocess.run([wpk, "convert", source, out, "--quiet", "--force", *options],
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"wpk convert {source} {' '.join(options)} failed: {result.stderr}")
    return verify_wpk(out)


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
    manifest, arrays = run_wpk(wpk, directory, out, *options)
    expected = load_npy_dir(directory)
    if sorted(arrays) != sorted(expected):
        fail(f"{out}: tensors {sorted(arrays)}, expected {sorted(expected)}")
    check_version(out, manifest, "1.0")
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


def safetensors_header(path):
    with open(path, "rb") as file:
        size = struct.unpack("<Q", file.read(8))[0]
        header = json.loads(file.read(size))
    header.pop("__metadata__", None)
    return header


def check_safetensors(wpk, fixtures_dir, out):
    """F8 dtypes (1.1) and the plain ones; a file without them says 1.0 (§9)."""
    directory = os.path.join(fixtures_dir, "safetensors")
    expected = {}
    for name, entry in safetensors_header(os.path.join(directory, "dtypes.safetensors")).items():
        with open(os.path.join(directory, "expected", f"dtypes.{name}.bin"), "rb") as file:
            expected[name] = (entry["dtype"], entry["shape"], file.read())
    if not {"F8_E4M3", "F8_E5M2"} <= {dtype for dtype, _, _ in expected.values()}:
        fail(f"{directory}/dtypes.safetensors lacks the F8 dtypes")
    manifest, arrays = run_wpk(wpk, os.path.join(directory, "dtypes.safetensors"), out("f8"))
    check_version(out("f8"), manifest, "1.1")
    compare_bytes(out("f8"), manifest, arrays, expected)
    manifest, arrays = run_wpk(wpk, out("f8"), out("f8-raw"), "--compress", "none")
    check_version(out("f8-raw"), manifest, "1.1")
    compare_bytes(out("f8-raw"), manifest, arrays, expected)
    manifest, arrays = run_wpk(wpk, out("f8"), out("no-f8"), "--tensor", "f32")
    check_version(out("no-f8"), manifest, "1.0")
    compare_bytes(out("no-f8"), manifest, arrays, {"f32": expected["f32"]})
    manifest, _ = run_wpk(wpk, os.path.join(directory, "shapes.safetensors"), out("shapes"))
    check_version(out("shapes"), manifest, "1.0")
    return len(expected)


def expected_typed(kind, value, element_type=None):
    """expected.json's encoding of a §5.5 value, made comparable: floats become their bits,
    computed here with struct (its doubles are exact f32 values, so nothing rounds twice)."""
    if kind in FLOAT_BITS:
        value_format, bits_format = FLOAT_BITS[kind]
        if isinstance(value, str) and value.startswith("nan:0x"):
            return kind, int(value[6:], 16)
        number = float(value) if isinstance(value, str) else value
        return kind, struct.unpack(bits_format, struct.pack(value_format, number))[0]
    if kind == "array":
        if element_type == "array":
            return "array", [expected_typed("array", item["value"], item["element_type"])
                             for item in value]
        return element_type, [expected_typed(element_type, item) for item in value]
    return kind, value


def decoded_typed(kind, value):
    """The reader's decoded value in the form of expected_typed."""
    if kind in FLOAT_BITS:
        return kind, int(value.view(np.uint32 if kind == "f32" else np.uint64))
    if isinstance(value, TypedArray):
        if value.element_type == "array":
            return "array", [decoded_typed("array", item) for item in value.items]
        return value.element_type, [decoded_typed(value.element_type, item)
                                    for item in value.items]
    return kind, value


def significant_digits(text):
    mantissa = text.lower().split("e")[0].lstrip("-").replace(".", "").lstrip("0")
    return max(len(mantissa.rstrip("0")), 1)


class Spelled(str):
    """A JSON number as written."""


def check_spelling(path, kind, value, key):
    """§5.5 for a writer: nested arrays' keys in order, and finite floats as the shortest
    decimal that reads back as the same value."""
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and list(item) != ["element_type", "value"]:
                fail(f"{path}: typed metadata {key!r}: element keys {list(item)}")
            if isinstance(item, dict):
                check_spelling(path, item["element_type"], item["value"], key)
            else:
                check_spelling(path, kind, item, key)
    elif kind in FLOAT_BITS and isinstance(value, Spelled):
        number = np.float32(value) if kind == "f32" else np.float64(value)
        shortest = np.format_float_scientific(number, unique=True, trim="-")
        if significant_digits(value) != significant_digits(shortest):
            fail(f"{path}: typed metadata {key!r}: {value} is not the shortest {kind} "
                 f"decimal ({shortest})")


def check_typed_text(path, element_types):
    """§5.5 for a writer: entries' keys in order (element_type between type and value) and
    numbers spelled as specified, read from the manifest text with numbers as written."""
    with open(path, "rb") as file:
        trailer = read_trailer(path, file, os.path.getsize(path))
        file.seek(trailer.manifest_offset)
        text = file.read(trailer.stored_byte_count)
    if trailer.stored_byte_count < trailer.byte_count:
        text = zlib.decompress(text)
    manifest = json.loads(text, parse_float=Spelled, parse_int=Spelled)
    for entry in manifest.get("typed_metadata", []):
        order = ["key", "type"] + ["element_type"] * (entry["type"] == "array") + ["value"]
        if list(entry) != order:
            fail(f"{path}: typed metadata entry keys {list(entry)}, expected {order}")
        kind = entry.get("element_type", entry["type"])
        check_spelling(path, kind, entry["value"], entry["key"])
        element_types.add(kind)


def check_gguf_fixtures(wpk, fixtures_dir, out):
    """Every Fixtures/gguf/*.gguf: block dtypes, block-split, typed metadata (1.1)."""
    with open(os.path.join(fixtures_dir, "gguf", "expected.json"), encoding="utf-8") as file:
        documented = json.load(file)
    paths = sorted(glob.glob(f"{fixtures_dir}/gguf/*.gguf"))
    if sorted(map(os.path.basename, paths)) != sorted(documented):
        fail(f"GGUF fixtures {paths}, but expected.json documents {sorted(documented)}")
    entries, element_types, block_tensors = 0, set(), 0
    for path in paths:
        expected = documented[os.path.basename(path)]
        tensors = {tensor["name"]: (tensor["dtype"], tensor["shape"], bytes.fromhex(tensor["hex"]))
                   for tensor in expected["tensors"]}
        for options in ([], ["--compress", "none"]):
            target = out(os.path.basename(path) + "-raw" * bool(options))
            manifest, arrays = run_wpk(wpk, path, target, *options)
            check_version(target, manifest, "1.1")
            compare_bytes(target, manifest, arrays, tensors)
            got = [(entry.key, decoded_typed(entry.type, entry.value))
                   for entry in typed_metadata(target, manifest)]
            want = [(entry["key"], expected_typed(entry["type"], entry["value"],
                                                  entry.get("element_type")))
                    for entry in expected["typed_metadata"]]
            if got != want:
                first = next(pair for pair in zip(got + [None] * len(want),
                                                  want + [None] * len(got)) if pair[0] != pair[1])
                fail(f"{target}: typed metadata %s, expected %s" % first)
            check_typed_text(target, element_types)
            for tensor in manifest["tensors"]:
                want_filters = ["block-split"] if not options else []
                if tensor["dtype"] in BLOCK_DTYPES and tensor["filters"] != want_filters:
                    fail(f"{target}: {tensor['name']!r} has filters {tensor['filters']}")
                block_tensors += tensor["dtype"] in BLOCK_DTYPES
        entries += len(expected["typed_metadata"])
    if not {"f32", "f64", "u64", "i64", "string", "bool", "array"} <= element_types:
        fail(f"GGUF fixtures exercise only the typed metadata types {sorted(element_types)}")
    return len(paths), entries, block_tensors


def check_large_blocks(wpk, out):
    """Q8_0 and Q4_0 tensors large enough that block-split sections deflate, in several
    chunk sizes, written by gguf-py, must read back to gguf-py's exact bytes."""
    try:
        import gguf
    except ImportError:
        fail("gguf-py is needed (run with the repository's .venv)")
    source = os.path.join(os.path.dirname(out("")), "blocks.gguf")
    rng = np.random.default_rng(20261204)
    writer = gguf.GGUFWriter(source, "llama")
    expected = {}
    for name, qtype, shape in [("q8", gguf.GGMLQuantizationType.Q8_0, (40, 256)),
                               ("q4", gguf.GGMLQuantizationType.Q4_0, (48, 128))]:
        data = gguf.quants.quantize(rng.standard_normal(shape).astype(np.float32), qtype)
        writer.add_tensor(name, data, raw_dtype=qtype)
        expected[name] = (qtype.name, list(shape), data.tobytes())
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    deflated = raw = 0
    for label, options in [("1m", []), ("4k", ["--chunk-size", "4096"]),
                           ("level9", ["--level", "9"]), ("none", ["--compress", "none"])]:
        manifest, arrays = run_wpk(wpk, source, out(f"blocks-{label}"), *options)
        check_version(out(f"blocks-{label}"), manifest, "1.1")
        compare_bytes(out(f"blocks-{label}"), manifest, arrays, expected)
        for tensor in manifest["tensors"]:
            block = BLOCK_DTYPES[tensor["dtype"]]
            for chunk in tensor["chunks"]:
                if chunk["byte_count"] % block or \
                        (chunk is not tensor["chunks"][-1] and chunk["byte_count"] % 64):
                    fail(f"{out('blocks-' + label)}: {tensor['name']!r} has a chunk of "
                         f"{chunk['byte_count']} bytes, not whole {block}-byte blocks")
                sizes = [chunk["byte_count"] // block] * 2
                sizes.append(chunk["byte_count"] - sum(sizes))
                for stored, size in zip(chunk.get("planes", []), sizes):
                    deflated, raw = deflated + (stored < size), raw + (stored == size)
        if label == "4k" and len(manifest["tensors"][0]["chunks"]) < 2:
            fail(f"{out('blocks-' + label)}: Q8_0 tensor is not cut into several chunks")
    if not deflated or not raw:
        fail(f"block-split sections: {deflated} deflated, {raw} raw; want both kinds")
    return deflated + raw


def rewrite(source, target, edit, minor=None, major=None):
    """A copy of `source` whose manifest text is `edit(text)`, stored plain where the old one
    began, with its trailer re-signed; `minor`/`major` overwrite the preamble's version."""
    with open(source, "rb") as file:
        data = bytearray(file.read())
        trailer = read_trailer(source, file, len(data))
    text = data[trailer.manifest_offset:len(data) - 40]
    if trailer.stored_byte_count < trailer.byte_count:
        text = zlib.decompress(text)
    text = edit(text.decode("utf-8")).encode("utf-8")
    head = data[:trailer.manifest_offset]
    if major is not None:
        head[8:10] = struct.pack("<H", major)
    if minor is not None:
        head[10:12] = struct.pack("<H", minor)
    with open(target, "wb") as file:
        file.write(head + text + struct.pack("<QQQII8s", trailer.manifest_offset, len(text),
                                             len(text), zlib.crc32(text), 0, b"WPK-END\n"))


def edit_json(change):
    """A text edit that applies `change` to the parsed manifest and writes it compact."""
    def edit(text):
        manifest = json.loads(text)
        change(manifest)
        return json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    return edit


def replace(old, new):
    def edit(text):
        if old not in text:
            fail(f"hand edit: {old!r} not in the manifest")
        return text.replace(old, new, 1)
    return edit


def set_version(version):
    return replace('"format_version":"1.1"', f'"format_version":"{version}"')


def both(*edits):
    def edit(text):
        for each in edits:
            text = each(text)
        return text
    return edit


def tensor_field(name, key, value):
    def change(manifest):
        next(t for t in manifest["tensors"] if t["name"] == name)[key] = value
    return edit_json(change)


def drop_typed(manifest):
    manifest.pop("typed_metadata")


def add_typed(manifest):
    items = list(manifest.items())
    items.insert(3, ("typed_metadata", [{"key": "k", "type": "u8", "value": 1}]))
    manifest.clear()
    manifest.update(items)


def version_cases(out):
    """(label, source, edit, preamble minor, preamble major, None to accept or a part of the
    refusal). Sources: Fixtures/wpk (1.0) and the conversions above (1.1)."""
    one_zero = replace('"format_version":"1.0"', '"format_version":"1.1"')
    gguf, meta, f8 = out("tensors.gguf"), out("metadata.gguf"), out("f8")
    return [
        ("unedited copy (1.1)", gguf, lambda text: text, None, None, None),
        ("F8 dtypes declared 1.0", f8, set_version("1.0"), 0, None, "F8_E4M3"),
        ("U8 edited to F8_E5M2 in 1.0", "raw.wpk", tensor_field("u8", "dtype", "F8_E5M2"),
         None, None, "F8_E5M2"),
        ("U8 edited to F8_E5M2, 1.1", "raw.wpk",
         both(tensor_field("u8", "dtype", "F8_E5M2"), one_zero), 1, None, None),
        ("Q8_0 declared 1.0", gguf, both(edit_json(drop_typed), set_version("1.0")), 0, None,
         "Q8_0"),
        ("typed metadata declared 1.0", out("aligned64.gguf"), set_version("1.0"), 0, None,
         "typed_metadata"),
        ("typed metadata [] in 1.0", out("aligned64.gguf"),
         both(edit_json(lambda m: m.update(typed_metadata=[])), set_version("1.0")), 0, None,
         None),
        ("typed metadata added to 1.0", "tiny.wpk", edit_json(add_typed), None, None,
         "typed_metadata"),
        ("typed metadata added, 1.1", "tiny.wpk", both(edit_json(add_typed), one_zero), 1,
         None, None),
        ("preamble 1.0, manifest 1.1", gguf, lambda text: text, 0, None, "format_version"),
        ("format_version 1.01", gguf, set_version("1.01"), None, None, "format_version"),
        ("major version 2", gguf, set_version("2.1"), None, 2, "newest supported: 1.1"),
        ("minor 7, unknown key", gguf,
         both(set_version("1.7"), replace('"metadata":{}', '"metadata":{},"later":[1]')), 7,
         None, None),
        ("minor 7, unknown dtype", gguf,
         both(set_version("1.7"), replace('"dtype":"I8"', '"dtype":"F4"')), 7, None, "'F4'"),
        ("block-split on F16", gguf, tensor_field("f16", "filters", ["block-split"]), None,
         None, "filters"),
        ("block-split, raw codec", out("tensors.gguf-raw"),
         tensor_field("q8_0", "filters", ["block-split"]), None, None, "filters"),
        ("block-split without planes", gguf, replace(',"planes":[4,4,128]', ""), None, None,
         "planes"),
        ("Q8_0 innermost dimension 16", gguf, replace('"shape":[2,64]', '"shape":[8,16]'),
         None, None, "multiple of 32"),
        ("f32 that overflows", meta, replace('"value":0.1', '"value":3.4028236e38'), None,
         None, "overflows"),
        ("f64 that overflows", meta, replace('"value":2.718281828459045', '"value":1e309'),
         None, None, "overflows"),
        ("f32 at the largest finite", meta,
         replace('"value":0.1', '"value":3.40282356779733661637539395458142568447e38'), None,
         None, None),
        ("repeated typed key", meta, replace('"key":"test.u8"', '"key":"test.i8"'), None,
         None, "repeated"),
        ("u8 out of range", meta, replace('"value":200', '"value":256'), None, None, "u8"),
        ("u8 with a fraction", meta, replace('"value":200', '"value":200.0'), None, None,
         "u8"),
        ("bool written 1", meta, replace('"value":true', '"value":1'), None, None, "bool"),
        ("NaN of 7 hex digits", meta, replace("nan:0x7fc00000", "nan:0x7fc0000"), None, None,
         "f32"),
        ("NaN spelling of 1.0", meta, replace("nan:0x7fc00000", "nan:0x3f800000"), None,
         None, "NaN"),
        ("unknown typed type", meta, replace('"type":"u8"', '"type":"u128"'), None, None,
         "u128"),
        ("nested array without type", meta,
         replace('{"element_type":"i32","value":[4]}', '{"value":[4]}'), None, None,
         "element_type"),
    ]


# §5.5: decimals and the bits of the nearest value (ties to even), worked out by hand: the
# double-rounding trap, ties, subnormals, the largest finite values, 1001 digits after a tie.
TIE = "1.000000059604644775390625"  # halfway between 1 and the next binary32
ROUNDING = {"f32": [(TIE + "1", 0x3F800001), (TIE, 0x3F800000), (TIE[:-1] + "49", 0x3F800000),
                    ("1.000000178813934326171875", 0x3F800002), ("16777217", 0x4B800000),
                    (TIE + "0" * 1000 + "1", 0x3F800001), ("1e-40", 0x000116C2),
                    ("7.1e-46", 0x00000001), ("7e-46", 0x00000000), ("-0", 0x80000000),
                    ("2", 0x40000000),
                    ("3.40282356779733661637539395458142568447e38", 0x7F7FFFFF)],
            "f64": [("2.4703282292062328e-324", 1), ("2.4703282292062327e-324", 0),
                    ("9007199254740993", 0x4340000000000000), ("-0.0", 0x8000000000000000),
                    ("1.7976931348623158e308", 0x7FEFFFFFFFFFFFFF),
                    ("0.1", 0x3FB999999999999A)]}


def check_rounding(wpk, out):
    """The reader, and wpk (through a conversion back to GGUF read by gguf-py), turn the
    decimals of ROUNDING into exactly the bits listed."""
    import gguf
    arrays = {"f32": "[0.5,-1.25,3e+38]", "f64": "[0.3333333333333333,-0.0]"}
    edits = [replace(f'"value":{arrays[kind]}', '"value":[%s]' % ",".join(t for t, _ in cases))
             for kind, cases in ROUNDING.items()]
    rewrite(out("metadata.gguf"), out("rounding"), both(*edits))
    manifest, _ = verify_wpk(out("rounding"))
    decoded = {entry.key: entry.value.items for entry in typed_metadata(out("rounding"), manifest)
               if entry.key in ("test.array_f32", "test.array_f64")}
    target = os.path.join(os.path.dirname(out("")), "rounding.gguf")
    result = subprocess.run([wpk, "convert", out("rounding"), target, "--quiet", "--force"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"wpk convert {out('rounding')} {target} failed: {result.stderr}")
    fields = gguf.GGUFReader(target).fields
    for kind, cases in ROUNDING.items():
        key = f"test.array_{kind}"
        mine = [int(value.view(np.uint32 if kind == "f32" else np.uint64))
                for value in decoded[key]]
        field = fields[key]
        theirs = [int.from_bytes(bytes(field.parts[index]), "little") for index in field.data]
        for (text, bits), got, wpk_bits in zip(cases, mine, theirs, strict=True):
            if (got, wpk_bits) != (bits, bits):
                fail(f"{kind} {text[:40]}: the reader gives {got:#x}, wpk {wpk_bits:#x}, "
                     f"expected {bits:#x}")
    return sum(map(len, ROUNDING.values()))


def check_version_rules(wpk, fixtures_dir, out):
    """Hand-edited files: the reader and `wpk verify` both accept or both refuse each."""
    cases = version_cases(out)
    for label, source, edit, minor, major, refusal in cases:
        if not os.path.isabs(source):
            source = os.path.join(fixtures_dir, "wpk", source)
        target = out("edited")
        rewrite(source, target, edit, minor, major)
        try:
            verify_wpk(target)
            error = None
        except WpkError as refused:
            error = str(refused)
        if (error is None) != (refusal is None) or (error and refusal not in error):
            fail(f"{label}: the reader says {error or 'valid'}, expected "
                 f"{'valid' if refusal is None else 'a refusal naming ' + repr(refusal)}")
        result = subprocess.run([wpk, "verify", target], capture_output=True, text=True)
        if (result.returncode == 0) != (refusal is None):
            fail(f"{label}: the reader {'accepts' if error is None else 'refuses'} it, but "
                 f"wpk verify exits {result.returncode}: {result.stderr.strip()}")
    return len(cases)


def check_malformed(fixtures_dir):
    paths = []
    for path in sorted(glob.glob(f"{fixtures_dir}/malformed/*/*")):
        with open(path, "rb") as file:
            if path.endswith(".wpk") or file.read(len(MAGIC)) == MAGIC:
                paths.append(path)
    if not paths:
        fail(f"no malformed .wpk fixtures in {fixtures_dir}/malformed")
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
        safetensors = check_safetensors(wpk, fixtures_dir, out)
        ggufs, entries, blocks = check_gguf_fixtures(wpk, fixtures_dir, out)
        streams = check_large_blocks(wpk, out)
        edited = check_version_rules(wpk, fixtures_dir, out)
        rounded = check_rounding(wpk, out)
    malformed = check_malformed(fixtures_dir)
    print(f"spec reader OK: {fixtures} fixtures (1.0), model converted 4 ways (1.0), synthetic "
          f"model ({text_size}-byte manifest, deflated; 1.0), dtypes.safetensors "
          f"({safetensors} tensors incl. F8; 1.1; a plain subset 1.0), {ggufs} GGUF files "
          f"x 2 codecs ({entries} typed entries bit-exact, {blocks} block tensors; 1.1), "
          f"gguf-py Q8_0/Q4_0 in 4 layouts ({streams} block-split sections), {edited} "
          f"hand-edited files judged as wpk verify does, {rounded} decimals rounded to the "
          f"same bits as wpk, {malformed} malformed files refused")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    try:
        main(sys.argv[1], sys.argv[2])
    except WpkError as error:
        fail(f"the spec reader refused a valid file: {error}")
