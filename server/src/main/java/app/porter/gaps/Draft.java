package app.porter.gaps;

/**
 * A knowledge-base entry prefilled for an admin to edit and publish: from a gap (its newest redacted question, no
 * answer yet) or from a staff reply in the inbox (the tenant's question before it and the reply, both redacted).
 *
 * @param gapId the gap whose group closes when the entry is published, or null
 */
public record Draft(String propertyId, String question, String answer, String gapId) {
}
