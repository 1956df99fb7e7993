package app.porter.inference;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * A Hugging Face ONNX decoder folder loaded into one ONNX Runtime session: the session (shared by every
 * conversation; ONNX Runtime sessions are thread-safe, but Porter runs them from one scheduler thread), its
 * discovered {@link DecoderSignature}, the tokenizer and the chat template.
 *
 * <p>{@link #run} is the one forward pass everything is built from: a batch of rows, each continuing its own
 * cached past, returning each row's next-token logits and the grown cache.
 */
public final class DecoderModel implements AutoCloseable {

    /** ONNX file names in the order they are preferred, as Hugging Face / optimum export them. */
    static final List<String> MODEL_FILES = List.of("model.onnx", "decoder_model_merged.onnx",
            "model_quantized.onnx", "decoder_model_merged_quantized.onnx", "model_q4.onnx", "model_int8.onnx",
            "model_fp16.onnx", "decoder_model_merged_fp16.onnx");

    /** What a run asks ONNX Runtime to allocate: the logits; the present KV goes into pinned memory. */
    private static final Set<String> LOGITS_ONLY = Set.of(DecoderSignature.LOGITS);

    private final Path onnxFile;
    private final ModelConfig config;
    private final DecoderSignature signature;
    private final TextTokenizer tokenizer;
    private final ChatTemplate template;
    private final OrtSession session;
    private final Set<Integer> eosIds;
    private final boolean logitsFloat16;

    /** One forward pass's result: the last position's logits of each row, and the cache grown by the new tokens. */
    public record Step(float[][] logits, KvCache cache) {
    }

    private DecoderModel(Path onnxFile, ModelConfig config, DecoderSignature signature,
                         TextTokenizer tokenizer, OrtSession session, Set<Integer> eosIds, boolean logitsFloat16) {
        this.onnxFile = onnxFile;
        this.config = config;
        this.signature = signature;
        this.tokenizer = tokenizer;
        this.session = session;
        this.eosIds = Set.copyOf(eosIds);
        this.logitsFloat16 = logitsFloat16;
        this.template = ChatTemplate.of(config.chatTemplate(), config.bosToken(), config.eosToken());
    }

    /** Session options Porter runs its ONNX sessions with (decoder, embedder, the benchmark's bare loop). */
    public static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Math.max(1, threads));
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        // Pool threads keep ONNX Runtime's default and spin briefly between operators: measured on 2 quiet cores,
        // turning it off made a batch-1 step 12% slower and a batch-8 step no faster. (Under heavy load from
        // other processes it is the other way round: 2-4x slower steps with spinning.)
        return options;
    }

    /**
     * Loads and checks a model folder: finds the ONNX file, reads the JSON files and the tokenizer, opens the
     * session, discovers its signature and runs one token through it. Anything wrong is refused with a message
     * for the operator; nothing is left open.
     *
     * @param threads ONNX Runtime intra-op threads
     */
    public static DecoderModel load(Path folder, int threads) throws ModelRefusedException {
        if (!Files.isDirectory(folder)) {
            throw new ModelRefusedException(folder + " is not a folder");
        }
        Path onnx = findOnnx(folder);
        ModelConfig config = ModelConfig.read(folder);
        Path tokenizerJson = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelRefusedException("the model folder has no tokenizer.json");
        }
        TextTokenizer tokenizer = TextTokenizer.load(tokenizerJson);
        OrtSession session = null;
        try {
            try (OrtSession.SessionOptions options = sessionOptions(threads)) {
                // From the path, not bytes: ONNX Runtime then finds external weights (model.onnx_data) beside it.
                session = OrtEnvironment.getEnvironment().createSession(onnx.toString(), options);
            } catch (OrtException e) {
                throw new ModelRefusedException(folder.relativize(onnx) + " could not be loaded by ONNX Runtime"
                        + " (corrupt, truncated, or its .onnx_data file is missing): " + firstLine(e.getMessage()), e);
            }
            DecoderSignature signature = DecoderSignature.discover(session.getInputInfo(), session.getOutputInfo(),
                    session.getMetadata().getCustomMetadata(),
                    config);
            Set<Integer> eos = new LinkedHashSet<>(config.eosTokenIds());
            if (!config.eosToken().isEmpty()) {
                int[] ids = tokenizer.encode(config.eosToken(), false);
                if (ids.length == 1) {
                    eos.add(ids[0]);
                }
            }
            TensorInfo logits = (TensorInfo) session.getOutputInfo().get(DecoderSignature.LOGITS).getInfo();
            DecoderModel model = new DecoderModel(onnx, config, signature, tokenizer, session, eos,
                    logits.type == OnnxJavaType.FLOAT16);
            model.selfTest();
            return model;
        } catch (ModelRefusedException e) {
            closeQuietly(session);
            tokenizer.close();
            throw e;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            tokenizer.close();
            throw new ModelRefusedException("the model could not be run: " + firstLine(e.getMessage()), e);
        }
    }

    /** One token through the model: catches a config.json that disagrees with the weights before a tenant does. */
    private void selfTest() throws ModelRefusedException {
        try (KvCache empty = KvCache.empty(signature, 1)) {
            Step first = run(new int[][]{{Math.max(0, config.bosTokenId())}}, empty);
            try (KvCache grown = first.cache()) {
                if (first.logits()[0].length != signature.vocabSize()) {
                    throw new ModelRefusedException("the model returned " + first.logits()[0].length
                            + " logits per token, expected " + signature.vocabSize());
                }
                long[] present = grown.keys[0].getInfo().getShape();
                if (present[1] != signature.kvHeads() || present[2] != grown.room
                        || present[3] != signature.headDim()) {
                    throw new ModelRefusedException("the model's KV cache has shape " + java.util.Arrays.toString(
                            present) + ", expected [1, " + signature.kvHeads() + ", " + grown.room + ", "
                            + signature.headDim() + "]");
                }
            }
        } catch (OrtException e) {
            throw new ModelRefusedException("the model failed its first token (wrong architecture or a config.json"
                    + " that does not match the weights): " + firstLine(e.getMessage()), e);
        }
    }

    private static Path findOnnx(Path folder) throws ModelRefusedException {
        for (Path dir : List.of(folder, folder.resolve("onnx"))) {
            for (String name : MODEL_FILES) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    return dir.resolve(name);
                }
            }
        }
        List<Path> onnx;
        try (Stream<Path> files = Files.list(folder)) {
            onnx = files.filter(p -> p.getFileName().toString().endsWith(".onnx")).toList();
        } catch (IOException e) {
            throw new ModelRefusedException("cannot list " + folder + ": " + e.getMessage());
        }
        if (onnx.size() == 1) {
            return onnx.getFirst();
        }
        if (onnx.stream().anyMatch(p -> p.getFileName().toString().equals("decoder_with_past_model.onnx"))) {
            throw new ModelRefusedException("this folder has the old two-file export (decoder_model.onnx +"
                    + " decoder_with_past_model.onnx); export a merged model (decoder_model_merged.onnx) instead");
        }
        throw new ModelRefusedException(onnx.isEmpty()
                ? "the model folder has no .onnx file (expected model.onnx or decoder_model_merged.onnx)"
                : "the model folder has several .onnx files and none is called model.onnx: " + onnx);
    }

    /**
     * One forward pass. Every row feeds {@code tokens[b].length} new tokens (the same count for all rows) after
     * its cached past; row {@code b}'s positions continue from {@code past.lengths[b]}. ONNX Runtime writes the
     * grown cache straight into memory taken from the past's {@link KvMemory} (pinned outputs): no copy after the
     * run, and that cache can be passed back as the next run's past as it is. Where the graph shares its past
     * buffer ({@link DecoderSignature#sharesPastBuffer}) the grown cache is the past's own memory: the past is
     * handed on to it (or, when it had no room left, copied once into a roomier cache first).
     *
     * @param past the rows' caches, left-padded to a common capacity; not closed here: the caller closes it after the
     *             run (which frees nothing when it was handed on) and runs the returned cache next, never the past
     *             again
     */
    public Step run(int[][] tokens, KvCache past) throws OrtException {
        int batch = tokens.length;
        int seq = tokens[0].length;
        int total = past.capacity + seq;
        long[] ids = new long[batch * seq];
        long[] positions = new long[batch * seq];
        long[] mask = new long[batch * total];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            int pad = past.padding(b);
            for (int s = 0; s < seq; s++) {
                ids[b * seq + s] = tokens[b][s];
                positions[b * seq + s] = past.lengths[b] + s;
            }
            for (int t = pad; t < total; t++) {
                mask[b * total + t] = 1;
            }
            lengths[b] = past.lengths[b] + seq;
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        Map<String, OnnxTensor> owned = new HashMap<>();
        // Shared-buffer graphs write the new tokens into the past's room, so the past is the present; other graphs
        // copy the past into a new present of the grown width.
        boolean shared = signature.sharesPastBuffer();
        KvCache target = shared ? past.withRoomFor(seq) : KvCache.allocate(past.memory(), signature, lengths, total);
        try {
            owned.put(DecoderSignature.INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids),
                    new long[]{batch, seq}));
            if (signature.hasAttentionMask()) {
                owned.put(DecoderSignature.ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask),
                        new long[]{batch, total}));
            }
            if (signature.hasPositionIds()) {
                owned.put(DecoderSignature.POSITION_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(positions),
                        new long[]{batch, seq}));
            }
            if (signature.hasUseCacheBranch()) {
                // decoder_model_merged.onnx: the with-past branch once there is a past, else the first-pass branch
                owned.put(DecoderSignature.USE_CACHE_BRANCH, OnnxTensor.createTensor(env,
                        new boolean[]{past.capacity > 0}));
            }
            inputs.putAll(owned);
            KvCache pastTensors = shared ? target : past;
            for (int layer = 0; layer < signature.layers(); layer++) {
                inputs.put(signature.pastKeys().get(layer), pastTensors.keys[layer]);
                inputs.put(signature.pastValues().get(layer), pastTensors.values[layer]);
            }
            try (OrtSession.Result result = session.run(inputs, LOGITS_ONLY, target.asPresent())) {
                OnnxTensor logits = (OnnxTensor) result.get(DecoderSignature.LOGITS).orElseThrow();
                float[][] last = lastLogits(logits, batch, seq);
                return new Step(last, shared ? target.grownInPlace(seq) : target);
            }
        } catch (OrtException | RuntimeException e) {
            // a shared-buffer run wrote only after the past's capacity: the past is intact
            if (target != past) {
                target.close();
            }
            throw e;
        } finally {
            owned.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * The logits of each row's last position ([batch, seq, vocab] in, float32 or float16; Porter's fused graphs
     * return [batch, 1, vocab], the last position only).
     */
    private float[][] lastLogits(OnnxTensor logits, int batch, int tokens) {
        int vocab = signature.vocabSize();
        int seq = (int) (logits.getInfo().getNumElements() / ((long) batch * vocab));
        if (seq != tokens && seq != 1) {
            throw new IllegalStateException("the model returned logits for " + seq + " positions of " + tokens);
        }
        float[][] out = new float[batch][vocab];
        if (logitsFloat16) {
            ShortBuffer halves = logits.getShortBuffer();
            for (int b = 0; b < batch; b++) {
                int base = (b * seq + seq - 1) * vocab;
                for (int v = 0; v < vocab; v++) {
                    out[b][v] = Float.float16ToFloat(halves.get(base + v));
                }
            }
        } else {
            FloatBuffer floats = logits.getFloatBuffer();
            for (int b = 0; b < batch; b++) {
                floats.get((b * seq + seq - 1) * vocab, out[b]);
            }
        }
        return out;
    }

    public Path onnxFile() {
        return onnxFile;
    }

    public ModelConfig config() {
        return config;
    }

    public DecoderSignature signature() {
        return signature;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public ChatTemplate chatTemplate() {
        return template;
    }

    /** The ids that end a generation: generation_config.json's, else config.json's, plus the eos token's. */
    public Set<Integer> eosIds() {
        return eosIds;
    }

    /** The model's window in tokens: prompt and reply together never exceed it. */
    public int contextLength() {
        return config.contextLength();
    }

    /**
     * Whether rows of different lengths can share a batch: that needs an attention mask (to hide the padding) and
     * explicit positions (padding must not shift them).
     */
    public boolean canBatch() {
        return signature.hasAttentionMask() && signature.hasPositionIds();
    }

    @Override
    public void close() {
        closeQuietly(session);
        tokenizer.close();
    }

    static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // closing: nothing to do about it
            }
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no detail)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
