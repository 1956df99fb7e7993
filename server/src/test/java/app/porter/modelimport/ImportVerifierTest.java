package app.porter.modelimport;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import org.junit.jupiter.api.io.TempDir;

import app.porter.inference.TinyLlama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The import check on real ONNX Runtime sessions of TinyLlama folders: the same weights verify, perturbed weights
 * fail with a summary saying where, and weights rounded to 8 or 4 bits pass as INT8 / INT4 within the bounds
 * calibrated here.
 */
class ImportVerifierTest {

    static final int VOCAB = TinyLlama.vocabulary(List.of()).size();
    static final TinyLlama.Spec TINY = TinyLlama.Spec.tiny(VOCAB);

    @TempDir
    Path dir;

    @Test
    void aFolderWrittenFromTheSameWeightsVerifiesWithEveryGreedyTokenEqual() throws Exception {
        Map<String, float[]> weights = TinyLlamaCheckpoint.write(TINY, dir, Map.of());
        List<long[]> progress = new ArrayList<>();
        VerificationReport report = ImportVerifier.verify(TinyLlamaCheckpoint.checkpoint(TINY, weights),
                WeightFormat.F32, dir, (phase, done, total) -> progress.add(new long[]{phase.ordinal(), done, total}));

        assertTrue(report.passed(), report.summary());
        assertTrue(report.exact());
        int prompts = ImportVerifier.PROMPT_CHUNKS.length;
        assertEquals(prompts, report.prompts());
        assertEquals(prompts * (ImportVerifier.DECODE_STEPS + 1), report.greedyTokensCompared());
        assertEquals(0, report.greedyMismatches());
        assertTrue(report.maxLogitError() < 1e-5, "fp32 on both sides: " + report.maxLogitError());
        assertTrue(report.summary().startsWith("verified on 6 prompts: all 54 greedy tokens equal"),
                report.summary());
        assertEquals(prompts + 1, progress.size(), "one report before the prompts and one after each");
        for (int p = 0; p <= prompts; p++) {
            assertEquals(ImportProgress.Phase.VERIFY.ordinal(), progress.get(p)[0]);
            assertEquals(p, progress.get(p)[1]);
            assertEquals(prompts, progress.get(p)[2]);
        }
    }

    @Test
    void aFolderWhoseWeightsWerePerturbedFailsSayingWhereItDiffered() throws Exception {
        Map<String, float[]> weights = TinyLlamaCheckpoint.write(TINY, dir.resolve("original"), Map.of());
        float[] values = weights.get("wv1").clone();
        for (int i = 0; i < values.length; i += 3) {
            values[i] = -values[i];
        }
        TinyLlamaCheckpoint.write(TINY, dir.resolve("perturbed"), Map.of("wv1", values));

        VerificationReport report = ImportVerifier.verify(TinyLlamaCheckpoint.checkpoint(TINY, weights),
                WeightFormat.F32, dir.resolve("perturbed"), ImportProgress.SILENT);

        assertFalse(report.passed());
        assertTrue(report.maxLogitError() > 0.05, "a third of a layer's value weights flipped: "
                + report.maxLogitError());
        assertTrue(report.greedyMismatches() > 0);
        assertTrue(report.summary().startsWith("the written graph does not compute what the checkpoint does:"
                + " first difference: prompt "), report.summary());
        assertTrue(report.summary().contains("where the reference chose"), report.summary());
        assertTrue(report.summary().contains("of the logit range (bound 0.1%) at prompt "), report.summary());
    }

    @Test
    void aSmallPerturbationThatKeepsTheGreedyTokensStillFailsAnExactFormat() throws Exception {
        Map<String, float[]> weights = TinyLlamaCheckpoint.write(TINY, dir.resolve("original"), Map.of());
        float[] norm = weights.get("ln_final").clone();
        norm[3] *= 1.01f;
        TinyLlamaCheckpoint.write(TINY, dir.resolve("nudged"), Map.of("ln_final", norm));

        VerificationReport report = ImportVerifier.verify(TinyLlamaCheckpoint.checkpoint(TINY, weights),
                WeightFormat.AS_SOURCE, dir.resolve("nudged"), ImportProgress.SILENT);

        assertFalse(report.passed(), report.summary());
        assertEquals(0, report.greedyMismatches(), report.summary());
        assertTrue(report.summary().contains("greedy tokens equal, but largest logit error"), report.summary());
    }

