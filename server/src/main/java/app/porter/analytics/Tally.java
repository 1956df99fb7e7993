package app.porter.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.porter.language.Language;

/** Adds up the stored events of one bucket into its {@link BucketStats}. */
final class Tally {

    private final Map<EventKind, Long> counts = new LinkedHashMap<>();
    private final Map<String, Long> languages = new LinkedHashMap<>();
    private final Map<String, Long> modes = new LinkedHashMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> firstReplies = new ArrayList<>();
    private long csatSum;
    private long upWithdrawn;
    private long downWithdrawn;

    Tally() {
        for (Language lang : Language.values()) {
            languages.put(lang.tag(), 0L);
        }
        for (AnswerKind kind : AnswerKind.values()) {
            modes.put(kind.id(), 0L);
        }
    }

    /** {@code count} events of one kind, language and detail, their values summing to {@code sum}. */
    void add(EventKind kind, String language, String detail, long count, long sum) {
        counts.merge(kind, count, Long::sum);
        switch (kind) {
            case MESSAGE -> {
                if (language != null && languages.containsKey(language)) {
                    languages.merge(language, count, Long::sum);
                }
            }
            case ANSWER -> {
                if (detail != null && modes.containsKey(detail)) {
                    modes.merge(detail, count, Long::sum);
                }
            }
            case CSAT -> csatSum += sum;
            case THUMB_WITHDRAWN -> {
                if ("up".equals(detail)) {
                    upWithdrawn += count;
                } else if ("down".equals(detail)) {
                    downWithdrawn += count;
                }
            }
            default -> { }
        }
    }

    /** One timing: an answer's latency or a first reply's wait. */
    void time(EventKind kind, long ms) {
        if (kind == EventKind.ANSWER) {
            latencies.add(ms);
        } else if (kind == EventKind.FIRST_STAFF_REPLY) {
            firstReplies.add(ms);
        }
    }

    BucketStats stats(LocalDate start) {
        long csat = count(EventKind.CSAT);
        long fromKnowledge = modes.get(AnswerKind.EXTRACTIVE.id()) + modes.get(AnswerKind.GENERATIVE.id());
        return new BucketStats(start, count(EventKind.CONVERSATION_STARTED), count(EventKind.MESSAGE), fromKnowledge,
                modes.get(AnswerKind.DONT_KNOW.id()), count(EventKind.TICKET_CREATED), count(EventKind.ESCALATION),
                Percentiles.of(firstReplies), count(EventKind.EMERGENCY), csat == 0 ? null : (double) csatSum / csat,
                csat, thumbs(EventKind.THUMB_UP, upWithdrawn), thumbs(EventKind.THUMB_DOWN, downWithdrawn),
                ordered(languages),
                ordered(modes), Percentiles.of(latencies));
    }

    private static Map<String, Long> ordered(Map<String, Long> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * Ratings as they stand: those given less those later changed. A change made in a later bucket than the rating
     * is taken off that later bucket, never below zero there; totals over both are exact.
     */
    private long thumbs(EventKind kind, long withdrawn) {
        return Math.max(0, count(kind) - withdrawn);
    }

    private long count(EventKind kind) {
        return counts.getOrDefault(kind, 0L);
    }
}
