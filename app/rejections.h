// Rejections: every input `kg build` turned away, for the report written next to the graph.
//
// Owns: the list of rejected articles and its machine-readable form, out/rejected.jsonl: one
// JSON object per line, {"file": ..., "line": N or null, "id": ... or null, "reason": ...}.
// Input: the reader's diagnostics. Output: the report text, sorted by file and line.
//   kg::app::Rejections rejected;  reader.read(inputs, on_article, [&](auto& d) { rejected.add(d); });
//   kg::output::write_file_atomically(out / "rejected.jsonl", rejected.to_jsonl());
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "extract/article.h"

namespace kg::app {

class Rejections {
public:
    // Records one rejection. Thread-safe.
    void add(const Diagnostic& d);
    // How many were recorded. Thread-safe.
    std::size_t size() const;
    // The report: one line per rejection, sorted by (file, line, id, reason) so that the bytes do
    // not depend on the order articles were read in; empty when nothing was rejected. Bytes that
    // are not UTF-8 (a file name in another encoding) are written as U+FFFD, so every line
    // parses as JSON. Thread-safe.
    std::string to_jsonl() const;

private:
    mutable std::mutex mutex_;
    std::vector<Diagnostic> all_;
};

}  // namespace kg::app
