package app.porter.modelimport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * An ONNX graph under construction whose large initializers go straight to one external data file as they are
 * added, so a model's weights are never all on the heap at once (a 135M model is half a gigabyte in f32).
 * Small constants (shapes, axes, scalars) stay inside the graph.
 *
 * <p>Nodes can be built into a branch ({@link #branch}), a subgraph for an {@code If}; initializers always go to
 * the main graph, where every branch reads them from the outer scope, and an initializer added again under the
 * same name is the one already written (two branches that multiply by the same weight share it).
 */
final class OnnxGraphBuilder implements AutoCloseable {

    static final String MS = "com.microsoft";
    /** Initializers at least this large go to the data file; ONNX Runtime maps them instead of parsing protobuf. */
    private static final int EXTERNAL_BYTES = 1024;
    /** Offsets in the data file are aligned so ONNX Runtime can memory-map each tensor. */
    private static final int ALIGN = 64;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> initializerNames = new HashSet<>();
    private final Map<String, String> metadata = new java.util.LinkedHashMap<>();
    /** Where nodes go: the main graph, or the branch being built. */
    private GraphProto.Builder nodes = graph;
    private final Path dataFile;
    private final FileChannel data;
    private long offset;
    private int counter;

    OnnxGraphBuilder(String name, Path dataFile) throws IOException {
        graph.setName(name);
        this.dataFile = dataFile;
        this.data = FileChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Builds the nodes {@code body} adds into a subgraph named {@code name} with the given outputs. */
    GraphProto branch(String name, List<ValueInfoProto> outputs, IoAction body) throws IOException {
        if (nodes != graph) {
            throw new IllegalStateException("branches do not nest");
        }
        GraphProto.Builder branch = GraphProto.newBuilder().setName(name).addAllOutput(outputs);
        nodes = branch;
        try {
            body.run();
        } finally {
            nodes = graph;
        }
        return branch.build();
    }

    /** Work that writes initializers, so may fail with an I/O error. */
    interface IoAction {
        void run() throws IOException;
    }

    /** Adds a node with one output, named after the op; returns that output. */
    String node(String op, List<String> inputs, Map<String, Object> attributes) {
        return nodeOutputs(op, "", inputs, attributes, 1).getFirst();
    }

    /** Adds a contrib (com.microsoft) node with one output. */
    String contrib(String op, List<String> inputs, Map<String, Object> attributes) {
        return nodeOutputs(op, MS, inputs, attributes, 1).getFirst();
    }

    /** Adds a node with {@code outputs} fresh outputs (an empty input name is an omitted optional input). */
    List<String> nodeOutputs(String op, String domain, List<String> inputs, Map<String, Object> attributes,
                             int outputs) {
        String base = op.toLowerCase() + "_" + (counter++);
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            names.add(outputs == 1 ? base : base + "_" + i);
        }
        addNode(op, domain, inputs, names, attributes);
        return names;
    }

    /** Adds a node whose outputs the caller names (graph outputs, or "" for an output not wanted). */
    void addNode(String op, String domain, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setDomain(domain)
                .setName(op + "_" + (counter++)).addAllInput(inputs).addAllOutput(outputs);
        attributes.forEach((name, value) -> node.addAttribute(attribute(name, value)));
        nodes.addNode(node);
    }

    /** A float initializer: {@code values} are written now (to the data file when large). */
    String floats(String name, float[] values, long... dims) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return initializer(name, TensorProto.DataType.FLOAT_VALUE, raw, dims);
    }

    /** A uint8 initializer (packed quantized blocks). */
    String bytes(String name, ByteBuffer values, long... dims) throws IOException {
        return initializer(name, TensorProto.DataType.UINT8_VALUE, values, dims);
    }

    /** An int64 1-D constant (shapes, axes, indices). */
    String longs(String name, long... values) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return initializer(name, TensorProto.DataType.INT64_VALUE, raw.flip(), values.length);
    }

    /** A scalar constant of type int32, int64 or float. */
    String scalar(String name, Number value) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        int type;
        if (value instanceof Integer i) {
            raw.putInt(i);
            type = TensorProto.DataType.INT32_VALUE;
        } else if (value instanceof Long l) {
            raw.putLong(l);
            type = TensorProto.DataType.INT64_VALUE;
        } else {
            raw.putFloat(value.floatValue());
            type = TensorProto.DataType.FLOAT_VALUE;
        }
        return initializer(name, type, raw.flip());
    }

    private String initializer(String name, int type, ByteBuffer raw, long... dims) throws IOException {
        if (!initializerNames.add(name)) {
            return name;
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            t.addDims(d);
        }
        ByteBuffer bytes = raw.duplicate();
        int length = bytes.remaining();
        if (length >= EXTERNAL_BYTES) {
            long start = (offset + ALIGN - 1) / ALIGN * ALIGN;
            data.position(start);
            while (bytes.hasRemaining()) {
                data.write(bytes);
            }
            offset = start + length;
            t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", dataFile.getFileName().toString()))
                    .addExternalData(entry("offset", Long.toString(start)))
                    .addExternalData(entry("length", Long.toString(length)));
        } else {
            t.setRawData(ByteString.copyFrom(bytes));
        }
        graph.addInitializer(t);
        return name;
    }

    /** A graph input or output: {@code dims} are Integer (fixed) or String (symbolic). */
    void input(String name, int type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    void output(ValueInfoProto output) {
        graph.addOutput(output);
    }

    /** A model metadata entry (ONNX Runtime hands these to the session as custom metadata). */
    void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /** Writes the graph to {@code model} (opset 21 and com.microsoft 1) and closes the data file. */
    void writeModel(Path model, String producer) throws IOException {
        data.force(true);
        ModelProto proto = ModelProto.newBuilder()
                .setIrVersion(10)
                .setProducerName(producer)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(21))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MS).setVersion(1))
                .setGraph(graph)
                .addAllMetadataProps(metadata.entrySet().stream().map(e -> entry(e.getKey(), e.getValue())).toList())
                .build();
        try (OutputStream out = Files.newOutputStream(model)) {
            proto.writeTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        data.close();
    }

    static ValueInfoProto valueInfo(String name, int type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            if (dim instanceof Integer n) {
                shape.addDimBuilder().setDimValue(n);
            } else {
                shape.addDimBuilder().setDimParam((String) dim);
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        switch (value) {
            case Long i -> a.setType(AttributeProto.AttributeType.INT).setI(i);
            case Integer i -> a.setType(AttributeProto.AttributeType.INT).setI(i);
            case Float f -> a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            case Double d -> a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
            case String s -> a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            case GraphProto g -> a.setType(AttributeProto.AttributeType.GRAPH).setG(g);
            case long[] list -> {
                a.setType(AttributeProto.AttributeType.INTS);
                for (long v : list) {
                    a.addInts(v);
                }
            }
            default -> throw new IllegalArgumentException("attribute " + name + " of " + value.getClass());
        }
        return a.build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
