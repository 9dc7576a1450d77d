package org.borderpolice.cases.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.cases.config.CaseFilesConfig;
import org.borderpolice.federation.files.FileKey;
import org.borderpolice.federation.files.FileStore;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Collects orphans: files of ours that intake stored (in a transaction of its own) but that no
 * record names, because the reference that should have followed failed and its clean-up did not
 * run (the service stopped in between). Only files older than
 * {@code border.cases.files.orphan-grace} are dropped, so an upload still on its way is never
 * touched; partners' files (fetched for their records) are not ours to drop.
 */
@ApplicationScoped
public class FileOrphans {

    private static final Logger LOG = Logger.getLogger(FileOrphans.class);
    private static final int BATCH = 100;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    FileStore store;

    @Inject
    TrustList trustList;

    @Inject
    CaseFilesConfig config;

    @Scheduled(
            identity = "case-file-orphans",
            every = "${border.cases.files.orphan-sweep-every:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            int dropped = collect(Instant.now().minus(config.orphanGrace()));
            if (dropped > 0) {
                LOG.infof("dropped %d unreferenced files", dropped);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not collect unreferenced files (tried again later): %s", e.getMessage());
        }
    }

    /** Drop (a batch of) our files created before {@code before} that no record names; how many. */
    @Transactional
    public int collect(Instant before) {
        List<FileKey> orphans = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT f.id FROM federation.file f
                        WHERE f.origin = ? AND f.created_at < ?
                          AND NOT EXISTS (SELECT 1 FROM case_file cf WHERE cf.origin = f.origin AND cf.file_id = f.id)
                        ORDER BY f.created_at LIMIT ?
                        FOR UPDATE OF f SKIP LOCKED""")) {
            select.setString(1, trustList.selfCode());
            select.setTimestamp(2, Timestamp.from(before));
            select.setInt(3, BATCH);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    orphans.add(new FileKey(trustList.selfCode(), rs.getObject(1, UUID.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not look for unreferenced files", e);
        }
        orphans.forEach(store::delete);
        return orphans.size();
    }
}
