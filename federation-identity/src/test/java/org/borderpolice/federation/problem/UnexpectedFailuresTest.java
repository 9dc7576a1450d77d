package org.borderpolice.federation.problem;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

/**
 * A request body that cannot be read (over the limit while it arrives chunked, or cut off) is the
 * caller's doing: told apart from every other IOException by where it was thrown, the reading of
 * the request's stream.
 */
class UnexpectedFailuresTest {

    static IOException thrownAt(String className, String message) {
        IOException e = new IOException(message);
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement(className, "read", "Source.java", 102),
            new StackTraceElement("java.io.FilterInputStream", "read", "FilterInputStream.java", 119)
        });
        return e;
    }

    @Test
    void aBodyReadFromTheRequestStreamIsTheCallers() {
        IOException tooLarge =
                thrownAt("org.jboss.resteasy.reactive.server.vertx.VertxInputStream", "Request too large");
        assertSame(tooLarge, UnexpectedFailures.bodyReadFailure(tooLarge));
        // wrapped, as a JSON reader hands it on
        assertSame(tooLarge, UnexpectedFailures.bodyReadFailure(new UncheckedIOException(tooLarge)));
    }

    @Test
    void anyOtherIoFailureIsNot() {
        assertNull(UnexpectedFailures.bodyReadFailure(
                thrownAt("org.borderpolice.federation.files.DirectoryBackend", "No space left on device")));
        assertNull(UnexpectedFailures.bodyReadFailure(new IllegalStateException("boom")));
    }
}
