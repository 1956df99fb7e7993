package app.porter.flows;

import app.porter.language.Language;

/**
 * What Porter offered in its last reply, so that a bare "yes" or an apartment number can be understood in the next
 * message. Stored with the flow session as its {@link #code()}.
 */
public sealed interface Offer {

    /** "Would you like a person from the office?" */
    record Person() implements Offer {
    }

    /**
     * "Write your e-mail address or phone number here" after a hand-over outside office hours, in {@code language}:
     * the thanks come in the language of the hand-over, since an address or a number has none of its own.
     */
    record Contact(Language language) implements Offer {
        public Contact {
            if (language == null) {
                throw new IllegalArgumentException("a contact offer needs the language it was made in");
            }
        }
    }

    /** "Continue where you left off?" for a flow left idle. */
    record Resume() implements Offer {
    }

    /** "Which reference?" after a status question that named none. */
    record StatusReference() implements Offer {
    }

    /** "Which apartment?" before saying anything about {@code reference}, a ticket of another conversation. */
    record StatusUnit(String reference) implements Offer {
        public StatusUnit {
            if (reference == null || reference.isBlank()) {
                throw new IllegalArgumentException("a status offer needs the ticket reference");
            }
        }
    }

    Offer PERSON = new Person();
    Offer RESUME = new Resume();
    Offer STATUS_REFERENCE = new StatusReference();

    /** As stored (the same strings sessions stored before offers were typed, so no migration is needed). */
    default String code() {
        return switch (this) {
            case Person p -> "person";
            case Resume r -> "resume";
            case Contact c -> "contact:" + c.language().tag();
            case StatusReference s -> "status-reference";
            case StatusUnit s -> "status-unit:" + s.reference();
        };
    }

    /** The offer {@code code} stands for; null for none or one this version does not know (it is dropped). */
    static Offer fromCode(String code) {
        if (code == null) {
            return null;
        }
        if (code.startsWith("contact:")) {
            return Language.fromTag(code.substring("contact:".length())).map(Contact::new).orElse(null);
        }
        if (code.startsWith("status-unit:") && code.length() > "status-unit:".length()) {
            return new StatusUnit(code.substring("status-unit:".length()));
        }
        return switch (code) {
            case "person" -> PERSON;
            case "resume" -> RESUME;
            case "status-reference" -> STATUS_REFERENCE;
            default -> null;
        };
    }
}
