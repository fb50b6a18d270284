package dev.idgw.loadtest;

import io.vertx.core.json.JsonObject;

/**
 * One generated OpenRTB 2.6 ad-pod request.
 *
 * @param id                    the BidRequest {@code id}, {@code lt-<n>}
 * @param kind                  which pod shape the body carries
 * @param globalPrivacyControl  send {@code Sec-GPC: 1} with it
 * @param body                  the BidRequest
 */
public record AdPodRequest(String id, Kind kind, boolean globalPrivacyControl, JsonObject body) {

  /** OpenRTB 2.6 pod shapes. */
  public enum Kind {
    /** One imp with {@code poddur}/{@code maxseq}: the exchange decides how many ads fill the pod. */
    DYNAMIC_POD,
    /** Several imps sharing a {@code podid}, one per slot. */
    STRUCTURED_POD
  }
}
