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

/**
 * An adapter that finds nothing and takes every delivery; tests override what
 * they look at. An interface, so that records can be such adapters too.
 */
public interface NoOpConnector extends CrmConnector {

    @Override
    default ScreenPopResult screenPop(ScreenPopRequest request) {
        return new ScreenPopResult();
    }

    @Override
    default DeliveryResult saveInteractionLog(InteractionLog log) {
        return DeliveryResult.ok();
    }

    @Override
    default DeliveryResult setDisposition(DispositionUpdate update) {
        return DeliveryResult.ok();
    }

    @Override
    default List<CrmObject> search(SearchRequest request) {
        return List.of();
    }

    @Override
    default List<Disposition> dispositions() {
        return List.of();
    }
}
