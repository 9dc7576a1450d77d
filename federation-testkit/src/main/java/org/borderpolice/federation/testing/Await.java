package org.borderpolice.federation.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Wait for something another process does. A bound only decides how long a wrong product takes
 * to fail (its condition never comes true); a correct one is waited for no longer than it needs.
 * So the bounds are generous: a slow or shared CI machine must not fail a correct product.
 */
public final class Await {

    /**
     * For what waits on the machine alone (a start-up, a delivery, a background job that runs
     * as soon as it can): how long a busy two-core machine may take.
     */
    public static final Duration MACHINE = Duration.ofSeconds(120);

    private Await() {}

    /**
     * For what a timer of the product brings about: this many of its intervals (the setting the
     * test gave the process), plus {@link #MACHINE}.
     */
    public static Duration timer(Duration interval, int intervals) {
        return interval.multipliedBy(intervals).plus(MACHINE);
    }

    /** {@link #until(Duration, BooleanSupplier, Supplier)} within {@link #MACHINE}. */
    public static void until(BooleanSupplier condition, Supplier<String> whatWasExpected) {
        until(MACHINE, condition, whatWasExpected);
    }

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> whatWasExpected) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + whatWasExpected.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
