package dev.idgw.gateway.sharelog;

/** Signs checkpoints with the active Ed25519 key; swapped as a whole when keys rotate. */
public interface CheckpointSigner {
    String keyId();

    byte[] sign(byte[] message);
}
