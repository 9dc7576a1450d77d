package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry names of a ZIP file from its central directory, read by range from the store: the end
 * record (in the last 64 KiB), then the directory itself. Nothing is inflated, so a ZIP bomb
 * costs no more than its size.
 */
final class ZipEntries {

    /** A larger directory is not read (no document of ours has one). */
    static final int MAX_DIRECTORY = 4 * 1024 * 1024;

    private static final int END = 0x06054b50;
    private static final int ENTRY = 0x02014b50;

    /** The bytes from an offset on. */
    @FunctionalInterface
    interface Ranges {
        InputStream open(long offset) throws IOException;
    }

    private ZipEntries() {}

    /** Entry names; empty if the end record or the directory is not where a ZIP has them. */
    static List<String> names(Ranges file, long size) throws IOException {
        int tailLength = (int) Math.min(size, 22 + 65_535);
        byte[] tail = read(file, size - tailLength, tailLength);
        int end = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (int32(tail, i) == END) {
                end = i;
                break;
            }
        }
        List<String> names = new ArrayList<>();
        if (end < 0) {
            return names;
        }
        long directorySize = int32(tail, end + 12) & 0xffffffffL;
        long directoryOffset = int32(tail, end + 16) & 0xffffffffL;
        if (directorySize > MAX_DIRECTORY || directoryOffset + directorySize > size) {
            return names;
        }
        byte[] directory = read(file, directoryOffset, (int) directorySize);
        int p = 0;
        while (p + 46 <= directory.length && int32(directory, p) == ENTRY) {
            int nameLength = int16(directory, p + 28);
            int extraLength = int16(directory, p + 30);
            int commentLength = int16(directory, p + 32);
            if (p + 46 + nameLength > directory.length) {
                break;
            }
            names.add(new String(directory, p + 46, nameLength, StandardCharsets.UTF_8));
            p += 46 + nameLength + extraLength + commentLength;
        }
        return names;
    }

    private static byte[] read(Ranges file, long offset, int length) throws IOException {
        try (InputStream in = file.open(offset)) {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new IOException("a stored file ended early");
            }
            return bytes;
        }
    }

    private static int int16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static int int32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
