#include "app/cmd_merge.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>

#include "app/build_pipeline.h"
#include "app/cli.h"
#include "app/output_formats.h"
#include "export/jsonld_reader.h"

namespace kg::cli {

const char* const kMergeUsage =
    "usage: kg merge [--out DIR] [--threads N] [--spill WHEN] [--quiet] GRAPH...\n"
    "\n"
    "Unites graphs written by kg build, kg extract or kg merge (a graph.jsonld file, or a\n"
    "directory holding one) and writes DIR/graph.jsonld and DIR/graph.dot. The result does not\n"
    "depend on the order or grouping of the inputs, and equals 'kg build' on all their articles.\n"
    "\n"
    "  --out DIR     where to write graph.jsonld and graph.dot (default: out)\n"
    "  --threads N   writing threads (default: all cores); the output is the same for any N\n"
    "  --spill WHEN  keep the sentences that evidence quotes in a temporary file in DIR instead\n"
    "                of memory: auto (default: when the graphs are 256 MB or more), always or\n"
    "                never; the output is the same\n"
    "  --quiet       no summary line on stderr\n"
    "\n"
    "The two files are replaced together: graph.dot first, graph.jsonld last.\n";

int cmd_merge(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kMergeUsage;
        return 0;
    }
    std::string out = "out";
    bool quiet = false;
    std::string spill = "auto";
    std::size_t threads = default_threads();
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--out") out = take_value(args, i);
        else if (a == "--quiet") quiet = true;
        else if (a == "--threads") threads = count_value(a, take_value(args, i));
        else if (a == "--spill") spill = spill_value(take_value(args, i));
        else if (a.size() > 1 && a[0] == '-') throw UsageError("unknown option " + a);
        else inputs.push_back(a);
    }
    if (inputs.empty()) throw UsageError("kg merge needs at least one GRAPH");
    const auto t0 = std::chrono::steady_clock::now();
    std::uintmax_t bytes = 0;
    for (const auto& in : inputs) {
        std::error_code ec;
        const std::uintmax_t n = std::filesystem::file_size(graph_file(in), ec);
        if (!ec) bytes += n;  // an unreadable graph is reported when it is read
    }
    spill_if(spill, bytes, out);
    KnowledgeGraph graph;
    // One input in memory at a time besides the result.
    for (const auto& in : inputs) {
        if (graph.num_nodes() == 0) graph = output::read_jsonld_file(graph_file(in));
        else graph.merge(output::read_jsonld_file(graph_file(in)));
    }
    // Streamed, as kg build writes them: a merged graph's text is never held whole.
    graph.release_index();  // merged: writing looks no key up, and makes no new string
    release_text_table();
    app::write_outputs(graph, out, {"jsonld", "dot"}, {}, threads);
    if (!quiet) {
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::cerr << "kg merge: " << inputs.size() << (inputs.size() == 1 ? " graph, " : " graphs, ") << graph.num_nodes() << " nodes, "
                  << graph.num_edges() << " edges in " << static_cast<long>(secs * 1000 + 0.5)
                  << " ms\n";
    }
    return 0;
}

}  // namespace kg::cli
