#include "export/html_report.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <string_view>

#include "export/graph_render.h"
#include "export/report_assets.h"

namespace kg::output {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void put(JsonWriter& w, std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// JSON inside <script>: the HTML parser ends the block at "</script" and treats "<!--" as
// the start of an escaped span, whatever the JSON means; with no <, > or & left, neither can
// occur, and JSON.parse reads \u003c back as <. The three bytes occur only inside strings.
std::string escape_for_script(std::string_view json) {
    std::string out;
    out.reserve(json.size() + json.size() / 16);
    for (char c : json) {
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else
            out += c;
    }
    return out;
}

// Graphviz's SVG as an element of the page: the XML prolog and DOCTYPE go (HTML has its own),
// and so do comments (they repeat node keys and serve no reader).
std::string inline_svg(std::string svg) {
    const auto start = svg.find("<svg");
    if (start == std::string::npos)
        throw std::runtime_error("html report: Graphviz wrote no <svg> element");
    svg.erase(0, start);
    std::string out;
    out.reserve(svg.size());
    for (std::size_t i = 0; i < svg.size();) {
        if (svg.compare(i, 4, "<!--") == 0) {
            const auto close = svg.find("-->", i + 4);
            if (close == std::string::npos) break;
            i = close + 3;
            if (i < svg.size() && svg[i] == '\n') ++i;
            continue;
        }
        out += svg[i++];
    }
    // Graphviz escapes label text; should that ever fail, no element that runs code gets in.
    std::string lower = out;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    });
    for (std::string_view bad : {"<script", "<foreignobject", "javascript:"})
        if (lower.find(bad) != std::string::npos)
            throw std::runtime_error("html report: the diagram holds markup that could run (" +
                                     std::string(bad) + ")");
    return out;
}

// CSP takes a script's SHA-256 in base64; CMake gives it in hex.
std::string hex_to_base64(std::string_view hex) {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
    }
    return out;
}

}  // namespace

std::string report_data_json(const KnowledgeGraph& graph, const DotSelection& drawn,
                             const DotOptions& diagram) {
    const VertexOrder& vertices = graph.sorted_vertices();
    const std::vector<EdgeDesc> edges = graph.sorted_edges();
    const Graph& bg = graph.graph();
    // Each evidence once: a sentence backs a node and several edges.
    std::map<Evidence, std::size_t> evidence_index;
    for (Vertex v : vertices)
        for (const auto& ev : graph.node(v).mentions) evidence_index.emplace(ev, 0);
    for (EdgeDesc e : edges)
        for (const auto& ev : graph.edge(e).evidence) evidence_index.emplace(ev, 0);
    std::size_t next = 0;
    for (auto& [ev, index] : evidence_index) index = next++;
    std::vector<std::size_t> position(graph.num_nodes(), 0);
    for (std::size_t i = 0; i < vertices.size(); ++i) position[vertices[i]] = i;

    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    w.Key("articles");
    w.Uint64(graph.articles().size());
    w.Key("note");
    put(w, cap_message(drawn));
    w.Key("evidence");
    w.StartArray();
    for (const auto& [ev, index] : evidence_index) {
        w.StartArray();
        put(w, ev.article());
        put(w, ev.lang());
        w.Uint(ev.span.begin);
        w.Uint(ev.span.end);
        put(w, ev.sentence());
        w.EndArray();
    }
    w.EndArray();
    w.Key("nodes");
    w.StartArray();
    for (Vertex v : vertices) {
        const GraphNode& n = graph.node(v);
        w.StartObject();
        w.Key("key");
        put(w, n.key);
        w.Key("kind");
        put(w, kind_name(n.kind));
        w.Key("name");
        put(w, n.name);
        w.Key("forms");
        w.StartArray();
        for (const auto& f : n.forms) {
            w.StartArray();
            put(w, f.form);
            put(w, f.lang);
            w.EndArray();
        }
        w.EndArray();
        w.Key("attrs");
        w.StartObject();
        for (const auto& [k, value] : n.attrs) {
            put(w, k);
            put(w, value);
        }
        w.EndObject();
        w.Key("mentions");
        w.StartArray();
        for (const auto& ev : n.mentions) w.Uint64(evidence_index.at(ev));
        w.EndArray();
        w.Key("drawn");
        w.Bool(drawn.node_drawn.at(v));
        w.EndObject();
    }
    w.EndArray();
    w.Key("edges");
    w.StartArray();
    for (EdgeDesc e : edges) {
        const Vertex from = boost::source(e, bg), to = boost::target(e, bg);
        const EdgeProps& props = graph.edge(e);
        w.StartObject();
        w.Key("from");
        w.Uint64(position[from]);
        w.Key("to");
        w.Uint64(position[to]);
        w.Key("role");
        put(w, props.role);
        w.Key("evidence");
        w.StartArray();
        for (const auto& ev : props.evidence) w.Uint64(evidence_index.at(ev));
        w.EndArray();
        // The same rule to_dot draws by: both ends drawn, and not a relation filtered out.
        const bool direct = is_entity(graph.node(from).kind) && is_entity(graph.node(to).kind);
        const bool allowed =
            !direct || diagram.relations.empty() || diagram.relations.count(props.role) > 0;
        w.Key("drawn");
        w.Bool(allowed && drawn.node_drawn.at(from) && drawn.node_drawn.at(to));
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return escape_for_script(std::string_view(buf.GetString(), buf.GetSize()));
}

std::string to_html_report(const KnowledgeGraph& graph, const ReportOptions& options) {
    DotOptions diagram = options.diagram;
    diagram.element_ids = true;
    DotSelection drawn;
    const std::string dot = to_dot(graph, diagram, &drawn);
    const std::string svg = inline_svg(render(dot, ImageFormat::Svg));
    const std::string data = report_data_json(graph, drawn, diagram);

    std::string html;
    html.reserve(svg.size() + data.size() + kReportJs.size() + kReportCss.size() + 4096);
    html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    // Nothing may be fetched and no script but the page's own may run: not a script tag nor an
    // onerror attribute that an article smuggled in, were the escaping ever to fail.
    html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'sha256-";
    html += hex_to_base64(kReportJsSha256);
    html += "'; img-src data:; form-action 'none'; base-uri 'none'\">\n";
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    html += "<title>kg report</title>\n<style>";
    html += kReportCss;
    html += "</style>\n</head>\n<body>\n";
    // The body's one placeholder is where the diagram goes.
    constexpr std::string_view kSlot = "<!--kg:diagram-->";
    const auto slot = kReportBody.find(kSlot);
    if (slot == std::string_view::npos)
        throw std::logic_error("html report: body has no diagram slot");
    html += kReportBody.substr(0, slot);
    html += svg;
    html += kReportBody.substr(slot + kSlot.size());
    html += "<script type=\"application/json\" id=\"kg-data\">";
    html += data;
    html += "</script>\n<script>";
    html += kReportJs;
    html += "</script>\n</body>\n</html>\n";
    return html;
}

}  // namespace kg::output
