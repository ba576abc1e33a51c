"""An independent reader for WeightPack `.wpk` files, written from Spec/FORMAT.md alone.

Nothing here comes from the Swift implementation; the § numbers cite the spec (format 1.1).
Use:

    manifest, tensors = open_wpk(path)   # checks §8 steps 1-10, reads no tensor data
    for name, array in tensors: ...      # decodes chunks and checks their CRC-32
    manifest, arrays = verify_wpk(path)  # all of the above, plus zero padding (§8, full)
    entries = typed_metadata(path, manifest)  # §5.5 values, decoded exactly

Arrays are NumPy arrays of the tensor's dtype and shape. BF16 is returned as a uint16 view,
F8_E4M3 and F8_E5M2 as uint8 views, and a block dtype (Q8_0, Q4_0) as the uint8 bytes of its
blocks, shaped like the tensor but with the innermost dimension `n` replaced by
`n / 32 * block bytes`. Every violation raises WpkError, whose message names the file and,
where known, the tensor, chunk and byte offset. Needs Python 3.11 or later and NumPy.
"""

import json
import os
import re
import struct
import zlib
from collections import namedtuple
from fractions import Fraction

import numpy as np

MAGIC = b"\x89WPK\r\n\x1a\n"
END_MAGIC = b"WPK-END\n"
PREAMBLE_SIZE, TRAILER_SIZE, ALIGNMENT = 64, 40, 64
U64_MAX, U32_MAX = 2**64 - 1, 2**32 - 1
MAX_DEPTH = MAX_RANK = 64
MAX_NAME_BYTES = 4096
NEWEST = (1, 1)  # §8 step 2: the newest version this reader knows
DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<u2", "I64": "<i8", "I32": "<i4",
          "I16": "<i2", "I8": "i1", "U64": "<u8", "U32": "<u4", "U16": "<u2", "U8": "u1",
          "BOOL": "?", "F8_E4M3": "u1", "F8_E5M2": "u1"}
BLOCK_ELEMENTS = 32
BLOCK_DTYPES = {"Q8_0": 34, "Q4_0": 18}  # §6: bytes per block of 32 elements
CODECS = ("raw", "zlib")
FILTERS = ("byte-shuffle", "rotate-left-1", "block-split")
FILTER_LISTS = ([], ["byte-shuffle"], ["rotate-left-1"], ["rotate-left-1", "byte-shuffle"])
BLOCK_FILTER_LISTS = ([], ["block-split"])
# §9: the version that introduced each feature newer than 1.0.
SINCE = {"F8_E4M3": (1, 1), "F8_E5M2": (1, 1), "Q8_0": (1, 1), "Q4_0": (1, 1),
         "block-split": (1, 1), "typed_metadata": (1, 1)}
TYPED_INTEGERS = {f"{kind}{bits}": (-(2**(bits - 1)), 2**(bits - 1) - 1) if kind == "i"
                  else (0, 2**bits - 1) for kind in "ui" for bits in (8, 16, 32, 64)}
# §5.5 floats: (significand bits, exponent of the smallest subnormal, largest finite value,
# struct format of the bits, hex digits of a NaN).
TYPED_FLOATS = {"f32": (24, -149, (2**24 - 1) * Fraction(2)**104, "<I", 8),
                "f64": (53, -1074, (2**53 - 1) * Fraction(2)**971, "<Q", 16)}
TYPED_TYPES = (*TYPED_INTEGERS, *TYPED_FLOATS, "bool", "string", "array")
# A JSON string or a bracket, to measure nesting; possessive, so it never backtracks.
JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.DOTALL)
JSON_NUMBER = re.compile(r"(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?")

Trailer = namedtuple("Trailer", "manifest_offset stored_byte_count byte_count crc32")
# A decoded §5.5 entry; an array value is a TypedArray, to any depth.
TypedEntry = namedtuple("TypedEntry", "key type value")
TypedArray = namedtuple("TypedArray", "element_type items")


