package dev.idgw.gateway.fanout;

import dev.idgw.gateway.signing.RequestSigner;
import dev.idgw.gateway.signing.SignatureFields;
import dev.idgw.gateway.wire.PooledBody;
import dev.idgw.partners.ImpIdMap;
import dev.idgw.partners.PartnerProfile;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Calls partners: one shared HTTP client with pooled keep-alive connections, redirects off (a partner
 * must not be able to bounce identity to another host), a short connect timeout, a per-call timeout
 * from the deadline, and a bounded response body. Every way a call can go wrong comes back as a
 * {@link PartnerOutcome.Failed}; the returned future never fails. A partner whose profile asks for signed
 * requests gets each one signed over exactly the body bytes that are sent ({@link RequestSigner}); a request
 * that cannot be signed is not sent unsigned, the call fails instead.
 *
 * <p>The core client rather than the Web Client: the Web Client's request context chain took about 19 % of
 * event-loop samples in a profile, for nothing this fixed POST-and-read needs.
 */
public final class PartnerClient implements AutoCloseable {
    private static final int MIN_CALL_MILLIS = 5;
    private static final CharSequence USER_AGENT = HttpHeaders.createOptimized("identity-gateway/0.1");
    private static final String JSON = "application/json";
    private static final String VERSION_2_6 = "2.6";
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized(JSON);
    private static final CharSequence OPENRTB_VERSION = HttpHeaders.createOptimized("x-openrtb-version");
    private static final CharSequence OPENRTB_2_6 = HttpHeaders.createOptimized(VERSION_2_6);
    private static final CharSequence CONTENT_DIGEST = HttpHeaders.createOptimized(SignatureFields.CONTENT_DIGEST);
    private static final CharSequence SIGNATURE_INPUT = HttpHeaders.createOptimized(SignatureFields.SIGNATURE_INPUT);
    private static final CharSequence SIGNATURE = HttpHeaders.createOptimized(SignatureFields.SIGNATURE);

    private final HttpClientAgent client;
    private final FanOutSettings settings;
    private final RequestSigner signer; // null: no partner may ask for signed requests

    /** A client that cannot sign: a call to a partner that asks for signed requests fails. */
    public PartnerClient(Vertx vertx, FanOutSettings settings) {
        this(vertx, settings, null);
    }

