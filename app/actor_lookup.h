// Actor lookup for the commands that take a name: which node of a graph a typed name means.
//
// Owns: the fold a typed name and a graph's names are compared under (kg's normalizer fold,
// words joined by one space) and the rule: a name or key equal under the fold, else the last
// word of a name ("Lavrov"). The same rule as `kg path` in app/kg.cpp, and as the HTML
// report's script.
//   kg::app::ActorLookup lookup;
//   auto found = lookup.find(graph, "لافروف");  // found.hits.size() == 1: that actor
#pragma once

#include <string>
#include <vector>

#include "extract/normalizer.h"
#include "extract/segmenter.h"
#include "graph/knowledge_graph.h"

namespace kg::app {

struct ActorMatch {
    std::vector<Vertex> hits;  // sorted by key; one hit is an answer
    // For the user when there is not exactly one hit: "no actor named 'X' in the graph", or
    // "'X' is ambiguous; it names 2 nodes:" followed by one "  KEY  NAME" line per node and
    // "use one of the keys instead".
    std::string message;
};

class ActorLookup {
public:
    // Returns the entity nodes `name` means. Never throws except std::bad_alloc. Not thread-safe
    // (ICU break iterators are stateful); one per thread.
    ActorMatch find(const KnowledgeGraph& graph, const std::string& name) const;
    std::string fold(const std::string& text) const;

private:
    Normalizer norm_;
    Segmenter seg_;
};

}  // namespace kg::app
