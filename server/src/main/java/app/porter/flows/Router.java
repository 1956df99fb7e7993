package app.porter.flows;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import app.porter.escalation.Escalations;
import app.porter.escalation.ReplyContacts;
import app.porter.flows.Decision.Kind;
import app.porter.flows.Decision.Reply;
import app.porter.knowledge.Scope;
import app.porter.language.Language;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.tickets.Tickets;

/**
 * Decides what answers each tenant message, with no language model needed, and applies the decision once the
 * message is admitted. A message is analysed once ({@link MessageAnalyzer}), then passed down the stages
 * ({@link Stage}); nothing is written until {@link Pending#apply}, which stores the conversation's new state,
 * alerts staff and opens tickets in one transaction, with whatever the caller stores alongside (the message
 * itself). A message refused for a full queue leaves the conversation exactly as it was.
 *
 * <p>Messages of one conversation are decided one at a time: a decision holds its conversation until it is applied
 * or dropped. Should anything here fail (a flow definition, the store, a key), emergencies are still recognised
 * and answered. Nothing the tenant writes is logged.
 */
public final class Router {

    public static final List<Migration> MIGRATIONS = FlowSessionStore.MIGRATIONS;

    private static final Logger LOG = System.getLogger(Router.class.getName());

    /** One permit per stripe of conversations; a semaphore because admission may hand the turn to another thread. */
    private final Semaphore[] stripes = new Semaphore[64];
    private final MessageAnalyzer analyzer;
    private final FlowSessionStore sessions;
    private final Function<String, PropertySettings> properties;
    private final Stage.Next stages;
    private final Escalations escalations;
    private final Tickets tickets;
    private final ReplyContacts contacts;
    private final Database database;
    private final Clock clock;

