package app.porter.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.porter.inference.Embedder;
import app.porter.inference.Vectors;
import app.porter.language.Language;
import app.porter.language.Marks;
import app.porter.language.Script;

/**
 * Recognises emergencies in a tenant message, first on every message and with no language model: deterministic
 * rules in every supported language (from {@code /flows/emergency.yaml}), plus, for English, similarity to example
 * phrases as a second net for wordings the rules miss. Traps (drills, tests, fees, "what should I do if ...")
 * keep scary words that are not an emergency from raising an alarm in their clause; a settled phrase ("everything's
 * dry now") in the whole message.
 */
public final class EmergencyLayer {

    /** What was recognised: the kind (e.g. {@code gas}) and whether life may be in danger. */
    public record Detection(String kind, boolean dangerToLife) {
    }

    /**
     * @param together groups of patterns that count only when all of a group match in one sentence: concepts
     *                 rather than phrases ("a stranger" with "got in"; "forced" with "is gone"), so a wording no
     *                 single pattern foresaw still alarms
     * @param acrossSentences groups that count when all of a group match anywhere in the message and no trap does:
     *                        a cause and its effect told in two sentences ("we lit the fireplace with the flue
     *                        shut. now we both have splitting headaches")
     */
    private record Kind(String id, boolean dangerToLife, boolean needsCold, List<Rule> patterns,
                        List<Rule> together, List<Rule> acrossSentences, List<Rule> coldWords,
                        Localized instructions, List<float[]> examples) {
    }

    /**
     * Patterns of one language that must all match, tried only on a message with a letter of that language's script:
     * a pattern in Chinese characters cannot match a message without any, and skipping it keeps the cost per message
     * from growing with every language's rules (PolicyBench).
     */
    private record Rule(List<Pattern> patterns, List<Pattern> unmarked, Script script) {
        boolean appliesTo(Reading reading) {
            return reading.scripts().contains(script);
        }

        /** The patterns to try: a Vietnamese rule without its tone marks on Vietnamese typed without them. */
        List<Pattern> patternsFor(Reading reading) {
            return reading.unmarkedVietnamese() ? unmarked : patterns;
        }
    }

    /**
     * What a message is read as: the scripts it has letters of, and whether it is Vietnamese typed without tone
     * marks ("nha bep boc khoi"), which many tenants type and which the marked patterns cannot match.
     */
    private record Reading(Set<Script> scripts, boolean unmarkedVietnamese) {
        static Reading of(String text, Language writtenIn) {
            return new Reading(Script.in(text), writtenIn == Language.VI && Marks.none(text));
        }
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern SENTENCES = Pattern.compile("[.!?;\\n。！？؟；…]+");

    private final List<Kind> kinds;
    private final List<Rule> traps;
    /** Phrases that make a whole message a report of something over and done with ({@code settled}). */
    private final List<Rule> settled;
    private final Pattern clauseBreaks;
    private final float exampleSimilarity;
    private final Localized noEmergencyLine;

    /**
     * @param embedder embeds example phrases; null to use the rules alone
     * @param exampleSimilarity cosine similarity to an example phrase that counts as a match
     */
    public EmergencyLayer(Embedder embedder, float exampleSimilarity) {
        Map<String, Object> yaml = Yaml.classpath("/flows/emergency.yaml");
        this.exampleSimilarity = exampleSimilarity;
        this.traps = patterns(yaml.get("traps"), "traps");
        this.settled = patterns(yaml.get("settled"), "settled");
        this.noEmergencyLine = Localized.parse(yaml.get("no-emergency-line"), "no-emergency-line");
        this.clauseBreaks = Pattern.compile(Yaml.string(yaml, "clause-breaks", "emergency.yaml"), FLAGS);
        List<Kind> kinds = new ArrayList<>();
        for (Map.Entry<String, Object> e : Yaml.map(yaml.get("kinds"), "kinds").entrySet()) {
            Map<String, Object> k = Yaml.map(e.getValue(), e.getKey());
            String where = "emergency kind " + e.getKey();
            List<String> examples = new ArrayList<>();
            if (k.get("examples") != null) {
                for (Object ex : Yaml.list(Yaml.map(k.get("examples"), where).get("en"), where)) {
                    examples.add(String.valueOf(ex));
                }
            }
            kinds.add(new Kind(e.getKey(), Boolean.TRUE.equals(k.get("danger-to-life")),
                    Boolean.TRUE.equals(k.get("needs-cold")),
                    patterns(k.get("patterns"), where),
                    groups(k.get("together"), where),
                    groups(k.get("across-sentences"), where),
                    patterns(k.get("cold-words"), where),
                    Localized.parse(k.get("instructions"), where),
                    embedder == null || examples.isEmpty() ? List.of() : embedder.embedAll(examples)));
        }
        this.kinds = List.copyOf(kinds);
    }

