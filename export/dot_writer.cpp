#include "export/dot_writer.h"

#include <graphviz/cgraph.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace kg::output {

namespace {

// DejaVu Sans draws Latin, Cyrillic and Arabic script, Lohit Devanagari draws Hindi; the
// generic family is the last resort. Pango (dot) and browsers (SVG) both read the list.
constexpr const char* kFont = "DejaVu Sans,Lohit Devanagari,sans-serif";

constexpr double kPenWidthPerArticle = 0.5;
constexpr double kMaxPenWidth = 5.0;

struct KindStyle {
    NodeKind kind;
    const char* shape;
    const char* fillcolor;
    // Relation nodes are joints between entities, not things: they are drawn small, with this
    // fixed label instead of a name. Null for the other kinds.
    const char* short_label;
};

constexpr std::array<KindStyle, 9> kStyles{{
    {NodeKind::Person, "ellipse", "#cfe2f3", nullptr},
    {NodeKind::Country, "box", "#fce5cd", nullptr},
    {NodeKind::Place, "house", "#d9ead3", nullptr},
    {NodeKind::Organization, "component", "#d9d2e9", nullptr},
    {NodeKind::Commodity, "cylinder", "#fff2cc", nullptr},
    {NodeKind::Meeting, "diamond", "#f4cccc", nullptr},
    {NodeKind::MetWith, "circle", "#eeeeee", "met with"},
    {NodeKind::Export, "circle", "#ffe599", "export"},
    {NodeKind::Agreement, "circle", "#b6d7a8", "agreement"},
}};

const KindStyle& style_of(NodeKind kind) {
    for (const auto& style : kStyles)
        if (style.kind == kind) return style;
    // Every kind has a row; a new kind without one still gets drawn, as an entity.
    return kStyles.front();
}

// cgraph 2.43 takes char* but copies every string it is given and never writes through it.
char* c_str(const std::string& s) { return const_cast<char*>(s.c_str()); }
char* c_str(const char* s) { return const_cast<char*>(s); }

// The bytes at `text` start a line break that Graphviz or Pango would honour.
std::size_t line_break_length(std::string_view text) {
    if (text.starts_with("\r\n")) return 2;
    if (text.starts_with('\r') || text.starts_with('\n')) return 1;
    // U+0085 NEL, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR: Pango breaks lines there.
    if (text.starts_with("\xC2\x85")) return 2;
    if (text.starts_with("\xE2\x80\xA8") || text.starts_with("\xE2\x80\xA9")) return 3;
    return 0;
}

// ASCII only: entity names are ASCII, and std::isalnum would depend on the C locale.
bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// `&` followed by what Graphviz would decode as an entity (`&amp;`, `&#92;`, `&#x5C;`).
bool starts_entity(std::string_view text) {
    std::size_t i = 1;
    while (i < text.size() && (is_ascii_alnum(text[i]) || (text[i] == '#' && i == 1))) ++i;
    return i > 1 && i < text.size() && text[i] == ';';
}

// Graphviz reads label and tooltip values as escString: `\N`, `\n`, `\l` are commands, any
// other `\x` draws as `x`, and `&name;` is an entity. Names from articles must draw exactly as
// written, so backslashes are doubled and entity-like `&` becomes `&amp;`; a bare `&` (AT&T) is
// left alone because Graphviz draws it as is. Line breaks become spaces: a label is one line.
// Doubling also keeps every backslash run even, which is what cgraph 2.43's writer needs to
// produce a quoted string its own reader can parse (it does not escape backslashes).
std::string escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::string_view rest = text.substr(i);
        if (std::size_t n = line_break_length(rest); n > 0) {
            out += ' ';
            i += n;
            continue;
        }
        if (rest.front() == '\\')
            out += "\\\\";
        else if (rest.front() == '&' && starts_entity(rest))
            out += "&amp;";
        else
            out += rest.front();
        ++i;
    }
    return out;
}

// A node name is written by cgraph as a quoted string with only `"` escaped, and its reader
// takes `\\` as a pair; so an odd run of backslashes that ends at a quote or at the end of the
// name swallows the quote and the file no longer parses. Canonical keys never hold a
// backslash, so such a key is refused rather than written broken.
bool writable_name(std::string_view key) {
    std::size_t run = 0;
    for (char c : key) {
        if (c == '\\') {
            ++run;
            continue;
        }
        if (c == '"' && run % 2 == 1) return false;
        run = 0;
    }
    return run % 2 == 0;
}

std::string node_label(const NodeRecord& node) {
    if (const char* short_label = style_of(node.kind).short_label) return short_label;
    return escape_text(node.name.empty() ? node.key : node.name);
}

// One article repeating a claim is not more evidence; more articles are.
std::string pen_width(const std::set<Evidence>& evidence) {
    std::set<std::string_view> articles;
    for (const auto& ev : evidence) articles.insert(ev.article);
    const double extra = articles.size() > 1 ? static_cast<double>(articles.size() - 1) : 0.0;
    const double width = std::min(kMaxPenWidth, 1.0 + kPenWidthPerArticle * extra);
    // to_chars: shortest form and no locale, so the bytes do not depend on the environment.
    std::array<char, 32> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), width);
    (void)ec;  // 32 bytes always hold a double in shortest form
    return std::string(buf.data(), end);
}