class WpkError(Exception):
    """A file breaks a rule of Spec/FORMAT.md."""

    def __init__(self, path, message, tensor=None, chunk=None, offset=None):
        where = [os.fspath(path)]
        where += [] if tensor is None else [f"tensor {tensor!r}"]
        where += [] if chunk is None else [f"chunk {chunk}"]
        where += [] if offset is None else [f"byte {offset}"]
        super().__init__(", ".join(where) + ": " + message)


class NegativeInt(int):
    """A JSON integer written with a `-`: never a §5 integer, but a §5.5 value. Keeps its text
    so that `-0` stays distinguishable from `0`."""

    def __new__(cls, text):
        value = super().__new__(cls, text)
        value.text = text
        return value


class JsonFraction:
    """A JSON number with a fraction or exponent, kept as its text (§5.5 rounds it exactly)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def inflate(path, stored, size, what, **where):
    """§7.2/§8.6: one zlib stream that decodes to exactly `size` bytes, nothing after it."""
    stream = zlib.decompressobj()
    try:
        out = stream.decompress(stored, size + 1)
    except zlib.error as error:
        raise WpkError(path, f"{what}: bad zlib stream ({error})", **where) from None
    if len(out) != size or not stream.eof or stream.unused_data:
        raise WpkError(path, f"{what}: zlib stream does not decode to exactly {size} bytes",
                       **where)
    return out


def read_preamble(path, file, size):
    """§2, §8 steps 1-3. Returns (major, minor)."""
    head = file.read(PREAMBLE_SIZE)
    if len(head) < len(MAGIC) and MAGIC.startswith(head):
        raise WpkError(path, f"truncated magic ({size} bytes)", offset=len(head))
    if head[:len(MAGIC)] != MAGIC:
        raise WpkError(path, "not a .wpk file (bad magic)", offset=0)
    if len(head) < 12:
        raise WpkError(path, f"truncated preamble ({size} bytes)", offset=len(head))
    major, minor = struct.unpack_from("<HH", head, 8)
    if major != NEWEST[0]:
        raise WpkError(path, f"unsupported version {major}.{minor} (newest supported: "
                       "%d.%d)" % NEWEST, offset=8)
    if len(head) < 16:
        raise WpkError(path, f"truncated preamble ({size} bytes)", offset=len(head))
    flags = struct.unpack_from("<I", head, 12)[0]
    if flags != 0:
        raise WpkError(path, f"reserved flags are {flags:#x}, not 0", offset=12)
    if len(head) < PREAMBLE_SIZE:
        raise WpkError(path, f"truncated preamble ({size} bytes)", offset=len(head))
    if any(head[16:]):
        raise WpkError(path, "preamble padding is not zero", offset=16)
    return major, minor


def read_trailer(path, file, size, max_manifest_bytes=64 << 20):
    """§3, §8 steps 4-5."""
    if size < PREAMBLE_SIZE + TRAILER_SIZE:
        raise WpkError(path, f"file of {size} bytes is too short for preamble and trailer")
    file.seek(size - TRAILER_SIZE)
    offset, stored, count, crc, reserved, end = struct.unpack("<QQQII8s", file.read(40))
    if end != END_MAGIC:
        raise WpkError(path, "bad end magic", offset=size - 8)
    if reserved != 0:
        raise WpkError(path, "trailer reserved field is not 0", offset=size - 12)
    if count > max_manifest_bytes:
        raise WpkError(path, f"manifest of {count} bytes exceeds {max_manifest_bytes}")
    if stored > count:
        raise WpkError(path, f"stored manifest ({stored}) longer than its text ({count})")
    if offset + stored > U64_MAX or offset + stored != size - TRAILER_SIZE:
        raise WpkError(path, f"manifest [{offset}, +{stored}) does not end at the trailer")
    if offset < PREAMBLE_SIZE:
        raise WpkError(path, f"manifest offset {offset} is inside the preamble")
    return Trailer(offset, stored, count, crc)


def reject_duplicates(pairs):
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        duplicate = next(key for key in keys if keys.count(key) > 1)
        raise ValueError(f"duplicate key {duplicate!r}")
    return dict(pairs)


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def parse_integer(digits):
    return NegativeInt(digits) if digits.startswith("-") else int(digits)


def check_strings(path, value):
    """§5: no escape of a lone surrogate anywhere (Python decodes one to a lone code point,
    which UTF-8 cannot encode). The depth is already bounded, so a stack suffices."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack += list(item) + list(item.values())
        elif isinstance(item, list):
            stack += item
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise WpkError(path, f"manifest string {item!r} holds a lone surrogate") \
                    from None


