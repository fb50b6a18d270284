package dev.idgw.gateway.fanout;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * Collects a partner's response body but never more than {@code maxBytes}: partner responses are
 * untrusted input (OWASP API10), and {@code BodyCodec.buffer()} would hold any size in memory.
 */
final class BoundedBodyCodec implements BodyCodec<Buffer> {
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("partner response exceeds the limit", null, false, false);
        }
    }

    private final int maxBytes;

    BoundedBodyCodec(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public BodyStream<Buffer> stream() {
        return new Stream(maxBytes);
    }

    private static final class Stream implements BodyStream<Buffer> {
        private static final int INITIAL_BYTES = 16 * 1024;
        private final int maxBytes;
        private final Promise<Buffer> result = Promise.promise();
        private Buffer body; // sized by the first chunk: no re-growing from a tiny default
        private boolean overflowed;

        Stream(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable error) {
            result.tryFail(error);
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (!overflowed) {
                if (body == null) {
                    body = Buffer.buffer(Math.min(maxBytes, Math.max(INITIAL_BYTES, data.length() * 2)));
                }
                if (body.length() + data.length() > maxBytes) {
                    overflowed = true;
                    body = null;
                    result.tryFail(new TooLarge());
                } else {
                    body.appendBuffer(data);
                }
            }
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            if (!overflowed) {
                result.tryComplete(body == null ? Buffer.buffer() : body);
            }
            return Future.succeededFuture();
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
