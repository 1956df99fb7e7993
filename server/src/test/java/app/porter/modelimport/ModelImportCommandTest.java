package app.porter.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.models.ModelManifest;

/**
 * {@code porter models import} as an operator runs it: a separate JVM with the data directory in its environment,
 * importing a safetensors folder, printing progress to stderr and the result to stdout.
 */
class ModelImportCommandTest {

    @TempDir
    Path dir;

    @Test
    void aSafetensorsFolderIsImportedFromTheShell() throws Exception {
        Path folder = dir.resolve("src/tiny-qwen2");
        SafetensorsWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("qwen2"), 11), folder);
        Path data = dir.resolve("data");

        Run imported = porter(data, "models", "import", folder.toString(), "--format", "int8", "--no-activate");
        assertEquals(0, imported.exit(), imported.toString());
        assertTrue(imported.out().startsWith("imported tiny-qwen2-int8 in "), imported.toString());
        assertTrue(imported.err().contains("read") && imported.err().contains("write")
                && imported.err().contains("verify"), "progress of every phase: " + imported.err());
        ModelManifest manifest = ModelManifest.read(data.resolve("models/tiny-qwen2-int8/porter-model.json"));
        assertEquals(folder.toString(), manifest.source());
        assertTrue(manifest.description().startsWith("Imported qwen2"), manifest.description());
        assertTrue(Files.isRegularFile(data.resolve("models/tiny-qwen2-int8/model.onnx")));

        Run listed = porter(data, "models", "list");
        assertTrue(listed.out().contains("tiny-qwen2-int8"), listed.toString());

        Run again = porter(data, "models", "import", folder.toString(), "--format", "int8");
        assertEquals(2, again.exit(), "the same name twice is refused: " + again);
        assertTrue(again.err().contains("installed already"), again.toString());

        Run badFormat = porter(data, "models", "import", folder.toString(), "--format", "fp8");
        assertEquals(2, badFormat.exit(), badFormat.toString());
        assertTrue(badFormat.err().contains("as-source, f32, int8, int4"), badFormat.toString());
    }

    record Run(int exit, String out, String err) {
    }

    /** The appliance's main class in a fresh JVM on this test's class path, as the installed launcher runs it. */
    static Run porter(Path data, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "app.porter.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(data.getParent(), "out", ".txt");
        Path err = Files.createTempFile(data.getParent(), "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PORTER_DATA_DIR", data.toString());
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("porter " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
