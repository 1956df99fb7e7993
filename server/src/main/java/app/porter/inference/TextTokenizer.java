package app.porter.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * A model's {@code tokenizer.json} through DJL's binding of Hugging Face tokenizers: the same normaliser,
 * pre-tokeniser, model, post-processor and decoder the model was trained with. Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static TextTokenizer load(Path tokenizerJson) throws ModelRefusedException {
        try {
            // Generation prompts can be as long as the model's window: never let the tokenizer cut or pad them.
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                    "truncation", "false", "padding", "false", "maxLength", "10000000",
                    "addSpecialTokens", "false")));
        } catch (IOException | RuntimeException e) {
            throw new ModelRefusedException("tokenizer.json could not be loaded: " + e.getMessage(), e);
        }
    }

    /**
     * Token ids of {@code text}.
     *
     * @param addSpecialTokens apply the tokenizer's own post-processor (e.g. prepend bos); false for text a chat
     *                         template already rendered with its special tokens
     */
    public int[] encode(String text, boolean addSpecialTokens) {
        long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** The text of {@code ids}, special tokens left out. */
    public String decode(int[] ids, int from, int to) {
        long[] slice = new long[to - from];
        for (int i = from; i < to; i++) {
            slice[i - from] = ids[i];
        }
        return tokenizer.decode(slice, true);
    }

    public String decode(int[] ids) {
        return decode(ids, 0, ids.length);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
