package dev.idgw.gateway.sharelog;

import dev.idgw.keys.SigningKey;

/** Signs checkpoints and segment manifests with the active Ed25519 key; swapped as a whole when keys rotate. */
public interface CheckpointSigner {
    String keyId();

    byte[] sign(byte[] message);

    static CheckpointSigner of(SigningKey key) {
        return new CheckpointSigner() {
            @Override
            public String keyId() {
                return key.id();
            }

            @Override
            public byte[] sign(byte[] message) {
                return key.sign(message);
            }
        };
    }
}
