package app.porter.doctor;

import java.util.List;
import java.util.Locale;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

/** {@code porter doctor}'s findings as aligned plain text for people, or JSON for scripts. */
public final class DoctorReport {

    private DoctorReport() {
    }

    public static String plain(List<Finding> findings) {
        int width = findings.stream().mapToInt(f -> f.check().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append(String.format(Locale.ROOT, "%-4s  %-" + width + "s  %s%n", f.status(), f.check(), f.detail()));
        }
        out.append(String.format(Locale.ROOT, "%d ok, %d warning(s), %d failure(s)%n",
                count(findings, Finding.Status.OK), count(findings, Finding.Status.WARN),
                count(findings, Finding.Status.FAIL)));
        return out.toString();
    }

    public static String json(List<Finding> findings) {
        JsonArrayBuilder checks = Json.createArrayBuilder();
        for (Finding f : findings) {
            checks.add(Json.createObjectBuilder().add("check", f.check())
                    .add("status", f.status().name().toLowerCase(Locale.ROOT)).add("detail", f.detail()));
        }
        return Json.createObjectBuilder()
                .add("healthy", Doctor.exitCode(findings) == 0)
                .add("warnings", count(findings, Finding.Status.WARN))
                .add("failures", count(findings, Finding.Status.FAIL))
                .add("checks", checks)
                .build().toString();
    }

    private static long count(List<Finding> findings, Finding.Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}
