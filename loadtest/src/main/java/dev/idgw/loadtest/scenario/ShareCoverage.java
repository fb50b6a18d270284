package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.stub.SentIdentity;
import dev.idgw.loadtest.truth.Field;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant 2 seen from outside: every identity-bearing payload a stub received must have a share
 * record, pulled from {@code GET /compliance/v1/shares} (NDJSON, paged through {@code X-Next-Cursor}),
 * whose {@code rid} is the payload's {@code id} and whose {@code p} names that partner with exactly
 * the fields found in the payload.
 */
public final class ShareCoverage {
  public static final int PAGE_LIMIT = 10_000;
  private static final int MAX_EXAMPLES = 10;
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param expected       identity-bearing payloads to account for
   * @param recordsPulled  share records read from the compliance API
   * @param missing        payloads with no record naming their partner
   * @param fieldMismatch  payloads whose record names the partner with other fields than the payload carried
   */
  public record Result(long expected, long recordsPulled, int pages, long missing, long fieldMismatch,
      List<String> examples) {
    public Result {
      examples = List.copyOf(examples);
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("identity_bearing_payloads", expected)
          .put("records_pulled", recordsPulled)
          .put("pages", pages)
          .put("missing", missing)
          .put("field_mismatch", fieldMismatch)
          .put("examples", new JsonArray(new ArrayList<>(examples)));
    }
  }

  /** Fields per partner for each request id, as the share log holds them. */
  public static final class RecordIndex {
    private final Map<String, Map<String, Integer>> byRequest = new HashMap<>();
    private long records;

    /** Adds one NDJSON line (a canonical share record). */
    public void add(String line) {
      if (line.isBlank()) {
        return;
      }
      JsonObject record = new JsonObject(line);
      records++;
      Map<String, Integer> partners = byRequest.computeIfAbsent(record.getString("rid"), rid -> new HashMap<>());
      JsonArray shared = record.getJsonArray("p", new JsonArray());
      for (int i = 0; i < shared.size(); i++) {
        JsonObject partner = shared.getJsonObject(i);
        var fields = new ArrayList<Field>();
        partner.getJsonArray("f", new JsonArray()).forEach(name -> fields.add(Field.fromWireName((String) name)));
        partners.merge(partner.getString("id"), Field.mask(java.util.Set.copyOf(fields)), (a, b) -> a | b);
      }
    }

    public long records() {
      return records;
    }
  }

  private ShareCoverage() {}

  /** Pulls every record since {@code fromEpochMillis} and compares. */
  public static Result check(HttpClient http, String internalOrigin, String complianceToken, long fromEpochMillis,
      List<SentIdentity> sent) throws IOException, InterruptedException {
    var index = new RecordIndex();
    String cursor = null;
    int pages = 0;
    do {
      String query = "limit=" + PAGE_LIMIT + "&from=" + fromEpochMillis
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      HttpRequest request = HttpRequest.newBuilder(URI.create(internalOrigin + "/compliance/v1/shares?" + query))
          .timeout(PAGE_TIMEOUT)
          .header("Authorization", "Bearer " + complianceToken)
          .header("Accept", "application/x-ndjson")
          .GET()
          .build();
      HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        response.body().close();
        throw new IOException("GET /compliance/v1/shares answered " + response.statusCode());
      }
      try (var lines = response.body()) {
        lines.forEach(index::add);
      }
      pages++;
      cursor = response.headers().firstValue("X-Next-Cursor").filter(next -> !next.isBlank()).orElse(null);
    } while (cursor != null);
    return compare(sent, index, pages);
  }

  public static Result compare(List<SentIdentity> sent, RecordIndex index, int pages) {
    long missing = 0;
    long mismatch = 0;
    var examples = new ArrayList<String>();
    for (SentIdentity payload : sent) {
      Map<String, Integer> partners = index.byRequest.get(payload.requestId());
      Integer recorded = partners == null ? null : partners.get(payload.partnerId());
      if (recorded == null) {
        missing++;
        if (examples.size() < MAX_EXAMPLES) {
          examples.add("missing: rid=" + payload.requestId() + " partner=" + payload.partnerId() + " fields="
              + payload.fields());
        }
      } else if (recorded != payload.fieldMask()) {
        mismatch++;
        if (examples.size() < MAX_EXAMPLES) {
          examples.add("fields differ: rid=" + payload.requestId() + " partner=" + payload.partnerId()
              + " payload=" + payload.fields() + " record=" + Field.fromMask(recorded));
        }
      }
    }
    return new Result(sent.size(), index.records(), pages, missing, mismatch, examples);
  }
}
