package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.onnxruntime.OnnxJavaType;

/** The forward pass on real ONNX decoders the test builds: discovery, KV cache correctness, refusals. */
class DecoderModelTest {

    static final List<String> VOCAB = TinyLlama.vocabulary(List.of());

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fp32", "fp16-cache", "merged"})
    void greedyWithTheCacheEqualsGreedyRecomputedWithoutIt(String variant) throws Exception {
        TinyLlama.Spec spec = TinyLlama.Spec.tiny(VOCAB.size());
        spec = switch (variant) {
            case "fp16-cache" -> spec.withKvFloat16();
            case "merged" -> spec.withUseCacheBranch();
            default -> spec;
        };
        try (DecoderModel model = DecoderModel.load(TinyLlama.folder(dir, spec, VOCAB), 1)) {
            DecoderSignature s = model.signature();
            assertEquals(2, s.layers());
            assertEquals(2, s.kvHeads());
            assertEquals(8, s.headDim());
            assertEquals(variant.equals("fp16-cache") ? OnnxJavaType.FLOAT16 : OnnxJavaType.FLOAT, s.kvType());
            assertEquals(variant.equals("merged"), s.hasUseCacheBranch());

            int[] prompt = model.tokenizer().encode("Once upon a time", true);
            assertEquals(1, prompt[0], "the tokenizer's post-processor adds bos");
            int steps = 24;

            // With the cache: prefill, then one token per step.
            int[] cached = new int[steps];
            KvCache cache = KvCache.empty(s, 1);
            DecoderModel.Step step = model.run(new int[][]{prompt}, cache);
            cache.close();
            for (int i = 0; i < steps; i++) {
                cached[i] = Sampler.argmax(step.logits()[0]);
                KvCache previous = step.cache();
                step = model.run(new int[][]{{cached[i]}}, previous);
                previous.close();
            }
            step.cache().close();

            // Without: the whole sequence again at every step.
            int[] recomputed = new int[steps];
            int[] sequence = Arrays.copyOf(prompt, prompt.length + steps);
            for (int i = 0; i < steps; i++) {
                try (KvCache empty = KvCache.empty(s, 1)) {
                    DecoderModel.Step full = model.run(new int[][]{Arrays.copyOf(sequence, prompt.length + i)}, empty);
                    full.cache().close();
                    recomputed[i] = Sampler.argmax(full.logits()[0]);
                    sequence[prompt.length + i] = recomputed[i];
                }
            }
            assertArrayEquals(recomputed, cached);
            assertTrue(Arrays.stream(cached).distinct().count() > 3, "a varied continuation: " + Arrays.toString(cached));
        }
    }

    @Test
    void refusesFoldersThatAreNotDecoders() throws Exception {
        assertTrue(refusal(dir.resolve("missing")).contains("is not a folder"));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(refusal(empty).contains("no .onnx file"), refusal(empty));

        Path noConfig = TinyLlama.folder(dir.resolve("no-config"), TinyLlama.Spec.tiny(VOCAB.size()), VOCAB);
        Files.delete(noConfig.resolve("config.json"));
        assertTrue(refusal(noConfig).contains("config.json"), refusal(noConfig));

        Path noTokenizer = TinyLlama.folder(dir.resolve("no-tokenizer"), TinyLlama.Spec.tiny(VOCAB.size()), VOCAB);
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        assertTrue(refusal(noTokenizer).contains("tokenizer.json"), refusal(noTokenizer));

        Path corrupt = TinyLlama.folder(dir.resolve("corrupt"), TinyLlama.Spec.tiny(VOCAB.size()), VOCAB);
        byte[] bytes = Files.readAllBytes(corrupt.resolve("model.onnx"));
        Files.write(corrupt.resolve("model.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(refusal(corrupt).contains("could not be loaded by ONNX Runtime"), refusal(corrupt));

        Path wrongLayers = TinyLlama.folder(dir.resolve("mixed"), TinyLlama.Spec.tiny(VOCAB.size()), VOCAB);
        Files.writeString(wrongLayers.resolve("config.json"), Files.readString(wrongLayers.resolve("config.json"))
                .replace("\"num_hidden_layers\":2", "\"num_hidden_layers\":12"));
        assertTrue(refusal(wrongLayers).contains("12 layers"), refusal(wrongLayers));
    }

    private static String refusal(Path folder) {
        ModelRefusedException e = assertThrows(ModelRefusedException.class, () -> DecoderModel.load(folder, 1));
        assertFalse(e.getMessage().isBlank());
        return e.getMessage();
    }
}
