package app.porter.flows;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The evaluation sets' CSV files (with a header row), read from the test classpath. */
final class EvalCsv {

    private EvalCsv() {
    }

    static <T> List<T> rows(String resource, Function<CSVRecord, T> row) {
        try (InputStream in = EvalCsv.class.getResourceAsStream(resource);
             CSVParser csv = CSVParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8),
                     CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<T> rows = new ArrayList<>();
            for (CSVRecord record : csv) {
                rows.add(row.apply(record));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