struct GraphCloser {
    void operator()(Agraph_t* g) const { agclose(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

// agwrite's channel. An exception must not cross cgraph's C frames: it is parked here and
// rethrown once agwrite has returned.
struct Sink {
    std::string text;
    std::exception_ptr error;
};

int put_string(void* chan, const char* str) {
    auto* sink = static_cast<Sink*>(chan);
    try {
        sink->text.append(str);
        return 0;
    } catch (...) {
        sink->error = std::current_exception();
        return EOF;
    }
}

int flush_nothing(void*) { return 0; }

Agsym_t* declare(Agraph_t* g, int kind, const char* name, const char* default_value) {
    Agsym_t* sym = agattr(g, kind, c_str(name), c_str(default_value));
    if (sym == nullptr)
        throw std::runtime_error(std::string("to_dot: cgraph could not declare attribute ") + name);
    return sym;
}

void set(void* object, Agsym_t* sym, const std::string& value) {
    if (agxset(object, sym, c_str(value)) != 0)
        throw std::runtime_error(std::string("to_dot: cgraph could not set attribute ") +
                                 sym->name);
}

// Attributes are declared once, with Graphviz's own defaults where a kind overrides them, so
// agwrite prints only the values that differ and the `node [...]` line reads as a legend.
struct Symbols {
    Agsym_t* label;
    Agsym_t* shape;
    Agsym_t* fillcolor;
    Agsym_t* tooltip;
    Agsym_t* fontsize;
    Agsym_t* margin;
    Agsym_t* edge_label;
    Agsym_t* penwidth;
};

Symbols declare_all(Agraph_t* g) {
    declare(g, AGRAPH, "charset", "UTF-8");
    declare(g, AGRAPH, "rankdir", "LR");
    declare(g, AGRAPH, "fontname", kFont);
    Symbols s{};
    declare(g, AGNODE, "fontname", kFont);
    declare(g, AGNODE, "style", "filled");
    s.label = declare(g, AGNODE, "label", "\\N");
    s.shape = declare(g, AGNODE, "shape", "ellipse");
    s.fillcolor = declare(g, AGNODE, "fillcolor", "white");
    s.tooltip = declare(g, AGNODE, "tooltip", "");
    s.fontsize = declare(g, AGNODE, "fontsize", "14");
    s.margin = declare(g, AGNODE, "margin", "0.11,0.055");
    declare(g, AGEDGE, "fontname", kFont);
    declare(g, AGEDGE, "fontsize", "10");
    declare(g, AGEDGE, "color", "#555555");
    s.edge_label = declare(g, AGEDGE, "label", "");
    s.penwidth = declare(g, AGEDGE, "penwidth", "1");
    return s;
}

// cgraph's writer keeps state in globals (nesting level, port symbols, the canon buffer).
std::mutex cgraph_mutex;

}  // namespace

std::string to_dot(const KnowledgeGraph& graph) {
    const std::lock_guard<std::mutex> lock(cgraph_mutex);

    // The disciplines must outlive the graph: cgraph keeps pointers to them. Nothing is read.
    Agiodisc_t io{nullptr, put_string, flush_nothing};
    Agdisc_t disc{&AgMemDisc, &AgIdDisc, &io};
    GraphPtr g(agopen(c_str("kg"), Agdirected, &disc));
    if (!g) throw std::runtime_error("to_dot: cgraph could not open a graph");
    const Symbols sym = declare_all(g.get());

    const Graph& bg = graph.graph();
    std::vector<Agnode_t*> nodes(graph.num_nodes(), nullptr);
    for (Vertex v : graph.sorted_vertices()) {
        const NodeRecord& record = graph.node(v);
        if (!writable_name(record.key))
            throw std::runtime_error("to_dot: node key cannot be written as a DOT name: " +
                                     record.key);
        Agnode_t* n = agnode(g.get(), c_str(record.key), 1);
        if (n == nullptr)
            throw std::runtime_error("to_dot: cgraph could not add node " + record.key);
        nodes[v] = n;
        const KindStyle& style = style_of(record.kind);
        set(n, sym.label, node_label(record));
        set(n, sym.shape, style.shape);
        set(n, sym.fillcolor, style.fillcolor);
        set(n, sym.tooltip, escape_text(kind_name(record.kind)));
        if (style.short_label != nullptr) {
            set(n, sym.fontsize, "9");
            set(n, sym.margin, "0.02");
        }
    }
    for (EdgeDesc e : graph.sorted_edges()) {
        const EdgeProps& props = graph.edge(e);
        // Unnamed edges: cgraph then keeps one edge per call, so several roles between the
        // same two nodes stay separate edges.
        Agedge_t* edge = agedge(g.get(), nodes[boost::source(e, bg)], nodes[boost::target(e, bg)],
                                nullptr, 1);
        if (edge == nullptr)
            throw std::runtime_error("to_dot: cgraph could not add edge " + props.role);
        set(edge, sym.edge_label, escape_text(props.role));
        set(edge, sym.penwidth, pen_width(props.evidence));
    }

    Sink sink;
    const int rc = agwrite(g.get(), &sink);
    if (sink.error) std::rethrow_exception(sink.error);
    if (rc == EOF) throw std::runtime_error("to_dot: cgraph could not write the graph");
    return std::move(sink.text);
}

}  // namespace kg::output
