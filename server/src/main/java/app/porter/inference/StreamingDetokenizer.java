package app.porter.inference;

import java.util.Arrays;

/**
 * Turns generated token ids into text piece by piece without ever emitting half a character.
 *
 * <p>Decoding one token at a time is wrong twice over: byte-fallback tokens such as {@code <0xE2>} carry a third
 * of a character, and sentencepiece-style decoders drop or add the leading space depending on what precedes a
 * token. So, as Hugging Face's text-generation-inference does, this decodes a short window of recent tokens twice
 * (up to the last emitted token, and up to the newest one) and emits the difference, and only once the window no
 * longer ends in U+FFFD, the replacement character the tokenizer's decoder produces for an incomplete UTF-8
 * sequence. Decoding goes through the model's own tokenizer, so every decoder type (ByteLevel, Metaspace +
 * ByteFallback, WordPiece) is handled by its own rules.
 */
public final class StreamingDetokenizer {

    /** A UTF-8 character is at most four bytes: past that many pending tokens, a U+FFFD is really in the text. */
    private static final int MAX_PENDING = 4;
    private static final char REPLACEMENT = '\uFFFD';

    private final TextTokenizer tokenizer;
    private int[] ids;
    private int size;
    private int prefixOffset; // start of the decoding window
    private int readOffset;   // end of what has been emitted

    /**
     * @param context the last few prompt tokens (up to five are used), so the first generated token is decoded as
     *                the continuation it is (with its leading space) rather than as the start of a text
     */
    public StreamingDetokenizer(TextTokenizer tokenizer, int[] context) {
        this.tokenizer = tokenizer;
        int keep = Math.min(5, context.length);
        this.ids = Arrays.copyOfRange(context, context.length - keep, Math.max(context.length, 16));
        this.size = keep;
        this.prefixOffset = 0;
        this.readOffset = keep;
    }

    /** Adds one token; returns the text it completes (often "", while a character is still incomplete). */
    public String push(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[size++] = id;
        String before = tokenizer.decode(ids, prefixOffset, readOffset);
        String now = tokenizer.decode(ids, prefixOffset, size);
        boolean incomplete = !now.isEmpty() && now.charAt(now.length() - 1) == REPLACEMENT
                && size - readOffset < MAX_PENDING;
        if (now.length() > before.length() && !incomplete) {
            String piece = now.substring(before.length());
            prefixOffset = readOffset;
            readOffset = size;
            compact();
            return piece;
        }
        return "";
    }

    /**
     * What is still held back when the generation ends. A dangling partial character is dropped rather than shown
     * as U+FFFD: the model stopped in the middle of it.
     */
    public String flush() {
        String before = tokenizer.decode(ids, prefixOffset, readOffset);
        String now = tokenizer.decode(ids, prefixOffset, size);
        readOffset = size;
        String rest = now.length() > before.length() ? now.substring(before.length()) : "";
        int end = rest.length();
        while (end > 0 && rest.charAt(end - 1) == REPLACEMENT) {
            end--;
        }
        return rest.substring(0, end);
    }

    /** Keeps the id buffer small over long generations: only the window from prefixOffset matters. */
    private void compact() {
        if (prefixOffset > 64) {
            System.arraycopy(ids, prefixOffset, ids, 0, size - prefixOffset);
            size -= prefixOffset;
            readOffset -= prefixOffset;
            prefixOffset = 0;
        }
    }
}
