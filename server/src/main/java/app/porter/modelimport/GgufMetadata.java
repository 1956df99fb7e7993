package app.porter.modelimport;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.porter.errors.Unprocessable;

/**
 * A GGUF file's key/values, read as what they mean: integers (any width) as long, floats as double, strings,
 * booleans and arrays (as lists of those). Keys are llama.cpp's ({@code general.architecture},
 * {@code llama.block_count}, {@code tokenizer.ggml.tokens}, ...).
 */
final class GgufMetadata {

    private final Map<String, Object> values;

    GgufMetadata(Map<String, Object> values) {
        this.values = values;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Optional<String> string(String key) {
        return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    Optional<Long> integer(String key) {
        return values.get(key) instanceof Long n ? Optional.of(n) : Optional.empty();
    }

    Optional<Double> number(String key) {
        return switch (values.get(key)) {
            case Double d -> Optional.of(d);
            case Long n -> Optional.of(n.doubleValue());
            case null, default -> Optional.empty();
        };
    }

    Optional<Boolean> bool(String key) {
        return values.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /** An integer the model cannot do without, refused clearly when absent. */
    int requiredInt(String key) {
        Object value = values.get(key);
        if (value instanceof List<?>) {
            throw new Unprocessable("model_unsupported", key + " differs per layer in this GGUF; Porter imports "
                    + "models whose layers all have the same shape");
        }
        return Math.toIntExact(integer(key).orElseThrow(() -> new Unprocessable("model_format",
                "the GGUF metadata has no " + key)));
    }

    Optional<List<?>> list(String key) {
        return values.get(key) instanceof List<?> l ? Optional.of(l) : Optional.empty();
    }

    List<String> strings(String key) {
        return list(key).orElse(List.of()).stream().map(String::valueOf).toList();
    }

    float[] floats(String key) {
        List<?> list = list(key).orElse(List.of());
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).floatValue();
        }
        return out;
    }

    int[] ints(String key) {
        List<?> list = list(key).orElse(List.of());
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).intValue();
        }
        return out;
    }
}
