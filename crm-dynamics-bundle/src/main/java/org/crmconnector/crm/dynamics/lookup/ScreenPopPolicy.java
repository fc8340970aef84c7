package org.crmconnector.crm.dynamics.lookup;

import java.util.List;

import org.crmconnector.crm.ScreenPop;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.interaction.CrmObject;

/** Turns matches into what the agent sees: one pops the record, several options or the search page, none a new contact. */
public final class ScreenPopPolicy {

    private final RecordUrls urls;
    private final ManyMatchesPop many;
    private final NoMatchPop none;
    private final String target;

    public ScreenPopPolicy(RecordUrls urls, ManyMatchesPop many, NoMatchPop none, String target) {
        this.urls = urls;
        this.many = many;
        this.none = none;
        this.target = target;
    }

    public ScreenPopResult decide(List<CrmObject> matches, String number) {
        ScreenPopResult result = new ScreenPopResult();
        result.matches.addAll(matches);
        switch (result.match()) {
            case ONE -> result.pop = ScreenPop.url(matches.get(0).url, target, matches.get(0).name);
            case MANY -> {
                if (many == ManyMatchesPop.SEARCH_PAGE && number != null) {
                    result.pop = ScreenPop.url(urls.search(number), target, "Search: " + number);
                } else {
                    result.offerAsOptions = true;
                }
            }
            case NONE -> {
                if (none == NoMatchPop.NEW_CONTACT && number != null && number.chars().anyMatch(Character::isDigit)) {
                    result.pop = ScreenPop.url(urls.newRecord("contact", "telephone1", number), target, "New contact");
                }
            }
        }
        return result;
    }
}
