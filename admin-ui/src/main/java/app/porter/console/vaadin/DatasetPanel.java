package app.porter.console.vaadin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

import app.porter.dataset.DatasetExport;
import app.porter.dataset.DatasetRequest;
import app.porter.errors.DomainException;

/**
 * The training-dataset export in the console: a date range, a property and a reason; "Prepare" builds the
 * de-identified export (audited then, with the reason) and offers it as a zip, with its report shown. The bytes
 * are built on the click, so the download itself reads nothing and audits nothing twice.
 */
final class DatasetPanel extends VerticalLayout {

    private final DatasetExport dataset = ConsoleServices.current().dataset();
    private final DatePicker from = new DatePicker("From (UTC day)");
    private final DatePicker to = new DatePicker("To (inclusive)");
    private final TextField property = new TextField("Property id (empty: all)");
    private final TextField reason = new TextField("Reason (recorded in the audit log)");
    private final Span summary = new Span();
    private final HorizontalLayout download = new HorizontalLayout();

    DatasetPanel() {
        setPadding(false);
        from.setId("dataset-from");
        to.setId("dataset-to");
        property.setId("dataset-property");
        reason.setId("dataset-reason");
        reason.setWidth("24em");
        reason.setPlaceholder("e.g. fine-tune for Q3");
        Button prepare = new Button("Prepare training dataset", click -> prepare());
        prepare.setId("dataset-prepare");
        summary.setId("dataset-summary");
        HorizontalLayout inputs = new HorizontalLayout(from, to, property, reason, prepare);
        inputs.setAlignItems(FlexComponent.Alignment.BASELINE);
        inputs.getStyle().set("flex-wrap", "wrap");
        add(new H3("Training dataset"), new Paragraph("Conversations as de-identified JSON Lines chat records for"
                + " fine-tuning a model elsewhere: every tenant detail replaced by a placeholder, split into train,"
                + " validation and test by conversation. Conversations under legal hold are left out."),
                inputs, summary, download);
    }

    private void prepare() {
        download.removeAll();
        summary.setText("");
        DatasetRequest request;
        try {
            request = new DatasetRequest(from.getValue(), to.getValue(), property.getValue().strip(),
                    DatasetRequest.DEFAULT_SEED, reason.getValue().strip());
        } catch (DomainException e) {
            ConsoleRoles.error(e.getMessage());
            return;
        }
        ConsoleRoles.attempt(who -> dataset.export(who, request)).ifPresent(export -> {
            byte[] zip = zip(export);
            summary.setText(export.report().getInt("records") + " records " + export.report().getJsonObject("splits")
                    + "; replaced " + export.report().getJsonObject("redacted") + "; left out "
                    + export.report().getJsonObject("dropped"));
            Anchor link = new Anchor(DownloadHandler.fromInputStream(event -> new DownloadResponse(
                    new ByteArrayInputStream(zip), "porter-dataset.zip", "application/zip", zip.length)),
                    "Download porter-dataset.zip");
            link.setId("dataset-download");
            download.add(link);
        });
    }

    private static byte[] zip(DatasetExport.Export export) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DatasetExport.writeZip(export, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
