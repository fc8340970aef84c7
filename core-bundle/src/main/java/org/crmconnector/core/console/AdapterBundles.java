package org.crmconnector.core.console;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** The installed adapter bundles: those that opt in with {@code X-CrmConnector-Adapter: true}. */
@FunctionalInterface
interface AdapterBundles {

    String ADAPTER_HEADER = "X-CrmConnector-Adapter";
    String BUILD_TAG_HEADER = "X-Build-Tag";

    record AdapterBundle(long id, String symbolicName, String version, String state, String buildTag) {
    }

    List<AdapterBundle> list();

    static AdapterBundles of(BundleContext context) {
        return () -> {
            List<AdapterBundle> result = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if ("true".equalsIgnoreCase(String.valueOf(b.getHeaders().get(ADAPTER_HEADER)).trim())) {
                    Object tag = b.getHeaders().get(BUILD_TAG_HEADER);
                    result.add(new AdapterBundle(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
                            state(b.getState()), tag == null ? "" : tag.toString()));
                }
            }
            return result;
        };
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
