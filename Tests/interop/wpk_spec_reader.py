"""An independent reader for WeightPack `.wpk` files, written from Spec/FORMAT.md alone.

Nothing here comes from the Swift implementation; the § numbers cite the spec. Use:

    manifest, tensors = open_wpk(path)   # checks §8 steps 1-10, reads no tensor data
    for name, array in tensors: ...      # decodes chunks and checks their CRC-32
    manifest, arrays = verify_wpk(path)  # all of the above, plus zero padding (§8, full)

Arrays are NumPy arrays of the tensor's dtype and shape; BF16 is returned as a uint16 view.
Every violation raises WpkError, whose message names the file and, where known, the
tensor, chunk and byte offset. Needs Python 3.11 or later and NumPy.
"""

import json
import os
import re
import struct
import zlib
from collections import namedtuple

import numpy as np

MAGIC = b"\x89WPK\r\n\x1a\n"
END_MAGIC = b"WPK-END\n"
PREAMBLE_SIZE, TRAILER_SIZE, ALIGNMENT = 64, 40, 64
U64_MAX, U32_MAX = 2**64 - 1, 2**32 - 1
MAX_DEPTH = MAX_RANK = 64
MAX_NAME_BYTES = 4096
DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<u2", "I64": "<i8", "I32": "<i4",
          "I16": "<i2", "I8": "i1", "U64": "<u8", "U32": "<u4", "U16": "<u2", "U8": "u1",
          "BOOL": "?"}
CODECS, FILTERS = ("raw", "zlib"), ("byte-shuffle", "rotate-left-1")
FILTER_LISTS = ([], ["byte-shuffle"], ["rotate-left-1"], ["rotate-left-1", "byte-shuffle"])
# A JSON string or a bracket, to measure nesting; possessive, so it never backtracks.
JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.DOTALL)

Trailer = namedtuple("Trailer", "manifest_offset stored_byte_count byte_count crc32")


class WpkError(Exception):
    """A file breaks a rule of Spec/FORMAT.md."""

    def __init__(self, path, message, tensor=None, chunk=None, offset=None):
        where = [os.fspath(path)]
        where += [] if tensor is None else [f"tensor {tensor!r}"]
        where += [] if chunk is None else [f"chunk {chunk}"]
        where += [] if offset is None else [f"byte {offset}"]
        super().__init__(", ".join(where) + ": " + message)


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
    if head[:len(MAGIC)] != MAGIC:
        raise WpkError(path, "not a .wpk file (bad magic)", offset=0)
    if len(head) < 16:
        raise WpkError(path, f"truncated preamble ({size} bytes)", offset=len(head))
    major, minor, flags = struct.unpack_from("<HHI", head, 8)
    if major != 1:
        raise WpkError(path, f"unsupported version {major}.{minor} (newest supported: 1.0)",
                       offset=8)
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
    try:  # A negative integer becomes a float, so it never passes as a §5 integer.
        return json.loads(text, object_pairs_hook=reject_duplicates,
                          parse_constant=reject_constant,
                          parse_int=lambda digits: float(digits) if "-" in digits else int(digits))
    except ValueError as error:
        raise WpkError(path, f"manifest is not valid JSON: {error}") from None


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


def string_map(path, obj, key, **where):
    value = field(path, obj, key, dict, **where)
    if not all(isinstance(item, str) for item in value.values()):
        raise WpkError(path, f"{key!r} has a value that is not a string", **where)


