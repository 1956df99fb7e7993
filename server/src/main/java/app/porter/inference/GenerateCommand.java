package app.porter.inference;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code porter generate}: try a model folder from the shell. The continuation goes to stdout as it is produced;
 * timings go to stderr, so {@code porter generate ... > reply.txt} keeps only the text.
 *
 * <pre>
 * porter generate --model /srv/models/qwen2.5-0.5b-instruct --prompt "When is rent usually due?" --chat
 * porter generate --model ../shared/models/stories260K --prompt "Once upon a time" --max-tokens 64
 * </pre>
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt with a model folder (greedy unless told otherwise) and report its speed.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "a Hugging Face ONNX decoder folder (model.onnx, tokenizer.json, config.json, ...)")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "the text to continue")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "128", paramLabel = "N", description = "most new tokens (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--chat", description = "send the prompt through the model's chat template as a user message"
            + " (default: raw text, continued as it is)")
    boolean chat;

    @Option(names = "--system", paramLabel = "TEXT", description = "with --chat: a system message first")
    String system;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default)")
    float temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "0 = off")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", description = "1 = off")
    float topP;

    @Option(names = "--repetition-penalty", defaultValue = "1", description = "1 = none")
    float repetitionPenalty;

    @Option(names = "--seed", description = "seed for sampling (with --temperature > 0)")
    Long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "stop before this text (repeatable)")
    List<String> stops = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (default: all cores)")
    int threads;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        SamplingSettings sampling;
        GenerationSettings settings;
        try {
            sampling = new SamplingSettings(temperature, topK, topP, repetitionPenalty,
                    seed == null ? OptionalLong.empty() : OptionalLong.of(seed));
            settings = new GenerationSettings(sampling, maxTokens, stops);
        } catch (IllegalArgumentException e) {
            err.println("porter generate: " + e.getMessage());
            return 2;
        }
        long loadStart = System.nanoTime();
        DecoderModel decoder;
        try {
            decoder = DecoderModel.load(model, threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        } catch (ModelRefusedException e) {
            err.println("porter generate: the model in " + model + " was refused: " + e.getMessage());
            return 2;
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        try (decoder; GenerationEngine engine = new GenerationEngine(decoder, GenerationEngine.Settings.unbatched())) {
            TextGenerator generator = new TextGenerator(engine);
            int[] ids;
            if (chat) {
                List<ChatTemplate.Message> messages = new ArrayList<>();
                if (system != null) {
                    messages.add(ChatTemplate.Message.system(system));
                }
                messages.add(ChatTemplate.Message.user(prompt));
                ids = generator.encodeChat(messages);
            } else {
                ids = generator.encodeRaw(prompt);
            }
            TextGenerator.TextResult result = generator.generate(ids, settings, piece -> {
                out.print(piece);
                out.flush();
            });
            out.println();
            GenerationEngine.Result r = result.engine();
            err.printf(Locale.ROOT, "model %s loaded in %.2f s; prompt %d tokens%s; generated %d tokens (%s);"
                            + " time to first token %.1f ms; decode %.1f tokens/s%n",
                    decoder.onnxFile(), loadSeconds, r.promptTokens(), chat && decoder.chatTemplate().isPlain()
                            ? " (plain template: the model has none)" : "", result.tokens(),
                    result.ending().name().toLowerCase(Locale.ROOT), r.firstTokenNanos() / 1e6,
                    r.decodeTokensPerSecond());
            return 0;
        } catch (EngineBusyException e) {
            throw new IllegalStateException(e); // a private engine is never busy
        } catch (ChatTemplate.TemplateException e) {
            err.println("porter generate: " + e.getMessage());
            return 2;
        }
    }
}
