package app.porter.language;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;

import app.porter.flows.CrossLingualEval;

/**
 * Round 6 of issue 12 (README): how much of a non-English question the glossary leaves untranslated, per question
 * of the cross-lingual evaluation, answerable and off-topic. "share" counts every word; "content share" leaves out
 * the words in Lucene's stop set for the language (es, fr, ar; none for zh, vi), a word counting as rendered when
 * the glossary renders it alone (an approximation: a word known only inside a longer entry counts as untranslated).
 */
public final class UntranslatedProbe {

    private UntranslatedProbe() {
    }

    public static void main(String[] args) {
        Glossary glossary = Glossary.bundled();
        for (CrossLingualEval.Question q : CrossLingualEval.questions()) {
            List<GlossaryWords> words = GlossaryWords.of(q.text(), q.language());
            int known = glossary.toEnglish(q.text(), q.language()).map(Glossary.Rendering::known).orElse(0);
            CharArraySet stops = switch (q.language()) {
                case ES -> SpanishAnalyzer.getDefaultStopSet();
                case FR -> FrenchAnalyzer.getDefaultStopSet();
                case AR -> ArabicAnalyzer.getDefaultStopSet();
                default -> new CharArraySet(Set.of(), true);
            };
            int content = 0;
            int untranslated = 0;
            StringBuilder left = new StringBuilder();
            for (GlossaryWords w : words) {
                if (stops.contains(w.original().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                content++;
                if (glossary.toEnglish("x " + w.original(), q.language()).isEmpty()
                        && glossary.toEnglish(w.original(), q.language()).isEmpty()) {
                    untranslated++;
                    left.append(w.original()).append(' ');
                }
            }
            System.out.printf(Locale.ROOT, "%s\t%s\t%s\tshare %.2f\tcontent share %.2f\t[%s]\t%s%n",
                    q.language().tag(), q.set(), q.expected().isEmpty() ? "OFF" : "ans",
                    words.isEmpty() ? 0 : 1.0 - (double) known / words.size(),
                    content == 0 ? 0 : (double) untranslated / content, left.toString().strip(), q.text());
        }
    }
}
