package org.crmconnector.core.delivery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.Trigger;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.interaction.Interaction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Hands interaction logs, dispositions and triggers to the tenant's adapter. */
@Component(service = InteractionDelivery.class)
public class InteractionDelivery {

    private final AdapterRouter router;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @Activate
    public InteractionDelivery(@Reference AdapterRouter router) {
        this.router = router;
    }

    @Deactivate
    void deactivate() {
        executor.shutdown();
    }

    public void log(Tenant tenant, Interaction finished) {
        submit(tenant, c -> c.saveInteractionLog(new InteractionLog(finished, null)));
    }

    public void disposition(Tenant tenant, Interaction interaction, String code) {
        submit(tenant, c -> c.setDisposition(new DispositionUpdate(interaction, code, null)));
    }

    public void trigger(Tenant tenant, Trigger trigger, Interaction interaction) {
        submit(tenant, c -> c.onTrigger(new TriggerEvent(trigger, interaction)));
    }

    private void submit(Tenant tenant, java.util.function.Consumer<CrmConnector> work) {
        router.connectorFor(tenant.adapterInstance()).ifPresent(c -> executor.execute(() -> work.accept(c)));
    }
}
