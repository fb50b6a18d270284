package dev.idgw.gateway.http;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.auction.AdPodAnswer;
import dev.idgw.gateway.auction.AdPodService;
import dev.idgw.gateway.intake.AdPodRequestParser;
import dev.idgw.gateway.ops.PlayerRequestMeters;
import dev.idgw.gateway.pod.VastPodWriter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;

/**
 * {@code POST /openrtb2/adpod} as one plain request handler, read top to bottom as the pipeline:
 * request meter → smuggling guard → shedding → body-read timer → bounded body → parse →
 * {@link AdPodService} → BidResponse (or VAST) → problem body on any failure. It takes the request
 * straight from the listener, not through vertx-web's Router and BodyHandler: routing, the routing
 * context and the body handler's buffering were 4-5 % of the gateway's CPU on the shared bench, spent
 * on every ad request to reach the one route that matters. Every other path still goes through the
 * router ({@link PlayerApi}), which hands this route the ad requests it gets (a trailing slash).
 */
final class AdPodRoute {
    /**
     * Whether the request's opt-out preference signal (GPC) was processed, for the app to display
     * (11 CCR §7025(c)(6)): {@code honored}, or {@code not-honored}; absent when the request carried none.
     * Named after the law's "opt-out preference signal" rather than one mechanism, without the deprecated
     * {@code X-} prefix (RFC 6648); the values are RFC 8941 tokens. Made once: no header text per answer.
     */
    static final CharSequence OPT_OUT_SIGNAL = HttpHeaders.createOptimized("Opt-Out-Signal");
    private static final CharSequence HONORED = HttpHeaders.createOptimized("honored");
    private static final CharSequence NOT_HONORED = HttpHeaders.createOptimized("not-honored");

    private final Vertx vertx;
    private final AdPodService service;
    private final AdPodRequestParser parser;
    private final ServerSettings settings;
    private final OverloadGuard overload;
    private final PlayerRequestMeters meters;

    AdPodRoute(Vertx vertx, AdPodService service, ServerSettings settings, OverloadGuard overload,
               PlayerRequestMeters meters) {
        this.vertx = vertx;
        this.service = service;
        this.parser = new AdPodRequestParser(settings.trustedProxies());
        this.settings = settings;
        this.overload = overload;
        this.meters = meters;
    }

    void handle(HttpServerRequest req) {
        Exchange exchange = new Exchange(req, System.nanoTime()); // for the request meter only
        GatewayException framing = PlayerApi.ambiguousFraming(req);
        if (framing != null) {
            req.response().putHeader(HttpHeaders.CONNECTION, "close");
            exchange.fail(framing);
            return;
        }
        if (!overload.admit()) {
            exchange.fail(GatewayException.overloaded());
            return;
        }
        exchange.admitted = true;
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            exchange.fail(GatewayException.payloadTooLarge(settings.maxBodyBytes()));
            return;
        }
        exchange.readBody();
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > settings.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false; // Netty refuses a malformed Content-Length before we see the request
        }
    }

    /** One ad request: its body as it arrives, its timer, and the bookkeeping done exactly once at the end. */
    private final class Exchange {
        private final HttpServerRequest req;
        private final HttpServerResponse response;
        private final long startNanos;
        private boolean admitted;
        private boolean finished;
        private long bodyTimer = -1;
        private Buffer body;
        private boolean overLimit;
        private boolean bodyOwned;

        Exchange(HttpServerRequest req, long startNanos) {
            this.req = req;
            this.response = req.response();
            this.startNanos = startNanos;
            response.endHandler(v -> finish(true));
            response.closeHandler(v -> finish(response.ended()));
        }

        /** Idle timeouts reset on every byte, so a trickled body needs a timer of its own. */
        void readBody() {
            bodyTimer = vertx.setTimer(settings.bodyReadTimeout().toMillis(), id -> {
                bodyTimer = -1;
                if (!response.ended()) {
                    response.putHeader(HttpHeaders.CONNECTION, "close");
                    Problems.send(response, GatewayException.requestTimeout("request body not received in time"))
                            .onComplete(done -> req.connection().close());
                }
            });
            req.handler(this::chunk);
            req.exceptionHandler(error -> cancelTimer()); // the connection went away; nothing left to answer
            req.endHandler(v -> bodyComplete());
        }

        private void chunk(Buffer chunk) {
            if (overLimit) {
                return;
            }
            int size = (body == null ? 0 : body.length()) + chunk.length();
            if (size > settings.maxBodyBytes()) {
                overLimit = true;
                body = null;
                fail(GatewayException.payloadTooLarge(settings.maxBodyBytes()));
            } else if (body == null) {
                body = chunk; // the usual case: the whole body in one chunk, no copy
            } else {
                if (!bodyOwned) {
                    // The first chunk is Netty's and must not be appended to: copy it once into our own.
                    body = Buffer.buffer(Math.min(settings.maxBodyBytes(), size * 2)).appendBuffer(body);
                    bodyOwned = true;
                }
                body.appendBuffer(chunk);
            }
        }

        private void bodyComplete() {
            cancelTimer();
            if (overLimit || response.ended()) {
                return;
            }
            boolean vast = wantsVast(req.getHeader(HttpHeaders.ACCEPT));
            try {
                var request = parser.parse(body == null ? null : body.getBytes(), req.getHeader("Sec-GPC"),
                        req.remoteAddress() == null ? null : req.remoteAddress().hostAddress(),
                        req.getHeader("X-Forwarded-For"));
                service.serve(request, vertx.getOrCreateContext())
                        .onSuccess(answer -> respond(answer, vast))
                        .onFailure(this::fail);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void respond(AdPodAnswer answer, boolean vast) {
            if (response.ended() || response.closed()) {
                return;
            }
            response.putHeader("Cache-Control", "no-store");
            switch (answer.optOutSignal()) {
                case HONORED -> response.putHeader(OPT_OUT_SIGNAL, HONORED);
                case NOT_HONORED -> response.putHeader(OPT_OUT_SIGNAL, NOT_HONORED);
                case ABSENT -> { }
            }
            if (vast) {
                response.putHeader(HttpHeaders.CONTENT_TYPE, "application/xml; charset=utf-8")
                        .end(VastPodWriter.write(answer.placements()));
            } else if (!answer.filled()) {
                response.setStatusCode(204).end();
            } else {
                response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader("x-openrtb-version", "2.6");
                BidResponseWriter.writePooled(answer).sendThenRelease(response::end);
            }
        }

        void fail(Throwable failure) {
            cancelTimer();
            Problems.send(response, Problems.problemFor(failure, req.method().name(), req.path()));
        }

        private void cancelTimer() {
            if (bodyTimer >= 0) {
                vertx.cancelTimer(bodyTimer);
                bodyTimer = -1;
            }
        }

        /** Once per request, whether it was answered or the connection closed first. */
        private void finish(boolean answered) {
            if (finished) {
                return;
            }
            finished = true;
            cancelTimer();
            if (admitted) {
                overload.done();
            }
            meters.record(startNanos, answered, response.getStatusCode());
        }
    }

    static boolean wantsVast(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        boolean xml = a.contains("application/xml") || a.contains("text/xml");
        return xml && !a.contains("application/json");
    }
}
