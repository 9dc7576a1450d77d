package org.borderpolice.federation.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

/**
 * A partner's message that is no valid protobuf of the method's type (bytes cut short, a string
 * that is not UTF-8: what a client in another language may send) is refused with
 * {@code INVALID_ARGUMENT}. Left to the server, the parser's failure escapes where no
 * interceptor sees it: a unary call ends {@code INTERNAL} ("half-closed without a request"), a
 * stream waits for a message that never comes. So a service's methods take their messages as
 * bytes, parsed here, where a failure closes the call (once) and tells the method's handler the
 * call is over.
 */
public final class UndecodableMessages {

    private static final Logger LOG = Logger.getLogger(UndecodableMessages.class);

    private UndecodableMessages() {}

    /** The bytes of a message as the transport hands them over (the size limit applies before). */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** The service with every method's requests parsed here. */
    public static ServerServiceDefinition guard(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        List<ServerMethodDefinition<byte[], ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            methods.add(guard(method));
        }
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
        methods.forEach(m -> descriptor.addMethod(m.getMethodDescriptor()));
        ServerServiceDefinition.Builder guarded = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(guarded::addMethod);
        return guarded.build();
    }

    private static <Q, R> ServerMethodDefinition<byte[], R> guard(ServerMethodDefinition<Q, R> definition) {
        MethodDescriptor<Q, R> typed = definition.getMethodDescriptor();
        MethodDescriptor<byte[], R> raw =
                typed.toBuilder(BYTES, typed.getResponseMarshaller()).build();
        ServerCallHandler<Q, R> handler = definition.getServerCallHandler();
        return ServerMethodDefinition.create(raw, (call, headers) -> new Guarded<>(typed, call, headers, handler));
    }

    /** One call: its messages parsed in order; the first that fails closes it. */
    private static final class Guarded<Q, R> extends ServerCall.Listener<byte[]> {
        private final MethodDescriptor<Q, R> typed;
        private final ServerCall<byte[], R> call;
        private final ServerCall.Listener<Q> delegate;
        private boolean refused;

        Guarded(MethodDescriptor<Q, R> typed, ServerCall<byte[], R> call, Metadata headers, ServerCallHandler<Q, R> h) {
            this.typed = typed;
            this.call = call;
            this.delegate = h.startCall(new TypedCall<>(typed, call), headers);
        }

        @Override
        public void onMessage(byte[] message) {
            if (refused) {
                return;
            }
            Q parsed;
            try {
                parsed = typed.parseRequest(new ByteArrayInputStream(message));
            } catch (RuntimeException e) {
                refused = true;
                LOG.debugf("refused an undecodable %s message: %s", typed.getFullMethodName(), e.getMessage());
                call.close(
                        Status.INVALID_ARGUMENT.withDescription(
                                "the message is not a valid " + typed.getFullMethodName() + " request (protobuf)"),
                        new Metadata());
                delegate.onCancel();
                return;
            }
            delegate.onMessage(parsed);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            if (!refused) {
                delegate.onCancel();
            }
        }

        @Override
        public void onComplete() {
            if (!refused) {
                delegate.onComplete();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                delegate.onReady();
            }
        }
    }

    /** The call as the method's handler sees it: its own request type. */
    private static final class TypedCall<Q, R> extends ServerCall<Q, R> {
        private final MethodDescriptor<Q, R> typed;
        private final ServerCall<byte[], R> call;

        TypedCall(MethodDescriptor<Q, R> typed, ServerCall<byte[], R> call) {
            this.typed = typed;
            this.call = call;
        }

        @Override
        public void request(int numMessages) {
            call.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            call.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            call.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            call.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return call.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return call.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return typed;
        }
    }
}
