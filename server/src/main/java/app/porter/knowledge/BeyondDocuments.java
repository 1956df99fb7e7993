package app.porter.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an English question asks that no property document holds, by the nature of documents: the weather to come
 * (a handbook's section on storms is 0.63-0.69 close to "What's the weather supposed to be like this weekend?"),
 * tax advice ("Can I deduct my renters insurance on my taxes?" is close to the insurance section), who lived in a
 * home before the asker (the firm would not write it down for tenants), what a neighbour pays (another tenant's
 * lease), and a staff member's personal number (a handbook gives the office's). Round 14 of issue 12: each was answered on two or three of the blind properties.
 * Found by the question's form, as {@link AskedThing} is; such a question is refused whatever passage is close.
 */
final class BeyondDocuments {

    private static final List<Pattern> FORMS = List.of(
            // the forecast: "what's the weather supposed to be like this weekend", "is it gonna rain tomorrow"
            Pattern.compile("\\bweather\\s+(?:forecast|supposed\\s+to\\s+be|going\\s+to\\s+be|gonna\\s+be|looking\\s+like"
                    + "|look\\s+like|like\\s+(?:this|tomorrow|today|tonight|next|on|in)\\b"
                    + "|(?:for|this|tomorrow|today|tonight)\\b)"),
            Pattern.compile("\\bforecast\\b"),
            Pattern.compile("\\b(?:will|is)\\s+it\\s+(?:going\\s+to\\s+|gonna\\s+|supposed\\s+to\\s+)?(?:rain|snow|storm)"
                    + "\\s+(?:this|tomorrow|today|tonight|on|next)\\b"),
            // tax advice
            Pattern.compile("\\b(?:deduct|deductible|write\\s+off|claim)\\b.{0,50}\\btax(?:es)?\\b"),
            // the home's earlier occupants
            Pattern.compile("\\bwho\\s+(?:lived|was\\s+living|used\\s+to\\s+live|stayed)\\s+(?:in|at)\\s+"
                    + "(?:my|our|this|the)\\s+(?:unit|apartment|place|loft|flat|home|townhome)\\b"),
            // a person's own number, not the office's
            Pattern.compile("\\b(?:personal|private|home)\\s+(?:cell|cellphone|mobile|phone|number)\\b"),
            // what a neighbour pays: another tenant's lease is not this tenant's to read
            Pattern.compile("\\bhow\\s+much\\b.{0,60}\\b(?:neighbou?rs?|next\\s+door|the\\s+(?:tenants?|people|person"
                    + "|family|guy)\\s+(?:in|at|upstairs|downstairs|across)\\b)"),
            Pattern.compile("\\bwhat\\s+(?:does|do|did)\\s+(?:my\\s+|the\\s+|our\\s+)?(?:neighbou?rs?|(?:tenants?|people"
                    + "|family)\\s+(?:in|at|next\\s+door|upstairs|downstairs)\\b[^?]{0,20}?)\\s+pay\\b"));

    private BeyondDocuments() {
    }

    /** Whether {@code question} (English) asks for something no property document holds. */
    static boolean asks(String question) {
        String lower = question.toLowerCase(Locale.ROOT);
        return FORMS.stream().anyMatch(form -> form.matcher(lower).find());
    }
}
