// kg: the command line. The only place that knows extract/, graph/ and export/ together.
//
//   kg build [--out DIR] [--format LIST] [--lang L] INPUT...   articles in, out/graph.jsonld +
//                                                out/graph.dot (+ out/neo4j/, out/graph.graphml)
//   kg path GRAPH FROM TO                        the chain of relations between two actors
//   kg stats GRAPH | kg explain GRAPH NAME | kg check-data
// Exit codes: 0 success, 1 some input rejected (or no answer), 2 usage error.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "app/output_formats.h"
#include "app/cmd_render.h"
#include "app/rejections.h"
#include "app/actor_lookup.h"
#include "app/build_pipeline.h"
#include "app/cli.h"
#include "app/cmd_extract.h"
#include "app/cmd_merge.h"
#include "export/atomic_file.h"
#include "export/dot_writer.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "extract/article.h"
#include "extract/extractor.h"
#include "extract/lexicon.h"
#include "extract/name_key.h"
#include "extract/normalizer.h"
#include "extract/segmenter.h"
#include "graph/knowledge_graph.h"

namespace fs = std::filesystem;

namespace {

using UsageError = kg::cli::UsageError;

const char* kMainUsage =
    "usage: kg <command> [options]\n"
    "\n"
    "commands:\n"
    "  build       read articles and write the merged graph (JSON-LD and DOT)\n"
    "  extract     read articles and write their graph fragment (the map step of a cluster build)\n"
    "  merge       unite graphs and fragments into one graph\n"
    "  path        the shortest chain of relations between two actors, with evidence\n"
    "  stats       nodes and edges by type, languages and articles of a graph\n"
    "  explain     every name of a node, its articles, and why its names were merged\n"
    "  check-data  validate every lexicon data file\n"
    "  trace       show what the extractor finds in each sentence of articles\n"
    "  render      draw a graph (SVG, PNG, PDF): around one actor, some types, some relations\n"
    "  report      one offline HTML page to browse a graph and its evidence\n"
    "\n"
    "Run 'kg <command> --help' for a command's options.\n";

const char* kBuildUsage =
    "usage: kg build [--out DIR] [--into GRAPH] [--threads N] [--format LIST] [--lang CODE]\n"
    "                [--data DIR] [--max-article-bytes N] [--spill WHEN] [--html] [--quiet]\n"
    "                INPUT...\n"
    "\n"
    "INPUT is a .txt file (one article; its id is the file name), a .jsonl file (one article\n"
    "per line: {\"id\": ..., \"text\": ..., \"url\", \"published\", \"language\" optional}), a\n"
    "directory (its .txt and .jsonl files, in sorted order) or - for standard input.\n"
    "\n"
    "  --out DIR            where to write graph.jsonld and graph.dot (default: out)\n"
    "  --into GRAPH         add the articles to this graph (a graph.jsonld or its directory);\n"
    "                       the result, written there unless --out says otherwise, is the graph\n"
    "                       of all the articles built at once\n"
    "  --threads N          extraction and writing threads (default: all cores); the output is the\n"
    "                       same for any N\n"
    "  --format LIST        what to write, comma-separated (default: jsonld,dot):\n"
    "                       jsonld (graph.jsonld), dot (graph.dot), graphml (graph.graphml),\n"
    "                       neo4j (neo4j/: neo4j-admin CSV files, import.sh, load.cypher)\n"
    "  --lang CODE          the language of every article (default: detected per article)\n"
    "  --data DIR           the lexicon directory (default: the built-in one, or $KG_DATA)\n"
    "  --max-article-bytes  larger articles are rejected (default: 16777216)\n"
    "  --spill WHEN         keep the sentences that evidence quotes in a temporary file in the\n"
    "                       --out directory instead of memory: auto (default: when the inputs\n"
    "                       are 256 MB or more), always or never; the output is the same\n"
    "  --html               also write graph.html, the page 'kg report' writes\n"
    "  --quiet              print nothing but errors (no progress line, no summary line)\n"
    "\n"
    "Rejected articles are reported on stderr as FILE[:LINE]: REASON and the others are kept;\n"
    "the exit code is then 1, and out/rejected.jsonl lists them (file, line, id, reason). Output\n"
    "files are replaced atomically: an interrupted build leaves the previous ones intact.\n";

const char* kPathUsage =
    "usage: kg path [--json] [--since DATE] [--until DATE] [--via KINDS] GRAPH FROM TO\n"
    "\n"
    "GRAPH is a graph.jsonld written by 'kg build'. FROM and TO are any name of an actor in any\n"
    "script or spelling the graph has seen (\"Sergey Lavrov\", \"لافروف\"), or a node key.\n"
    "\n"
    "  --json          print the answer as JSON\n"
    "  --since DATE    only relations dated on or after DATE (YYYY-MM-DD)\n"
    "  --until DATE    only relations dated on or before DATE\n"
    "  --via KINDS     only these relations, comma-separated: metwith,export,agreement,meeting,represents\n";

const char* kStatsUsage = "usage: kg stats GRAPH\n\nNodes and edges by type, languages and articles of a graph.\n";
const char* kExplainUsage =
    "usage: kg explain GRAPH NAME\n\nEvery surface form of the node NAME names, its articles, and why each form was merged.\n";
const char* kCheckUsage =
    "usage: kg check-data [--data DIR]\n\nLoads every lexicon file and prints PATH:LINE: PROBLEM for each problem.\n";

fs::path data_dir(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("KG_DATA")) return env;
    return KG_DEFAULT_DATA_DIR;
}

