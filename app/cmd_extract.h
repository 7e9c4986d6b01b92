// kg extract: the map step of a distributed build. Articles in, one graph fragment out.
//
// Owns: the `kg extract` command. Input: INPUT paths (as kg build). Output: the fragment, a
// JSON-LD graph in kg's own form, that `kg merge` (or `kg build --into`) unites with others.
//   kg extract --out shard-0007.jsonld corpus/corpus-0007.jsonl
//   kg merge --out out shard-*.jsonld     # == kg build --out out corpus/
#pragma once

#include <string>
#include <vector>

namespace kg::cli {

extern const char* const kExtractUsage;

// Runs `kg extract ARGS`. Returns 0, or 1 when some article was rejected. Throws UsageError for
// a bad command line, DataError for bad lexicons, std::runtime_error when the fragment cannot
// be written.
int cmd_extract(const std::vector<std::string>& args);

}  // namespace kg::cli
