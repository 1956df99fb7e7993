package app.porter.modelimport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bit for bit what llama.cpp's own code makes of the same blocks: {@code ggml-blocks.gguf} was written by
 * llama.cpp's gguf-py ({@code ggml-blocks.py} beside it) with random q8_0, q4_0, q4_K, f16 and bf16 blocks, and
 * with the floats its reference dequantization gives for each, as F32 tensors named {@code <name>.expected}.
 */
class DequantizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"q8_0", "q4_0", "q4_k", "f16", "bf16"})
    void decodesLikeGgml(String name) throws IOException, URISyntaxException {
        GgufFile file = GgufFile.open(Path.of(getClass().getResource("ggml-blocks.gguf").toURI()));
        Map<String, GgufFile.TensorInfo> infos = file.tensors().stream()
                .collect(Collectors.toMap(GgufFile.TensorInfo::name, Function.identity()));
        Tensor blocks = tensor(file, infos.get(name));
        Tensor expected = tensor(file, infos.get(name + ".expected"));
        assertEquals(TensorType.F32, expected.type());
        assertArrayEquals(expected.shape(), blocks.shape());
        float[] want = expected.toFloats();
        float[] got = blocks.toFloats();
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]),
                    name + " element " + i + ": " + want[i] + " vs " + got[i]);
        }
    }

    private static Tensor tensor(GgufFile file, GgufFile.TensorInfo info) throws IOException {
        TensorType type = GgmlTypes.type(info);
        return new Tensor(info.name(), info.shape(), type, file.map(info, type.bytesFor(Tensor.elements(info.shape()))));
    }
}
