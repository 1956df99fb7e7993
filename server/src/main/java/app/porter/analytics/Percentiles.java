package app.porter.analytics;

import java.util.List;

/**
 * The median and 95th percentile of some durations (nearest rank: always a value that occurred), null when there
 * were none. Hand-written: two order statistics of a sorted list do not warrant a statistics library.
 */
public record Percentiles(Long p50, Long p95, long count) {

    static final Percentiles NONE = new Percentiles(null, null, 0);

    static Percentiles of(List<Long> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return new Percentiles(rank(sorted, 0.50), rank(sorted, 0.95), sorted.size());
    }

    private static long rank(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
