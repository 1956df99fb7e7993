package app.porter.chat;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.Optional;

import app.porter.inference.ActiveModel;
import app.porter.inference.ChatTemplate;
import app.porter.inference.EngineBusyException;
import app.porter.inference.GenerationEngine;
import app.porter.inference.GenerationSettings;
import app.porter.inference.SamplingSettings;
import app.porter.inference.TextGenerator;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.Passage;
import app.porter.knowledge.ScoredPassage;
import app.porter.knowledge.Scope;

/**
 * Generative mode: the installed language model answers, grounded in the same retrieved passages extractive mode
 * quotes, and cites them by number. Porter does not let the model answer from thin air:
 * <ul>
 *   <li>retrieval too weak (nothing over the similarity threshold): extractive mode answers ("don't know");</li>
 *   <li>the model's answer cites no passage it was given: it is discarded and extractive mode answers.</li>
 * </ul>
 * {@link Answer#mode()} says which mode answered. To make the second rule hold on a stream, the model's text is
 * held back until it has cited a real passage, and streamed from then on; a discarded answer was never shown.
 *
 * <p>Without a model loaded, every answer is extractive.
 */
public final class GenerativeAnswerer implements Answerer {

    private static final Logger LOG = System.getLogger(GenerativeAnswerer.class.getName());

