// GraphML exporter: the merged graph as GraphML, laid out as Boost.Graph's write_graphml lays
// it out (and read back by read_graphml), for Gephi, yEd, Cytoscape, NetworkX and igraph.
//
// Owns: the GraphML keys of kg (node: key, type, label, name, alternateNames, languages, one
// key per attribute, articleCount, evidence, mergeReasons; edge: role, articleCount, evidence)
// and the ordering that makes the file deterministic.
// Input: a KnowledgeGraph. Output: UTF-8 GraphML text.
//   std::string text = kg::output::to_graphml(graph);
//   kg::output::write_graphml(graph, sink);  // the same bytes, streamed: never held whole
//   // networkx.read_graphml("out/graph.graphml"); Gephi: File > Open
// Nodes are n0, n1, ... in key order and edges e0, e1, ... in (from key, to key, role) order,
// so the same graph gives the same bytes whatever order its articles were merged in. `label`
// is the display name (Gephi shows it), `type` the JSON-LD type (Person, MetWith, ...).
// Lists and evidence are JSON strings (GraphML values are flat), so sentences keep their line
// breaks exactly (JSON escapes them). Characters XML 1.0 cannot carry (C0 controls other than
// tab, LF, CR; U+FFFE, U+FFFF) become U+FFFD. A relation with a `status` (planned, denied)
// keeps it in its `status` key: it is not a fact.
#pragma once

#include <string>

#include "export/text_sink.h"
#include "graph/knowledge_graph.h"

namespace kg::output {

// Returns the GraphML document. Throws std::runtime_error "to_graphml: ..." when an attribute
// name cannot be a GraphML key (letter, then letters, digits, '_'; not a fixed key).
// Thread-safe on a const graph.
std::string to_graphml(const KnowledgeGraph& graph);

// The same bytes, written into `out` (and flushed) one node and one edge at a time. Throws as
// to_graphml, before writing anything, and what the sink throws.
void write_graphml(const KnowledgeGraph& graph, TextSink& out);

}  // namespace kg::output
