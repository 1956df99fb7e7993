package app.porter.flows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import app.porter.TestPorter;
import jakarta.json.JsonObject;

class ScratchEmergencyInfoTest {
    @TempDir
    Path dataDir;

    @Test
    void show() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            for (String q : new String[] {"What should I do in an emergency?", "What do I do in case of a fire?",
                    "What should I do if I smell gas?", "Who do I call in an emergency?",
                    "What is the procedure for emergencies after hours?", "¿Qué hago en caso de emergencia?",
                    "What should I do if there is a flood?", "How do I report an emergency?"}) {
                TestPorter.Started c = porter.startConversation();
                JsonObject r = porter.ask(c, q);
                System.out.println("Q: " + q + "\n  mode=" + r.getString("mode") + "\n  " + r.getString("reply").replace("\n", " | "));
            }
        }
    }
}
