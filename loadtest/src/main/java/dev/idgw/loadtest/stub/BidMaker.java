package dev.idgw.loadtest.stub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;

/**
 * A partner's OpenRTB 2.6 answer: per imp, {@code bidsPerImp} bids alternating 15 s and 30 s, each with
 * its own advertiser domain (a pod never holds two ads of one advertiser) and a small VAST 4.2 inline adm.
 */
final class BidMaker {
  private BidMaker() {}

  static JsonObject answer(String partnerId, JsonObject request, int bidsPerImp, SplittableRandom random) {
    var bids = new JsonArray();
    Object imps = request.getValue("imp");
    if (imps instanceof JsonArray impArray) {
      for (Object imp : impArray) {
        if (!(imp instanceof JsonObject impObject) || !(impObject.getValue("id") instanceof String impId)) {
          continue;
        }
        for (int k = 0; k < bidsPerImp; k++) {
          int duration = k % 2 == 0 ? 15 : 30;
          String adId = partnerId + "-" + impId + "-" + k;
          bids.add(new JsonObject()
              .put("id", adId)
              .put("impid", impId)
              .put("price", Math.round((2 + random.nextDouble() * 18) * 100) / 100.0)
              .put("adomain", new JsonArray().add("adv-" + adId + ".example"))
              .put("crid", "cr-" + adId)
              .put("dur", duration)
              .put("mtype", 2)
              .put("adm", vast(adId, duration)));
        }
      }
    }
    var answer = new JsonObject().put("id", request.getValue("id")).put("cur", "USD");
    if (!bids.isEmpty()) {
      answer.put("seatbid", new JsonArray().add(new JsonObject().put("seat", partnerId).put("bid", bids)));
    }
    return answer;
  }

  private static String vast(String adId, int seconds) {
    return "<VAST version=\"4.2\"><Ad id=\"" + adId + "\"><InLine><AdSystem>loadtest</AdSystem>"
        + "<AdTitle>" + adId + "</AdTitle><Impression><![CDATA[https://track.example/i?ad=" + adId + "]]></Impression>"
        + "<Creatives><Creative><Linear><Duration>00:00:" + (seconds < 10 ? "0" : "") + seconds + "</Duration>"
        + "<MediaFiles><MediaFile delivery=\"progressive\" type=\"video/mp4\" width=\"1920\" height=\"1080\">"
        + "<![CDATA[https://cdn.example/" + adId + ".mp4]]></MediaFile></MediaFiles></Linear></Creative></Creatives>"
        + "</InLine></Ad></VAST>";
  }
}
