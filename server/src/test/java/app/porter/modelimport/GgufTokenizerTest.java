package app.porter.modelimport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.porter.inference.TextTokenizer;

/**
 * A tokenizer carried through GGUF metadata encodes like the tokenizer.json it came from: the source is turned into
 * {@code tokenizer.ggml.*} as llama.cpp's converter does, written into a GGUF file, read back and written out as
 * tokenizer.json again, and both are loaded by the engine's own tokenizer.
 */
class GgufTokenizerTest {

    static final List<String> SENTENCES = List.of("Once upon a time there was a little girl named Lily.",
            "The rent is due on the 1st; call 555-0199 if it's late!",
            "  Double  spaces,\ttabs\nand new lines.\n\n",
            "Café naïve façade — déjà vu. Ünïcödé: 東京, Привет, ☃, emoji 🙂.",
            "12345 67 8 90");

    @TempDir
    Path dir;

    @Test
    void storiesSentencePieceTokenizerRoundTrips() throws Exception {
        Path source = storiesTokenizer();
        Assumptions.assumeTrue(Files.isRegularFile(source), "no " + source);
        DecoderShape shape = TinyCheckpoints.shape("llama", 512, 64, 1, 8, 4, 8, 172);
        assertSameEncodings(source, roundTrip(Files.readString(source), shape, "default"));
    }

    @Test
    void theTinyCheckpointsTokenizerRoundTripsThroughAGgufModel() throws Exception {
        Checkpoint written = TinyCheckpoints.random(TinyCheckpoints.tiny("llama"), 2);
        Path file = dir.resolve("tiny.gguf");
        GgufWriter.write(written, TensorType.Q8_0, file);
        Checkpoint read = Checkpoints.read(file, ImportProgress.SILENT);
        Path source = Files.writeString(dir.resolve("source.json"), written.tokenizer().tokenizerJson());
        Path converted = Files.writeString(dir.resolve("converted.json"), read.tokenizer().tokenizerJson());
        assertSameEncodings(source, converted);
        assertTrue(read.tokenizer().tokenizerConfigJson().contains("{% for m in messages %}"));
        assertTrue(read.tokenizer().tokenizerConfigJson().contains("\"bos_token\":\"<s>\""));
        assertEquals("{\"eos_token_id\":[2],\"bos_token_id\":1}", read.tokenizer().generationConfigJson().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "llama-bpe", "qwen2", "smollm"})
    void byteLevelTokenizersRoundTrip(String pre) throws Exception {
        Path source = Files.writeString(dir.resolve("source.json"), ByteLevelSource.tokenizerJson(pre));
        DecoderShape shape = TinyCheckpoints.shape("qwen2", ByteLevelSource.VOCAB, 64, 1, 4, 2, 16, 128);
        assertSameEncodings(source, roundTrip(Files.readString(source), shape, pre));
    }

    @Test
    void anUnknownPreTokenizerIsRefusedByName() throws Exception {
        DecoderShape shape = TinyCheckpoints.shape("qwen2", ByteLevelSource.VOCAB, 64, 1, 4, 2, 16, 128);
        var refused = org.junit.jupiter.api.Assertions.assertThrows(app.porter.errors.Unprocessable.class,
                () -> roundTrip(ByteLevelSource.tokenizerJson("default"), shape, "jais"));
        assertTrue(refused.getMessage().contains("jais"), refused.getMessage());
    }

