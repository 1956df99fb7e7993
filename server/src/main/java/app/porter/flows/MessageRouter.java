package app.porter.flows;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.porter.escalation.EscalationService;
import app.porter.flows.FlowDefinition.SlotType;
import app.porter.flows.FlowDefinition.Step;
import app.porter.crypto.KeyRing;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.tickets.NewTicket;
import app.porter.tickets.Ticket;
import app.porter.tickets.TicketService;

/**
 * Decides what answers each tenant message, with no language model needed, in this order:
 * <ol>
 *   <li>the emergency layer, on every message, even in the middle of a flow;</li>
 *   <li>the flow in progress: a valid answer moves it on, a side question is answered and the flow offered again,
 *       anything else is re-asked with help; "cancel" leaves it; one left idle is offered again or expires;</li>
 *   <li>what Porter last offered ("Would you like a person?" → "yes");</li>
 *   <li>intents: a person, a ticket's status, a maintenance problem (starts the maintenance flow), small talk;</li>
 *   <li>everything else goes to the knowledge base ({@link Knowledge}), answered by the caller's answerer.</li>
 * </ol>
 * Nothing the tenant writes is logged; flow answers are stored encrypted.
 */
public final class MessageRouter {

    public static final List<Migration> MIGRATIONS = FlowSessionStore.MIGRATIONS;

    /** The conversation a message belongs to. {@code languageHint} is what the widget sent (browser language). */
    public record Turn(String conversationId, String propertyId, String propertyName, String languageHint) {
    }

    /** What answers a message. */
    public sealed interface Routed permits Reply, Knowledge {
        Lang language();
    }

    /** How a {@link Reply} came about; maps onto the HTTP contract's {@code mode}. */
    public enum Kind { FLOW, EMERGENCY, ESCALATED }

    /** Porter answers itself: a flow step, safety instructions, a hand-over. {@code form} may be null. */
    public record Reply(String text, Kind kind, Form form, Lang language) implements Routed {
    }

    /**
     * The knowledge base should answer. {@code followUp} and {@code form}, when not null, come after the answer
     * (the flow the tenant stepped out of, offered again).
     */
    public record Knowledge(Lang language, String followUp, Form form) implements Routed {
    }

    /**
     * Timing of abandoned flows.
     *
     * @param idleAfter a flow untouched this long is offered again ("continue?") instead of assumed
     * @param expireAfter a flow untouched this long is dropped
     */
    public record Timeouts(Duration idleAfter, Duration expireAfter) {
        public Timeouts {
            if (idleAfter.isNegative() || expireAfter.compareTo(idleAfter) < 0) {
                throw new IllegalArgumentException("flows: expire-after must be at least idle-after");
            }
        }
    }

