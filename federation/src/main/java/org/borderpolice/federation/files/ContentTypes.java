package org.borderpolice.federation.files;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

/**
 * What a file is, from its bytes alone (the uploader's name and type are never asked): Apache
 * Tika's magic numbers for the first bytes; for ZIP containers the names of their entries (read
 * from the central directory, nothing inflated), which tell DOCX, XLSX and OFD apart; text only if
 * all of it is UTF-8 ({@link Utf8Text}).
 */
public final class ContentTypes {

    public static final String PDF = "application/pdf";
    public static final String TEXT = "text/plain";
    public static final String ZIP = "application/zip";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** 版式文档 OFD (GB/T 33190): a ZIP whose root holds OFD.xml. */
    public static final String OFD = "application/ofd";

    public static final String UNKNOWN = "application/octet-stream";

    /** Bytes Tika's magic needs at most (its longest pattern offset, with margin). */
    public static final int HEAD = 64 * 1024;

    private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();

    private ContentTypes() {}

    /** The media type the first bytes of a file show (its base type, no parameters). */
    public static String sniff(byte[] head, int length) {
        try (var in = new BufferedInputStream(new ByteArrayInputStream(head, 0, Math.min(length, HEAD)))) {
            String type = TIKA.detect(in, new Metadata()).getBaseType().toString();
            return isZip(type) ? ZIP : type;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ZIP, or a ZIP-based type Tika's magic names (it sees OOXML when [Content_Types].xml comes first). */
    public static boolean isZip(String type) {
        return ZIP.equals(type)
                || "application/x-tika-ooxml".equals(type)
                || "application/x-zip-compressed".equals(type);
    }

    /** The type of a ZIP container from the names of its entries. */
    public static String ofZipEntries(Collection<String> names) {
        if (names.contains("[Content_Types].xml")) {
            if (names.contains("word/document.xml")) {
                return DOCX;
            }
            if (names.contains("xl/workbook.xml")) {
                return XLSX;
            }
        }
        if (names.contains("OFD.xml")) {
            return OFD;
        }
        return ZIP;
    }
}
