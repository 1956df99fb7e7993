package app.porter.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The kind of value an English question asks for, when its form says so: a year ("What year was the building
 * built?"), a phone number ("What's the maintenance guy's cell number?") or an amount of money ("How much is the
 * rent for unit 5A?"). A passage without a value of that kind does not answer the question, however close it is in
 * meaning: the renewal clause is close to "How much is my rent going to go up when I renew?" but names no amount,
 * and the welcome section is close to "What year was Quillon Heights built?" but holds no year (round 14 of issue 12).
 * Found by the question's form, as {@link AskedThing} is; a question of another form asks for no kind.
 */
enum AnswerKind {

    YEAR(List.of(
            Pattern.compile("\\bwhat\\s+year\\b"),
            Pattern.compile("\\bhow\\s+old\\s+is\\s+(?:the|this|our|your)\\s+(?:building|complex|property|place)\\b"),
            Pattern.compile("\\bwhen\\s+(?:was|were)\\s+(?:[\\w'’-]+\\s+){1,5}?"
                    + "(?:built|constructed|founded|established|erected)\\b")),
            Pattern.compile("\\b(?:1[6-9]\\d\\d|20\\d\\d)s?\\b")),
    PHONE(List.of(
            // not the tenant's own ("I changed my mobile number": where to update it)
            Pattern.compile("(?<!\\b(?:my|our)\\s)(?<!\\b(?:my|our)\\s\\w{1,12}\\s)"
                    + "\\b(?:phone|cell|cellphone|mobile|telephone|direct|contact)\\s+"
                    + "(?:number|numbers|no\\b|#)"),
            Pattern.compile("\\bwhat\\s+number\\s+(?:do|should|can|would)\\s+(?:i|we)\\s+(?:call|text|dial)\\b")),
            Pattern.compile("\\d{3}\\)?[\\s.-]?\\d{3}[\\s.-]\\d{4}|\\b\\d{3}[\\s.-]\\d{4}\\b|\\b(?:911|999|112)\\b")),
    MONEY(List.of(
            // how much ... (not how much notice, time or room: those are not paid in money)
            Pattern.compile("\\bhow\\s+much\\b(?!\\s+(?:\\w+\\s+)?(?:notice|heads|warning|time|longer|earlier|later"
                    + "|weight|water|space|room|noise|coverage|liability|stuff|of\\s+a\\b))"),
            Pattern.compile("\\bwhat\\s+(?:does|do|would|will)\\s+(?:[\\w'’-]+\\s+){1,5}?cost\\b"),
            Pattern.compile("\\bwhat(?:'s|’s|s|\\s+is|\\s+are)\\s+the\\s+(?:price|prices|cost|costs|rate|rates)\\b")),
            Pattern.compile("[$€£]\\s?\\d|\\d\\s?(?:%|percent|per\\s+cent|dollars?|cents?)\\b"
                    + "|\\b(?:free|complimentary|included|includes|waived?|no\\s+(?:charge|cost|fee)|at\\s+no\\s+"
                    + "(?:additional\\s+|extra\\s+)?(?:charge|cost)|month['’]s\\s+rent|months['’]\\s+rent"
                    + "|half\\s+(?:a|of)\\s+(?:month|the)|same\\s+as|prorated|pro-rated)\\b"));

    /** The question forms that ask for this kind. */
    private final List<Pattern> asking;
    /** A value of this kind in a passage's text. */
    private final Pattern value;

    AnswerKind(List<Pattern> asking, Pattern value) {
        this.asking = asking;
        this.value = value;
    }

    /** The kind of value {@code question} (English) asks for; empty when its form names none. */
    static Optional<AnswerKind> askedIn(String question) {
        String lower = question.toLowerCase(Locale.ROOT);
        for (AnswerKind kind : values()) {
            if (kind.asking.stream().anyMatch(pattern -> pattern.matcher(lower).find())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code passage} holds a value of this kind, in its heading or text. */
    boolean heldBy(Passage passage) {
        return value.matcher((passage.title() + "\n" + passage.text()).toLowerCase(Locale.ROOT)).find();
    }
}
