package app.porter.modelimport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import app.porter.errors.InvalidInput;

/**
 * Reads a decoder checkpoint: a GGUF file, or a Hugging Face folder with {@code config.json}, {@code *.safetensors}
 * and {@code tokenizer.json}. Weights stay in the file (memory-mapped) until the writer needs them.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * Tells the formats apart by content, not by name: a file that starts with GGUF's magic, or a folder (or a
     * {@code .safetensors} file in one) with {@code config.json}.
     *
     * @throws app.porter.errors.InvalidInput when the source is neither a GGUF file nor a safetensors folder
     * @throws app.porter.errors.Unprocessable when it is one but holds what Porter cannot import (an architecture
     *         outside the Llama family, a tensor type not supported), with a message saying what and why
     */
    public static Checkpoint read(Path source, ImportProgress progress) throws IOException {
        if (Files.isDirectory(source) && Files.isRegularFile(source.resolve("config.json"))) {
            return SafetensorsReader.read(source, progress);
        }
        if (Files.isRegularFile(source)) {
            if (startsWithGgufMagic(source)) {
                return GgufReader.read(source, progress);
            }
            Path folder = source.toAbsolutePath().getParent();
            if (source.getFileName().toString().endsWith(".safetensors")
                    && Files.isRegularFile(folder.resolve("config.json"))) {
                return SafetensorsReader.read(folder, progress);
            }
        }
        throw new InvalidInput("model_source", source.getFileName() + " is neither a GGUF file nor a folder with "
                + "config.json and .safetensors weights");
    }

    private static boolean startsWithGgufMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt() == GgufFile.MAGIC;
        }
    }
}
