package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real pretrained tiny Llama in {@code ../shared/models/stories260K} (beside the repository; never copied into
 * it), when it is there: greedy decoding reproduces the reference continuation in its README.
 */
class Stories260KTest {

    static final String REFERENCE = ", there was a little girl named Lily. She loved to play outside in the park.";

    /** {@code ../shared/models/stories260K} relative to the repository root (the tests run in {@code server/}). */
    static Path folder() {
        Path repo = Path.of("").toAbsolutePath();
        if (Files.isDirectory(repo.resolve("server")) == false && repo.getParent() != null) {
            repo = repo.getParent(); // surefire's working directory is the module, server/
        }
        return repo.getParent().resolve("shared/models/stories260K");
    }

    @Test
    void greedyContinuationMatchesTheReference() throws Exception {
        Path folder = folder();
        Assumptions.assumeTrue(Files.isRegularFile(folder.resolve("model.onnx")), "no " + folder);
        try (DecoderModel model = DecoderModel.load(folder, 1);
             GenerationEngine engine = new GenerationEngine(model, GenerationEngine.Settings.defaults())) {
            assertEquals(5, model.signature().layers());
            assertEquals(4, model.signature().kvHeads());
            assertEquals(8, model.signature().headDim());
            assertEquals(512, model.signature().vocabSize());
            assertTrue(model.chatTemplate().isPlain(), "a base model: the plain fallback template");

            TextGenerator generator = new TextGenerator(engine);
            int[] prompt = generator.encodeRaw("Once upon a time");
            assertEquals(1, prompt[0], "bos first");
            StringBuilder streamed = new StringBuilder();
            TextGenerator.TextResult result = generator.generate(prompt,
                    new GenerationSettings(SamplingSettings.greedy(), 40, List.of()), streamed::append);
            assertTrue(result.text().startsWith(REFERENCE), result.text());
            assertEquals(result.text(), streamed.toString());
        }
    }
}
