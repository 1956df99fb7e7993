package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

/** Indexing threads really run at a lower OS priority (the nice value the kernel schedules by), others do not. */
class BackgroundPriorityTest {

    @Test
    void backgroundThreadsRunAtNiceTenAndTheCallerKeepsItsPriority() throws Exception {
        Optional<Integer> before = BackgroundPriority.currentNice();
        assumeTrue(before.isPresent(), "not on Linux: nothing to lower");
        ExecutorService background = Executors.newSingleThreadExecutor(BackgroundPriority.threads("test-bg-"));
        try {
            int inside = background.submit(() -> BackgroundPriority.currentNice().orElseThrow()).get();
            assertEquals(Math.min(19, Math.max(before.get(), BackgroundPriority.NICE)), inside,
                    "the background thread's own nice value");
        } finally {
            background.shutdownNow();
        }
        assertEquals(before, BackgroundPriority.currentNice(), "only that thread was lowered");
    }
}
