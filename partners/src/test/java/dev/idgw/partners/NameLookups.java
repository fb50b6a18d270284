package dev.idgw.partners;

import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;

/**
 * Records the host names the JDK tries to resolve while an action runs. On Java 17 the only hook
 * without a network is a SecurityManager: {@code InetAddress} calls {@code checkConnect(host, -1)}
 * before every name lookup (cached or not), and never for a literal address.
 */
@SuppressWarnings("removal")
final class NameLookups {
    private NameLookups() {
    }

    static synchronized List<String> during(Runnable action) {
        List<String> hosts = new CopyOnWriteArrayList<>();
        SecurityManager previous = System.getSecurityManager();
        try {
            System.setSecurityManager(new Recorder(hosts));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("this JVM does not allow a SecurityManager (-Djava.security.manager=allow)");
        }
        try {
            action.run();
        } finally {
            System.setSecurityManager(previous);
        }
        return List.copyOf(hosts);
    }

    private static final class Recorder extends SecurityManager {
        private final List<String> hosts;

        Recorder(List<String> hosts) {
            this.hosts = hosts;
        }

        @Override
        public void checkPermission(Permission permission) {
            // allow everything, including putting the previous manager back
        }

        @Override
        public void checkPermission(Permission permission, Object context) {
        }

        @Override
        public void checkConnect(String host, int port) {
            if (port == -1) {
                hosts.add(host);
            }
        }
    }
}
