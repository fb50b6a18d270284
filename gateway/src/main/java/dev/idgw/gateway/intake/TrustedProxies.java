package dev.idgw.gateway.intake;

import dev.idgw.partners.IpAddresses;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies (exact addresses or CIDR blocks) whose {@code X-Forwarded-For} is believed. From anyone
 * else the header is ignored: a player could otherwise name any IP as its own.
 */
public final class TrustedProxies {
    private record Block(byte[] network, int prefix) {
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /** @throws IllegalArgumentException for an entry that is not an IP literal or CIDR block */
    public static TrustedProxies of(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            String[] parts = entry.trim().split("/", 2);
            byte[] address = literal(parts[0]);
            int max = address.length * 8;
            int prefix;
            try {
                prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR block: " + entry);
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("prefix out of range: " + entry);
            }
            blocks.add(new Block(address, prefix));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    public boolean trusts(String peer) {
        if (blocks.isEmpty() || peer == null) {
            return false;
        }
        byte[] address;
        try {
            address = literal(peer);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (Block b : blocks) {
            if (b.network.length == address.length && matches(b.network, address, b.prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] network, byte[] address, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (network[full] & mask) == (address[full] & mask);
    }

    private static byte[] literal(String text) {
        var v4 = IpAddresses.parseV4(text);
        if (v4.isPresent()) {
            return v4.get().getAddress();
        }
        var v6 = IpAddresses.parseV6(text);
        if (v6.isPresent()) {
            return v6.get().getAddress();
        }
        throw new IllegalArgumentException("not an IP address: " + text);
    }


    /**
     * The address closest to the device: from {@code X-Forwarded-For} only when the TCP peer is one of
     * our proxies, else the peer itself.
     *
     * @param forwardedFor the header's value, or null
     */
    public String clientAddress(String peer, String forwardedFor) {
        if (forwardedFor != null && trusts(peer)) {
            // The right-most address not belonging to a trusted proxy is the client as our proxies saw it.
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (!trusts(hop)) {
                    return hop;
                }
            }
            // Every hop is one of our proxies: the left-most is still closer to the device than the peer.
            return hops[0].trim();
        }
        return peer;
    }
}
