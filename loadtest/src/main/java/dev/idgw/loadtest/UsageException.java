package dev.idgw.loadtest;

/** The command line cannot be turned into a run; the message says why. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
