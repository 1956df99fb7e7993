package app.porter.chat;

import java.util.Locale;

/** Which part of Porter produced a reply; the {@code mode} of the HTTP contract. */
public enum AnswerMode {
    GENERATIVE, EXTRACTIVE, FLOW, EMERGENCY, ESCALATED, HUMAN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AnswerMode fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