def parse_manifest(path, file, trailer):
    """§5, §8 steps 6-7."""
    file.seek(trailer.manifest_offset)
    text = file.read(trailer.stored_byte_count)
    if trailer.stored_byte_count < trailer.byte_count:
        text = inflate(path, text, trailer.byte_count, "manifest",
                       offset=trailer.manifest_offset)
    if zlib.crc32(text) != trailer.crc32:
        raise WpkError(path, "manifest CRC-32 mismatch", offset=trailer.manifest_offset)
    try:
        text = text.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WpkError(path, f"manifest is not UTF-8 at text byte {error.start}") from None
    depth = 0
    for token in JSON_TOKEN.finditer(text):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token.group(), 0)
        if depth > MAX_DEPTH:
            raise WpkError(path, f"manifest nests deeper than {MAX_DEPTH} levels")
    try:  # A negative integer is a NegativeInt, so it never passes as a §5 integer.
        manifest = json.loads(text, object_pairs_hook=reject_duplicates,
                              parse_constant=reject_constant, parse_int=parse_integer,
                              parse_float=JsonFraction)
    except ValueError as error:
        raise WpkError(path, f"manifest is not valid JSON: {error}") from None
    check_strings(path, manifest)
    return manifest


def u64(path, value, what, **where):
    """§5: an integer is plain decimal digits that fits in 64 bits."""
    if type(value) is not int or not 0 <= value <= U64_MAX:
        raise WpkError(path, f"{what} is not a 64-bit unsigned integer: {value!r}", **where)
    return value


def field(path, obj, key, kind, **where):
    """§8 step 8: `key` is present in `obj` with the §5 type (`int` meaning a u64)."""
    if not isinstance(obj, dict) or key not in obj:
        raise WpkError(path, f"missing key {key!r}", **where)
    if kind is int:
        return u64(path, obj[key], repr(key), **where)
    if not isinstance(obj[key], kind):
        raise WpkError(path, f"{key!r} is not a {kind.__name__}: {obj[key]!r}", **where)
    return obj[key]


def known(path, value, names, what, tensor):
    """§6, §9: a dtype, codec or filter this reader does not know is refused, by name."""
    if value not in names:
        raise WpkError(path, f"unknown {what} {value!r}", tensor=tensor)
    return value


def introduced(path, feature, version, what, tensor=None):
    """§9: a file declares at least the version that introduced each feature it uses."""
    if feature in SINCE and version < SINCE[feature]:
        raise WpkError(path, f"{what} {feature!r} needs format %d.%d, but the file declares "
                       "%d.%d" % (*SINCE[feature], *version), tensor=tensor)


def string_map(path, obj, key, **where):
    value = field(path, obj, key, dict, **where)
    if not all(isinstance(item, str) for item in value.values()):
        raise WpkError(path, f"{key!r} has a value that is not a string", **where)


