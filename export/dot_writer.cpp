#include "export/dot_writer.h"

#include "export/cgraph_ids.h"
#include "export/cgraph_lock.h"

#include <graphviz/cgraph.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>
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
    // Relation and meeting nodes are joints between entities, not things: they are drawn small,
    // with this fixed label (a meeting's followed by its date) instead of a name. Null for the
    // other kinds.
    const char* short_label;
};

constexpr std::array<KindStyle, 9> kStyles{{
    {NodeKind::Person, "ellipse", "#cfe2f3", nullptr},
    {NodeKind::Country, "box", "#fce5cd", nullptr},
    {NodeKind::Place, "house", "#d9ead3", nullptr},
    {NodeKind::Organization, "component", "#d9d2e9", nullptr},
    {NodeKind::Commodity, "cylinder", "#fff2cc", nullptr},
    {NodeKind::Meeting, "diamond", "#f4cccc", "meeting"},
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
    if (const char* short_label = style_of(node.kind).short_label) {
        // A meeting's date tells one meeting of the same people from another.
        const auto date = node.attrs.find("startDate");
        if (node.kind == NodeKind::Meeting && date != node.attrs.end())
            return std::string(short_label) + " " + escape_text(date->second);
        return short_label;
    }
    return escape_text(node.name.empty() ? node.key : node.name);
}

// One article repeating a claim is not more evidence; more articles are.
std::string pen_width(const EvidenceSet& evidence) {
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
    TextSink& out;
    std::exception_ptr error;
};

int put_string(void* chan, const char* str) {
    auto* sink = static_cast<Sink*>(chan);
    try {
        sink->out.write(str);
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

// ---- Selection: which nodes a DotOptions draws.

// A graph seen through the options' filters: which nodes may be drawn and which edges may join
// them. Relation and meeting nodes are filtered by their kind, direct edges between actors
// (represents) by their role; edges into relation nodes go with the node.
class FilteredView {
public:
    FilteredView(const KnowledgeGraph& graph, const DotOptions& options)
        : graph_(graph), options_(options) {}

    bool node_allowed(Vertex v) const {
        const NodeRecord& n = graph_.node(v);
        if (is_entity(n.kind)) return options_.kinds.empty() || options_.kinds.count(n.kind) > 0;
        return options_.relations.empty() ||
               options_.relations.count(std::string(kind_name(n.kind))) > 0;
    }

    bool edge_allowed(EdgeDesc e) const {
        const Graph& bg = graph_.graph();
        const bool direct = is_entity(graph_.node(boost::source(e, bg)).kind) &&
                            is_entity(graph_.node(boost::target(e, bg)).kind);
        return !direct || options_.relations.empty() ||
               options_.relations.count(graph_.edge(e).role) > 0;
    }

    // Neighbours of `v` along allowed edges, in key order, each once.
    std::vector<Vertex> neighbours(Vertex v) const {
        const Graph& bg = graph_.graph();
        std::vector<Vertex> out;
        for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it)
            if (edge_allowed(*it)) out.push_back(boost::target(*it, bg));
        for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it)
            if (edge_allowed(*it)) out.push_back(boost::source(*it, bg));
        std::sort(out.begin(), out.end(),
                  [&](Vertex a, Vertex b) { return graph_.node(a).key < graph_.node(b).key; });
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    // Entity ends of a relation or meeting node, whatever the filters say.
    std::size_t entity_ends(Vertex v) const {
        const Graph& bg = graph_.graph();
        std::set<Vertex> ends;
        for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it)
            if (is_entity(graph_.node(boost::target(*it, bg)).kind))
                ends.insert(boost::target(*it, bg));
        for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it)
            if (is_entity(graph_.node(boost::source(*it, bg)).kind))
                ends.insert(boost::source(*it, bg));
        return ends.size();
    }

private:
    const KnowledgeGraph& graph_;
    const DotOptions& options_;
};

