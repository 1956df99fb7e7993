package app.porter.chat;

import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import app.porter.http.ApiException;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.http.LoadLimit;
import app.porter.language.Language;
import app.porter.portfolio.Portfolio;

/**
 * The tenant conversation API, {@code /api/v1/conversations}.
 *
 * <pre>
 * curl -s -XPOST localhost:8080/api/v1/conversations -H 'Content-Type: application/json' -d '{"consent":true}'
 * curl -s -XPOST localhost:8080/api/v1/conversations -H 'Content-Type: application/json' \
 *      -d '{"consent":true,"propertyId":"harbor-view","unitId":"4B"}'
 * curl -s -XPOST localhost:8080/api/v1/conversations/$ID/messages -H "Authorization: Bearer $TOKEN" \
 *      -H 'Content-Type: application/json' -H 'Accept: text/event-stream' -d '{"text":"When is rent due?"}'
 * curl -s localhost:8080/api/v1/conversations/$ID/messages -H "Authorization: Bearer $TOKEN"
 * </pre>
 *
 * <p>When a language model answers and its queue is full, posting a message gets 429 with {@code Retry-After};
 * while a reply waits for the model, the event stream carries {@code queue} events {@code {"position": n}}.
 */
public final class ChatHttpService implements HttpService {

    /** Longest message a tenant may send, in characters (the widget enforces the same). */
    public static final int MAX_MESSAGE_CHARS = 4000;
    private static final Logger LOG = System.getLogger(ChatHttpService.class.getName());

    private final Conversations conversations;
    private final Portfolio portfolio;
    private final String defaultPropertyId;
    private final int maxBodyBytes;
    private final LoadLimit limit;
    private final Counter started;
    private final Counter busy;

    /**
     * @param maxBodyBytes request bodies larger than this are refused with 413
     */
    public ChatHttpService(Conversations conversations, Portfolio portfolio, String defaultPropertyId,
                           int maxBodyBytes) {
        this(conversations, portfolio, defaultPropertyId, maxBodyBytes, new LoadLimit(LoadLimit.Settings.OFF));
    }

