package dev.idgw.loadtest.stub;

/** How a partner receives the email hash (the HMAC format is left out: the load test cannot know the gateway's key). */
public enum EmailFormat {
  SHA256_HEX("sha256_hex"), SHA256_BASE64("sha256_base64");

  private final String configName;

  EmailFormat(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
