"""Checks `wpk` against the real safetensors library, both directions.

1. safetensors.numpy.save_file writes files of every numpy dtype safetensors knows (scalars,
   empty and rank-5 tensors, metadata); `wpk` converts each to .wpk, verifies it, converts it
   back, and safe_open must load identical arrays and metadata. With at most one metadata key
   (the library orders several at random) the file must also be byte-identical to the
   library's.
2. A checkpoint saved in three shards with a model.safetensors.index.json converts through
   the index to .wpk and back to one .safetensors that holds every tensor unchanged.
3. `--dtype BF16` output loads in safetensors with the bfloat16 bit patterns computed here by
   rounding float32 to nearest even.

Usage: check_safetensors.py WPK_BINARY
"""

import json
import os
import sys
import tempfile

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file

from wpk_cli import run


def load(path):
    with safe_open(path, framework="numpy") as handle:
        return {key: handle.get_tensor(key) for key in handle.keys()}, handle.metadata()


def same(left, right, where):
    assert left.keys() == right.keys(), (where, sorted(left), sorted(right))
    for key in left:
        a, b = left[key], right[key]
        assert a.dtype == b.dtype and a.shape == b.shape, (where, key, a.dtype, b.dtype)
        assert a.tobytes() == b.tobytes(), (where, key)


def random_tensors(rng):
    tensors = {}
    for code in ["<f8", "<f4", "<f2", "<i8", "<i4", "<i2", "i1", "<u8", "<u4", "<u2", "u1"]:
        dtype = np.dtype(code)
        shape = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(1, 4))))
        if dtype.kind == "f":
            tensors[f"t.{code[-2:]}"] = (rng.standard_normal(shape) * 0.02).astype(dtype)
        else:
            info = np.iinfo(dtype)
            tensors[f"t.{code[-2:]}"] = rng.integers(info.min, info.max, shape, dtype=dtype)
    tensors["mask"] = rng.random((3, 5)) < 0.5
    tensors["scalar"] = np.array(3.25, dtype="<f4")
    tensors["empty"] = np.zeros((0, 7), dtype="<f2")
    tensors["rank5"] = np.arange(64, dtype="<i4").reshape(2, 2, 2, 2, 4)
    return tensors


def check_round_trip(wpk, scratch, rng):
    for index, metadata in enumerate([None, {"format": "np"}, {"a": "1", "b": "two", "c": ""}]):
        tensors = random_tensors(rng)
        original = os.path.join(scratch, f"r{index}.safetensors")
        packed = os.path.join(scratch, f"r{index}.wpk")
        back = os.path.join(scratch, f"r{index}.back.safetensors")
        save_file(tensors, original, metadata=metadata)
        run(wpk, "convert", original, packed, "--force")
        run(wpk, "verify", packed)
        run(wpk, "convert", packed, back, "--force")
        loaded, loaded_metadata = load(back)
        same(tensors, loaded, original)
        assert (loaded_metadata or {}) == (metadata or {}), (loaded_metadata, metadata)
        if metadata is None or len(metadata) <= 1:
            with open(original, "rb") as a, open(back, "rb") as b:
                assert a.read() == b.read(), f"{back} differs from {original}"


def check_shards(wpk, scratch, rng):
    directory = os.path.join(scratch, "sharded")
    os.makedirs(directory)
    everything = {}
    weight_map = {}
    for number in range(1, 4):
        shard = f"model-{number:05d}-of-00003.safetensors"
        tensors = {f"layers.{number}.{part}": (rng.standard_normal((8, 4)) * 0.02).astype("<f4")
                   for part in ("q", "k")}
        save_file(tensors, os.path.join(directory, shard), metadata={"format": "pt"})
        everything.update(tensors)
        weight_map.update({name: shard for name in tensors})
    index = os.path.join(directory, "model.safetensors.index.json")
    with open(index, "w") as handle:
        json.dump({"metadata": {"total_size": 768}, "weight_map": weight_map}, handle)
    packed = os.path.join(scratch, "sharded.wpk")
    merged = os.path.join(scratch, "merged.safetensors")
    run(wpk, "convert", index, packed)
    run(wpk, "convert", packed, merged)
    loaded, metadata = load(merged)
    same(everything, loaded, merged)
    assert metadata == {"format": "pt"}, metadata


def bfloat16_bits(array):
    bits = array.astype("<f4").view("<u4").astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2")
    nan = np.isnan(array)
    rounded[nan] = ((bits[nan] >> 16) | 0x40).astype("<u2")
    return rounded


def check_bfloat16(wpk, scratch, rng):
    values = (rng.standard_normal(4096) * 0.02).astype("<f4")
    values[:6] = [np.nan, np.inf, -np.inf, 0.0, -0.0, 3.4e38]
    original = os.path.join(scratch, "f32.safetensors")
    cast = os.path.join(scratch, "bf16.safetensors")
    save_file({"w": values}, original)
    run(wpk, "convert", original, cast, "--dtype", "BF16")
    with open(cast, "rb") as handle:
        data = handle.read()
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    assert header["w"]["dtype"] == "BF16", header
    got = np.frombuffer(data[8 + length:], dtype="<u2")
    assert np.array_equal(got, bfloat16_bits(values)), "BF16 rounding differs"


def main():
    wpk = sys.argv[1]
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as scratch:
        check_round_trip(wpk, scratch, rng)
        check_shards(wpk, scratch, rng)
        check_bfloat16(wpk, scratch, rng)
    import safetensors
    print(f"safetensors {safetensors.__version__}: round trips, shards and BF16 casts agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
