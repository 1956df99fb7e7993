package app.porter.chat;

import java.util.List;

import app.porter.flows.Form;

/**
 * A complete reply to one tenant message.
 *
 * @param form the flow step waiting for the tenant's answer (prompt and options), or null
 */
public record Answer(String text, AnswerMode mode, List<Citation> citations, Form form) {
    public Answer {
        citations = List.copyOf(citations);
    }

    public Answer(String text, AnswerMode mode, List<Citation> citations) {
        this(text, mode, citations, null);
    }
}
