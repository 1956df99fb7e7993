package app.porter.gaps;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Gaps that ask the same thing, grouped by the meaning of their questions.
 *
 * @param id the id of its newest gap (what draft and close name)
 * @param count how many open gaps it holds
 * @param reasons how many of them came about each way ({@code dont-know}, {@code low-confidence}, {@code thumbs-down})
 * @param lastSeen when the newest was asked
 * @param gaps its gaps, newest first
 */
public record GapCluster(String id, int count, Map<String, Integer> reasons, Instant lastSeen, List<Gap> gaps) {

    public GapCluster {
        reasons = Map.copyOf(reasons);
        gaps = List.copyOf(gaps);
    }

    /** The newest {@code limit} examples, for the console and the API. */
    public List<Gap> examples(int limit) {
        return gaps.subList(0, Math.min(limit, gaps.size()));
    }
}
