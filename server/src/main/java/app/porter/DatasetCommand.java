package app.porter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code porter dataset export}: the running appliance's conversations as a de-identified training dataset, through
 * its admin API (it holds the keys), written to a folder only its owner can read.
 *
 * <pre>
 * porter dataset export --out /srv/exports/q3 --from 2026-07-01 --to 2026-09-30 --reason "fine-tune Q3"
 * </pre>
 */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Export conversations as a de-identified training dataset (JSON Lines).",
        subcommands = {DatasetCommand.Export.class})
final class DatasetCommand {

    /** The files an export holds; anything else in the answer is refused. */
    private static final Set<String> FILES = Set.of("train.jsonl", "validation.jsonl", "test.jsonl", "report.json");

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write train.jsonl, validation.jsonl, test.jsonl and report.json into --out, from the"
                    + " appliance running on this machine (same PORTER_* environment). Audited with --reason.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "folder to write (created; must be empty)")
        Path out;

        @Option(names = "--from", description = "first day (UTC) of conversations, e.g. 2026-07-01")
        LocalDate from;

        @Option(names = "--to", description = "last day (UTC) of conversations, inclusive")
        LocalDate to;

        @Option(names = "--property", description = "one property's conversations (default: the portfolio)")
        String property;

        @Option(names = "--seed", description = "seed of the train/validation/test split (default 42)")
        Long seed;

        @Option(names = "--reason", required = true, description = "why the export is made (audited)")
        String reason;

        @Mixin
        AdminConnection connection = new AdminConnection();

        @Override
        public Integer call() throws Exception {
            if (Files.isDirectory(out)) {
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isPresent()) {
                        connection.stderr.println("porter dataset export: " + out
                                + " is not empty; nothing written");
                        return 2;
                    }
                }
            }
            JsonObjectBuilder body = Json.createObjectBuilder().add("reason", reason);
            if (from != null) {
                body.add("from", from.toString());
            }
            if (to != null) {
                body.add("to", to.toString());
            }
            if (property != null) {
                body.add("propertyId", property);
            }
            if (seed != null) {
                body.add("seed", seed);
            }
            try (InputStream zip = connection.client()
                    .postJson("/api/admin/v1/dataset/export", body.build().toString())) {
                unpack(zip, out);
            } catch (AdminClient.NotRunning | AdminClient.Refused e) {
                connection.stderr.println("porter dataset export: " + e.getMessage());
                return e instanceof AdminClient.NotRunning ? 3 : 2;
            }
            JsonObject report = Json.createReader(Files.newBufferedReader(out.resolve("report.json"))).readObject();
            connection.stdout.println("dataset written to " + out + ": " + report.getInt("records") + " records "
                    + report.getJsonObject("splits") + ", redacted " + report.getJsonObject("redacted")
                    + ", left out " + report.getJsonObject("dropped"));
            return 0;
        }
    }

    /** The zip's four files into {@code folder} (0700), each 0600: tenant conversations, even de-identified. */
    static void unpack(InputStream zipped, Path folder) throws IOException {
        Files.createDirectories(folder);
        setPermissions(folder, "rwx------");
        try (ZipInputStream zip = new ZipInputStream(zipped, StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (!FILES.contains(entry.getName())) {
                    throw new IOException("unexpected file in the export: " + entry.getName());
                }
                Path file = folder.resolve(entry.getName());
                Files.createFile(file);
                setPermissions(file, "rw-------");
                Files.write(file, zip.readAllBytes());
            }
        }
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own access rules apply
        }
    }
}
