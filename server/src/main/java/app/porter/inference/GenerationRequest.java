package app.porter.inference;

import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import app.porter.inference.GenerationEngine.StopReason;

/**
 * One generation as the {@link BatchScheduler} sees it, and the channel back to its caller. The caller's thread
 * waits on {@link #events}; the scheduler thread owns everything else here. {@link #cancelled} is the only field
 * both write: the caller sets it, and the scheduler drops the row before its next step.
 */
final class GenerationRequest {

    /** What the scheduler tells the caller, in order: positions while queued, tokens, then one end. */
    sealed interface Event permits Queued, Token, Finished, Failed {
    }

    record Queued(int position) implements Event {
    }

    record Token(int id) implements Event {
    }

    record Finished(StopReason reason, int reused) implements Event {
    }

    record Failed(Exception cause) implements Event {
    }

    final int[] prompt;
    final int maxNewTokens;
    final Sampler sampler;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    volatile boolean cancelled;
    int[] history;
    int length;
    int generated;
    int lastToken;
    int lastPosition = -1;
    int reused;

    GenerationRequest(int[] prompt, int maxNewTokens, Sampler sampler) {
        this.prompt = prompt;
        this.maxNewTokens = maxNewTokens;
        this.sampler = sampler;
        this.history = Arrays.copyOf(prompt, prompt.length + Math.min(maxNewTokens, 256));
        this.length = prompt.length;
    }

    void append(int token) {
        if (length == history.length) {
            history = Arrays.copyOf(history, history.length * 2);
        }
        history[length++] = token;
        lastToken = token;
    }
}
