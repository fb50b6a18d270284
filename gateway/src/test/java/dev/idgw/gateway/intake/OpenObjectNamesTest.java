package dev.idgw.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The scratch behind {@link DuplicateNameRejectingParser} on its own: names equal but not the same
 * instance (a parser without canonical names), nesting deeper than its first arrays, large objects
 * at any depth, and an object's names forgotten when it ends.
 */
class OpenObjectNamesTest {
    @Test
    void shouldFindARepeatByContentNotOnlyByInstance() {
        OpenObjectNames names = new OpenObjectNames();
        names.enter();

        assertThat(names.add(new String("id"))).isTrue();
        assertThat(names.add(new String("at"))).isTrue();
        assertThat(names.add(new String("id"))).isFalse();
    }

    @Test
    void shouldKeepEachOpenObjectsNamesApart() {
        OpenObjectNames names = new OpenObjectNames();
        names.enter();
        names.add("a");
        names.enter();

        assertThat(names.add("a")).as("the same name in a child").isTrue();
        names.exit();
        names.enter();
        assertThat(names.add("a")).as("and in its next sibling").isTrue();
        names.exit();
        assertThat(names.add("a")).as("the parent still has it").isFalse();
    }

    @Test
    void shouldCheckObjectsNestedDeeperThanItsFirstArraysHold() {
        OpenObjectNames names = new OpenObjectNames();
        for (int depth = 0; depth < 40; depth++) {
            names.enter();
            for (int k = 0; k < 10; k++) {
                assertThat(names.add(new String("k" + k))).isTrue();
            }
        }
        for (int depth = 39; depth >= 0; depth--) {
            assertThat(names.add(new String("k" + depth % 10))).as("depth %s", depth).isFalse();
            assertThat(names.add(new String("d" + depth))).isTrue();
            names.exit();
        }
    }

    @Test
    void shouldCheckLargeObjectsAtAnyDepthAndForgetThemWhenTheyEnd() {
        OpenObjectNames names = new OpenObjectNames();
        int large = 3 * OpenObjectNames.LINEAR_LIMIT;
        for (int depth = 0; depth < 20; depth++) {
            names.enter();
            for (int k = 0; k < (depth % 2 == 0 ? large : 5); k++) {
                assertThat(names.add(new String("k" + k))).isTrue();
            }
        }
        for (int depth = 19; depth >= 0; depth--) {
            int members = depth % 2 == 0 ? large : 5;
            assertThat(names.add(new String("k" + (members - 1)))).as("depth %s", depth).isFalse();
            assertThat(names.add(new String("k" + members))).isTrue();
            names.exit();
            names.enter();
            for (int k = 0; k <= large; k++) {
                assertThat(names.add(new String("k" + k))).as("a new sibling at depth %s", depth).isTrue();
            }
            names.exit();
        }
    }
}
