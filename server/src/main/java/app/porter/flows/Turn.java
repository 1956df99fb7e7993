package app.porter.flows;

import java.time.Instant;

import app.porter.knowledge.Scope;
import app.porter.language.Language;

/**
 * Everything a {@link Stage} may look at for one tenant message; read once before the first stage runs.
 *
 * @param conversationId the conversation
 * @param scope its property and unit: what the knowledge base may draw on
 * @param property the property's settings (numbers, ticket prefix, phone region)
 * @param session where the conversation stood before this message, less the offer (an offer lasts one message), and
 *                with the language to answer in: the message's own, else the conversation's so far
 * @param offered what Porter offered in its last reply, or null
 * @param message the message, analysed
 * @param now when the message arrived
 */
public record Turn(String conversationId, Scope scope, PropertySettings property, FlowSession session,
                   Offer offered, Message message, Instant now) {

    /** The language to answer in, as the session holds it. */
    public Language language() {
        return session.language();
    }

    public String propertyId() {
        return scope.propertyId();
    }

    /** The same message seen with another session (a stage handing a changed state to the stages after it). */
    public Turn with(FlowSession other) {
        return new Turn(conversationId, scope, property, other, offered, message, now);
    }
}
