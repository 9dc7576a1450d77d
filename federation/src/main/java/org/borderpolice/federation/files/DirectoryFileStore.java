package org.borderpolice.federation.files;

import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Identifier;

/**
 * The {@link PartsFileStore} on a directory of a filesystem
 * ({@code border.federation.files.store=directory}, docs/files.md): a local disk, a NAS mount, a
 * Kubernetes PersistentVolume; one file per part, {@code <path>/<origin>/<id>/<offset>-<random>},
 * written and read with O_DIRECT where the directory takes it ({@code directory.direct-io}, on by
 * default; otherwise through the page cache), fsynced before its row commits unless
 * {@code directory.fsync=false}.
 */
@ApplicationScoped
@Identifier("directory")
public class DirectoryFileStore extends PartsFileStore {

    @Inject
    DirectoryFileStore(
            AgroalDataSource dataSource, FilesConfig config, TransactionSynchronizationRegistry transactions) {
        this(
                dataSource,
                config.directory()
                        .path()
                        .orElseThrow(
                                () -> new IllegalStateException(
                                        "border.federation.files.store=directory needs border.federation.files.directory.path")),
                config.directory().fsync(),
                config.directory().directIo(),
                transactions,
                config.inFlight());
    }

    /** {@code transactions} null: every write stands alone; O_DIRECT where the directory takes it. */
    DirectoryFileStore(
            DataSource dataSource, Path directory, boolean fsync, TransactionSynchronizationRegistry transactions) {
        this(dataSource, directory, fsync, true, transactions, DEFAULT_IN_FLIGHT);
    }

    DirectoryFileStore(
            DataSource dataSource,
            Path directory,
            boolean fsync,
            TransactionSynchronizationRegistry transactions,
            Duration inFlight) {
        this(dataSource, directory, fsync, true, transactions, inFlight);
    }

    DirectoryFileStore(
            DataSource dataSource,
            Path directory,
            boolean fsync,
            boolean directIo,
            TransactionSynchronizationRegistry transactions,
            Duration inFlight) {
        super(dataSource, new DirectoryBackend(directory, fsync, directIo), "", transactions, inFlight);
    }
}
