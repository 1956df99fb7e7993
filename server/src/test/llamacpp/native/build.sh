#!/usr/bin/env bash
# Builds porter-llama-bench (development only; needs npm's registry, cmake and a C++17 compiler):
#   bash server/src/test/llamacpp/native/build.sh   -> server/src/test/llamacpp/native/build/porter-llama-bench
# FusedDecoderBench runs it on its GGUF files when it is there. The sources are llama.cpp's as pinned llama.rn
# release ships them for its own native builds (MIT, as llama.cpp).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=0.12.9
mkdir -p "$here/build"
if [ ! -d "$here/build/llama.rn-$version" ]; then
    (cd "$here/build" && npm pack --silent "llama.rn@$version" >/dev/null \
        && mkdir -p "llama.rn-$version" && tar xzf "llama.rn-$version.tgz" -C "llama.rn-$version" \
        && rm "llama.rn-$version.tgz")
fi
cmake -S "$here" -B "$here/build/cmake" -DCMAKE_BUILD_TYPE=Release \
    -DLLAMA_SRC="$here/build/llama.rn-$version/package/cpp" >/dev/null
cmake --build "$here/build/cmake" -j "$(nproc)"
cp "$here/build/cmake/porter-llama-bench" "$here/build/porter-llama-bench"
echo "built $here/build/porter-llama-bench"
