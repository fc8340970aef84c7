package org.crmconnector.crm.salesforce.pop;

import java.util.List;

import org.crmconnector.crm.ScreenPop;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.interaction.CrmObject;

/**
 * Turns lookup matches into what the agent sees, the way a Salesforce
 * softphone layout does: one match pops the record, several the search page
 * (or options), none a new Contact (or nothing).
 */
public final class ScreenPopPolicy {

    private final LightningUrls urls;
    private final ManyMatchesPop many;
    private final NoMatchPop none;
    private final String target;

    public ScreenPopPolicy(LightningUrls urls, ManyMatchesPop many, NoMatchPop none, String target) {
        this.urls = urls;
        this.many = many;
        this.none = none;
        this.target = target;
    }

    /** @param number the caller's number as received, used for the search page and the new Contact */
    public ScreenPopResult decide(List<CrmObject> matches, String number) {
        ScreenPopResult result = new ScreenPopResult();
        result.matches.addAll(matches);
        switch (result.match()) {
            case ONE -> {
                CrmObject match = matches.get(0);
                result.pop = ScreenPop.url(match.url, target, match.name);
            }
            case MANY -> {
                if (many == ManyMatchesPop.OFFER_OPTIONS) {
                    result.offerAsOptions = true;
                } else {
                    result.pop = ScreenPop.url(urls.search(number), target, "Search: " + number);
                }
            }
            case NONE -> {
                if (none == NoMatchPop.NEW_CONTACT && number != null && number.chars().anyMatch(Character::isDigit)) {
                    result.pop = ScreenPop.url(urls.newRecord("Contact", "Phone", number), target, "New Contact");
                }
            }
        }
        return result;
    }
}
