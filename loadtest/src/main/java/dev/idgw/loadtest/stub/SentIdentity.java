package dev.idgw.loadtest.stub;

import dev.idgw.loadtest.truth.Field;
import java.util.Set;

/**
 * One identity-bearing payload a stub received: the share log must hold a record for {@code requestId}
 * naming {@code partnerId} and exactly these fields.
 *
 * @param requestId  the payload's {@code id}, the gateway's own request id ({@code rid} in the record)
 * @param fieldMask  {@link Field#mask} of the fields found in the payload
 */
public record SentIdentity(String requestId, String partnerId, int fieldMask) {
  public Set<Field> fields() {
    return Field.fromMask(fieldMask);
  }
}
