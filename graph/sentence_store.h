// Sentence store: the sentences that evidence quotes, kept in memory or spilled to a file.
//
// Owns: the process-wide sentence references and, once spill_sentences(dir) is called, an
// unnamed temporary file in `dir` holding the sentences stored since (it vanishes with the
// process). A large build quotes most of its input: 1 GB of articles leaves some 800 MB of
// sentences, which spilled cost 8 bytes each in memory instead of their text.
// Input: sentence text. Output: a 32-bit reference (what an Evidence keeps) and the text back.
//   std::uint32_t r = kg::sentence_ref("Lavrov met Wang Yi.");
//   std::string s = kg::sentence_text(r);  // "Lavrov met Wang Yi."
// In memory (the default) a sentence is a pooled Text (graph/text.h) and equal sentences get
// the same reference. Spilled, each call stores its sentence anew: the caller asks once per
// sentence of an article, and equal sentences of different articles get different
// references, so references are compared by content (compare_sentences). All functions are
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kg {

// A reference to `text`, stored in memory or, while spilling, in the file (a sentence of 16 MiB
// or more always stays in memory). Throws std::runtime_error when the file cannot be written
// (naming it and the reason), std::length_error past 2^31 sentences either way, std::bad_alloc.
std::uint32_t sentence_ref(std::string_view text);
// The text of a reference that sentence_ref returned (0: the empty string). Throws
// std::runtime_error when the spill file cannot be read.
std::string sentence_text(std::uint32_t ref);
// The same text without a copy when it is in memory: a view of the pooled bytes (valid for
// the life of the process), or of `buffer`, which a spilled sentence is read into.
std::string_view sentence_view(std::uint32_t ref, std::string& buffer);
// True when `ref` is in memory: two in-memory references are equal exactly when their texts are.
inline bool sentence_in_memory(std::uint32_t ref) { return (ref >> 31) == 0; }
// The order of the two texts (<0, 0, >0), as std::string_view::compare gives it. Throws as
// sentence_text.
int compare_sentences(std::uint32_t a, std::uint32_t b);

// From now on, sentences go to an unnamed temporary file in `dir` (one file per process: a
// second call keeps the first file). Throws std::runtime_error naming `dir` and the reason when
// no file can be made there.
void spill_sentences(const std::string& dir);
// From now on, sentences stay in memory again (those spilled stay readable).
void keep_sentences_in_memory();

struct SentenceStats {
    std::size_t spilled = 0;        // sentences stored in the file
    std::size_t spilled_bytes = 0;  // their bytes
};
SentenceStats sentence_stats();

}  // namespace kg
