package app.porter.flows;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;

import app.porter.TestPorter;

/**
 * A tenant completes a maintenance request in the real widget, in a real browser, by its buttons (and the keyboard);
 * an Arabic-speaking tenant gets the widget right to left.
 */
class WidgetFlowBrowserTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

    @TempDir
    static Path dataDir;
    static TestPorter porter;
    static Playwright playwright;
    static Browser browser;
    BrowserContext context;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        porter.close();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    private Page open(String locale) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM + " (apt-get install chromium)");
        if (browser == null) {
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM).setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run")));
        }
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1200, 900).setLocale(locale));
        Page page = context.newPage();
        page.navigate(porter.tenant("/").toString());
        page.locator("[data-testid=porter-bubble]").click();
        page.locator("[data-testid=porter-consent]").click();
        return page;
    }

    private static void type(Page page, String text) {
        page.locator("[data-testid=porter-input]").fill(text);
        page.locator("[data-testid=porter-send]").click();
    }

    /** Clicks the option button showing {@code label} in the current step and waits for the next reply. */
    private static void choose(Page page, String label) {
        int replies = page.locator("[data-testid=porter-assistant-message]").count();
        page.locator("[data-testid=porter-flow-form] [data-testid=porter-option]")
                .filter(new Locator.FilterOptions().setHasText(label)).first().click();
        waitForReply(page, replies);
    }

    private static void waitForReply(Page page, int repliesBefore) {
        assertThat(page.locator("[data-testid=porter-assistant-message][data-mode]")).hasCount(repliesBefore + 1,
                new LocatorAssertions.HasCountOptions().setTimeout(20_000));
    }

    @Test
    void aTenantCompletesAMaintenanceRequestWithTheButtons() {
        Page page = open("en-US");
        type(page, "I want to report a maintenance problem");
        waitForReply(page, 0);
        Locator options = page.locator("[data-testid=porter-flow-form] [data-testid=porter-option]");
        assertThat(options).hasCount(7);
        assertThat(options.first()).isFocused(); // keyboard users land on the first option

        // Keyboard: arrow to "Electrical" and press Enter.
        page.keyboard().press("ArrowRight");
        int replies = page.locator("[data-testid=porter-assistant-message]").count();
        page.keyboard().press("Enter");
        waitForReply(page, replies);
        assertThat(page.locator("[data-testid=porter-tenant-message]").last()).containsText("Electrical");

        replies = page.locator("[data-testid=porter-assistant-message]").count();
        type(page, "C-204");
        waitForReply(page, replies);
        choose(page, "Living room");
        replies = page.locator("[data-testid=porter-assistant-message]").count();
        type(page, "The ceiling light flickers and then goes out");
        waitForReply(page, replies);
        choose(page, "Routine");
        choose(page, "Yes");
        choose(page, "No");
        choose(page, "Saturday");
        choose(page, "Here in this chat");
        assertThat(page.locator("[data-testid=porter-assistant-message]").last()).containsText("Living room");
        choose(page, "Send it");

        Locator last = page.locator("[data-testid=porter-assistant-message]").last();
        assertThat(last).containsText(Pattern.compile("MC-\\d{4}"), SLOW);
        assertThat(page.locator("[data-testid=porter-flow-form]")).hasCount(0);
        String reference = Pattern.compile("MC-\\d{4}").matcher(last.textContent()).results().findFirst()
                .orElseThrow().group();
        String ticket = porter.get(porter.admin("/api/admin/v1/tickets/" + reference), TestPorter.ADMIN_TOKEN).body();
        assertTrue(ticket.contains("\"electrical\"") && ticket.contains("flickers"), ticket);
    }

    @Test
    void arabicIsLaidOutRightToLeft() {
        Page page = open("ar");
        Locator root = page.locator("#porter-widget-host .root");
        assertEquals("rtl", root.getAttribute("dir"));
        assertThat(page.locator("[data-testid=porter-send]")).hasText("إرسال");

        type(page, "الحنفية في المطبخ تنقط منذ الأمس");
        waitForReply(page, 0);
        type(page, "C-204"); // the apartment: the rest was understood from the first message
        waitForReply(page, 1);
        assertThat(page.locator("[data-testid=porter-flow-form]").first()).isVisible();
        assertThat(page.locator("[data-testid=porter-option]").first()).containsText("طارئ");
        assertEquals("rtl", (String) page.locator("[data-testid=porter-assistant-message]").last()
                .evaluate("e => getComputedStyle(e).direction"));
        // The tenant's bubble sits on the left in a right-to-left layout, the assistant's on the right.
        double tenantX = ((Number) page.locator("[data-testid=porter-tenant-message]").last()
                .evaluate("e => e.getBoundingClientRect().left")).doubleValue();
        double assistantX = ((Number) page.locator("[data-testid=porter-assistant-message]").last()
                .evaluate("e => e.getBoundingClientRect().left")).doubleValue();
        assertTrue(tenantX < assistantX, "tenant " + tenantX + " assistant " + assistantX);
    }

    @Test
    void theWidgetFollowsTheLanguageTheTenantWritesIn() {
        Page page = open("en-US");
        assertEquals("ltr", page.locator("#porter-widget-host .root").getAttribute("dir"));
        type(page, "مرحبا، أريد أن أعرف متى يجب دفع الإيجار");
        waitForReply(page, 0);
        assertThat(page.locator("#porter-widget-host .root")).hasAttribute("dir", "rtl");
        assertThat(page.locator("[data-testid=porter-send]")).hasText("إرسال");
    }

    @Test
    void anArabicTenantRatesAnAnswerAndTheChatRightToLeft() {
        Page page = open("ar");
        type(page, "متى يجب دفع الإيجار؟");
        waitForReply(page, 0);
        Locator answer = page.locator("[data-testid=porter-assistant-message][data-mode]").last();
        Locator up = answer.locator("[data-testid=porter-thumbs-up]");
        Locator down = answer.locator("[data-testid=porter-thumbs-down]");
        assertThat(up).hasAttribute("aria-label", "مفيدة");
        // Right to left: the first button (thumbs up) is on the right.
        double upX = ((Number) up.evaluate("e => e.getBoundingClientRect().left")).doubleValue();
        double downX = ((Number) down.evaluate("e => e.getBoundingClientRect().left")).doubleValue();
        assertTrue(downX < upX, "thumbs down " + downX + " thumbs up " + upX);
        up.click();
        assertThat(up).hasAttribute("aria-pressed", "true");
        assertThat(answer.locator("[data-testid=porter-feedback-thanks]")).hasText("شكرًا على ملاحظاتك.");

        // Ending the chat asks for the satisfaction score, in the tenant's language, once.
        page.locator("[data-testid=porter-end-chat]").click();
        Locator csat = page.locator("[data-testid=porter-csat]");
        assertThat(csat).containsText("ما مدى رضاك عن هذه الدردشة؟");
        csat.locator("[data-testid=porter-csat-score][data-score='4']").click();
        assertThat(page.locator("[data-testid=porter-csat-thanks]")).isVisible();
        page.locator("[data-testid=porter-end-chat]").click();
        assertThat(page.locator("[data-testid=porter-csat]")).hasCount(1);
    }
}
