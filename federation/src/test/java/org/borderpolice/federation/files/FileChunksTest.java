package org.borderpolice.federation.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import org.borderpolice.federation.proto.files.v1.FileChunk;
import org.borderpolice.federation.proto.files.v1.FileInfo;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.KnownLength;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The fetcher's parser of file chunks: the chunk gRPC's own parser reads, refusals as gRPC's. */
class FileChunksTest {

    /** A message as gRPC hands it to a parser: its length known. */
    static final class Message extends ByteArrayInputStream implements KnownLength {
        Message(byte[] bytes) {
            super(bytes);
        }
    }

    static byte[] serialized(FileChunk chunk) throws IOException {
        try (InputStream in = FileChunks.FETCH.getResponseMarshaller().stream(chunk)) {
            return in.readAllBytes();
        }
    }

    static FileChunk chunk(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return FileChunk.newBuilder()
                .setOffset(7L * size)
                .setData(ByteString.copyFrom(data))
                .setInfo(FileInfo.newBuilder()
                        .setSize(25L * size)
                        .setSha256("ab".repeat(32))
                        .setContentType("application/pdf"))
                .build();
    }

    @Test
    void aChunkIsParsedAsGrpcsOwnParserDoes() throws IOException {
        for (int size : new int[] {0, 1, 4096, 255 * 1024}) {
            FileChunk sent = chunk(size);
            byte[] bytes = serialized(sent);
            FileChunk parsed = FileChunks.FETCH.parseResponse(new Message(bytes));
            assertEquals(sent, parsed);
            assertArrayEquals(sent.getData().toByteArray(), parsed.getData().toByteArray());
            // the message's array is not the caller's: changing the caller's bytes afterwards changes nothing
            Arrays.fill(bytes, (byte) 0);
            assertEquals(sent, parsed);
            // a stream of unknown length goes to gRPC's parser
            assertEquals(sent, FileChunks.FETCH.parseResponse(new ByteArrayInputStream(serialized(sent))));
        }
    }

    @Test
    void bytesThatAreNoChunkAreRefusedAsGrpcRefusesThem() throws IOException {
        byte[] bytes = serialized(chunk(1000));
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 10); // the data field ends early
        StatusRuntimeException e =
                assertThrows(StatusRuntimeException.class, () -> FileChunks.FETCH.parseResponse(new Message(cut)));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xff);
        e = assertThrows(StatusRuntimeException.class, () -> FileChunks.FETCH.parseResponse(new Message(garbage)));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
    }
}
