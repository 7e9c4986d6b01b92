// JSON-LD reader: loads a graph written by to_jsonld back into a KnowledgeGraph.
//
// Owns: the inverse of jsonld_writer (not a general JSON-LD processor: it reads kg's own
// compacted form, which is what `kg path`, `kg stats` and `kg merge` are given).
//   kg::KnowledgeGraph g = kg::output::read_jsonld(text, "out/graph.jsonld");
//   auto v = g.find("person:sergey-lavrov");
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "graph/knowledge_graph.h"

namespace kg::output {

// Parses `text` (named `source` in errors). Returns the graph such that
// to_jsonld(read_jsonld(to_jsonld(g))) == to_jsonld(g). Throws std::runtime_error
// "SOURCE: reason" when the text is not JSON or not a kg graph. Thread-safe.
KnowledgeGraph read_jsonld(std::string_view text, const std::string& source);

// Reads the file at `path` and parses it; errors name the path.
KnowledgeGraph read_jsonld_file(const std::filesystem::path& path);

}  // namespace kg::output
