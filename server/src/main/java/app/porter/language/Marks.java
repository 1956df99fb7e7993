package app.porter.language;

import java.text.Normalizer;

/**
 * Accents and tone marks, which tenants type or leave out: Vietnamese sent from many keyboards and phones has none
 * ("khong co nuoc"), Spanish and French often lose theirs ("fenetre").
 */
public final class Marks {

    private Marks() {
    }

    /** {@code text} with its accents and tone marks dropped and nothing else changed (case included). */
    public static String without(String text) {
        // Vietnamese đ is a letter of its own, not d plus a mark: fold it explicitly.
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replace('đ', 'd').replace('Đ', 'D');
    }

    /** Whether {@code text} was typed without any accent or tone mark. */
    public static boolean none(String text) {
        return without(text).equals(text);
    }

    /**
     * Whether {@code text} was typed all but without marks: fewer than a quarter of its words carry one ("ong nuoc
     * duoi bon rua sờ vô lanh ngat": a phone's suggestion or two in a message typed bare).
     */
    public static boolean mostlyNone(String text) {
        int words = 0;
        int marked = 0;
        for (String word : text.split("[^\\p{L}]+")) {
            if (!word.isEmpty()) {
                words++;
                marked += none(word) ? 0 : 1;
            }
        }
        return marked * 4 < words;
    }
}
