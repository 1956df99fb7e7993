package app.porter.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SplitTest {

    @Test
    void fixedIdsFallEightyTenTenAndTheSeedDecides() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        int changed = 0;
        for (int i = 0; i < 2000; i++) {
            String id = "conversation-" + i;
            Split split = Split.of(7, id);
            counts.merge(split, 1, Integer::sum);
            assertEquals(split, Split.of(7, id), "the same seed, the same split");
            changed += Split.of(8, id) == split ? 0 : 1;
        }
        assertTrue(counts.get(Split.TRAIN) > 1500 && counts.get(Split.TRAIN) < 1700, counts.toString());
        assertTrue(counts.get(Split.VALIDATION) > 140 && counts.get(Split.VALIDATION) < 260, counts.toString());
        assertTrue(counts.get(Split.TEST) > 140 && counts.get(Split.TEST) < 260, counts.toString());
        assertTrue(changed > 400, "another seed moves conversations: " + changed);
        assertNotEquals(Split.recordId(7, "conversation-1"), "conversation-1");
    }
}
