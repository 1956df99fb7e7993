package app.porter.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * Importing checkpoints through the admin API of a real appliance: a GGUF file Porter has never seen becomes an
 * installed, verified model that answers; bad sources are refused with their reason and leave nothing behind.
 */
class ModelImportApiTest {

    @TempDir
    Path dir;

    /** A tiny llama with a window long enough for the chat prompt, so the activation's load test can run it. */
    static Checkpoint tinyLlama(long seed) {
        DecoderShape s = TinyCheckpoints.tiny("llama");
        DecoderShape windowed = new DecoderShape(s.architecture(), s.vocabSize(), s.hidden(), s.layers(), s.heads(),
                s.kvHeads(), s.headDim(), s.intermediate(), 8192, s.ropeTheta(), s.rmsEps(), s.tiedEmbeddings(),
                s.variant(), s.bosTokenId(), s.eosTokenIds());
        return TinyCheckpoints.random(windowed, seed);
    }

    @Test
    void aGgufFileIsImportedVerifiedInstalledAndAnswers() throws Exception {
        Path gguf = dir.resolve("src/Tiny-Llama-Q8_0.gguf");
        Files.createDirectories(gguf.getParent());
        GgufWriter.write(tinyLlama(7), TensorType.Q8_0, gguf);
        try (TestPorter porter = TestPorter.start(dir.resolve("data"))) {
            HttpResponse<String> started = post(porter, "{\"source\":" + Json.createValue(gguf.toString()) + "}");
            assertEquals(202, started.statusCode(), started.body());
            JsonObject job = TestPorter.json(started.body()).getJsonObject("job");
            assertEquals("Tiny-Llama-Q8_0", job.getString("name"));
            assertEquals("as-source", job.getString("format"));

            JsonObject done = awaitFinished(porter, job.getString("id"));
            assertEquals("done", done.getString("state"), done.toString());
            assertEquals(1.0, done.getJsonNumber("progress").doubleValue());
            JsonObject verification = done.getJsonObject("verification");
            assertTrue(verification.getBoolean("passed"), verification.toString());
            // q8_0 blocks are kept as they are, but the 8-bit matmul rounds activations: bounded, not exact
            assertFalse(verification.getBoolean("exact"), verification.toString());
            assertTrue(verification.getJsonNumber("maxLogitError").doubleValue() < 0.05, verification.toString());
            assertTrue(verification.getInt("greedyTokensCompared") > 0, verification.toString());

            // Installed like any model: listed with its checksums verified, and (activate defaults to true) the
            // model that now answers tenants.
            JsonObject models = TestPorter.json(porter.adminGet("/api/admin/v1/models").body());
            JsonObject model = models.getJsonArray("models").getJsonObject(0);
            assertEquals("Tiny-Llama-Q8_0", model.getString("name"));
            assertTrue(model.getBoolean("verified"));
            assertTrue(model.getString("description").startsWith("Imported llama"), model.toString());
            assertEquals(gguf.toString(), model.getString("source"));
            assertEquals("Tiny-Llama-Q8_0", models.getString("active"));
            assertEquals("Tiny-Llama-Q8_0", porter.porter.models().current().orElseThrow().name());

            // No work folder is left beside the models.
            try (var left = Files.list(dir.resolve("data/models"))) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".import-")));
            }
            String audit = porter.adminGet("/api/admin/v1/audit?action=model.import").body();
            assertTrue(audit.contains("Tiny-Llama-Q8_0 imported"), audit);

            // A tenant's question is answered while the imported model serves (random weights: only that it comes).
            JsonObject answer = porter.ask(porter.startConversation(), "What day is rent due?");
            assertFalse(answer.getString("reply").isBlank(), answer.toString());
        }
    }

    @Test
    void badSourcesAreRefusedWithTheirReasonAndLeaveNothing() throws Exception {
        Path notGguf = dir.resolve("src/notes.gguf");
        Files.createDirectories(notGguf.getParent());
        Files.writeString(notGguf, "these are not weights");
        Path emptyFolder = Files.createDirectories(dir.resolve("src/empty"));
        try (TestPorter porter = TestPorter.start(dir.resolve("data"))) {
            HttpResponse<String> missing = post(porter, "{\"source\":" + Json.createValue(dir.resolve("nothing.gguf")
                    .toString()) + "}");
            assertEquals(400, missing.statusCode(), missing.body());
            assertTrue(missing.body().contains("no importable checkpoint at that path"), missing.body());
            HttpResponse<String> folder = post(porter, "{\"source\":" + Json.createValue(emptyFolder.toString()) + "}");
            assertEquals(400, folder.statusCode(), folder.body());
            assertEquals(400, post(porter, "{\"source\":\"relative/model.gguf\"}").statusCode());
            HttpResponse<String> format = post(porter, "{\"source\":" + Json.createValue(notGguf.toString())
                    + ",\"format\":\"fp8\"}");
            assertEquals(400, format.statusCode(), format.body());
            assertTrue(format.body().contains("as-source, f32, int8, int4"), format.body());
            HttpResponse<String> badName = post(porter, "{\"source\":" + Json.createValue(notGguf.toString())
                    + ",\"name\":\"../escape\"}");
            assertEquals(400, badName.statusCode(), badName.body());

            // A file that exists but is no GGUF: the job fails with the reader's reason; nothing is installed.
            HttpResponse<String> started = post(porter, "{\"source\":" + Json.createValue(notGguf.toString()) + "}");
            assertEquals(202, started.statusCode(), started.body());
            JsonObject failed = awaitFinished(porter, TestPorter.json(started.body()).getJsonObject("job")
                    .getString("id"));
            assertEquals("failed", failed.getString("state"), failed.toString());
            assertFalse(failed.getString("detail").isBlank(), failed.toString());
            assertTrue(TestPorter.json(porter.adminGet("/api/admin/v1/models").body())
                    .getJsonArray("models").isEmpty());
            try (var left = Files.list(dir.resolve("data/models"))) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")));
            }
            assertEquals(404, porter.adminGet("/api/admin/v1/models/imports/no-such-job").statusCode());
        }
    }

    static JsonObject awaitFinished(TestPorter porter, String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            JsonObject job = TestPorter.json(porter.adminGet("/api/admin/v1/models/imports/" + id).body());
            if (!job.isNull("finishedAt")) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the import did not finish: " + job);
            }
            Thread.sleep(200);
        }
    }

    static HttpResponse<String> post(TestPorter porter, String body) {
        return porter.adminPost("/api/admin/v1/models/imports", body);
    }

}
