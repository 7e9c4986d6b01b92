#include "app/output_formats.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "export/dot_writer.h"
#include "export/graphml_writer.h"
#include "export/jsonld_writer.h"
#include "export/neo4j_writer.h"
#include "export/ordered_parallel.h"
#include "export/output_set.h"

namespace kg::app {

namespace {

constexpr std::array<const char*, 4> kFormats = {"jsonld", "dot", "neo4j", "graphml"};

}  // namespace

std::vector<std::string> parse_formats(const std::string& list) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const std::string name =
            list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!name.empty()) {
            if (std::find(kFormats.begin(), kFormats.end(), name) == kFormats.end())
                throw std::invalid_argument("--format: unknown format '" + name +
                                            "' (known: jsonld, dot, neo4j, graphml)");
            if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (out.empty()) throw std::invalid_argument("--format: no format given");
    return out;
}

std::vector<std::string> write_outputs(const KnowledgeGraph& graph,
                                       const std::filesystem::path& out,
                                       const std::vector<std::string>& formats,
                                       std::map<std::string, std::string> also,
                                       std::size_t threads) {
    // The sorts every writer's first read would wait on, done first on two threads.
    graph.ready_for_reading(threads);
    output::OutputSet set(out);
    set.set_threads(threads);
    // The files are written side by side, a thread each (OutputSet), and JSON-LD and DOT also
    // make their pieces on `threads` threads: all of them share one budget of `threads`
    // makers, so two threads keep two makers busy, not four, beside DOT's serial feed to
    // cgraph; and the writer left when the other is done has them all.
    output::MakerBudget budget(threads);
    for (auto& [name, text] : also) set.add(name, std::move(text));
    std::vector<std::string> report;
    for (const auto& f : formats) {
        // Streamed into their staged files: a large graph's text is never held whole.
        if (f == "jsonld") {
            set.add_streamed("graph.jsonld",
                             [&](output::TextSink& sink) { output::write_jsonld(graph, sink, threads, &budget); });
            report.push_back((out / "graph.jsonld").string());
        } else if (f == "dot") {
            set.add_streamed("graph.dot",
                             [&](output::TextSink& sink) {
                                 output::DotOptions options;
                                 options.threads = threads;
                                 options.budget = &budget;
                                 output::write_dot(graph, options, sink);
                             });
            report.push_back((out / "graph.dot").string());
        } else if (f == "graphml") {
            set.add_streamed("graph.graphml",
                             [&](output::TextSink& sink) { output::write_graphml(graph, sink); });
            report.push_back((out / "graph.graphml").string());
        } else if (f == "neo4j") {
            for (auto& file : output::neo4j_writers(graph))
                set.add_streamed(std::filesystem::path("neo4j") / file.name, std::move(file.write));
            // Tables of labels or types an earlier build had and this one has not.
            set.prune("neo4j", "nodes_", ".csv");
            set.prune("neo4j", "rels_", ".csv");
            report.push_back((out / "neo4j").string() + "/");
        } else {
            throw std::invalid_argument("unknown format '" + f + "'");
        }
    }
    // graph.jsonld is the graph itself: what 'kg build --into', 'kg path' and 'kg merge' read;
    // every other file is drawn from it. Renamed last, it is the set's commit record: a kill
    // during the renames leaves either the previous graph.jsonld, with some files of the new
    // build beside it (drawn from the previous graph plus the new articles, so they hide
    // nothing; running the same build again remakes them all from the intact graph), or the
    // new graph.jsonld with every other file new as well. Renamed first, a kill right after it
    // would leave the new graph beside an older graph.dot and neo4j/ that a finished-looking
    // graph.jsonld gives no reason to rebuild.
    if (std::find(formats.begin(), formats.end(), "jsonld") != formats.end())
        set.rename_last("graph.jsonld");
    set.commit();
    return report;
}

std::string join_and(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
        out += items[i];
    }
    return out;
}

}  // namespace kg::app
