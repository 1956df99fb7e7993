package app.porter.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.TestPorter;
import app.porter.inference.TinyLlama;

/** Installing, switching and removing models through the admin API of a real appliance. */
class ModelsAdminApiTest {

    static final List<String> VOCAB = TinyLlama.vocabulary(List.of());

    @TempDir
    Path dir;

    @Test
    void aModelThatPassesFewerSuiteScenariosIsActivatedOnlyByAnAuditedOverride() throws Exception {
        // A parrot that answers every question "Rent is due on the first [1].": the shipped suite's rent scenario
        // passes, its late-fee, pet, laundry... scenarios do not, while extractive mode (serving now) passes them.
        List<String> words = List.of("▁Rent", "▁is", "▁due", "▁on", "▁the", "▁first", "▁[1]");
        List<String> vocab = TinyLlama.vocabulary(words);
        int[] next = new int[vocab.size()];
        java.util.Arrays.fill(next, -1);
        int[] script = {vocab.indexOf(":"), vocab.indexOf("▁Rent"), vocab.indexOf("▁is"), vocab.indexOf("▁due"),
                vocab.indexOf("▁on"), vocab.indexOf("▁the"), vocab.indexOf("▁first"), vocab.indexOf("▁[1]"),
                vocab.indexOf("."), 2};
        for (int i = 0; i + 1 < script.length; i++) {
            next[script[i]] = script[i + 1];
        }
        Path parrot = withManifest(TinyLlama.folder(dir.resolve("src/parrot"), TinyLlama.Spec.tiny(vocab.size())
                .withMaxPositions(8192).withScript(next), vocab), "parrot");
        try (TestPorter porter = TestPorter.start(dir.resolve("data"))) {
            HttpResponse<String> installed = post(porter, "{\"source\":" + Json.createValue(parrot.toString())
                    + ",\"activate\":false}");
            assertEquals(201, installed.statusCode(), installed.body());

            HttpResponse<String> gated = activate(porter, "parrot", null);
            assertEquals(409, gated.statusCode(), gated.body());
            assertTrue(gated.body().contains("model_worse") && gated.body().contains("against the active model's 100.0%"),
                    gated.body());
            assertTrue(porter.porter.models().current().isEmpty(), "extractive mode keeps serving");
            assertEquals(400, activate(porter, "parrot", "{\"override\":true}").statusCode(), "an override needs a reason");

            HttpResponse<String> overridden = activate(porter, "parrot",
                    "{\"override\":true,\"reason\":\"pilot of the fine-tuned model\"}");
            assertEquals(200, overridden.statusCode(), overridden.body());
            assertEquals("parrot", porter.porter.models().current().orElseThrow().name());
            String audit = get(porter, "/api/admin/v1/audit?action=model.activation.override").toString();
            assertTrue(audit.contains("pilot of the fine-tuned model") && audit.contains("bootstrap"), audit);
        }
    }

    /** {@code POST /models/{name}/activate}, with {@code body} as JSON or (null) none. */
    static HttpResponse<String> activate(TestPorter porter, String name, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(porter.admin("/api/admin/v1/models/" + name + "/activate"))
                .header("Authorization", "Bearer " + TestPorter.ADMIN_TOKEN);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return porter.send(request.build());
    }

