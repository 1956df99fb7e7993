package app.porter.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.porter.language.Language;

/**
 * The thing an English question asks whether the property has, asks to be recommended, or asks where, when or at
 * what price it is: "Is there a <b>sauna</b> in the building?", "Do you have a <b>piano room</b>?", "Can you
 * recommend a <b>moving company</b>?", "Which <b>supermarket</b> is open on Sundays?", "Which floor is the
 * <b>bowling alley</b> on?", "How much does a <b>Netflix subscription</b> cost?"; or whether the tenant may book
 * it, bring it in or do it: "I'd like to book the <b>rooftop deck</b>", "What are the <b>fitness center</b> hours?",
 * "Am I allowed to have a <b>waterbed</b>?", "What's the policy on <b>flying a drone</b>?". Such a question is about that
 * thing and nothing else, so when the knowledge base has no word for it, the question's other words ("building",
 * "room", "open on Sundays") do not make it answerable. Found by the question's form (a regular expression), not
 * by a parser: a question of another form has no asked thing and is judged by its words as a whole
 * ({@link TermCoverage}).
 */
final class AskedThing {

    /**
     * An article; "any kind of" shuttle, "a cap on" late fees, "a weight limit for" dogs, "a max weight for" dogs: the
     * kind and the limit name no thing, what they are of does (rounds 11 and 14 of issue 12).
     */
    private static final String ARTICLE = "(?:(?:a|an|any|some|the|their|your|its)\\s+)?"
            + "(?:(?:kind|kinds|sort|sorts|type|types)\\s+of\\s+)?"
            + "(?:(?:[\\w-]+\\s+)?(?:caps?|limits?|maximum|max|minimum|min|restrictions?)"
            + "(?:\\s+(?:weight|size|age|height|number|amount))?\\s+(?:on|for|to|of)\\s+"
            + "(?:(?:the|my|our)\\s+)?)?";
    /** Verbs of taking a thing for a while: what a tenant books, reserves or rents. */
    private static final String BOOK = "book|rent|reserve|borrow|hire";
    private static final List<Pattern> ENGLISH = List.of(
            // what's the wifi password, I need the gate code: a value the documents either give or do not (round 12
            // of issue 12: the same question on three blind properties, "what's the wifi password in the clubhouse")
            Pattern.compile("\\b(?:what(?:'s|’s|s|\\s+is|\\s+are)|need|get|give\\s+me|send\\s+me|forgot|lost)\\s+"
                    + "(?:the|my|our|a)\\s+((?:[\\w-]+\\s+){0,2}?"
                    + "(?:password|passcode|passwords|code|codes|pin|combination|combo))\\b"),
            // is there a X, are there any X (not "why is there a X on my bill": that asks why, not whether)
            Pattern.compile("(?<!\\bwhy\\s)\\b(?:is|are)\\s+there\\s+" + ARTICLE + "(.+)"),
            // do you have a X, does the building have X, do you offer X, does the building run a X, does the complex
            // ever put on X, does the city do X (round 12) (not "do I have to", "do I need to have")
            Pattern.compile("\\bdo(?:es)?\\s+(?!i\\b)(?:[\\w'’-]+\\s+){1,3}?"
                    + "(?:have|offer|provide|run|operate|host|hold|organi[sz]e|put\\s+on|do)\\s+"
                    + "(?!to\\b|it\\b|that\\b|this\\b|anything\\b)"
                    + ARTICLE + "(.+)"),
            // can you recommend a X
            Pattern.compile("\\brecommend\\s+(?:me\\s+)?" + ARTICLE + "(?:good\\s+|nice\\s+|reliable\\s+)?(.+)"),
            // which floor is the X on (before "which X is", whose thing would be the floor)
            Pattern.compile("\\bwhich\\s+floor\\s+(?:is|are)\\s+" + ARTICLE + "(.+)"),
            // which X is ... (which day, which parking space: the knowledge base has those words)
            Pattern.compile("^\\s*which\\s+(.+?)\\s+(?:is|are|do|does|can|should|will|would|has|have|goes|go)\\b"),
            // where is the X (wheres, as typed), what time does the X open, how much does a X cost
            Pattern.compile("^\\s*where(?:\\s+is|\\s+are|'s|’s|s)\\s+" + ARTICLE + "(.+)"),
            Pattern.compile("\\bwhat\\s+time\\s+(?:does|do|is|are)\\s+" + ARTICLE + "(.+)"),
            // how much does it cost to rent a X, how much is it to reserve the X (before "how much is the X")
            Pattern.compile("\\bhow\\s+much\\s+(?:does\\s+it|would\\s+it|will\\s+it|is\\s+it|do\\s+you\\s+charge)"
                    + "\\s+(?:cost\\s+)?to\\s+(?:" + BOOK + "|use|have|get)\\s+" + ARTICLE + "(.+)"),
            Pattern.compile("\\bhow\\s+much\\s+(?:does|is|do|are)\\s+(?:a|an|the|one)\\s+(.+)"),
            // can I book the X, how do I reserve the X, I'd like to rent a X, how do I rent one of the X
            // (with its article: "can i pay rent w my card" pays the rent, it does not rent a "w")
            Pattern.compile("\\b(?:i|we)(?:['’]d|['’]ll)?\\s+(?:[\\w'’]+\\s+){0,3}?(?:" + BOOK + ")\\s+"
                    + "(?:one\\s+of\\s+)?(?:a|an|any|some|the|their|your|its)\\s+(.+)"),
            // what are the X hours, when is the X open, when does the X close
            Pattern.compile("\\bwhat\\s+(?:are|is)\\s+(?:the\\s+)?(.+?)(?:'s|’s)?\\s+(?:opening\\s+)?hours\\b"),
            Pattern.compile("^\\s*(?:is|are)\\s+(?:the|your)\\s+(.+?)\\s+(?:open|opened|closed)\\b"),
            // is the X staffed / at the front desk / working, the X is out of order (a thing of one or two words)
            Pattern.compile("^\\s*(?:is|are)\\s+(?:the|your)\\s+([\\w-]+(?:\\s+[\\w-]+)?)\\s+"
                    + "(?:at|staffed|working|heated|around|available|out\\s+of\\s+order)\\b"),
            Pattern.compile("\\bthe\\s+([\\w-]+(?:\\s+[\\w-]+)?)\\s+(?:in\\s+[\\w\\s]{1,20}?\\s+)?(?:is|are)\\s+"
                    + "(?:out\\s+of\\s+order|broken|not\\s+working|down)\\b"),
            // when is the next X (a thing that happens: "the next resident happy hour")
            Pattern.compile("\\bwhen(?:\\s+is|\\s+are|'s|’s)\\s+the\\s+next\\s+(.+)"),
            Pattern.compile("\\bwhen\\s+(?:is|are|does|do)\\s+" + ARTICLE
                    + "(.+?)\\s+(?:open|opened|close|closed|available)\\b"),
            // am I allowed to have a X, can I install a X, is it OK to keep a X, can I get a X (the indefinite
            // article: a thing brought in or asked for, not "can I have my mail forwarded")
            Pattern.compile("\\b(?:allowed\\s+to|can\\s+(?:i|we)|may\\s+(?:i|we)|(?:is\\s+it|it's)\\s+ok(?:ay)?\\s+to)"
                    + "\\s+(?:have|keep|install|put\\s+up|put|use|bring|set\\s+up|get)\\s+(?:a|an)\\s+(.+)"),
            // how do I renew my X, how can I reset my X (papers and devices of the tenant's own life)
            Pattern.compile("\\bhow\\s+(?:do|can|should)\\s+(?:i|we)\\s+(?:renew|reset|apply\\s+for|register)\\s+"
                    + "(?:my|our|a|an|the)\\s+(.+)"),
            // what's the policy on X, the rules about X
            Pattern.compile("\\b(?:policy|policies|rules?)\\s+(?:on|about|for|regarding|concerning)\\s+"
                    + ARTICLE + "(.+)"));
    /**
     * The same forms in the other languages (is there / do you have / recommend): "¿Hay un sauna?", "Est-ce qu'il y
     * a un sauna ?", "楼里有桑拿吗？", "Có phòng xông hơi không?", "هل يوجد ملعب تنس؟". The thing is then judged by
     * its glossary rendering.
     */
    private static final Map<Language, List<Pattern>> OTHERS = Map.of(
            Language.ES, List.of(
                    form("(?:^|[¿\\s])(?:hay|tienen|ten[eé]is|existe|cuentan con|disponen de)\\s+"
                            + "(?:(?:un|una|unos|unas|alg[uú]n|alguna|algunos|algunas)\\s+)?(.+)"),
                    // round 12 (issue 12): "el edificio tiene un guest suite"
                    form("\\b(?:el edificio|el complejo|la residencia|el condominio|la propiedad|el apartamento)\\s+"
                            + "(?:tiene|ofrece|cuenta con)\\s+(?:(?:un|una|unos|unas|alg[uú]n|alguna)\\s+)?(.+)"),
                    form("\\brecomendar(?:me|nos)?\\s+(?:(?:un|una|alg[uú]n|alguna)\\s+)?(?:buen[oa]?\\s+)?(.+)")),
            Language.FR, List.of(
                    form("(?:est-ce qu.il y a|y a-t-il|y a-tu|il y a|avez-vous|vous avez|existe-t-il)\\s+"
                            + "(?:(?:un|une|des|du|de la)\\s+|de l.|d.)?(.+)"),
                    // round 12 (issue 12): "est-ce que la résidence a une navette"
                    form("est-ce que\\s+(?:la résidence|l.immeuble|le bâtiment|le complexe|vous)\\s+"
                            + "(?:a|avez|offre|offrez|propose|proposez)\\s+(?:(?:un|une|des|du|de la)\\s+|de l.|d.)?(.+)"),
                    form("\\brecommander\\s+(?:(?:un|une|des)\\s+)?(?:bon(?:ne)?\\s+)?(.+)")),
            Language.ZH, List.of(
                    form("(?:有没有|有无)(\\p{IsHan}{1,6})"),
                    form("有(\\p{IsHan}{1,6}?)(?:吗|嘛|么)"),
                    form("推荐(?:一个|一家|个)?(\\p{IsHan}{1,6})")),
            Language.VI, List.of(
                    form("\\bcó\\s+(?!(?:thể|được|phải|cần|nên|nhận|cho|bị)\\b)(.+?)\\s+(?:nào\\s+)?"
                            + "(?:không|ko|hông|hok)\\b")),
            Language.AR, List.of(
                    // "هل يقدم المبنى" (does the building offer) since round 12 of issue 12
                    form("(?:^|\\s)هل\\s+(?:يوجد|توجد|في|فيه|هناك|عندكم|لديكم|يتوفر|تتوفر|يقدم|تقدم|تقدمون|يوفر"
                            + "|توفر|توفرون)\\s+(.+)"),
                    // spoken "في ملعب؟" (is there a playground?) opens with the noun without its article; "في
                    // الشتاء" (in winter) and "في أي ساعة" (at what time) are "in" (round 9 of issue 12)
                    form("^\\s*(?:في|فيه)\\s+(?!ال|أي\\s|اي\\s)(.+)")));
    /**
     * Where the thing's words end in the other languages: prepositions, pronouns, "if" ("si je repeins"), "or" and
     * "and" ("¿hay algún problema o tenemos que avisar?"), "for the residents".
     */
    private static final Set<String> OTHER_ENDS = Set.of("en", "para", "que", "cerca", "por", "con", "donde",
            "dónde", "al", "si", "o", "y", "dans", "pour", "à", "au", "aux", "près", "qui", "où", "avec", "sur", "ici",
            "je", "ou", "et", "ở", "trong", "cho", "gần", "tại", "في", "للسكان", "بالبناية", "بالعمارة", "هنا", "داخل",
            "قريب");
    /**
     * Where the thing's words end: a preposition, a pronoun (as typed too: "what time do u guys close"; "is there
     * something I'm supposed to fill out"), a verb of the rest of the question.
     */
    private static final Set<String> ENDS = Set.of("in", "at", "on", "for", "with", "near", "nearby", "to", "from",
            "by", "of", "around", "inside", "outside", "within", "i", "we", "you", "u", "ya", "yall", "y'all", "my",
            "our", "me", "that", "which", "where", "when", "who", "if", "so", "can", "could", "is", "are", "available",
            "here", "there", "this", "and", "or", "than", "like", "should", "would", "will", "do", "does", "cost",
            "costs", "open", "opens", "close", "closes", "start", "starts", "located", "go", "get", "over", "during",
            "after", "before", "about", "under", "into", "through", "next", "every", "hours", "opened", "closed",
            "i'm", "im", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "we're", "we’re", "we've", "we’ve",
            "you're", "you’re", "last", "yesterday", "today", "tonight", "tomorrow");
    /**
     * Words that name no thing: "Is there somewhere I can ...", "Is there anything I should do?", "is there anyone
     * I can call", "a separate water/sewer thing"; "the nearest dog park" asks about a dog park.
     */
    private static final Set<String> NO_THING = Set.of("somewhere", "anywhere", "anything", "something", "way",
            "place", "option", "options", "rule", "rules", "policy", "problem", "issue", "chance", "need", "reason",
            "more", "other", "else", "one", "lot", "lots", "many", "much", "own", "extra", "nearest", "closest",
            "anyone", "anybody", "someone", "somebody", "thing", "things", "stuff", "new", "another", "different",
            "second", "third", "fourth", "additional", "spare");
    /**
     * The same in the other languages: "¿Hay algún problema con el peso?" asks whether the dogs' weight is a
     * problem, not whether the building has one (round 10 of issue 12).
     */
    private static final Set<String> OTHER_NO_THING = Set.of("problema", "problemas", "inconveniente", "forma",
            "manera", "algo", "cosa", "lugar", "sitio", "problème", "problèmes", "souci", "soucis", "moyen", "façon",
            "endroit", "quelque", "chose", "vấn", "đề", "cách", "gì", "问题", "办法", "地方", "مشكلة", "مشكله", "طريقة",
            "مكان", "شي", "حاجة");
    /** A place an English question names: "on the rooftop deck", "to the fitness room". */
    private static final Pattern PLACE = Pattern.compile(
            "\\b(?:on|in|at|to|into|onto|inside|from|by)\\s+the\\s+([\\w-]+(?:\\s+[\\w-]+)?)");
    private static final int MAX_WORDS = 4;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'’-]+");
    private static final Pattern PUNCTUATION = Pattern.compile("[?.!,;:]");

