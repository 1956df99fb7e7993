package app.porter.inference;

import java.util.Map;

import ai.onnxruntime.OrtEnvironment;

/**
 * Keeps ONNX Runtime from phoning home. Its official Linux builds from 1.29.0 on look up a Microsoft telemetry
 * endpoint, write a device id and cache events under {@code ~/.cache}, unless {@code ORT_DISABLE_TELEMETRY=1} is
 * in the environment before the library loads (a Java process cannot set its own environment, so the launcher
 * does). Porter pins 1.28.0, which has none of this; this check makes an upgrade without the variable fail loudly
 * instead of silently breaking the promise that nothing leaves the machine.
 */
public final class OnnxRuntimePrivacy {

    static final String OPT_OUT = "ORT_DISABLE_TELEMETRY";

    private OnnxRuntimePrivacy() {
    }

    /**
     * Call before anything touches ONNX Runtime: the version comes from the jar's manifest, without loading the
     * native library (loading it is what starts the telemetry).
     *
     * @throws IllegalStateException when the ONNX Runtime on the class path would send telemetry
     */
    public static void check() {
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        check(version == null ? "unknown" : version, System.getenv());
    }

    static void check(String ortVersion, Map<String, String> env) {
        if (sendsTelemetry(ortVersion) && !"1".equals(env.get(OPT_OUT))) {
            throw new IllegalStateException("ONNX Runtime " + ortVersion + " sends telemetry unless " + OPT_OUT
                    + "=1 is set in the environment (bin/porter sets it); refusing to start");
        }
    }

    static boolean sendsTelemetry(String version) {
        String[] parts = version.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 1 || (major == 1 && minor >= 29);
        } catch (NumberFormatException e) {
            return true; // an unrecognisable version is treated as the risky case
        }
    }
}