    @Test
    void installVerifySwitchRemoveAndSurviveARestart() throws Exception {
        Path first = withManifest(TinyLlama.folder(dir.resolve("src/tiny-a"), TinyLlama.Spec.tiny(VOCAB.size()),
                VOCAB), "tiny-a");
        Path data = dir.resolve("data");
        try (TestPorter porter = TestPorter.start(data)) {
            JsonObject empty = get(porter, "/api/admin/v1/models");
            assertTrue(empty.getJsonArray("models").isEmpty());
            assertTrue(empty.isNull("active"));
            assertEquals("none", empty.getJsonObject("status").getString("state"));

            // A random model never cites a passage, so it answers as extractive mode does: the suites' pass rates
            // are equal and the activation gate lets it through.
            HttpResponse<String> installed = post(porter, "{\"source\":" + Json.createValue(first.toString()) + "}");
            assertEquals(201, installed.statusCode(), installed.body());
            JsonObject model = TestPorter.json(installed.body());
            assertEquals("tiny-a", model.getString("name"));
            assertTrue(model.getBoolean("verified"));
            assertTrue(model.getBoolean("active"));
            assertEquals("tiny-a", porter.porter.models().current().orElseThrow().name());
            assertEquals("ready", get(porter, "/api/admin/v1/models/status").getString("state"));

            // A corrupt copy fails its checksum; the active model keeps serving.
            Path corrupt = copy(first, dir.resolve("src/corrupt"));
            byte[] weights = Files.readAllBytes(corrupt.resolve("model.onnx"));
            weights[weights.length - 10] ^= 0x55;
            Files.write(corrupt.resolve("model.onnx"), weights);
            HttpResponse<String> refused = post(porter, "{\"source\":" + Json.createValue(corrupt.toString())
                    + ",\"name\":\"corrupt\"}");
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("fails its checksum"), refused.body());
            assertEquals("tiny-a", porter.porter.models().current().orElseThrow().name());

            // An incomplete copy is refused too.
            Path incomplete = copy(first, dir.resolve("src/incomplete"));
            Files.delete(incomplete.resolve("tokenizer.json"));
            HttpResponse<String> missing = post(porter, "{\"source\":" + Json.createValue(incomplete.toString())
                    + ",\"name\":\"incomplete\"}");
            assertEquals(400, missing.statusCode());
            assertTrue(missing.body().contains("tokenizer.json is missing"), missing.body());

            // A folder without a manifest that is not a model: recorded checksums, then refused at load.
            Path notAModel = Files.createDirectories(dir.resolve("src/notes"));
            Files.writeString(notAModel.resolve("readme.txt"), "not a model");
            HttpResponse<String> notModel = post(porter, "{\"source\":" + Json.createValue(notAModel.toString()) + "}");
            assertEquals(400, notModel.statusCode());
            // Issue 13 item 7: a folder that is no model, a path that does not exist and a file that is no
            // archive get the same answer, so the API cannot be used to map the server's files; each is audited.
            String answer = TestPorter.json(notModel.body()).getString("detail");
            assertEquals(ModelManager.NO_MODEL_THERE, answer);
            for (Path probe : List.of(dir.resolve("src/no-such-folder"), dir.resolve("src/notes/readme.txt"),
                    Path.of("/etc"), Path.of("/root/.ssh/id_rsa"))) {
                HttpResponse<String> refusedProbe = post(porter, "{\"source\":" + Json.createValue(probe.toString())
                        + "}");
                assertEquals(400, refusedProbe.statusCode(), refusedProbe.body());
                assertEquals(answer, TestPorter.json(refusedProbe.body()).getString("detail"), probe.toString());
            }
            JsonObject audited = get(porter, "/api/admin/v1/audit?action=model.install.refused");
            assertTrue(audited.toString().contains("model.install.refused"), audited.toString());

            // A zip of another model switches atomically.
            Path second = withManifest(TinyLlama.folder(dir.resolve("src/tiny-b"), TinyLlama.Spec.tiny(VOCAB.size())
                    .withSize(48, 2, 96), VOCAB), "tiny-b");
            Path zip = zip(second, dir.resolve("src/tiny-b.zip"));
            HttpResponse<String> switched = post(porter, "{\"source\":" + Json.createValue(zip.toString()) + "}");
            assertEquals(201, switched.statusCode(), switched.body());
            assertEquals("tiny-b", porter.porter.models().current().orElseThrow().name());
            assertEquals(409, post(porter, "{\"source\":" + Json.createValue(zip.toString()) + "}").statusCode());

            List<String> names = get(porter, "/api/admin/v1/models").getJsonArray("models")
                    .getValuesAs(JsonObject.class).stream().map(m -> m.getString("name")).toList();
            assertEquals(List.of("tiny-a", "tiny-b"), names);

            HttpResponse<String> back = activate(porter, "tiny-a", null);
            assertEquals(200, back.statusCode(), back.body());
            assertEquals("tiny-a", porter.porter.models().current().orElseThrow().name());
            assertEquals(204, delete(porter, "tiny-b").statusCode());
            assertEquals(404, delete(porter, "tiny-b").statusCode());
        }
        // The active model is loaded again at the next start.
        try (TestPorter porter = TestPorter.start(data)) {
            assertEquals("tiny-a", porter.porter.models().current().orElseThrow().name());
            assertTrue(porter.porter.answerModeDescription().startsWith("generative mode with tiny-a"));
            assertEquals(204, delete(porter, "tiny-a").statusCode());
            assertTrue(porter.porter.models().current().isEmpty(), "removing the active model: extractive mode");
            assertEquals("extractive", porter.ask(porter.startConversation(), "Is there a gym?").getString("mode"));
        }
    }

    static Path withManifest(Path folder, String name) throws IOException {
        List<ModelManifest.FileEntry> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.add(new ModelManifest.FileEntry(folder.relativize(p).toString(), Files.size(p),
                        ModelManager.sha256(p, read -> { })));
            }
        }
        new ModelManifest(name, "a tiny test decoder", "Apache-2.0", "built by the test", 256, "none", files)
                .write(folder.resolve(ModelManifest.FILE_NAME));
        return folder;
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static Path zip(Path folder, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                z.putNextEntry(new ZipEntry(folder.getFileName() + "/" + f.getFileName()));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        return zip;
    }

    private static JsonObject get(TestPorter porter, String path) {
        HttpResponse<String> response = porter.get(porter.admin(path), TestPorter.ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return TestPorter.json(response.body());
    }

    private static HttpResponse<String> post(TestPorter porter, String body) {
        return porter.postJson(porter.admin("/api/admin/v1/models"), body, TestPorter.ADMIN_TOKEN);
    }

    private static HttpResponse<String> delete(TestPorter porter, String name) {
        return porter.send(HttpRequest.newBuilder(porter.admin("/api/admin/v1/models/" + name))
                .header("Authorization", "Bearer " + TestPorter.ADMIN_TOKEN).DELETE().build());
    }
}
