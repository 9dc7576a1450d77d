package org.borderpolice.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.proto.files.v1.FetchRequest;
import org.borderpolice.federation.proto.files.v1.FileChunk;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;

import com.google.protobuf.ByteString;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The baseline of {@link FileTransferBenchmark}: a process that streams the same number of bytes
 * from memory over plain gRPC (same message type, same chunk size, flow control honoured), with
 * no token, no database and no hashing. Arguments: port, size in bytes, chunk size in bytes.
 */
public final class PlainStreamServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int chunk = Integer.parseInt(args[2]);
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        Server server = NettyServerBuilder.forPort(port)
                .addService(new FileTransferServiceGrpc.FileTransferServiceImplBase() {
                    @Override
                    public void fetch(FetchRequest request, StreamObserver<FileChunk> responses) {
                        ServerCallStreamObserver<FileChunk> call = (ServerCallStreamObserver<FileChunk>) responses;
                        int[] position = {(int) request.getOffset()};
                        Runnable pump = () -> {
                            synchronized (position) {
                                while (call.isReady() && position[0] >= 0) {
                                    int n = Math.min(chunk, size - position[0]);
                                    call.onNext(FileChunk.newBuilder()
                                            .setOffset(position[0])
                                            .setData(ByteString.copyFrom(bytes, position[0], n))
                                            .build());
                                    position[0] += n;
                                    if (position[0] >= size) {
                                        position[0] = -1;
                                        call.onCompleted();
                                    }
                                }
                            }
                        };
                        call.setOnReadyHandler(pump);
                        call.setOnCancelHandler(() -> {
                            synchronized (position) {
                                position[0] = -1;
                            }
                        });
                        pump.run();
                    }
                })
                .build()
                .start();
        System.out.println("ready " + port);
        server.awaitTermination(1, TimeUnit.HOURS);
    }
}