bool wants_help(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") return true;
    return false;
}

std::string take_value(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size()) throw UsageError(args[i] + " needs a value");
    return args[++i];
}

// Ends the process with `code` once everything is written and flushed. The graph and the
// lexicons of a large build, or a million-node graph read by kg path, are millions of
// allocations, and freeing them one by one only delays the exit (3-6% of the command's time). Sanitizer builds (KG_FULL_TEARDOWN) return
// instead, so that the leak check still sees every allocation freed.
int end_without_teardown(int code) {
#ifdef KG_FULL_TEARDOWN
    return code;
#else
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#endif
}

int cmd_build(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kBuildUsage;
        return 0;
    }
    std::string out = "out", lang, data, into;
    std::vector<std::string> formats = kg::app::parse_formats(kg::app::kDefaultFormats);
    std::size_t max_bytes = 16u << 20;
    std::size_t threads = kg::default_threads();
    bool quiet = false, out_given = false, html = false;
    std::string spill = "auto";
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--out") out = take_value(args, i), out_given = true;
        else if (a == "--into") into = take_value(args, i);
        else if (a == "--threads") threads = kg::cli::count_value(a, take_value(args, i));
        else if (a == "--lang") lang = take_value(args, i);
        else if (a == "--data") data = take_value(args, i);
        else if (a == "--quiet") quiet = true;
        else if (a == "--format") {
            try {
                formats = kg::app::parse_formats(take_value(args, i));
            } catch (const std::invalid_argument& e) {
                throw UsageError(e.what());
            }
        }
        else if (a == "--html") html = true;
        else if (a == "--spill") spill = kg::cli::spill_value(take_value(args, i));
        else if (a == "--max-article-bytes") {
            std::string v = take_value(args, i);
            try {
                max_bytes = std::stoull(v);
            } catch (...) {
                throw UsageError("--max-article-bytes takes a number, not '" + v + "'");
            }
        } else if (a.size() > 1 && a[0] == '-' && a != "-") throw UsageError("unknown option " + a);
        else inputs.push_back(a);
    }
    if (inputs.empty()) throw UsageError("kg build needs at least one INPUT");

    kg::Normalizer norm;
    const kg::ExtractorLoader loader(data_dir(data), norm, threads);
    kg::KnowledgeGraph graph;
    if (!into.empty()) {
        const fs::path g = kg::cli::graph_file(into);
        graph = kg::output::read_jsonld_file(g);
        if (!out_given) out = g.parent_path().empty() ? "." : g.parent_path().string();
    }
    // Sentences are most of what a large build holds (some 800 MB for 1 GB of articles); they
    // go to disk beside the output, where there is room for the output anyway.
    kg::cli::spill_if(spill, spill == "auto" ? kg::input_bytes(inputs) : 0, out);
    kg::PipelineOptions popts;
    popts.threads = threads;
    popts.lang = lang;
    popts.max_article_bytes = max_bytes;
    popts.progress = !quiet && isatty(STDERR_FILENO);
    kg::app::Rejections rejections;
    const kg::BuildStats stats = kg::run_pipeline(
        inputs, loader.source(), graph, popts,
        [&](const kg::Diagnostic& d) {
            std::cerr << "kg: " << d.str() << "\n";
            rejections.add(d);
        },
        [&](const kg::Diagnostic& d) { std::cerr << "kg: warning: " << d.str() << "\n"; });
    const std::size_t accepted = stats.accepted, rejected = stats.rejected;
    const std::map<std::string, std::size_t>& languages = stats.languages;
    // Everything is merged: the writers look no key up and make no new string, and the two
    // tables together are about what writing adds at the peak (256 MiB for 1 GB of articles).
    graph.release_index();
    kg::release_text_table();

    // graph.html first, then one set with graph.jsonld renamed last of all (output_formats.cpp).
    const fs::path page = fs::path(out) / "graph.html";
    const std::string cap = html ? kg::app::write_report(graph, page) : std::string();
    // Every rejected article with its reason, beside the graph (empty when none was).
    const auto wrote =
        kg::app::write_outputs(graph, out, formats, {{"rejected.jsonl", rejections.to_jsonl()}}, threads);
    if (!quiet) {
        std::cout << "wrote " << kg::app::join_and(wrote) << "\n";
        if (html) std::cout << "wrote " << page.string() << (cap.empty() ? "" : " (diagram: " + cap + ")") << "\n";
        std::cout << "articles: " << accepted + rejected << " read, " << accepted << " accepted, "
                  << rejected << " rejected\n";
        if (rejected) std::cout << "rejected articles and reasons: " << (fs::path(out) / "rejected.jsonl").string() << "\n";
        std::map<std::string, std::size_t> by_kind, by_role;
        // Counts: no order needed.
        for (auto [v, end] = boost::vertices(graph.graph()); v != end; ++v)
            by_kind[std::string(kg::kind_name(graph.node(*v).kind))]++;
        for (auto [e, end] = boost::edges(graph.graph()); e != end; ++e) by_role[graph.edge(*e).role.str()]++;
        std::cout << "nodes: " << graph.num_nodes();
        for (const auto& [k, n] : by_kind) std::cout << "  " << k << "=" << n;
        std::cout << "\nedges: " << graph.num_edges();
        for (const auto& [k, n] : by_role) std::cout << "  " << k << "=" << n;
        std::cout << "\nlanguages:";
        for (const auto& [l, n] : languages) std::cout << "  " << l << "=" << n;
        std::cout << "\n";
        std::cerr << "kg build: " << kg::summary_line(stats) << "\n";
    }
    return end_without_teardown(rejected ? 1 : 0);
}

