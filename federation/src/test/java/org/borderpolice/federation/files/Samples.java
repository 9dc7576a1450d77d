package org.borderpolice.federation.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Files of each kind, made here: their first bytes as the formats define them. */
final class Samples {

    private Samples() {}

    static byte[] pdf() {
        return ascii("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    }

    static byte[] png() {
        return concat(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'},
                new byte[64]);
    }

    static byte[] jpeg() {
        return concat(
                new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0},
                new byte[64]);
    }

    static byte[] gif() {
        return concat(ascii("GIF89a"), new byte[64]);
    }

    static byte[] webp() {
        return concat(ascii("RIFF"), new byte[] {0x24, 0, 0, 0}, ascii("WEBPVP8 "), new byte[64]);
    }

    static byte[] tiff() {
        return concat(new byte[] {'I', 'I', 0x2a, 0, 8, 0, 0, 0}, new byte[64]);
    }

    static byte[] exe() {
        return concat(ascii("MZ"), new byte[] {(byte) 0x90, 0, 3, 0, 0, 0, 4, 0}, new byte[120]);
    }

    static byte[] docx() {
        return zip("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml");
    }

    /** OOXML whose [Content_Types].xml is not the first entry (Tika's magic then says only ZIP). */
    static byte[] xlsx() {
        return zip("xl/workbook.xml", "[Content_Types].xml", "_rels/.rels", "xl/worksheets/sheet1.xml");
    }

    static byte[] ofd() {
        return zip("OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml");
    }

    static byte[] plainZip() {
        return zip("readme.txt", "data.bin");
    }

    static byte[] text(String s, Charset charset) {
        return s.getBytes(charset);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] zip(String... names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(("<x>" + name + "</x>").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