    public PartnerClient(Vertx vertx, FanOutSettings settings, RequestSigner signer) {
        this.settings = settings;
        this.signer = signer;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setIdleTimeout(30)
                .setDecompressionSupported(false)
                .setMetricsName("partners"); // Vert.x HTTP client meters: client_name, never the partner's address
        this.client = vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(settings.maxConnectionsPerPartner()).setMaxWaitQueueSize(1024))
                .build();
    }

    /**
     * Sends {@code payload} to {@code partner} and reads its answer. The payload belongs to this call from here
     * on: it is released once its write is done, or at once when the call never gets to write it.
     */
    public Future<PartnerOutcome> call(PartnerProfile partner, PooledBody payload, String outboundRequestId,
                                       ImpIdMap imps, Duration budget) {
        long millis = Math.min(partner.timeout().toMillis(), budget.toMillis());
        if (millis < MIN_CALL_MILLIS) {
            payload.release();
            return Future.succeededFuture(new PartnerOutcome.Failed(partner.id(), PartnerOutcome.FailureKind.SKIPPED_NO_TIME));
        }
        Exchange exchange = new Exchange(partner.id(), outboundRequestId, imps, settings.maxResponseBytes());
        Future<HttpClientRequest> created;
        try {
            RequestOptions options = requestOptions(partner.endpoint(), millis);
            if (partner.signRequests()) {
                sign(options, partner, payload);
            }
            created = client.request(options);
        } catch (RuntimeException e) { // an endpoint the client refuses, a request it cannot sign: a failed call
            payload.release(); // only here, where it surely never reached a write
            exchange.fail(e);
            return exchange.result.future();
        }
        created.onComplete(request -> exchange.send(request, payload));
        return exchange.result.future();
    }

    /**
     * Adds the signature fields, made over the very bytes {@code request::end} will write (the body is not
     * changed after it was written, and is not released before its write is done).
     */
    private void sign(RequestOptions options, PartnerProfile partner, PooledBody payload) {
        if (signer == null) {
            throw new IllegalStateException("partner " + partner.id() + " asks for signed requests; this client has no signer");
        }
        SignatureFields fields = signer.sign(HttpMethod.POST.name(), partner.endpoint(), JSON, VERSION_2_6, payload.bytes());
        options.putHeader(CONTENT_DIGEST, fields.contentDigest())
                .putHeader(SIGNATURE_INPUT, fields.signatureInput())
                .putHeader(SIGNATURE, fields.signature());
    }

    /**
     * A timeout on the request options bounds both the wait for a pooled connection and each silence of
     * the partner once the request is out (Vert.x 5: {@code setTimeout} sets the connect and the idle
     * timeout), as the Web Client's {@code timeout} did.
     */
    private static RequestOptions requestOptions(URI uri, long timeoutMillis) {
        boolean tls = "https".equals(uri.getScheme());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80)
                .setURI(path)
                .setSsl(tls)
                .setFollowRedirects(false)
                .setTimeout(timeoutMillis)
                .putHeader(HttpHeaders.USER_AGENT, USER_AGENT)
                .putHeader(CONTENT_TYPE, APPLICATION_JSON)
                .putHeader(OPENRTB_VERSION, OPENRTB_2_6);
    }

    private static PartnerOutcome.FailureKind kindOf(Throwable error) {
        if (error instanceof TimeoutException || error instanceof io.netty.handler.timeout.TimeoutException
                || error.getClass().getSimpleName().contains("Timeout")) {
            return error instanceof ConnectTimeoutException ? PartnerOutcome.FailureKind.CONNECT
                    : PartnerOutcome.FailureKind.TIMEOUT;
        }
        if (error instanceof ConnectException) {
            return PartnerOutcome.FailureKind.CONNECT;
        }
        return PartnerOutcome.FailureKind.IO;
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * One call in flight, from the request to the outcome. It keeps a 200's body but never more than
     * {@code maxBytes} of any body: partner responses are untrusted input (OWASP API10). A larger one,
     * declared or streamed, is not read on: the request is reset, which closes the connection.
     */
    private static final class Exchange implements Handler<Buffer> {
        final Promise<PartnerOutcome> result = Promise.promise();
        private final String partnerId;
        private final String outboundRequestId;
        private final ImpIdMap imps;
        private final int maxBytes;
        private HttpClientRequest request;
        private int status;
        private int declaredLength = -1;
        private int length;
        /**
         * The first chunk as Vert.x handed it over (already a safe, unpooled copy), so the common
         * one-chunk answer costs no further copy; a second chunk moves everything into our own buffer.
         */
        private Buffer body;
        private boolean owned;

        Exchange(String partnerId, String outboundRequestId, ImpIdMap imps, int maxBytes) {
            this.partnerId = partnerId;
            this.outboundRequestId = outboundRequestId;
            this.imps = imps;
            this.maxBytes = maxBytes;
        }

        void send(AsyncResult<HttpClientRequest> created, PooledBody payload) {
            if (created.failed()) {
                payload.release();
                fail(created.cause());
                return;
            }
            request = created.result();
            try {
                payload.sendThenRelease(request::end);
                request.response().onComplete(this::receive);
            } catch (RuntimeException e) { // thrown inside a callback it would leave the outcome pending for good
                fail(e);
            }
        }

        private void receive(AsyncResult<HttpClientResponse> received) {
            if (received.failed()) {
                fail(received.cause());
                return;
            }
            HttpClientResponse response = received.result();
            status = response.statusCode();
            declaredLength = declaredLength(response.getHeader(HttpHeaders.CONTENT_LENGTH));
            if (declaredLength > maxBytes) {
                oversize();
                return;
            }
            response.handler(this).exceptionHandler(this::fail).endHandler(ended -> end());
        }

        @Override
        public void handle(Buffer chunk) {
            if (result.future().isComplete()) {
                return;
            }
            length += chunk.length();
            if (length > maxBytes) {
                oversize();
            } else if (status != 200) {
                return; // only counted: a non-200 answer is HTTP_STATUS, or OVERSIZE when too large
            } else if (body == null) {
                body = chunk;
            } else {
                if (!owned) {
                    int capacity = declaredLength > 0 ? declaredLength : Math.min(maxBytes, length * 2);
                    body = Buffer.buffer(capacity).appendBuffer(body);
                    owned = true;
                }
                body.appendBuffer(chunk);
            }
        }

        private void end() {
            if (result.future().isComplete()) {
                return;
            }
            try {
                result.tryComplete(outcome());
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private PartnerOutcome outcome() {
            if (status == 204) {
                return new PartnerOutcome.NoBid(partnerId);
            }
            if (status != 200) {
                return new PartnerOutcome.Failed(partnerId, PartnerOutcome.FailureKind.HTTP_STATUS);
            }
            if (body == null || body.length() == 0) {
                return new PartnerOutcome.NoBid(partnerId);
            }
            try {
                return read(body);
            } catch (BidResponseReader.Garbage e) {
                return new PartnerOutcome.Failed(partnerId, PartnerOutcome.FailureKind.GARBAGE);
            }
        }

        /** Parses the bytes where they lie when the buffer is on the heap, as Vert.x's received chunks are. */
        private PartnerOutcome read(Buffer bytes) {
            if (bytes instanceof BufferInternal internal) {
                ByteBuf buf = internal.unwrap();
                if (buf.hasArray()) {
                    // a Buffer spans its ByteBuf from index 0, whatever the reader index
                    return BidResponseReader.read(partnerId, buf.array(), buf.arrayOffset(), bytes.length(),
                            outboundRequestId, imps);
                }
            }
            return BidResponseReader.read(partnerId, bytes.getBytes(), outboundRequestId, imps);
        }

        private void oversize() {
            body = null;
            result.tryComplete(new PartnerOutcome.Failed(partnerId, PartnerOutcome.FailureKind.OVERSIZE));
            request.reset();
        }

        void fail(Throwable error) {
            result.tryComplete(new PartnerOutcome.Failed(partnerId, kindOf(error)));
        }

        private static int declaredLength(String header) {
            if (header == null) {
                return -1;
            }
            try {
                long declared = Long.parseLong(header.trim());
                return declared > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) declared;
            } catch (NumberFormatException e) {
                return -1; // Vert.x's decoder judges a malformed length; the count below still bounds the body
            }
        }
    }
}
