package app.porter.modelimport;

import java.util.List;

import app.porter.errors.Unprocessable;

/** ggml's tensor type ids ({@code enum ggml_type}) and which of them Porter reads. */
final class GgmlTypes {

    /** Index = ggml type id; names as llama.cpp prints them. */
    private static final List<String> NAMES = List.of("F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1",
            "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S",
            "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16", "Q4_0_4_4",
            "Q4_0_4_8", "Q4_0_8_8", "TQ1_0", "TQ2_0", "IQ4_NL_4_4", "IQ4_NL_4_8", "IQ4_NL_8_8", "MXFP4");

    static final int F32 = 0;
    static final int F16 = 1;
    static final int Q4_0 = 2;
    static final int Q4_1 = 3;
    static final int Q5_0 = 6;
    static final int Q5_1 = 7;
    static final int Q8_0 = 8;
    static final int Q4_K = 12;
    static final int Q6_K = 14;
    static final int BF16 = 30;

    private GgmlTypes() {
    }

    static TensorType type(GgufFile.TensorInfo info) {
        return switch (info.ggmlType()) {
            case F32 -> TensorType.F32;
            case F16 -> TensorType.F16;
            case BF16 -> TensorType.BF16;
            case Q8_0 -> TensorType.Q8_0;
            case Q4_0 -> TensorType.Q4_0;
            case Q4_1 -> TensorType.Q4_1;
            case Q5_0 -> TensorType.Q5_0;
            case Q5_1 -> TensorType.Q5_1;
            case Q4_K -> TensorType.Q4_K;
            case Q6_K -> TensorType.Q6_K;
            default -> throw new Unprocessable("model_unsupported", "tensor " + info.name() + " is stored as "
                    + name(info.ggmlType()) + "; Porter imports " + ModelImporter.GGUF_TYPES + " tensors: "
                    + "re-quantize the model with llama-quantize to Q8_0, Q4_0 or Q4_K_M (or convert it to F16)");
        };
    }

    /** The ggml id a writer stores for {@code type}. */
    static int id(TensorType type) {
        return switch (type) {
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            case Q8_0 -> Q8_0;
            case Q4_0 -> Q4_0;
            case Q4_1 -> Q4_1;
            case Q5_0 -> Q5_0;
            case Q5_1 -> Q5_1;
            case Q4_K -> Q4_K;
            case Q6_K -> Q6_K;
        };
    }

    static String name(int id) {
        return id >= 0 && id < NAMES.size() ? NAMES.get(id) : "ggml type " + id;
    }
}
