package dev.idgw.gateway.optout;

import dev.idgw.gateway.consent.AccountChoices;
import dev.idgw.gateway.consent.GpcSightings;
import dev.idgw.gateway.requests.ConsumerRequest;
import dev.idgw.gateway.requests.ConsumerRequestLog;
import dev.idgw.gateway.requests.Pseudonyms;
import dev.idgw.gateway.requests.RequestChannel;
import dev.idgw.gateway.requests.RequestKind;
import dev.idgw.gateway.time.Ticker;
import dev.idgw.keys.KeyedHasher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on an ad request's Global Privacy Control once the partners have been called (the request itself was
 * already decided under the signal): remembers the device's first sighting (the consent view's "since"), turns
 * the account the device is linked to, once, to opt-out on every linked device (11 CCR §7025(c)(1)), and
 * records each as a consumer request (§7101) by pseudonym.
 *
 * <p>Fire and forget: the ad answer never waits, and nothing here fails the request. A Redis failure costs the
 * step it hit and is logged (at most every few seconds); an account turn cut short finishes on the device's
 * next GPC request, because the device notes that its signal reached the account only after the devices were
 * written.
 */
public final class GpcFollowUp {
    private static final Logger LOG = LoggerFactory.getLogger(GpcFollowUp.class);
    private static final long LOG_SPACING_NANOS = 5_000_000_000L;

    private final GpcSightings sightings;
    private final AccountChoices accounts;
    private final ConsumerRequestLog requests;
    private final Supplier<KeyedHasher> pseudonyms;
    private final Clock clock;
    private final Ticker ticker;
    private final AtomicLong lastLog;

    public GpcFollowUp(GpcSightings sightings, AccountChoices accounts, ConsumerRequestLog requests,
                       Supplier<KeyedHasher> pseudonyms, Clock clock, Ticker ticker) {
        this.sightings = sightings;
        this.accounts = accounts;
        this.requests = requests;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        this.ticker = ticker;
        this.lastLog = new AtomicLong(ticker.nanos() - LOG_SPACING_NANOS - 1);
    }

    /** What one request's signal came to, for the log and the tests. */
    public sealed interface Followed {
        /** Nothing new: the device's signal was seen before and its account (if any) already reached. */
        record Nothing() implements Followed {
        }

        /** Recorded as a consumer request (the device's first signal, or the account it turned). */
        record Recorded(ConsumerRequest request) implements Followed {
        }

        /** A step failed ({@code step}, {@code cause}: words and an exception type, never an identifier). */
        record Failed(String step, String cause) implements Followed {
        }
    }

    /** Starts the follow-up and returns at once; failures are logged, never thrown. */
    public void signalled(String deviceId, Context context) {
        follow(deviceId, context);
    }

    /** The follow-up of one request's signal; completes on {@code context}, never fails. */
    public Future<Followed> follow(String deviceId, Context context) {
        return sightings.record(deviceId, context).compose(sighting -> {
            if (sighting instanceof GpcSightings.Sighting.NotRecorded failed) {
                return Future.succeededFuture(failed("remember the signal", failed.cause()));
            }
            if (sighting.accountToReach().isPresent()) {
                return turnAccount(deviceId, sighting, context);
            }
            if (sighting instanceof GpcSightings.Sighting.First first) {
                return record(ConsumerRequest.complied(RequestKind.OPT_OUT, RequestChannel.GPC,
                        ConsumerRequest.SubjectType.DEVICE, Pseudonyms.device(pseudonyms.get(), deviceId),
                        first.jurisdiction(), first.since(), clock.instant(), 1), context);
            }
            return Future.<Followed>succeededFuture(new Followed.Nothing());
        }).otherwise(e -> failed("follow the signal", e.getClass().getSimpleName()));
    }

    private Future<Followed> turnAccount(String deviceId, GpcSightings.Sighting sighting, Context context) {
        String account = sighting.accountToReach().orElseThrow();
        KeyedHasher hasher = pseudonyms.get();
        String device = Pseudonyms.device(hasher, deviceId);
        String jurisdiction = sighting instanceof GpcSightings.Sighting.First f ? f.jurisdiction()
                : ((GpcSightings.Sighting.SeenBefore) sighting).jurisdiction();
        Instant signalAt = clock.instant();
        return accounts.turnBySignal(account, signalAt, device, context)
                .compose(turn -> sightings.reached(deviceId, account, context).map(v -> turn))
                .compose(turn -> {
                    if (turn instanceof AccountChoices.SignalTurn.Turned turned) {
                        return record(ConsumerRequest.complied(RequestKind.OPT_OUT, RequestChannel.GPC,
                                ConsumerRequest.SubjectType.ACCOUNT, Pseudonyms.account(hasher, account), jurisdiction,
                                turned.since(), clock.instant(), turned.devicesChanged())
                                .withSource(device)
                                .withNote("a linked device sent Global Privacy Control: every device of the account"
                                        + " opted out"), context);
                    }
                    Instant since = ((AccountChoices.SignalTurn.AlreadyTurned) turn).since();
                    if (sighting instanceof GpcSightings.Sighting.First first) {
                        return record(ConsumerRequest.complied(RequestKind.OPT_OUT, RequestChannel.GPC,
                                ConsumerRequest.SubjectType.DEVICE, device, jurisdiction, first.since(), clock.instant(), 1)
                                .withNote("the account was turned to opt-out by an earlier signal at " + since
                                        + "; what the account chose after that stands"), context);
                    }
                    return Future.<Followed>succeededFuture(new Followed.Nothing());
                })
                .otherwise(e -> failed("turn the linked account to opt-out", e.getClass().getSimpleName()));
    }

    private Future<Followed> record(ConsumerRequest request, Context context) {
        return requests.append(request, context).<Followed>map(Followed.Recorded::new)
                .otherwise(e -> failed("record the consumer request", e.getClass().getSimpleName()));
    }

    private Followed failed(String step, String cause) {
        long now = ticker.nanos();
        long last = lastLog.get();
        if (now - last > LOG_SPACING_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("a device's Global Privacy Control was applied to its request, but the follow-up could not {}"
                    + " ({}); an account turn finishes on the device's next request with the signal", step, cause);
        }
        return new Followed.Failed(step, cause);
    }
}
