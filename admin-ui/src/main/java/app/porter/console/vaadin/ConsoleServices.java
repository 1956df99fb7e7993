package app.porter.console.vaadin;

import com.vaadin.flow.server.VaadinService;

import app.porter.admin.AdminServices;

/**
 * How views reach the appliance's services: {@link VaadinConsole} puts the {@link AdminServices} of its
 * {@code ConsoleContext} in the servlet context, and views read them from the Vaadin service that is serving them.
 */
public final class ConsoleServices {

    /** The servlet context attribute; Vaadin's {@code VaadinContext#getAttribute(Class)} looks it up by class name. */
    static final String ATTRIBUTE = AdminServices.class.getName();

    private ConsoleServices() {
    }

    /** The services of the console serving the current request. */
    public static AdminServices current() {
        VaadinService service = VaadinService.getCurrent();
        if (service == null) {
            throw new IllegalStateException("no Vaadin request is being served on this thread");
        }
        AdminServices services = service.getContext().getAttribute(AdminServices.class);
        if (services == null) {
            throw new IllegalStateException("the console was started without its services");
        }
        return services;
    }
}