// The actor a typed name means (app/actor_lookup.h), or nullopt with the reason on stderr.
std::optional<kg::Vertex> resolve(const kg::KnowledgeGraph& g, const std::string& name,
                                  const kg::app::ActorLookup& lookup) {
    const kg::app::ActorMatch match = lookup.find(g, name);
    if (match.hits.size() == 1) return match.hits[0];
    std::cerr << "kg: " << match.message << "\n";
    return std::nullopt;
}

std::string label(const kg::GraphNode& n) { return n.name.empty() ? n.key : n.name.text(); }

// A meeting links people to each other and to the place where it was held.
const char* relation_words(const std::string& role, kg::NodeKind from, kg::NodeKind to) {
    if (role == "meeting" && to == kg::NodeKind::Place) return "attended a meeting in";
    if (role == "meeting" && from == kg::NodeKind::Place) return "was the place of a meeting with";
    if (role == "metwith") return "met with";
    if (role == "export") return "trade (export)";
    if (role == "agreement") return "agreed with";
    if (role == "meeting") return "attended a meeting with";
    if (role == "represents") return "represents";
    return "linked to";
}

int cmd_path(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kPathUsage;
        return 0;
    }
    bool json = false;
    kg::KnowledgeGraph::PathFilter filter;
    std::vector<std::string> pos;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") json = true;
        else if (a == "--since") filter.since = take_value(args, i);
        else if (a == "--until") filter.until = take_value(args, i);
        else if (a == "--via") {
            std::string v = take_value(args, i);
            std::size_t start = 0;
            while (start <= v.size()) {
                auto comma = v.find(',', start);
                std::string kind = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (!kind.empty()) {
                    static const std::set<std::string> kKinds = {"metwith", "export", "agreement", "meeting", "represents"};
                    if (!kKinds.count(kind)) throw UsageError("--via: unknown relation '" + kind + "'");
                    filter.relation_kinds.insert(kind);
                }
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        } else if (a.size() > 1 && a[0] == '-') throw UsageError("unknown option " + a);
        else pos.push_back(a);
    }
    if (pos.size() != 3) throw UsageError("kg path needs GRAPH FROM TO");
    // Evidence is read only for the hops printed.
    const kg::output::LazyGraph lazy = kg::output::read_jsonld_file_lazy(pos[0]);
    const kg::KnowledgeGraph& g = lazy.graph();
    kg::app::ActorLookup lookup;
    auto from = resolve(g, pos[1], lookup);
    auto to = resolve(g, pos[2], lookup);
    if (!from || !to) return 1;
    auto hops = g.shortest_path(*from, *to, filter);
    if (!hops) {
        std::cerr << "kg: no path between '" << label(g.node(*from)) << "' and '" << label(g.node(*to))
                  << "'\n";
        return end_without_teardown(1);
    }
    auto evidence_of = [&](const kg::Hop& h) {
        kg::EvidenceSet evs;
        if (h.via) {
            evs = lazy.mentions(*h.via);
        } else {
            const auto& gr = g.graph();
            auto add = [&](const kg::EdgeDesc& e) {
                const kg::EvidenceSet more = lazy.evidence(e);
                evs.insert(more.begin(), more.end());
            };
            for (auto [it, end] = boost::out_edges(h.from, gr); it != end; ++it)
                if (boost::target(*it, gr) == h.to) add(*it);
            for (auto [it, end] = boost::out_edges(h.to, gr); it != end; ++it)
                if (boost::target(*it, gr) == h.from) add(*it);
        }
        return evs;
    };
    if (json) {
        rapidjson::StringBuffer buf;
        rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
        auto node = [&](kg::Vertex v) {
            w.StartObject();
            w.Key("key");
            w.String(g.node(v).key.c_str());
            w.Key("name");
            w.String(label(g.node(v)).c_str());
            w.EndObject();
        };
        w.StartObject();
        w.Key("from");
        node(*from);
        w.Key("to");
        node(*to);
        w.Key("hops");
        w.StartArray();
        for (const auto& h : *hops) {
            w.StartObject();
            w.Key("from");
            node(h.from);
            w.Key("to");
            node(h.to);
            w.Key("relation");
            w.String(h.role.c_str());
            w.Key("words");
            w.String(relation_words(h.role, g.node(h.from).kind, g.node(h.to).kind));
            if (h.via) {
                w.Key("via");
                w.String(g.node(*h.via).key.c_str());
            }
            w.Key("evidence");
            w.StartArray();
            for (const auto& e : evidence_of(h)) {
                w.StartObject();
                w.Key("article");
                w.String(e.article().c_str());
                w.Key("start");
                w.Uint(e.span.begin);
                w.Key("end");
                w.Uint(e.span.end);
                w.Key("language");
                w.String(e.lang().c_str());
                w.Key("sentence");
                const std::string sentence = e.sentence();
                w.String(sentence.c_str(), static_cast<rapidjson::SizeType>(sentence.size()));
                w.EndObject();
            }
            w.EndArray();
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        std::cout << buf.GetString() << "\n";
        return end_without_teardown(0);
    }
    std::cout << label(g.node(*from)) << " -> " << label(g.node(*to)) << ": " << hops->size()
              << (hops->size() == 1 ? " hop\n" : " hops\n");
    for (std::size_t i = 0; i < hops->size(); ++i) {
        const auto& h = (*hops)[i];
        std::cout << "\n" << i + 1 << ". " << label(g.node(h.from)) << " --" << relation_words(h.role, g.node(h.from).kind, g.node(h.to).kind)
                  << "--> " << label(g.node(h.to)) << "\n";
        for (const auto& e : evidence_of(h))
            std::cout << "   [" << e.article() << " " << e.lang() << " " << e.span.begin << "-" << e.span.end
                      << "] " << e.sentence() << "\n";
    }
    return end_without_teardown(0);
}

