package app.porter.chat;

import java.util.List;

/** A complete reply to one tenant message. */
public record Answer(String text, AnswerMode mode, List<Citation> citations) {
    public Answer {
        citations = List.copyOf(citations);
    }
}
