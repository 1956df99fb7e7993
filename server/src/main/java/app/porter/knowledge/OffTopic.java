package app.porter.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The example questions no property document answers, from {@code /knowledge/off-topic.txt}. */
final class OffTopic {

    private OffTopic() {
    }

    static List<String> questions() {
        try (InputStream in = OffTopic.class.getResourceAsStream("/knowledge/off-topic.txt")) {
            if (in == null) {
                throw new IOException("/knowledge/off-topic.txt is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
