package org.crmconnector.core.avaya;

/**
 * A field as error messages name it: {@code name} is the table's name (with any
 * {@code [k]} or {@code .key} below it), {@code at} the path it was found at in
 * the body, or null when that says nothing more.
 */
record FieldLocation(String name, String at) {

    FieldLocation child(String suffix) {
        return new FieldLocation(name + suffix, at == null ? null : at + suffix);
    }
}
