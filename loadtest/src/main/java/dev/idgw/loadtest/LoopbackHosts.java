package dev.idgw.loadtest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Decides whether a target host is loopback without asking DNS: only {@code localhost} and address
 * literals in 127.0.0.0/8 or {@code ::1} pass. Anything that would need resolving is refused, because a
 * name that resolves to loopback today is no guarantee the load stays on this machine.
 */
final class LoopbackHosts {
  private static final Pattern IPV4_LITERAL = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private LoopbackHosts() {}

  static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    var ipv4 = IPV4_LITERAL.matcher(bare);
    if (ipv4.matches()) {
      for (int group = 1; group <= 4; group++) {
        if (Integer.parseInt(ipv4.group(group)) > 255) {
          return false;
        }
      }
      return Integer.parseInt(ipv4.group(1)) == 127;
    }
    if (IPV6_LITERAL.matcher(bare).matches()) {
      try {
        // A literal made only of hex digits, colons and dots is parsed, never looked up.
        return InetAddress.getByName(bare).isLoopbackAddress();
      } catch (UnknownHostException malformed) {
        return false;
      }
    }
    return false;
  }
}
