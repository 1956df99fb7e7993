package app.porter.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import app.porter.errors.InvalidInput;
import app.porter.errors.Unprocessable;

/** GGUF files written as llama.cpp writes them read back as the checkpoint they were written from. */
class GgufReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TensorType.class)
    void everyTypeReadsBackWhatWasWritten(TensorType type) throws IOException {
        roundTrip(TinyCheckpoints.tiny("llama"), type);
    }

    static Stream<Arguments> families() {
        return Stream.concat(Stream.of("mistral", "qwen2", "qwen3", "phi3", "gemma", "gemma2", "granite", "olmo2")
                .flatMap(arch -> Stream.of(Arguments.of(arch, TensorType.F32), Arguments.of(arch, TensorType.Q4_K))),
                Stream.of(Arguments.of("llama", TensorType.Q6_K), Arguments.of("qwen2", TensorType.Q6_K),
                        Arguments.of("llama", TensorType.Q5_0), Arguments.of("llama", TensorType.Q4_1),
                        Arguments.of("llama", TensorType.Q5_1)));
    }

    @ParameterizedTest
    @MethodSource("families")
    void everyFamilyReadsBackInHuggingFaceLayout(String arch, TensorType type) throws IOException {
        roundTrip(TinyCheckpoints.tiny(arch), type);
    }

    private void roundTrip(DecoderShape shape, TensorType type) throws IOException {
        Checkpoint written = TinyCheckpoints.random(shape, 7);
        Path file = dir.resolve(shape.architecture() + "-" + type + ".gguf");
        GgufWriter.write(written, type, file);

        Checkpoint read = Checkpoints.read(file, ImportProgress.SILENT);

        // GGUF has no "mistral" (llama.cpp converts it as llama) and stores gemma's norms as 1 + w.
        String arch = GgufWriter.ggufArchitecture(shape);
        assertEquals(arch, read.shape().architecture());
        double offset = shape.variant().normWeightOffset();
        DecoderShape.Variant v = shape.variant();
        DecoderShape expected = new DecoderShape(arch, shape.vocabSize(), shape.hidden(), shape.layers(),
                shape.heads(), shape.kvHeads(), shape.headDim(), shape.intermediate(), shape.maxPositions(),
                shape.ropeTheta(), shape.rmsEps(), shape.tiedEmbeddings(),
                new DecoderShape.Variant(v.activation(), v.qkNorm(), v.attentionBias(), v.postNorms(), 0,
                        v.embeddingScale(), v.residualScale(), v.attentionScale(), v.logitScale(), v.logitSoftcap(),
                        v.attentionSoftcap(), v.slidingWindow(), v.ropeScaling()),
                shape.bosTokenId(), shape.eosTokenIds());
        CheckpointAssertions.sameShape(expected, read.shape());
        CheckpointAssertions.sameTensors(written, read, type, (float) offset);
        assertEquals(file.getFileName().toString(), read.source());
        assertTrue(read.tokenizer().tokenizerConfigJson().contains("chat_template"));
    }

    @Test
    void progressCountsEveryTensor() throws IOException {
        Checkpoint written = TinyCheckpoints.random(TinyCheckpoints.tiny("qwen3"), 1);
        Path file = dir.resolve("m.gguf");
        GgufWriter.write(written, TensorType.Q8_0, file);
        List<long[]> reports = new ArrayList<>();
        Checkpoints.read(file, (phase, done, total) -> {
            assertEquals(ImportProgress.Phase.READ, phase);
            reports.add(new long[] {done, total});
        });
        long[] last = reports.getLast();
        assertEquals(last[0], last[1]);
        assertEquals(written.tensors().size(), last[1]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64, 4096})
    void dataStartsAtTheFilesAlignment(int alignment) throws IOException {
        Checkpoint written = TinyCheckpoints.random(TinyCheckpoints.tiny("qwen2"), 3);
        Path file = dir.resolve("aligned.gguf");
        GgufWriter.write(written, TensorType.Q4_0, file, Map.of("general.alignment", alignment));
        CheckpointAssertions.sameTensors(written, Checkpoints.read(file, ImportProgress.SILENT), TensorType.Q4_0, 0);
    }

    @Test
    void aFileThatIsNotGgufIsNotAModel() throws IOException {
        Path file = Files.write(dir.resolve("model.bin"), "GGML not really a model".getBytes());
        InvalidInput refused = assertThrows(InvalidInput.class, () -> Checkpoints.read(file, ImportProgress.SILENT));
        assertTrue(refused.getMessage().contains("neither a GGUF file"), refused.getMessage());
    }

    @Test
    void aTruncatedFileIsRefusedAsTruncated() throws IOException {
        Path whole = dir.resolve("whole.gguf");
        GgufWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("llama"), 1), TensorType.Q8_0, whole);
        byte[] bytes = Files.readAllBytes(whole);
        for (int keep : new int[] {8, 200, bytes.length / 2, bytes.length - 1}) {
            Path cut = Files.write(dir.resolve("cut-" + keep + ".gguf"), java.util.Arrays.copyOf(bytes, keep));
            Unprocessable refused = assertThrows(Unprocessable.class,
                    () -> Checkpoints.read(cut, ImportProgress.SILENT), "kept " + keep);
            assertEquals("model_truncated", refused.error(), refused.getMessage());
            assertTrue(refused.getMessage().contains("truncated"), refused.getMessage());
        }
    }

    @Test
    void anUnsupportedTensorTypeIsNamedWithWhatToQuantizeTo() throws IOException {
        Path file = dir.resolve("q5k.gguf");
        // A tensor of ggml type 13, Q5_K: 176 bytes per 256 elements.
        GgufWriter.writeFile(file, Map.of("general.architecture", "llama", "llama.embedding_length", 256),
                List.of(new GgufWriter.Entry("blk.0.ffn_down.weight", new long[] {1, 256}, 13, new byte[176])));
        Unprocessable refused = assertThrows(Unprocessable.class, () -> GgufReader.read(file, ImportProgress.SILENT));
        assertTrue(refused.getMessage().contains("Q5_K"), refused.getMessage());
        assertTrue(refused.getMessage().contains("llama-quantize"), refused.getMessage());
    }

    @Test
    void anArchitectureOutsideTheLlamaFamilyIsNamed() throws IOException {
        Path file = dir.resolve("mamba.gguf");
        GgufWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("llama"), 1), TensorType.F16, file,
                Map.of("general.architecture", "mamba"));
        Unprocessable refused = assertThrows(Unprocessable.class, () -> Checkpoints.read(file, ImportProgress.SILENT));
        assertTrue(refused.getMessage().contains("mamba"), refused.getMessage());
    }

    @Test
    void anOldGgufVersionIsRefused() throws IOException {
        Path file = dir.resolve("v1.gguf");
        GgufWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("llama"), 1), TensorType.F16, file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[4] = 1;
        Files.write(file, bytes);
        Unprocessable refused = assertThrows(Unprocessable.class, () -> Checkpoints.read(file, ImportProgress.SILENT));
        assertTrue(refused.getMessage().contains("version 1"), refused.getMessage());
    }

    @Test
    void readingLeavesNoFileOpen() throws IOException {
        Path file = dir.resolve("open.gguf");
        GgufWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("phi3"), 1), TensorType.Q4_K, file);
        Path cut = Files.write(dir.resolve("cut.gguf"), java.util.Arrays.copyOf(Files.readAllBytes(file), 5000));
        long before = openFiles(dir);
        for (int i = 0; i < 20; i++) {
            Checkpoints.read(file, ImportProgress.SILENT);
            assertThrows(Unprocessable.class, () -> Checkpoints.read(cut, ImportProgress.SILENT));
        }
        assertEquals(before, openFiles(dir));
    }

    /** Descriptors this JVM holds open on files under {@code folder}: other tests' files, running alongside, don't count. */
    static long openFiles(Path folder) throws IOException {
        Path real = folder.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(real);
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        }
    }
}
