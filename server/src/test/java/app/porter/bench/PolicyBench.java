package app.porter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import app.porter.audit.AuditLog;
import app.porter.flows.EmergencyLayer;
import app.porter.language.Language;
import app.porter.policy.Policies;
import app.porter.store.Database;
import app.porter.store.Migrator;

/**
 * What the policy-topic stage costs per tenant message: the shipped first version's topic rules (every language's
 * tried on every message), against the emergency layer's rules on the same messages as the baseline (both look at
 * the normalised text before anything else does; neither needs a model).
 *
 * <p>A plain {@code main}, not a test. Run it from the repository root with
 * <pre>
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.PolicyBench
 * </pre>
 * Optional: {@code bench.messages} (default 20000). A few seconds on 2 idle cores.
 */
public final class PolicyBench {

    private static final List<String> MESSAGES = List.of(
            "When is rent due?", "Can I have a pet?", "How do I pay my rent online?", "Where do I put my recycling?",
            "Is there a playground for the kids?", "The dishwasher is leaking onto the floor",
            "¿Cuándo hay que pagar el alquiler?", "Est-ce que je peux avoir un chat ?", "房租什么时候交？",
            "Có sự kiện gì trong tòa nhà tuần này không?", "متى يجب دفع الإيجار؟",
            "I'm going to sue you", "Can you refuse tenants with kids?", "My landlord says he will evict me",
            "I want to dispute the rent increase", "Los voy a demandar", "我要起诉你们");

    private PolicyBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("bench.messages", 20_000);
        Path dir = Files.createTempDirectory("policy-bench");
        try (Database database = Database.open(dir)) {
            new Migrator(database).migrate(java.util.stream.Stream.of(AuditLog.MIGRATIONS, Policies.MIGRATIONS)
                    .flatMap(List::stream).toList());
            Policies policies = new Policies(database, new AuditLog(database, Clock.systemUTC()), Clock.systemUTC(),
                    "You are Porter.");
            EmergencyLayer emergencies = new EmergencyLayer(null, 1f);
            Random random = new Random(20_261_206L);
            List<String> workload = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                workload.add(MESSAGES.get(random.nextInt(MESSAGES.size())).toLowerCase(Locale.ROOT));
            }
            for (int warm = 0; warm < 3; warm++) {
                run(workload, m -> policies.topic(m, Language.EN).isPresent());
                run(workload, m -> emergencies.detect(m, null, false, null).isPresent());
            }
            long[] topics = run(workload, m -> policies.topic(m, Language.EN).isPresent());
            long[] emergency = run(workload, m -> emergencies.detect(m, null, false, null).isPresent());
            System.out.printf("%-34s %10s %12s %8s%n", "rules over " + count + " messages", "µs/msg", "total ms",
                    "matched");
            System.out.printf("%-34s %10.2f %12.1f %8d%n", "emergency layer (baseline)",
                    emergency[0] / 1000.0 / count, emergency[0] / 1e6, emergency[1]);
            System.out.printf("%-34s %10.2f %12.1f %8d%n", "policy topics, first version",
                    topics[0] / 1000.0 / count, topics[0] / 1e6, topics[1]);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Nanoseconds for the workload, and how many messages matched. */
    private static long[] run(List<String> workload, java.util.function.Predicate<String> rules) {
        long matched = 0;
        long start = System.nanoTime();
        for (String message : workload) {
            if (rules.test(message)) {
                matched++;
            }
        }
        return new long[] {System.nanoTime() - start, matched};
    }
}
