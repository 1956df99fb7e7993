package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

/** A tenant in the chat widget of the demo page, for the console's browser tests that need one. */
final class TenantWidget {

    private TenantWidget() {
    }

    /** A new English-speaking tenant who opened the widget and consented. */
    static Page open(Browser browser, int tenantPort) {
        Page widget = browser.newContext(new Browser.NewContextOptions().setLocale("en-US")).newPage();
        widget.navigate("http://127.0.0.1:" + tenantPort + "/");
        widget.locator("[data-testid=porter-bubble]").click();
        widget.locator("[data-testid=porter-consent]").click();
        return widget;
    }

    /** Sends {@code text} and waits for Porter's reply to it, which it returns. */
    static Locator say(Page widget, String text) {
        Locator replies = widget.locator("[data-testid=porter-assistant-message][data-mode]");
        int before = replies.count();
        widget.locator("[data-testid=porter-input]").fill(text);
        widget.locator("[data-testid=porter-send]").click();
        assertThat(replies).hasCount(before + 1, new LocatorAssertions.HasCountOptions().setTimeout(20_000));
        return replies.last();
    }
}
