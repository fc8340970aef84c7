package org.crmconnector.crm.support.pop;

import java.util.List;

import org.crmconnector.crm.ScreenPop;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.interaction.CrmObject;

/**
 * Turns lookup matches into what the agent sees, the way CRM softphone
 * layouts do: one match pops the record, several the search page (or
 * options to choose from), none a new contact (or nothing).
 */
public final class ScreenPopPolicy {

    private final PopPages pages;
    private final ManyMatchesPop many;
    private final NoMatchPop none;
    private final String target;
    private final String newContactTitle;

    /** @param newContactTitle the new contact pop's title in the CRM's own words, e.g. {@code New Contact} */
    public ScreenPopPolicy(PopPages pages, ManyMatchesPop many, NoMatchPop none, String target, String newContactTitle) {
        this.pages = pages;
        this.many = many;
        this.none = none;
        this.target = target;
        this.newContactTitle = newContactTitle;
    }

    /** @param number the caller's number as received, for the search page and the new contact; may be null */
    public ScreenPopResult decide(List<CrmObject> matches, String number) {
        ScreenPopResult result = new ScreenPopResult();
        result.matches.addAll(matches);
        switch (result.match()) {
            case ONE -> {
                CrmObject match = matches.get(0);
                result.pop = ScreenPop.url(match.url, target, match.name);
            }
            case MANY -> {
                // without a number there is nothing to search for: the agent chooses
                if (many == ManyMatchesPop.SEARCH_PAGE && number != null) {
                    result.pop = ScreenPop.url(pages.search(number), target, "Search: " + number);
                } else {
                    result.offerAsOptions = true;
                }
            }
            case NONE -> {
                if (none == NoMatchPop.NEW_CONTACT && number != null && number.chars().anyMatch(Character::isDigit)) {
                    result.pop = ScreenPop.url(pages.newContact(number), target, newContactTitle);
                }
            }
        }
        return result;
    }
}
