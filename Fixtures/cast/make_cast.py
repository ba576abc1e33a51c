"""Makes Fixtures/cast/: float32 values and what numpy (float16, float64) and ml_dtypes
(bfloat16) cast them to, for the Swift cast tests. The values cover ties, subnormals,
overflow, signed zeros, infinities and NaN, then Gaussian weights. Deterministic.

Run: python3 make_cast.py  (needs numpy and ml_dtypes; see VERSIONS.txt)
"""

import os

import ml_dtypes
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(3)
special = np.array([
    0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 65504.0, 65520.0, 65519.99, 1e-8, 6e-8,
    5.96e-8, 2.98e-8, 3.4028235e38, 1.0000001, 1.00390625, 1.01171875, 1.0078125,
    -1.0078125, 1e-40, -3e-39, 0.1, 1 / 3,
], dtype="<f4")
ties = (np.arange(1, 200, dtype="<u4") << 15 | 0x3F800000).view("<f4")
values = np.concatenate([special, ties, (rng.standard_normal(2000) * 0.05).astype("<f4")])
values.tofile(os.path.join(here, "f32.bin"))
values.astype("<f2").tofile(os.path.join(here, "f16.bin"))
values.astype(ml_dtypes.bfloat16).view("<u2").tofile(os.path.join(here, "bf16.bin"))
values.astype("<f8").tofile(os.path.join(here, "f64.bin"))
doubles = np.concatenate([
    np.array([1 + 2**-24, 1 + 3 * 2**-25, 1e300, -1e-300, 65519.0, 2.0**-25 * 3], dtype="<f8"),
    rng.standard_normal(500) * 0.05,
])
doubles.tofile(os.path.join(here, "f64-source.bin"))
doubles.astype("<f4").tofile(os.path.join(here, "f64-to-f32.bin"))
doubles.astype("<f2").tofile(os.path.join(here, "f64-to-f16.bin"))
with open(os.path.join(here, "VERSIONS.txt"), "w") as handle:
    handle.write(f"numpy {np.__version__}\nml_dtypes {ml_dtypes.__version__}\n")
