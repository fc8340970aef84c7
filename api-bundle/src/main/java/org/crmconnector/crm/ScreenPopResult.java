package org.crmconnector.crm;

import java.util.ArrayList;
import java.util.List;

import org.crmconnector.interaction.CrmObject;

/** The lookup's answer: what matched, and what to pop (none when nothing should open). */
public class ScreenPopResult {

    public enum Match {
        NONE, ONE, MANY
    }

    public List<CrmObject> matches = new ArrayList<>();
    /** What to open, or null. */
    public ScreenPop pop;
    /** When several matched and the policy offers them as Name options instead of a search page. */
    public boolean offerAsOptions;

    public Match match() {
        return matches.isEmpty() ? Match.NONE : matches.size() == 1 ? Match.ONE : Match.MANY;
    }
}
