package org.borderpolice.federation.files;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/** The {@link FileStore} named by {@code border.federation.files.store}, for injection as plain {@code FileStore}. */
@ApplicationScoped
public class FileStores {

    @Produces
    @Singleton
    FileStore selected(@Any Instance<FileStore> stores, FilesConfig config) {
        Instance<FileStore> named = stores.select(Identifier.Literal.of(config.store()));
        if (!named.isResolvable()) {
            throw new IllegalStateException("border.federation.files.store=" + config.store()
                    + " names no file store (built in: postgresql, s3, directory)");
        }
        return named.get();
    }

    /**
     * A store outside PostgreSQL is checked when the service starts (never in a migration job,
     * which exits before): a wrong directory, bucket or key stops it here, not at the first upload.
     */
    void check(@Observes StartupEvent event, FileStore store) {
        if (store instanceof PartsFileStore parts) {
            parts.check();
        }
    }
}