def round_to_binary(path, text, kind, key):
    """§5.5: the value of type `kind` nearest the decimal `text` (ties to even, subnormals
    included), computed exactly; refused if it overflows. Returns the bits."""
    precision, tiny, largest, _, _ = TYPED_FLOATS[kind]
    sign, whole, fraction, exponent = JSON_NUMBER.fullmatch(text).groups()
    fraction, exponent = fraction or "", exponent or "0"
    digits = (whole + fraction).lstrip("0")
    if len(exponent.lstrip("+-").lstrip("0")) > 12:  # beyond any range: clamp it
        exponent = "-" + "9" * 13 if exponent.startswith("-") else "9" * 13
    exponent = int(exponent) - len(fraction)
    magnitude = Fraction(0)
    if digits:
        scale = exponent + len(digits)  # the value is 0.digits x 10^scale
        if scale > 400:
            raise WpkError(path, f"typed metadata {key!r}: {text} overflows {kind}")
        if scale >= -400:
            if len(digits) > 900:  # more digits than any halfway point has; keep a sticky one
                sticky = "1" if digits[900:].strip("0") else ""
                exponent += len(digits) - 900 - len(sticky)
                digits = digits[:900] + sticky
            value = int(digits) * Fraction(10)**exponent
            power = value.numerator.bit_length() - value.denominator.bit_length()
            power += 1 if Fraction(2)**(power + 1) <= value else 0
            power -= 1 if Fraction(2)**power > value else 0
            quantum = Fraction(2)**max(power - precision + 1, tiny)
            magnitude = round(value / quantum) * quantum  # round() breaks ties to even
    if magnitude > largest:
        raise WpkError(path, f"typed metadata {key!r}: {text} overflows {kind}")
    number = -float(magnitude) if sign else float(magnitude)  # exact: magnitude fits
    if kind == "f64":
        return struct.unpack("<Q", struct.pack("<d", number))[0]
    return struct.unpack("<I", struct.pack("<f", number))[0]


def typed_float(path, value, kind, key):
    """§5.5: a float is a JSON number, "inf", "-inf" or "nan:0x<bits>". Returns a NumPy
    scalar with exactly the bits the value encodes (NaN payloads included)."""
    precision, _, _, bits_format, nan_digits = TYPED_FLOATS[kind]
    width = 8 * struct.calcsize(bits_format)
    exponent_mask = ((1 << (width - precision)) - 1) << (precision - 1)
    if isinstance(value, str):
        if value in ("inf", "-inf"):
            bits = exponent_mask | (1 << (width - 1) if value == "-inf" else 0)
        elif re.fullmatch(f"nan:0x[0-9a-f]{{{nan_digits}}}", value):
            bits = int(value[6:], 16)
            if bits & exponent_mask != exponent_mask or not bits & ((1 << precision - 1) - 1):
                raise WpkError(path, f"typed metadata {key!r}: {value} is not a NaN")
        else:
            raise WpkError(path, f"typed metadata {key!r}: {value!r} is not an {kind}")
    elif type(value) in (int, NegativeInt, JsonFraction):
        bits = round_to_binary(path, getattr(value, "text", None) or str(value), kind, key)
    else:
        raise WpkError(path, f"typed metadata {key!r}: {value!r} is not an {kind}")
    unsigned = "<u4" if kind == "f32" else "<u8"
    return np.array([bits], unsigned).view("<f4" if kind == "f32" else "<f8")[0]


def typed_value(path, value, kind, element_type, key):
    """§5.5: one value of type `kind`, decoded; for `array`, `element_type` names the type of
    its items."""
    if kind in TYPED_INTEGERS:
        low, high = TYPED_INTEGERS[kind]
        if type(value) not in (int, NegativeInt) or getattr(value, "text", "") == "-0" or \
                not low <= value <= high:
            raise WpkError(path, f"typed metadata {key!r}: {value!r} is not a {kind}")
        return int(value)
    if kind in TYPED_FLOATS:
        return typed_float(path, value, kind, key)
    if kind == "bool" and type(value) is bool:
        return value
    if kind == "string" and isinstance(value, str):
        return value
    if kind != "array" or not isinstance(value, list):
        raise WpkError(path, f"typed metadata {key!r}: {value!r} is not a {kind}")
    if element_type not in TYPED_TYPES:
        raise WpkError(path, f"typed metadata {key!r}: unknown element type {element_type!r}")
    items = []
    for item in value:
        if element_type == "array":  # {"element_type": E, "value": [...]}
            inner = field(path, item, "element_type", str)
            items.append(typed_value(path, field(path, item, "value", list), "array", inner,
                                     key))
        else:
            items.append(typed_value(path, item, element_type, None, key))
    return TypedArray(element_type, items)


