package app.porter.modelimport;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.porter.errors.Unprocessable;

/**
 * One GGUF file (versions 2 and 3): its metadata key/values, its tensor infos and memory-mapped access to their data.
 * The layout is ggml's {@code gguf.c}: magic, version, counts, key/values, tensor infos, padding to
 * {@code general.alignment}, data. Nothing stays open: each tensor is mapped on its own (so files over 2 GiB work)
 * and a mapping outlives the channel it came from.
 */
final class GgufFile {

    static final int MAGIC = 0x46554747; // "GGUF" little-endian
    private static final int DEFAULT_ALIGNMENT = 32;

    /**
     * @param dims ggml order: {@code dims[0]} is the length of a row (the reverse of PyTorch's order)
     * @param ggmlType ggml's type id ({@code GGML_TYPE_*})
     * @param offset bytes from the start of the data section
     */
    record TensorInfo(String name, long[] dims, int ggmlType, long offset) {

        /** PyTorch order, outermost first. */
        long[] shape() {
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = dims[dims.length - 1 - i];
            }
            return shape;
        }
    }

    private final Path path;
    private final int version;
    private final GgufMetadata metadata;
    private final List<TensorInfo> tensors;
    private final long dataStart;
    private final long size;

    private GgufFile(Path path, int version, GgufMetadata metadata, List<TensorInfo> tensors, long dataStart,
                     long size) {
        this.path = path;
        this.version = version;
        this.metadata = metadata;
        this.tensors = List.copyOf(tensors);
        this.dataStart = dataStart;
        this.size = size;
    }

    static GgufFile open(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            // Only the header is parsed from this mapping; pages are read lazily, so mapping up to 2 GiB is cheap.
            ByteBuffer in = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE))
                    .order(ByteOrder.LITTLE_ENDIAN);
            try {
                return parse(path, in, size);
            } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
                throw new Unprocessable("model_truncated", path.getFileName()
                        + " ends inside its GGUF header: the file is truncated (download it again)");
            }
        }
    }

    private static GgufFile parse(Path path, ByteBuffer in, long size) {
        if (in.remaining() < 4 || in.getInt() != MAGIC) {
            throw new Unprocessable("model_format", path.getFileName() + " is not a GGUF file (no GGUF magic)");
        }
        int version = in.getInt();
        if (version != 2 && version != 3) {
            throw new Unprocessable("model_format", path.getFileName() + " is GGUF version " + version
                    + "; Porter reads versions 2 and 3 (convert it again with a current llama.cpp)");
        }
        long tensorCount = count(in, 8);
        long kvCount = count(in, 8);
        Map<String, Object> values = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = string(in);
            values.put(key, value(in, in.getInt()));
        }
        GgufMetadata metadata = new GgufMetadata(values);
        List<TensorInfo> tensors = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = string(in);
            int dimCount = in.getInt();
            if (dimCount < 1 || dimCount > 4) {
                throw new Unprocessable("model_format", "GGUF tensor " + name + " has " + dimCount + " dimensions");
            }
            long[] dims = new long[dimCount];
            for (int d = 0; d < dimCount; d++) {
                dims[d] = in.getLong();
            }
            tensors.add(new TensorInfo(name, dims, in.getInt(), in.getLong()));
        }
        long alignment = metadata.integer("general.alignment").orElse((long) DEFAULT_ALIGNMENT);
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new Unprocessable("model_format", "GGUF alignment " + alignment + " is not a power of two");
        }
        long dataStart = (in.position() + alignment - 1) / alignment * alignment;
        return new GgufFile(path, version, metadata, tensors, dataStart, size);
    }

    int version() {
        return version;
    }

    GgufMetadata metadata() {
        return metadata;
    }

    List<TensorInfo> tensors() {
        return tensors;
    }

    /** The tensor's bytes, mapped read-only; refused when the file ends before them. */
    ByteBuffer map(TensorInfo info, long bytes) throws IOException {
        long start = dataStart + info.offset();
        if (info.offset() < 0 || start + bytes > size) {
            throw new Unprocessable("model_truncated", path.getFileName() + " ends before the data of tensor "
                    + info.name() + ": the file is truncated (download it again)");
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new Unprocessable("model_format", "tensor " + info.name() + " takes " + bytes
                    + " bytes; Porter reads tensors of up to 2 GiB");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, start, bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    // GGUF value types (gguf.h: GGUF_TYPE_*)
    private static Object value(ByteBuffer in, int type) {
        return switch (type) {
            case 0 -> (long) (in.get() & 0xff);
            case 1 -> (long) in.get();
            case 2 -> (long) (in.getShort() & 0xffff);
            case 3 -> (long) in.getShort();
            case 4 -> in.getInt() & 0xffffffffL;
            case 5 -> (long) in.getInt();
            case 6 -> (double) in.getFloat();
            case 7 -> in.get() != 0;
            case 8 -> string(in);
            case 9 -> array(in);
            case 10, 11 -> in.getLong();
            case 12 -> in.getDouble();
            default -> throw new Unprocessable("model_format", "unknown GGUF metadata value type " + type);
        };
    }

    private static List<Object> array(ByteBuffer in) {
        int elementType = in.getInt();
        long n = count(in, 1);
        List<Object> out = new ArrayList<>((int) Math.min(n, 1 << 20));
        for (long i = 0; i < n; i++) {
            out.add(value(in, elementType));
        }
        return out;
    }

    /** A length or count, refused when it could not fit in what is left (a corrupt file must not allocate GiBs). */
    private static long count(ByteBuffer in, int minBytesEach) {
        long n = in.getLong();
        if (n < 0 || n > in.remaining() / minBytesEach) {
            throw new BufferUnderflowException();
        }
        return n;
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[Math.toIntExact(count(in, 1))];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
