// DOT exporter: the merged graph as Graphviz DOT text, built and written through cgraph.
//
// Owns: the drawing style of each node kind (shape, fill colour, short labels of relation
// nodes), the edge pen width scale, and the escaping of label text for Graphviz.
// Input: a KnowledgeGraph. Output: UTF-8 DOT text, byte-identical for the same graph.
//   std::string text = kg::output::to_dot(graph);
//   kg::output::write_file_atomically("out/graph.dot", text);  // then: dot -Tsvg out/graph.dot
// Nodes are named by their key and labelled with their display name (relation and meeting nodes with a
// short "met with" / "export" / "agreement" / "meeting DATE"); edges are labelled with their role and drawn
// wider the more articles support them.
// A DotOptions picks what is drawn (an actor's neighbourhood, some node types, some relations,
// at most so many actors) and how (people grouped with the country they represent):
//   kg::output::DotSelection drawn;
//   std::string text = kg::output::to_dot(graph, {.around = lavrov, .depth = 1}, &drawn);
// A relation or meeting node with a "status" attribute (planned, denied) is not a fact: it is
// drawn dashed, with its status in its label, and so are its role edges.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "export/text_sink.h"
#include "graph/knowledge_graph.h"

namespace kg::output {

class MakerBudget;  // ordered_parallel.h

// What to draw. The defaults draw the whole graph as to_dot(graph) does.
struct DotOptions {
    // Entity kinds drawn (person, country, place, organization, commodity); empty: all.
    std::set<NodeKind> kinds{};
    // Relations drawn, named as `kg path --via` names them: metwith, export, agreement, meeting,
    // represents; empty: all.
    std::set<std::string> relations{};
    // Draw only the actors within `depth` hops of this one (a hop goes through one relation or
    // meeting node, or along one direct edge), with the relation nodes on those hops.
    std::optional<Vertex> around{};
    int depth = 1;
    // At most this many actors (entity nodes) are drawn: nearest first around an actor, then
    // those with the most articles behind them (mentions and relations), then by key; 0: no cap. Relation nodes left with fewer than two drawn ends
    // are left out with them.
    std::size_t max_actors = 0;
    // Each person drawn inside a box with the country they represent.
    bool group_by_country = false;
    // Graphviz `id` attributes "n<i>" and "e<i>", i the index of the node in sorted_vertices()
    // and of the edge in sorted_edges(): what the HTML report's script looks elements up by.
    bool element_ids = false;
    // How many nodes (in sorted_vertices() order) go into one cgraph graph: a large graph is
    // written as several, so that cgraph, which holds a few hundred bytes per node and edge,
    // never holds all of it. 0: one graph of everything. Only memory depends on it, never the
    // bytes; drawings with clusters (group_by_country) are always one graph.
    std::size_t nodes_per_part = 4096;
    // Threads that prepare those parts (labels, edges, pen widths) while the calling thread
    // feeds them to cgraph, which is single-threaded. Only the time depends on it.
    std::size_t threads = 1;
    // Shared with writers running beside this one (ordered_parallel.h); null: none.
    MakerBudget* budget = nullptr;
};

// What a to_dot call drew, to tell the user what was left out.
struct DotSelection {
    std::vector<bool> node_drawn;   // indexed by Vertex
    std::size_t actors_selected = 0;  // actors the filters and --around kept
    std::size_t actors_drawn = 0;     // of those, drawn under the cap
    std::size_t nodes_drawn = 0;      // every node drawn, relation nodes included
    std::size_t edges_drawn = 0;
    std::size_t actors_left_out() const { return actors_selected - actors_drawn; }
};

// Returns which nodes and how many `options` draw of `graph`. Throws std::invalid_argument when
// `options.around` is not a vertex of `graph` or depth is negative. Thread-safe.
DotSelection select_nodes(const KnowledgeGraph& graph, const DotOptions& options);

// The sentence telling what the cap left out and how to see it, or "" when nothing was:
// "showing 100 of 140 actors, the nearest and best supported; 40 left out (see them with
// --around NAME, --types, --relations or --max-nodes 0)".
std::string cap_message(const DotSelection& selection);

// Returns the DOT text of `graph`: nodes in sorted_vertices() order, edges in sorted_edges()
// order, so the same graph always gives the same bytes. Label text is escaped for Graphviz
// (backslashes doubled, line breaks turned into spaces), so `dot` draws names exactly as stored.
// Throws std::runtime_error when cgraph fails, or when a node key cannot be written as a DOT
// name (an odd run of backslashes before a quote or at the end of the key: cgraph's writer
// cannot quote it). Thread-safe against other to_dot calls (cgraph's writer keeps global state,
// so calls are serialized); not against other cgraph users in the same process.
std::string to_dot(const KnowledgeGraph& graph);

// The same for the part of `graph` that `options` selects; the same options on the same graph
// always give the same bytes. When something was left out by the cap, the diagram's title says
// so (cap_message). Stores what was drawn in `*drawn` when it is not null. Throws as above and
// as select_nodes.
std::string to_dot(const KnowledgeGraph& graph, const DotOptions& options,
                   DotSelection* drawn = nullptr);

// The same bytes as to_dot, written into `out` (and flushed) as cgraph writes them, for a file
// too large to hold as one string. Throws as to_dot, and what the sink throws.
void write_dot(const KnowledgeGraph& graph, TextSink& out);
void write_dot(const KnowledgeGraph& graph, const DotOptions& options, TextSink& out,
               DotSelection* drawn = nullptr);

}  // namespace kg::output
