package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import app.porter.Porter;
import app.porter.modelimport.GgufWriter;
import app.porter.modelimport.TensorType;
import app.porter.modelimport.TinyCheckpoints;

/**
 * The Models view's import: an admin types the path of a GGUF file on the server, the import's phase and progress
 * show while it runs, and the model appears in the list, verified and installed; a wrong path is refused at once.
 * The screenshot is left at {@code admin-ui/target/model-import.png}.
 */
class ModelImportBrowserTest {

    private static final String TOKEN = "import-console-admin-token-0123456789";
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(180_000);

    @TempDir
    static Path dir;
    static Porter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = ConsoleAppliance.start(dir.resolve("data"), TOKEN);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    @Test
    void anAdminImportsAGgufFileAndSeesItInstalled() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Chromium.EXECUTABLE), "no chromium at " + Chromium.EXECUTABLE);
        Path gguf = dir.resolve("downloads/tiny-gemma-q4_0.gguf");
        Files.createDirectories(gguf.getParent());
        GgufWriter.write(TinyCheckpoints.random(TinyCheckpoints.tiny("gemma"), 3), TensorType.Q4_0, gguf);
        try (Chromium chromium = Chromium.launch()) {
            Page page = chromium.browser().newPage(new com.microsoft.playwright.Browser.NewPageOptions()
                    .setViewportSize(1400, 1600));
            ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);
            page.navigate("http://127.0.0.1:" + porter.consolePort() + "/models");

            page.locator("#import-source input").fill(dir.resolve("downloads/missing.gguf").toString());
            page.locator("#import-start").click();
            assertThat(page.getByText(Pattern.compile("Refused: no importable checkpoint at that path"))).isVisible();

            page.locator("#import-source input").fill(gguf.toString());
            page.locator("#import-name input").fill("tiny-gemma");
            page.locator("#import-activate input").uncheck(); // installed only: the switch is the install tests' part
            page.locator("#import-start").click();
            assertThat(page.locator("#import-state")).containsText("Importing tiny-gemma");
            assertThat(page.locator("#import-state")).containsText("Imported tiny-gemma.", SLOW);
            assertThat(page.locator("#import-state")).containsText("greedy");
            assertThat(page.locator("#models")).containsText("tiny-gemma");
            assertThat(page.locator("#models")).containsText("sha256 verified");
            assertThat(page.locator("#import-progress")).isHidden();
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "model-import.png"))
                    .setFullPage(true));
        }
    }
}
