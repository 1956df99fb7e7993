package app.porter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import picocli.CommandLine.Option;

/**
 * What a command that talks to the running appliance needs (a picocli mixin): its environment, an optional token
 * file, and where to report. Tests set {@link #env}, {@link #stdout} and {@link #stderr} to their own.
 */
final class AdminConnection {

    @Option(names = "--token-file", description = "file holding an admin token (else PORTER_ADMIN_TOKEN, else the"
            + " data directory's bootstrap-admin-token)")
    Path tokenFile;

    Map<String, String> env = System.getenv();
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream stderr = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    /** @throws IOException when no token can be found (the message says where it looked) */
    AdminClient client() throws IOException {
        return AdminClient.fromEnvironment(env, Optional.ofNullable(tokenFile));
    }
}
