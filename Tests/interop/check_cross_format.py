"""The issue's cross-format chain: a NumPy .npz of float32 tensors goes
.npz -> .safetensors -> .gguf -> .wpk -> directory of .npy through `wpk`, and every tensor
must come out bit for bit as NumPy wrote it (NaN payloads, signed zeros, subnormals and
infinities included). The real tools check the middle steps too: safetensors' safe_open and
gguf-py's GGUFReader read the intermediate files.

Usage: check_cross_format.py WPK_BINARY
"""

import os
import sys
import tempfile

import numpy as np
from gguf import GGUFReader
from safetensors import safe_open

from wpk_cli import run


def main():
    wpk = sys.argv[1]
    rng = np.random.default_rng(9)
    tensors = {
        "embed.weight": (rng.standard_normal((64, 32)) * 0.02).astype("<f4"),
        "layers.0.attn.q.weight": (rng.standard_normal((32, 32)) * 0.02).astype("<f4"),
        "layers.0.norm.weight": np.ones(32, dtype="<f4"),
        "scalar_like": np.array([3.5], dtype="<f4"),
        "rank4": rng.standard_normal((2, 3, 4, 5)).astype("<f4"),
    }
    special = np.array([0.0, -0.0, np.inf, -np.inf, 1e-45, -3e-39, 3.4028235e38, 1.0],
                       dtype="<f4")
    bits = special.view("<u4").copy()
    bits[-1] = 0x7FC12345  # a NaN with a payload
    tensors["special"] = bits.view("<f4")
    with tempfile.TemporaryDirectory() as scratch:
        path = lambda name: os.path.join(scratch, name)
        np.savez(path("start.npz"), **tensors)
        run(wpk, "convert", path("start.npz"), path("a.safetensors"))
        with safe_open(path("a.safetensors"), framework="numpy") as handle:
            for name in tensors:
                assert handle.get_tensor(name).tobytes() == tensors[name].tobytes(), name
        run(wpk, "convert", path("a.safetensors"), path("b.gguf"))
        reader = GGUFReader(path("b.gguf"))
        by_name = {tensor.name: tensor for tensor in reader.tensors}
        for name, array in tensors.items():
            assert bytes(by_name[name].data.tobytes()) == array.tobytes(), name
        run(wpk, "convert", path("b.gguf"), path("c.wpk"))
        run(wpk, "verify", path("c.wpk"))
        run(wpk, "convert", path("c.wpk"), path("out"))
        for name, array in tensors.items():
            loaded = np.load(os.path.join(scratch, "out", name + ".npy"))
            assert loaded.dtype == array.dtype and loaded.shape == array.shape, name
            assert loaded.tobytes() == array.tobytes(), name
    print(f"npz -> safetensors -> gguf -> wpk -> npy: {len(tensors)} float32 tensors bit for bit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