    @Test
    void graphsRequantizedToEightAndFourBitsVerifyAgainstWhatTheyHoldButNotAsTheSource() throws Exception {
        Map<String, float[]> weights = TinyLlamaCheckpoint.write(TINY, dir.resolve("original"), Map.of());
        Checkpoint checkpoint = TinyLlamaCheckpoint.checkpoint(TINY, weights);
        for (WeightFormat format : new WeightFormat[]{WeightFormat.INT8, WeightFormat.INT4}) {
            Path folder = dir.resolve(format.name());
            FusedDecoderWriter.write(checkpoint, format, folder, ImportProgress.SILENT);

            VerificationReport report = ImportVerifier.verify(checkpoint, format, folder, ImportProgress.SILENT);
            assertTrue(report.passed(), report.summary());
            assertFalse(report.exact());
            assertTrue(report.maxLogitError() < 0.01, "the reference holds the same rounded weights: "
                    + report.summary());

            assertFalse(ImportVerifier.verify(checkpoint, WeightFormat.F32, folder, ImportProgress.SILENT).passed(),
                    "a rounded graph is not the source");
        }
    }

    /**
     * A graph with blocks holds two bodies behind an {@code If} on the rows of the call: prompts of
     * {@link FusedDecoderWriter#PREFILL_ROWS} rows or more run the prefill body (MatMulNBits at accuracy level 0 but
     * for the LM head), the rest the step body (level 4). The verifier's longest prompt takes the prefill body: a
     * fault written into that body alone is first seen there, and the shorter prompts still agree.
     */
    @Test
    void promptsOfPrefillRowsRunTheirOwnBodyAndTheVerifierChecksIt() throws Exception {
        Map<String, float[]> weights = TinyLlamaCheckpoint.write(TINY, dir.resolve("original"), Map.of());
        Checkpoint checkpoint = TinyLlamaCheckpoint.checkpoint(TINY, weights);
        Path folder = dir.resolve("int8");
        FusedDecoderWriter.write(checkpoint, WeightFormat.INT8, folder, ImportProgress.SILENT);
        Path onnx = folder.resolve(FusedDecoderWriter.MODEL_FILE);
        ModelProto model;
        try (InputStream in = Files.newInputStream(onnx)) {
            model = ModelProto.parseFrom(in);
        }
        List<NodeProto> ifs = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("If")).toList();
        assertEquals(1, ifs.size());
        GraphProto prefill = branch(ifs.getFirst(), "then_branch");
        GraphProto step = branch(ifs.getFirst(), "else_branch");
        int layerMatmuls = 4 * TINY.layers(); // q/k/v, o, gate/up, down
        assertEquals(Map.of(0L, layerMatmuls, 4L, 1), accuracyLevels(prefill), "the head rounds in both");
        assertEquals(Map.of(4L, layerMatmuls + 1), accuracyLevels(step));
        assertEquals(0, model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("MatMulNBits"))
                .count(), "the weights are shared from the main graph, the matmuls are in the bodies");

        // SiLU's sigmoid turned into tanh in the prefill body only
        GraphProto.Builder faulty = prefill.toBuilder();
        for (NodeProto.Builder node : faulty.getNodeBuilderList()) {
            if (node.getOpType().equals("Sigmoid")) {
                node.setOpType("Tanh");
            }
        }
        NodeProto.Builder faultyIf = ifs.getFirst().toBuilder();
        for (AttributeProto.Builder attribute : faultyIf.getAttributeBuilderList()) {
            if (attribute.getName().equals("then_branch")) {
                attribute.setG(faulty);
            }
        }
        ModelProto.Builder faultyModel = model.toBuilder();
        GraphProto.Builder main = faultyModel.getGraphBuilder();
        for (int i = 0; i < main.getNodeCount(); i++) {
            if (main.getNode(i).getOpType().equals("If")) {
                main.setNode(i, faultyIf);
            }
        }
        try (OutputStream out = Files.newOutputStream(onnx)) {
            faultyModel.build().writeTo(out);
        }

        VerificationReport report = ImportVerifier.verify(checkpoint, WeightFormat.INT8, folder,
                ImportProgress.SILENT);
        assertFalse(report.passed(), report.summary());
        // prompts 1-4 are shorter than the prefill rows and agree; prompt 5 is the first fed in one chunk of 64
        assertEquals(64, ImportVerifier.PROMPT_CHUNKS[4][0]);
        assertTrue(64 >= FusedDecoderWriter.PREFILL_ROWS);
        assertTrue(report.summary().contains("prompt 5 (64 tokens) after the prefill"), report.summary());
    }

    private static GraphProto branch(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow()
                .getG();
    }

    /** How many MatMulNBits of a body run at each accuracy level. */
    private static Map<Long, Integer> accuracyLevels(GraphProto body) {
        Map<Long, Integer> levels = new HashMap<>();
        for (NodeProto node : body.getNodeList()) {
            if (node.getOpType().equals("MatMulNBits")) {
                long level = node.getAttributeList().stream().filter(a -> a.getName().equals("accuracy_level"))
                        .findFirst().orElseThrow().getI();
                levels.merge(level, 1, Integer::sum);
            }
        }
        return levels;
    }

    /**
     * A q4_0 GGUF kept as it is: the graph's MatMulNBits round each input to 8-bit blocks, and so does the reference
     * (an unrounded reference differs by about 1% of the logit range here), so the two agree to float noise: under
     * 1e-4 of the range on the 2-core machines of rounds up to 12, 0.17% on round 13's AMD EPYC host, where ONNX
     * Runtime's kernels sum in another order (as for q6_K below). The bound sits between that and the 1% of a
     * reference that does not round.
     */
    @Test
    void aQ4SourceKeptAsItIsAgreesWithAReferenceThatRoundsItsInputsLikeTheKernels() throws Exception {
        DecoderShape tiny = TinyCheckpoints.tiny("llama");
        DecoderShape shape = TinyCheckpoints.shape("llama", tiny.vocabSize(), 64, 2, 4, 2, 16, 128);
        VerificationReport report = importedAsSource(TinyCheckpoints.random(shape, 5), TensorType.Q4_0);
        assertTrue(report.passed(), report.summary());
        assertEquals(0, report.greedyMismatches(), report.summary());
        assertTrue(report.maxLogitError() < 0.005, report.summary());
    }

    /**
     * q6_K (llama.cpp's choice for the output weight of Q4_0 and Q4_K_M files) becomes 8-bit blocks; the reference
     * holds the same 8-bit values and rounds the same inputs, so the two agree but for float order: 3e-7 of the
     * range measured on one 2-core machine, 0.71% on an AMD EPYC one, where ONNX Runtime's kernels sum in another
     * order and an activation tips across a rounding boundary (see Tolerance). 2.1% when the reference held the
     * exact 6-bit values, which the 1.5% here still tells apart.
     */
    @Test
    void aQ6KSourceImportsAsEightBitBlocksWithinTheEightBitBounds() throws Exception {
        VerificationReport report = importedAsSource(TinyCheckpoints.random(TinyCheckpoints.tiny("llama"), 6),
                TensorType.Q6_K);
        assertTrue(report.passed(), report.summary());
        assertTrue(report.greedyMismatches() <= 1, "a near-tie may tip with the rounding: " + report.summary());
        assertTrue(report.maxLogitError() < 0.015, report.summary());
    }

    /**
     * q5_0 (what llama.cpp's Q4_K_M uses for rows not a multiple of 256 long) becomes 8-bit blocks bit for bit; q4_1
     * and q5_1 are requantized to 8-bit blocks from their exact values. Measured: 0.75%, 5e-7 and 0.66% of the logit
     * range; float noise upstream tips an activation across a rounding boundary now and then (see Tolerance), and at
     * most one near-tie of the 54 greedy tokens flipped with it (q5_0: 0.9%, in the two-turn prompt).
     */
    @Test
    void q5AndQ4WithAMinimumImportAsEightBitBlocks() throws Exception {
        for (TensorType type : new TensorType[]{TensorType.Q5_0, TensorType.Q4_1, TensorType.Q5_1}) {
            VerificationReport report = importedAsSource(TinyCheckpoints.random(TinyCheckpoints.tiny("llama"), 9),
                    type);
            assertTrue(report.passed(), type + ": " + report.summary());
            assertTrue(report.greedyMismatches() <= 1, type + ": " + report.summary());
            assertTrue(report.maxLogitError() < 0.02, type + ": " + report.summary());
        }
    }

    /** Writes {@code weights} as a GGUF of {@code type}, reads it back, writes it as it is and verifies it. */
    private VerificationReport importedAsSource(Checkpoint weights, TensorType type) throws Exception {
        Path gguf = dir.resolve(type.name() + ".gguf");
        GgufWriter.write(weights, type, gguf);
        Checkpoint source = Checkpoints.read(gguf, ImportProgress.SILENT);
        assertTrue(source.tensors().values().stream().anyMatch(t -> t.type() == type), "the GGUF holds " + type);
        Path folder = dir.resolve(type.name());
        FusedDecoderWriter.write(source, WeightFormat.AS_SOURCE, folder, ImportProgress.SILENT);
        return ImportVerifier.verify(source, WeightFormat.AS_SOURCE, folder, ImportProgress.SILENT);
    }

    /** A layer's MLP output half as large again (a scale read from the wrong place): far outside the bound. */
    @Test
    void aWrongGraphFailsTheBlockBound() throws Exception {
        Map<String, float[]> weights = TinyLlamaCheckpoint.write(TINY, dir.resolve("original"), Map.of());
        Map<String, float[]> wrong = new HashMap<>(BlockRounding.rounded(TINY, weights, 4));
        float[] down = wrong.get("wd0").clone();
        for (int i = 0; i < down.length; i++) {
            down[i] *= 1.5f;
        }
        wrong.put("wd0", down);
        TinyLlamaCheckpoint.write(TINY, dir.resolve("wrong"), wrong);

        VerificationReport report = ImportVerifier.verify(TinyLlamaCheckpoint.checkpoint(TINY, weights),
                WeightFormat.INT4, dir.resolve("wrong"), ImportProgress.SILENT);

        assertFalse(report.passed(), report.summary());
        assertTrue(report.summary().contains("(bound 8%) at prompt"), report.summary());
    }

    /**
     * How the block bound was chosen ({@link Tolerance#BLOCKS}): random tiny models of two sizes and six seeds,
     * written as INT8 and INT4 graphs and checked against the reference of what they hold; the bound keeps at least
     * a 1.5x margin over the largest error and spread measured.
     */
    @Test
    void theBlockBoundHoldsWithMarginOnRandomTinyModels() throws Exception {
        List<TinyLlama.Spec> specs = new ArrayList<>();
        for (long seed = 1; seed <= 6; seed++) {
            specs.add(new TinyLlama.Spec(VOCAB, 32, 2, 4, 2, 8, 64, 256, seed, false, false, false, null,
                    new int[0]));
            specs.add(new TinyLlama.Spec(VOCAB, 64, 3, 4, 1, 16, 128, 256, seed, false, false, false, null,
                    new int[0]));
        }
        double error = 0;
        double spread = 0;
        int model = 0;
        for (TinyLlama.Spec spec : specs) {
            Map<String, float[]> weights = TinyLlamaCheckpoint.write(spec, dir.resolve("m" + model), Map.of());
            Checkpoint checkpoint = TinyLlamaCheckpoint.checkpoint(spec, weights);
            for (WeightFormat format : new WeightFormat[]{WeightFormat.INT8, WeightFormat.INT4}) {
                Path folder = dir.resolve("m" + model + "-" + format);
                FusedDecoderWriter.write(checkpoint, format, folder, ImportProgress.SILENT);
                ReferenceDecoder reference = new ReferenceDecoder(checkpoint, format);
                LogitComparison comparison = new LogitComparison(Tolerance.BLOCKS);
                try (OnnxDecoderRun graph = OnnxDecoderRun.open(folder, reference.shape(), 2)) {
                    ImportVerifier.Prompt[] prompts = ImportVerifier.prompts(reference.shape());
                    for (int p = 0; p < prompts.length; p++) {
                        ImportVerifier.runPrompt(p, prompts[p], reference, graph, comparison);
                    }
                }
                error = Math.max(error, comparison.maxError());
                spread = Math.max(spread, comparison.meanSpread());
            }
            model++;
        }
        System.out.printf("calibration over %d random tiny models, INT8 and INT4: error %.5f spread %.5f%n",
                specs.size(), error, spread);
        assertTrue(error * 1.5 <= Tolerance.BLOCKS.maxError(), "error " + error);
        assertTrue(spread * 1.5 <= Tolerance.BLOCKS.meanSpread(), "spread " + spread);
    }
}