def typed_metadata(path, manifest):
    """§5.5: decodes and checks `typed_metadata`; [] when absent. Floats come back as NumPy
    float32/float64 scalars with the exact bits encoded, arrays as TypedArray."""
    if "typed_metadata" not in manifest:
        return []
    entries, keys = [], set()
    for entry in field(path, manifest, "typed_metadata", list):
        key = field(path, entry, "key", str)
        kind = field(path, entry, "type", str)
        if kind not in TYPED_TYPES:
            raise WpkError(path, f"typed metadata {key!r}: unknown type {kind!r}")
        if key in keys:
            raise WpkError(path, f"typed metadata key {key!r} is repeated")
        keys.add(key)
        # element_type belongs to arrays; on another type it is a key this reader ignores.
        element_type = field(path, entry, "element_type", str) if kind == "array" else None
        if "value" not in entry:
            raise WpkError(path, f"typed metadata {key!r}: missing key 'value'")
        entries.append(TypedEntry(key, kind, typed_value(path, entry["value"], kind,
                                                         element_type, key)))
    return entries


def element_layout(path, dtype, shape, name):
    """§6: (bytes per unit, elements per unit) of a dtype; units are elements or blocks."""
    if dtype not in BLOCK_DTYPES:
        return np.dtype(DTYPES[dtype]).itemsize, 1
    if not shape or shape[-1] % BLOCK_ELEMENTS:
        raise WpkError(path, f"{dtype} needs an innermost dimension that is a multiple of "
                       f"{BLOCK_ELEMENTS}, not shape {shape}", tensor=name)
    return BLOCK_DTYPES[dtype], BLOCK_ELEMENTS