// Actor hops from `centre`, -1 past `depth`; fills `reached` with the relation and meeting
// nodes crossed on the way.
std::vector<int> hops_from(const KnowledgeGraph& graph, const FilteredView& view, Vertex centre,
                           int depth, std::vector<bool>& reached) {
    std::vector<int> dist(graph.num_nodes(), -1);
    std::deque<Vertex> queue{centre};
    dist[centre] = 0;
    auto visit = [&](Vertex u, int d) {
        if (dist[u] >= 0) return;
        dist[u] = d;
        queue.push_back(u);
    };
    while (!queue.empty()) {
        const Vertex v = queue.front();
        queue.pop_front();
        if (dist[v] >= depth) continue;
        for (Vertex u : view.neighbours(v)) {
            if (!view.node_allowed(u)) continue;
            if (is_entity(graph.node(u).kind)) {
                visit(u, dist[v] + 1);
                continue;
            }
            reached[u] = true;
            for (Vertex w : view.neighbours(u))
                if (w != v && is_entity(graph.node(w).kind) && view.node_allowed(w))
                    visit(w, dist[v] + 1);
        }
    }
    return dist;
}

// A relation or meeting node stays only with at least two of its ends drawn (its only end,
// when it has one): a joint with one side is no relation.
void drop_loose_relations(const KnowledgeGraph& graph, const FilteredView& view,
                          std::vector<bool>& keep) {
    for (Vertex v : graph.sorted_vertices()) {
        if (!keep[v] || is_entity(graph.node(v).kind)) continue;
        std::size_t drawn_ends = 0;
        for (Vertex u : view.neighbours(v))
            if (keep[u] && is_entity(graph.node(u).kind)) ++drawn_ends;
        const std::size_t needed =
            std::min<std::size_t>(2, std::max<std::size_t>(1, view.entity_ends(v)));
        keep[v] = drawn_ends >= needed;
    }
}

// Distinct articles behind an actor: its mentions and every edge it has, in or out (the
// relations it takes part in point at it).
std::size_t articles_behind(const KnowledgeGraph& graph, Vertex v) {
    const Graph& bg = graph.graph();
    std::set<std::string_view> articles;
    for (const auto& m : graph.node(v).mentions) articles.insert(m.article);
    for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it)
        for (const auto& ev : bg[*it].evidence) articles.insert(ev.article);
    for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it)
        for (const auto& ev : bg[*it].evidence) articles.insert(ev.article);
    return articles.size();
}

bool has_drawn_neighbour(const FilteredView& view, Vertex v, const std::vector<bool>& keep) {
    for (Vertex u : view.neighbours(v))
        if (keep[u]) return true;
    return false;
}

}  // namespace

std::mutex& cgraph_mutex() {
    static std::mutex mutex;
    return mutex;
}

DotSelection select_nodes(const KnowledgeGraph& graph, const DotOptions& options) {
    if (options.depth < 0) throw std::invalid_argument("to_dot: depth must not be negative");
    if (options.around && *options.around >= graph.num_nodes())
        throw std::invalid_argument("to_dot: the actor to draw around is not in the graph");
    const FilteredView view(graph, options);
    const std::size_t n = graph.num_nodes();
    std::vector<bool> keep(n, false);
    std::vector<int> dist(n, 0);
    if (options.around) {
        std::vector<bool> reached(n, false);
        dist = hops_from(graph, view, *options.around, options.depth, reached);
        for (Vertex v = 0; v < n; ++v) keep[v] = dist[v] >= 0 || reached[v];
    } else {
        for (Vertex v = 0; v < n; ++v) keep[v] = view.node_allowed(v);
    }
    drop_loose_relations(graph, view, keep);
    // Asked for some types or relations, an actor none of them touches is not what was asked.
    const bool filtered = !options.kinds.empty() || !options.relations.empty();
    std::vector<Vertex> actors;
    for (Vertex v : graph.sorted_vertices()) {
        if (!keep[v] || !is_entity(graph.node(v).kind)) continue;
        if (filtered && v != options.around && !has_drawn_neighbour(view, v, keep)) {
            keep[v] = false;
            continue;
        }
        actors.push_back(v);
    }

    DotSelection out;
    out.actors_selected = actors.size();
    if (options.max_actors > 0 && actors.size() > options.max_actors) {
        // Nearest first around an actor, then the most articles, then the key: deterministic.
        std::vector<std::tuple<int, long, std::string, Vertex>> ranked;
        for (Vertex v : actors) {
            const int near = options.around ? (v == *options.around ? -1 : dist[v]) : 0;
            ranked.emplace_back(near, -static_cast<long>(articles_behind(graph, v)),
                                graph.node(v).key, v);
        }
        std::sort(ranked.begin(), ranked.end());
        for (std::size_t i = options.max_actors; i < ranked.size(); ++i)
            keep[std::get<3>(ranked[i])] = false;
        drop_loose_relations(graph, view, keep);
    }
    for (Vertex v = 0; v < n; ++v) {
        if (!keep[v]) continue;
        ++out.nodes_drawn;
        if (is_entity(graph.node(v).kind)) ++out.actors_drawn;
    }
    const Graph& bg = graph.graph();
    for (EdgeDesc e : graph.sorted_edges())
        if (view.edge_allowed(e) && keep[boost::source(e, bg)] && keep[boost::target(e, bg)])
            ++out.edges_drawn;
    out.node_drawn = std::move(keep);
    return out;
}

