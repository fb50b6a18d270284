package dev.idgw.loadtest;

import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Why a scheduled request produced no HTTP status. */
public enum ErrorKind {
  /** No complete response within the per-request timeout. */
  TIMEOUT("timeout"),
  /** The connection could not be established. */
  CONNECT("connect"),
  /** The connection broke (reset, closed mid-exchange) or another I/O failure. */
  IO("io"),
  /** Never sent: the in-flight cap was reached, so the generator shed it rather than queue without bound. */
  DROPPED_BY_GENERATOR("dropped_by_generator");

  private final String key;

  ErrorKind(String key) {
    this.key = key;
  }

  /** The name used in reports. */
  public String key() {
    return key;
  }

  /** Maps a failed exchange to its kind, looking through wrapping exceptions. */
  public static ErrorKind classify(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return TIMEOUT;
      }
      // Netty's ConnectTimeoutException is a ConnectException: a connect that never completes is still
      // "could not connect", which is the more useful diagnosis.
      if (cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof UnknownHostException) {
        return CONNECT;
      }
      if (cause instanceof HttpClosedException) {
        return IO;
      }
    }
    return IO;
  }
}
