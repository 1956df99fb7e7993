package app.porter.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import app.porter.errors.InvalidInput;
import app.porter.errors.Unprocessable;

/** Hugging Face folders written as transformers saves them read back as the checkpoint they were written from. */
class SafetensorsReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("app.porter.modelimport.TinyCheckpoints#families")
    void everyFamilyReadsBack(String arch) throws IOException {
        Checkpoint written = TinyCheckpoints.random(TinyCheckpoints.tiny(arch), 11);
        Path folder = dir.resolve(arch);
        SafetensorsWriter.write(written, folder);

        Checkpoint read = Checkpoints.read(folder, ImportProgress.SILENT);

        assertEquals(arch, read.shape().architecture());
        CheckpointAssertions.sameShape(written.shape(), read.shape());
        CheckpointAssertions.sameTensors(written, read, TensorType.F32, 0);
        assertEquals(written.tokenizer(), read.tokenizer(), "tokenizer files carried over as they are");
    }

    @ParameterizedTest
    @EnumSource(value = TensorType.class, names = {"F32", "F16", "BF16"})
    void shardedHalfPrecisionReadsBack(TensorType type) throws IOException {
        Checkpoint written = TinyCheckpoints.random(TinyCheckpoints.tiny("qwen2"), 5);
        SafetensorsWriter.write(written, dir, type, 3);
        assertTrue(Files.isRegularFile(dir.resolve("model-00003-of-00003.safetensors")));

        Checkpoint read = Checkpoints.read(dir, ImportProgress.SILENT);

        for (Tensor w : written.tensors().values()) {
            Tensor r = read.require(w.name());
            assertEquals(type, r.type(), w.name());
            assertTrue(Arrays.equals(Quantizer.quantize(type, w.toFloats()).decoded(), r.toFloats()), w.name());
        }
    }

    @Test
    void aSafetensorsFileLeadsToItsFolder() throws IOException {
        SafetensorsWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("llama"), 1), dir);
        Checkpoint read = Checkpoints.read(dir.resolve("model.safetensors"), ImportProgress.SILENT);
        assertEquals(dir.getFileName().toString(), read.source());
    }

    @Test
    void anArchitectureOutsideTheFamilyIsNamed() throws IOException {
        SafetensorsWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("llama"), 1), dir);
        Files.writeString(dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"llama\"", "\"falcon_mamba\""));
        Unprocessable refused = assertThrows(Unprocessable.class, () -> Checkpoints.read(dir, ImportProgress.SILENT));
        assertTrue(refused.getMessage().contains("falcon_mamba"), refused.getMessage());
    }

    @Test
    void anIntegerDtypeIsRefusedByName() throws IOException {
        SafetensorsWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("llama"), 1), dir);
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        String bytesAsText = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = bytesAsText.indexOf("\"dtype\":\"F32\"");
        // Same length: F32 -> I32, a quantized export's integer tensor.
        bytes[at + "\"dtype\":\"".length()] = 'I';
        Files.write(file, bytes);
        Unprocessable refused = assertThrows(Unprocessable.class, () -> Checkpoints.read(dir, ImportProgress.SILENT));
        assertTrue(refused.getMessage().contains("I32"), refused.getMessage());
    }

    @Test
    void aTruncatedShardIsRefusedAsTruncated() throws IOException {
        SafetensorsWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("gemma"), 1), dir, TensorType.BF16, 2);
        Path shard = dir.resolve("model-00002-of-00002.safetensors");
        byte[] bytes = Files.readAllBytes(shard);
        for (int keep : new int[] {4, 100, bytes.length - 2}) {
            Files.write(shard, Arrays.copyOf(bytes, keep));
            Unprocessable refused = assertThrows(Unprocessable.class,
                    () -> Checkpoints.read(dir, ImportProgress.SILENT), "kept " + keep);
            assertTrue(refused.getMessage().contains("truncated") || refused.getMessage().contains("malformed"),
                    refused.getMessage());
        }
    }

    @Test
    void aFolderWithoutConfigIsNotACheckpoint() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a model");
        assertThrows(InvalidInput.class, () -> Checkpoints.read(dir, ImportProgress.SILENT));
    }

    @Test
    void unsupportedRopeScalingIsNamed() throws IOException {
        SafetensorsWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("qwen2"), 1), dir);
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replaceFirst("\\{", "{\"rope_scaling\":{\"type\":\"yarn\",\"factor\":4.0},"));
        Unprocessable refused = assertThrows(Unprocessable.class, () -> Checkpoints.read(dir, ImportProgress.SILENT));
        assertTrue(refused.getMessage().contains("yarn"), refused.getMessage());
    }

    @Test
    void readingLeavesNoFileOpen() throws IOException {
        SafetensorsWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("phi3"), 1), dir, TensorType.F16, 2);
        long before = GgufReaderTest.openFiles(dir);
        for (int i = 0; i < 20; i++) {
            Checkpoints.read(dir, ImportProgress.SILENT);
        }
        assertEquals(before, GgufReaderTest.openFiles(dir));
    }
}
