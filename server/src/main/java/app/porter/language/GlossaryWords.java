package app.porter.language;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How the glossary cuts text into words and brings each word to the form it is looked up by, the same way for the
 * glossary's own entries and for a tenant's message, so that "mascotas" finds the entry "mascota" and "سيارتي" (my
 * car) finds "سيارة" (car).
 *
 * <ul>
 *   <li>English (the synonym map): Lucene's minimal stemmer (plurals).</li>
 *   <li>Spanish, French: accents folded (tenants often leave them out) and Lucene's light stemmers (plural and
 *       gender endings).</li>
 *   <li>Vietnamese: syllables, looked up as runs of syllables, as written; only a text typed without any tone
 *       marks (as many keyboards send it) is looked up with the glossary's marks folded too, because folding
 *       written marks would make "của" (of) the door, "cửa", and a syllable without marks in a marked text
 *       ("cho", for) is written as meant, not the dog ("chó").</li>
 *   <li>Arabic: Lucene's normaliser (hamza forms of alef, alef maqsura, ta marbuta, diacritics, tatweel) and light
 *       stemmer (the article, conjunctions, plural and possessive endings), then a construct-state ta ("سيارت" of
 *       "سيارتي") is dropped too. Looked up loosely, a word also loses a one-letter preposition Lucene leaves on
 *       ("بكلب", with a dog) and the alef of an accusative ending ("إشعارا").</li>
 *   <li>Chinese: one word per Han character, so that entries are matched longest first over characters (written
 *       Chinese has no spaces); Latin letters and digits stay whole.</li>
 * </ul>
 *
 * @param form the form looked up
 * @param loose the form looked up when {@code form} is not found: without tone marks (Vietnamese typed without
 *              any), without a clitic (Arabic), the same as {@code form} elsewhere; null when the word may not be
 *              looked up loosely (a word of a Vietnamese text written with marks)
 * @param original the word as written (kept when it is a number or a name the glossary does not know)
 */
record GlossaryWords(String form, String loose, String original) {

    /** The words of {@code text} in {@code language}. */
    static List<GlossaryWords> of(String text, Language language) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC).replace('\u2019', '\'');
        return language == Language.ZH ? chinese(nfc) : spaced(nfc, language);
    }

    private static List<GlossaryWords> spaced(String text, Language language) {
        List<GlossaryWords> words = new ArrayList<>();
        // French elisions ("l'eau", "d'électricité") and hyphens ("lave-linge") split words; Arabic letters,
        // combining marks and digits stay together.
        // Vietnamese is looked up loosely only when the text is typed all but without marks (see the class comment;
        // a phone's suggestion or two in a bare message: Marks.mostlyNone)
        boolean unmarked = language != Language.VI || Marks.mostlyNone(text);
        for (String raw : text.split("[^\\p{L}\\p{M}\\p{Nd}]+")) {
            if (!raw.isEmpty()) {
                String form = form(raw, language);
                words.add(new GlossaryWords(form, unmarked ? loose(raw, form, language) : null, raw));
            }
        }
        return words;
    }

    private static List<GlossaryWords> chinese(String text) {
        List<GlossaryWords> words = new ArrayList<>();
        StringBuilder latin = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                flush(latin, words);
                String han = new String(Character.toChars(cp));
                words.add(new GlossaryWords(han, han, han));
            } else if (Character.isLetterOrDigit(cp) || (cp == '-' && !latin.isEmpty())) {
                latin.appendCodePoint(cp);
            } else {
                flush(latin, words);
            }
        }
        flush(latin, words);
        return words;
    }

    private static void flush(StringBuilder latin, List<GlossaryWords> words) {
        if (!latin.isEmpty()) {
            String lower = latin.toString().toLowerCase(Locale.ROOT);
            words.add(new GlossaryWords(lower, lower, latin.toString()));
            latin.setLength(0);
        }
    }

    /** The lookup form of one word. */
    static String form(String word, Language language) {
        String lower = word.toLowerCase(Locale.ROOT);
        return switch (language) {
            case ES -> stem(Marks.without(lower), Stemmer.SPANISH);
            case FR -> stem(Marks.without(lower), Stemmer.FRENCH);
            case AR -> arabic(lower);
            case EN -> stem(lower, Stemmer.ENGLISH);
            default -> lower;
        };
    }

    /** The glossary's own entries are looked up by both forms: Vietnamese written with or without marks. */
    static String entryLoose(String form, Language language) {
        return language == Language.VI ? Marks.without(form) : form;
    }

    private static String loose(String raw, String form, Language language) {
        return switch (language) {
            case AR -> arabicLoose(raw.toLowerCase(Locale.ROOT));
            default -> form;
        };
    }

    private static String arabicLoose(String word) {
        String w = word;
        if (w.length() > 4 && "وفبلك".indexOf(w.charAt(0)) >= 0) {
            w = w.substring(1);
        }
        if (w.length() > 3 && w.endsWith("\u0627")) {
            w = w.substring(0, w.length() - 1);
        }
        return arabic(w);
    }

    /** Lucene's stemmers are package-private; their filters, over one word as one token, are not. */
    private static final class Stemmer extends Analyzer {
        static final Stemmer SPANISH = new Stemmer(SpanishLightStemFilter::new);
        static final Stemmer FRENCH = new Stemmer(FrenchLightStemFilter::new);
        static final Stemmer ENGLISH = new Stemmer(EnglishMinimalStemFilter::new);
        static final Stemmer ARABIC = new Stemmer(t -> new ArabicStemFilter(new ArabicNormalizationFilter(t)));

        private final UnaryOperator<TokenStream> filters;

        private Stemmer(UnaryOperator<TokenStream> filters) {
            this.filters = filters;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer word = new KeywordTokenizer();
            return new TokenStreamComponents(word, filters.apply(word));
        }
    }

    private static String stem(String word, Stemmer stemmer) {
        try (TokenStream tokens = stemmer.tokenStream("word", word)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            String stem = tokens.incrementToken() ? term.toString() : word;
            tokens.end();
            return stem;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a string cannot fail
        }
    }

    private static String arabic(String word) {
        String stem = stem(word, Stemmer.ARABIC);
        // "سيارتي" (my car) stems to "سيارت"; "سيارة" (car) to "سيار": the ta of a possessed noun goes as well.
        return stem.length() > 3 && stem.endsWith("\u062A") ? stem.substring(0, stem.length() - 1) : stem;
    }
}
