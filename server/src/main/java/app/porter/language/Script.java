package app.porter.language;

import java.util.EnumSet;
import java.util.Set;

/** The scripts the languages Porter speaks are written in ({@link Language#script()}). */
public enum Script {
    LATIN, HAN, ARABIC;

    /** The script of a letter, or null for a character of none of them (digits, punctuation, other scripts). */
    public static Script of(int codePoint) {
        return switch (Character.UnicodeScript.of(codePoint)) {
            case LATIN -> LATIN;
            case HAN -> HAN;
            case ARABIC -> ARABIC;
            default -> null;
        };
    }

    /** The scripts {@code text} has a letter of. */
    public static Set<Script> in(String text) {
        Set<Script> scripts = EnumSet.noneOf(Script.class);
        text.codePoints().mapToObj(Script::of).filter(s -> s != null).forEach(scripts::add);
        return scripts;
    }
}
