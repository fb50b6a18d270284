package dev.idgw.loadtest.truth;

import java.util.List;

/** Test builders: a consented adult in California with an email, and requests for it with no signals. */
final class Truths {
  static final String DEVICE_ID = "6f1c2d3e-0000-4000-8000-0000000000aa";
  static final String RAW_EMAIL = "  Jane.Doe+tv@Gmail.com ";
  static final String IP = "203.0.113.7";

  private Truths() {}

  static DeviceTruth adultWithEmail() {
    return new DeviceTruth("test", DEVICE_ID, new ConsentTruth(true, "US-CA", AgeBand.ADULT), RAW_EMAIL);
  }

  static DeviceTruth device(ConsentTruth consent) {
    return new DeviceTruth("test", DEVICE_ID, consent, null);
  }

  static RequestBuilder request(DeviceTruth device) {
    return new RequestBuilder(device);
  }

  static final class RequestBuilder {
    private final DeviceTruth device;
    private boolean gpc;
    private boolean lmt;
    private boolean coppa;
    private String usPrivacy;

    RequestBuilder(DeviceTruth device) {
      this.device = device;
    }

    RequestBuilder gpc() { gpc = true; return this; }
    RequestBuilder lmt() { lmt = true; return this; }
    RequestBuilder coppa() { coppa = true; return this; }
    RequestBuilder usPrivacy(String value) { usPrivacy = value; return this; }

    RequestTruth build() {
      return new RequestTruth("tok-1", device, IP, gpc, lmt, coppa, usPrivacy, List.of("ltmark-1-user-id"));
    }
  }
}
