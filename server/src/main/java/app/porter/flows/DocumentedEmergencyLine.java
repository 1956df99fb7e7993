package app.porter.flows;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.Passage;
import app.porter.knowledge.ScoredPassage;
import app.porter.knowledge.Scope;

/**
 * The property's phone number as its own documents give it, for the safety answer of a property whose settings
 * name neither an emergency line nor an office: a tenant told what to do in an emergency must also be told whom
 * to call at the property, and a resident handbook usually says ("call the emergency line at ...").
 *
 * <p>Only a number in a sentence that says what it is counts: an emergency or on-call line first, else the office.
 * A plumber's or a laundry vendor's number nearby is never given as the property's. Only documents of the
 * tenant's own property (or unit) are read, never portfolio-wide ones: a firm-wide directory lists every
 * property's line, and the wrong property's number in an emergency is worse than none.
 */
final class DocumentedEmergencyLine {

    /** Looks a property's number up; {@link #NONE} where there is no knowledge base (router tests). */
    @FunctionalInterface
    interface Lookup {
        Lookup NONE = (scope, phoneRegion) -> Optional.empty();

        /** The number the documents of {@code scope}'s property give, as written there. */
        Optional<String> find(Scope scope, String phoneRegion);
    }

    /** What the knowledge base is asked: a fixed text, never the tenant's words. */
    static final String QUERY = "emergency line phone number to call after hours";
    /** Passages read, best first. */
    private static final int PASSAGES = 5;

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    /** Words that make a number the emergency line, in the six languages. */
    private static final Pattern EMERGENCY = Pattern.compile("emergenc|on[- ]call|after[- ]hours|24 hours|24/7"
            + "|urgen|astreinte|紧急|急修|khẩn cấp|طوارئ|طارئ", FLAGS);
    /** Words that make a number the office's. */
    private static final Pattern OFFICE = Pattern.compile("office|leasing|management|oficina|administraci[oó]n"
            + "|bureau|gestion|办公室|物业|văn phòng|ban quản lý|مكتب|الإدارة", FLAGS);
    /** Where a sentence ends: a full stop with a space or line end after it, or a line break. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?。！？؟](?=\\s|$)|\\n");

    private DocumentedEmergencyLine() {
    }

    /** The look-up against {@code knowledge}, the hybrid search the tenant's answers use (held passages excluded). */
    static Lookup in(KnowledgeBase knowledge) {
        return (scope, phoneRegion) -> {
            if (scope.propertyId() == null) {
                return Optional.empty();
            }
            List<Passage> passages = knowledge.search(QUERY, scope, PASSAGES).stream().map(ScoredPassage::passage)
                    .filter(p -> scope.propertyId().equals(p.propertyId())).toList();
            return numberIn(passages, phoneRegion);
        };
    }

    /**
     * The first number said to be an emergency line in {@code passages} (in their order), else the first said to
     * be the office's; each as written in the text.
     *
     * @param phoneRegion region for numbers written without a country code
     */
    static Optional<String> numberIn(List<Passage> passages, String phoneRegion) {
        String office = null;
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        for (Passage passage : passages) {
            String text = passage.text();
            // POSSIBLE, not VALID: handbooks (and the demo) use the 555-01xx numbers reserved for examples.
            for (PhoneNumberMatch m : phones.findNumbers(text, phoneRegion, PhoneNumberUtil.Leniency.POSSIBLE,
                    Long.MAX_VALUE)) {
                String sentence = sentenceAround(text, m.start(), m.end());
                if (EMERGENCY.matcher(sentence).find()) {
                    return Optional.of(m.rawString());
                }
                if (office == null && OFFICE.matcher(sentence).find()) {
                    office = m.rawString();
                }
            }
        }
        return Optional.ofNullable(office);
    }

    /** The sentence of {@code text} that holds {@code [start, end)}. */
    static String sentenceAround(String text, int start, int end) {
        int from = 0;
        var ends = SENTENCE_END.matcher(text);
        while (ends.find()) {
            if (ends.end() <= start) {
                from = ends.end();
            } else if (ends.start() >= end) {
                return text.substring(from, ends.start());
            }
        }
        return text.substring(from);
    }
}
