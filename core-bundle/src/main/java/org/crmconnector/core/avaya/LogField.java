package org.crmconnector.core.avaya;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A field of seed 001's table: the name errors use, and the normalised names it
 * may arrive under, in order of preference.
 */
record LogField(String name, List<String> keys) {

    static LogField of(String canonical, String... synonyms) {
        List<String> keys = new ArrayList<>();
        keys.add(MemberNames.normalise(canonical));
        Arrays.stream(synonyms).map(MemberNames::normalise).forEach(keys::add);
        return new LogField(canonical, List.copyOf(keys));
    }
}
