package org.crmconnector.core.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Registers a servlet as a Felix Web Console page: DS writes each element as
 * a {@code felix.webconsole.*} service property, so a typo is a compile error
 * rather than a page that silently never shows.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface WebConsolePlugin {

    String PREFIX_ = "felix.webconsole.";

    /** The page's address under the console root. */
    String label();

    /** The page's name in the navigation. */
    String title();

    /** The navigation group it is listed under. */
    String category();
}
