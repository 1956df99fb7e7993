package app.porter.console;

import app.porter.admin.AdminServices;

/**
 * What the console may use: where to listen, and the same services the admin API uses, so every console action
 * passes the same checks and lands in the same audit log.
 *
 * @param host address to bind (127.0.0.1 by default: the console is for the office, not the internet)
 * @param port port to bind; 0 picks a free one
 * @param services the appliance's services as staff reach them
 */
public record ConsoleContext(String host, int port, AdminServices services) {
}
