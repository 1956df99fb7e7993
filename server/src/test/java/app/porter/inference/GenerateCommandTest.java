package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import app.porter.Main;

/** {@code porter generate} as an operator runs it: the continuation on stdout, the speed on stderr. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run porter(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new Main()).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void continuesStories260KGreedily() {
        Path model = Stories260KTest.folder();
        Assumptions.assumeTrue(Files.isRegularFile(model.resolve("model.onnx")), "no " + model);
        Run run = porter("generate", "--model", model.toString(), "--prompt", "Once upon a time",
                "--max-tokens", "20");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith(", there was a little girl named Lily."), run.out());
        assertTrue(run.err().contains("tokens/s"), run.err());
    }

    @Test
    void chatModeUsesTheTemplateAndSamplingOptionsAreChecked() throws Exception {
        List<String> vocab = TinyLlama.vocabulary(List.of());
        Path model = TinyLlama.folder(dir.resolve("tiny"), TinyLlama.Spec.tiny(vocab.size()).withScript(null, 2),
                vocab);
        Run chat = porter("generate", "--model", model.toString(), "--prompt", "Hello", "--max-tokens", "5",
                "--chat", "--temperature", "0.8", "--top-k", "20", "--top-p", "0.9", "--seed", "7");
        assertEquals(0, chat.exit(), chat.err());
        assertTrue(chat.err().contains("generated 5 tokens (max_tokens)"), chat.err());
        assertTrue(chat.err().contains("plain template"), chat.err());
        // the same seed gives the same text
        Run again = porter("generate", "--model", model.toString(), "--prompt", "Hello", "--max-tokens", "5",
                "--chat", "--temperature", "0.8", "--top-k", "20", "--top-p", "0.9", "--seed", "7");
        assertEquals(chat.out(), again.out());

        Run bad = porter("generate", "--model", model.toString(), "--prompt", "x", "--top-p", "0");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("top-p"), bad.err());
    }

    @Test
    void refusesAFolderThatIsNotAModel() throws Exception {
        Run run = porter("generate", "--model", Files.createDirectories(dir.resolve("empty")).toString(),
                "--prompt", "x");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("was refused") && run.err().contains("no .onnx file"), run.err());
    }
}
