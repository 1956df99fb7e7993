package app.porter.console.vaadin;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import app.porter.staff.Totp;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Signs a browser test in to the console as the first admin, the way a firm does it: on a fresh appliance the
 * bootstrap token, then the first admin's account with an authenticator (the test computes the codes from the key
 * the page shows); on later sign-ins username, password and the next code.
 */
final class ConsoleSignIn {

    static final String USERNAME = "sam";
    static final String DISPLAY_NAME = "Sam Ortiz";
    static final String PASSWORD = "the first admin's password";

    /** The first admin's authenticator key and last code step used, per console port. */
    private static final Map<Integer, Account> ACCOUNTS = new ConcurrentHashMap<>();

    private static final class Account {
        final byte[] secret;
        long lastStep;

        Account(byte[] secret, long lastStep) {
            this.secret = secret;
            this.lastStep = lastStep;
        }
    }

    private ConsoleSignIn() {
    }

    /** Signs in as the first admin (setting them up when nobody exists yet) and waits for the knowledge view. */
    static void asFirstAdmin(Page page, int consolePort, String bootstrapToken) {
        page.navigate("http://127.0.0.1:" + consolePort + "/");
        Locator either = page.locator("#admin-token, #username");
        assertThat(either.first()).isVisible();
        if (page.locator("#admin-token").isVisible()) {
            setUp(page, consolePort, bootstrapToken);
        } else {
            signIn(page, consolePort);
        }
        page.waitForURL(Pattern.compile(".*/knowledge$"));
    }

    private static void setUp(Page page, int consolePort, String bootstrapToken) {
        page.locator("#admin-token input").fill(bootstrapToken);
        page.locator("#sign-in").click();
        page.waitForURL(Pattern.compile(".*/setup$"));
        page.locator("#setup-username input").fill(USERNAME);
        page.locator("#setup-display-name input").fill(DISPLAY_NAME);
        page.locator("#setup-password input").fill(PASSWORD);
        page.locator("#setup-password-again input").fill(PASSWORD);
        byte[] secret = Totp.fromBase32(page.locator("#totp-secret").textContent());
        long step = Totp.step(Instant.now());
        page.locator("#totp-code input").fill(Totp.code(secret, step));
        page.locator("#create-admin").click();
        assertThat(page.locator("#recovery-codes")).isVisible();
        ACCOUNTS.put(consolePort, new Account(secret, step));
        page.locator("#continue").click();
    }

    private static void signIn(Page page, int consolePort) {
        Account account = ACCOUNTS.get(consolePort);
        if (account == null) {
            throw new AssertionError("the first admin was set up outside ConsoleSignIn: no authenticator key");
        }
        page.locator("#username input").fill(USERNAME);
        page.locator("#password input").fill(PASSWORD);
        page.locator("#code input").fill(nextCode(account.secret, account.lastStep));
        account.lastStep = Math.max(account.lastStep + 1, Totp.step(Instant.now()));
        page.locator("#sign-in").click();
    }

    /**
     * A code the console accepts after one for {@code lastStep} was used: a code is good for one step either side
     * of now and only once, so this may wait for the clock to reach the step before the one it needs.
     */
    static String nextCode(byte[] secret, long lastStep) {
        long step = Math.max(lastStep + 1, Totp.step(Instant.now()));
        while (step > Totp.step(Instant.now()) + Totp.WINDOW) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return Totp.code(secret, step);
    }
}
