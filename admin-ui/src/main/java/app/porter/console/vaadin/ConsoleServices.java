package app.porter.console.vaadin;

import com.vaadin.flow.server.VaadinService;

import app.porter.console.ConsoleContext;

/**
 * How views reach the appliance's services: {@link VaadinConsole} puts its {@link ConsoleContext} in the servlet
 * context, and views read it from the Vaadin service that is serving them.
 */
public final class ConsoleServices {

    /** The servlet context attribute; Vaadin's {@code VaadinContext#getAttribute(Class)} looks it up by class name. */
    static final String ATTRIBUTE = ConsoleContext.class.getName();

    private ConsoleServices() {
    }

    /** The services of the console serving the current request. */
    public static ConsoleContext current() {
        VaadinService service = VaadinService.getCurrent();
        if (service == null) {
            throw new IllegalStateException("no Vaadin request is being served on this thread");
        }
        ConsoleContext context = service.getContext().getAttribute(ConsoleContext.class);
        if (context == null) {
            throw new IllegalStateException("the console was started without its services");
        }
        return context;
    }
}
