package dev.idgw.loadtest;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * One generated OpenRTB 2.6 ad-pod request.
 *
 * @param id                    the BidRequest {@code id}, {@code lt-<n>}
 * @param kind                  which pod shape the body carries
 * @param globalPrivacyControl  send {@code Sec-GPC: 1} with it
 * @param body                  the BidRequest
 * @param headers               further request headers (e.g. a cookie a player should never see forwarded)
 */
public record AdPodRequest(String id, Kind kind, boolean globalPrivacyControl, JsonObject body,
    Map<String, String> headers) {

  public AdPodRequest {
    headers = Map.copyOf(headers);
  }

  public AdPodRequest(String id, Kind kind, boolean globalPrivacyControl, JsonObject body) {
    this(id, kind, globalPrivacyControl, body, Map.of());
  }

  /** OpenRTB 2.6 pod shapes. */
  public enum Kind {
    /** One imp with {@code poddur}/{@code maxseq}: the exchange decides how many ads fill the pod. */
    DYNAMIC_POD,
    /** Several imps sharing a {@code podid}, one per slot. */
    STRUCTURED_POD
  }
}
