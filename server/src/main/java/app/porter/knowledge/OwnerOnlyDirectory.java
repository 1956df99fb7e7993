package app.porter.knowledge;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.Lock;

import app.porter.store.FileModes;

/**
 * The index's directory with every file Lucene writes made 0600 as it is created. WHY: the index holds passages of
 * unit-scoped leases, and Lucene creates its files with the process umask (there is no umask call in the JVM); the
 * data directory's 0700 keeps others out already, this keeps the files owner-only even if it is loosened.
 */
final class OwnerOnlyDirectory extends FilterDirectory {

    private final Path folder;

    OwnerOnlyDirectory(Directory delegate, Path folder) {
        super(delegate);
        this.folder = folder;
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        IndexOutput output = super.createOutput(name, context);
        FileModes.restrict(folder.resolve(name));
        return output;
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
        IndexOutput output = super.createTempOutput(prefix, suffix, context);
        FileModes.restrict(folder.resolve(output.getName()));
        return output;
    }

    @Override
    public Lock obtainLock(String name) throws IOException {
        Lock lock = super.obtainLock(name);
        FileModes.restrict(folder.resolve(name)); // the lock file is empty, but owner-only like the rest
        return lock;
    }
}
