package dev.idgw.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.idgw.gateway.auction.AdPodAnswer;
import dev.idgw.gateway.pod.Bid;
import dev.idgw.gateway.pod.PodPlacement;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * {@link BidResponseWriter} as it was before issue 11 took its generator and estimated buffer out (Jackson's
 * JsonGenerator into a Buffer), kept as it was bar its name and this comment: the reference whose bytes
 * {@code BidResponseWriterTest} holds the lean writer to.
 */
final class ReferenceBidResponseWriter {
    /** Characters beyond the BMP as UTF-8, not as escaped surrogate pairs: the bytes a JsonObject's text gave. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    /** Room for the envelope and one bid's fixed fields, so that the buffer seldom grows. */
    private static final int ENVELOPE_BYTES = 128;
    private static final int BID_BYTES = 192;

    private ReferenceBidResponseWriter() {
    }

    static Buffer write(AdPodAnswer answer) {
        List<PodPlacement> placements = answer.placements();
        Buffer out = Buffer.buffer(estimate(placements));
        try (JsonGenerator json = JSON.createGenerator(new Appender(out))) {
            json.writeStartObject();
            text(json, "id", answer.playerRequestId());
            text(json, "bidid", answer.requestId());
            json.writeStringField("cur", "USD");
            json.writeArrayFieldStart("seatbid");
            for (int i = 0; i < placements.size(); i++) {
                String seat = placements.get(i).bid().partnerId();
                if (seenBefore(placements, i, seat)) {
                    continue;
                }
                json.writeStartObject();
                text(json, "seat", seat);
                json.writeArrayFieldStart("bid");
                for (int j = i; j < placements.size(); j++) {
                    if (Objects.equals(placements.get(j).bid().partnerId(), seat)) {
                        bid(json, placements.get(j));
                    }
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // appending to a heap buffer does not fail
        }
        return out;
    }

    private static void bid(JsonGenerator json, PodPlacement placement) throws IOException {
        Bid bid = placement.bid();
        json.writeStartObject();
        text(json, "id", bid.bidId());
        text(json, "impid", bid.impId());
        json.writeNumberField("price", bid.price());
        text(json, "adm", bid.adm());
        json.writeArrayFieldStart("adomain");
        for (String domain : bid.advertiserDomains()) {
            json.writeString(wellFormed(domain));
        }
        json.writeEndArray();
        json.writeNumberField("dur", bid.durationSec());
        json.writeNumberField("mtype", 2);
        json.writeObjectFieldStart("ext");
        text(json, "podid", placement.podId());
        json.writeNumberField("sequence", placement.sequence());
        json.writeEndObject();
        if (bid.creativeId() != null) {
            text(json, "crid", bid.creativeId());
        }
        if (bid.noticeUrl() != null) {
            text(json, "nurl", bid.noticeUrl());
        }
        if (bid.slotInPod() != 0) {
            json.writeNumberField("slotinpod", bid.slotInPod());
        }
        json.writeEndObject();
    }

    private static void text(JsonGenerator json, String name, String value) throws IOException {
        json.writeStringField(name, wellFormed(value));
    }

    /**
     * The string with each lone surrogate (a partner can send one as a {@code \\u} escape) turned into '?', as
     * {@code String.getBytes(UTF_8)} turned it when the answer went out as text; Jackson would escape it instead.
     */
    private static String wellFormed(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return replaceLoneSurrogates(s, i);
            }
        }
        return s;
    }

    private static String replaceLoneSurrogates(String s, int from) {
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, from);
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '?' : c);
            }
        }
        return out.toString();
    }

    /** Seats come in the order they first appear; a pod holds a handful of bids, so a scan beats a map. */
    private static boolean seenBefore(List<PodPlacement> placements, int index, String seat) {
        for (int i = 0; i < index; i++) {
            if (Objects.equals(placements.get(i).bid().partnerId(), seat)) {
                return true;
            }
        }
        return false;
    }

    private static int estimate(List<PodPlacement> placements) {
        int bytes = ENVELOPE_BYTES;
        for (PodPlacement placement : placements) {
            Bid bid = placement.bid();
            bytes += BID_BYTES + length(bid.adm()) + length(bid.noticeUrl()) + length(bid.creativeId());
            for (String domain : bid.advertiserDomains()) {
                bytes += domain.length() + 3;
            }
        }
        return bytes;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Jackson flushes its own recycled buffer here in large slices, so this sees few calls. */
    private static final class Appender extends OutputStream {
        private final Buffer buffer;

        Appender(Buffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void write(int b) {
            buffer.appendByte((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            buffer.appendBytes(bytes, offset, length);
        }
    }
}