def check_tensor(path, tensor, names, manifest_offset, max_chunk_bytes):
    """§5.3, §5.4, §6, §7, §8 steps 8-9. Returns the tensor's chunk spans."""
    name = field(path, tensor, "name", str)
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        raise WpkError(path, f"tensor name {name!r} is not Unicode") from None
    if not 1 <= size <= MAX_NAME_BYTES or re.search("[\x00-\x1f\x7f]", name) or name in names:
        raise WpkError(path, f"invalid or duplicate tensor name {name!r}")
    names.add(name)
    dtype = known(path, field(path, tensor, "dtype", str, tensor=name), DTYPES, "dtype", name)
    width = np.dtype(DTYPES[dtype]).itemsize
    shape = field(path, tensor, "shape", list, tensor=name)
    if len(shape) > MAX_RANK:
        raise WpkError(path, f"rank {len(shape)} exceeds {MAX_RANK}", tensor=name)
    count = nonzero = 1
    for dimension in shape:
        u64(path, dimension, "dimension", tensor=name)
        count, nonzero = count * dimension, nonzero * max(dimension, 1)
    if nonzero > U64_MAX or count * width > U64_MAX:
        raise WpkError(path, f"shape {shape} overflows 64 bits", tensor=name)
    byte_count = field(path, tensor, "byte_count", int, tensor=name)
    if byte_count != count * width:
        raise WpkError(path, f"byte_count {byte_count} is not {count} x {width}", tensor=name)
    codec = known(path, field(path, tensor, "codec", str, tensor=name), CODECS, "codec", name)
    filters = field(path, tensor, "filters", list, tensor=name)
    for item in filters:
        known(path, item, FILTERS, "filter", name)
    if filters not in FILTER_LISTS or (filters and (codec == "raw" or width not in (2, 4, 8))):
        raise WpkError(path, f"invalid filters {filters} for {codec} {dtype}", tensor=name)
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
        if not 0 < decoded <= max_chunk_bytes or decoded % width:
            raise WpkError(path, f"bad decoded length {decoded}", **where)
        if not 1 <= stored <= decoded or (codec == "raw" and stored != decoded):
            raise WpkError(path, f"bad stored length {stored} for {decoded} bytes", **where)
        if "byte-shuffle" in filters:
            planes = field(path, chunk, "planes", list, **where)
            lengths = [u64(path, item, "plane length", **where) for item in planes]
            if len(lengths) != width or sum(lengths) != stored or \
                    not all(1 <= item <= decoded // width for item in lengths):
                raise WpkError(path, f"bad planes {lengths}", **where)
        elif "planes" in chunk:
            raise WpkError(path, "planes on a chunk without byte-shuffle", **where)
        spans.append((offset, offset + stored, name, index))
        total += decoded
    if total != byte_count:
        raise WpkError(path, f"chunks decode to {total} bytes, not {byte_count}", tensor=name)
    return spans


def check_manifest(path, manifest, version, manifest_offset, max_chunk_bytes):
    """§5, §8 steps 8-10."""
    if not isinstance(manifest, dict):
        raise WpkError(path, "manifest is not a JSON object")
    if field(path, manifest, "format", str) != "wpk":
        raise WpkError(path, f"format is {manifest['format']!r}, not 'wpk'")
    if field(path, manifest, "format_version", str) != "%d.%d" % version:
        raise WpkError(path, "format_version %r is not the preamble's %d.%d"
                       % (manifest["format_version"], *version))
    string_map(path, manifest, "metadata")
    for entry in field(path, manifest, "history", list):
        for key in ("operation", "tool", "time"):
            field(path, entry, key, str)
        string_map(path, entry, "parameters")
    names, spans = set(), []
    for tensor in field(path, manifest, "tensors", list):
        spans += check_tensor(path, tensor, names, manifest_offset, max_chunk_bytes)
    spans.sort()
    for previous, span in zip(spans, spans[1:]):
        if span[0] < previous[1]:
            raise WpkError(path, f"overlaps chunk {previous[3]} of {previous[2]!r}",
                           tensor=span[2], chunk=span[3], offset=span[0])


def decode_chunk(path, stored, entry, filters, width, **where):
    """§7: undo the streams, byte-shuffle and rotate-left-1; check the CRC-32 (§4)."""
    size = entry["byte_count"]
    if "byte-shuffle" in filters:
        planes, start = [], 0
        for plane, length in enumerate(entry["planes"]):
            data = stored[start:start + length]
            if length != size // width:
                data = inflate(path, data, size // width, f"plane {plane}", **where)
            planes.append(data)
            start += length
        joined = np.frombuffer(b"".join(planes), np.uint8).reshape(width, size // width)
        data = joined.T.tobytes()
    else:
        data = stored if len(stored) == size else inflate(path, stored, size, "chunk", **where)
    if "rotate-left-1" in filters:
        values = np.frombuffer(data, f"<u{width}")
        data = ((values >> 1) | (values << (8 * width - 1))).tobytes()
    if zlib.crc32(data) != entry["crc32"]:
        raise WpkError(path, "chunk CRC-32 mismatch", **where)
    return data


def read_tensors(path, manifest):
    with open(path, "rb") as file:
        for tensor in manifest["tensors"]:
            name, dtype = tensor["name"], np.dtype(DTYPES[tensor["dtype"]])
            parts = []
            for index, chunk in enumerate(tensor["chunks"]):
                where = {"tensor": name, "chunk": index, "offset": chunk["offset"]}
                file.seek(chunk["offset"])
                stored = file.read(chunk["stored_byte_count"])
                parts.append(decode_chunk(path, stored, chunk, tensor["filters"],
                                          dtype.itemsize, **where))
            yield name, np.frombuffer(b"".join(parts), dtype).reshape(tensor["shape"])


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
