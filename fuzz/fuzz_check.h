// Fuzz helpers: the property check every fuzz target uses.
//
// Owns: KG_FUZZ_CHECK, which prints the broken property and aborts, so libFuzzer records the
// input as a crash. Input: a condition and a message. Output: nothing, or an abort.
//   KG_FUZZ_CHECK(span.end <= text.size(), "evidence span past the end of the article");
#pragma once

#include <cstdio>
#include <cstdlib>

#define KG_FUZZ_CHECK(cond, what)                                                 \
    do {                                                                          \
        if (!(cond)) {                                                            \
            std::fprintf(stderr, "property broken: %s (%s:%d)\n", what, __FILE__, \
                         __LINE__);                                               \
            std::abort();                                                         \
        }                                                                         \
    } while (0)
