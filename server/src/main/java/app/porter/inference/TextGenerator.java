package app.porter.inference;

import java.util.List;

/**
 * Text in, text out, streamed: encodes a prompt, runs it through the {@link GenerationEngine}, detokenizes
 * incrementally (never half a character) and stops at stop strings, which are never emitted, not even in part:
 * text that could be the start of a stop string is held back until it is clear that it is not.
 */
public final class TextGenerator {

    /** Receives the reply on the caller's thread. */
    public interface TextListener {
        default void queued(int position) {
        }

        /** A piece of the reply; may throw to stop the generation (the client left). */
        void text(String piece);
    }

    /** Why a text generation ended: the engine's reasons plus a stop string. */
    public enum Ending { EOS, MAX_TOKENS, CONTEXT_FULL, STOP_STRING, STOPPED }

    /**
     * @param text everything emitted
     * @param tokens tokens generated
     */
    public record TextResult(String text, int tokens, Ending ending, GenerationEngine.Result engine) {
    }

    private final GenerationEngine engine;

    public TextGenerator(GenerationEngine engine) {
        this.engine = engine;
    }

    public DecoderModel model() {
        return engine.model();
    }

    public GenerationEngine engine() {
        return engine;
    }

    /** Raw text, encoded with the tokenizer's own special-token rules (e.g. a leading bos). */
    public int[] encodeRaw(String text) {
        return model().tokenizer().encode(text, true);
    }

    /** A conversation through the model's chat template, ending where the assistant's reply begins. */
    public int[] encodeChat(List<ChatTemplate.Message> messages) {
        return model().tokenizer().encode(model().chatTemplate().render(messages, true), false);
    }

    /** Generates with a place reserved by the caller. */
    public TextResult generate(GenerationEngine.Ticket ticket, int[] prompt, GenerationSettings settings,
                               TextListener listener) {
        StreamingDetokenizer detokenizer = new StreamingDetokenizer(model().tokenizer(), prompt);
        StopStrings stops = new StopStrings(settings.stopStrings());
        StringBuilder emitted = new StringBuilder();
        GenerationEngine.Result result = ticket.generate(prompt, settings, new GenerationEngine.TokenListener() {
            @Override
            public void queued(int position) {
                listener.queued(position);
            }

            @Override
            public boolean token(int id) {
                String safe = stops.accept(detokenizer.push(id));
                if (!safe.isEmpty()) {
                    emitted.append(safe);
                    listener.text(safe);
                }
                return !stops.stopped();
            }
        });
        if (!stops.stopped()) {
            String rest = stops.finish(detokenizer.flush());
            if (!rest.isEmpty()) {
                emitted.append(rest);
                listener.text(rest);
            }
        }
        Ending ending = stops.stopped() ? Ending.STOP_STRING : Ending.valueOf(result.reason().name());
        return new TextResult(emitted.toString(), result.tokens().length, ending, result);
    }

    /** Reserves a place, generates, releases. */
    public TextResult generate(int[] prompt, GenerationSettings settings, TextListener listener)
            throws EngineBusyException {
        try (GenerationEngine.Ticket ticket = engine.reserve()) {
            return generate(ticket, prompt, settings, listener);
        }
    }

    /** Holds back text that may be the start of a stop string; cuts the text at the first stop string. */
    static final class StopStrings {
        private final List<String> stops;
        private final StringBuilder held = new StringBuilder();
        private boolean stopped;

        StopStrings(List<String> stops) {
            this.stops = stops;
        }

        /** New text in; what is safe to emit out. */
        String accept(String piece) {
            if (stopped || piece.isEmpty()) {
                return "";
            }
            if (stops.isEmpty()) {
                return piece;
            }
            held.append(piece);
            int cut = -1;
            for (String stop : stops) {
                int at = held.indexOf(stop);
                if (at >= 0 && (cut < 0 || at < cut)) {
                    cut = at;
                }
            }
            if (cut >= 0) {
                stopped = true;
                String out = held.substring(0, cut);
                held.setLength(0);
                return out;
            }
            int keep = 0; // the longest tail of held that begins some stop string
            String text = held.toString();
            for (String stop : stops) {
                for (int n = Math.min(stop.length() - 1, text.length()); n > keep; n--) {
                    if (text.regionMatches(text.length() - n, stop, 0, n)) {
                        keep = n;
                        break;
                    }
                }
            }
            String out = held.substring(0, held.length() - keep);
            held.delete(0, held.length() - keep);
            return out;
        }

        /** The generation ended: what was held back is text after all. */
        String finish(String last) {
            String out = accept(last);
            if (stopped) {
                return out;
            }
            String rest = out + held;
            held.setLength(0);
            return rest;
        }

        boolean stopped() {
            return stopped;
        }
    }
}
