package app.porter.modelimport;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import app.porter.errors.Unprocessable;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the data. Tensors are memory-mapped one by one (files of several GiB are common) and
 * nothing stays open.
 */
final class SafetensorsFile {

    /** A header longer than this is not a checkpoint header (safetensors itself caps it at 100 MB). */
    private static final long MAX_HEADER = 100_000_000;

    private SafetensorsFile() {
    }

    /** The file's tensors under their own names. */
    static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 8 || channel.read(length, 0) != 8) {
                throw truncated(file);
            }
            long headerLength = length.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER) {
                throw new Unprocessable("model_format", file.getFileName() + " is not a safetensors file");
            }
            if (8 + headerLength > size) {
                throw truncated(file);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            while (header.hasRemaining()) {
                if (channel.read(header, 8 + header.position()) < 0) {
                    throw truncated(file);
                }
            }
            JsonObject entries = header(new String(header.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> entry : entries.entrySet()) {
                if (!entry.getKey().equals("__metadata__")) {
                    tensors.put(entry.getKey(), tensor(file, channel, size, dataStart, entry.getKey(),
                            entry.getValue().asJsonObject()));
                }
            }
            return tensors;
        } catch (JsonException | ClassCastException | IndexOutOfBoundsException | NullPointerException
                 | ArithmeticException e) {
            throw new Unprocessable("model_format", file.getFileName() + " has a malformed safetensors header");
        }
    }

    private static JsonObject header(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static Tensor tensor(Path file, FileChannel channel, long size, long dataStart, String name,
                                 JsonObject info) throws IOException {
        String dtype = info.getString("dtype");
        TensorType type = switch (dtype) {
            case "F32" -> TensorType.F32;
            case "F16" -> TensorType.F16;
            case "BF16" -> TensorType.BF16;
            default -> throw new Unprocessable("model_unsupported", "tensor " + name + " in " + file.getFileName()
                    + " is " + dtype + "; Porter imports F32, F16 and BF16 safetensors (quantized checkpoints: "
                    + "import the original or a GGUF)");
        };
        long[] shape = info.getJsonArray("shape").getValuesAs(JsonNumber.class).stream()
                .mapToLong(JsonNumber::longValueExact).toArray();
        long begin = info.getJsonArray("data_offsets").getJsonNumber(0).longValueExact();
        long end = info.getJsonArray("data_offsets").getJsonNumber(1).longValueExact();
        if (begin < 0 || end < begin || dataStart + end > size) {
            throw truncated(file);
        }
        if (shape.length == 0) {
            shape = new long[] {1}; // a scalar
        }
        ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin);
        try {
            return new Tensor(name, shape, type, data);
        } catch (IllegalArgumentException e) {
            throw new Unprocessable("model_format", file.getFileName() + ": " + e.getMessage());
        }
    }

    private static Unprocessable truncated(Path file) {
        return new Unprocessable("model_truncated", file.getFileName() + " is truncated (download it again)");
    }
}
