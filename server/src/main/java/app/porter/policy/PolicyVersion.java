package app.porter.policy;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One written version of the policy set.
 *
 * @param version 1, 2, 3 ...; the highest is active
 * @param author who wrote it, as the audit log names them ({@code system} for the shipped first version)
 */
public record PolicyVersion(int version, PolicyDraft policy, String author, Instant createdAt) {

    /** Whether its review date has come ({@code today} in the office's calendar). */
    public boolean reviewDue(LocalDate today) {
        return !today.isBefore(policy.reviewBy());
    }

    /** What the generative model reads first: the answer policy, then the tone line. */
    public String promptText() {
        return policy.tone().isEmpty() ? policy.answerPolicy() : policy.answerPolicy() + "\n" + policy.tone();
    }
}
