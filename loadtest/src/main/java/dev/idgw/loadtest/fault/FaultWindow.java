package dev.idgw.loadtest.fault;

/** The three parts of a fault run's measured phase. */
public enum FaultWindow {
  BEFORE("before"), DURING("during"), AFTER("after");

  private final String key;

  FaultWindow(String key) {
    this.key = key;
  }

  /** The name used in reports. */
  public String key() {
    return key;
  }
}
