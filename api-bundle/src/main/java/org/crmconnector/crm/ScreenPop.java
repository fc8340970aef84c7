package org.crmconnector.crm;

import java.util.ArrayList;
import java.util.List;

/**
 * What to open at the agent's desktop (seed 004): a URL in a browser target or
 * in the request tab, or a named command the agent client maps to a local
 * program itself. A command carries only a name and arguments, never a path.
 */
public class ScreenPop {
    /** The URL to open, or null for a command pop. */
    public String url;
    /** Whether the URL is shown at all; seed 004 "Visible". */
    public boolean visible = true;
    /** Browser target: {@code _blank}, a window name, or {@code request-tab}; seed 004 "Target". */
    public String target = "_blank";
    /** Title of the request-tab toggle; seed 004. */
    public String title;
    /** Name of a mapped command, or null for a URL pop. */
    public String command;
    public List<String> commandArgs = new ArrayList<>();

    public static ScreenPop url(String url, String target, String title) {
        ScreenPop pop = new ScreenPop();
        pop.url = url;
        pop.target = target;
        pop.title = title;
        return pop;
    }
}
