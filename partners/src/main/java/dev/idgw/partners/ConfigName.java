package dev.idgw.partners;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum constant with the lowercase name operators write in config files and records carry. */
public interface ConfigName {
    String configName();

    /** The constant named {@code name}, or an error that lists the allowed names. */
    static <E extends Enum<E> & ConfigName> E parse(Class<E> type, String name, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.configName().equals(name)) {
                return e;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(ConfigName::configName)
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + what + " '" + name + "' (expected one of " + allowed + ")");
    }
}