    private static final int STILL_STUCK_AFTER = 2;
    private static final String CHANGE_STEP = "_change";
    private static final Pattern QUESTION = Pattern.compile("[?？؟]\\s*$|^\\W*(what|when|where|who|why|how|which|is|are"
            + "|can|could|do|does|may|qu[eé]|cu[aá]ndo|d[oó]nde|c[oó]mo|cu[aá]l|puedo|o[uù]|quand|comment|quel\\w*|est-ce"
            + "|puis-je|có được|khi nào|ở đâu|tại sao|thế nào|ما|متى|أين|كيف|هل|لماذا)\\b|(吗|什么|怎么|哪里|几点|多少)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    private static final Logger LOG = System.getLogger(MessageRouter.class.getName());

    /** Words that make a question about the tenant's own home ("is my heater supposed to click?"). */
    private static final Pattern OWN = Pattern.compile(
            "\\b(my|our|mine|i have|i've|we have|mi|mis|tengo|mon|ma|mes|j.ai|của tôi|nhà tôi)\\b"
                    + "|(我|我的|我家|عندي|لدي|شقتي)", Pattern.UNICODE_CHARACTER_CLASS);

    /** One lock per stripe of conversations: a conversation's messages are routed one at a time. */
    private final Object[] locks = new Object[64];
    private final FlowSessionStore sessions;
    private final EmergencyLayer emergencies;
    private final IntentClassifier intents;
    private final LanguageDetector languages;
    private final FlowLibrary flows;
    private final Texts texts;
    private final Slots slots;
    private final EscalationService escalations;
    private final TicketService tickets;
    private final Function<String, PropertySettings> properties;
    private final Timeouts timeouts;
    private final Lang firmLanguage;
    private final Clock clock;

    /**
     * @param properties a property's settings by id (cached by the caller if it likes)
     * @param firmLanguage the language ticket summaries for staff are written in
     */
    public MessageRouter(Database database, KeyRing keys, EmergencyLayer emergencies, IntentClassifier intents,
                         LanguageDetector languages, FlowLibrary flows, Texts texts, EscalationService escalations,
                         TicketService tickets, Function<String, PropertySettings> properties, Timeouts timeouts,
                         Lang firmLanguage, Clock clock) {
        this.sessions = new FlowSessionStore(database, keys, clock);
        this.emergencies = emergencies;
        this.intents = intents;
        this.languages = languages;
        this.flows = flows;
        this.texts = texts;
        this.slots = new Slots(texts);
        this.escalations = escalations;
        this.tickets = tickets;
        this.properties = properties;
        this.timeouts = timeouts;
        this.firmLanguage = firmLanguage;
        this.clock = clock;
        Arrays.setAll(locks, i -> new Object());
    }

    /**
     * Routes one tenant message; the conversation's flow state is saved before this returns. Messages of one
     * conversation are routed one at a time (each reads, changes and saves its flow state). Should anything here
     * fail (a flow definition, the store, a key), emergencies are still recognised and answered.
     */
    public Routed route(Turn turn, String message) {
        synchronized (lockFor(turn.conversationId())) {
            try {
                return routeInOrder(turn, message);
            } catch (RuntimeException e) {
                // The class and where, never the message: it could quote what the tenant wrote.
                LOG.log(Level.ERROR, "routing failed: " + e.getClass().getName() + " at "
                        + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
                return emergencyOnly(turn, message).orElseThrow(() -> e);
            }
        }
    }

    private Routed routeInOrder(Turn turn, String message) {
        FlowSession session = sessions.find(turn.conversationId())
                .orElseGet(() -> FlowSession.fresh(turn.conversationId(), Lang.fromTag(turn.languageHint()).orElse(null)));
        Lang lang = languages.detect(message).orElse(session.language() != null ? session.language() : Lang.EN);
        session = session.withLanguage(lang);
        PropertySettings property = properties.apply(turn.propertyId());
        Map<String, String> values = property.placeholders();

        // 1. Emergencies, first on every message, whatever else is going on.
        FlowSession current = session;
        Optional<EmergencyLayer.Detection> emergency = emergencies.detect(message, inHeatingSeason(property))
                .filter(d -> !isButtonAnswer(turn, current, d, message, property));
        if (emergency.isPresent()) {
            escalations.raise(turn.conversationId(), turn.propertyId(), "emergency", emergency.get().kind());
            sessions.save(session.withEmergency(emergency.get().kind()).withOffer(null));
            return new Reply(emergencies.instructions(emergency.get(), lang, property), Kind.EMERGENCY, null, lang);
        }

        String offer = session.offer();
        session = session.withOffer(null);
        String notice = null;
        if (offer != null && offer.startsWith("status-")) {
            Optional<Routed> status = continueStatus(turn, session, property, lang, message, offer);
            if (status.isPresent()) {
                return status.get();
            }
        }

        // 2. The flow in progress.
        if (session.inFlow()) {
            FlowDefinition flow = flows.get(turn.propertyId(), session.flowId());
            Map<String, String> flowValues = withFlow(values, flow, lang);
            Duration idle = Duration.between(session.flowUpdatedAt(), clock.instant());
            if (idle.compareTo(timeouts.expireAfter()) > 0) {
                notice = texts.in("expired", lang, flowValues);
                session = session.withoutFlow();
            } else if (texts.is("cancel", message)) {
                sessions.save(session.withoutFlow());
                return reply(texts.in("cancelled", lang, flowValues), null, lang);
            } else if ("resume".equals(offer) && (texts.is("continue", message) || texts.is("yes", message))) {
                return ask(session.atStep(flow.id(), session.step(), session.returnTo(), 0, session.slots(),
                        clock.instant()), flow, property, lang, null);
            } else if ("resume".equals(offer) && (texts.is("restart", message) || texts.is("no", message))) {
                sessions.save(session.withoutFlow());
                return reply(texts.in("resume-discarded", lang, flowValues), null, lang);
            } else {
                Optional<Routed> answered = continueFlow(turn, session, flow, property, lang, message,
                        idle.compareTo(timeouts.idleAfter()) > 0);
                if (answered.isPresent()) {
                    return answered.get();
                }
                // Not an answer: handled below as a message of its own, then the flow is offered again.
                return aside(turn, session, flow, property, lang, message, idle.compareTo(timeouts.idleAfter()) > 0);
            }
        }

        // 3. What Porter offered last time.
        if ("person".equals(offer)) {
            if (texts.is("yes", message) || message.strip().equals("person")) {
                return escalateToPerson(turn, session, values, lang);
            }
            if (texts.is("no", message) || message.strip().equals("no-thanks")) {
                sessions.save(session);
                return reply(texts.in("no-person", lang, values), null, lang);
            }
        }

        // 4. Intents, 5. the knowledge base.
        Routed routed = byIntent(turn, session, property, lang, message);
        return notice == null ? routed : prefixed(notice, routed);
    }

    /**
     * A bare "emergency" is the general emergency, unless it is the urgency button of the flow in progress, whose
     * own branch hands over to on-call staff with what the tenant already told.
     */
    private boolean isButtonAnswer(Turn turn, FlowSession session, EmergencyLayer.Detection detection, String message,
                                   PropertySettings property) {
        if (!detection.kind().equals("general") || !session.inFlow() || CHANGE_STEP.equals(session.step())) {
            return false;
        }
        FlowDefinition flow = flows.get(turn.propertyId(), session.flowId());
        return slots.read(flow, flow.step(session.step()), message, property.phoneRegion())
                .filter(v -> !v.startsWith(Slots.TYPED)).isPresent();
    }

    /**
     * The emergency layer alone, for when routing failed: no flow state is read or written, and staff are alerted
     * if that still works. A bare "emergency" counts here even if it was a flow's urgency button.
     */
    private Optional<Routed> emergencyOnly(Turn turn, String message) {
        PropertySettings property = properties.apply(turn.propertyId());
        Optional<EmergencyLayer.Detection> emergency = emergencies.detect(message, inHeatingSeason(property));
        if (emergency.isEmpty()) {
            return Optional.empty();
        }
        Lang lang = languages.detect(message).or(() -> Lang.fromTag(turn.languageHint())).orElse(Lang.EN);
        try {
            escalations.raise(turn.conversationId(), turn.propertyId(), "emergency", emergency.get().kind());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "emergency escalation failed: " + e.getClass().getName());
        }
        return Optional.of(new Reply(emergencies.instructions(emergency.get(), lang, property), Kind.EMERGENCY, null,
                lang));
    }

    private boolean inHeatingSeason(PropertySettings property) {
        return property.inHeatingSeason(LocalDate.ofInstant(clock.instant(), ZoneId.systemDefault()));
    }

    private Object lockFor(String conversationId) {
        return locks[Math.floorMod(conversationId.hashCode(), locks.length)];
    }

    /**
     * After the knowledge base answered outside any flow: when it found nothing, offer a person as buttons and
     * remember the offer, so a bare "yes" brings one in.
     */
    public Optional<Form> afterKnowledge(Turn turn, boolean found, Lang lang) {
        if (found) {
            return Optional.empty();
        }
        synchronized (lockFor(turn.conversationId())) {
            FlowSession session = sessions.find(turn.conversationId()).orElseGet(() -> FlowSession.fresh(
                    turn.conversationId(), lang));
            if (session.inFlow()) {
                return Optional.empty(); // a message routed meanwhile started a flow
            }
            sessions.save(session.withOffer("person"));
        }
        return Optional.of(new Form(texts.in("offer-person", lang, Map.of()), List.of(
                new Form.Option("person", texts.get("option.person").in(lang)),
                new Form.Option("no-thanks", texts.get("option.no-thanks").in(lang))), "choice", false));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Intents

    private Routed byIntent(Turn turn, FlowSession session, PropertySettings property, Lang lang, String message) {
        Map<String, String> values = property.placeholders();
        if (mentionsReference(message, property)) {
            return statusLookup(turn, session, property, lang, message);
        }
        String intent = intents.classify(message).orElse("knowledge");
        switch (intent) {
            case "human":
                return escalateToPerson(turn, session, values, lang);
            case "status":
                return statusLookup(turn, session, property, lang, message);
            case "maintenance":
                if (!isGeneralQuestion(message)) {
                    return startFlow(turn, session, FlowLibrary.MAINTENANCE, property, lang, message);
                }
                break;
            case "greeting":
            case "thanks":
            case "goodbye":
                sessions.save(session);
                return reply(texts.in(intent, lang, values), null, lang);
            default:
                break;
        }
        sessions.save(session);
        return new Knowledge(lang, null, null);
    }

    /** "How do I report a broken washer?" is a question for the handbook; "my washer is broken" is a problem. */
    private static boolean isGeneralQuestion(String message) {
        String t = Text.normalize(message);
        return QUESTION.matcher(t).find() && !OWN.matcher(t).find();
    }

    private Routed escalateToPerson(Turn turn, FlowSession session, Map<String, String> values, Lang lang) {
        escalations.raise(turn.conversationId(), turn.propertyId(), "tenant-request", null);
        sessions.save(session);
        return new Reply(texts.in("human", lang, values), Kind.ESCALATED, null, lang);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Flows

    private Routed startFlow(Turn turn, FlowSession session, String flowId, PropertySettings property, Lang lang,
                             String message) {
        FlowDefinition flow = flows.get(turn.propertyId(), flowId);
        // What the first message already says (a category, where) fills those slots; the tenant confirms them
        // in the summary. A message that names the problem is kept as its description.
        Map<String, String> prefilled = new LinkedHashMap<>();
        Step start = flow.step(flow.start());
        if (start.type() == SlotType.CHOICE) {
            Slots.byKeywords(flow, start.options(), message).ifPresent(o -> prefilled.put(start.id(), o.value()));
        }
        if (prefilled.containsKey(start.id())) {
            for (Step step : flow.steps().values()) {
                if (step.type() == SlotType.CHOICE && !step.id().equals(start.id()) && step.allowOther()) {
                    Slots.byKeywords(flow, step.options(), message).ifPresent(o -> prefilled.put(step.id(), o.value()));
                }
                if (step.type() == SlotType.TEXT && message.strip().split("\\s+").length >= 4
                        || step.type() == SlotType.TEXT && Text.normalize(message).codePoints()
                        .filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN).count() >= 4) {
                    prefilled.putIfAbsent(step.id(), Slots.TYPED + message.strip());
                }
            }
        }
        String first = skipFilled(flow, flow.start(), prefilled);
        FlowSession started = session.atStep(flow.id(), first, null, 0, prefilled, clock.instant());
        String intro = flow.intro() == null ? null : flow.intro().in(lang, withFlow(property.placeholders(), flow, lang));
        return ask(started, flow, property, lang, intro);
    }

    /** The answer to the current step, if {@code message} is one; empty when it is not. */
    private Optional<Routed> continueFlow(Turn turn, FlowSession session, FlowDefinition flow,
                                          PropertySettings property, Lang lang, String message, boolean idle) {
        if (CHANGE_STEP.equals(session.step())) {
            Optional<Step> target = changeTarget(flow, session, lang, message);
            if (target.isEmpty()) {
                return idle ? Optional.empty() : Optional.of(reask(session, flow, property, lang));
            }
            return Optional.of(ask(session.atStep(flow.id(), target.get().id(), null, 0, session.slots(),
                    clock.instant()), flow, property, lang, null));
        }
        Step step = flow.step(session.step());
        if (step.type() == SlotType.TEXT && QUESTION.matcher(Text.normalize(message)).find()
                && intents.classify(message).filter(i -> i.equals("maintenance")).isEmpty()) {
            return Optional.empty(); // a question while describing the problem: answer it, then come back
        }
        Optional<String> value = slots.read(flow, step, message, property.phoneRegion());
        if (value.isPresent() && value.get().startsWith(Slots.TYPED) && step.type() != SlotType.WINDOW
                && QUESTION.matcher(Text.normalize(message)).find()) {
            return Optional.empty(); // "When is rent due?" is not where the leak is: answer it, then come back
        }
        if (value.isEmpty()) {
            boolean aside = idle || QUESTION.matcher(Text.normalize(message)).find()
                    || intents.classify(message).filter(i -> !i.equals("maintenance")).isPresent();
            return aside ? Optional.empty() : Optional.of(reask(session, flow, property, lang));
        }
        if (step.type() == SlotType.CONFIRM) {
            return Optional.of(confirm(turn, session, flow, step, property, lang, value.get()));
        }
        Map<String, String> filled = session.slotsWith(step.id(), value.get());
        String next = skipFilled(flow, step.after(value.get()), filled);
        if (next == null) {
            sessions.save(session.withoutFlow());
            return Optional.of(reply(texts.in("cancelled", lang, withFlow(property.placeholders(), flow, lang)), null,
                    lang));
        }
        Step nextStep = flow.step(next);
        if (nextStep.type() == SlotType.END) {
            return Optional.of(end(turn, session.atStep(flow.id(), next, null, 0, filled, clock.instant()), flow,
                    nextStep, property, lang));
        }
        return Optional.of(ask(session.atStep(flow.id(), next, null, 0, filled, clock.instant()), flow, property,
                lang, null));
    }

    /** Not an answer to the step: treat the message on its own, then offer the flow again. */
    private Routed aside(Turn turn, FlowSession session, FlowDefinition flow, PropertySettings property, Lang lang,
                         String message, boolean idle) {
        Map<String, String> flowValues = withFlow(property.placeholders(), flow, lang);
        Routed handled = byIntent(turn, session.withoutFlow(), property, lang, message);
        FlowSession after = sessions.find(turn.conversationId()).orElseThrow();
        if (after.inFlow()) {
            return handled; // the message started a flow of its own, which replaces the old one
        }
        // Put the flow back as it was, keeping what the aside offered (e.g. a status look-up asking for the unit).
        sessions.save(session.withOffer(idle ? "resume" : after.offer()));
        String followUp;
        Form form;
        if (idle) {
            followUp = texts.in("resume-offer", lang, flowValues);
            form = new Form(followUp, List.of(
                    new Form.Option("continue", texts.get("option.continue").in(lang)),
                    new Form.Option("discard", texts.get("option.discard").in(lang))), "choice", false);
        } else if (CHANGE_STEP.equals(session.step())) {
            followUp = texts.in("come-back", lang, flowValues) + "\n" + texts.in("change-which", lang, Map.of());
            form = changeForm(flow, session, lang);
        } else {
            Step step = flow.step(session.step());
            String prompt = step.prompt().in(lang, flowValues);
            followUp = texts.in("come-back", lang, flowValues) + "\n" + prompt;
            form = slots.form(step, lang, prompt);
        }
        return switch (handled) {
            case Knowledge k -> new Knowledge(lang, followUp, form);
            case Reply r -> new Reply(r.text() + "\n\n" + followUp, r.kind(), form, lang);
        };
    }

    private Routed confirm(Turn turn, FlowSession session, FlowDefinition flow, Step step, PropertySettings property,
                           Lang lang, String choice) {
        Map<String, String> flowValues = withFlow(property.placeholders(), flow, lang);
        switch (choice) {
            case "submit": {
                Ticket ticket = createTicket(turn, session, flow, property, lang);
                sessions.save(session.withoutFlow());
                Map<String, String> done = new HashMap<>(flowValues);
                done.put("reference", ticket.reference());
                return reply(step.message().in(lang, done), null, lang);
            }
            case "change": {
                FlowSession changing = session.atStep(flow.id(), CHANGE_STEP, step.id(), 0, session.slots(),
                        clock.instant());
                sessions.save(changing);
                String prompt = texts.in("change-which", lang, Map.of());
                return reply(prompt, changeForm(flow, changing, lang), lang);
            }
            default: {
                sessions.save(session.withoutFlow());
                return reply(texts.in("cancelled", lang, flowValues), null, lang);
            }
        }
    }

    private Routed end(Turn turn, FlowSession session, FlowDefinition flow, Step step, PropertySettings property,
                       Lang lang) {
        sessions.save(session.withoutFlow());
        String text = step.message() == null ? "" : step.message().in(lang, withFlow(property.placeholders(), flow, lang));
        if ("escalate".equals(step.action())) {
            escalations.raise(turn.conversationId(), turn.propertyId(), "flow", flow.id());
            return new Reply(text, Kind.ESCALATED, null, lang);
        }
        return reply(text, null, lang);
    }

    /** Prompts the session's current step (with the summary for a confirm step) and saves the session. */
    private Routed ask(FlowSession session, FlowDefinition flow, PropertySettings property, Lang lang, String intro) {
        sessions.save(session);
        Step step = flow.step(session.step());
        String prompt = step.prompt().in(lang, withFlow(property.placeholders(), flow, lang));
        StringBuilder text = new StringBuilder();
        if (intro != null) {
            text.append(intro).append("\n\n");
        }
        if (step.type() == SlotType.CONFIRM) {
            text.append(summary(flow, session.slots(), lang)).append("\n\n");
        }
        text.append(prompt);
        return reply(text.toString(), slots.form(step, lang, prompt), lang);
    }

    private Routed reask(FlowSession session, FlowDefinition flow, PropertySettings property, Lang lang) {
        FlowSession again = session.withAttempts(session.attempts() + 1);
        sessions.save(again);
        Map<String, String> values = withFlow(property.placeholders(), flow, lang);
        if (CHANGE_STEP.equals(session.step())) {
            return reply(texts.in("reask.choice", lang, values) + "\n" + texts.in("change-which", lang, values),
                    changeForm(flow, session, lang), lang);
        }
        Step step = flow.step(session.step());
        String help = texts.in("reask." + helpKey(step), lang, values);
        if (again.attempts() >= STILL_STUCK_AFTER) {
            help = help + " " + texts.in("still-stuck", lang, values);
        }
        String prompt = step.prompt().in(lang, values);
        return reply(help + "\n" + prompt, slots.form(step, lang, prompt), lang);
    }

    private static String helpKey(Step step) {
        return switch (step.type()) {
            case CHOICE -> "choice";
            case YESNO -> "yesno";
            case UNIT -> "unit";
            case WINDOW -> "window";
            case PHONE -> "phone";
            case EMAIL -> "email";
            case CONFIRM -> "confirm";
            default -> "text";
        };
    }

    private Form changeForm(FlowDefinition flow, FlowSession session, Lang lang) {
        List<Form.Option> options = new ArrayList<>();
        for (Step step : flow.path(session.slots())) {
            if (step.summary() != null && session.slots().containsKey(step.id())) {
                options.add(new Form.Option(step.id(), step.summary().in(lang)));
            }
        }
        return new Form(texts.in("change-which", lang, Map.of()), options, "choice", false);
    }

    private Optional<Step> changeTarget(FlowDefinition flow, FlowSession session, Lang lang, String message) {
        Form form = changeForm(flow, session, lang);
        String folded = Text.folded(message);
        for (int i = 0; i < form.options().size(); i++) {
            Form.Option o = form.options().get(i);
            if (o.value().equals(message.strip()) || Text.folded(o.label()).equals(folded)
                    || folded.equals(String.valueOf(i + 1))) {
                return Optional.of(flow.step(o.value()));
            }
        }
        return Optional.empty();
    }

    /** From {@code stepId}, the first step whose slot is still empty (a confirm or end step is never skipped). */
    private static String skipFilled(FlowDefinition flow, String stepId, Map<String, String> filled) {
        String current = stepId;
        int guard = 0;
        while (current != null && filled.containsKey(current) && guard++ < flow.steps().size()) {
            Step step = flow.step(current);
            if (step.type() == SlotType.CONFIRM || step.type() == SlotType.END) {
                break;
            }
            current = step.after(filled.get(current));
        }
        return current;
    }

    private String summary(FlowDefinition flow, Map<String, String> filled, Lang lang) {
        StringBuilder summary = new StringBuilder();
        for (Step step : flow.path(filled)) {
            String value = filled.get(step.id());
            if (step.summary() != null && value != null) {
                if (!summary.isEmpty()) {
                    summary.append('\n');
                }
                summary.append("\u2022 ").append(step.summary().in(lang)).append(": ")
                        .append(slots.display(step, value, lang));
            }
        }
        return summary.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Tickets

    /**
     * Opens the ticket from the maintenance flow's slots: {@code category}, {@code urgency}, {@code entry},
     * {@code pets}, {@code contact}, {@code unit}, {@code location}, {@code description}, {@code window},
     * {@code phone}, {@code email}; only those on the path the tenant took count. The staff summary is written in
     * the firm's language; what the tenant typed stays in their words.
     */
    private Ticket createTicket(Turn turn, FlowSession session, FlowDefinition flow, PropertySettings property,
                                Lang lang) {
        Map<String, String> onPath = new LinkedHashMap<>();
        for (Step step : flow.path(session.slots())) {
            String value = session.slots().get(step.id());
            if (value != null) {
                onPath.put(step.id(), value);
            }
        }
        StringBuilder staffSummary = new StringBuilder();
        for (Step step : flow.path(session.slots())) {
            String value = onPath.get(step.id());
            if (step.summary() != null && value != null) {
                staffSummary.append(step.summary().in(firmLanguage)).append(": ")
                        .append(slots.display(step, value, firmLanguage)).append('\n');
            }
        }
        if (lang != firmLanguage) {
            staffSummary.append("Tenant's language: ").append(Locale.forLanguageTag(lang.tag())
                    .getDisplayLanguage(Locale.forLanguageTag(firmLanguage.tag()))).append(" (free text as written)");
        }
        Ticket.Details details = new Ticket.Details(
                raw(onPath.get("unit")),
                displayOf(flow, "location", onPath, firmLanguage),
                raw(onPath.get("description")),
                displayOf(flow, "window", onPath, firmLanguage),
                raw(onPath.get("phone")),
                raw(onPath.get("email")),
                staffSummary.toString().strip());
        return tickets.create(new NewTicket(turn.propertyId(), property.ticketPrefix(), turn.conversationId(),
                onPath.getOrDefault("category", "other"), onPath.getOrDefault("urgency", "routine"),
                yesNo(onPath.get("entry")), yesNo(onPath.get("pets")), onPath.get("contact"), lang.tag(), details));
    }

    private String displayOf(FlowDefinition flow, String stepId, Map<String, String> onPath, Lang lang) {
        String value = onPath.get(stepId);
        return value == null || !flow.steps().containsKey(stepId) ? null : slots.display(flow.step(stepId), value, lang);
    }

    private static String raw(String value) {
        return value == null ? null : value.startsWith(Slots.TYPED) ? value.substring(Slots.TYPED.length()) : value;
    }

    private static Boolean yesNo(String value) {
        return value == null ? null : "yes".equals(value);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Status look-up

    private boolean mentionsReference(String message, PropertySettings property) {
        Matcher m = TicketService.REFERENCE.matcher(message);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(property.ticketPrefix())) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> reference(String message, PropertySettings property) {
        Matcher m = TicketService.REFERENCE.matcher(message);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(property.ticketPrefix())) {
                return Optional.of(property.ticketPrefix() + "-" + m.group(2));
            }
        }
        return Optional.empty();
    }

    private Routed statusLookup(Turn turn, FlowSession session, PropertySettings property, Lang lang, String message) {
        Map<String, String> values = property.placeholders();
        Optional<String> reference = reference(message, property);
        if (reference.isEmpty()) {
            List<Ticket> own = tickets.ofConversation(turn.conversationId());
            if (!own.isEmpty()) {
                sessions.save(session);
                return reply(statusText(own.getFirst(), lang), null, lang);
            }
            sessions.save(session.withOffer("status-reference"));
            return reply(texts.in("status.ask-reference", lang, values), null, lang);
        }
        Optional<Ticket> ticket = tickets.find(reference.get());
        if (ticket.isPresent() && turn.conversationId().equals(ticket.get().conversationId())) {
            sessions.save(session);
            return reply(statusText(ticket.get(), lang), null, lang);
        }
        // Another conversation's ticket (or none): ask for the apartment before saying anything, and answer
        // "not found" alike for a wrong apartment and an unknown number, so references cannot be probed.
        Map<String, String> withRef = new HashMap<>(values);
        withRef.put("reference", reference.get());
        sessions.save(session.withOffer("status-unit:" + reference.get()));
        return reply(texts.in("status.ask-unit", lang, withRef), null, lang);
    }

    private Optional<Routed> continueStatus(Turn turn, FlowSession session, PropertySettings property, Lang lang,
                                            String message, String offer) {
        if (offer.equals("status-reference")) {
            return reference(message, property).isPresent()
                    ? Optional.of(statusLookup(turn, session, property, lang, message)) : Optional.empty();
        }
        String reference = offer.substring("status-unit:".length());
        Optional<String> unit = Slots.unit(message);
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        Optional<Ticket> ticket = tickets.find(reference).filter(t -> t.propertyId().equals(turn.propertyId()))
                .filter(t -> sameUnit(unit.get(), t.details().unit()));
        sessions.save(session);
        if (ticket.isEmpty()) {
            Map<String, String> values = new HashMap<>(property.placeholders());
            values.put("reference", reference);
            return Optional.of(reply(texts.in("status.not-found", lang, values), null, lang));
        }
        return Optional.of(reply(statusText(ticket.get(), lang), null, lang));
    }

    private static boolean sameUnit(String a, String b) {
        return b != null && a.replaceAll("[^A-Za-z0-9]", "").equalsIgnoreCase(b.replaceAll("[^A-Za-z0-9]", ""));
    }

    private String statusText(Ticket ticket, Lang lang) {
        FlowDefinition flow = flows.get(ticket.propertyId(), FlowLibrary.MAINTENANCE);
        Map<String, String> values = new HashMap<>();
        values.put("reference", ticket.reference());
        values.put("status", texts.get("status.values." + ticket.status()).in(lang));
        values.put("category", flow.steps().containsKey("category")
                ? slots.display(flow.step("category"), ticket.category(), lang) : ticket.category());
        values.put("date", DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(Locale.forLanguageTag(lang.tag()))
                .format(LocalDate.ofInstant(ticket.createdAt(), ZoneId.systemDefault())));
        return texts.in("status.answer", lang, values);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Reply reply(String text, Form form, Lang lang) {
        return new Reply(text, Kind.FLOW, form, lang);
    }

    private static Routed prefixed(String notice, Routed routed) {
        return switch (routed) {
            case Reply r -> new Reply(notice + "\n\n" + r.text(), r.kind(), r.form(), r.language());
            case Knowledge k -> k; // the expiry notice is not worth burying a handbook answer under
        };
    }

    private static Map<String, String> withFlow(Map<String, String> values, FlowDefinition flow, Lang lang) {
        Map<String, String> all = new HashMap<>(values);
        all.put("flow", flow.title().in(lang));
        return all;
    }
}