    /**
     * The emergency in a message, if any.
     *
     * @param text the message as {@link Text#normalize} made it
     * @param vector its embedding (of {@code text}), or null to go by the rules alone
     * @param heatingSeason whether it is the property's heating season today (a heat complaint then needs no
     *                      mention of the cold to count)
     * @param writtenIn the language the message is written in, or null when not known (Vietnamese typed without
     *                  tone marks is then read by the marked rules alone)
     */
    public Optional<Detection> detect(String text, float[] vector, boolean heatingSeason, Language writtenIn) {
        text = Text.withoutArabicMarks(text);
        if (writtenIn == Language.VI && Marks.mostlyNone(text)) {
            // read as typed bare: the marked rules cannot match the bare words, the bare rules not the marked ones
            text = Marks.without(text);
        }
        Reading reading = Reading.of(text, writtenIn);
        if (matchesAny(settled, text, reading)) {
            return Optional.empty();
        }
        List<String> sentences = sentences(text);
        for (Kind kind : kinds) {
            if (kind.needsCold() && !heatingSeason && !matchesAny(kind.coldWords(), text, reading)) {
                continue;
            }
            for (String sentence : sentences) {
                if (matchesOutsideTraps(kind.patterns(), sentence, reading)
                        || togetherOutsideTraps(kind.together(), sentence, reading)) {
                    return Optional.of(new Detection(kind.id(), kind.dangerToLife()));
                }
            }
            if (matchesAny(kind.acrossSentences(), text, reading) && !matchesAny(traps, text, reading)) {
                return Optional.of(new Detection(kind.id(), kind.dangerToLife()));
            }
        }
        return bySimilarity(text, vector, sentences, heatingSeason, reading);
    }

    /**
     * The safety instructions for {@code detection}, in {@code lang}, with the property's numbers; for a property with
     * no emergency line on file, emergency services first and no sentence about the line.
     */
    public String instructions(Detection detection, Language lang, PropertySettings property) {
        for (Kind kind : kinds) {
            if (kind.id().equals(detection.kind())) {
                String instructions = kind.instructions().in(lang, property.placeholders());
                return property.hasEmergencyLine() ? instructions
                        : noEmergencyLine.in(lang, property.placeholders()) + "\n" + instructions;
            }
        }
        throw new IllegalArgumentException("unknown emergency kind " + detection.kind());
    }

    private Optional<Detection> bySimilarity(String text, float[] query, List<String> sentences,
                                             boolean heatingSeason, Reading reading) {
        if (query == null || matchesAny(traps, text, reading)) {
            return Optional.empty();
        }
        // Only whole messages of a sentence or two: the example phrases are short, and a long message's vector
        // averages over everything it says.
        if (sentences.size() > 3 || text.length() > 240) {
            return Optional.empty();
        }
        Kind best = null;
        float bestScore = exampleSimilarity;
        for (Kind kind : kinds) {
            for (float[] example : kind.examples()) {
                float score = Vectors.dot(query, example);
                if (score >= bestScore
                        && (!kind.needsCold() || heatingSeason || matchesAny(kind.coldWords(), text, reading))) {
                    best = kind;
                    bestScore = score;
                }
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Detection(best.id(), best.dangerToLife()));
    }

    private static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        for (String sentence : SENTENCES.split(text)) {
            if (!sentence.isBlank()) {
                sentences.add(sentence.strip());
            }
        }
        if (sentences.isEmpty()) {
            sentences.add(text);
        }
        return sentences;
    }

