package app.porter.chat;

import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

import app.porter.http.ApiException;
import app.porter.http.BearerAuth;

/**
 * The tenant's event stream, {@code GET /api/v1/conversations/{id}/events} (server-sent events, the conversation's
 * bearer token): staff replies as they are sent ({@code message}), and who is answering ({@code held} {@code {"by"}},
 * {@code released}), and a ticket of the conversation changing status ({@code ticket} {@code {"reference","status"}},
 * live only). Every event has an {@code id:}; a stream reopened with {@code Last-Event-ID} first replays the
 * staff replies stored after it, then the conversation's state. A comment every few seconds keeps proxies from
 * closing an idle stream; a stream also ends after a while on its own, and EventSource reopens it (replaying), so no
 * request lives forever.
 *
 * <pre>
 * curl -sN localhost:8080/api/v1/conversations/$ID/events -H "Authorization: Bearer $TOKEN"
 * curl -sN localhost:8080/api/v1/conversations/$ID/events -H "Authorization: Bearer $TOKEN" -H 'Last-Event-ID: 7'
 * </pre>
 *
 * <p>EventSource cannot send headers, so the widget passes the token as {@code ?token=}; the token is a capability
 * for this one conversation, and this route is the only one that takes it that way.
 */
public final class TenantEventsHttpService implements HttpService {

    private static final Logger LOG = System.getLogger(TenantEventsHttpService.class.getName());
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    private final Conversations conversations;
    private final Function<String, Optional<String>> heldBy;
    private final Duration heartbeat;
    private final Duration lifetime;

    /**
     * @param heldBy the display name of whoever holds a conversation, by id (the inbox's claim)
     * @param heartbeat how often an idle stream gets a comment
     * @param lifetime how long one stream stays open before the client is asked to reconnect
     */
    public TenantEventsHttpService(Conversations conversations, Function<String, Optional<String>> heldBy,
                                   Duration heartbeat, Duration lifetime) {
        this.conversations = conversations;
        this.heldBy = heldBy;
        this.heartbeat = heartbeat;
        this.lifetime = lifetime;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/events", this::events);
    }

    private void events(ServerRequest req, ServerResponse res) {
        Conversation conversation = authorised(req);
        Integer lastEventId = req.headers().first(LAST_EVENT_ID).map(TenantEventsHttpService::eventId)
                .orElse(null);
        // Subscribed before the replay is read, so a reply sent in between arrives twice rather than not at all;
        // the widget drops a message id it already shows.
        try (ConversationEvents.Subscription subscription = conversations.events().subscribe(conversation.id());
             SseSink sse = res.sink(SseSink.TYPE)) {
            if (lastEventId != null) {
                StaffSide staff = conversations.staffSide();
                for (ConversationEvents.Event missed : staff.staffRepliesAfter(conversation, lastEventId)) {
                    sse.emit(event(missed));
                }
            }
            int now = conversations.staffSide().lastEventId(conversation);
            Optional<String> person = heldBy.apply(conversation.id());
            if (person.isPresent()) {
                sse.emit(event(new ConversationEvents.Event(now, "held", EventJson.held(person.get()))));
            } else if (lastEventId != null) {
                // A reconnect: the conversation may have been handed back while the stream was closed.
                sse.emit(event(new ConversationEvents.Event(now, "released", EventJson.released())));
            } else {
                sse.emit(SseEvent.builder().comment("open").data("").build());
            }
            Instant end = Instant.now().plus(lifetime);
            while (Instant.now().isBefore(end) && !subscription.overflowed()) {
                ConversationEvents.Event next = subscription.next(heartbeat);
                // A comment when idle: it also finds a closed connection (the emit throws), which ends the loop.
                sse.emit(next != null ? event(next) : SseEvent.builder().comment("heartbeat").data("").build());
            }
        } catch (UncheckedIOException e) {
            LOG.log(Level.DEBUG, "event stream closed by the client");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 401 without a token, 404 for an unknown conversation, 403 for another conversation's token. */
    private Conversation authorised(ServerRequest req) {
        String token = BearerAuth.token(req).or(() -> req.query().first("token").asOptional())
                .orElseThrow(() -> ApiException.unauthorized("send Authorization: Bearer <conversation token>"));
        Conversation conversation = conversations.find(req.path().pathParameters().get("id"))
                .orElseThrow(() -> ApiException.notFound("no such conversation"));
        if (!conversations.authorizes(conversation, token)) {
            throw ApiException.forbidden("this token is not for this conversation");
        }
        return conversation;
    }

    private static int eventId(String header) {
        try {
            return Math.max(0, Integer.parseInt(header.strip()));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Last-Event-ID must be an event id from this stream");
        }
    }

    private static SseEvent event(ConversationEvents.Event e) {
        return SseEvent.builder().id(Integer.toString(e.id())).name(e.name()).data(e.data().toString()).build();
    }
}
