package app.porter.flows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import app.porter.flows.Decision.Knowledge;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.ScoredPassage;

/**
 * Last: the knowledge base answers. Retrieval runs here, with the message's own embedding, and so does the answer
 * gate ({@link KnowledgeBase#answering}): only passages whose semantic similarity clears {@code minSimilarity}, for
 * a question not closer to what no document answers, are handed on. Reciprocal-rank fusion
 * orders well but says nothing about whether the best passage answers at all, so the gate uses the calibrated
 * cosine. With none, the answer is "I don't know" with a person offered, which needs no language model.
 */
final class KnowledgeStage implements Stage {

    private final KnowledgeBase knowledge;
    private final Texts texts;
    private final int candidates;
    private final float minSimilarity;
    private final boolean reuseMessageVector;

    /**
     * @param candidates fused results looked at: a keyword-heavy rank 1 below the gate must not hide a clear rank 2
     * @param minSimilarity cosine similarity a passage needs to be used at all
     */
    KnowledgeStage(KnowledgeBase knowledge, Texts texts, int candidates, float minSimilarity) {
        this(knowledge, texts, candidates, minSimilarity, true);
    }

    /**
     * @param reuseMessageVector false when the knowledge base embeds with another model than the message analysis
     *                           (retrieval has its own, chosen by the retrieval evaluation): the message's vector
     *                           would then be of the wrong model, so retrieval embeds the question itself
     */
    KnowledgeStage(KnowledgeBase knowledge, Texts texts, int candidates, float minSimilarity,
                   boolean reuseMessageVector) {
        this.knowledge = knowledge;
        this.texts = texts;
        this.candidates = candidates;
        this.minSimilarity = minSimilarity;
        this.reuseMessageVector = reuseMessageVector;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        Message message = turn.message();
        float[] vector = reuseMessageVector ? message.vector() : null;
        List<ScoredPassage> relevant = knowledge.answering(message.wordings(), vector, turn.scope(), candidates,
                turn.language(), minSimilarity);
        if (message.ownVector() != null) {
            relevant = withOwnLanguage(relevant, message, turn);
        }
        if (!relevant.isEmpty()) {
            return Decision.of(new Knowledge(relevant, null, null, turn.language()), turn.session());
        }
        return Decision.of(new Knowledge(List.of(), null, PersonOffer.form(texts, turn.language()),
                turn.language()), turn.session().withOffer(Offer.PERSON));
    }

    /**
     * A question put into English for the knowledge base is also searched in the tenant's own words, for passages
     * the firm wrote in their language: those are judged by the question's own embedding (its English rendering
     * says little about a Spanish passage) and take their place among the English ones by fused score, where
     * the asker's language already counts extra.
     */
    private List<ScoredPassage> withOwnLanguage(List<ScoredPassage> found, Message message, Turn turn) {
        List<ScoredPassage> own = knowledge.answering(List.of(message.text()),
                        reuseMessageVector ? message.ownVector() : null, turn.scope(), candidates, turn.language(),
                        minSimilarity).stream()
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
}