    /**
     * @param policy the firm's policy and tone, first in every prompt: read for each question, so a new policy
     *               version counts from the next answer
     * @param passages passages retrieved per question
     * @param minSimilarity a passage below this is not used (same scale as extractive mode's threshold)
     * @param maxNewTokens longest reply in tokens
     * @param sampling how tokens are chosen (greedy by default: answers should be stable)
     */
    public record Settings(Supplier<String> policy, int passages, float minSimilarity, int maxNewTokens,
                           SamplingSettings sampling) {
        public Settings {
            if (passages < 1) {
                throw new IllegalArgumentException("passages must be at least 1");
            }
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("max new tokens must be at least 1");
            }
        }
    }

    private final KnowledgeBase knowledge;
    private final ActiveModel models;
    private final Answerer fallback;
    private final Settings settings;
    private final UnaryOperator<String> modelInput;

    public GenerativeAnswerer(KnowledgeBase knowledge, ActiveModel models, Answerer fallback, Settings settings) {
        this(knowledge, models, fallback, settings, UnaryOperator.identity());
    }

    /**
     * @param modelInput applied to the tenant's words (question and history) before they enter the prompt, e.g. a
     *                   PII redactor; retrieval still sees the question as written
     */
    public GenerativeAnswerer(KnowledgeBase knowledge, ActiveModel models, Answerer fallback, Settings settings,
                              UnaryOperator<String> modelInput) {
        this.knowledge = knowledge;
        this.models = models;
        this.fallback = fallback;
        this.settings = settings;
        this.modelInput = modelInput;
    }

    /** A place in the model's queue, when a model is loaded. */
    private record ModelAdmission(ActiveModel.Loaded model, GenerationEngine.Ticket ticket) implements Admission {
        @Override
        public void close() {
            ticket.close();
        }
    }

    @Override
    public Admission admit() throws BusyException {
        Optional<ActiveModel.Loaded> model = models.current();
        if (model.isEmpty()) {
            return Admission.NONE;
        }
        try {
            return new ModelAdmission(model.get(), model.get().engine().reserve());
        } catch (EngineBusyException e) {
            throw new BusyException(e.retryAfterSeconds());
        } catch (IllegalStateException e) {
            return Admission.NONE; // the model was just switched out: the next question uses the new one
        }
    }

    @Override
    public Answer answer(String question, Scope scope, TokenSink sink) {
        try (Admission admission = admitOrNone()) {
            return answer(new Question(question, scope, List.of()), admission, sink);
        }
    }

    private Admission admitOrNone() {
        try {
            return admit();
        } catch (BusyException e) {
            return Admission.NONE; // internal callers without admission control fall back to extractive
        }
    }

    @Override
    public Answer answer(Question question, Admission admission, TokenSink sink) {
        if (!(admission instanceof ModelAdmission placed)) {
            return fallback.answer(question, Admission.NONE, sink);
        }
        List<ScoredPassage> hits = question.passages() != null ? question.passages()
                : knowledge.answering(question.text(), null, question.scope(), settings.passages(),
                        question.language(), settings.minSimilarity());
        List<Passage> grounding = new ArrayList<>();
        for (ScoredPassage hit : hits) {
            if (hit.clears(settings.minSimilarity()) && grounding.size() < settings.passages()) {
                grounding.add(hit.passage());
            }
        }
        if (grounding.isEmpty()) {
            return fallback.answer(question, Admission.NONE, sink);
        }
        TextGenerator generator = placed.model().generator();
        int window = generator.model().contextLength();
        int maxNew = Math.min(settings.maxNewTokens(), window / 2);
        GroundedPrompt.Built prompt;
        try {
            Question seen = asModelSees(question, modelInput);
            prompt = GroundedPrompt.build(settings.policy().get(), grounding, seen.history(), seen.text(),
                    question.language(), generator.model().chatTemplate(), generator.model().tokenizer(),
                    window - maxNew);
        } catch (ChatTemplate.TemplateException e) {
            // A template that rejects this conversation (raise_exception) must not cost the tenant an answer.
            // Its message is not logged: jinjava's may quote the rendered conversation.
            LOG.log(Level.WARNING, "the model's chat template failed; answering extractively");
            return fallback.answer(question, Admission.NONE, sink);
        }
        List<String> stops = generator.model().chatTemplate().isPlain() ? List.of("\nUser:", "\nTenant:") : List.of();

        HeldBack held = new HeldBack(sink, prompt.passages().size());
        TextGenerator.TextResult result;
        try {
            result = generator.generate(placed.ticket(), prompt.ids(),
                    new GenerationSettings(settings.sampling(), maxNew, stops), held);
        } catch (GenerationEngine.GenerationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause(); // none when the engine closed under us
            LOG.log(Level.WARNING, "generation failed (" + cause.getClass().getSimpleName()
                    + "); answering extractively");
            return fallback.answer(question, Admission.NONE, sink);
        }
        List<Integer> cited = GroundedPrompt.citedNumbers(result.text(), prompt.passages().size());
        if (cited.isEmpty()) {
            return fallback.answer(question, Admission.NONE, sink);
        }
        List<Citation> citations = new ArrayList<>();
        for (int n : cited) {
            Passage p = prompt.passages().get(n - 1);
            citations.add(new Citation(p.id(), p.title(), ExtractiveAnswerer.snippet(p.text()), p.documentTitle()));
        }
        return new Answer(result.text().stripLeading(), AnswerMode.GENERATIVE, citations); // exactly what was streamed
    }

    /** Holds the model's text back until it cites a passage it was given, then streams it. */
    private static final class HeldBack implements TextGenerator.TextListener {
        private final TokenSink sink;
        private final int passages;
        private final StringBuilder text = new StringBuilder();
        private int pieces;
        private int sent;
        private boolean open;

        HeldBack(TokenSink sink, int passages) {
            this.sink = sink;
            this.passages = passages;
        }

        @Override
        public void queued(int position) {
            sink.queued(position);
        }

        @Override
        public void text(String piece) {
            text.append(piece);
            if (!open && !GroundedPrompt.citedNumbers(text.toString(), passages).isEmpty()) {
                open = true;
            }
            if (!open && ++pieces % 8 == 0) {
                sink.heartbeat(); // nothing to show yet; this also finds out whether the tenant left
            }
            if (open) {
                String out = sent == 0 ? text.toString().stripLeading() : text.substring(sent);
                sent = text.length();
                if (!out.isEmpty()) {
                    sink.token(out);
                }
            }
        }
    }

    /** The question and history with {@code modelInput} applied to every text the tenant or Porter wrote. */
    static Question asModelSees(Question question, UnaryOperator<String> modelInput) {
        List<ChatMessage> history = question.history().stream()
                .map(m -> new ChatMessage(m.id(), m.role(), modelInput.apply(m.text()), m.mode(), m.citations(),
                        m.createdAt()))
                .toList();
        return new Question(modelInput.apply(question.text()), question.scope(), history, question.language(),
                question.passages());
    }
}
