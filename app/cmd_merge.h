// kg merge: the reduce step of a distributed build. Graphs and fragments in, one graph out.
//
// Owns: the `kg merge` command. Input: graph.jsonld files (or directories holding one) written
// by kg build, kg extract or kg merge. Output: DIR/graph.jsonld and DIR/graph.dot. Merging is
// commutative and associative, so any grouping and order of the inputs gives the same bytes.
//   kg merge --out out a.jsonld b.jsonld c/
#pragma once

#include <string>
#include <vector>

namespace kg::cli {

extern const char* const kMergeUsage;

// Runs `kg merge ARGS`. Returns 0. Throws UsageError for a bad command line and
// std::runtime_error "PATH: reason" for a graph that cannot be read or written.
int cmd_merge(const std::vector<std::string>& args);

}  // namespace kg::cli
