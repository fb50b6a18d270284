package dev.idgw.loadtest.truth;

import java.util.List;
import java.util.Set;

/**
 * What one partner payload carried, judged.
 *
 * @param matched        the payload's correlation token named a known request (else identity could not be judged)
 * @param present        identity fields found anywhere in it
 * @param violations     every broken rule found, with where ({@code detail} names a JSON path or spelling, never a value)
 * @param expectedAbsent fields the decision table allows that did not arrive: a soft mismatch (fail closed under faults)
 */
public record PayloadVerdict(boolean matched, Set<Field> present, List<Violation> violations,
    Set<Field> expectedAbsent) {

  public record Violation(ViolationKind kind, String detail) {}

  public PayloadVerdict {
    present = Set.copyOf(present);
    violations = List.copyOf(violations);
    expectedAbsent = Set.copyOf(expectedAbsent);
  }

  public boolean identityBearing() {
    return !present.isEmpty();
  }
}
