package app.porter.chat;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;

import app.porter.http.ApiException;
import app.porter.http.JsonResponses;
import app.porter.privacy.DataSubjectRequests;
import app.porter.privacy.ErasureReceipt;
import app.porter.privacy.LegalHoldException;
import app.porter.privacy.RecordNotFoundException;

/**
 * A tenant's own data requests, with the conversation's bearer token, under {@code /api/v1/conversations}:
 * download the conversation as JSON, and delete it (crypto-shred) for a receipt signed by the appliance.
 * Kept apart from {@link ChatHttpService} so chatting and data rights can change independently.
 *
 * <pre>
 * curl -s localhost:8080/api/v1/conversations/$ID/export -H "Authorization: Bearer $TOKEN" &gt; my-conversation.json
 * curl -s -XDELETE localhost:8080/api/v1/conversations/$ID -H "Authorization: Bearer $TOKEN"
 * </pre>
 */
public final class TenantDataHttpService implements HttpService {

    static final String TENANT = "tenant";
    private static final String SELF_SERVICE = "tenant self-service";

    private final Conversations conversations;
    private final DataSubjectRequests requests;

    public TenantDataHttpService(Conversations conversations, DataSubjectRequests requests) {
        this.conversations = conversations;
        this.requests = requests;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/export", this::export)
                .delete("/{id}", this::delete);
    }

    private void export(ServerRequest req, ServerResponse res) {
        Conversation conversation = authorised(req);
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"conversation-" + conversation.id()
                + ".json\"");
        try {
            JsonResponses.send(res, 200, requests.export(DataSubjectRequests.Subject.conversation(conversation.id()),
                    TENANT, SELF_SERVICE));
        } catch (RecordNotFoundException e) {
            throw ApiException.notFound("no such conversation");
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Conversation conversation = authorised(req);
        ErasureReceipt receipt;
        try {
            receipt = requests.erase(conversation.id(), TENANT, SELF_SERVICE);
        } catch (RecordNotFoundException e) {
            throw ApiException.notFound("no such conversation");
        } catch (LegalHoldException e) {
            throw new ApiException(409, "legal_hold", "this conversation must be kept for now (a legal hold); the"
                    + " office can tell you more");
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder()
                .add("deleted", true)
                .add("receipt", receipt.toJson())
                .add("publicKey", requests.key().publicKeyPem())
                .build());
    }

    private Conversation authorised(ServerRequest req) {
        return TenantAuth.conversation(req, conversations);
    }
}
