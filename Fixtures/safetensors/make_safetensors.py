"""Makes Fixtures/safetensors/: small files written by the real safetensors library, which
the Swift tests read and must write back byte for byte.

- dtypes.safetensors: one tensor of every dtype WeightPack shares with safetensors (BF16 and
  the FP8 types, which numpy lacks, go through safetensors' own serializer as raw bytes),
  with one `__metadata__` entry;
- shapes.safetensors: a scalar, an empty tensor, a rank-5 tensor; no metadata;
- sharded/: a checkpoint split in two shards with a Hugging Face style
  `model.safetensors.index.json`.

Values are deterministic (aranges and a seeded PCG64). Every tensor's bytes are also written
to expected/<file stem>.<tensor>.bin for the tests to compare against.

Run: python3 make_safetensors.py  (needs numpy and safetensors; see VERSIONS.txt)
"""

import json
import os

import numpy as np
import safetensors
from safetensors import TensorSpec, serialize_file
from safetensors.numpy import save_file

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(0)


keep_alive = []


def spec(dtype_name, shape, data):
    """A TensorSpec for safetensors' own serializer over a buffer kept alive here."""
    buffer = np.frombuffer(bytes(data), dtype="u1").copy()
    keep_alive.append(buffer)
    return TensorSpec(
        dtype=dtype_name, shape=list(shape), data_ptr=buffer.ctypes.data, data_len=buffer.nbytes)


def expect(stem, tensors):
    os.makedirs(os.path.join(here, "expected"), exist_ok=True)
    for name, data in tensors.items():
        with open(os.path.join(here, "expected", f"{stem}.{name}.bin"), "wb") as handle:
            handle.write(data)


numeric = {
    "f64": np.linspace(-1, 1, 6).reshape(2, 3),
    "f32": (rng.standard_normal((4, 8)) * 0.02).astype("<f4"),
    "f16": np.arange(-6, 6, dtype="<f2").reshape(3, 4) / 4,
    "i64": np.arange(-3, 3, dtype="<i8"),
    "i32": np.arange(-4, 4, dtype="<i4").reshape(2, 4),
    "i16": np.arange(-5, 5, dtype="<i2"),
    "i8": np.arange(-8, 8, dtype="i1"),
    "u64": np.arange(5, dtype="<u8") << np.uint64(40),
    "u32": np.arange(6, dtype="<u4") * np.uint32(70000),
    "u16": np.arange(7, dtype="<u2") * np.uint16(9000),
    "u8": np.arange(250, 256, dtype="u1"),
    "bool": np.array([True, False, True, True]),
}
# bfloat16 is the top half of a float32; the FP8 codes are spelled out as bytes.
bf16 = ((np.arange(-4, 4, dtype="<f4") / 8).view("<u4") >> np.uint32(16)).astype("<u2")
raw = {
    "bf16": ("bfloat16", (2, 4), bf16.tobytes()),
    "f8_e4m3": ("float8_e4m3fn", (2, 3), bytes([0x00, 0x38, 0xB8, 0x40, 0x7E, 0x01])),
    "f8_e5m2": ("float8_e5m2", (3,), bytes([0x3C, 0xBC, 0x7B])),
}
specs = {name: spec(a.dtype.name, a.shape, a.tobytes()) for name, a in numeric.items()}
specs.update({name: spec(*item) for name, item in raw.items()})
serialize_file(specs, os.path.join(here, "dtypes.safetensors"), metadata={"format": "pt"})
expect("dtypes", {**{n: a.tobytes() for n, a in numeric.items()},
                  **{n: item[2] for n, item in raw.items()}})

shapes = {
    "scalar": np.array(2.5, dtype="<f4"),
    "empty": np.zeros((0, 3), dtype="<f2"),
    "rank5": np.arange(32, dtype="<i2").reshape(2, 2, 2, 2, 2),
}
save_file(shapes, os.path.join(here, "shapes.safetensors"))
expect("shapes", {n: a.tobytes() for n, a in shapes.items()})

sharded = os.path.join(here, "sharded")
os.makedirs(sharded, exist_ok=True)
first = {
    "embed.weight": (rng.standard_normal((16, 4)) * 0.02).astype("<f4"),
    "layers.0.weight": (rng.standard_normal((4, 4)) * 0.02).astype("<f4"),
}
second = {
    "layers.1.weight": (rng.standard_normal((4, 4)) * 0.02).astype("<f4"),
    "layers.1.bias": np.zeros(4, dtype="<f4"),
}
names = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
weight_map = {}
for shard, tensors in zip(names, [first, second]):
    save_file(tensors, os.path.join(sharded, shard), metadata={"format": "pt"})
    weight_map.update({name: shard for name in tensors})
    expect("sharded", {n: a.tobytes() for n, a in tensors.items()})
total = sum(a.nbytes for a in list(first.values()) + list(second.values()))
with open(os.path.join(sharded, "model.safetensors.index.json"), "w") as handle:
    json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, handle, indent=2)
    handle.write("\n")

with open(os.path.join(here, "VERSIONS.txt"), "w") as handle:
    handle.write(f"numpy {np.__version__}\nsafetensors {safetensors.__version__}\n")
