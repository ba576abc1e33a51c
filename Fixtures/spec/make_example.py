"""Makes the input of the worked example in Spec/FORMAT.md, section 11.

Run: python3 make_example.py  (records the numpy version in VERSIONS.txt)
"""

import numpy as np

weights = np.array([[0.5, -1.0, 2.0], [0.25, 3.0, -0.125]], dtype="<f4")
np.save("example.npy", weights)
with open("VERSIONS.txt", "w") as handle:
    handle.write(f"numpy {np.__version__}\n")
