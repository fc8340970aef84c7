package org.crmconnector.crm.genericrest.lookup;

import java.util.List;

import org.crmconnector.crm.ScreenPop;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.genericrest.template.Encoding;
import org.crmconnector.crm.genericrest.template.Template;
import org.crmconnector.crm.genericrest.template.Values;
import org.crmconnector.interaction.CrmObject;

/** What to pop for one, several or no matches (seed 004: URL with variables, visible, target, title). */
public final class ScreenPopRule {

    private final PopUrl one;
    private final PopUrl many;
    private final PopUrl none;
    private final boolean visible;
    private final String target;
    private final Template title;

    /** Each URL may be null: nothing pops in that case. */
    public ScreenPopRule(PopUrl one, PopUrl many, PopUrl none, boolean visible, String target, Template title) {
        this.one = one;
        this.many = many;
        this.none = none;
        this.visible = visible;
        this.target = target;
        this.title = title;
    }

    /** Fills {@code result.pop} and {@code offerAsOptions} from its matches. */
    public void apply(ScreenPopResult result, Values interaction) {
        List<CrmObject> matches = result.matches;
        Values values = interaction.copy().put("matchCount", (long) matches.size());
        PopUrl url;
        switch (result.match()) {
            case ONE -> {
                CrmObject match = matches.get(0);
                values.put("recordId", match.id).put("recordName", match.name).put("recordType", match.label)
                        .put("recordUrl", match.url);
                url = one;
            }
            case MANY -> url = many;
            default -> url = none;
        }
        // several matches and no page to show them on: let the agent choose among them
        result.offerAsOptions = result.match() == ScreenPopResult.Match.MANY && many == null;
        String rendered = url == null ? null : url.render(values);
        if (rendered == null) {
            result.pop = null;
            return;
        }
        // one line of text: control characters in caller data become spaces
        String t = title.render(values, Encoding.HEADER);
        ScreenPop pop = ScreenPop.url(rendered, target, t.isEmpty() ? null : t);
        pop.visible = visible;
        result.pop = pop;
    }
}