int cmd_stats(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kStatsUsage;
        return 0;
    }
    if (args.size() != 1) throw UsageError("kg stats needs GRAPH");
    const kg::output::LazyGraph lazy = kg::output::read_jsonld_file_lazy(args[0], true);
    const kg::KnowledgeGraph& g = lazy.graph();
    std::map<std::string, std::size_t> by_kind, by_role, langs;
    for (auto v : g.sorted_vertices()) {
        by_kind[std::string(kg::kind_name(g.node(v).kind))]++;
        for (const auto& f : g.node(v).forms) langs[f.lang]++;
    }
    for (auto e : g.sorted_edges()) by_role[g.edge(e).role]++;
    std::cout << "nodes: " << g.num_nodes() << "\n";
    for (const auto& [k, n] : by_kind) std::cout << "  " << k << ": " << n << "\n";
    std::cout << "edges: " << g.num_edges() << "\n";
    for (const auto& [k, n] : by_role) std::cout << "  " << k << ": " << n << "\n";
    std::cout << "names by language:\n";
    for (const auto& [k, n] : langs) std::cout << "  " << (k.empty() ? "?" : k) << ": " << n << "\n";
    std::cout << "articles: " << lazy.article_count() << "\n";
    return end_without_teardown(0);
}

int cmd_explain(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kExplainUsage;
        return 0;
    }
    if (args.size() != 2) throw UsageError("kg explain needs GRAPH NAME");
    const kg::output::LazyGraph lazy = kg::output::read_jsonld_file_lazy(args[0]);
    const kg::KnowledgeGraph& g = lazy.graph();
    kg::app::ActorLookup lookup;
    auto v = resolve(g, args[1], lookup);
    if (!v) return 1;
    const kg::GraphNode& n = g.node(*v);
    std::cout << n.key << "  " << label(n) << " (" << kg::kind_name(n.kind) << ")\n";
    std::cout << "names:\n";
    for (const auto& f : n.forms) std::cout << "  " << f.form << "  [" << f.lang << "]\n";
    std::set<kg::Text> arts;
    for (const auto& m : lazy.mentions(*v)) arts.insert(m.article());
    std::cout << "articles:\n";
    for (const auto& a : arts) std::cout << "  " << a << "\n";
    std::cout << "merged because:\n";
    for (const auto& r : g.reasons(*v).texts()) std::cout << "  " << r << "\n";
    return end_without_teardown(0);
}

