#include "app/cmd_render.h"

#include <iostream>
#include <optional>

#include "app/actor_lookup.h"
#include "app/diagram_flags.h"
#include "export/atomic_file.h"
#include "export/dot_writer.h"
#include "export/graph_render.h"
#include "export/html_report.h"
#include "export/jsonld_reader.h"

namespace fs = std::filesystem;

namespace kg::app {

const char* const kRenderUsage =
    "usage: kg render [--format svg|png|pdf|dot] [--out FILE] [--around NAME] [--depth N]\n"
    "                 [--types KINDS] [--relations KINDS] [--max-nodes N] [--no-group] GRAPH\n"
    "\n"
    "Draws GRAPH (a graph.jsonld written by 'kg build') with Graphviz, in-process: edges wider\n"
    "the more articles support them, people boxed with the country they represent, relations\n"
    "that are not facts (planned, denied) dashed.\n"
    "\n"
    "  --format F         svg, png, pdf, or dot for the DOT text (default: FILE's extension, else "
    "svg)\n"
    "  --out FILE         where to write (default: standard output)\n";

const char* const kReportUsage =
    "usage: kg report [--out FILE] [--around NAME] [--depth N] [--types KINDS]\n"
    "                 [--relations KINDS] [--max-nodes N] [--no-group] GRAPH\n"
    "\n"
    "Writes one HTML page that works offline: the diagram of GRAPH (a graph.jsonld); a click on\n"
    "a node or an edge shows its names in every script and its evidence sentences; a search box\n"
    "finds an actor by any name; a path form answers what 'kg path' answers. The options below\n"
    "choose what the diagram draws; the search and the path form always see the whole graph.\n"
    "\n"
    "  --out FILE         where to write (default: graph.html beside GRAPH)\n";

namespace {

// Usage errors end here, with the command's usage; everything else goes to main's handler.
template <typename Body>
int run(const std::vector<std::string>& args, const char* usage, Body body) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            std::cout << usage << kDiagramFlagsUsage;
            return 0;
        }
    try {
        return body();
    } catch (const FlagError& e) {
        std::cerr << "kg: " << e.what() << "\n\n" << usage << kDiagramFlagsUsage;
        return 2;
    } catch (const LookupError& e) {
        std::cerr << "kg: " << e.what() << "\n";
        return 1;
    }
}

void tell_cap(const std::string& command, const std::string& message) {
    if (!message.empty()) std::cerr << "kg " << command << ": " << message << "\n";
}

}  // namespace

int cmd_render(const std::vector<std::string>& args) {
    return run(args, kRenderUsage, [&] {
        DiagramFlags flags;
        std::string format_name, out;
        std::vector<std::string> pos;
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (flags.take(args, i)) continue;
            if (a == "--format" || a == "--out") {
                if (i + 1 >= args.size()) throw FlagError(a + " needs a value");
                (a == "--format" ? format_name : out) = args[++i];
            } else if (a.size() > 1 && a[0] == '-') {
                throw FlagError("unknown option " + a);
            } else {
                pos.push_back(a);
            }
        }
        if (pos.size() != 1) throw FlagError("kg render needs one GRAPH");
        if (format_name.empty() && !out.empty()) {
            const std::string ext = fs::path(out).extension().string();
            if (ext == ".svg" || ext == ".png" || ext == ".pdf" || ext == ".dot")
                format_name = ext.substr(1);
        }
        if (format_name.empty()) format_name = "svg";
        const auto format = output::image_format_from_name(format_name);
        if (!format && format_name != "dot")
            throw FlagError("--format takes svg, png, pdf or dot, not '" + format_name + "'");

        const KnowledgeGraph graph = output::read_jsonld_file(pos[0]);
        const ActorLookup lookup;
        output::DotSelection drawn;
        const std::string dot = output::to_dot(graph, flags.options(graph, lookup), &drawn);
        const std::string bytes = format ? output::render(dot, *format) : dot;
        if (out.empty() || out == "-")
            std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        else
            output::write_file_atomically(out, bytes);
        tell_cap("render", output::cap_message(drawn));
        if (drawn.nodes_drawn == 0)
            std::cerr << "kg render: nothing to draw: no node passes the filters\n";
        return 0;
    });
}

std::string write_report(const KnowledgeGraph& graph, const fs::path& path) {
    output::ReportOptions options;
    const std::string html = output::to_html_report(graph, options);
    output::write_file_atomically(path, html);
    output::DotSelection drawn = output::select_nodes(graph, options.diagram);
    return output::cap_message(drawn);
}

int cmd_report(const std::vector<std::string>& args) {
    return run(args, kReportUsage, [&] {
        DiagramFlags flags;
        std::string out;
        std::vector<std::string> pos;
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (flags.take(args, i)) continue;
            if (a == "--out") {
                if (i + 1 >= args.size()) throw FlagError(a + " needs a value");
                out = args[++i];
            } else if (a.size() > 1 && a[0] == '-') {
                throw FlagError("unknown option " + a);
            } else {
                pos.push_back(a);
            }
        }
        if (pos.size() != 1) throw FlagError("kg report needs one GRAPH");
        const fs::path path =
            out.empty() ? fs::path(pos[0]).parent_path() / "graph.html" : fs::path(out);

        const KnowledgeGraph graph = output::read_jsonld_file(pos[0]);
        const ActorLookup lookup;
        output::ReportOptions options;
        options.diagram = flags.options(graph, lookup);
        output::write_file_atomically(path, output::to_html_report(graph, options));
        std::cout << "wrote " << path.string() << "\n";
        tell_cap("report", output::cap_message(output::select_nodes(graph, options.diagram)));
        return 0;
    });
}

}  // namespace kg::app
