package app.porter.knowledge;

import java.util.ArrayList;
import java.util.List;

/** Table rows as text that keeps each value with its header: "Unit: 4B; Date: 2024-03-02; Status: done". */
final class Tables {

    private Tables() {
    }

    /** One row; without headers (or for extra cells) the values are listed alone. Empty cells are left out. */
    static String row(List<String> headers, List<String> cells) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String value = Text.clean(cells.get(i));
            if (value.isEmpty()) {
                continue;
            }
            String header = headers != null && i < headers.size() ? Text.clean(headers.get(i)) : "";
            parts.add(header.isEmpty() ? value : header + ": " + value);
        }
        return String.join("; ", parts);
    }
}
