package dev.idgw.gateway.consent;

import java.util.Locale;

/**
 * The Redis key schema for consent: one hash per device at {@code <prefix>:consent:{<deviceId>}}. The
 * braces are a Redis Cluster hash tag, so everything kept per device lands on one slot. Device IDs are
 * lowercased so a player's spelling cannot miss a record.
 *
 * <p>Hash fields: {@code ad} (1 granted / 0 denied; required), {@code jur} (e.g. US-CA, GB; required),
 * {@code age} (child, minor, adult, unknown; absent means unknown), {@code em} (optional: 64 lowercase
 * hex, SHA-256 of the normalized email), {@code v} (record version, integer, default 0), {@code ts}
 * (update time, epoch milliseconds, default 0). Any present field with a bad value makes the whole
 * record malformed, which strips.
 *
 * <p>Beside it, under the same hash tag (same slot, so one DEL removes both), one hash per device at
 * {@code <prefix>:optout:{<deviceId>}}: field {@code gpc}, epoch milliseconds of the first ad request that
 * carried Global Privacy Control for the device, set once (HSETNX) and never moved. Kept apart from the
 * consent record because the consent API replaces that record whole, and because an ad request may see a
 * device that has no consent record. Its field {@code acct} names the account this device's signal has
 * already turned to opt-out (so a linked device's later GPC requests cost nothing more).
 *
 * <p>Per account (hash tag {@code {<accountId>}}): {@code <prefix>:account:{<accountId>}}, the set of linked
 * device IDs (a device's record names its account in field {@code acct}), and
 * {@code <prefix>:account-choice:{<accountId>}}, a hash: {@code gpc} (epoch milliseconds when a linked
 * device's Global Privacy Control turned the account to opt-out; set once) and {@code gpcSource} (that
 * device's pseudonym).
 */
public final class ConsentKeys {
    public static final String AD_CONSENT = "ad";
    public static final String JURISDICTION = "jur";
    public static final String AGE_BAND = "age";
    public static final String EMAIL_SHA256 = "em";
    public static final String VERSION = "v";
    public static final String UPDATED_AT = "ts";
    /** In {@link #optOutSignalForDevice}: when the first ad request with GPC came, epoch milliseconds. */
    public static final String GPC_FIRST_SEEN = "gpc";
    /** In {@link #optOutSignalForDevice}: the account this device's GPC has already reached. */
    public static final String SIGNAL_REACHED_ACCOUNT = "acct";
    /** In the consent record: the account the device is linked to. */
    public static final String ACCOUNT = "acct";

    private final String prefix;

    public ConsentKeys(String prefix) {
        this.prefix = prefix;
    }

    public String forDevice(String deviceId) {
        return prefix + ":consent:{" + normalizeDeviceId(deviceId) + "}";
    }

    /** The device's opt-out signal facts; same hash tag, so the same Redis Cluster slot, as its consent record. */
    public String optOutSignalForDevice(String deviceId) {
        return prefix + ":optout:{" + normalizeDeviceId(deviceId) + "}";
    }

    /** The set of device IDs linked to the account. */
    public String accountDevices(String accountId) {
        return prefix + ":account:{" + accountId + "}";
    }

    /** The account's opt-out facts; same hash tag as {@link #accountDevices}, so one script can read both. */
    public String accountChoice(String accountId) {
        return prefix + ":account-choice:{" + accountId + "}";
    }

    public static String normalizeDeviceId(String deviceId) {
        return deviceId.trim().toLowerCase(Locale.ROOT);
    }
}
