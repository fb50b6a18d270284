package dev.idgw.gateway.reload;

import dev.idgw.gateway.auction.Policy;
import dev.idgw.gateway.config.ConfigException;
import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.config.PolicyFiles;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.partners.PartnerProfile;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads partner profiles and jurisdiction rules without a restart, when either file changes (polled)
 * or on SIGHUP. The new files are parsed and validated exactly as at start; only a policy that passes
 * replaces the one in force, in one atomic swap (requests in flight finish under the policy they
 * started with; none is dropped). An invalid file is rejected with a log line naming the file and
 * key, and the old policy stays.
 */
public final class PolicyReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyReloader.class);

    private final Vertx vertx;
    private final PolicyFiles files;
    private final BiFunction<List<PartnerProfile>, JurisdictionRules, Policy> build;
    private final Supplier<Policy> current;
    private final Consumer<Policy> apply;
    private final Runnable onHangup = this::reloadSoon;
    private final AtomicBoolean pending = new AtomicBoolean();
    private long timer = -1;
    private String seen; // guarded by this: the files' modification times and sizes last looked at
    private volatile ReloadOutcome last;

    /**
     * @param build turns parsed files into a policy (creates keys a new HMAC partner needs); may throw
     * @param current the policy in force
     * @param apply puts a new policy in force
     */
    public PolicyReloader(Vertx vertx, PolicyFiles files, BiFunction<List<PartnerProfile>, JurisdictionRules, Policy> build,
                          Supplier<Policy> current, Consumer<Policy> apply) {
        this.vertx = vertx;
        this.files = files;
        this.build = build;
        this.current = current;
        this.apply = apply;
        this.seen = stampQuietly();
    }

    /** Starts watching: the files every {@code every}, and SIGHUP. */
    public PolicyReloader start(Duration every) {
        // Even a stat is file I/O: the check runs on a worker, never on the event loop.
        timer = vertx.setPeriodic(every.toMillis(), id -> vertx.executeBlocking(() -> {
            String now = stampQuietly();
            boolean changed;
            synchronized (this) {
                changed = !Objects.equals(now, seen);
            }
            if (changed) {
                reloadSoon();
            }
            return null;
        }, false));
        HangupSignal.listen(onHangup);
        return this;
    }

    /** Schedules one reload off the event loop (file reads and key creation block). */
    public void reloadSoon() {
        if (pending.compareAndSet(false, true)) {
            vertx.executeBlocking(() -> {
                pending.set(false);
                return reloadNow();
            }, false);
        }
    }

    /** Re-reads both files now (blocking) and swaps the policy if they are valid and different. */
    public synchronized ReloadOutcome reloadNow() {
        seen = stampQuietly();
        Policy before = current.get();
        ReloadOutcome outcome;
        try {
            Policy next = build.apply(ConfigLoader.loadPartners(files.partners()),
                    ConfigLoader.loadJurisdictions(files.jurisdictions()));
            if (next.version().equals(before.version())) {
                outcome = new ReloadOutcome.Unchanged(before.version());
            } else {
                apply.accept(next);
                outcome = new ReloadOutcome.Reloaded(before.version(), next.version(), next.partners().partners().size());
                LOG.info("policy reloaded: {} -> {} ({} partners, rules version {})", before.version(), next.version(),
                        next.partners().partners().size(), next.rules().version());
            }
        } catch (ConfigException | IllegalArgumentException | UncheckedIOException e) {
            outcome = new ReloadOutcome.Rejected(before.version(), e.getMessage());
            LOG.warn("policy reload rejected, {} stays in force: {}", before.version(), e.getMessage());
        }
        last = outcome;
        return outcome;
    }

    /** The last reload's outcome, or null before the first. */
    public ReloadOutcome lastOutcome() {
        return last;
    }

    private String stampQuietly() {
        return stampOf(files.partners()) + "|" + stampOf(files.jurisdictions());
    }

    private static String stampOf(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public void close() {
        HangupSignal.stopListening(onHangup);
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
