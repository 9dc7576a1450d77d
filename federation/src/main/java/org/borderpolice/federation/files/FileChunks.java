package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;

import org.borderpolice.federation.proto.files.v1.FetchRequest;
import org.borderpolice.federation.proto.files.v1.FileChunk;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * The fetcher's side of FileTransferService.Fetch: the generated method with a parser that keeps
 * the file's bytes where they arrived. gRPC's own parser reads each message into an array it reuses
 * and copies the {@code data} field out of it; here each message is read into an array of its own,
 * and {@code data} is a view of it: one copy of every byte fewer at the receiver (the copy was a
 * sixth of its CPU during a transfer, bench/README.md). The message's size is what gRPC already
 * checked against {@code max-message-size} before it gets here.
 */
final class FileChunks {

    private FileChunks() {}

    /** Fetch, with file chunks parsed by {@link Parser}. */
    static final MethodDescriptor<FetchRequest, FileChunk> FETCH = FileTransferServiceGrpc.getFetchMethod().toBuilder(
                    FileTransferServiceGrpc.getFetchMethod().getRequestMarshaller(),
                    new Parser(FileTransferServiceGrpc.getFetchMethod().getResponseMarshaller()))
            .build();

    /** Parses a chunk from an array of its own, its bytes aliased; writes as gRPC's marshaller does. */
    static final class Parser implements MethodDescriptor.Marshaller<FileChunk> {

        private final MethodDescriptor.Marshaller<FileChunk> standard;

        Parser(MethodDescriptor.Marshaller<FileChunk> standard) {
            this.standard = standard;
        }

        @Override
        public InputStream stream(FileChunk chunk) {
            return standard.stream(chunk);
        }

        @Override
        public FileChunk parse(InputStream stream) {
            if (!(stream instanceof KnownLength)) {
                return standard.parse(stream);
            }
            try {
                int size = stream.available();
                byte[] bytes = new byte[size];
                if (stream.readNBytes(bytes, 0, size) != size || stream.read() != -1) {
                    throw Status.INTERNAL
                            .withDescription("a message of another length than announced")
                            .asRuntimeException();
                }
                CodedInputStream in = CodedInputStream.newInstance(bytes);
                // the array is this message's alone and never written again: data may be a view of it
                in.enableAliasing(true);
                FileChunk chunk = FileChunk.parser().parseFrom(in, ExtensionRegistryLite.getEmptyRegistry());
                in.checkLastTagWas(0);
                return chunk;
            } catch (InvalidProtocolBufferException e) {
                throw Status.INTERNAL
                        .withDescription("Invalid protobuf byte sequence")
                        .withCause(e)
                        .asRuntimeException();
            } catch (IOException e) {
                throw Status.INTERNAL
                        .withDescription("a message could not be read")
                        .withCause(e)
                        .asRuntimeException();
            }
        }
    }
}
