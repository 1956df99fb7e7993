package app.porter.knowledge;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Issue 13 item 8: every document parser, fed anything. The only acceptable refusal is {@link DocumentRejected}
 * (a 422 with a reason); any other exception or error would be a 500 or worse. Runs its seed inputs (in
 * {@code src/test/resources/app/porter/knowledge/DocumentParsersFuzzTestInputs/}) in every build; fuzzes for real
 * with {@code JAZZER_FUZZ=1} (the time limit below bounds each run).
 */
class DocumentParsersFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyBytesInAnyFormatAreParsedOrRefusedWithAReason(FuzzedDataProvider data) {
        SourceFormat format = data.pickValue(SourceFormat.values());
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            ParsedDocument parsed = Sources.parse(format, bytes);
            if (parsed.chunks().isEmpty()) {
                throw new AssertionError(format + ": parsed with no chunks instead of being refused");
            }
        } catch (DocumentRejected expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError(format + ": refused without a reason");
            }
        }
    }
}
