package app.porter.flows;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import app.porter.audit.AuditLog;
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
    private final Texts texts;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * @param properties a property's settings by id (cached by the caller if it likes)
     * @param stages the pipeline, in order; the last must always decide
     */
    Router(MessageAnalyzer analyzer, FlowSessionStore sessions, Function<String, PropertySettings> properties,
           List<Stage> stages, Escalations escalations, Tickets tickets, ReplyContacts contacts, Database database,
           Texts texts, AuditLog audit, Clock clock) {
        this.analyzer = analyzer;
        this.sessions = sessions;
        this.properties = properties;
        this.stages = Stage.chain(stages);
        this.escalations = escalations;
        this.tickets = tickets;
        this.contacts = contacts;
        this.database = database;
        this.texts = texts;
        this.audit = audit;
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
            // The conversation's language so far tells the analysis how to read a short or ambiguous message.
            message = analyzer.analyze(text, inHeatingSeason(property, now),
                    stored.language() != null ? stored.language() : languageHint);
            return new Pending(stripe, conversationId, scope.propertyId(), message,
                    stages.decide(turn(scope, property, stored, message, now)), true);
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
     * Offers a person outside a message (the tenant rated an answer down): the conversation's next "yes" brings one
     * in through the inbox, exactly as after "I don't know". Waits while a message of the conversation is decided.
     *
     * @param languageHint the language the conversation was opened in, or null
     * @return the offer's buttons, in the conversation's language
     */
    public Form offerPerson(String conversationId, Language languageHint) {
        Semaphore stripe = stripes[Math.floorMod(conversationId.hashCode(), stripes.length)];
        stripe.acquireUninterruptibly();
        try {
            FlowSession stored = sessions.find(conversationId).orElseGet(() ->
                    FlowSession.fresh(conversationId, languageHint));
            Language lang = stored.language() != null ? stored.language() : Language.EN;
            database.transaction(connection -> {
                sessions.save(stored.withLanguage(lang).withOffer(Offer.PERSON));
                return null;
            });
            return PersonOffer.form(texts, lang);
        } finally {
            stripe.release();
        }
    }

    /**
     * What the stages would decide for {@code text} in a conversation that exists only in the caller's hands (an
     * acceptance suite's rehearsal): {@code session} is its state so far (null: a fresh one), and nothing is read
     * from or written to the store, nothing is escalated and no ticket is opened. The decision's session is the
     * state to pass with the next message; its effects say what would have happened.
     */
    public Decision rehearse(String conversationId, Scope scope, Language languageHint, FlowSession session,
                             String text) {
        PropertySettings property = properties.apply(scope.propertyId());
        Instant now = clock.instant();
        FlowSession state = session != null ? session : FlowSession.fresh(conversationId, languageHint);
        Message message = analyzer.analyze(text, inHeatingSeason(property, now),
                state.language() != null ? state.language() : languageHint);
        return stages.decide(turn(scope, property, state, message, now));
    }

    /** The turn the stages see: the stored state in the language this message is in, its last offer apart. */
    private static Turn turn(Scope scope, PropertySettings property, FlowSession stored, Message message,
                             Instant now) {
        Language lang = message.detected() != null ? message.detected()
                : stored.language() != null ? stored.language() : Language.EN;
        return new Turn(stored.conversationId(), scope, property, stored.withLanguage(lang).withOffer(null),
                stored.offer(), message, now);
    }

    /**
     * Whether {@code text} is an emergency by the emergency layer's rules alone (no model, no store, no lock): for
     * a message that a full appliance would otherwise refuse, since an emergency is never refused.
     */
    public boolean isEmergency(Scope scope, String text) {
        PropertySettings property = properties.apply(scope.propertyId());
        return analyzer.emergencyOnly(text, inHeatingSeason(property, clock.instant())) != null;
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
        return Optional.of(new Pending(stripe, conversationId, scope.propertyId(), analysed, decision, false));
    }

    private static boolean inHeatingSeason(PropertySettings property, Instant now) {
        return property.inHeatingSeason(LocalDate.ofInstant(now, property.timeZone()));
    }

    /**
     * A decision not yet applied; it holds its conversation until applied or closed. Close it without applying
     * (a 429) and nothing was written.
     */
    public final class Pending implements AutoCloseable {
        private final Semaphore stripe;
        private final String conversationId;
        private final String propertyId;
        private final Message message;
        private final Decision decision;
        private final boolean routed;
        private boolean held = true;

        private Pending(Semaphore stripe, String conversationId, String propertyId, Message message,
                        Decision decision, boolean routed) {
            this.stripe = stripe;
            this.conversationId = conversationId;
            this.propertyId = propertyId;
            this.message = message;
            this.decision = decision;
            this.routed = routed;
        }

        public Decision decision() {
            return decision;
        }

        /** The message as analysed (its embedding among the rest), or null when routing failed before that. */
        public Message message() {
            return message;
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
                    String opened = applyRouted(connection);
                    alongside.apply(connection);
                    return opened;
                }) : applyFallback(alongside);
                return reference == null ? decision.outcome() : withReference(decision.outcome(), reference);
            } finally {
                close();
            }
        }

        private String applyRouted(Connection connection) throws SQLException {
            sessions.save(decision.session());
            String reference = null;
            for (Decision.Effect effect : decision.effects()) {
                switch (effect) {
                    case Decision.Escalate e -> escalations.raise(conversationId, propertyId, e.reason(), e.kind());
                    case Decision.OpenTicket t -> reference = tickets.create(t.ticket()).reference();
                    case Decision.LeaveContact c -> contacts.leave(conversationId, c.contact());
                    case Decision.Audited a -> audit.append(connection, "porter", a.action(),
                            "conversation/" + conversationId, a.detail());
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
