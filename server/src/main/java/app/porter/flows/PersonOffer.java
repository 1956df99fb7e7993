package app.porter.flows;

import java.util.List;
import java.util.Map;

import app.porter.language.Language;

/**
 * "Would you like a person from the office?" as buttons, so a bare "yes" brings one in: after "I don't know", after
 * "that's not what I asked" and after a thumbs-down. The conversation's session carries {@link Offer#PERSON} with it.
 */
final class PersonOffer {

    private PersonOffer() {
    }

    static Form form(Texts texts, Language lang) {
        return new Form(texts.in("offer-person", lang, Map.of()), List.of(
                new Form.Option("person", texts.get("option.person").in(lang)),
                new Form.Option("no-thanks", texts.get("option.no-thanks").in(lang))), "choice", false);
    }
}
