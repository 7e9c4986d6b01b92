// HTML report: one self-contained page to browse a graph and the evidence behind it.
//
// Owns: the page's layout, the data it embeds and how it is escaped. The page's script and
// style live beside this file (export/report/report.js, report.css) and are compiled in.
// Input: a KnowledgeGraph. Output: one UTF-8 HTML file that works offline and fetches nothing:
// the diagram (SVG drawn in-process by gvc), the graph as JSON, and a script that shows a
// node's or an edge's names and evidence on a click, finds an actor by any name in any script,
// and answers the question `kg path` answers, by the same cheapest-path rule.
//   std::string html = kg::output::to_html_report(graph, {});
//   kg::output::write_file_atomically("out/graph.html", html);
// Every text from articles reaches the page as JSON inside <script type="application/json">
// with <, > and & written as \u003c, \u003e, \u0026, or as SVG text escaped by Graphviz; the
// script writes text with textContent only, and a Content-Security-Policy lets no other script,
// inline handler or request run.
#pragma once

#include <string>

#include "export/dot_writer.h"
#include "graph/knowledge_graph.h"

namespace kg::output {

struct ReportOptions {
    // What the diagram draws; element_ids is always set. The page's data holds the whole graph
    // whatever the diagram leaves out, so the search and the path form see every actor.
    DotOptions diagram{.max_actors = 100, .group_by_country = true};
};

// Returns the page. The same graph and options always give the same bytes. Throws
// std::runtime_error when Graphviz fails (see render) or, as a last guard, when the drawn SVG
// holds a <script> or <foreignObject> element. Thread-safe.
std::string to_html_report(const KnowledgeGraph& graph, const ReportOptions& options);

// The JSON the page embeds, escaped for a <script> block (no <, > or & byte in it).
// Layout: {"articles": n, "note": cap message, "evidence": [[article, lang, begin, end,
// sentence]...], "nodes": [{"key", "kind", "name", "forms": [[form, lang]...], "attrs": {},
// "mentions": [evidence index...], "drawn": bool}...], "edges": [{"from": node index, "to",
// "role", "evidence": [...], "drawn": bool}...]}; nodes in sorted_vertices() order, edges in
// sorted_edges() order. Exposed for tests. Thread-safe.
std::string report_data_json(const KnowledgeGraph& graph, const DotSelection& drawn,
                             const DotOptions& diagram);

}  // namespace kg::output