    /**
     * A pattern may span clauses ("the detector is beeping and we have headaches"), but a trap counts only in the
     * clauses the match covers, so "my sink leaks, and I smell gas; the fire drill is Tuesday" still alarms.
     */
    private boolean matchesOutsideTraps(List<Rule> rules, String sentence, Reading reading) {
        for (Rule rule : rules) {
            if (!rule.appliesTo(reading)) {
                continue;
            }
            Matcher m = rule.patternsFor(reading).getFirst().matcher(sentence);
            while (m.find()) {
                if (!trappedAround(sentence, m.start(), m.end(), reading)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A group matches when each of its patterns does; traps count in the clauses from the first to the last. */
    private boolean togetherOutsideTraps(List<Rule> groups, String sentence, Reading reading) {
        for (Rule group : groups) {
            if (!group.appliesTo(reading)) {
                continue;
            }
            int start = sentence.length();
            int end = 0;
            boolean all = true;
            for (Pattern p : group.patternsFor(reading)) {
                Matcher m = p.matcher(sentence);
                if (!m.find()) {
                    all = false;
                    break;
                }
                start = Math.min(start, m.start());
                end = Math.max(end, m.end());
            }
            if (all && !trappedAround(sentence, start, end, reading)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a trap matches in the clauses that {@code [start, end)} of {@code sentence} lies in. */
    private boolean trappedAround(String sentence, int start, int end, Reading reading) {
        int from = 0;
        int to = sentence.length();
        for (int[] clause : clauseSpans(sentence)) {
            if (clause[1] <= start) {
                from = clause[1];
            }
            if (clause[0] >= end && clause[0] < to) {
                to = clause[0];
            }
        }
        return matchesAny(traps, sentence.substring(from, to).strip(), reading);
    }

    /** Where clause breaks ("and", commas) are in {@code sentence}: each as [start, end) of the break. */
    private List<int[]> clauseSpans(String sentence) {
        List<int[]> breaks = new ArrayList<>();
        Matcher m = clauseBreaks.matcher(sentence);
        while (m.find()) {
            breaks.add(new int[] {m.start(), m.end()});
        }
        return breaks;
    }

    /** Whether a rule of a script {@code text} is written in matches it: each of the rule's patterns. */
    private static boolean matchesAny(List<Rule> rules, String text, Reading reading) {
        for (Rule rule : rules) {
            if (rule.appliesTo(reading) && rule.patternsFor(reading).stream().allMatch(p -> p.matcher(text).find())) {
                return true;
            }
        }
        return false;
    }

    /** Groups of patterns per language ({@code together}, {@code across-sentences}). */
    private static List<Rule> groups(Object yaml, String where) {
        if (yaml == null) {
            return List.of();
        }
        List<Rule> groups = new ArrayList<>();
        for (Map.Entry<String, Object> e : Yaml.map(yaml, where).entrySet()) {
            Language language = language(e.getKey(), where);
            for (Object group : Yaml.list(e.getValue(), where)) {
                List<String> patterns = new ArrayList<>();
                for (Object p : Yaml.list(group, where)) {
                    patterns.add(String.valueOf(p));
                }
                groups.add(rule(patterns, language));
            }
        }
        return List.copyOf(groups);
    }

    /** Single patterns per language, each a rule of its own. */
    private static List<Rule> patterns(Object yaml, String where) {
        if (yaml == null) {
            return List.of();
        }
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, Object> e : Yaml.map(yaml, where).entrySet()) {
            Language language = language(e.getKey(), where);
            for (Object p : Yaml.list(e.getValue(), where)) {
                rules.add(rule(List.of(String.valueOf(p)), language));
            }
        }
        return List.copyOf(rules);
    }

    /** A rule of {@code language}; a Vietnamese one also without its tone marks, for text typed without them. */
    private static Rule rule(List<String> patterns, Language language) {
        List<Pattern> compiled = patterns.stream().map(p -> Pattern.compile(Text.withoutArabicMarks(p), FLAGS)).toList();
        List<Pattern> unmarked = language != Language.VI ? compiled
                : patterns.stream().map(p -> Pattern.compile(Marks.without(p), FLAGS)).toList();
        return new Rule(compiled, unmarked, language.script());
    }

    private static Language language(String key, String where) {
        return Language.fromTag(key)
                .orElseThrow(() -> new IllegalArgumentException(where + ": unknown language " + key));
    }
}
