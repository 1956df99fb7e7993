package app.porter.analytics;

import java.time.LocalDate;
import java.util.Map;

/**
 * What happened in one bucket of a report (or in all of it, for the totals).
 *
 * @param start the bucket's first day
 * @param answeredFromKnowledge answers quoted or written from the knowledge base
 * @param dontKnow "I don't know" answers
 * @param tickets maintenance flows completed with a ticket
 * @param firstReplyMs time from an escalation to staff's first reply, for the first replies in this bucket
 * @param csatAverage the average CSAT score, null without any
 * @param languages tenant messages by language tag, every supported language present
 * @param answerModes answers by {@link AnswerKind#id()}, every kind present
 * @param latencyMs reply latency of every answer
 */
public record BucketStats(LocalDate start, long conversations, long messages, long answeredFromKnowledge,
                          long dontKnow, long tickets, long escalations, Percentiles firstReplyMs, long emergencies,
                          Double csatAverage, long csatResponses, long thumbsUp, long thumbsDown,
                          Map<String, Long> languages, Map<String, Long> answerModes, Percentiles latencyMs) {

    /** Thumbs up among all thumbs, 0 to 1; null without any. */
    public Double thumbsUpRatio() {
        long all = thumbsUp + thumbsDown;
        return all == 0 ? null : (double) thumbsUp / all;
    }
}
