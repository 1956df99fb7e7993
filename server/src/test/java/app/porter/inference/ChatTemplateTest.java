package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import app.porter.inference.ChatTemplate.Message;

/**
 * The chat templates of real model families, copied into test resources from the models' published
 * tokenizer_config.json files, rendered the way transformers' apply_chat_template renders them.
 */
class ChatTemplateTest {

    private static final List<Message> CONVERSATION = List.of(
            Message.system("You are Porter."),
            Message.user("When is rent due?"),
            Message.assistant("On the 1st. [1]"),
            Message.user(" And late fees? "));

    @Test
    void chatMlQwen() throws IOException {
        ChatTemplate template = template("qwen2.5", "", "<|im_end|>");
        assertEquals("<|im_start|>system\nYou are Porter.<|im_end|>\n"
                        + "<|im_start|>user\nWhen is rent due?<|im_end|>\n"
                        + "<|im_start|>assistant\nOn the 1st. [1]<|im_end|>\n"
                        + "<|im_start|>user\n And late fees? <|im_end|>\n"
                        + "<|im_start|>assistant\n",
                template.render(CONVERSATION, true));
        // Without a system message Qwen adds its own default one.
        assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant."
                        + "<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n",
                template.render(List.of(Message.user("Hi")), false));
    }

    @Test
    void llama3() throws IOException {
        ChatTemplate template = template("llama3", "<|begin_of_text|>", "<|eot_id|>");
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are Porter.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nWhen is rent due?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nOn the 1st. [1]<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nAnd late fees?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                template.render(CONVERSATION, true));
    }

    @Test
    void phi3() throws IOException {
        ChatTemplate template = template("phi3", "<s>", "<|endoftext|>");
        assertEquals("<|system|>\nYou are Porter.<|end|>\n<|user|>\nWhen is rent due?<|end|>\n"
                        + "<|assistant|>\nOn the 1st. [1]<|end|>\n<|user|>\n And late fees? <|end|>\n<|assistant|>\n",
                template.render(CONVERSATION, true));
        assertEquals("<|user|>\nHi<|end|>\n<|endoftext|>", template.render(List.of(Message.user("Hi")), false));
    }

    @Test
    void gemmaFoldsTheSystemMessageIntoTheFirstUserTurn() throws IOException {
        ChatTemplate template = template("gemma", "<bos>", "<eos>");
        assertEquals("<bos><start_of_turn>user\nYou are Porter.\n\nWhen is rent due?<end_of_turn>\n"
                        + "<start_of_turn>model\nOn the 1st. [1]<end_of_turn>\n"
                        + "<start_of_turn>user\nAnd late fees?<end_of_turn>\n<start_of_turn>model\n",
                template.render(CONVERSATION, true));
    }

    @Test
    void llama2UsesPythonStringMethodsAndSlices() throws IOException {
        ChatTemplate template = template("llama2", "<s>", "</s>");
        assertEquals("<s>[INST] <<SYS>>\nYou are Porter.\n<</SYS>>\n\nWhen is rent due? [/INST] On the 1st. [1] </s>"
                        + "<s>[INST] And late fees? [/INST]",
                template.render(CONVERSATION, true));
    }

    @Test
    void aTemplateThatRaisesIsReported() throws IOException {
        ChatTemplate template = template("gemma", "<bos>", "<eos>");
        ChatTemplate.TemplateException e = assertThrows(ChatTemplate.TemplateException.class,
                () -> template.render(List.of(Message.user("a"), Message.user("b")), true));
        assertTrue(e.getMessage().contains("Conversation roles must alternate"), e.getMessage());
    }

    @Test
    void plainFallbackForModelsWithoutATemplate() {
        ChatTemplate template = ChatTemplate.of(Optional.empty(), "<s>", "</s>");
        assertTrue(template.isPlain());
        assertEquals("<s>You are Porter.\n\nUser: When is rent due?\nAssistant: On the 1st. [1]\n"
                + "User: And late fees?\nAssistant:", template.render(CONVERSATION, true));
    }

    static ChatTemplate template(String family, String bos, String eos) throws IOException {
        return ChatTemplate.of(Optional.of(resource("/chat-templates/" + family + ".jinja")), bos, eos);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ChatTemplateTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
