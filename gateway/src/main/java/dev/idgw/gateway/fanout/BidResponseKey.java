package dev.idgw.gateway.fanout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The member names the bid response reader acts on, at any level ({@code id} names the response and a bid alike),
 * and {@link #OTHER} for every name it skips. Its rules switch over these keys, so that both token sources know
 * every name the rules use without keeping a list of their own: a name added here is known to both at once.
 */
enum BidResponseKey {
    ID("id"), SEATBID("seatbid"), BID("bid"), IMPID("impid"), PRICE("price"), ADM("adm"), DUR("dur"),
    ADOMAIN("adomain"), CRID("crid"), SLOTINPOD("slotinpod"), NURL("nurl"),
    /** Any name not above. */
    OTHER(null);

    private static final BidResponseKey[] NAMED = {ID, SEATBID, BID, IMPID, PRICE, ADM, DUR, ADOMAIN, CRID, SLOTINPOD,
        NURL};
    private static final Map<String, BidResponseKey> BY_NAME = new HashMap<>();

    static {
        for (BidResponseKey key : NAMED) {
            BY_NAME.put(key.name, key);
        }
    }

    private final String name;
    private final byte[] utf8;

    BidResponseKey(String name) {
        this.name = name;
        this.utf8 = name == null ? null : name.getBytes(StandardCharsets.UTF_8);
    }

    /** The key of a member name as Jackson hands it over. */
    static BidResponseKey named(String name) {
        return BY_NAME.getOrDefault(name, OTHER);
    }

    /** The key of a member name given as its UTF-8 bytes, without making a String of them. */
    static BidResponseKey named(byte[] bytes, int offset, int length) {
        for (BidResponseKey key : NAMED) {
            if (Arrays.equals(key.utf8, 0, key.utf8.length, bytes, offset, offset + length)) {
                return key;
            }
        }
        return OTHER;
    }
}
