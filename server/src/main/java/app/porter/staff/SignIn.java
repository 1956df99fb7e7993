package app.porter.staff;

import java.time.Duration;

import app.porter.access.Actor;

/** How a console sign-in attempt ended. None of them says which of username, password or code was wrong. */
public sealed interface SignIn {

    /** Signed in; {@code method} says with what ("password+totp" or "password+recovery-code"), for the audit log. */
    record SignedIn(Actor actor, String method) implements SignIn {
    }

    /**
     * The password was right and the person has no authenticator yet: the console enrols one now
     * ({@link StaffAccounts#enrol}) before signing them in.
     */
    record NeedsEnrolment(String username) implements SignIn {
    }

    /** Wrong username, password or code. */
    record Refused() implements SignIn {
    }

    /**
     * Too many recent failures: nothing is checked before {@code retryAfter} has passed (a progressive delay; after
     * {@link StaffAccounts#LOCK_AFTER} failures the account is locked for {@link StaffAccounts#LOCK_FOR}).
     */
    record TryLater(Duration retryAfter, boolean locked) implements SignIn {
    }
}
