package app.porter.modelimport;

import java.util.Optional;

/**
 * The tokenizer and chat template an imported model folder carries, as Hugging Face files: what the engine's
 * {@code TextTokenizer} and {@code ModelConfig} read. From a safetensors folder they are copied; from a GGUF file
 * they are written from its {@code tokenizer.ggml.*} and {@code tokenizer.chat_template} metadata.
 *
 * @param tokenizerJson {@code tokenizer.json}
 * @param tokenizerConfigJson {@code tokenizer_config.json} (chat template, bos/eos strings)
 * @param generationConfigJson {@code generation_config.json}, when the source has one
 */
public record TokenizerFiles(String tokenizerJson, String tokenizerConfigJson, Optional<String> generationConfigJson) {
}
