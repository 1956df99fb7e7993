package app.porter.models;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks model archives ({@code .zip}, {@code .tar}, {@code .tar.gz} / {@code .tgz}) with the JDK alone. Only
 * regular files and folders are written, and never outside the target folder ("zip slip"): an archive that tries
 * is refused.
 */
final class Archives {

    private Archives() {
    }

    static boolean isArchive(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".zip") || name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    static void extract(Path archive, Path target) throws IOException {
        String name = archive.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            if (name.endsWith(".zip")) {
                unzip(raw, target);
            } else if (name.endsWith(".tar")) {
                untar(raw, target);
            } else {
                untar(new GZIPInputStream(raw, 1 << 16), target);
            }
        }
    }

    private static void unzip(InputStream in, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path out = inside(target, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out);
                }
            }
        }
    }

    /** POSIX ustar / GNU tar: 512-byte headers, regular files ('0' or NUL) and folders ('5'), GNU long names ('L'). */
    private static void untar(InputStream in, Path target) throws IOException {
        byte[] header = new byte[512];
        String longName = null;
        while (true) {
            if (in.readNBytes(header, 0, 512) < 512 || isZero(header)) {
                return;
            }
            String entryName = longName != null ? longName : field(header, 0, 100);
            longName = null;
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty() && header[257] == 'u') {
                entryName = prefix + "/" + entryName;
            }
            long size = Long.parseLong(field(header, 124, 12).strip().isEmpty() ? "0" : field(header, 124, 12).strip(), 8);
            byte type = header[156];
            long padded = (size + 511) / 512 * 512;
            if (type == 'L') {
                byte[] name = in.readNBytes((int) padded);
                longName = new String(name, 0, (int) size, StandardCharsets.UTF_8).replace("\0", "");
                continue;
            }
            if (type == '0' || type == 0) {
                Path out = inside(target, entryName);
                Files.createDirectories(out.getParent());
                try (var file = Files.newOutputStream(out)) {
                    copy(in, file, size);
                }
                in.skipNBytes(padded - size);
            } else if (type == '5') {
                Files.createDirectories(inside(target, entryName));
            } else {
                in.skipNBytes(padded); // links, devices, pax headers: nothing a model folder needs
            }
        }
    }

    private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the archive ends in the middle of a file");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static Path inside(Path target, String entryName) throws IOException {
        Path out = target.resolve(entryName).normalize();
        if (!out.startsWith(target)) {
            throw new IOException("the archive has a path outside its folder: " + entryName);
        }
        return out;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