    /**
     * @param limit the tenant socket's bound on work in flight: a message beyond it is refused with 429 unless it
     *              is an emergency
     */
    public ChatHttpService(Conversations conversations, Portfolio portfolio, String defaultPropertyId,
                           int maxBodyBytes, LoadLimit limit) {
        this.conversations = conversations;
        this.limit = limit;
        this.portfolio = portfolio;
        this.defaultPropertyId = defaultPropertyId;
        this.maxBodyBytes = maxBodyBytes;
        this.started = Metrics.globalRegistry().getOrCreate(Counter.builder("porter.conversations.started")
                .description("Conversations started by tenants"));
        this.busy = Metrics.globalRegistry().getOrCreate(Counter.builder("porter.replies.refused.busy")
                .description("Messages refused with 429 because the answer queue or the tenant socket was full"));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::start)
                .post("/{id}/messages", this::postMessage)
                .get("/{id}/messages", this::history);
    }

    private void start(ServerRequest req, ServerResponse res) {
        JsonObject body = JsonRequests.readObject(req, maxBodyBytes);
        if (!body.getBoolean("consent", false)) {
            throw ApiException.badRequest("the tenant must consent to the privacy notice (\"consent\": true)");
        }
        String propertyId = JsonRequests.optionalString(body, "propertyId").orElse(defaultPropertyId);
        if (portfolio.find(propertyId).isEmpty()) {
            throw ApiException.notFound("unknown property " + propertyId.replaceAll("[^A-Za-z0-9-]", "?"));
        }
        // The unit bounds what the knowledge base may show this tenant (their own lease, their own repairs).
        String unitId = JsonRequests.optionalString(body, "unitId").map(String::strip).orElse(null);
        if (unitId != null && portfolio.findUnit(propertyId, unitId).isEmpty()) {
            throw ApiException.notFound("unknown unit " + unitId.replaceAll("[^A-Za-z0-9-]", "?")
                    + " at this property");
        }
        // Any BCP 47 tag is accepted (the widget sends the browser's); one Porter does not speak means no preference.
        Language language = JsonRequests.optionalString(body, "language").map(ChatHttpService::languageTag)
                .flatMap(Language::fromTag).orElse(null);
        // The widget sends the notice version it showed; a notice published meanwhile must be shown first.
        Integer notice = conversations.currentNoticeVersion();
        JsonValue shown = body.get("noticeVersion");
        if (shown != null && shown.getValueType() != JsonValue.ValueType.NULL) {
            if (shown.getValueType() != JsonValue.ValueType.NUMBER) {
                throw ApiException.badRequest("\"noticeVersion\" must be a number");
            }
            if (notice != null && ((JsonNumber) shown).intValue() != notice) {
                throw new ApiException(409, "notice_changed", "the privacy notice has changed (now version " + notice
                        + "): show it again and ask for consent");
            }
        }
        Conversations.Started conversation = conversations.start(propertyId, unitId, language, notice);
        started.increment();
        JsonResponses.send(res, 201, Json.createObjectBuilder()
                .add("conversationId", conversation.conversation().id())
                .add("token", conversation.token())
                .build());
    }

    private void postMessage(ServerRequest req, ServerResponse res) {
        Conversation conversation = authorised(req);
        JsonObject body = JsonRequests.readObject(req, maxBodyBytes);
        String text = JsonRequests.requiredString(body, "text").strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest("\"text\" must not be empty");
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw ApiException.payloadTooLarge("a message may be at most " + MAX_MESSAGE_CHARS + " characters");
        }
        // A place on the tenant socket before any routing (the analysis embeds the message, the work that a crowd
        // of tenants makes slow for everyone). Without one the tenant hears 429 now, and nothing is stored; an
        // emergency, recognised by the emergency layer's rules alone, is answered anyway.
        Optional<LoadLimit.Permit> place = limit.tryEnter();
        if (place.isEmpty() && !conversations.isEmergency(conversation, text)) {
            busy.increment();
            limit.refuse(res);
            return;
        }
        try (LoadLimit.Permit held = place.orElse(() -> { })) {
            answer(req, res, conversation, text, held);
        }
    }

    /** @param place the message's place on the tenant socket, given back early when the model takes over */
    private void answer(ServerRequest req, ServerResponse res, Conversation conversation, String text,
                        LoadLimit.Permit place) {
        // Routed, and a place in the answer queue taken when the answer needs the model: when the appliance is full
        // the tenant hears so now (429), before their message is stored or a stream is opened, and nothing changes.
        // Emergencies, flow steps and "I don't know" never wait for the model.
        Conversations.Accepted accepted;
        try {
            accepted = conversations.accept(conversation, text);
        } catch (Answerer.BusyException e) {
            busy.increment();
            res.header(HeaderNames.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
            JsonResponses.error(res, 429, "too_many_requests", "Porter is answering many tenants right now;"
                    + " please try again in " + e.retryAfterSeconds() + " seconds");
            return;
        }
        // A reply from the model is bounded by the model's own queue (above: 429 when it is full), and waiting in it
        // costs the cores nothing: holding a place on the socket meanwhile would let two streams waiting for the
        // model refuse every other tenant.
        if (accepted.waitsForModel()) {
            place.close();
        }
        try (accepted) {
            if (wantsEventStream(req)) {
                streamReply(accepted, res);
            } else {
                jsonReply(accepted, res);
            }
        }
    }

    private void jsonReply(Conversations.Accepted accepted, ServerResponse res) {
        Conversations.Reply reply = conversations.reply(accepted, TokenSink.NONE);
        countReply(reply.answer());
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("messageId", reply.messageId())
                .add("reply", reply.answer().text())
                .add("mode", reply.answer().mode().id())
                .add("citations", citations(reply.answer().citations()));
        // Flows: the step waiting for an answer, and the tenant's language for the widget.
        if (reply.answer().form() != null) {
            json.add("form", form(reply.answer().form()));
        }
        if (reply.language() != null) {
            json.add("language", reply.language().tag());
        }
        JsonResponses.send(res, 200, json.build());
    }

    private void streamReply(Conversations.Accepted accepted, ServerResponse res) {
        try (SseSink sse = res.sink(SseSink.TYPE)) {
            Conversations.Reply reply = conversations.reply(accepted, new TokenSink() {
                @Override
                public void token(String piece) {
                    sse.emit(event("token", Json.createObjectBuilder().add("text", piece).build()));
                }

                @Override
                public void queued(int position) {
                    sse.emit(event("queue", Json.createObjectBuilder().add("position", position).build()));
                }

                @Override
                public void heartbeat() {
                    // A comment block (empty data: EventSource and the widget dispatch nothing for it).
                    sse.emit(SseEvent.builder().comment("working").data("").build());
                }
            });
            for (Citation citation : reply.answer().citations()) {
                sse.emit(event("citation", citation(citation).build()));
            }
            // Flows: a hand-over to staff, then the step waiting for an answer.
            if (reply.answer().mode() == AnswerMode.EMERGENCY || reply.answer().mode() == AnswerMode.ESCALATED) {
                sse.emit(event("escalated", Json.createObjectBuilder()
                        .add("reason", reply.answer().mode() == AnswerMode.EMERGENCY ? "emergency" : "staff")
                        .build()));
            }
            if (reply.answer().form() != null) {
                sse.emit(event("form", form(reply.answer().form()).build()));
            }
            JsonObjectBuilder done = Json.createObjectBuilder()
                    .add("messageId", reply.messageId())
                    .add("mode", reply.answer().mode().id())
                    .add("citations", citations(reply.answer().citations()));
            if (reply.language() != null) {
                done.add("language", reply.language().tag());
            }
            sse.emit(event("done", done.build()));
            countReply(reply.answer());
        } catch (UncheckedIOException e) {
            // The tenant closed the stream; their message is stored, the reply was abandoned.
            LOG.log(Level.DEBUG, "event stream closed by the client");
        }
    }

    private void history(ServerRequest req, ServerResponse res) {
        Conversation conversation = authorised(req);
        JsonArrayBuilder messages = Json.createArrayBuilder();
        for (ChatMessage message : conversations.history(conversation)) {
            JsonObjectBuilder m = Json.createObjectBuilder()
                    .add("messageId", message.id())
                    .add("role", message.role())
                    .add("text", message.text())
                    .add("citations", citations(message.citations()))
                    .add("createdAt", message.createdAt().toString());
            if (message.mode() != null) {
                m.add("mode", message.mode().id());
            }
            // A staff reply: the name the person signs with, shown above it in the widget.
            if (message.author() != null) {
                m.add("author", message.author());
            }
            messages.add(m);
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("messages", messages).build());
    }

    private Conversation authorised(ServerRequest req) {
        return TenantAuth.conversation(req, conversations);
    }

    private static boolean wantsEventStream(ServerRequest req) {
        return req.headers().acceptedTypes().stream()
                .anyMatch(t -> t.mediaType().equals(MediaTypes.TEXT_EVENT_STREAM));
    }

    private static void countReply(Answer answer) {
        // Labels are the mode only: never anything derived from what the tenant wrote.
        Metrics.globalRegistry().getOrCreate(Counter.builder("porter.replies")
                .description("Replies sent to tenants, by the mode that produced them")
                .tags(List.of(Tag.create("mode", answer.mode().id())))).increment();
    }

    private static SseEvent event(String name, JsonObject data) {
        return SseEvent.builder().name(name).data(data.toString()).build();
    }

    private static JsonArrayBuilder citations(List<Citation> citations) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        citations.forEach(c -> array.add(citation(c)));
        return array;
    }

    private static JsonObjectBuilder citation(Citation c) {
        return Json.createObjectBuilder().add("sourceId", c.sourceId()).add("title", c.title())
                .add("snippet", c.snippet()).add("document", c.document());
    }

    /** The contract's {@code form}: {@code {"prompt","options":[{"value","label"}],"input","allowText"}}. */
    public static JsonObjectBuilder form(app.porter.flows.Form form) {
        JsonArrayBuilder options = Json.createArrayBuilder();
        form.options().forEach(o -> options.add(Json.createObjectBuilder().add("value", o.value()).add("label", o.label())));
        return Json.createObjectBuilder()
                .add("prompt", form.prompt())
                .add("options", options)
                .add("input", form.input())
                .add("allowText", form.allowText());
    }

    private static String languageTag(String value) {
        String tag = Locale.forLanguageTag(value.strip()).toLanguageTag();
        if (tag.equals("und") || tag.length() > 35) {
            throw ApiException.badRequest("\"language\" must be a BCP 47 language tag such as \"en\" or \"es-MX\"");
        }
        return tag;
    }
}
