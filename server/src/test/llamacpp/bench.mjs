// llama.cpp on a GGUF file, through node-llama-cpp's prebuilt CPU build: prompt processing and decode tokens/s, as
// FusedDecoderBench measures Porter on the same weights. Development tooling only: never part of the appliance.
//
//   cd server/src/test/llamacpp && npm ci --ignore-scripts   (once; node >= 20, pinned node-llama-cpp 3.21.1)
//   node bench.mjs MODEL.gguf THREADS PROMPT_TOKENS DECODE_TOKENS REPEATS VOCAB   -> one JSON line
//
// Token ids are fixed and spread over the vocabulary (random-weight models have no meaningful text), decode is
// greedy, and the best of REPEATS runs is kept, as in the Java bench.
import {getLlama} from "node-llama-cpp";

const [model, threadsArg, promptArg, decodeArg, repeatsArg, vocabArg] = process.argv.slice(2);
const threads = Number(threadsArg), promptTokens = Number(promptArg), decodeTokens = Number(decodeArg);
const repeats = Number(repeatsArg), vocab = Number(vocabArg);
if (!model || !(threads > 0 && promptTokens > 8 && decodeTokens > 0 && repeats > 0 && vocab > 16)) {
  console.error("usage: node bench.mjs MODEL.gguf THREADS PROMPT_TOKENS(>8) DECODE_TOKENS REPEATS VOCAB");
  process.exit(2);
}
const llama = await getLlama({gpu: false, build: "never", logLevel: "error", maxThreads: threads});
const loaded = await llama.loadModel({modelPath: model, gpuLayers: 0, useMmap: true});
const context = await loaded.createContext({contextSize: promptTokens + decodeTokens + 16,
  threads: {ideal: threads, min: threads}, batchSize: promptTokens, sequences: 1});
const sequence = context.getSequence();
const ids = Array.from({length: promptTokens}, (_, i) => 3 + (i * 7919) % (vocab - 3));
let prefill = 0, decode = 0, sampled = 0;
for (let run = 0; run < repeats; run++) {
  await sequence.clearHistory();
  let start = performance.now();
  await sequence.evaluateWithoutGeneratingNewTokens(ids);
  prefill = Math.max(prefill, promptTokens / ((performance.now() - start) / 1000));

  // Decode as llama-bench's tg test measures it: one forward pass per token, batch 1, nothing sampled.
  await sequence.clearHistory();
  await sequence.evaluateWithoutGeneratingNewTokens(ids.slice(0, 8));
  start = performance.now();
  for (let i = 0; i < decodeTokens; i++) {
    await sequence.evaluateWithoutGeneratingNewTokens([ids[8 + (i % (promptTokens - 8))]]);
  }
  decode = Math.max(decode, decodeTokens / ((performance.now() - start) / 1000));

  // Decode as a chat runs it: greedy sampling through node-llama-cpp's generator.
  await sequence.clearHistory();
  await sequence.evaluateWithoutGeneratingNewTokens(ids.slice(0, 8));
  let generated = 0;
  start = performance.now();
  for await (const token of sequence.evaluate([ids[8]], {temperature: 0})) {
    if (++generated >= decodeTokens) {
      break;
    }
  }
  sampled = Math.max(sampled, generated / ((performance.now() - start) / 1000));
}
console.log(JSON.stringify({engine: "llama.cpp (node-llama-cpp 3.21.1, CPU)", threads,
  prefillTokensPerSecond: prefill, decodeTokensPerSecond: decode, sampledDecodeTokensPerSecond: sampled}));
await context.dispose();
await loaded.dispose();
await llama.dispose();
