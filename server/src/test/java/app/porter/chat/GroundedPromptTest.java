package app.porter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.inference.ChatTemplate;
import app.porter.inference.TextTokenizer;
import app.porter.inference.TinyLlama;
import app.porter.knowledge.Passage;
import app.porter.language.Language;

/** The grounded prompt's layout, its citation parsing and its trimming order under a token budget. */
class GroundedPromptTest {

    @TempDir
    Path dir;

    @Test
    void trimsHistoryBeforePassagesAndNeverExceedsTheBudget() throws Exception {
        TinyLlama.writeTokenizer(dir, TinyLlama.vocabulary(List.of()));
        try (TextTokenizer tokenizer = TextTokenizer.load(dir.resolve("tokenizer.json"))) {
            ChatTemplate template = ChatTemplate.of(Optional.empty(), "<s>", "</s>");
            List<Passage> passages = List.of(
                    new Passage("h#rent", "h", null, "Rent due date", "Rent is due on the 1st of each month."),
                    new Passage("h#fees", "h", null, "Late fees", "A late fee of $50 applies after the 5th."),
                    new Passage("h#pets", "h", null, "Pets", "Cats and small dogs are welcome with a deposit."));
            List<ChatMessage> history = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                history.add(new ChatMessage("t" + i, "tenant", "Earlier question number " + i + " about parking?",
                        null, List.of(), Instant.EPOCH));
                history.add(new ChatMessage("a" + i, "assistant", "An earlier answer number " + i + ".",
                        AnswerMode.EXTRACTIVE, List.of(), Instant.EPOCH));
            }
            String question = "When is my rent due?";

            GroundedPrompt.Built roomy = GroundedPrompt.build("Be kind.", passages, history, question, template,
                    tokenizer, 100_000);
            assertEquals(3, roomy.passages().size());
            assertEquals(12, roomy.historyMessages());
            String text = tokenizer.decode(roomy.ids());
            assertTrue(text.contains("[1] Rent due date: Rent is due") && text.contains("[3] Pets"), text);
            assertTrue(text.endsWith("User: When is my rent due?\nAssistant:"), text);

            int withoutHistory = GroundedPrompt.build("Be kind.", passages, List.of(), question, template, tokenizer,
                    100_000).ids().length;
            GroundedPrompt.Built tight = GroundedPrompt.build("Be kind.", passages, history, question, template,
                    tokenizer, withoutHistory + 5);
            assertEquals(0, tight.historyMessages(), "history goes first");
            assertEquals(3, tight.passages().size(), "the passages stay while history can go");

            GroundedPrompt.Built tighter = GroundedPrompt.build("Be kind.", passages, history, question, template,
                    tokenizer, withoutHistory - 60);
            assertTrue(tighter.passages().size() < 3 && !tighter.passages().isEmpty());
            assertEquals("h#rent", tighter.passages().getFirst().id(), "the best passage is kept");
            assertTrue(tighter.ids().length <= withoutHistory - 60);
        }
    }

    @Test
    void tellsTheModelToAnswerInTheTenantsLanguage() throws Exception {
        TinyLlama.writeTokenizer(dir, TinyLlama.vocabulary(List.of()));
        try (TextTokenizer tokenizer = TextTokenizer.load(dir.resolve("tokenizer.json"))) {
            ChatTemplate template = ChatTemplate.of(Optional.empty(), "<s>", "</s>");
            List<Passage> passages = List.of(new Passage("h#rent", "h", "Handbook", "maple-court", null, "Rent due date",
                    "Rent is due on the 1st of each month.", Language.EN));
            String spanish = tokenizer.decode(GroundedPrompt.build("Be kind.", passages, List.of(),
                    "¿Cuándo vence el alquiler?", Language.ES, template, tokenizer, 100_000).ids());
            int instruction = spanish.indexOf("Answer in Spanish.");
            assertTrue(instruction > 0, spanish);
            assertTrue(instruction < spanish.indexOf("[1] Rent due date"), "with the rules, before the passages");
            String unknown = tokenizer.decode(GroundedPrompt.build("Be kind.", passages, List.of(), "When?", null,
                    template, tokenizer, 100_000).ids());
            assertFalse(unknown.contains("Answer in"), unknown);
        }
        assertEquals(" Answer in Chinese (Simplified).", GroundedPrompt.languageInstruction(Language.ZH));
        assertEquals(" Answer in Arabic.", GroundedPrompt.languageInstruction(Language.AR));
        assertEquals(" Answer in Vietnamese.", GroundedPrompt.languageInstruction(Language.VI));
        assertEquals(" Answer in French.", GroundedPrompt.languageInstruction(Language.FR));
        assertEquals("", GroundedPrompt.languageInstruction(null));
    }

    @Test
    void citationsMustNameAPassageThatWasGiven() {
        assertEquals(List.of(2, 1), GroundedPrompt.citedNumbers("Rent is due on the 1st [2]. Late fees [1][2].", 3));
        assertEquals(List.of(1, 3), GroundedPrompt.citedNumbers("See [1, 3].", 3));
        assertEquals(List.of(), GroundedPrompt.citedNumbers("See [4] and [0] and (1).", 3));
    }
}
