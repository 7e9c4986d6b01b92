// DOT exporter: the merged graph as Graphviz DOT text, built and written through cgraph.
//
// Owns: the drawing style of each node kind (shape, fill colour, short labels of relation
// nodes), the edge pen width scale, and the escaping of label text for Graphviz.
// Input: a KnowledgeGraph. Output: UTF-8 DOT text, byte-identical for the same graph.
//   std::string text = kg::output::to_dot(graph);
//   kg::output::write_file_atomically("out/graph.dot", text);  // then: dot -Tsvg out/graph.dot
// Nodes are named by their key and labelled with their display name (relation nodes with a
// short "met with" / "export" / "agreement"); edges are labelled with their role and drawn
// wider the more articles support them.
#pragma once

#include <string>

#include "graph/knowledge_graph.h"

namespace kg::output {

// Returns the DOT text of `graph`: nodes in sorted_vertices() order, edges in sorted_edges()
// order, so the same graph always gives the same bytes. Label text is escaped for Graphviz
// (backslashes doubled, line breaks turned into spaces), so `dot` draws names exactly as stored.
// Throws std::runtime_error when cgraph fails, or when a node key cannot be written as a DOT
// name (an odd run of backslashes before a quote or at the end of the key: cgraph's writer
// cannot quote it). Thread-safe against other to_dot calls (cgraph's writer keeps global state,
// so calls are serialized); not against other cgraph users in the same process.
std::string to_dot(const KnowledgeGraph& graph);

}  // namespace kg::output