def sections(dtype, filters, size):
    """§7.2: the decoded lengths of a chunk's streams, one per plane or section."""
    if "block-split" in filters:
        blocks = size // BLOCK_DTYPES[dtype]
        return [blocks, blocks, size - 2 * blocks]
    if "byte-shuffle" in filters:
        width = np.dtype(DTYPES[dtype]).itemsize
        return [size // width] * width
    return [size]


def check_filters(path, dtype, codec, filters, version, name):
    """§7: the filter lists valid for each dtype and codec, and their versions (§9)."""
    for item in filters:
        introduced(path, known(path, item, FILTERS, "filter", name), version, "filter", name)
    if dtype in BLOCK_DTYPES:
        valid = filters in BLOCK_FILTER_LISTS
    else:
        valid = filters in FILTER_LISTS and \
            (not filters or np.dtype(DTYPES[dtype]).itemsize in (2, 4, 8))
    if not valid or (filters and codec == "raw"):
        raise WpkError(path, f"invalid filters {filters} for {codec} {dtype}", tensor=name)


def check_tensor(path, tensor, names, version, manifest_offset, max_chunk_bytes):
    """§5.3, §5.4, §6, §7, §8 steps 8-9. Returns the tensor's chunk spans."""
    name = field(path, tensor, "name", str)
    size = len(name.encode("utf-8"))
    if not 1 <= size <= MAX_NAME_BYTES or re.search("[\x00-\x1f\x7f]", name) or name in names:
        raise WpkError(path, f"invalid or duplicate tensor name {name!r}")
    names.add(name)
    dtype = field(path, tensor, "dtype", str, tensor=name)
    introduced(path, known(path, dtype, {**DTYPES, **BLOCK_DTYPES}, "dtype", name), version,
               "dtype", name)
    shape = field(path, tensor, "shape", list, tensor=name)
    if len(shape) > MAX_RANK:
        raise WpkError(path, f"rank {len(shape)} exceeds {MAX_RANK}", tensor=name)
    count = nonzero = 1
    for dimension in shape:
        u64(path, dimension, "dimension", tensor=name)
        count, nonzero = count * dimension, nonzero * max(dimension, 1)
    unit, per_unit = element_layout(path, dtype, shape, name)
    if nonzero > U64_MAX or count > U64_MAX or count // per_unit * unit > U64_MAX:
        raise WpkError(path, f"shape {shape} overflows 64 bits", tensor=name)
    byte_count = field(path, tensor, "byte_count", int, tensor=name)
    if byte_count != count // per_unit * unit:
        raise WpkError(path, f"byte_count {byte_count} is not {count // per_unit} x {unit}",
                       tensor=name)
    codec = known(path, field(path, tensor, "codec", str, tensor=name), CODECS, "codec", name)
    filters = field(path, tensor, "filters", list, tensor=name)
    check_filters(path, dtype, codec, filters, version, name)
    spans, total = [], 0
    for index, chunk in enumerate(field(path, tensor, "chunks", list, tensor=name)):
        where = {"tensor": name, "chunk": index}
        offset = field(path, chunk, "offset", int, **where)
        stored = field(path, chunk, "stored_byte_count", int, **where)
        decoded = field(path, chunk, "byte_count", int, **where)
        if field(path, chunk, "crc32", int, **where) > U32_MAX:
            raise WpkError(path, "crc32 exceeds 32 bits", **where)
        where["offset"] = offset
        if offset % ALIGNMENT or offset < PREAMBLE_SIZE or offset + stored > manifest_offset:
            raise WpkError(path, f"chunk of {stored} bytes is misaligned or out of the data "
                           f"region [64, {manifest_offset})", **where)
        if not 0 < decoded <= max_chunk_bytes or decoded % unit:
            raise WpkError(path, f"bad decoded length {decoded}", **where)
        if not 1 <= stored <= decoded or (codec == "raw" and stored != decoded):
            raise WpkError(path, f"bad stored length {stored} for {decoded} bytes", **where)
        if codec == "zlib" and {"byte-shuffle", "block-split"} & set(filters):
            planes = field(path, chunk, "planes", list, **where)
            lengths = [u64(path, item, "plane length", **where) for item in planes]
            limits = sections(dtype, filters, decoded)
            if len(lengths) != len(limits) or sum(lengths) != stored or \
                    not all(1 <= item <= limit for item, limit in zip(lengths, limits)):
                raise WpkError(path, f"bad planes {lengths}", **where)
        elif "planes" in chunk:
            raise WpkError(path, "planes on a chunk with one stream", **where)
        spans.append((offset, offset + stored, name, index))
        total += decoded
    if total != byte_count:
        raise WpkError(path, f"chunks decode to {total} bytes, not {byte_count}", tensor=name)
    return spans


def check_manifest(path, manifest, version, manifest_offset, max_chunk_bytes):
    """§5, §8 steps 8-10, §9."""
    if not isinstance(manifest, dict):
        raise WpkError(path, "manifest is not a JSON object")
    if field(path, manifest, "format", str) != "wpk":
        raise WpkError(path, f"format is {manifest['format']!r}, not 'wpk'")
    if field(path, manifest, "format_version", str) != "%d.%d" % version:
        raise WpkError(path, "format_version %r is not the preamble's %d.%d"
                       % (manifest["format_version"], *version))
    string_map(path, manifest, "metadata")
    if typed_metadata(path, manifest):
        introduced(path, "typed_metadata", version, "non-empty manifest key")
    for entry in field(path, manifest, "history", list):
        for key in ("operation", "tool", "time"):
            field(path, entry, key, str)
        string_map(path, entry, "parameters")
    names, spans = set(), []
    for tensor in field(path, manifest, "tensors", list):
        spans += check_tensor(path, tensor, names, version, manifest_offset, max_chunk_bytes)
    spans.sort()
    for previous, span in zip(spans, spans[1:]):
        if span[0] < previous[1]:
            raise WpkError(path, f"overlaps chunk {previous[3]} of {previous[2]!r}",
                           tensor=span[2], chunk=span[3], offset=span[0])


def decode_chunk(path, stored, entry, dtype, filters, **where):
    """§7: undo the streams, byte-shuffle or block-split, and rotate-left-1; check the
    CRC-32 (§4)."""
    size = entry["byte_count"]
    lengths = entry.get("planes", [len(stored)])
    parts, start = [], 0
    for index, (length, decoded) in enumerate(zip(lengths, sections(dtype, filters, size))):
        data = stored[start:start + length]
        if length != decoded:
            data = inflate(path, data, decoded, f"stream {index}", **where)
        parts.append(np.frombuffer(data, np.uint8))
        start += length
    if "byte-shuffle" in filters:  # byte k of element i is byte i of plane k
        data = np.stack(parts).T.tobytes()
    elif "block-split" in filters:  # low scale bytes, high scale bytes, codes
        blocks = np.empty((len(parts[0]), BLOCK_DTYPES[dtype]), np.uint8)
        blocks[:, 0], blocks[:, 1] = parts[0], parts[1]
        blocks[:, 2:] = parts[2].reshape(len(parts[0]), -1)
        data = blocks.tobytes()
    else:
        data = parts[0].tobytes()
    if "rotate-left-1" in filters:
        width = np.dtype(DTYPES[dtype]).itemsize
        values = np.frombuffer(data, f"<u{width}")
        data = ((values >> 1) | (values << (8 * width - 1))).tobytes()
    if zlib.crc32(data) != entry["crc32"]:
        raise WpkError(path, "chunk CRC-32 mismatch", **where)
    return data


def read_tensors(path, manifest):
    with open(path, "rb") as file:
        for tensor in manifest["tensors"]:
            name, dtype, shape = tensor["name"], tensor["dtype"], tensor["shape"]
            parts = []
            for index, chunk in enumerate(tensor["chunks"]):
                where = {"tensor": name, "chunk": index, "offset": chunk["offset"]}
                file.seek(chunk["offset"])
                stored = file.read(chunk["stored_byte_count"])
                parts.append(decode_chunk(path, stored, chunk, dtype, tensor["filters"],
                                          **where))
            data = b"".join(parts)
            if dtype in BLOCK_DTYPES:
                blocks = shape[-1] // BLOCK_ELEMENTS
                array = np.frombuffer(data, np.uint8).reshape(
                    *shape[:-1], blocks * BLOCK_DTYPES[dtype])
            else:
                array = np.frombuffer(data, np.dtype(DTYPES[dtype])).reshape(shape)
            yield name, array


def open_wpk(path, max_manifest_bytes=64 << 20, max_chunk_bytes=1 << 30):
    """Checks §8 steps 1-10, reading no tensor data. Returns the manifest and an iterator of
    (name, array) pairs that decodes the tensors one at a time."""
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        version = read_preamble(path, file, size)
        trailer = read_trailer(path, file, size, max_manifest_bytes)
        manifest = parse_manifest(path, file, trailer)
    check_manifest(path, manifest, version, trailer.manifest_offset, max_chunk_bytes)
    return manifest, read_tensors(path, manifest)


def verify_wpk(path, **limits):
    """Full verification (§8, last paragraph): decodes every chunk and checks that the data
    region's bytes outside chunks are zero. Returns (manifest, {name: array})."""
    manifest, tensors = open_wpk(path, **limits)
    arrays = dict(tensors)
    spans = sorted((chunk["offset"], chunk["offset"] + chunk["stored_byte_count"])
                   for tensor in manifest["tensors"] for chunk in tensor["chunks"])
    with open(path, "rb") as file:
        trailer = read_trailer(path, file, os.fstat(file.fileno()).st_size, U64_MAX)
        end = PREAMBLE_SIZE
        for start, stop in spans + [(trailer.manifest_offset, None)]:
            file.seek(end)
            gap = file.read(start - end)
            if any(gap):
                raise WpkError(path, "non-zero padding in the data region",
                               offset=end + next(i for i, byte in enumerate(gap) if byte))
            end = stop
    return manifest, arrays