    private AskedThing() {
    }

    /** A form in another language: word boundaries around its letters (Vietnamese "có thể") as Unicode has them. */
    private static Pattern form(String regex) {
        return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    /**
     * The places an English question names ("Can we have a party on the <b>rooftop deck</b>?", "Can I bring a guest
     * to the <b>fitness room</b>?"): a question with an asked thing ({@link #in}) is about them as much as about the
     * thing (round 9 of issue 12). Empty in another language.
     */
    static List<String> places(String question, Language language) {
        if (language != Language.EN) {
            return List.of();
        }
        List<String> places = new ArrayList<>();
        Matcher place = PLACE.matcher(question.toLowerCase(Locale.ROOT));
        while (place.find()) {
            List<String> words = new ArrayList<>();
            for (String word : place.group(1).split("\\s+")) {
                if (ENDS.contains(word) || NO_THING.contains(word)) {
                    break;
                }
                // "on the 3rd floor" says where the asker is, not what the property has (round 12 of issue 12)
                if (word.chars().noneMatch(Character::isDigit)) {
                    words.add(word);
                }
            }
            if (!words.isEmpty()) {
                places.add(String.join(" ", words));
            }
        }
        return places;
    }

    /** {@code question} without the words of {@code thing} (as {@link #in} found it), for comparison. */
    static String without(String question, String thing) {
        Set<String> thingWords = Set.of(thing.split(" "));
        StringBuilder kept = new StringBuilder();
        for (String word : question.split("\\s+")) {
            if (!thingWords.contains(PUNCTUATION.matcher(word.toLowerCase(Locale.ROOT)).replaceAll(""))) {
                kept.append(kept.isEmpty() ? "" : " ").append(word);
            }
        }
        return kept.toString();
    }

    /**
     * The words of the thing {@code question}, written in {@code language}, asks about (in that language), or empty
     * when it is not of such a form.
     */
    static Optional<String> in(String question, Language language) {
        boolean english = language == Language.EN;
        List<Pattern> forms = english ? ENGLISH : OTHERS.getOrDefault(language, List.of());
        Set<String> ends = english ? ENDS : OTHER_ENDS;
        String lower = question.toLowerCase(Locale.ROOT);
        for (Pattern form : forms) {
            Matcher matcher = form.matcher(lower);
            if (matcher.find()) {
                String rest = matcher.group(1);
                // the thing ends at a punctuation mark too ("Is there a dog park? We have a puppy.")
                Matcher stop = PUNCTUATION.matcher(rest);
                int end = stop.find() ? stop.start() : rest.length();
                List<String> words = new ArrayList<>();
                Matcher word = WORD.matcher(rest);
                while (word.find() && word.start() < end && words.size() < MAX_WORDS) {
                    if (ends.contains(word.group())) {
                        break;
                    }
                    if (!(english ? NO_THING : OTHER_NO_THING).contains(word.group())) {
                        words.add(word.group());
                    }
                }
                return words.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", words));
            }
        }
        return Optional.empty();
    }
}
