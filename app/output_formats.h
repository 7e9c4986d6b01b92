// Output formats of 'kg build': which files each --format name writes, written as one set.
//
// Owns: the names jsonld, dot, neo4j, graphml and the file (or folder) each one becomes under
// the output folder. Knows export/ and graph/, nothing of extraction.
//   auto formats = kg::app::parse_formats("jsonld,neo4j");
//   auto wrote = kg::app::write_outputs(graph, "out", formats);  // {"out/graph.jsonld", ...}
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "graph/knowledge_graph.h"

namespace kg::app {

// The formats 'kg build' writes when --format is not given.
inline constexpr const char* kDefaultFormats = "jsonld,dot";

// Parses a comma-separated list. Returns the formats in the order given, duplicates dropped.
// Throws std::invalid_argument "--format: unknown format 'x' (known: jsonld, dot, neo4j,
// graphml)" or "--format: no format given".
std::vector<std::string> parse_formats(const std::string& list);

// Writes every format's files, and the `also` files (name under `out`, contents: kg build's
// rejected.jsonl), under `out` as one OutputSet (all staged, then renamed): the previous
// outputs stay whole if anything fails. graph.jsonld is renamed last, so that a kill during
// the renames never leaves a new graph.jsonld beside older files (see the .cpp for why).
// Returns what to report, one entry per format in the given order: "out/graph.jsonld",
// "out/graph.dot", "out/neo4j/", "out/graph.graphml".
// `threads`: the formats are written at once, each on a thread of its own, and the JSON-LD and
// DOT writers make their pieces with `threads` makers between them (a MakerBudget); the bytes
// do not depend on it.
// Throws std::runtime_error from the writers or the file system.
std::vector<std::string> write_outputs(const KnowledgeGraph& graph,
                                       const std::filesystem::path& out,
                                       const std::vector<std::string>& formats,
                                       std::map<std::string, std::string> also = {},
                                       std::size_t threads = 1);

// "a", "a and b", "a, b and c".
std::string join_and(const std::vector<std::string>& items);

}  // namespace kg::app
