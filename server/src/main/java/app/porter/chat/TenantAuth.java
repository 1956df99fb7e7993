package app.porter.chat;

import io.helidon.webserver.http.ServerRequest;

import app.porter.http.ApiException;
import app.porter.http.BearerAuth;

/** The tenant's bearer token checked against the conversation named by the path's {@code {id}}. */
public final class TenantAuth {

    private TenantAuth() {
    }

    /** 401 without a token, 404 for an unknown conversation, 403 for another conversation's token. */
    public static Conversation conversation(ServerRequest req, Conversations conversations) {
        String token = BearerAuth.require(req);
        Conversation conversation = conversations.find(req.path().pathParameters().get("id"))
                .orElseThrow(() -> ApiException.notFound("no such conversation"));
        if (!conversations.authorizes(conversation, token)) {
            throw ApiException.forbidden("this token is not for this conversation");
        }
        return conversation;
    }
}
