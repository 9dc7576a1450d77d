/**
 * Evidence files (协查函, photos, documents) attached to shared records (docs/files.md): intake
 * ({@link org.borderpolice.federation.files.FileIntake}: size limit, SHA-256, type from the
 * bytes), the pluggable {@link org.borderpolice.federation.files.FileStore} (PostgreSQL by
 * default), the owner's {@code FileTransferService} that streams a file to a partner in the
 * distribution of its record ({@link org.borderpolice.federation.files.FileAccess} decides), the
 * receiver's resumable fetcher ({@link org.borderpolice.federation.files.PendingFiles},
 * {@link org.borderpolice.federation.files.FileFetcher}), and local downloads
 * ({@link org.borderpolice.federation.files.FileDownloads}).
 */
package org.borderpolice.federation.files;
