package app.porter.models;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import app.porter.errors.InvalidInput;

/**
 * A model's catalog entry, {@code porter-model.json} in the model folder (the format of {@code models/} in the
 * repository): what it is, where it came from, under which licence, and the SHA-256 of every file, which an install
 * verifies before the model may serve.
 *
 * <pre>
 * {
 *   "name": "stories260K",
 *   "description": "...",
 *   "licence": "MIT",
 *   "source": "https://github.com/karpathy/llama2.c (tinyllamas), converted to the HF ONNX layout",
 *   "contextLength": 512,
 *   "templateFamily": "none",
 *   "files": [ {"path": "model.onnx", "bytes": 1199593, "sha256": "..."}, ... ]
 * }
 * </pre>
 *
 * @param templateFamily the chat template family ({@code chatml}, {@code llama3}, {@code phi3}, {@code gemma},
 *                       {@code none} for base models without one); informational, the template itself comes from
 *                       tokenizer_config.json
 */
public record ModelManifest(String name, String description, String licence, String source, int contextLength,
                            String templateFamily, List<FileEntry> files) {

    public static final String FILE_NAME = "porter-model.json";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** One file of the model folder, by its path relative to the folder. */
    public record FileEntry(String path, long bytes, String sha256) {
        public FileEntry {
            if (path.isBlank() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IllegalArgumentException("a manifest file path must be relative and inside the model"
                        + " folder: " + path);
            }
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 of " + path + " must be 64 lowercase hex digits");
            }
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes of " + path + " must be >= 0");
            }
        }
    }

    public ModelManifest {
        checkName(name);
        description = description == null ? "" : description;
        licence = licence == null || licence.isBlank() ? "unknown" : licence;
        source = source == null || source.isBlank() ? "unknown" : source;
        templateFamily = templateFamily == null || templateFamily.isBlank() ? "unknown" : templateFamily;
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a manifest must list the model's files");
        }
    }

    /** Model names are folder names: letters, digits, dot, dash, underscore; {@link InvalidInput} otherwise. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInput("a model name is 1-64 letters, digits, '.', '-' or '_', starting with"
                    + " a letter or digit");
        }
        return name;
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileEntry::bytes).sum();
    }

    public static ModelManifest read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonReader reader = Json.createReader(in)) {
            JsonObject o = reader.readObject();
            List<FileEntry> files = new ArrayList<>();
            for (JsonObject f : o.getJsonArray("files").getValuesAs(JsonObject.class)) {
                files.add(new FileEntry(f.getString("path"), f.getJsonNumber("bytes").longValueExact(),
                        f.getString("sha256").toLowerCase(java.util.Locale.ROOT)));
            }
            return new ModelManifest(o.getString("name"), o.getString("description", ""), o.getString("licence", ""),
                    o.getString("source", ""), o.getInt("contextLength", 0), o.getString("templateFamily", ""),
                    files);
        } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException e) {
            throw new IOException(file.getFileName() + " is not a valid model manifest: " + e.getMessage());
        } catch (IllegalArgumentException | InvalidInput e) {
            throw new IOException(file.getFileName() + ": " + e.getMessage());
        }
    }

    public JsonObject toJson() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (FileEntry f : files) {
            list.add(Json.createObjectBuilder().add("path", f.path()).add("bytes", f.bytes()).add("sha256", f.sha256()));
        }
        return Json.createObjectBuilder()
                .add("name", name).add("description", description).add("licence", licence).add("source", source)
                .add("contextLength", contextLength).add("templateFamily", templateFamily).add("files", list)
                .build();
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson().toString(), StandardCharsets.UTF_8);
    }
}
