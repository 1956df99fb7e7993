package app.porter.inference;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;

/**
 * Renders a conversation into the exact text a chat model was trained on, using the model's own Jinja
 * {@code chat_template} from {@code tokenizer_config.json} (rendered with jinjava, configured like Hugging Face's
 * environment: {@code trim_blocks}, {@code lstrip_blocks}, {@code raise_exception}, {@code strftime_now}).
 *
 * <p><b>Plain fallback.</b> A model without a template (a base model) gets this documented plain layout, which
 * base models continue sensibly:
 * <pre>
 * {bos_token}{system text}
 *
 * User: {user text}
 * Assistant: {assistant text}
 * User: {user text}
 * Assistant:
 * </pre>
 *
 * <p><b>System messages.</b> Some templates (Gemma, Mistral) refuse a system role with {@code raise_exception}.
 * Then the system text is folded into the first user message, as those models' own documentation advises.
 */
public final class ChatTemplate {

    /** One message of a conversation as the template sees it: role {@code system}, {@code user} or {@code assistant}. */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }

        public static Message system(String content) {
            return new Message("system", content);
        }

        public static Message user(String content) {
            return new Message("user", content);
        }

        public static Message assistant(String content) {
            return new Message("assistant", content);
        }
    }

    /** The template itself failed: a {@code raise_exception} call or a syntax error. */
    public static final class TemplateException extends RuntimeException {
        public TemplateException(String message) {
            super(message);
        }
    }

    private final String template; // null: the plain fallback
    private final String bosToken;
    private final String eosToken;
    private final Jinjava jinjava;

    private ChatTemplate(String template, String bosToken, String eosToken) {
        this.template = template;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.jinjava = template == null ? null : newJinjava();
    }

    /** The model's template, or the plain fallback when it has none. */
    public static ChatTemplate of(Optional<String> template, String bosToken, String eosToken) {
        return new ChatTemplate(template.orElse(null), bosToken, eosToken);
    }

    /** True when the model has no template and the plain layout is used. */
    public boolean isPlain() {
        return template == null;
    }

    /**
     * The prompt text for {@code messages}; with {@code addGenerationPrompt} it ends where the assistant's reply
     * begins. Tokenize it without adding special tokens: the template wrote them.
     */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        if (template == null) {
            return plain(messages, addGenerationPrompt);
        }
        try {
            return renderJinja(messages, addGenerationPrompt);
        } catch (TemplateException e) {
            if (!messages.isEmpty() && messages.getFirst().role().equals("system")) {
                return renderJinja(foldSystem(messages), addGenerationPrompt);
            }
            throw e;
        }
    }

    private String renderJinja(List<Message> messages, boolean addGenerationPrompt) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            list.add(map);
        }
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("messages", list);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        bindings.put("bos_token", bosToken);
        bindings.put("eos_token", eosToken);
        RenderResult result = jinjava.renderForResult(template, bindings);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
                    if (cause instanceof TemplateException raised) {
                        throw raised; // the template's own raise_exception: its words say what is wrong
                    }
                }
                throw new TemplateException("the chat template failed: " + error.getMessage());
            }
        }
        return result.getOutput();
    }

    /** Gemma and friends: no system role, so the system text opens the first user message. */
    private static List<Message> foldSystem(List<Message> messages) {
        String system = messages.getFirst().content();
        List<Message> rest = new ArrayList<>(messages.subList(1, messages.size()));
        if (!rest.isEmpty() && rest.getFirst().role().equals("user")) {
            rest.set(0, Message.user(system + "\n\n" + rest.getFirst().content()));
        } else {
            rest.addFirst(Message.user(system));
        }
        return rest;
    }

    private String plain(List<Message> messages, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder(bosToken);
        for (Message m : messages) {
            switch (m.role()) {
                case "system" -> out.append(m.content().strip()).append("\n\n");
                case "assistant" -> out.append("Assistant: ").append(m.content().strip()).append('\n');
                default -> out.append("User: ").append(m.content().strip()).append('\n');
            }
        }
        if (addGenerationPrompt) {
            out.append("Assistant:");
        }
        return out.toString();
    }

    private static Jinjava newJinjava() {
        Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withTrimBlocks(true)   // as transformers' ImmutableSandboxedEnvironment(trim_blocks=True,
                .withLstripBlocks(true) // lstrip_blocks=True)
                .withFailOnUnknownTokens(false)
                .withMaxOutputSize(1_000_000)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true) // {{- x -}} trims as in Jinja2
                        .withParseWhitespaceControlStrictly(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                ChatTemplate.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now",
                ChatTemplate.class, "strftimeNow", String.class));
        return jinjava;
    }

    /** {@code raise_exception(message)} in a template: the conversation breaks one of the model's rules. */
    public static String raiseException(String message) {
        throw new TemplateException(message);
    }

    /** {@code strftime_now(format)}: Llama 3.1+ templates print today's date with it. */
    public static String strftimeNow(String format) {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern(strftimeToJava(format), Locale.ROOT));
    }

    private static String strftimeToJava(String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%' && i + 1 < format.length()) {
                char f = format.charAt(++i);
                out.append(switch (f) {
                    case 'd' -> "dd";
                    case 'm' -> "MM";
                    case 'Y' -> "yyyy";
                    case 'y' -> "yy";
                    case 'b' -> "MMM";
                    case 'B' -> "MMMM";
                    case 'H' -> "HH";
                    case 'M' -> "mm";
                    case 'S' -> "ss";
                    case 'A' -> "EEEE";
                    case 'a' -> "EEE";
                    default -> "'%" + f + "'";
                });
            } else if (Character.isLetter(c)) {
                out.append('\'').append(c).append('\'');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
