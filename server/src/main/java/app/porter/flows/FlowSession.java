package app.porter.flows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import app.porter.language.Language;


/**
 * Where one conversation stands: its language, the flow in progress (if any) with its step and slot values, and
 * what Porter last offered (so a bare "yes" can be understood).
 *
 * @param language the tenant's language as detected so far; null before the first detection
 * @param flowId the flow in progress, or null
 * @param returnTo after the step being changed, go back to this step (the summary) rather than onwards
 * @param attempts failed answers to the current step, for a gentler re-ask and a way out
 * @param offer what Porter offered last (what a "yes" would accept), or null
 * @param emergency the kind of the last emergency in this conversation, or null
 * @param flowUpdatedAt when the flow last moved on, for resume and expiry
 */
public record FlowSession(String conversationId, Language language, String flowId, String step, String returnTo,
                          int attempts, Offer offer, String emergency, Map<String, String> slots,
                          Instant flowUpdatedAt) {

    public FlowSession {
        slots = Map.copyOf(slots);
    }

    static FlowSession fresh(String conversationId, Language language) {
        return new FlowSession(conversationId, language, null, null, null, 0, null, null, Map.of(), null);
    }

    boolean inFlow() {
        return flowId != null;
    }

    FlowSession withLanguage(Language lang) {
        return new FlowSession(conversationId, lang, flowId, step, returnTo, attempts, offer, emergency, slots,
                flowUpdatedAt);
    }

    FlowSession withOffer(Offer newOffer) {
        return new FlowSession(conversationId, language, flowId, step, returnTo, attempts, newOffer, emergency, slots,
                flowUpdatedAt);
    }

    FlowSession withEmergency(String kind) {
        return new FlowSession(conversationId, language, flowId, step, returnTo, attempts, offer, kind, slots,
                flowUpdatedAt);
    }

    FlowSession atStep(String flow, String newStep, String newReturnTo, int newAttempts, Map<String, String> newSlots,
                       Instant at) {
        return new FlowSession(conversationId, language, flow, newStep, newReturnTo, newAttempts, offer, emergency,
                newSlots, at);
    }

    FlowSession withAttempts(int newAttempts) {
        return new FlowSession(conversationId, language, flowId, step, returnTo, newAttempts, offer, emergency, slots,
                flowUpdatedAt);
    }

    FlowSession withoutFlow() {
        return new FlowSession(conversationId, language, null, null, null, 0, offer, emergency, Map.of(), null);
    }

    Map<String, String> slotsWith(String key, String value) {
        Map<String, String> next = new LinkedHashMap<>(slots);
        next.put(key, value);
        return next;
    }
}
