package app.porter.access;

/** Who is calling the admin API or using the console, as established by a bearer token. */
public record AdminPrincipal(String tokenId, String name, Role role) {
}
