package app.porter.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * KV caches of recent prompts, so a new prompt that starts the same way (the fixed policy/system text every
 * tenant conversation begins with, or a conversation's own earlier turns) skips recomputing that prefix. Matching
 * is on token ids, longest common prefix, so it needs no knowledge of where the system prompt ends. Least recently
 * used entries go first; the whole cache stays under a byte budget, and an entry's memory is zeroed when it goes.
 * Used only from the scheduler thread.
 */
final class PrefixCache {

    /** A prompt's tokens and their KV. */
    record Entry(int[] tokens, KvRow kv) {
    }

    /** The entry sharing the longest prefix with a prompt, and that length. */
    record Match(Entry entry, int length) {
    }

    /** Shorter shared prefixes are not worth the copy. */
    static final int MIN_REUSE = 16;

    private final int maxEntries;
    private final long maxBytes;
    private final List<Entry> entries = new ArrayList<>(); // most recently used last

    PrefixCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    Match longest(int[] prompt) {
        Match best = null;
        for (Entry entry : entries) {
            int n = commonPrefix(entry.tokens(), prompt);
            if (best == null || n > best.length()) {
                best = new Match(entry, n);
            }
        }
        if (best == null || best.length() < MIN_REUSE) {
            return null;
        }
        entries.remove(best.entry());
        entries.add(best.entry());
        return best;
    }

    /** Whether keeping {@code prompt} would add anything: no entry already covers nearly all of it. */
    boolean wants(int[] prompt) {
        if (maxEntries == 0 || prompt.length < MIN_REUSE) {
            return false;
        }
        for (Entry entry : entries) {
            if (commonPrefix(entry.tokens(), prompt) >= prompt.length * 9L / 10) {
                return false;
            }
        }
        return true;
    }

    /** Keeps a prompt's KV; the cache owns {@code kv} from here on and releases it when it lets it go. */
    void add(int[] prompt, KvRow kv) {
        if (kv.bytes() > maxBytes) {
            kv.release();
            return;
        }
        entries.add(new Entry(prompt.clone(), kv));
        while (entries.size() > maxEntries || bytes() > maxBytes) {
            entries.removeFirst().kv().release();
        }
    }

    /** Releases every entry (zeroed: kept prompts are conversation-derived). */
    void clear() {
        entries.forEach(e -> e.kv().release());
        entries.clear();
    }

    long bytes() {
        return entries.stream().mapToLong(e -> e.kv().bytes()).sum();
    }

    int size() {
        return entries.size();
    }

    static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }
}