    /**
     * @param properties a property's settings by id (cached by the caller if it likes)
     * @param stages the pipeline, in order; the last must always decide
     */
    Router(MessageAnalyzer analyzer, FlowSessionStore sessions, Function<String, PropertySettings> properties,
           List<Stage> stages, Escalations escalations, Tickets tickets, ReplyContacts contacts, Database database,
           Clock clock) {
        this.analyzer = analyzer;
        this.sessions = sessions;
        this.properties = properties;
        this.stages = Stage.chain(stages);
        this.escalations = escalations;
        this.tickets = tickets;
        this.contacts = contacts;
        this.database = database;
        this.clock = clock;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Semaphore(1);
        }
    }

    /**
     * Decides what answers {@code text} in conversation {@code conversationId}; writes nothing. Hold the result
     * open only briefly: the conversation's next message waits for it.
     *
     * @param languageHint the language the conversation was opened in (the browser's), or null
     * @throws RuntimeException when routing failed and the message is no emergency: the caller answers it otherwise
     */
    public Pending decide(String conversationId, Scope scope, Language languageHint, String text) {
        Semaphore stripe = stripes[Math.floorMod(conversationId.hashCode(), stripes.length)];
        stripe.acquireUninterruptibly();
        PropertySettings property = null;
        Message message = null;
        try {
            property = properties.apply(scope.propertyId());
            Instant now = clock.instant();
            FlowSession stored = sessions.find(conversationId).orElseGet(() ->
                    FlowSession.fresh(conversationId, languageHint));
            message = analyzer.analyze(text, inHeatingSeason(property, now),
                    stored.language() != null ? stored.language() : languageHint);
            Language lang = message.detected() != null ? message.detected()
                    : stored.language() != null ? stored.language() : Language.EN;
            Turn turn = new Turn(conversationId, scope, property, stored.withLanguage(lang).withOffer(null),
                    stored.offer(), message, now);
            return new Pending(stripe, conversationId, scope.propertyId(), stages.decide(turn), true);
        } catch (RuntimeException e) {
            // The class and where, never the message: it could quote what the tenant wrote.
            LOG.log(Level.ERROR, "routing failed: " + e.getClass().getName() + " at "
                    + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            try {
                return emergencyOnly(stripe, conversationId, scope, languageHint, text, property, message)
                        .orElseThrow(() -> e);
            } catch (RuntimeException failed) {
                stripe.release();
                throw failed;
            }
        }
    }

    /**
     * The emergency layer alone, for when routing failed: the flow state is neither read nor written, and staff
     * are alerted if that still works. A bare "emergency" counts here even if it was a flow's urgency button.
     */
    private Optional<Pending> emergencyOnly(Semaphore stripe, String conversationId, Scope scope,
                                            Language languageHint, String text, PropertySettings known,
                                            Message analysed) {
        PropertySettings property = known != null ? known : properties.apply(scope.propertyId());
        EmergencyLayer.Detection emergency = analysed != null ? analysed.emergency()
                : analyzer.emergencyOnly(text, inHeatingSeason(property, clock.instant()));
        if (emergency == null) {
            return Optional.empty();
        }
        Language lang = analysed != null && analysed.detected() != null ? analysed.detected()
                : languageHint != null ? languageHint : Language.EN;
        Reply reply = new Reply(analyzer.emergencies().instructions(emergency, lang, property), Kind.EMERGENCY, null,
                lang);
        Decision decision = new Decision(reply, null, List.of(new Decision.Escalate("emergency", emergency.kind())));
        return Optional.of(new Pending(stripe, conversationId, scope.propertyId(), decision, false));
    }

    private static boolean inHeatingSeason(PropertySettings property, Instant now) {
        return property.inHeatingSeason(LocalDate.ofInstant(now, ZoneId.systemDefault()));
    }

    /**
     * A decision not yet applied; it holds its conversation until applied or closed. Close it without applying
     * (a 429) and nothing was written.
     */
    public final class Pending implements AutoCloseable {
        private final Semaphore stripe;
        private final String conversationId;
        private final String propertyId;
        private final Decision decision;
        private final boolean routed;
        private boolean held = true;

        private Pending(Semaphore stripe, String conversationId, String propertyId, Decision decision,
                        boolean routed) {
            this.stripe = stripe;
            this.conversationId = conversationId;
            this.propertyId = propertyId;
            this.decision = decision;
            this.routed = routed;
        }

        public Decision decision() {
            return decision;
        }

        /**
         * Writes the decision: the conversation's new state, staff alerts and tickets, and {@code alongside} (the
         * caller's own rows), in one transaction; then lets the conversation's next message in.
         *
         * @return the outcome as applied (a new ticket's reference filled in)
         */
        public Decision.Outcome apply(Database.Work<?> alongside) {
            if (!held) {
                throw new IllegalStateException("a decision is applied once");
            }
            try {
                String reference = routed ? database.transaction(connection -> {
                    String opened = applyRouted();
                    alongside.apply(connection);
                    return opened;
                }) : applyFallback(alongside);
                return reference == null ? decision.outcome() : withReference(decision.outcome(), reference);
            } finally {
                close();
            }
        }

        private String applyRouted() {
            sessions.save(decision.session());
            String reference = null;
            for (Decision.Effect effect : decision.effects()) {
                switch (effect) {
                    case Decision.Escalate e -> escalations.raise(conversationId, propertyId, e.reason(), e.kind());
                    case Decision.OpenTicket t -> reference = tickets.create(t.ticket()).reference();
                    case Decision.LeaveContact c -> contacts.leave(conversationId, c.contact());
                }
            }
            return reference;
        }

        /** After a routing failure: the caller's rows land; an alert that fails too must not cost the answer. */
        private String applyFallback(Database.Work<?> alongside) {
            database.transaction(alongside);
            for (Decision.Effect effect : decision.effects()) {
                try {
                    if (effect instanceof Decision.Escalate e) {
                        escalations.raise(conversationId, propertyId, e.reason(), e.kind());
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "emergency escalation failed: " + e.getClass().getName());
                }
            }
            return null;
        }

        private static Decision.Outcome withReference(Decision.Outcome outcome, String reference) {
            return outcome instanceof Reply r
                    ? new Reply(r.text().replace(Decision.TICKET_REFERENCE, reference), r.kind(), r.form(), r.language())
                    : outcome;
        }

        @Override
        public void close() {
            if (held) {
                held = false;
                stripe.release();
            }
        }
    }
}
