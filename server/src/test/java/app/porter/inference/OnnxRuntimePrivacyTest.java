package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OrtEnvironment;

class OnnxRuntimePrivacyTest {

    @Test
    void thePinnedRuntimeHasNoTelemetry() {
        String version = OrtEnvironment.getEnvironment().getVersion();
        assertEquals(version, OrtEnvironment.class.getPackage().getImplementationVersion(), "manifest = native");
        assertFalse(OnnxRuntimePrivacy.sendsTelemetry(version));
        assertDoesNotThrow(() -> OnnxRuntimePrivacy.check());
    }

    @Test
    void aRuntimeWithTelemetryNeedsTheOptOut() {
        assertThrows(IllegalStateException.class, () -> OnnxRuntimePrivacy.check("1.29.0", Map.of()));
        assertThrows(IllegalStateException.class, () -> OnnxRuntimePrivacy.check("2.0.1", Map.of()));
        assertThrows(IllegalStateException.class, () -> OnnxRuntimePrivacy.check("unknown", Map.of()));
        assertDoesNotThrow(() -> OnnxRuntimePrivacy.check("1.29.0", Map.of("ORT_DISABLE_TELEMETRY", "1")));
        assertDoesNotThrow(() -> OnnxRuntimePrivacy.check("1.28.0", Map.of()));
    }
}
