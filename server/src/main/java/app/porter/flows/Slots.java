package app.porter.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import app.porter.flows.FlowDefinition.Option;
import app.porter.flows.FlowDefinition.SlotType;
import app.porter.flows.FlowDefinition.Step;
import app.porter.language.Language;

/**
 * Reads a tenant's answer to a step into a slot value, or says it is not an answer. Values are option values
 * ({@code plumbing}, {@code yes}) or, for typed answers, {@code text:} followed by what the tenant wrote, so the
 * summary can tell a choice from free text.
 */
final class Slots {

    static final String TYPED = "text:";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern NUMBER = Pattern.compile("^\\s*(\\d{1,2})\\s*[.)]?\\s*$");
    /** An apartment number, with or without a word for "apartment" before it in any of the six languages. */
    private static final Pattern UNIT = Pattern.compile(
            "^\\W*(?:(?:apt|apartment|unit|flat|no|number|apto|apartamento|departamento|depto|appartement|appt|app"
                    + "|logement|căn hộ|căn|phòng|số|公寓|房间|房号|شقة|الشقة|رقم)\\.?\\s*#?\\s*)*"
                    + "([a-z]{0,2})\\s*[- ]?\\s*(\\d{1,5})\\s*([a-z]?)\\s*(?:号|室|号房)?\\W*$", FLAGS);
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]{1,64}@[^\\s@]{1,190}\\.[a-z]{2,24}$", FLAGS);
    /** Typed access windows must name a day or a time of day, in any of the six languages, or hold a digit. */
    private static final Pattern WHEN = Pattern.compile("\\d|\\b(mon|tue|wed|thu|fri|sat|sun)\\w*|\\b(today|tomorrow"
            + "|tonight|morning|afternoon|evening|weekend|noon|lunes|martes|mi[ée]rcoles|jueves|viernes|s[aá]bado|domingo"
            + "|hoy|ma[nñ]ana|tarde|noche|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|aujourd|demain|matin"
            + "|apr[eè]s-midi|soir|thứ|chủ nhật|hôm nay|ngày mai|sáng|chiều|tối|cuối tuần)\\b|(周|星期|礼拜|明天|今天|后天"
            + "|上午|下午|晚上|早上|中午|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد|اليوم|غدا|غدًا|صباح|مساء|الظهر)",
            FLAGS);

    private final Texts texts;

    Slots(Texts texts) {
        this.texts = texts;
    }

    /** The slot value {@code answer} gives {@code step}, if it is a valid answer. */
    Optional<String> read(FlowDefinition flow, Step step, String answer, String phoneRegion) {
        String text = answer.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return switch (step.type()) {
            case CHOICE -> choice(flow, step, text, step.allowOther());
            case WINDOW -> choice(flow, step, text, false)
                    .or(() -> WHEN.matcher(Text.normalize(text)).find() && letters(text) + digits(text) >= 3
                            ? Optional.of(TYPED + text) : Optional.empty());
            case YESNO -> yesNo(text);
            case TEXT -> looksLikeAnAnswer(text) && weightedLength(text) >= step.minLength()
                    ? Optional.of(TYPED + text) : Optional.empty();
            case UNIT -> unit(text);
            case PHONE -> phone(text, phoneRegion);
            case EMAIL -> EMAIL.matcher(text).matches() ? Optional.of(text.toLowerCase(Locale.ROOT)) : Optional.empty();
            case CONFIRM -> confirm(text);
            case END -> Optional.empty();
        };
    }

    /** What the tenant is shown for a slot value, in their language. */
    String display(Step step, String value, Language lang) {
        if (value.startsWith(TYPED)) {
            return value.substring(TYPED.length());
        }
        if (step.type() == SlotType.YESNO) {
            return texts.get("yes".equals(value) ? "summary-yes" : "summary-no").in(lang);
        }
        return step.option(value).map(o -> o.label().in(lang)).orElse(value);
    }

    /** The form that asks {@code step}. */
    Form form(Step step, Language lang, String prompt) {
        List<Form.Option> options = new ArrayList<>();
        switch (step.type()) {
            case CHOICE, WINDOW -> step.options().forEach(o -> options.add(new Form.Option(o.value(), o.label().in(lang))));
            case YESNO -> {
                options.add(new Form.Option("yes", texts.get("option.yes").in(lang)));
                options.add(new Form.Option("no", texts.get("option.no").in(lang)));
            }
            case CONFIRM -> {
                options.add(new Form.Option("submit", texts.get("option.submit").in(lang)));
                options.add(new Form.Option("change", texts.get("option.change").in(lang)));
                options.add(new Form.Option("cancel", texts.get("option.cancel").in(lang)));
            }
            default -> {
            }
        }
        boolean allowText = switch (step.type()) {
            case CHOICE -> step.allowOther();
            case YESNO, CONFIRM -> false;
            default -> true;
        };
        return new Form(prompt, options, step.type().id(), allowText);
    }

    /** Normalised apartment number: "apt c 204" → C-204, "12b" → 12B. */
    static Optional<String> unit(String text) {
        Matcher m = UNIT.matcher(Text.normalize(text));
        if (!m.matches()) {
            return Optional.empty();
        }
        String letters = m.group(1).toUpperCase(Locale.ROOT);
        String number = m.group(2) + m.group(3).toUpperCase(Locale.ROOT);
        return Optional.of(letters.isEmpty() ? number : letters + "-" + number);
    }

    private Optional<String> choice(FlowDefinition flow, Step step, String text, boolean allowOther) {
        List<Option> options = step.options();
        Matcher number = NUMBER.matcher(text);
        if (number.matches()) {
            int n = Integer.parseInt(number.group(1));
            return n >= 1 && n <= options.size() ? Optional.of(options.get(n - 1).value()) : Optional.empty();
        }
        String folded = Text.folded(text);
        for (Option o : options) {
            if (o.value().equalsIgnoreCase(text.strip())) {
                return Optional.of(o.value());
            }
            for (String label : o.label().texts().values()) {
                if (Text.folded(label).equals(folded)) {
                    return Optional.of(o.value());
                }
            }
        }
        Optional<Option> byKeyword = byKeywords(flow, options, text);
        if (byKeyword.isPresent()) {
            return byKeyword.map(Option::value);
        }
        return allowOther && looksLikeAnAnswer(text) && letters(text) >= 3 ? Optional.of(TYPED + text) : Optional.empty();
    }

    /** The option whose keywords occur in {@code text}, tried in the flow's keyword order. */
    static Optional<Option> byKeywords(FlowDefinition flow, List<Option> options, String text) {
        String normalized = Text.normalize(text);
        List<Option> ordered = new ArrayList<>();
        for (String value : flow.keywordOrder()) {
            options.stream().filter(o -> o.value().equals(value)).forEach(ordered::add);
        }
        options.stream().filter(o -> !ordered.contains(o)).forEach(ordered::add);
        for (Option o : ordered) {
            if (o.keywords() != null && o.keywords().matcher(normalized).find()) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    private Optional<String> yesNo(String text) {
        if (text.equalsIgnoreCase("yes") || texts.is("yes", text)) {
            return Optional.of("yes");
        }
        if (text.equalsIgnoreCase("no") || texts.is("no", text)) {
            return Optional.of("no");
        }
        return Optional.empty();
    }

    private Optional<String> confirm(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("submit") || texts.is("yes", text)) {
            return Optional.of("submit");
        }
        if (t.equals("change") || texts.is("no", text)) {
            return Optional.of("change");
        }
        if (t.equals("cancel") || texts.is("cancel", text)) {
            return Optional.of("cancel");
        }
        for (String option : List.of("submit", "change", "cancel")) {
            for (String label : texts.get("option." + option).texts().values()) {
                if (Text.folded(label).equals(Text.folded(text))) {
                    return Optional.of(option);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A whole message that is an e-mail address or a phone number (as the phone and e-mail steps read them), for
     * the contact a tenant leaves outside office hours; anything else is not one.
     */
    static Optional<String> contact(String text, String region) {
        String t = text.strip();
        if (EMAIL.matcher(t).matches()) {
            return Optional.of(t.toLowerCase(Locale.ROOT));
        }
        // Digits and punctuation only: a sentence with a number in it ("flat 12, 3rd floor") is a message.
        return digits(t) >= 7 && letters(t) == 0 ? phone(t, region) : Optional.empty();
    }

    private static Optional<String> phone(String text, String region) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            Phonenumber.PhoneNumber number = util.parse(text, region);
            if (!util.isPossibleNumber(number)) {
                return Optional.empty();
            }
            boolean local = region.equals(util.getRegionCodeForNumber(number))
                    || number.getCountryCode() == util.getCountryCodeForRegion(region);
            return Optional.of(util.format(number, local ? PhoneNumberUtil.PhoneNumberFormat.NATIONAL
                    : PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** A command word or a bare yes/no is never a description or a location. */
    private boolean looksLikeAnAnswer(String text) {
        return !texts.is("cancel", text) && !texts.is("yes", text) && !texts.is("no", text);
    }

    /** Letters, with each Han character counted twice: a Chinese sentence is about half as many characters. */
    private static int weightedLength(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                length += 2;
            } else if (Character.isLetterOrDigit(cp) || Character.isWhitespace(cp)) {
                length++;
            }
            i += Character.charCount(cp);
        }
        return length;
    }

    private static int letters(String text) {
        return (int) text.codePoints().filter(Character::isLetter).count();
    }

    private static int digits(String text) {
        return (int) text.codePoints().filter(Character::isDigit).count();
    }
}
