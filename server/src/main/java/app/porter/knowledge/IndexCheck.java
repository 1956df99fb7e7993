package app.porter.knowledge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NoLockFactory;

/**
 * The knowledge index's health as {@code porter doctor} reports it: Lucene's own {@link CheckIndex} (every file's
 * checksum) over the latest commit, and whether that commit was built by the embedding model and layout Porter
 * uses now (otherwise the next start rebuilds it). Reads only: it never takes the running appliance's write lock.
 *
 * @param state what was found
 * @param detail what was found, for the operator
 */
public record IndexCheck(State state, String detail) {

    /** HEALTHY; REBUILT_AT_START: missing or from another model, the next start rebuilds it; DAMAGED otherwise. */
    public enum State { HEALTHY, REBUILT_AT_START, DAMAGED }

    /** Checks the index in {@code folder} against the embedding model {@code model}. */
    public static IndexCheck of(Path folder, String model) {
        if (!Files.isDirectory(folder)) {
            return new IndexCheck(State.REBUILT_AT_START, "no index at " + folder + " (the next start rebuilds it from the stored"
                    + " documents)");
        }
        // NoLockFactory: a running appliance holds the write lock, and a checksum check changes nothing.
        try (Directory directory = FSDirectory.open(folder, NoLockFactory.INSTANCE)) {
            if (!DirectoryReader.indexExists(directory)) {
                return new IndexCheck(State.REBUILT_AT_START, "no index in " + folder + " (the next start rebuilds it)");
            }
            CheckIndex.Status status;
            try (CheckIndex check = new CheckIndex(directory, NoLockFactory.INSTANCE.obtainLock(directory,
                    "write.lock"))) {
                check.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_CHECKSUM_CHECKS);
                status = check.checkIndex();
            }
            if (!status.clean) {
                return new IndexCheck(State.DAMAGED, "index damaged: " + status.numBadSegments + " bad segment(s)"
                        + (status.missingSegments ? ", segments file missing" : "")
                        + "; delete " + folder + " and restart to rebuild it from the stored documents");
            }
            Map<String, String> data = status.userData == null ? Map.of() : status.userData;
            if (!model.equals(data.get(KnowledgeIndex.MODEL_KEY))
                    || !IndexLayout.LAYOUT.equals(data.get(KnowledgeIndex.LAYOUT_KEY))) {
                return new IndexCheck(State.REBUILT_AT_START, "index built with embedding model " + data.get(KnowledgeIndex.MODEL_KEY)
                        + " (layout " + data.get(KnowledgeIndex.LAYOUT_KEY) + "); the next start rebuilds it");
            }
            long passages;
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                passages = reader.numDocs();
            }
            return new IndexCheck(State.HEALTHY, status.numSegments + " segment(s), " + passages
                    + " indexed entries, checksums verified, built with " + model);
        } catch (IOException | RuntimeException e) {
            return new IndexCheck(State.DAMAGED, "index unreadable (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); delete " + folder + " and restart to rebuild it");
        }
    }
}
