package app.porter.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import app.porter.inference.ModelRefusedException;

/**
 * Checks a model folder against its {@link ModelManifest} (every file present, of the stated size and SHA-256), or
 * writes the manifest a folder came without. Hashing gigabytes takes minutes, so both report their progress, which
 * the console shows while an install runs.
 */
final class ModelChecksums {

    /** Told how far a long step has got: {@code fraction} runs from 0 to 1. */
    @FunctionalInterface
    interface Progress {
        void report(String model, String stage, double fraction);
    }

    private final Progress progress;

    ModelChecksums(Progress progress) {
        this.progress = progress;
    }

    /** @throws ModelRefusedException naming the first file that is missing, of the wrong size or fails its checksum */
    void verify(ModelManifest manifest, Path folder) throws ModelRefusedException, IOException {
        long total = Math.max(1, manifest.totalBytes());
        long done = 0;
        for (ModelManifest.FileEntry file : manifest.files()) {
            Path path = folder.resolve(file.path()).normalize();
            if (!path.startsWith(folder) || !Files.isRegularFile(path)) {
                throw new ModelRefusedException("the model is incomplete: " + file.path() + " is missing");
            }
            if (Files.size(path) != file.bytes()) {
                throw new ModelRefusedException(file.path() + " has " + Files.size(path) + " bytes, the manifest says "
                        + file.bytes() + ": the copy is incomplete or corrupt");
            }
            long base = done;
            String actual = sha256(path, read -> progress.report(manifest.name(), "verifying checksums",
                    (base + read) / (double) total));
            if (!actual.equals(file.sha256())) {
                throw new ModelRefusedException(file.path() + " fails its checksum (sha256 " + actual + ", the manifest"
                        + " says " + file.sha256() + "): the file is corrupt or not the published one");
            }
            done += file.bytes();
        }
    }

    /** A manifest for a folder that came without one: its files and their checksums as found. */
    ModelManifest describe(Path folder, String name, String source) throws IOException, ModelRefusedException {
        List<ModelManifest.FileEntry> files = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        }
        long total = 0;
        for (Path p : paths) {
            total += Files.size(p);
        }
        long done = 0;
        for (Path p : paths) {
            long base = done;
            long all = Math.max(1, total);
            files.add(new ModelManifest.FileEntry(folder.relativize(p).toString(), Files.size(p),
                    sha256(p, read -> progress.report(name, "computing checksums", (base + read) / (double) all))));
            done += Files.size(p);
        }
        if (files.isEmpty()) {
            throw new ModelRefusedException("the model folder is empty");
        }
        String family = "none";
        Path tokenizerConfig = folder.resolve("tokenizer_config.json");
        if (Files.isRegularFile(tokenizerConfig)) {
            family = templateFamily(Files.readString(tokenizerConfig, StandardCharsets.UTF_8));
        }
        return new ModelManifest(ModelManifest.checkName(name), "installed without a manifest", "unknown", source, 0,
                family, files);
    }

    /** A guess at the chat template's family from its special tokens (informational only). */
    static String templateFamily(String tokenizerConfig) {
        if (!tokenizerConfig.contains("chat_template")) {
            return "none";
        }
        if (tokenizerConfig.contains("<|im_start|>")) {
            return "chatml";
        }
        if (tokenizerConfig.contains("<|start_header_id|>")) {
            return "llama3";
        }
        if (tokenizerConfig.contains("<|user|>")) {
            return "phi3";
        }
        if (tokenizerConfig.contains("<start_of_turn>")) {
            return "gemma";
        }
        if (tokenizerConfig.contains("[INST]")) {
            return "llama2";
        }
        return "custom";
    }

    /** @param progress told the bytes read so far, after each block */
    static String sha256(Path file, LongConsumer progress) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        long read = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                read += n;
                progress.accept(read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
