"""Makes Fixtures/model/: a tiny model dumped to a directory of .npy files, as people dump
weights from any framework with numpy. Weights are Gaussian like trained weights, so the
README's tour shows real compression. Deterministic (PCG64, seed 0).

Run: python3 make_model.py  (writes the .npy files and VERSIONS.txt beside this script)
"""

import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(0)
tensors = {
    "embeddings/word.weight": rng.normal(0, 0.05, (512, 128)).astype("<f4"),
    "encoder/layer0/dense.weight": rng.normal(0, 0.02, (128, 128)).astype("<f4"),
    "encoder/layer0/dense.bias": rng.normal(0, 0.01, (128,)).astype("<f4"),
    "encoder/layer0/norm.weight": np.ones(128, dtype="<f4"),
    "position_ids": np.arange(128, dtype="<i8").reshape(1, 128),
}
for name, array in tensors.items():
    path = os.path.join(here, name + ".npy")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, array)
with open(os.path.join(here, "VERSIONS.txt"), "w") as handle:
    handle.write(f"numpy {np.__version__}\n")
