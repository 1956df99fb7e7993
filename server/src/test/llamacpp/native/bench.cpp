// llama.cpp compiled here for this CPU (-march=native), on a GGUF file: prompt processing and decode tokens/s, as
// llama-bench's pp and tg tests measure them and as FusedDecoderBench measures Porter on the same weights.
// Development tooling only: never part of the appliance. Built by build.sh from the llama.cpp sources that the
// llama.rn npm package carries (no llama.cpp source or package is reachable otherwise here).
//
//   porter-llama-bench MODEL.gguf THREADS PROMPT_TOKENS DECODE_TOKENS REPEATS VOCAB   -> one JSON line
//
// Same protocol as ../bench.mjs: fixed token ids spread over the vocabulary, the best of REPEATS runs kept.
#include "llama.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

static double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

static void quiet(enum lm_ggml_log_level, const char *, void *) {
}

static bool decode(llama_context * ctx, std::vector<llama_token> & tokens) {
    return llama_decode(ctx, llama_batch_get_one(tokens.data(), (int32_t) tokens.size())) == 0;
}

int main(int argc, char ** argv) {
    if (argc != 7) {
        std::fprintf(stderr, "usage: porter-llama-bench MODEL.gguf THREADS PROMPT_TOKENS DECODE_TOKENS REPEATS VOCAB\n");
        return 2;
    }
    const int threads = std::atoi(argv[2]), prompt = std::atoi(argv[3]), steps = std::atoi(argv[4]);
    const int repeats = std::atoi(argv[5]), vocab = std::atoi(argv[6]);
    if (threads < 1 || prompt <= 8 || steps < 1 || repeats < 1 || vocab <= 16) {
        std::fprintf(stderr, "bad arguments\n");
        return 2;
    }
    llama_log_set(quiet, nullptr);
    llama_backend_init();
    llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = 0;
    llama_model * model = llama_model_load_from_file(argv[1], mp);
    if (model == nullptr) {
        std::fprintf(stderr, "cannot load %s\n", argv[1]);
        return 1;
    }
    llama_context_params cp = llama_context_default_params();
    cp.n_ctx = prompt + steps + 16;
    cp.n_batch = prompt;
    cp.n_ubatch = prompt;
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    llama_context * ctx = llama_init_from_model(model, cp);
    if (ctx == nullptr) {
        std::fprintf(stderr, "cannot create a context\n");
        return 1;
    }
    std::vector<llama_token> ids(prompt);
    for (int i = 0; i < prompt; i++) {
        ids[i] = 3 + (int) (((long long) i * 7919) % (vocab - 3));
    }
    double prefill = 0, tg = 0, sampled = 0;
    for (int run = 0; run < repeats; run++) {
        llama_memory_clear(llama_get_memory(ctx), true);
        auto start = std::chrono::steady_clock::now();
        if (!decode(ctx, ids)) {
            return 1;
        }
        llama_synchronize(ctx);
        prefill = std::max(prefill, prompt / seconds_since(start));

        // llama-bench's tg: one forward pass per token, batch 1, nothing sampled.
        llama_memory_clear(llama_get_memory(ctx), true);
        std::vector<llama_token> head(ids.begin(), ids.begin() + 8);
        decode(ctx, head);
        start = std::chrono::steady_clock::now();
        for (int i = 0; i < steps; i++) {
            std::vector<llama_token> one{ids[8 + i % (prompt - 8)]};
            if (!decode(ctx, one)) {
                return 1;
            }
        }
        llama_synchronize(ctx);
        tg = std::max(tg, steps / seconds_since(start));

        // Greedy: each step feeds back the argmax of the last logits, as a chat would.
        llama_memory_clear(llama_get_memory(ctx), true);
        decode(ctx, head);
        const int n_vocab = llama_vocab_n_tokens(llama_model_get_vocab(model));
        start = std::chrono::steady_clock::now();
        for (int i = 0; i < steps; i++) {
            const float * logits = llama_get_logits_ith(ctx, -1);
            std::vector<llama_token> next{(llama_token) (std::max_element(logits, logits + n_vocab) - logits)};
            if (!decode(ctx, next)) {
                return 1;
            }
        }
        sampled = std::max(sampled, steps / seconds_since(start));
    }
    std::printf("{\"engine\":\"llama.cpp (llama.rn 0.12.9 sources, -march=native)\",\"threads\":%d,"
                "\"prefillTokensPerSecond\":%.2f,\"decodeTokensPerSecond\":%.2f,"
                "\"sampledDecodeTokensPerSecond\":%.2f}\n", threads, prefill, tg, sampled);
    llama_free(ctx);
    llama_model_free(model);
    llama_backend_free();
    return 0;
}
