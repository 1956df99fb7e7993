# Regenerate (pip install gguf==0.19.0 numpy): python ggml-blocks.py, in this folder.
# Builds ggml-blocks.gguf with llama.cpp's own gguf-py: raw q8_0/q4_0/q4_K/f16/bf16 blocks and, beside each, the
# floats gguf-py's numpy reference dequantizes them to (stored as F32 "<name>.expected").
import numpy as np, gguf
from gguf import GGMLQuantizationType as T
from gguf.quants import dequantize, quantize
rng = np.random.default_rng(16)
w = gguf.GGUFWriter("ggml-blocks.gguf", "llama")
def raw(name, qtype, rows, cols, blocks):
    data = np.frombuffer(blocks.tobytes(), dtype=np.uint8).reshape(rows, -1)
    w.add_tensor(name, data, raw_dtype=qtype)
    exp = dequantize(data, qtype).astype(np.float32).reshape(rows, cols)
    w.add_tensor(name + ".expected", exp)
def blocks(qtype, rows, cols, scale_fields):
    bsize, tsize = gguf.GGML_QUANT_SIZES[qtype]
    nb = rows * cols // bsize
    b = rng.integers(0, 256, size=(nb, tsize), dtype=np.uint8)
    for off in scale_fields:  # sane f16 scales: random normal, never inf/nan
        b[:, off:off+2] = np.frombuffer((rng.standard_normal(nb) * 0.01).astype(np.float16).tobytes(), dtype=np.uint8).reshape(nb, 2)
    return b
raw("q8_0", T.Q8_0, 3, 64, blocks(T.Q8_0, 3, 64, [0]))
raw("q4_0", T.Q4_0, 3, 64, blocks(T.Q4_0, 3, 64, [0]))
raw("q4_k", T.Q4_K, 2, 512, blocks(T.Q4_K, 2, 512, [0, 2]))
x = (rng.standard_normal((2, 64)) * 3).astype(np.float32)
raw("f16", T.F16, 2, 64, np.frombuffer(x.astype(np.float16).tobytes(), dtype=np.uint8))
bf = quantize(x, T.BF16)
raw("bf16", T.BF16, 2, 64, bf)
w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()
