"""Checks `wpk` against pandas and scikit-learn on CSV data.

1. pandas writes random float32 tables (NaN and infinities included, a header with a
   quoted name, ',', ';' and tab separators); `wpk convert x.csv x.npy` must give exactly
   the float32 values pandas reads, and `--dtype F64` exactly its float64 values.
2. `wpk convert x.npy x.csv` writes text that pandas reads back to the same float32 bits.
3. `wpk normalize --method minmax --range A,B` and `--method zscore` match scikit-learn's
   MinMaxScaler / StandardScaler on the same float32 data to within 1e-6 (relative, with an
   absolute floor of 1e-6), a constant column included; `--inverse` restores the values
   within float32 rounding.

Usage: check_csv.py WPK_BINARY
"""

import os
import sys
import tempfile

import numpy as np
import pandas as pd
import sklearn
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from wpk_cli import run


def same_bits(a, b, where):
    assert a.dtype == b.dtype and a.shape == b.shape, (where, a.dtype, b.dtype, a.shape, b.shape)
    assert a.tobytes() == b.tobytes(), where


def worst(got, want):
    return float(np.max(np.abs(got.astype(np.float64) - want) / np.maximum(np.abs(want), 1e-6)))


def check_reading(wpk, scratch, rng):
    for separator, name in [(",", "comma.csv"), (";", "semicolon.csv"), ("\t", "tab.tsv")]:
        table = (rng.standard_normal((300, 6)) * 10.0 ** rng.integers(-3, 4, 6)).astype(np.float32)
        table[rng.integers(0, 300, 5), rng.integers(0, 6, 5)] = np.nan
        table[7, 1], table[9, 2] = np.inf, -np.inf
        path = os.path.join(scratch, name)
        columns = ["a", "b,c", "d e", "f", "g", "h"]
        pd.DataFrame(table, columns=columns).to_csv(path, sep=separator, index=False,
                                                    na_rep="nan", float_format="%.9g")
        want = pd.read_csv(path, sep=separator).to_numpy(np.float32)
        run(wpk, "convert", path, os.path.join(scratch, "t.npy"), "--force")
        same_bits(np.load(os.path.join(scratch, "t.npy")), want, path)
        run(wpk, "convert", path, os.path.join(scratch, "t64.npy"), "--dtype", "F64", "--force")
        want64 = pd.read_csv(path, sep=separator).to_numpy(np.float64)
        same_bits(np.load(os.path.join(scratch, "t64.npy")), want64, path + " as F64")


def check_writing(wpk, scratch, rng):
    values = rng.standard_normal((50, 8)).astype(np.float32) * np.float32(1e-3)
    values[0, :4] = [np.nan, np.inf, -np.inf, -0.0]
    source = os.path.join(scratch, "w.npy")
    np.save(source, values)
    text = os.path.join(scratch, "w.csv")
    run(wpk, "convert", source, text, "--force")
    back = pd.read_csv(text, header=None).to_numpy(np.float32)
    same_bits(back, values, text)


def check_normalize(wpk, scratch, rng):
    table = (rng.standard_normal((500, 5)) * [1, 100, 1e-3, 5, 30] + [0, 7, -2, 0, 1e3])
    table = table.astype(np.float32)
    table[:, 3] = 2.5
    path = os.path.join(scratch, "n.csv")
    pd.DataFrame(table).to_csv(path, index=False, float_format="%.9g")
    data = pd.read_csv(path).to_numpy(np.float32)
    for method, scaler, extra in [
        ("minmax", MinMaxScaler(feature_range=(-2, 3)), ["--range", "-2,3"]),
        ("zscore", StandardScaler(), []),
    ]:
        packed = os.path.join(scratch, f"{method}.wpk")
        out = os.path.join(scratch, f"{method}.npy")
        run(wpk, "convert", path, packed, "--header", "--force")
        run(wpk, "normalize", packed, packed + ".n.wpk", "--method", method, *extra, "--force")
        run(wpk, "convert", packed + ".n.wpk", out, "--tensor", "n", "--force")
        want = scaler.fit(data).transform(data)
        error = worst(np.load(out), want.astype(np.float64))
        assert error <= 1e-6, (method, error)
        run(wpk, "normalize", packed + ".n.wpk", packed + ".back.wpk", "--inverse", "--force")
        run(wpk, "convert", packed + ".back.wpk", out, "--force")
        restored = np.load(out)
        assert np.allclose(restored, data, rtol=1e-5, atol=1e-5), method
        print(f"  {method}: max error against scikit-learn {error:.2e}")


def main():
    wpk = sys.argv[1]
    rng = np.random.default_rng(5)
    with tempfile.TemporaryDirectory() as scratch:
        check_reading(wpk, scratch, rng)
        check_writing(wpk, scratch, rng)
        check_normalize(wpk, scratch, rng)
    print(f"pandas {pd.__version__}, scikit-learn {sklearn.__version__}: CSV and scalers agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
