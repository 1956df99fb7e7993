package app.porter.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.Passage;
import app.porter.knowledge.Scope;
import app.porter.knowledge.ScoredPassage;
import app.porter.language.Language;

/**
 * Extractive mode, for when no language model is installed: the best matching passages of the firm's own
 * knowledge base, quoted word for word and cited. Below the similarity threshold it says it does not know and
 * offers a person, rather than quoting something loosely related.
 *
 * <p>Retrieval ranks by reciprocal-rank fusion of keyword and vector search, which is good at ordering but says
 * nothing about whether the best passage answers the question at all: RRF scores depend only on ranks (the top of
 * any list fuses to about 1/61 + 1/61), so "What is the capital of Mongolia?" would get a confident-looking top
 * passage. The decision to answer therefore uses each result's calibrated semantic similarity
 * ({@link ScoredPassage#score()}, the cosine between the question and the passage's closest view), compared with
 * {@link Settings#minSimilarity()}: the first passages in fused order that clear it are quoted.
 */
public final class ExtractiveAnswerer implements Answerer {

    /**
     * @param minSimilarity cosine similarity a passage needs to be quoted at all
     * @param runnerUpMargin a second passage is quoted too when it scores within this margin of the best
     */
    public record Settings(float minSimilarity, float runnerUpMargin) {
        public Settings {
            if (minSimilarity <= -1 || minSimilarity >= 1) {
                throw new IllegalArgumentException("minSimilarity must be between -1 and 1");
            }
            if (runnerUpMargin < 0) {
                throw new IllegalArgumentException("runnerUpMargin must be >= 0");
            }
        }
    }

    /** Fused results looked at: a keyword-heavy rank 1 below the threshold must not hide a clear rank 2. */
    public static final int CANDIDATES = 3;
    static final String DONT_KNOW = "I'm sorry, I couldn't find that in our resident information, so I don't want"
            + " to guess. Would you like me to bring in a person from the property office?";
    /**
     * The reply's own words in the tenant's language (the quotes stay as the firm wrote them): {lead-in, don't know,
     * lead-in saying that the quotes are the English original}.
     */
    private static final Map<Language, List<String>> WORDS = Map.of(
            Language.EN, List.of("Here is what our resident information says:", DONT_KNOW,
                    "Here is what our resident information says:"),
            Language.ES, List.of("Esto es lo que dice nuestra información para residentes:", "Lo siento, no encontré eso en"
                    + " nuestra información para residentes y no quiero adivinar. ¿Quiere que le pase con una persona"
                    + " de la oficina de la propiedad?",
                    "Esto es lo que dice nuestra información para residentes (cito el texto original, en inglés):"),
            Language.FR, List.of("Voici ce que disent nos informations pour les résidents :", "Désolé, je n'ai pas trouvé"
                    + " cela dans nos informations pour les résidents et je préfère ne pas deviner. Voulez-vous que je"
                    + " fasse appel à une personne du bureau de la résidence ?",
                    "Voici ce que disent nos informations pour les résidents (je cite le texte original, en anglais) :"),
            Language.ZH, List.of("以下是我们住户信息中的内容：", "抱歉，我在住户信息中没有找到相关内容，不想随意猜测。"
                    + "需要我为您联系物业办公室的工作人员吗？", "以下是我们住户信息中的内容（引用的是英文原文）："),
            Language.VI, List.of("Đây là nội dung trong thông tin dành cho cư dân của chúng tôi:", "Xin lỗi, tôi không tìm"
                    + " thấy điều đó trong thông tin dành cho cư dân nên không muốn đoán. Bạn có muốn tôi kết nối với"
                    + " nhân viên văn phòng tòa nhà không?",
                    "Đây là nội dung trong thông tin dành cho cư dân của chúng tôi (trích nguyên văn bằng tiếng Anh):"),
            Language.AR, List.of("إليك ما تقوله معلومات السكان لدينا:", "عذرًا، لم أجد ذلك في معلومات السكان لدينا، ولا أريد"
                    + " أن أخمّن. هل تريد أن أوصلك بأحد موظفي مكتب العقار؟",
                    "إليك ما تقوله معلومات السكان لدينا (أقتبس النص الأصلي باللغة الإنجليزية):"));
    private static final int SNIPPET_CHARS = 160;
    private static final Pattern PIECES = Pattern.compile("\\S+\\s*|\\s+");