    /** tokenizer.json -> GGUF metadata in a real file -> read -> tokenizer.json. */
    private Path roundTrip(String tokenizerJson, DecoderShape shape, String pre) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>(GgufVocab.metadata(tokenizerJson, shape, pre));
        Path gguf = dir.resolve("tokenizer-only.gguf");
        GgufWriter.writeFile(gguf, metadata, List.of());
        TokenizerFiles files = GgufTokenizer.files(GgufFile.open(gguf).metadata(), shape);
        return Files.writeString(dir.resolve("converted.json"), files.tokenizerJson());
    }

    private static void assertSameEncodings(Path source, Path converted) throws Exception {
        try (TextTokenizer expected = TextTokenizer.load(source); TextTokenizer actual = TextTokenizer.load(converted)) {
            for (String sentence : SENTENCES) {
                for (boolean special : new boolean[] {false, true}) {
                    int[] ids = expected.encode(sentence, special);
                    assertArrayEquals(ids, actual.encode(sentence, special), sentence + " special=" + special);
                }
                int[] ids = expected.encode(sentence, false);
                assertEquals(expected.decode(ids), actual.decode(ids), sentence);
            }
        }
    }

    static Path storiesTokenizer() {
        Path repo = Path.of("").toAbsolutePath();
        if (!Files.isDirectory(repo.resolve("server")) && repo.getParent() != null) {
            repo = repo.getParent();
        }
        return repo.getParent().resolve("shared/models/stories260K/tokenizer.json");
    }

    /** A small byte-level BPE tokenizer.json as Hugging Face writes them for GPT-2, Llama 3, Qwen2 and SmolLM. */
    static final class ByteLevelSource {

        static final String[] MERGES = {"Ġ t", "h e", "Ġt he", "i n", "Ġ a", "e r", "o n", "Ġ s", "Ã ©", "Ġ c",
            "a t", "Ġc at", "Ġ 1", "1 2", "Ġ l", "Ġl i", "l e", "Ġ n", "a m", "e d", "i t", "' s", "Ġ T", "Ġ Ġ", "Ċ Ċ"};
        static final int VOCAB = 256 + MERGES.length + 1;

        static String tokenizerJson(String pre) {
            List<String> vocab = new ArrayList<>(byteChars());
            StringBuilder merges = new StringBuilder();
            for (String merge : MERGES) {
                String[] pair = merge.split(" ");
                vocab.add(pair[0] + pair[1]);
                merges.append(merges.isEmpty() ? "" : ",").append('"').append(merge).append('"');
            }
            StringBuilder vocabJson = new StringBuilder();
            for (int id = 0; id < vocab.size(); id++) {
                vocabJson.append(id == 0 ? "" : ",").append(jakarta.json.Json.createValue(vocab.get(id)))
                        .append(':').append(id);
            }
            vocabJson.append(",\"<|endoftext|>\":").append(vocab.size());
            String llama3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\\\r\\\\n\\\\p{L}\\\\p{N}]?\\\\p{L}+|\\\\p{N}{1,3}| ?[^\\\\s\\\\p{L}\\\\p{N}]+[\\\\r\\\\n]*|\\\\s*[\\\\r\\\\n]+|\\\\s+(?!\\\\S)|\\\\s+";
            String qwen2 = llama3.replace("\\\\p{N}{1,3}", "\\\\p{N}");
            String byteLevelNoRegex = "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":false}";
            String preTokenizer = switch (pre) {
                case "llama-bpe", "qwen2" -> "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":"
                        + "{\"Regex\":\"" + (pre.equals("qwen2") ? qwen2 : llama3) + "\"},\"behavior\":\"Isolated\","
                        + "\"invert\":false}," + byteLevelNoRegex + "]}";
                case "smollm" -> "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Digits\",\"individual_digits\":true},"
                        + "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}]}";
                default -> "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}";
            };
            return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[{\"id\":" + vocab.size()
                    + ",\"content\":\"<|endoftext|>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
                    + "\"normalized\":false,\"special\":true}],\"normalizer\":"
                    + (pre.equals("qwen2") ? "{\"type\":\"NFC\"}" : "null") + ",\"pre_tokenizer\":" + preTokenizer
                    + ",\"post_processor\":{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":false,"
                    + "\"use_regex\":true},\"decoder\":{\"type\":\"ByteLevel\",\"add_prefix_space\":true,"
                    + "\"trim_offsets\":true,\"use_regex\":true},\"model\":{\"type\":\"BPE\",\"dropout\":null,"
                    + "\"unk_token\":null,\"continuing_subword_prefix\":\"\",\"end_of_word_suffix\":\"\","
                    + "\"fuse_unk\":false,\"byte_fallback\":false,\"ignore_merges\":" + pre.equals("llama-bpe")
                    + ",\"vocab\":{" + vocabJson + "},\"merges\":[" + merges + "]}}";
        }

        /** GPT-2's bytes_to_unicode, in byte order. */
        static List<String> byteChars() {
            List<String> chars = new ArrayList<>();
            int n = 0;
            for (int b = 0; b < 256; b++) {
                boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
                chars.add(Character.toString(printable ? b : 256 + n++));
            }
            return chars;
        }
    }
}
