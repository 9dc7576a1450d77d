package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class FileIntakeTest {

    static final long MB = 1024 * 1024;
    static final Set<String> DEFAULT_TYPES = Set.of(
            ContentTypes.PDF,
            "image/jpeg",
            "image/png",
            "image/gif",
            "image/webp",
            "image/tiff",
            ContentTypes.DOCX,
            ContentTypes.XLSX,
            ContentTypes.TEXT,
            ContentTypes.OFD);
    static final int CHUNK = 512 * 1024;

    final MemoryFileStore store = new MemoryFileStore();
    final FileKey key = new FileKey("330881", UUID.randomUUID());

    StoredFile accept(byte[] bytes) {
        return FileIntake.accept(store, key, new ByteArrayInputStream(bytes), 25 * MB, DEFAULT_TYPES, CHUNK);
    }

    FileRefused refused(byte[] bytes) {
        FileRefused e = assertThrows(FileRefused.class, () -> accept(bytes));
        assertTrue(store.files.isEmpty(), "nothing stored");
        assertTrue(store.bytes.isEmpty(), "no bytes stored");
        return e;
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(FileIntake.sha256().digest(bytes));
    }

    void acceptedAs(byte[] bytes, String type) {
        StoredFile file = accept(bytes);
        assertEquals(type, file.contentType());
        assertEquals(bytes.length, file.size());
        assertEquals(sha256(bytes), file.sha256());
        assertTrue(file.complete());
        assertEquals(file, store.find(key).orElseThrow());
        assertArrayEquals(bytes, store.bytes.get(key).toByteArray());
    }

    @Test
    void everyAllowedKindIsKnownByItsBytes() {
        acceptedAs(Samples.pdf(), ContentTypes.PDF);
        store.delete(key);
        acceptedAs(Samples.png(), "image/png");
        store.delete(key);
        acceptedAs(Samples.jpeg(), "image/jpeg");
        store.delete(key);
        acceptedAs(Samples.gif(), "image/gif");
        store.delete(key);
        acceptedAs(Samples.webp(), "image/webp");
        store.delete(key);
        acceptedAs(Samples.tiff(), "image/tiff");
        store.delete(key);
        acceptedAs(Samples.docx(), ContentTypes.DOCX);
        store.delete(key);
        acceptedAs(Samples.xlsx(), ContentTypes.XLSX);
        store.delete(key);
        acceptedAs(Samples.ofd(), ContentTypes.OFD);
        store.delete(key);
        acceptedAs(Samples.utf8("协查函\n请协助查询车辆 浙H12345 的通行记录。\r\n"), ContentTypes.TEXT);
    }

    @Test
    void otherTypesAreRefusedWith415AndStoreNothing() {
        assertEquals(415, refused(Samples.exe()).status());
        assertEquals(415, refused(Samples.plainZip()).status());
        assertEquals(
                415,
                refused(Samples.utf8("<!DOCTYPE html><html><script>alert(1)</script></html>"))
                        .status());
    }

    @Test
    void textMustBeUtf8Throughout() {
        // GBK-encoded Chinese: not UTF-8
        assertEquals(
                415, refused(Samples.text("协查函：请协助查询", Charset.forName("GBK"))).status());
        // text at first, a NUL far past the bytes the type was sniffed from
        byte[] late = Samples.concat(Samples.utf8("a".repeat(200_000)), new byte[] {0}, Samples.utf8("b"));
        assertEquals(415, refused(late).status());
    }

    @Test
    void aCharacterAcrossTwoReadsIsStillText() {
        // the buffer holds 512 KiB: 中 (3 bytes) starts one byte before its end
        byte[] text = Samples.concat(Samples.utf8("a".repeat(CHUNK - 1)), Samples.utf8("中文"));
        acceptedAs(text, ContentTypes.TEXT);
    }

    @Test
    void anEmptyFileIsRefusedWith400() {
        assertEquals(400, refused(new byte[0]).status());
    }

    @Test
    void twentyFiveMegabytesAreTheLimitAndTheFileIsStreamed() {
        byte[] exactly = Samples.concat(Samples.pdf(), new byte[(int) (25 * MB) - Samples.pdf().length]);
        acceptedAs(exactly, ContentTypes.PDF);
        assertTrue(store.largestAppend <= CHUNK, "appended a chunk at a time, not " + store.largestAppend);
        store.delete(key);
        byte[] oneMore = Samples.concat(exactly, new byte[1]);
        assertEquals(413, refused(oneMore).status());
    }

    @Test
    void readingStopsAtTheLimit() {
        CountingStream endless = new CountingStream(Samples.pdf(), 10L * 1024 * MB);
        FileRefused e = assertThrows(
                FileRefused.class, () -> FileIntake.accept(store, key, endless, 2 * MB, DEFAULT_TYPES, CHUNK));
        assertEquals(413, e.status());
        assertTrue(endless.read <= 2 * MB + CHUNK, "read " + endless.read + " bytes of an endless upload");
        assertTrue(store.files.isEmpty());
    }

    @Test
    void theAllowListIsTheConfiguredOne() {
        FileRefused e = assertThrows(
                FileRefused.class,
                () -> FileIntake.accept(
                        store, key, new ByteArrayInputStream(Samples.png()), MB, Set.of(ContentTypes.PDF), CHUNK));
        assertEquals(415, e.status());
        assertTrue(e.getMessage().contains("image/png"), e.getMessage());
        FileRefused docx = assertThrows(
                FileRefused.class,
                () -> FileIntake.accept(
                        store, key, new ByteArrayInputStream(Samples.docx()), MB, Set.of(ContentTypes.OFD), CHUNK));
        assertTrue(docx.getMessage().contains(ContentTypes.DOCX), docx.getMessage());
        assertTrue(store.files.isEmpty());
    }

    @Test
    void theDownloadNameIsQuotedSafely() {
        FileKey k = new FileKey("330881", UUID.fromString("00000000-0000-0000-0000-000000000001"));
        assertEquals(
                "attachment; filename=\"___.pdf\"; filename*=UTF-8''%E5%8D%8F%E6%9F%A5%E5%87%BD.pdf",
                FileDownloads.disposition("协查函.pdf", k));
        assertEquals(
                "attachment; filename=\"a__b.txt\"; filename*=UTF-8''a%22%3Bb.txt",
                FileDownloads.disposition("a\";b.txt", k));
        assertTrue(FileDownloads.disposition(null, k).contains(k.id().toString()));
    }

    /** A PDF header, then zeros without end; counts what was read. */
    static final class CountingStream extends InputStream {
        private final byte[] head;
        private final long length;
        long read;

        CountingStream(byte[] head, long length) {
            this.head = head;
            this.length = length;
        }

        @Override
        public int read() throws IOException {
            if (read >= length) {
                return -1;
            }
            return read < head.length ? head[(int) read++] & 0xff : (int) (read++ * 0);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - read);
            for (int i = 0; i < n; i++) {
                long at = read + i;
                b[off + i] = at < head.length ? head[(int) at] : 0;
            }
            read += n;
            return n;
        }
    }

    /** Bytes from elsewhere (a partner's file once fetched and verified) are typed as intake types them. */
    String typeOfStored(byte[] bytes) throws IOException {
        FileKey other = new FileKey("330723", UUID.randomUUID());
        store.create(other);
        store.append(other, 0, bytes, bytes.length);
        return FileIntake.typeOfStored(store, other, bytes.length, DEFAULT_TYPES);
    }

    @Test
    void aFetchedFilesTypeIsDecidedByItsBytes() throws IOException {
        assertEquals(ContentTypes.PDF, typeOfStored(Samples.pdf()));
        assertEquals(ContentTypes.DOCX, typeOfStored(Samples.docx()));
        assertEquals(ContentTypes.OFD, typeOfStored(Samples.ofd()));
        assertEquals(ContentTypes.TEXT, typeOfStored(Samples.utf8("经核查，张某于3月5日入住。")));
        // whatever its owner calls them: an executable, a plain ZIP, text that is not UTF-8 throughout
        assertEquals(
                415,
                assertThrows(FileRefused.class, () -> typeOfStored(Samples.exe()))
                        .status());
        assertEquals(
                415,
                assertThrows(FileRefused.class, () -> typeOfStored(Samples.plainZip()))
                        .status());
        assertEquals(
                415,
                assertThrows(FileRefused.class, () -> typeOfStored(Samples.text("经核查", Charset.forName("GBK"))))
                        .status());
    }
}
