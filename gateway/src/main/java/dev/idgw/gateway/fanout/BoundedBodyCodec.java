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
        private final int maxBytes;
        private final Promise<Buffer> result = Promise.promise();
        /**
         * The first chunk as Vert.x handed it over (already a safe, unpooled copy), so the common
         * one-chunk answer costs no further copy; a second chunk moves everything into our own buffer.
         */
        private Buffer body;
        private boolean owned;
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
                int length = (body == null ? 0 : body.length()) + data.length();
                if (length > maxBytes) {
                    overflowed = true;
                    body = null;
                    result.tryFail(new TooLarge());
                } else if (body == null) {
                    body = data;
                } else {
                    if (!owned) {
                        body = Buffer.buffer(Math.min(maxBytes, length * 2)).appendBuffer(body);
                        owned = true;
                    }
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