std::string cap_message(const DotSelection& selection) {
    if (selection.actors_left_out() == 0) return {};
    return "showing " + std::to_string(selection.actors_drawn) + " of " +
           std::to_string(selection.actors_selected) + " actors, the nearest and best supported; " +
           std::to_string(selection.actors_left_out()) +
           " left out (see them with --around NAME, --types, --relations or --max-nodes 0)";
}

std::string to_dot(const KnowledgeGraph& graph) { return to_dot(graph, DotOptions{}); }

std::string to_dot(const KnowledgeGraph& graph, const DotOptions& options, DotSelection* drawn) {
    std::string text;
    TextSink sink(text);
    write_dot(graph, options, sink, drawn);
    return text;
}

void write_dot(const KnowledgeGraph& graph, TextSink& out) { write_dot(graph, DotOptions{}, out); }

void write_dot(const KnowledgeGraph& graph, const DotOptions& options, TextSink& out,
               DotSelection* drawn) {
    DotSelection selection = select_nodes(graph, options);
    const FilteredView view(graph, options);
    const std::vector<bool>& keep = selection.node_drawn;
    const Graph& bg = graph.graph();
    std::vector<EdgeDesc> edges;
    for (EdgeDesc e : graph.sorted_edges())
        if (view.edge_allowed(e) && keep[boost::source(e, bg)] && keep[boost::target(e, bg)])
            edges.push_back(e);
    auto not_a_fact = [&](Vertex v) {
        return !is_entity(graph.node(v).kind) && graph.node(v).attrs.count("status") > 0;
    };
    bool any_status = false;
    for (Vertex v : graph.sorted_vertices()) any_status = any_status || (keep[v] && not_a_fact(v));
    // Clusters: each drawn person with the first country (in key order) they represent.
    std::map<Vertex, std::vector<Vertex>> people_of;
    if (options.group_by_country) {
        std::set<Vertex> grouped;
        for (EdgeDesc e : edges) {
            const Vertex from = boost::source(e, bg), to = boost::target(e, bg);
            if (graph.edge(e).role == "represents" && graph.node(from).kind == NodeKind::Person &&
                graph.node(to).kind == NodeKind::Country && grouped.insert(from).second)
                people_of[to].push_back(from);
        }
    }
    const std::string note = cap_message(selection);

    const std::lock_guard<std::mutex> lock(cgraph_mutex());
    // The disciplines must outlive the graph: cgraph keeps pointers to them. Nothing is read.
    Agiodisc_t io{nullptr, put_string, flush_nothing};
    Agdisc_t disc{&AgMemDisc, &kSequentialIds, &io};
    GraphPtr g(agopen(c_str("kg"), Agdirected, &disc));
    if (!g) throw std::runtime_error("to_dot: cgraph could not open a graph");
    const Symbols sym = declare_all(g.get());
    // Declared only when used, so the whole graph's DOT stays what it always was.
    Agsym_t* graph_label = nullptr;
    Agsym_t* cluster_style = nullptr;
    if (!people_of.empty() || !note.empty()) {
        graph_label = declare(g.get(), AGRAPH, "label", "");
        declare(g.get(), AGRAPH, "labelloc", "t");
    }
    if (!people_of.empty()) {
        cluster_style = declare(g.get(), AGRAPH, "style", "");
        declare(g.get(), AGRAPH, "color", "#999999");
    }
    Agsym_t* node_style = agattr(g.get(), AGNODE, c_str("style"), nullptr);
    Agsym_t* edge_style = any_status ? declare(g.get(), AGEDGE, "style", "") : nullptr;
    Agsym_t* node_id = options.element_ids ? declare(g.get(), AGNODE, "id", "") : nullptr;
    Agsym_t* edge_id = options.element_ids ? declare(g.get(), AGEDGE, "id", "") : nullptr;
    if (!note.empty()) set(g.get(), graph_label, escape_text(note));

    const std::vector<Vertex> order = graph.sorted_vertices();
    std::vector<Agnode_t*> nodes(graph.num_nodes(), nullptr);
    for (std::size_t i = 0; i < order.size(); ++i) {
        const Vertex v = order[i];
        if (!keep[v]) continue;
        const NodeRecord& record = graph.node(v);
        if (!writable_name(record.key))
            throw std::runtime_error("to_dot: node key cannot be written as a DOT name: " +
                                     record.key);
        Agnode_t* n = agnode(g.get(), c_str(record.key), 1);
        if (n == nullptr)
            throw std::runtime_error("to_dot: cgraph could not add node " + record.key);
        nodes[v] = n;
        const KindStyle& style = style_of(record.kind);
        std::string label = node_label(record);
        if (not_a_fact(v)) {
            label += " (" + escape_text(record.attrs.at("status")) + ")";
            set(n, node_style, "filled,dashed");
        }
        set(n, sym.label, label);
        set(n, sym.shape, style.shape);
        set(n, sym.fillcolor, style.fillcolor);
        set(n, sym.tooltip, escape_text(kind_name(record.kind)));
        if (style.short_label != nullptr) {
            set(n, sym.fontsize, "9");
            set(n, sym.margin, "0.02");
        }
        if (node_id != nullptr) set(n, node_id, "n" + std::to_string(i));
    }
    for (const auto& [country, people] : people_of) {
        const std::string name = "cluster_" + graph.node(country).key;
        Agraph_t* sub = agsubg(g.get(), c_str(name), 1);
        if (sub == nullptr) throw std::runtime_error("to_dot: cgraph could not add " + name);
        set(sub, graph_label, node_label(graph.node(country)));
        set(sub, cluster_style, "rounded,dashed");
        agsubnode(sub, nodes[country], 1);
        for (Vertex person : people) agsubnode(sub, nodes[person], 1);
    }
    std::map<EdgeDesc, std::size_t> edge_index;
    if (edge_id != nullptr) {
        const std::vector<EdgeDesc> all = graph.sorted_edges();
        for (std::size_t i = 0; i < all.size(); ++i) edge_index.emplace(all[i], i);
    }
    for (EdgeDesc e : edges) {
        const EdgeProps& props = graph.edge(e);
        const Vertex from = boost::source(e, bg), to = boost::target(e, bg);
        // Unnamed edges: cgraph then keeps one edge per call, so several roles between the
        // same two nodes stay separate edges.
        Agedge_t* edge = agedge(g.get(), nodes[from], nodes[to], nullptr, 1);
        if (edge == nullptr)
            throw std::runtime_error("to_dot: cgraph could not add edge " + props.role);
        set(edge, sym.edge_label, escape_text(props.role));
        set(edge, sym.penwidth, pen_width(props.evidence));
        if (edge_style != nullptr && (not_a_fact(from) || not_a_fact(to)))
            set(edge, edge_style, "dashed");
        if (edge_id != nullptr) set(edge, edge_id, "e" + std::to_string(edge_index.at(e)));
    }

    Sink sink{out, nullptr};
    const int rc = agwrite(g.get(), &sink);
    if (sink.error) std::rethrow_exception(sink.error);
    if (rc == EOF) throw std::runtime_error("to_dot: cgraph could not write the graph");
    out.flush();
    if (drawn != nullptr) *drawn = std::move(selection);
}

}  // namespace kg::output
