package dev.idgw.partners;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import dev.idgw.partners.ContextualObject.PodIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The contextual part of a player's request, and nothing else: the members {@link ContextualAllowlist}
 * lets through, as the player sent them, with imp ids and pod ids already replaced by our own. Read
 * once, while the request is parsed; {@link ContextualTemplate#from} renders it when the request's
 * identity (and so the leak guard) is known. Immutable.
 */
public final class ContextualRequest {
    private static final SerializedString APP = new SerializedString("app");
    private static final SerializedString SITE = new SerializedString("site");
    private static final int CACHED_IMP_IDS = 32;
    private static final String[] OUTBOUND_IMP_IDS = new String[CACHED_IMP_IDS + 1];

    static {
        for (int i = 1; i <= CACHED_IMP_IDS; i++) {
            OUTBOUND_IMP_IDS[i] = Integer.toString(i);
        }
    }

    private final ContextualObject top;
    private final List<ContextualObject> imps;
    private final SerializedString distributionName;
    private final ContextualObject distribution;
    private final ContextualObject device;
    private final ContextualObject regs;
    private final List<String> playerImpIds;

    private ContextualRequest(Builder b) {
        PodIds podIds = new PodIds(); // ours for the player's, numbered as the imps come
        this.top = b.top.build(podIds);
        List<ContextualObject> builtImps = new ArrayList<>(b.imps.size());
        for (ContextualObject.Builder imp : b.imps) {
            builtImps.add(imp.build(podIds));
        }
        this.imps = builtImps;
        // app wins over site: a request with both is refused at intake, and a template must pick one anyway
        this.distributionName = b.app != null ? APP : b.site != null ? SITE : null;
        this.distribution = b.app != null ? b.app.build(podIds) : b.site != null ? b.site.build(podIds) : null;
        this.device = b.device == null ? ContextualObject.empty() : b.device.build(podIds);
        this.regs = b.regs == null ? ContextualObject.empty() : b.regs.build(podIds);
        this.playerImpIds = b.playerImpIds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The same for a request that is already a tree (tests, the warm-up's constant request): walks it
     * with a parser over the tree, so the allowlist and its type rules are the ones intake applies.
     */
    public static ContextualRequest fromTree(JsonNode request) {
        try (JsonParser p = request.traverse()) {
            return read(p);
        } catch (IOException e) {
            throw new UncheckedIOException("a tree in memory always reads", e);
        }
    }

    private static ContextualRequest read(JsonParser p) throws IOException {
        Builder b = builder();
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return b.build();
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            switch (name) {
                case "imp" -> {
                    if (token == JsonToken.START_ARRAY) {
                        readImps(p, b);
                    } else {
                        JsonValues.skipValue(p);
                    }
                }
                case "app", "site", "device", "regs" -> {
                    if (token == JsonToken.START_OBJECT) {
                        b.section(name).readMembers(p);
                    } else {
                        JsonValues.skipValue(p);
                    }
                }
                default -> b.top().read(name, p);
            }
        }
        return b.build();
    }

    private static void readImps(JsonParser p, Builder b) throws IOException {
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY && token != null) {
            ContextualObject.Builder imp = b.addImp();
            if (token != JsonToken.START_OBJECT) {
                JsonValues.skipValue(p);
                continue;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                if (name.equals("id")) {
                    // as a tree's asText() had it: a scalar's text, "" for a container
                    b.playerImpId(value.isScalarValue() ? p.getText() : "");
                    JsonValues.skipValue(p);
                } else {
                    imp.read(name, p);
                }
            }
        }
    }

    /** Top-level contextual members (at, test, cur…), without imp, app/site, device and regs. */
    ContextualObject top() {
        return top;
    }

    List<ContextualObject> imps() {
        return imps;
    }

    /** "app" or "site", or null when the request had neither as an object. */
    SerializedString distributionName() {
        return distributionName;
    }

    ContextualObject distribution() {
        return distribution;
    }

    /** The device's contextual members (empty when none); its geo holds country and region at most. */
    public ContextualObject device() {
        return device;
    }

    public ContextualObject regs() {
        return regs;
    }

    /** The player's imp ids, the first being the imp partners know as "1". */
    List<String> playerImpIds() {
        return playerImpIds;
    }

    /**
     * Collects a request's contextual members while something else walks it (intake's parser, or {@link
     * #fromTree}): the walker says which object a member is in, the allowlist decides what is kept.
     * Single use, one thread.
     */
    public static final class Builder {
        private final ContextualObject.Builder top = new ContextualObject.Builder(ContextualAllowlist.TOP);
        private final List<ContextualObject.Builder> imps = new ArrayList<>(2);
        private final List<String> playerImpIds = new ArrayList<>(2);
        private ContextualObject.Builder app;
        private ContextualObject.Builder site;
        private ContextualObject.Builder device;
        private ContextualObject.Builder regs;

        private Builder() {
        }

        public ContextualObject.Builder top() {
            return top;
        }

        /**
         * The next imp, which partners will know by its position ("1" for the first) whatever the player
         * called it; {@link #playerImpId} records the player's id once it has been read.
         */
        public ContextualObject.Builder addImp() {
            ContextualObject.Builder imp = new ContextualObject.Builder(ContextualAllowlist.IMP);
            imps.add(imp);
            playerImpIds.add("");
            int n = imps.size();
            imp.putOurs(ContextualAllowlist.OUR_IMP_ID,
                    n <= CACHED_IMP_IDS ? OUTBOUND_IMP_IDS[n] : Integer.toString(n));
            return imp;
        }

        /** The player's id of the imp last added. */
        public void playerImpId(String id) {
            playerImpIds.set(playerImpIds.size() - 1, id);
        }

        /** The app object; call only when the request's app is an object. */
        public ContextualObject.Builder app() {
            if (app == null) {
                app = new ContextualObject.Builder(ContextualAllowlist.APP);
            }
            return app;
        }

        /** The site object; call only when the request's site is an object. */
        public ContextualObject.Builder site() {
            if (site == null) {
                site = new ContextualObject.Builder(ContextualAllowlist.SITE);
            }
            return site;
        }

        public ContextualObject.Builder device() {
            if (device == null) {
                device = new ContextualObject.Builder(ContextualAllowlist.DEVICE);
            }
            return device;
        }

        public ContextualObject.Builder regs() {
            if (regs == null) {
                regs = new ContextualObject.Builder(ContextualAllowlist.REGS);
            }
            return regs;
        }

        private ContextualObject.Builder section(String name) {
            return switch (name) {
                case "app" -> app();
                case "site" -> site();
                case "device" -> device();
                default -> regs();
            };
        }

        public ContextualRequest build() {
            return new ContextualRequest(this);
        }
    }
}
