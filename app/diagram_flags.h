// Diagram flags: the options `kg render` and `kg report` share, parsed into a DotOptions.
//
// Owns: the flag names (--around, --depth, --types, --relations, --max-nodes, --no-group), their
// usage lines, and the messages for bad values.
//   kg::app::DiagramFlags flags;
//   if (flags.take(args, i)) continue;           // in a command's argument loop
//   kg::output::DotOptions o = flags.options(graph, lookup);
#pragma once

#include <cstddef>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/actor_lookup.h"
#include "export/dot_writer.h"
#include "graph/knowledge_graph.h"

namespace kg::app {

// A bad flag or value: the command prints "kg: WHAT" and its usage, and exits 2.
struct FlagError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The actor of --around is not one node of the graph: the command prints the message, exits 1.
struct LookupError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline constexpr std::size_t kDefaultMaxActors = 100;

// Usage lines for the shared flags, to append to a command's usage text.
extern const char* const kDiagramFlagsUsage;

class DiagramFlags {
public:
    // When args[i] is one of the shared flags, takes it (and its value, advancing i) and returns
    // true. Throws FlagError for a missing or bad value ("--depth takes a number from 0 to 20, not
    // 'x'", "--types: unknown node type 'people'").
    bool take(const std::vector<std::string>& args, std::size_t& i);
    // The options for `graph`: --around resolved with `lookup`. Throws LookupError when the name
    // names no actor or several.
    output::DotOptions options(const KnowledgeGraph& graph, const ActorLookup& lookup) const;

private:
    std::string around_;
    int depth_ = 1;
    std::set<NodeKind> kinds_;
    std::set<std::string> relations_;
    std::size_t max_actors_ = kDefaultMaxActors;
    bool group_ = true;
};

// Splits "a,b,,c" into its non-empty parts.
std::vector<std::string> split_list(const std::string& text);

}  // namespace kg::app
