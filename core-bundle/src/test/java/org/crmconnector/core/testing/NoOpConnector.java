package org.crmconnector.core.testing;

import java.util.List;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.Disposition;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.interaction.CrmObject;

/** An adapter that finds nothing and takes every delivery; tests override what they look at. */
public class NoOpConnector implements CrmConnector {

    @Override
    public ScreenPopResult screenPop(ScreenPopRequest request) {
        return new ScreenPopResult();
    }

    @Override
    public DeliveryResult saveInteractionLog(InteractionLog log) {
        return DeliveryResult.ok();
    }

    @Override
    public DeliveryResult setDisposition(DispositionUpdate update) {
        return DeliveryResult.ok();
    }

    @Override
    public List<CrmObject> search(SearchRequest request) {
        return List.of();
    }

    @Override
    public List<Disposition> dispositions() {
        return List.of();
    }
}
