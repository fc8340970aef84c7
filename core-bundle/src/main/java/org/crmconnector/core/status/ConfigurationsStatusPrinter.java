package org.crmconnector.core.status;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeService;

/**
 * The Web Console's Status page "Configurations" with private values hidden.
 * The console's own printer hides only what a metatype declares a password,
 * and only while a bundle with that metatype is installed: an adapter's
 * {@code .client.secret} would show in clear while its bundle is out (a hot
 * swap), and a private attribute no metatype names always would. This one
 * hides both kinds; registered under the console printer's name with a lower
 * ranking, it takes that page's place (see {@link ComponentsStatusPrinter}).
 */
@Component(service = InventoryPrinter.class, property = {
    InventoryPrinter.NAME + "=" + ConfigurationsStatusPrinter.NAME,
    InventoryPrinter.TITLE + "=Configurations",
    InventoryPrinter.FORMAT + "=TEXT",
    "service.ranking:Integer=" + ComponentsStatusPrinter.RANKING})
public class ConfigurationsStatusPrinter implements InventoryPrinter {

    /** The name the Web Console registers its configuration printer under. */
    static final String NAME = "Configurations";
    private static final Set<String> SHOWN_ABOVE = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION);

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final MetaTypeService metatype;

    @Activate
    public ConfigurationsStatusPrinter(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metatype) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.metatype = metatype;
    }

    @Override
    public void print(PrintWriter out, Format format, boolean isZip) {
        Configuration[] all;
        try {
            all = configAdmin.listConfigurations(null);
        } catch (IOException | InvalidSyntaxException e) {
            out.println("Status: Configuration Admin Service not accessible: " + e.getMessage());
            return;
        }
        if (all == null || all.length == 0) {
            out.println("Status: No Configurations available");
            return;
        }
        PasswordAttributes passwords = new PasswordAttributes(metatype, context.getBundles());
        out.println("Status: " + all.length + " configurations available. Private properties (names starting with '.') "
                + "and passwords are shown as " + PrivateProperties.HIDDEN + ".");
        out.println();
        for (Configuration c : List.of(all).stream().sorted(Comparator.comparing(Configuration::getPid)).toList()) {
            print(out, c, passwords);
        }
    }

    private static void print(PrintWriter out, Configuration c, PasswordAttributes passwords) {
        out.println("PID = " + c.getPid());
        if (c.getFactoryPid() != null) {
            out.println("  Factory PID = " + c.getFactoryPid());
        }
        if (c.getBundleLocation() != null) {
            out.println("  BundleLocation = " + c.getBundleLocation());
        }
        Dictionary<String, Object> props = c.getProperties();
        TreeMap<String, Object> sorted = new TreeMap<>();
        if (props != null) {
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                sorted.put(key, props.get(key));
            }
        }
        String ocd = c.getFactoryPid() != null ? c.getFactoryPid() : c.getPid();
        sorted.forEach((key, value) -> {
            if (!SHOWN_ABOVE.contains(key)) {
                boolean hidden = PrivateProperties.isPrivate(key) || passwords.isPassword(ocd, key);
                out.println("  " + key + " = " + (hidden ? PrivateProperties.HIDDEN : ComponentView.printable(value)));
            }
        });
        out.println();
    }
}