const char* kTraceUsage =
    "usage: kg trace [--lang CODE] [--data DIR] INPUT...\n\nPrints, sentence by sentence, the mentions, "
    "triggers, modality words and titles the extractor finds.\n";

int cmd_trace(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kTraceUsage;
        return 0;
    }
    std::string lang, data;
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--lang") lang = take_value(args, i);
        else if (args[i] == "--data") data = take_value(args, i);
        else if (args[i].size() > 1 && args[i][0] == '-') throw UsageError("unknown option " + args[i]);
        else inputs.push_back(args[i]);
    }
    if (inputs.empty()) throw UsageError("kg trace needs at least one INPUT");
    kg::Normalizer norm;
    auto lexicon = kg::Lexicon::load(data_dir(data), norm);
    kg::NameKeyer keyer;
    kg::Extractor extractor(*lexicon, keyer);
    int rc = 0;
    kg::ArticleReader().read(
        inputs,
        [&](kg::Article&& a) {
            if (!lang.empty()) a.language = lang;
            std::cout << extractor.trace(a) << "\n";
        },
        [&](const kg::Diagnostic& d) {
            std::cerr << "kg: " << d.str() << "\n";
            rc = 1;
        });
    return rc;
}

int cmd_check_data(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kCheckUsage;
        return 0;
    }
    std::string data;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--data") data = take_value(args, i);
        else throw UsageError("unknown argument " + args[i]);
    }
    kg::Normalizer norm;
    auto problems = kg::Lexicon::check(data_dir(data), norm);
    for (const auto& p : problems) std::cout << p << "\n";
    if (problems.empty()) {
        std::cout << "data OK: " << data_dir(data).string() << "\n";
        return 0;
    }
    std::cout << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << "\n";
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kMainUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string cmd = args[0];
    args.erase(args.begin());
    try {
        if (cmd == "build") return cmd_build(args);
        if (cmd == "path") return cmd_path(args);
        if (cmd == "stats") return cmd_stats(args);
        if (cmd == "explain") return cmd_explain(args);
        if (cmd == "check-data") return cmd_check_data(args);
        if (cmd == "trace") return cmd_trace(args);
        if (cmd == "render") return kg::app::cmd_render(args);
        if (cmd == "report") return kg::app::cmd_report(args);
        if (cmd == "extract") return kg::cli::cmd_extract(args);
        if (cmd == "merge") return kg::cli::cmd_merge(args);
        throw UsageError("unknown command '" + cmd + "'");
    } catch (const UsageError& e) {
        std::cerr << "kg: " << e.what() << "\n\n" << kMainUsage;
        return 2;
    } catch (const kg::DataError& e) {
        std::cerr << "kg: bad data files:\n" << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "kg: " << e.what() << "\n";
        return 1;
    }
}
