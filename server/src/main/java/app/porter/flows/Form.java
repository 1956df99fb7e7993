package app.porter.flows;

import java.util.List;

/**
 * A flow step as the widget shows it: the prompt and, for choices, the options as buttons. The {@code form} SSE
 * event and the JSON reply's {@code form} field carry exactly this.
 *
 * @param input what the tenant is asked for: {@code choice}, {@code yesno}, {@code text}, {@code unit},
 *              {@code window}, {@code phone}, {@code email} or {@code confirm}; the widget picks the input from it
 * @param allowText whether typing an answer is accepted besides the options
 */
public record Form(String prompt, List<Option> options, String input, boolean allowText) {

    /** One button: {@code value} is what the widget sends back as the tenant's message text. */
    public record Option(String value, String label) {
    }

    public Form {
        options = List.copyOf(options);
    }
}
