package app.porter.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.chat.ChatMessage;
import app.porter.chat.Conversation;
import app.porter.chat.Conversations;
import app.porter.crypto.TamperedDataException;
import app.porter.errors.NotFound;
import app.porter.escalation.Escalations;
import app.porter.feedback.Feedback;
import app.porter.portfolio.Portfolio;
import app.porter.privacy.Redactor;
import app.porter.tickets.Ticket;
import app.porter.tickets.Tickets;

/**
 * Conversations turned into a training dataset for fine-tuning a model elsewhere: one JSON Lines chat record per
 * conversation (the instruction, the tenant's turns, the answer Porter gave or the staff reply that replaced it,
 * the passages it cited, labels), every tenant detail replaced by a placeholder ({@link Pseudonyms}), split into
 * train / validation / test by conversation ({@link Split}), with a de-identification report.
 *
 * <p>What is left out, and why (each counted in the report): conversations under legal hold (kept for a dispute,
 * not for reuse); conversations with no tenant turn or no answer (nothing to learn from); conversations whose
 * text cannot be decrypted. Erased and purged conversations are gone before an export can see them: their keys
 * are destroyed, so they cannot be exported by anyone.
 */
public final class DatasetExport {

    /** The records of each split and the report, ready to be written. */
    public record Export(Map<String, List<JsonObject>> splits, JsonObject report) {
    }

    private final Conversations conversations;
    private final Portfolio portfolio;
    private final Escalations escalations;
    private final Tickets tickets;
    private final Feedback feedback;
    private final AuditLog audit;
    private final Supplier<String> instruction;
    private final Function<Actor, Collection<String>> staffNames;
    private final String phoneRegion;
    private final Clock clock;

    /**
     * @param instruction the system text an answer is written under (the firm's answer policy)
     * @param staffNames staff names as the exporting admin may list them, replaced like tenants' (staff replies
     *                   are signed with them)
     * @param phoneRegion the firm's region, for phone numbers written without a country code
     */
    public DatasetExport(Conversations conversations, Portfolio portfolio, Escalations escalations, Tickets tickets,
                         Feedback feedback, AuditLog audit, Supplier<String> instruction,
                         Function<Actor, Collection<String>> staffNames, String phoneRegion, Clock clock) {
        this.conversations = conversations;
        this.portfolio = portfolio;
        this.escalations = escalations;
        this.tickets = tickets;
        this.feedback = feedback;
        this.audit = audit;
        this.instruction = instruction;
        this.staffNames = staffNames;
        this.phoneRegion = phoneRegion;
        this.clock = clock;
    }

    /** Builds the export; needs the admin role, and is audited with the stated reason (redacted). */
    public Export export(Actor actor, DatasetRequest request) {
        actor.require("exporting a training dataset", Role.ADMIN);
        if (request.propertyId() != null && portfolio.find(request.propertyId()).isEmpty()) {
            throw new NotFound("no such property: " + request.propertyId());
        }
        Map<Split, List<JsonObject>> bySplit = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            bySplit.put(split, new ArrayList<>());
        }
        Map<String, Integer> dropped = new TreeMap<>();
        Map<String, Integer> redacted = new TreeMap<>();
        List<Conversation> selected = conversations.startedBetween(request.from(), request.to(), request.propertyId());
        Collection<String> staff = staffNames.apply(actor);
        String system = instruction.get();
        for (Conversation conversation : selected) {
            if (conversation.legalHold() != null) {
                dropped.merge("legal-hold", 1, Integer::sum);
                continue;
            }
            List<Ticket> ticketsOf = tickets.ofConversation(conversation.id());
            List<ChatMessage> history;
            try {
                history = conversations.history(conversation);
            } catch (TamperedDataException e) {
                dropped.merge("unreadable", 1, Integer::sum);
                continue;
            }
            List<String> texts = new ArrayList<>();
            history.forEach(m -> {
                texts.add(m.text());
                m.citations().forEach(c -> texts.add(c.snippet()));
            });
            Pseudonyms pseudonyms = Pseudonyms.learn(phoneRegion, staff, conversation.unitId(), texts);
            TrainingRecord record = TrainingRecord.of(conversation, history, system, pseudonyms);
            if (record == null) {
                dropped.merge("no-tenant-turn-or-answer", 1, Integer::sum);
                continue;
            }
            pseudonyms.counts().forEach((kind, n) -> redacted.merge(kind, n, Integer::sum));
            Split split = Split.of(request.seed(), conversation.id());
            bySplit.get(split).add(record.json(Split.recordId(request.seed(), conversation.id()), split.id(),
                    escalations.reasonsOf(conversation.id()), ticketsOf.stream().map(Ticket::category).toList(),
                    feedback.verdictOf(conversation.id())));
        }
        Map<String, List<JsonObject>> splits = new java.util.LinkedHashMap<>();
        bySplit.forEach((split, records) -> splits.put(split.id(), List.copyOf(records)));
        int records = bySplit.values().stream().mapToInt(List::size).sum();
        JsonObject report = report(request, selected.size(), records, bySplit, redacted, dropped);
        audit.append(actor.who(), "dataset.exported", request.propertyId() == null ? "portfolio" : request.propertyId(),
                records + " records of " + selected.size() + " conversations; reason: "
                        + new Redactor(phoneRegion, staff).redact(request.reason()).text());
        return new Export(splits, report);
    }

    /** The export as a zip: {@code train.jsonl}, {@code validation.jsonl}, {@code test.jsonl}, {@code report.json}. */
    public static void writeZip(Export export, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, List<JsonObject>> split : export.splits().entrySet()) {
                zip.putNextEntry(new ZipEntry(split.getKey() + ".jsonl"));
                for (JsonObject record : split.getValue()) {
                    zip.write((record.toString() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("report.json"));
            zip.write(export.report().toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    private JsonObject report(DatasetRequest request, int selected, int records, Map<Split, List<JsonObject>> bySplit,
                              Map<String, Integer> redacted, Map<String, Integer> dropped) {
        JsonObjectBuilder splitCounts = Json.createObjectBuilder();
        bySplit.forEach((split, list) -> splitCounts.add(split.id(), list.size()));
        JsonObjectBuilder redactedCounts = Json.createObjectBuilder();
        redacted.forEach(redactedCounts::add);
        JsonObjectBuilder droppedCounts = Json.createObjectBuilder();
        dropped.forEach(droppedCounts::add);
        JsonObjectBuilder report = Json.createObjectBuilder()
                .add("format", "porter.dataset/v1")
                .add("exportedAt", clock.instant().toString())
                .add("seed", request.seed())
                .add("propertyId", request.propertyId() == null ? "portfolio" : request.propertyId())
                .add("conversations", selected)
                .add("records", records)
                .add("splits", splitCounts)
                .add("redacted", redactedCounts)
                .add("dropped", droppedCounts)
                .add("note", "Erased and purged conversations are not in the export: their keys are destroyed."
                        + " Conversations under legal hold are left out while the hold lasts.");
        if (request.from() != null) {
            report.add("from", request.from().toString());
        }
        if (request.to() != null) {
            report.add("to", request.to().toString());
        }
        return report.build();
    }
}
