"""Makes Fixtures/csv/: CSV files written by pandas, numpy and Python's csv module, with the
values pandas reads back from each (as little-endian float32, or float64 for `f64.csv`) in
expected/<name>.bin, and a scikit-learn reference for `wpk normalize`.

- pandas.csv: DataFrame.to_csv, header row, a column name holding a comma, nan/inf/-inf;
- savetxt.csv: np.savetxt with ';' and '%.9g', no header;
- tabs.tsv: tab-separated with a header, CRLF line ends;
- quoted.csv: csv.writer with QUOTE_ALL (every number in quotes);
- f64.csv: float64 values written with repr, read as F64;
- scale.csv: a 64 x 5 table with a constant column, and what scikit-learn's MinMaxScaler
  (range -1, 1) and StandardScaler produce from its float32 values, in expected/.

Run: python3 make_csv.py  (needs numpy, pandas, scikit-learn; see VERSIONS.txt)
"""

import csv
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.preprocessing import MinMaxScaler, StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(os.path.join(here, "expected"), exist_ok=True)
rng = np.random.default_rng(11)


def expect(name, array):
    array.tofile(os.path.join(here, "expected", name + ".bin"))


table = (rng.standard_normal((20, 4)) * 10).astype(np.float32)
table[3, 1] = np.nan
table[5, 2] = np.inf
table[6, 0] = -np.inf
frame = pd.DataFrame(table, columns=["alpha", "beta", "gamma,delta", "epsilon"])
frame.to_csv(os.path.join(here, "pandas.csv"), index=False, na_rep="nan")
expect("pandas", pd.read_csv(os.path.join(here, "pandas.csv")).to_numpy(np.float32))

savetxt = (rng.standard_normal((7, 3)) * 0.02).astype(np.float32)
np.savetxt(os.path.join(here, "savetxt.csv"), savetxt, delimiter=";", fmt="%.9g")
expect("savetxt", np.loadtxt(os.path.join(here, "savetxt.csv"), delimiter=";", dtype=np.float32))

tabs = rng.integers(-1000, 1000, (5, 3)).astype(np.float32) / 8
pd.DataFrame(tabs, columns=["x", "y", "z"]).to_csv(
    os.path.join(here, "tabs.tsv"), sep="\t", index=False, lineterminator="\r\n")
expect("tabs", pd.read_csv(os.path.join(here, "tabs.tsv"), sep="\t").to_numpy(np.float32))

quoted = rng.standard_normal((4, 2)).astype(np.float32)
with open(os.path.join(here, "quoted.csv"), "w", newline="") as handle:
    writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
    writer.writerow(["first", "second"])
    writer.writerows([[repr(float(v)) for v in row] for row in quoted])
expect("quoted", pd.read_csv(os.path.join(here, "quoted.csv")).to_numpy(np.float32))

f64 = rng.standard_normal((6, 2)) * 1e-3
with open(os.path.join(here, "f64.csv"), "w", newline="") as handle:
    handle.writelines(",".join(repr(float(v)) for v in row) + "\n" for row in f64)
expect("f64", pd.read_csv(os.path.join(here, "f64.csv"), header=None).to_numpy(np.float64))

scale = (rng.standard_normal((64, 5)) * [1, 10, 0.01, 5, 100] + [0, 3, -1, 50, 0])
scale = scale.astype(np.float32)
scale[:, 3] = 7.25
pd.DataFrame(scale, columns=[f"c{i}" for i in range(5)]).to_csv(
    os.path.join(here, "scale.csv"), index=False, float_format="%.9g")
values = pd.read_csv(os.path.join(here, "scale.csv")).to_numpy(np.float32)
expect("scale", values)
minmax = MinMaxScaler(feature_range=(-1, 1)).fit(values)
expect("scale.minmax", minmax.transform(values).astype(np.float32))
standard = StandardScaler().fit(values)
expect("scale.zscore", standard.transform(values).astype(np.float32))

with open(os.path.join(here, "VERSIONS.txt"), "w") as handle:
    handle.write(f"numpy {np.__version__}\npandas {pd.__version__}\n"
                 f"scikit-learn {sklearn.__version__}\n")
