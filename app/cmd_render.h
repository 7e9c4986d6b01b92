// `kg render` and `kg report`: a graph.jsonld drawn through gvc, and the HTML evidence report.
//
// Owns: the two commands' argument parsing, usage texts and messages; the drawing itself is
// export/dot_writer, export/graph_render and export/html_report.
//   return kg::app::cmd_render(args);   // args without the command word
//   kg::app::write_report(graph, "out/graph.html");  // kg build --html
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "graph/knowledge_graph.h"

namespace kg::app {

extern const char* const kRenderUsage;
extern const char* const kReportUsage;

// Each returns the exit code: 0 done, 1 bad input (an unreadable graph, an unknown actor),
// 2 usage error (printed with the command's usage). Messages go to stderr, data to stdout or
// the --out file. Exceptions other than usage errors propagate to main's handler.
int cmd_render(const std::vector<std::string>& args);
int cmd_report(const std::vector<std::string>& args);

// Writes the HTML report of `graph`, with the default diagram, atomically to `path`, and returns
// the cap message ("" when everything is drawn). Throws std::runtime_error as to_html_report
// and write_file_atomically.
std::string write_report(const KnowledgeGraph& graph, const std::filesystem::path& path);

}  // namespace kg::app
