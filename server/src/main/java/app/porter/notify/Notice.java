package app.porter.notify;

/**
 * Something staff should hear about, before its recipients are looked up.
 *
 * @param priority what the routes match on (see {@link Route#priority()})
 */
record Notice(String propertyId, String priority, String subject, String body) {
}
