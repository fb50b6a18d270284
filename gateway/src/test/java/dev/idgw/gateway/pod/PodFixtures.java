package dev.idgw.gateway.pod;

import java.util.List;

/** Builders with sensible defaults, so each test states only what matters to it. */
final class PodFixtures {

    static final String VAST_ADM = """
            <VAST version="4.2"><Ad id="partner-ad"><InLine><AdSystem>partner</AdSystem><AdTitle>t</AdTitle>\
            <Impression><![CDATA[https://partner.example/imp?p=${AUCTION_PRICE}]]></Impression>\
            <Creatives><Creative><Linear><Duration>00:00:15</Duration><MediaFiles>\
            <MediaFile delivery="progressive" type="video/mp4" width="1920" height="1080">\
            <![CDATA[https://cdn.example/a.mp4]]></MediaFile></MediaFiles></Linear></Creative></Creatives>\
            </InLine></Ad></VAST>""";

    private PodFixtures() {}

    static ImpBuilder imp(String impId) {
        return new ImpBuilder(impId);
    }

    static BidBuilder bid(String bidId, String impId) {
        return new BidBuilder(bidId, impId);
    }

    static final class ImpBuilder {
        private final String impId;
        private String podId;
        private int podDurationSec;
        private int maxSequence;
        private int minDurationSec;
        private int maxDurationSec;
        private List<Integer> requiredDurationsSec = List.of();
        private double bidFloor;
        private int slotInPod;

        private ImpBuilder(String impId) {
            this.impId = impId;
        }

        ImpBuilder pod(String podId) {
            this.podId = podId;
            return this;
        }

        ImpBuilder podDuration(int seconds) {
            this.podDurationSec = seconds;
            return this;
        }

        ImpBuilder maxSequence(int count) {
            this.maxSequence = count;
            return this;
        }

        ImpBuilder durations(int minSec, int maxSec) {
            this.minDurationSec = minSec;
            this.maxDurationSec = maxSec;
            return this;
        }

        ImpBuilder requiredDurations(Integer... seconds) {
            this.requiredDurationsSec = List.of(seconds);
            return this;
        }

        ImpBuilder floor(double bidFloor) {
            this.bidFloor = bidFloor;
            return this;
        }

        ImpBuilder slot(int slotInPod) {
            this.slotInPod = slotInPod;
            return this;
        }

        PodImp build() {
            return new PodImp(impId, podId, podDurationSec, maxSequence, minDurationSec, maxDurationSec,
                    requiredDurationsSec, bidFloor, slotInPod);
        }
    }

    static final class BidBuilder {
        private final String bidId;
        private final String impId;
        private String partnerId = "partner-a";
        private double price = 1.0;
        private String adm = VAST_ADM;
        private List<String> advertiserDomains;
        private int durationSec = 15;
        private int slotInPod;
        private String noticeUrl;

        private BidBuilder(String bidId, String impId) {
            this.bidId = bidId;
            this.impId = impId;
            this.advertiserDomains = List.of(bidId + ".example"); // distinct by default: no accidental separation
        }

        BidBuilder partner(String partnerId) {
            this.partnerId = partnerId;
            return this;
        }

        BidBuilder price(double price) {
            this.price = price;
            return this;
        }

        BidBuilder adm(String adm) {
            this.adm = adm;
            return this;
        }

        BidBuilder domains(String... domains) {
            this.advertiserDomains = List.of(domains);
            return this;
        }

        BidBuilder duration(int seconds) {
            this.durationSec = seconds;
            return this;
        }

        BidBuilder slot(int slotInPod) {
            this.slotInPod = slotInPod;
            return this;
        }

        BidBuilder notice(String noticeUrl) {
            this.noticeUrl = noticeUrl;
            return this;
        }

        Bid build() {
            return new Bid(partnerId, bidId, impId, price, adm, advertiserDomains, "cr-" + bidId, durationSec, slotInPod,
                    noticeUrl);
        }
    }
}
