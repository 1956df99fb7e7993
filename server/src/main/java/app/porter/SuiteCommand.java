package app.porter;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import app.porter.suites.SuiteFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code porter suite run FILE...}: runs acceptance suites on the appliance running on this machine, through its
 * admin API (same {@code PORTER_*} environment), and prints a pass/fail table per scenario, or JSON. Exit status 0
 * only when every scenario of every suite passed; 1 when one failed; 2 for a bad suite or a refusal; 3 when no
 * appliance answers. {@code maple-court} names the suite shipped for the demo property.
 *
 * <pre>
 * porter suite run maple-court
 * porter suite run suites/my-firm.yaml --json
 * </pre>
 */
@Command(name = "suite", mixinStandardHelpOptions = true, description = "Run acceptance suites.",
        subcommands = {SuiteCommand.Run.class})
final class SuiteCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run suite files (YAML) against the appliance running on this machine; exit 0 only if"
                    + " every scenario passes. 'maple-court' is the shipped demo suite.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "suite files, or the name of a shipped suite")
        List<String> files;

        @Option(names = "--json", description = "print the results as JSON")
        boolean json;

        @Mixin
        AdminConnection connection = new AdminConnection();

        @Override
        public Integer call() throws Exception {
            AdminClient client;
            try {
                client = connection.client();
            } catch (java.io.IOException e) {
                connection.stderr.println("porter suite run: " + e.getMessage());
                return 2;
            }
            JsonArrayBuilder results = Json.createArrayBuilder();
            boolean allPassed = true;
            for (String file : files) {
                String name;
                String yaml;
                if (SuiteFiles.SHIPPED.contains(file) && !Files.exists(Path.of(file))) {
                    name = file;
                    yaml = SuiteFiles.shipped(file);
                } else {
                    Path path = Path.of(file);
                    if (!Files.isRegularFile(path)) {
                        connection.stderr.println("porter suite run: no such file: " + file);
                        return 2;
                    }
                    name = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
                    yaml = Files.readString(path);
                }
                JsonObject result;
                try (InputStream answer = client.post("/api/admin/v1/suites/run?name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8), "application/yaml", yaml)) {
                    result = Json.createReader(answer).readObject();
                } catch (AdminClient.NotRunning e) {
                    connection.stderr.println("porter suite run: " + e.getMessage());
                    return 3;
                } catch (AdminClient.Refused e) {
                    connection.stderr.println("porter suite run: " + file + ": " + e.getMessage());
                    return 2;
                }
                allPassed &= result.getBoolean("allPassed");
                results.add(result);
                if (!json) {
                    printTable(file, result);
                }
            }
            if (json) {
                connection.stdout.println(Json.createObjectBuilder().add("allPassed", allPassed)
                        .add("suites", results).build());
            }
            return allPassed ? 0 : 1;
        }

        private void printTable(String file, JsonObject result) {
            connection.stdout.println(file + ": " + result.getInt("passed") + " of " + result.getInt("total")
                    + " scenarios passed");
            for (JsonObject scenario : result.getJsonArray("scenarios").getValuesAs(JsonObject.class)) {
                connection.stdout.println("  " + (scenario.getBoolean("passed") ? "PASS" : "FAIL") + "  "
                        + scenario.getString("name"));
                for (var failure : scenario.getJsonArray("failures").getValuesAs(jakarta.json.JsonString.class)) {
                    connection.stdout.println("        " + failure.getString());
                }
            }
        }
    }
}