    private final KnowledgeBase knowledge;
    private final Settings settings;

    public ExtractiveAnswerer(KnowledgeBase knowledge, Settings settings) {
        this.knowledge = knowledge;
        this.settings = settings;
    }

    @Override
    public Answer answer(String question, Scope scope, TokenSink sink) {
        return answer(new Question(question, scope, List.of()), Admission.NONE, sink);
    }

    /** Quotes passages in the tenant's language first, among comparably relevant ones. */
    @Override
    public Answer answer(Question question, Admission admission, TokenSink sink) {
        List<ScoredPassage> retrieved = question.passages() != null ? question.passages()
                : knowledge.answering(question.text(), null, question.scope(), CANDIDATES, question.language(),
                        settings.minSimilarity());
        List<ScoredPassage> relevant = retrieved.stream()
                .filter(hit -> hit.clears(settings.minSimilarity()))
                .limit(CANDIDATES)
                .toList();
        List<Passage> quoted = new ArrayList<>();
        if (!relevant.isEmpty()) {
            ScoredPassage best = relevant.getFirst();
            quoted.add(best.passage());
            if (relevant.size() > 1 && secondAnswers(question.text(), best, relevant.get(1))) {
                quoted.add(relevant.get(1).passage());
            }
        }
        Language tenant = question.language() == null ? Language.EN : question.language();
        List<String> words = WORDS.get(tenant);
        // A passage without a language is in the firm's default, English as Porter ships: a tenant who wrote in
        // another language is told the quote is the English original rather than handed it unexplained.
        boolean quotesEnglish = tenant != Language.EN && quoted.stream()
                .anyMatch(p -> p.language() == null || p.language() == Language.EN);
        String text = quoted.isEmpty() ? words.get(1) : compose(words.get(quotesEnglish ? 2 : 0), quoted);
        stream(text, sink);
        List<Citation> citations = quoted.stream()
                .map(p -> new Citation(p.id(), p.title(), snippet(p.text()), p.documentTitle()))
                .toList();
        return new Answer(text, AnswerMode.EXTRACTIVE, citations);
    }

    /**
     * A second passage is quoted when it is about as close to the question as the best (two answers, not one and
     * noise), or when both rankings put the same two passages on top: the question's words and its meaning both
     * point at two sections, as "Where can my visitors park?" does at Parking and at Guests (which says where
     * visitors park). That second section often scores well below the first, since its answer is one sentence of
     * a passage about something else, so closeness alone missed it (RetrievalEval's two-section questions); nor
     * do both rankings always agree ("Where can my visitors leave their car?": Birchwood's Guests entry says
     * "visitor spaces", not "car"), so a second section that holds words of the question the first lacks is quoted
     * too ({@link KnowledgeBase#answersMoreOf}).
     */
    private boolean secondAnswers(String question, ScoredPassage best, ScoredPassage second) {
        return second.score() >= best.score() - settings.runnerUpMargin()
                || (topTwo(best.keywordRank()) && topTwo(second.keywordRank())
                && topTwo(best.vectorRank()) && topTwo(second.vectorRank()))
                || knowledge.answersMoreOf(question, best, second);
    }

    private static boolean topTwo(int rank) {
        return rank == 1 || rank == 2;
    }

    private static String compose(String leadIn, List<Passage> passages) {
        StringBuilder reply = new StringBuilder(leadIn);
        for (int i = 0; i < passages.size(); i++) {
            Passage p = passages.get(i);
            reply.append("\n\n").append(p.title());
            if (!p.documentTitle().equals(p.title())) {
                reply.append(" (").append(p.documentTitle()).append(')');
            }
            reply.append(": \u201c").append(p.text()).append("\u201d [").append(i + 1).append(']');
        }
        return reply.toString();
    }

    /** Streams word by word (with trailing spaces), as a language model would stream tokens. */
    private static void stream(String text, TokenSink sink) {
        Matcher pieces = PIECES.matcher(text);
        while (pieces.find()) {
            sink.token(pieces.group());
        }
    }

    static String snippet(String text) {
        if (text.length() <= SNIPPET_CHARS) {
            return text;
        }
        int cut = text.lastIndexOf(' ', SNIPPET_CHARS);
        return text.substring(0, cut > 0 ? cut : SNIPPET_CHARS) + "\u2026";
    }
}
