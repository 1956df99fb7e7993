package app.porter.flows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import app.porter.flows.Decision.Knowledge;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.ScoredPassage;
import app.porter.language.Language;

/**
 * Last: the knowledge base answers. Retrieval runs here, with the message's own embedding, and so does the answer
 * gate: only passages whose semantic similarity clears {@code minSimilarity} are handed on. Reciprocal-rank fusion
 * orders well but says nothing about whether the best passage answers at all, so the gate uses the calibrated
 * cosine. With none, the answer is "I don't know" with a person offered, which needs no language model.
 */
final class KnowledgeStage implements Stage {

    private final KnowledgeBase knowledge;
    private final Texts texts;
    private final int candidates;
    private final float minSimilarity;

    /**
     * @param candidates fused results looked at: a keyword-heavy rank 1 below the gate must not hide a clear rank 2
     * @param minSimilarity cosine similarity a passage needs to be used at all
     */
    KnowledgeStage(KnowledgeBase knowledge, Texts texts, int candidates, float minSimilarity) {
        this.knowledge = knowledge;
        this.texts = texts;
        this.candidates = candidates;
        this.minSimilarity = minSimilarity;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        Message message = turn.message();
        List<ScoredPassage> found = knowledge.search(message.wordings(), message.vector(), turn.scope(), candidates,
                turn.language());
        if (message.ownVector() != null) {
            found = withOwnLanguage(found, message, turn);
        }
        List<ScoredPassage> relevant = found.stream()
                .filter(hit -> hit.score() >= minSimilarity)
                .toList();
        if (!relevant.isEmpty()) {
            return Decision.of(new Knowledge(relevant, null, null, turn.language()), turn.session());
        }
        return Decision.of(new Knowledge(List.of(), null, personOffer(turn.language()), turn.language()),
                turn.session().withOffer(Offer.PERSON));
    }

    /**
     * A question put into English for the knowledge base is also searched in the tenant's own words, for passages
     * the firm wrote in their language: those are judged by the question's own embedding (its English rendering
     * says little about a Spanish passage) and take their place among the English ones by fused score, where
     * the asker's language already counts extra.
     */
    private List<ScoredPassage> withOwnLanguage(List<ScoredPassage> found, Message message, Turn turn) {
        List<ScoredPassage> own = knowledge.search(List.of(message.text()), message.ownVector(), turn.scope(),
                        candidates, turn.language()).stream()
                .filter(hit -> hit.passage().language() == turn.language())
                .toList();
        if (own.isEmpty()) {
            return found;
        }
        List<ScoredPassage> merged = new ArrayList<>(own);
        for (ScoredPassage hit : found) {
            if (own.stream().noneMatch(o -> o.passage().id().equals(hit.passage().id()))) {
                merged.add(hit);
            }
        }
        merged.sort(Comparator.comparingDouble(ScoredPassage::fused).reversed());
        return merged.subList(0, Math.min(candidates, merged.size()));
    }

    /** A person offered as buttons, so a bare "yes" brings one in. */
    private Form personOffer(Language lang) {
        return new Form(texts.in("offer-person", lang, Map.of()), List.of(
                new Form.Option("person", texts.get("option.person").in(lang)),
                new Form.Option("no-thanks", texts.get("option.no-thanks").in(lang))), "choice", false);
    }
}
