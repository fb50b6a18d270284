package dev.idgw.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which key of a rotating purpose signs, and which are published, over a rotation's timeline. */
class SigningKeySetTest {
    private static final String PURPOSE = "partner-requests";
    /** Published 6 minutes before it signs; a retired key stays published 90 s after its successor took over. */
    private static final KeyRotation ROTATION = new KeyRotation(Duration.ofMinutes(6), Duration.ofSeconds(90));
    private static final Instant FIRST = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant ROTATED = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir Path dir;

    @Test
    void shouldSignWithTheFirstKeyAtOnceAndPublishIt() throws IOException {
        SigningKeySet keys = SigningKeySet.loadOrCreate(new KeyDirectory(dir, TestClocks.at(FIRST.toString())), PURPOSE);
        assertThat(keys.keys()).hasSize(1);
        SigningKey first = keys.keys().get(0);
        assertThat(keys.signingKeyAt(FIRST, ROTATION)).as("nothing older to sign with").isEqualTo(first);
        assertThat(keys.publishedAt(FIRST, ROTATION)).containsExactly(first.verificationKey());
        assertThat(SigningKeySet.loadOrCreate(KeyDirectory.at(dir), PURPOSE).keys()).as("no second key").hasSize(1);
    }

    @Test
    void shouldPublishARotatedKeyAheadOfSigningAndKeepTheOldOneUntilItsSignaturesExpired() throws IOException {
        SigningKey old = new KeyDirectory(dir, TestClocks.at(FIRST.toString())).createSigningKey(PURPOSE);
        SigningKey rotated = new KeyDirectory(dir, TestClocks.at(ROTATED.toString())).createSigningKey(PURPOSE);
        SigningKeySet keys = SigningKeySet.load(KeyDirectory.at(dir), PURPOSE);
        Instant takesOver = ROTATED.plus(ROTATION.publishAhead());
        assertThat(ROTATION.signsFrom(rotated.id())).isEqualTo(takesOver);

        // Just rotated: the old key still signs, both are published.
        assertThat(keys.signingKeyAt(ROTATED, ROTATION)).isEqualTo(old);
        assertThat(keys.publishedAt(ROTATED, ROTATION)).containsExactly(old.verificationKey(), rotated.verificationKey());
        assertThat(keys.signingKeyAt(takesOver.minusMillis(1), ROTATION)).isEqualTo(old);

        // The new key takes over; the old one stays published while its last signatures can be valid.
        assertThat(keys.signingKeyAt(takesOver, ROTATION)).isEqualTo(rotated);
        Instant retiredUntil = takesOver.plus(ROTATION.keepRetired());
        assertThat(keys.publishedAt(retiredUntil.minusMillis(1), ROTATION))
                .containsExactly(old.verificationKey(), rotated.verificationKey());
        assertThat(keys.publishedAt(retiredUntil, ROTATION)).containsExactly(rotated.verificationKey());
    }

    @Test
    void shouldLetTwoQuickRotationsEachTakeTheirTurn() throws IOException {
        SigningKey a = new KeyDirectory(dir, TestClocks.at(FIRST.toString())).createSigningKey(PURPOSE);
        SigningKey b = new KeyDirectory(dir, TestClocks.at(ROTATED.toString())).createSigningKey(PURPOSE);
        SigningKey c = new KeyDirectory(dir, TestClocks.at(ROTATED.plusSeconds(60).toString())).createSigningKey(PURPOSE);
        SigningKeySet keys = SigningKeySet.load(KeyDirectory.at(dir), PURPOSE);
        Instant bSigns = ROTATION.signsFrom(b.id());
        Instant cSigns = ROTATION.signsFrom(c.id());

        assertThat(keys.publishedAt(ROTATED.plusSeconds(60), ROTATION)).hasSize(3);
        assertThat(keys.signingKeyAt(bSigns, ROTATION)).isEqualTo(b);
        assertThat(keys.signingKeyAt(cSigns, ROTATION)).isEqualTo(c);
        // a retired at bSigns, b at cSigns: each published for keepRetired after its own retirement.
        assertThat(keys.publishedAt(bSigns.plus(ROTATION.keepRetired()), ROTATION))
                .containsExactly(b.verificationKey(), c.verificationKey());
        assertThat(keys.publishedAt(cSigns.plus(ROTATION.keepRetired()), ROTATION)).containsExactly(c.verificationKey());
    }

    /** The compromise runbook: rotate, then delete the compromised key (and older ones): the new key signs at once. */
    @Test
    void shouldSignWithTheNewKeyAtOnceWhenNoOlderKeyIsLeft() throws IOException {
        SigningKey compromised = new KeyDirectory(dir, TestClocks.at(FIRST.toString())).createSigningKey(PURPOSE);
        SigningKey replacement = new KeyDirectory(dir, TestClocks.at(ROTATED.toString())).createSigningKey(PURPOSE);
        Files.delete(dir.resolve("ed25519-" + PURPOSE + "-" + compromised.id() + ".pem"));
        Files.delete(dir.resolve("ed25519-" + PURPOSE + "-" + compromised.id() + ".pub.pem"));

        SigningKeySet keys = SigningKeySet.load(KeyDirectory.at(dir), PURPOSE);

        assertThat(keys.signingKeyAt(ROTATED, ROTATION)).isEqualTo(replacement);
        assertThat(keys.publishedAt(ROTATED, ROTATION)).containsExactly(replacement.verificationKey());
    }

    @Test
    void shouldKeepOlderPrivateKeysAndLeavePublicOnlyKeysOut() throws IOException {
        SigningKey a = new KeyDirectory(dir, TestClocks.at(FIRST.toString())).createSigningKey(PURPOSE);
        SigningKey b = new KeyDirectory(dir, TestClocks.at(ROTATED.toString())).createSigningKey(PURPOSE);
        new KeyDirectory(dir, TestClocks.at(FIRST.toString())).createSigningKey("sharelog");
        assertThat(KeyDirectory.at(dir).signingKeys(PURPOSE)).containsExactly(a, b);
        Files.delete(dir.resolve("ed25519-" + PURPOSE + "-" + a.id() + ".pem"));
        assertThat(KeyDirectory.at(dir).signingKeys(PURPOSE)).as("a verifier's copy cannot sign").containsExactly(b);
    }

    @Test
    void shouldRefuseAnEmptyPurposeOrKeysOutOfOrder() throws IOException {
        assertThatThrownBy(() -> SigningKeySet.load(KeyDirectory.at(dir), PURPOSE))
                .isInstanceOf(IOException.class).hasMessageContaining("keys.jar rotate").hasMessageContaining(PURPOSE);
        SigningKey a = new KeyDirectory(dir, TestClocks.at(FIRST.toString())).createSigningKey(PURPOSE);
        SigningKey b = new KeyDirectory(dir, TestClocks.at(ROTATED.toString())).createSigningKey(PURPOSE);
        assertThatThrownBy(() -> new SigningKeySet(PURPOSE, List.of(b, a))).hasMessageContaining("oldest first");
        assertThatThrownBy(() -> new SigningKeySet("sharelog", List.of(a))).hasMessageContaining("not sharelog");
    }

    @Test
    void shouldReadTheCreationTimeFromGeneratedIdsOnly() {
        assertThat(KeyNames.createdAt("20261207T100000-abcdef")).isEqualTo(ROTATED);
        assertThatThrownBy(() -> KeyNames.createdAt("rfc9421-test-key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyNames.createdAt("20261399T100000-abcdef")).isInstanceOf(IllegalArgumentException.class);
    }
}
