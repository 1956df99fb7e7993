package app.porter.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

import app.porter.errors.InvalidInput;

/** How a report's days are grouped: one point a day, or one a week (ISO weeks, starting on Monday). */
public enum Bucket {
    DAY, WEEK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The first day of the bucket {@code day} falls in. */
    public LocalDate start(LocalDate day) {
        return this == DAY ? day : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The first day of the next bucket after the one starting on {@code start}. */
    LocalDate next(LocalDate start) {
        return this == DAY ? start.plusDays(1) : start.plusWeeks(1);
    }

    /** @throws InvalidInput for anything but {@code day} or {@code week} */
    public static Bucket fromId(String id) {
        for (Bucket b : values()) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        throw new InvalidInput("bucket must be day or week");
    }
}
