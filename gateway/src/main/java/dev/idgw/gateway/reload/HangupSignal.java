package dev.idgw.gateway.reload;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP, the operator's "reload your config": the JVM allows one handler per signal, so this one
 * fans out to every listener in the process (tests run several gateways in one JVM). Listeners run on
 * the signal dispatch thread and must only schedule work.
 */
public final class HangupSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);
    private static final List<Runnable> LISTENERS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private HangupSignal() {
    }

    public static synchronized void listen(Runnable listener) {
        LISTENERS.add(listener);
        if (!installed) {
            installed = true;
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> LISTENERS.forEach(Runnable::run));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.warn("SIGHUP cannot be handled on this platform; config reloads on file change only");
            }
        }
    }

    public static void stopListening(Runnable listener) {
        LISTENERS.remove(listener);
    }
}
