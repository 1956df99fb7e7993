package app.porter.privacy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Finds personal data in free text and replaces each piece with its type in brackets ({@code [EMAIL]}), reporting
 * how many of each it replaced. Used where text leaves the conversation store: stated reasons in the audit log,
 * and (as they appear) logs, analytics and dataset exports.
 *
 * <p>What it finds, and the guards that keep property-management text readable:
 * <ul>
 *   <li>e-mail addresses;
 *   <li>phone numbers, by libphonenumber in the firm's region (valid numbers only: "unit 305", "$1,450" and
 *       "2024-06-01" are not phone numbers);
 *   <li>payment card numbers: 13-19 digits, spaces or dashes allowed, and only when the Luhn check passes (so an
 *       account or work-order number rarely is);
 *   <li>US social security numbers, dashed ({@code 123-45-6789}, not the never-issued 000/666/9xx areas), or nine
 *       digits right after "SSN" / "social security";
 *   <li>IBANs, only when the ISO 13616 mod-97 check passes;
 *   <li>dates of birth: a date only when "born", "birthday", "date of birth" or "DOB" comes just before it (a lease
 *       or move-out date is not personal data to hide);
 *   <li>street addresses: a house number, one to four capitalised words and a street type ("12 Elm Street");
 *       a unit on its own ("Unit 4B", "apt 12") is kept: it is how tenants and staff talk about repairs;
 *   <li>names from the tenant directory (whole words, any case).
 * </ul>
 * Money amounts are never touched: they have separators or a currency sign and fail every check above.
 */
public final class Redactor {

    /** What was found. */
    public enum Type {
        EMAIL, PHONE, CARD, SSN, IBAN, DATE_OF_BIRTH, ADDRESS, NAME;

        String placeholder() {
            return "[" + name() + "]";
        }
    }

    /** The redacted text and how many of each type were replaced. */
    public record Result(String text, Map<Type, Integer> counts) {
        public Result {
            counts = Map.copyOf(counts);
        }

        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern SSN_DASHED = Pattern.compile(
            "(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?![\\d-])");
    private static final Pattern SSN_LABELLED = Pattern.compile(
            "(?i)\\b(?:ssn|social security(?: number| no\\.?)?)\\s*(?:is|:|#)?\\s*(\\d{3} ?\\d{2} ?\\d{4})\\b");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b");
    private static final String DATE = "(?:\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}"
            + "|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}"
            + "|\\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*,? \\d{4})";
    private static final Pattern DATE_OF_BIRTH = Pattern.compile(
            "(?i)\\b(?:born(?: on)?|birthday(?: is)?|date of birth(?: is)?|d\\.?o\\.?b\\.?)\\s*[:\\-]?\\s*(" + DATE + ")");
    private static final Pattern ADDRESS = Pattern.compile(
            "\\b\\d{1,6}[A-Za-z]?\\s+(?:[A-Z][a-z]+\\.?\\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln"
                    + "|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq)\\b\\.?");

    /** Capitalised words that follow "this is" / "I am" without being a name ("this is Unit 4B", "I'm English"). */
    private static final String NOT_NAMES = "Unit|Apartment|Apt|Suite|Building|Room|Floor|The|A|An|I|It|In|On|At"
            + "|Not|Here|There|Porter|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
            + "|April|May|June|July|August|September|October|November|December|English|Spanish|French|Chinese"
            + "|Vietnamese|Arabic|OK|Okay|Sorry|Still|Locked|Calling|Writing|Texting|Urgent";

    /**
     * A name the writer gives for themselves ("my name is Dana Whitfield", "this is Sam from the office", "me llamo
     * Ana", "je m'appelle Luc", "tên tôi là Lan"): one to three capitalised words after the phrase. Only after such a
     * phrase, because a capitalised word alone is as often a street, a month or a brand.
     */
    private static final Pattern SELF_NAMED_LATIN = Pattern.compile(
            "(?iu)\\b(?:my name is|my name's|name is|this is|i am|i'm|me llamo|mi nombre es|soy|je m'appelle"
                    + "|je m’appelle|mon nom est|je suis|tên tôi là|tôi tên là|tôi là)\\s+"
                    + "(?!(?-i:" + NOT_NAMES + ")\\b)"
                    + "((?-i:\\p{Lu}[\\p{L}'’-]+)(?:\\s+(?!(?-i:" + NOT_NAMES + ")\\b)(?-i:\\p{Lu}[\\p{L}'’-]+)){0,2})");
    /** The same in Chinese ("我叫王芳"): up to four characters; and in Arabic ("اسمي سارة أحمد"): up to three words. */
    private static final Pattern SELF_NAMED_HAN = Pattern.compile("(?:我叫|我的名字是|我姓)\\s*(\\p{IsHan}{1,4})");
    private static final Pattern SELF_NAMED_ARABIC = Pattern.compile(
            "(?:اسمي|أنا اسمي)\\s+(\\p{IsArabic}+(?:\\s+\\p{IsArabic}+){0,2})");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String region;
    private final List<Pattern> names;

