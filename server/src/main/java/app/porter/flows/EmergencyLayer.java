package app.porter.flows;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.porter.inference.Embedder;
import app.porter.inference.Vectors;
import app.porter.language.Language;

/**
 * Recognises emergencies in a tenant message, first on every message and with no language model: deterministic
 * rules in every supported language (from {@code /flows/emergency.yaml}), plus, for English, similarity to example
 * phrases as a second net for wordings the rules miss. Traps (drills, tests, fees, "what should I do if ...")
 * keep scary words that are not an emergency from raising an alarm.
 */
public final class EmergencyLayer {

    /** What was recognised: the kind (e.g. {@code gas}) and whether life may be in danger. */
    public record Detection(String kind, boolean dangerToLife) {
    }

    /**
     * @param together groups of patterns that count only when all of a group match in one sentence: concepts
     *                 rather than phrases ("a stranger" with "got in"; "forced" with "is gone"), so a wording no
     *                 single pattern foresaw still alarms
     */
    private record Kind(String id, boolean dangerToLife, boolean needsCold, List<Pattern> patterns,
                        List<List<Pattern>> together, List<Pattern> coldWords, Localized instructions,
                        List<float[]> examples) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern SENTENCES = Pattern.compile("[.!?;\\n。！？؟；]+");

    private final List<Kind> kinds;
    private final List<Pattern> traps;
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
        this.traps = patternsOfAllLanguages(yaml.get("traps"), "traps");
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
                    patternsOfAllLanguages(k.get("patterns"), where),
                    groupsOfAllLanguages(k.get("together"), where),
                    patternsOfAllLanguages(k.get("cold-words"), where),
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
     */
    public Optional<Detection> detect(String text, float[] vector, boolean heatingSeason) {
        List<String> sentences = sentences(text);
        for (Kind kind : kinds) {
            if (kind.needsCold() && !heatingSeason && !matchesAny(kind.coldWords(), text)) {
                continue;
            }
            for (String sentence : sentences) {
                if (matchesOutsideTraps(kind.patterns(), sentence) || togetherOutsideTraps(kind.together(), sentence)) {
                    return Optional.of(new Detection(kind.id(), kind.dangerToLife()));
                }
            }
        }
        return bySimilarity(text, vector, sentences, heatingSeason);
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
                                             boolean heatingSeason) {
        if (query == null || matchesAny(traps, text)) {
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
                if (score >= bestScore && (!kind.needsCold() || heatingSeason || matchesAny(kind.coldWords(), text))) {
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
    private boolean matchesOutsideTraps(List<Pattern> patterns, String sentence) {
        for (Pattern p : patterns) {
            Matcher m = p.matcher(sentence);
            while (m.find()) {
                if (!trappedAround(sentence, m.start(), m.end())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A group matches when each of its patterns does; traps count in the clauses from the first to the last. */
    private boolean togetherOutsideTraps(List<List<Pattern>> groups, String sentence) {
        for (List<Pattern> group : groups) {
            int start = sentence.length();
            int end = 0;
            boolean all = true;
            for (Pattern p : group) {
                Matcher m = p.matcher(sentence);
                if (!m.find()) {
                    all = false;
                    break;
                }
                start = Math.min(start, m.start());
                end = Math.max(end, m.end());
            }
            if (all && !trappedAround(sentence, start, end)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a trap matches in the clauses that {@code [start, end)} of {@code sentence} lies in. */
    private boolean trappedAround(String sentence, int start, int end) {
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
        return matchesAny(traps, sentence.substring(from, to).strip());
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

    private static boolean matchesAny(List<Pattern> patterns, String text) {
        for (Pattern p : patterns) {
            if (p.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private static List<List<Pattern>> groupsOfAllLanguages(Object yaml, String where) {
        if (yaml == null) {
            return List.of();
        }
        List<List<Pattern>> groups = new ArrayList<>();
        for (Map.Entry<String, Object> e : Yaml.map(yaml, where).entrySet()) {
            Language.fromTag(e.getKey())
                    .orElseThrow(() -> new IllegalArgumentException(where + ": unknown language " + e.getKey()));
            for (Object group : Yaml.list(e.getValue(), where)) {
                List<Pattern> patterns = new ArrayList<>();
                for (Object p : Yaml.list(group, where)) {
                    patterns.add(Pattern.compile(String.valueOf(p), FLAGS));
                }
                groups.add(List.copyOf(patterns));
            }
        }
        return List.copyOf(groups);
    }

    private static List<Pattern> patternsOfAllLanguages(Object yaml, String where) {
        if (yaml == null) {
            return List.of();
        }
        Map<Language, List<Pattern>> byLang = new EnumMap<>(Language.class);
        for (Map.Entry<String, Object> e : new LinkedHashMap<>(Yaml.map(yaml, where)).entrySet()) {
            Language lang = Language.fromTag(e.getKey())
                    .orElseThrow(() -> new IllegalArgumentException(where + ": unknown language " + e.getKey()));
            List<Pattern> patterns = new ArrayList<>();
            for (Object p : Yaml.list(e.getValue(), where)) {
                patterns.add(Pattern.compile(String.valueOf(p), FLAGS));
            }
            byLang.put(lang, patterns);
        }
        return byLang.values().stream().flatMap(List::stream).toList();
    }
}
