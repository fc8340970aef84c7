package org.crmconnector.core.console;

import java.io.PrintWriter;

/** One section of the page: a heading and what the operator sees and does under it. */
interface PageSection {

    /** Rows per table before the page asks to narrow the filter: the page must stay quick to draw. */
    int MAX_ROWS = 500;

    void render(PrintWriter out, ConsolePage page);
}
