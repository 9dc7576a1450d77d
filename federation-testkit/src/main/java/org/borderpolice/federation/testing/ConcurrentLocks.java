package org.borderpolice.federation.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javax.sql.DataSource;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Whether a read "locked for a change" holds its row's lock when several run at once. A row lock
 * gives the transaction an id ({@code txid_current_if_assigned()}); a read without its lock gives
 * none. Hibernate's own locked read of an entity that fetches a collection sometimes took no lock
 * when several ran at once.
 */
public final class ConcurrentLocks {

    private ConcurrentLocks() {}

    /**
     * Runs {@code lockedRead} (given the reader's number) in {@code readers} transactions started
     * together, {@code rounds} times; each transaction must hold a row lock after it ({@code db}:
     * the service's transactional data source).
     */
    public static void assertEachHoldsItsLock(DataSource db, int readers, int rounds, IntConsumer lockedRead)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier together = new CyclicBarrier(readers);
                List<Future<Object>> held = new ArrayList<>();
                for (int r = 0; r < readers; r++) {
                    int reader = r;
                    held.add(pool.submit(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        return QuarkusTransaction.requiringNew().call(() -> {
                            lockedRead.accept(reader);
                            // the transaction's own connection (the pool enlists one per transaction)
                            try (var c = db.getConnection();
                                    var s = c.createStatement();
                                    var rs = s.executeQuery("SELECT txid_current_if_assigned()")) {
                                rs.next();
                                return rs.getObject(1);
                            }
                        });
                    }));
                }
                for (Future<Object> h : held) {
                    assertNotNull(h.get(), "round " + round + ": a transaction read the row without its lock");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * In one transaction {@code before} (an unlocked read), then, once {@code change} has been
     * committed by another, {@code underLock}: what each returned, to compare. Hibernate would hand
     * out the entity read first, unchanged, unless the lock reads it again.
     */
    public static <T> List<T> readAroundAChange(
            java.util.function.Supplier<T> before,
            java.util.concurrent.Callable<?> change,
            java.util.function.Supplier<T> underLock)
            throws Exception {
        java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<T>> seen =
                    pool.submit(() -> QuarkusTransaction.requiringNew().call(() -> {
                        T first = before.get();
                        read.countDown();
                        if (!changed.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the change was not made");
                        }
                        return List.of(first, underLock.get());
                    }));
            if (!read.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the first read was not made: " + seen);
            }
            change.call();
            changed.countDown();
            return seen.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }
}