    /**
     * @param region the firm's ISO 3166 region, for phone numbers written without a country code (e.g. {@code US})
     * @param directoryNames tenants' and staff names to redact (full names; blank entries are ignored)
     */
    public Redactor(String region, Collection<String> directoryNames) {
        this.region = region.toUpperCase(Locale.ROOT);
        this.names = directoryNames.stream()
                .map(String::strip)
                // Two letters are too often part of something else; two Chinese characters are a whole name.
                .filter(n -> n.length() >= 3 || n.length() == 2
                        && n.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(n -> Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])" + Pattern.quote(n).replace(" ", "\\E\\s+\\Q")
                        + "(?![\\p{L}\\p{N}])"))
                .toList();
    }

    /** One piece of personal data found in a text: {@code text.substring(start, end)} is of {@code type}. */
    public record Finding(int start, int end, Type type) {
    }

    public Result redact(String text) {
        if (text == null || text.isEmpty()) {
            return new Result(text == null ? "" : text, Map.of());
        }
        Map<Type, Integer> counts = new EnumMap<>(Type.class);
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : findings(text)) {
            out.append(text, at, f.start()).append(f.type().placeholder());
            at = f.end();
            counts.merge(f.type(), 1, Integer::sum);
        }
        out.append(text, at, text.length());
        return new Result(out.toString(), counts);
    }

    /**
     * What {@link #redact} would replace, left to right and never overlapping: for callers that replace each piece
     * with something of their own (the dataset export's numbered placeholders).
     */
    public List<Finding> findings(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<Finding> spans = new ArrayList<>();
        // Most specific first: when two findings overlap, the earlier kind wins.
        find(EMAIL, text, Type.EMAIL, 0, spans);
        Matcher iban = IBAN.matcher(text);
        while (iban.find()) {
            if (ibanValid(iban.group())) {
                spans.add(new Finding(iban.start(), iban.end(), Type.IBAN));
            }
        }
        find(SSN_DASHED, text, Type.SSN, 0, spans);
        find(SSN_LABELLED, text, Type.SSN, 1, spans);
        Matcher card = CARD.matcher(text);
        while (card.find()) {
            String digits = card.group().replaceAll("[ -]", "");
            if (digits.length() >= 13 && digits.length() <= 19 && luhn(digits)) {
                spans.add(new Finding(card.start(), card.end(), Type.CARD));
            }
        }
        find(DATE_OF_BIRTH, text, Type.DATE_OF_BIRTH, 1, spans);
        for (PhoneNumberMatch m : phones.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            spans.add(new Finding(m.start(), m.end(), Type.PHONE));
        }
        find(ADDRESS, text, Type.ADDRESS, 0, spans);
        for (Pattern name : names) {
            find(name, text, Type.NAME, 0, spans);
        }
        find(SELF_NAMED_LATIN, text, Type.NAME, 1, spans);
        find(SELF_NAMED_HAN, text, Type.NAME, 1, spans);
        find(SELF_NAMED_ARABIC, text, Type.NAME, 1, spans);

        // Keep the first-found of overlapping spans, left to right.
        List<Finding> kept = new ArrayList<>();
        for (Finding s : spans) {
            if (kept.stream().noneMatch(k -> s.start() < k.end() && k.start() < s.end())) {
                kept.add(s);
            }
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return List.copyOf(kept);
    }

    private static void find(Pattern pattern, String text, Type type, int group, List<Finding> spans) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.start(group) < m.end(group)) {
                spans.add(new Finding(m.start(group), m.end(group), type));
            }
        }
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: move the first four characters to the end, letters to numbers, the whole mod 97 is 1. */
    static boolean ibanValid(String candidate) {
        String iban = candidate.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (char c : rearranged.toCharArray()) {
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }
}
