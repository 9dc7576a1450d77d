package org.borderpolice.federation.files;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.problem.NotFoundProblem;

/**
 * A service's download endpoint in one call, once the service has checked that the caller sees
 * the record holding the file: audits the download, then streams the bytes from the store with
 * their SHA-256 as ETag and Repr-Digest, the detected type (one intake allows; anything else goes
 * out as application/octet-stream), {@code Content-Disposition: attachment} with the uploader's
 * name, and {@code nosniff}. A file not complete here (a partner's still being fetched, or one
 * whose bytes did not match) is 404: never served, and the attempt is audited all the same.
 */
@ApplicationScoped
public class FileDownloads {

    /** The audit detail of a download whose bytes are not here (yet): nothing was served. */
    public static final String NOT_HERE = "not here (yet): no bytes served";

    private final FileStore store;
    private final AuditLog auditLog;
    private final Set<String> allowed;

    @Inject
    public FileDownloads(FileStore store, AuditLog auditLog, FilesConfig config) {
        this.store = store;
        this.auditLog = auditLog;
        this.allowed = Set.copyOf(config.allowedTypes());
    }

    /**
     * The file as a response; {@code audit} is the entry to write (action e.g.
     * "case.file.downloaded", the record, the caller). {@code ifNoneMatch}: the request's header
     * (304 when it names this file's ETag; audited all the same).
     */
    public Response download(FileKey key, String name, AuditEntry audit, String ifNoneMatch) {
        java.util.Optional<StoredFile> found = store.find(key).filter(StoredFile::complete);
        if (found.isEmpty()) {
            // the caller sees the record: its attempt is audited as refused reads are, no bytes served
            auditLog.append(new AuditEntry(
                    audit.actor(),
                    audit.jurisdiction(),
                    audit.action(),
                    audit.recordType(),
                    audit.recordId(),
                    audit.detail() + "; " + NOT_HERE));
            throw new NotFoundProblem("no file " + key.id() + " here (yet)");
        }
        StoredFile file = found.get();
        auditLog.append(audit);
        String etag = "\"" + file.sha256() + "\"";
        if (etag.equals(ifNoneMatch)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        StreamingOutput body = out -> {
            try (InputStream in = store.open(key, 0)) {
                in.transferTo(out);
            }
        };
        String type = allowed.contains(file.contentType()) ? file.contentType() : "application/octet-stream";
        return Response.ok(body)
                .type(type)
                .header(HttpHeaders.CONTENT_LENGTH, file.size())
                .header(HttpHeaders.ETAG, etag)
                .header(
                        "Repr-Digest",
                        "sha-256=:"
                                + Base64.getEncoder()
                                        .encodeToString(HexFormat.of().parseHex(file.sha256())) + ":")
                .header("Content-Disposition", disposition(name, key))
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** attachment, with an ASCII fallback name and the real one in RFC 6266/8187 form. */
    static String disposition(String name, FileKey key) {
        String real = name == null || name.isBlank() ? key.id().toString() : name;
        String ascii = real.replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = URLEncoder.encode(real, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
