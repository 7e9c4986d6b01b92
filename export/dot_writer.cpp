#include "export/dot_writer.h"

#include "export/cgraph_arena.h"
#include "export/cgraph_lock.h"
#include "export/ordered_parallel.h"

#include <graphviz/cgraph.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
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
#include <unordered_map>
#include <vector>

namespace kg::output {

namespace {

// DejaVu Sans draws Latin, Cyrillic and Arabic script, Lohit Devanagari draws Hindi; the
// generic family is the last resort. Pango (dot) and browsers (SVG) both read the list.
constexpr const char* kFont = "DejaVu Sans,Lohit Devanagari,sans-serif";
constexpr const char* kNodeStyle = "filled";  // the default node style

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

std::string node_label(const GraphNode& node) {
    if (const char* short_label = style_of(node.kind).short_label) {
        // A meeting's date tells one meeting of the same people from another.
        const auto date = node.attrs.find("startDate");
        if (node.kind == NodeKind::Meeting && date != node.attrs.end())
            return std::string(short_label) + " " + escape_text(date->second);
        return short_label;
    }
    return escape_text(node.name.empty() ? node.key : node.name.text());
}

// One article repeating a claim is not more evidence; more articles are.
std::string pen_width(const EvidenceSet& evidence) {
    std::set<std::string_view> articles;
    for (const auto& ev : evidence) articles.insert(ev.article());
    const double extra = articles.size() > 1 ? static_cast<double>(articles.size() - 1) : 0.0;
    const double width = std::min(kMaxPenWidth, 1.0 + kPenWidthPerArticle * extra);
    // to_chars: shortest form and no locale, so the bytes do not depend on the environment.
    std::array<char, 32> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), width);
    (void)ec;  // 32 bytes always hold a double in shortest form
    return std::string(buf.data(), end);
}

struct GraphCloser {
    void operator()(Agraph_t* g) const { close_graph(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

// agwrite's channel. An exception must not cross cgraph's C frames: it is parked here and
// rethrown once agwrite has returned.
//
// A large graph is written as several cgraph graphs (see write_dot), and the channel keeps the
// part of each one's text that belongs to the whole: everything (Whole); the header alone
// (Header: all but the closing "}\n" of a graph with no nodes); or the root's body alone (Body:
// what follows the first "}\n", which closes the subgraph of ghost nodes written before the
// body, up to the last, which closes the graph). cgraph's writer hands over "}\n" as a piece of
// its own only when it closes a graph: in a name or a value the brace and the line break would
// be quoted.
enum class Part { Whole, Header, Body };

struct Sink {
    TextSink& out;
    Part part = Part::Whole;
    std::exception_ptr error{};
    bool in_body = false;
    bool held_brace = false;
};

int put_string(void* chan, const char* str) {
    auto* sink = static_cast<Sink*>(chan);
    try {
        if (sink->part == Part::Whole) {
            sink->out.write(str);
            return 0;
        }
        const bool brace = str[0] == '}' && str[1] == '\n' && str[2] == '\0';
        if (sink->part == Part::Body && !sink->in_body) {
            sink->in_body = brace;
            return 0;
        }
        // A brace is held until something follows it: the last one, the graph's, is dropped.
        if (sink->held_brace) sink->out.write("}\n");
        sink->held_brace = brace;
        if (!brace) sink->out.write(str);
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
//
// A part's body (see write_dot) declares only the attributes set on some node or edge, with
// the same defaults: agwrite prints an object's attributes in name order, those that differ
// from their default, so an attribute never set prints nothing whether declared or not. cgraph
// gives every node and edge a copy of every declared default (a look-up in its string
// dictionary each), so the body's nodes and edges cost two and three fewer.
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

enum class Declarations { All, SetOnly };

Symbols declare_all(Agraph_t* g, Declarations which) {
    const bool all = which == Declarations::All;
    if (all) {
        declare(g, AGRAPH, "charset", "UTF-8");
        declare(g, AGRAPH, "rankdir", "LR");
        declare(g, AGRAPH, "fontname", kFont);
    }
    Symbols s{};
    if (all) {
        declare(g, AGNODE, "fontname", kFont);
        declare(g, AGNODE, "style", kNodeStyle);
    }
    s.label = declare(g, AGNODE, "label", "\\N");
    s.shape = declare(g, AGNODE, "shape", "ellipse");
    s.fillcolor = declare(g, AGNODE, "fillcolor", "white");
    s.tooltip = declare(g, AGNODE, "tooltip", "");
    s.fontsize = declare(g, AGNODE, "fontsize", "14");
    s.margin = declare(g, AGNODE, "margin", "0.11,0.055");
    if (all) {
        declare(g, AGEDGE, "fontname", kFont);
        declare(g, AGEDGE, "fontsize", "10");
        declare(g, AGEDGE, "color", "#555555");
    }
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
        const GraphNode& n = graph_.node(v);
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
// when it has one): a joint with one side is no relation. Only relation and meeting nodes
// change here, each by its entity ends alone, so the order they are looked at in is free.
void drop_loose_relations(const KnowledgeGraph& graph, const FilteredView& view,
                          std::vector<bool>& keep) {
    const Graph& bg = graph.graph();
    std::vector<Vertex> ends, drawn;  // entity ends; those drawn along an allowed edge
    auto count = [](std::vector<Vertex>& vs) {
        std::sort(vs.begin(), vs.end());
        return static_cast<std::size_t>(std::unique(vs.begin(), vs.end()) - vs.begin());
    };
    for (Vertex v = 0; v < graph.num_nodes(); ++v) {
        if (!keep[v] || is_entity(graph.node(v).kind)) continue;
        ends.clear();
        drawn.clear();
        auto look = [&](EdgeDesc e, Vertex u) {
            if (!is_entity(graph.node(u).kind)) return;
            ends.push_back(u);
            if (keep[u] && view.edge_allowed(e)) drawn.push_back(u);
        };
        for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it) look(*it, boost::target(*it, bg));
        for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it) look(*it, boost::source(*it, bg));
        const std::size_t needed = std::min<std::size_t>(2, std::max<std::size_t>(1, count(ends)));
        keep[v] = count(drawn) >= needed;
    }
}

// Distinct articles behind an actor: its mentions and every edge it has, in or out (the
// relations it takes part in point at it).
std::size_t articles_behind(const KnowledgeGraph& graph, Vertex v) {
    const Graph& bg = graph.graph();
    std::set<std::string_view> articles;
    for (const auto& m : graph.node(v).mentions) articles.insert(m.article());
    for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it)
        for (const auto& ev : bg[*it].evidence) articles.insert(ev.article());
    for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it)
        for (const auto& ev : bg[*it].evidence) articles.insert(ev.article());
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
    std::vector<int> dist;  // hops from the actor drawn around, if any
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
    for (auto [it, end] = boost::edges(bg); it != end; ++it)
        if (view.edge_allowed(*it) && keep[boost::source(*it, bg)] && keep[boost::target(*it, bg)])
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

namespace {

// What every cgraph graph of one drawing shares: the selection, how it is declared, and where
// cgraph puts each node's statement.
struct Drawing {
    const KnowledgeGraph& graph;
    const DotOptions& options;
    const FilteredView& view;
    const std::vector<bool>& keep;
    const VertexOrder& order;  // sorted_vertices() (the graph's own): cgraph's node sequence
    const std::vector<std::uint32_t>& rank;  // rank[v]: v's position in order (the graph's own)
    bool any_status = false;
    std::string note;
    std::map<Vertex, std::vector<Vertex>> people_of;  // clusters: country -> people
    // written_at[v]: the position in `order` of the node whose turn in agwrite's loop writes
    // v's statement. agwrite visits nodes in sequence and writes each with its out-edges; a
    // node comes out at its own turn unless an edge from a node earlier in the sequence points
    // at it: then it comes out at the first such node's turn, just before that edge (every node
    // here has attributes of its own, so none is left out as a bare edge end).
    std::vector<std::uint32_t> written_at;

    bool not_a_fact(Vertex v) const {
        return !is_entity(graph.node(v).kind) && graph.node(v).attrs.count("status") > 0;
    }
    // The drawn out-edges of `v` in sorted_edges() order, each with its position among all of
    // v's out-edges.
    std::vector<std::pair<EdgeDesc, std::size_t>> drawn_out_edges(Vertex v) const {
        const Graph& bg = graph.graph();
        std::vector<std::pair<EdgeDesc, std::size_t>> out;
        const std::vector<EdgeDesc> all = graph.sorted_out_edges(v);
        for (std::size_t i = 0; i < all.size(); ++i)
            if (view.edge_allowed(all[i]) && keep[boost::target(all[i], bg)])
                out.emplace_back(all[i], i);
        return out;
    }
};

struct Declared {
    Symbols sym{};
    Agsym_t* graph_label = nullptr;
    Agsym_t* cluster_style = nullptr;
    Agsym_t* node_style = nullptr;
    Agsym_t* edge_style = nullptr;
    Agsym_t* node_id = nullptr;
    Agsym_t* edge_id = nullptr;
};

// A new root graph with the drawing's declarations: every graph of one drawing declares the
// same, so each writes its nodes and edges as the one graph of everything would.
GraphPtr open_graph(const Drawing& d, Agdisc_t& disc, Declared& decl,
                    Declarations which = Declarations::All) {
    GraphPtr g(agopen(c_str("kg"), Agdirected, &disc));
    if (!g) throw std::runtime_error("to_dot: cgraph could not open a graph");
    decl.sym = declare_all(g.get(), which);
    const bool all = which == Declarations::All;
    // Declared only when used, so the whole graph's DOT stays what it always was; a body has
    // no graph attributes of its own, and a node style only when some node is dashed.
    if (all && (!d.people_of.empty() || !d.note.empty())) {
        decl.graph_label = declare(g.get(), AGRAPH, "label", "");
        declare(g.get(), AGRAPH, "labelloc", "t");
    }
    if (all && !d.people_of.empty()) {
        decl.cluster_style = declare(g.get(), AGRAPH, "style", "");
        declare(g.get(), AGRAPH, "color", "#999999");
    }
    if (all)
        decl.node_style = agattr(g.get(), AGNODE, c_str("style"), nullptr);
    else if (d.any_status)
        decl.node_style = declare(g.get(), AGNODE, "style", kNodeStyle);
    decl.edge_style = d.any_status ? declare(g.get(), AGEDGE, "style", "") : nullptr;
    decl.node_id = d.options.element_ids ? declare(g.get(), AGNODE, "id", "") : nullptr;
    decl.edge_id = d.options.element_ids ? declare(g.get(), AGEDGE, "id", "") : nullptr;
    if (all && !d.note.empty()) set(g.get(), decl.graph_label, escape_text(d.note));
    return g;
}

// What cgraph is told about one part of a drawing, worked out beforehand without cgraph (so
// that several threads can prepare parts while one feeds cgraph, which is single-threaded).
struct NodePlan {
    Vertex v;
    bool drawn;  // with its attributes: its statement belongs to this part (see write_part)
    bool ghost;  // its statement belongs to another part: it goes in the subgraph of ghosts
    std::string label;
    bool dashed = false;  // a relation or meeting that is not a fact
};

struct EdgePlan {
    Vertex tail, head;
    std::size_t index;  // in sorted_edges()
    std::string label, pen;
    bool dashed;
};

struct PartPlan {
    std::vector<NodePlan> nodes;  // in sequence (rank) order
    std::vector<EdgePlan> edges;  // by tail in sequence order, then in sorted_edges() order
};

// The plan of the nodes at positions [lo, hi) of d.order: as one cgraph graph of those nodes,
// their drawn out-edges and the edges' ends. An end whose statement belongs to another part is
// put in a subgraph of ghosts (`with_ghosts`), so agwrite leaves it out of the root's body (the
// sink drops the subgraph, written first); everything else comes out as the one graph of
// everything would write it, since the sequence and every edge into a written node from earlier
// in it are the same. `edge_base`: the index in sorted_edges() of order[lo]'s first out-edge.
// Throws std::runtime_error for a key that cannot be written as a DOT name. Thread-safe.
PartPlan plan_part(const Drawing& d, std::size_t lo, std::size_t hi, std::size_t edge_base,
                   bool with_ghosts) {
    const Graph& bg = d.graph.graph();
    PartPlan plan;
    std::vector<Vertex> members;
    for (std::size_t r = lo; r < hi; ++r) {
        const Vertex v = d.order[r];
        const std::size_t first = edge_base;
        edge_base += boost::out_degree(v, bg);
        if (!d.keep[v]) continue;
        members.push_back(v);
        for (const auto& edge : d.drawn_out_edges(v)) {
            const EdgeDesc e = edge.first;
            const Vertex head = boost::target(e, bg);
            members.push_back(head);
            const EdgeProps& props = d.graph.edge(e);
            plan.edges.push_back(EdgePlan{v, head, first + edge.second, escape_text(props.role),
                                          pen_width(props.evidence),
                                          d.any_status && (d.not_a_fact(v) || d.not_a_fact(head))});
        }
    }
    std::sort(members.begin(), members.end(),
              [&d](Vertex a, Vertex b) { return d.rank[a] < d.rank[b]; });
    members.erase(std::unique(members.begin(), members.end()), members.end());
    plan.nodes.reserve(members.size());
    for (Vertex v : members) {
        const GraphNode& record = d.graph.node(v);
        if (!writable_name(record.key))
            throw std::runtime_error("to_dot: node key cannot be written as a DOT name: " + record.key);
        const bool here = d.written_at[v] >= lo && d.written_at[v] < hi;
        NodePlan node{v, here || !with_ghosts, !here && with_ghosts, {}, false};
        if (node.drawn) {
            node.label = node_label(record);
            if (d.not_a_fact(v)) {
                node.label += " (" + escape_text(record.attrs.at("status")) + ")";
                node.dashed = true;
            }
        }
        plan.nodes.push_back(std::move(node));
    }
    return plan;
}

Agnode_t* add_node(Agraph_t* g, const Drawing& d, const Declared& decl, const NodePlan& plan) {
    const GraphNode& record = d.graph.node(plan.v);
    Agnode_t* n = agnode(g, c_str(record.key.c_str()), 1);
    if (n == nullptr) throw std::runtime_error("to_dot: cgraph could not add node " + record.key);
    if (!plan.drawn) return n;
    const KindStyle& style = style_of(record.kind);
    if (plan.dashed) set(n, decl.node_style, "filled,dashed");
    set(n, decl.sym.label, plan.label);
    set(n, decl.sym.shape, style.shape);
    set(n, decl.sym.fillcolor, style.fillcolor);
    set(n, decl.sym.tooltip, escape_text(kind_name(record.kind)));
    if (style.short_label != nullptr) {
        set(n, decl.sym.fontsize, "9");
        set(n, decl.sym.margin, "0.02");
    }
    if (decl.node_id != nullptr) set(n, decl.node_id, "n" + std::to_string(d.rank[plan.v]));
    return n;
}

void add_edge(Agraph_t* g, const Declared& decl, const EdgePlan& plan, Agnode_t* tail,
              Agnode_t* head) {
    // Unnamed edges: cgraph then keeps one edge per call, so several roles between the same
    // two nodes stay separate edges.
    Agedge_t* edge = agedge(g, tail, head, nullptr, 1);
    if (edge == nullptr)
        throw std::runtime_error("to_dot: cgraph could not add edge " + plan.label);
    set(edge, decl.sym.edge_label, plan.label);
    set(edge, decl.sym.penwidth, plan.pen);
    if (decl.edge_style != nullptr && plan.dashed) set(edge, decl.edge_style, "dashed");
    if (decl.edge_id != nullptr) set(edge, decl.edge_id, "e" + std::to_string(plan.index));
}

void write_graph(Agraph_t* g, Sink& sink) {
    const int rc = agwrite(g, &sink);
    if (sink.error) std::rethrow_exception(sink.error);
    if (rc == EOF) throw std::runtime_error("to_dot: cgraph could not write the graph");
}

// Feeds one part's plan to cgraph and writes it (the caller holds the cgraph lock). With
// sink.part Whole, the plan is of everything, and the clusters are drawn.
void write_part(const Drawing& d, Agdisc_t& disc, Sink& sink, const PartPlan& plan) {
    Declared decl;
    GraphPtr g = open_graph(d, disc, decl,
                            sink.part == Part::Body ? Declarations::SetOnly : Declarations::All);
    Agraph_t* ghosts = nullptr;
    if (sink.part == Part::Body) {
        ghosts = agsubg(g.get(), c_str("kg_ghosts"), 1);
        if (ghosts == nullptr) throw std::runtime_error("to_dot: cgraph could not add a subgraph");
    }
    std::unordered_map<Vertex, Agnode_t*> nodes;
    nodes.reserve(plan.nodes.size());
    for (const NodePlan& node : plan.nodes) {
        Agnode_t* n = add_node(g.get(), d, decl, node);
        if (node.ghost) agsubnode(ghosts, n, 1);
        nodes.emplace(node.v, n);
    }
    for (const auto& [country, people] : d.people_of) {
        const std::string name = "cluster_" + d.graph.node(country).key;
        Agraph_t* sub = agsubg(g.get(), c_str(name), 1);
        if (sub == nullptr) throw std::runtime_error("to_dot: cgraph could not add " + name);
        set(sub, decl.graph_label, node_label(d.graph.node(country)));
        set(sub, decl.cluster_style, "rounded,dashed");
        agsubnode(sub, nodes.at(country), 1);
        for (Vertex person : people) agsubnode(sub, nodes.at(person), 1);
    }
    for (const EdgePlan& edge : plan.edges)
        add_edge(g.get(), decl, edge, nodes.at(edge.tail), nodes.at(edge.head));
    write_graph(g.get(), sink);
}

}  // namespace

void write_dot(const KnowledgeGraph& graph, const DotOptions& options, TextSink& out,
               DotSelection* drawn) {
    DotSelection selection = select_nodes(graph, options);
    const FilteredView view(graph, options);
    Drawing d{graph, options, view, selection.node_drawn, graph.sorted_vertices(), graph.sorted_ranks(),
              false, cap_message(selection), {}, {}};
    const Graph& bg = graph.graph();
    const std::size_t n = d.order.size();
    for (Vertex v : d.order) d.any_status = d.any_status || (d.keep[v] && d.not_a_fact(v));
    // Each drawn node's statement: at its own turn, or at its first predecessor's.
    d.written_at = d.rank;
    for (Vertex v : d.order) {
        if (!d.keep[v]) continue;
        for (const auto& edge : d.drawn_out_edges(v)) {
            std::uint32_t& at = d.written_at[boost::target(edge.first, bg)];
            at = std::min(at, d.rank[v]);
        }
        // Clusters: each drawn person with the first country (in key order) they represent.
        if (options.group_by_country && graph.node(v).kind == NodeKind::Person) {
            for (const auto& edge : d.drawn_out_edges(v)) {
                const Vertex to = boost::target(edge.first, bg);
                if (graph.edge(edge.first).role == "represents" &&
                    graph.node(to).kind == NodeKind::Country) {
                    d.people_of[to].push_back(v);
                    break;
                }
            }
        }
    }

    if (!d.people_of.empty() || options.nodes_per_part == 0) {
        // Clusters are written before every node: one graph of everything.
        const PartPlan plan = plan_part(d, 0, n, 0, false);
        const std::lock_guard<std::mutex> lock(cgraph_mutex());
        // The disciplines must outlive the graphs: cgraph keeps pointers to them. Nothing is read.
        Agiodisc_t io{nullptr, put_string, flush_nothing};
        ArenaDisc disc(&io);
        Sink sink{out, Part::Whole};
        write_part(d, *disc.get(), sink, plan);
    } else {
        // A graph of a few thousand nodes at a time, so cgraph never holds the whole graph
        // (a few hundred bytes per node and per edge): the header of a graph with no nodes,
        // each part's body, and the closing brace. Parts are planned by `threads` threads
        // while this one feeds them to cgraph in order.
        const std::size_t per = options.nodes_per_part;
        const std::size_t parts = (n + per - 1) / per;
        std::vector<std::size_t> edge_base(parts, 0);  // sorted_edges() index of each part's first
        for (std::size_t p = 1; p < parts; ++p) {
            edge_base[p] = edge_base[p - 1];
            for (std::size_t r = (p - 1) * per; r < p * per; ++r)
                edge_base[p] += boost::out_degree(d.order[r], bg);
        }
        const std::lock_guard<std::mutex> lock(cgraph_mutex());
        Agiodisc_t io{nullptr, put_string, flush_nothing};
        ArenaDisc disc(&io);
        Declared decl;
        Sink header{out, Part::Header};
        write_graph(open_graph(d, *disc.get(), decl).get(), header);
        ordered_parallel<PartPlan>(
            parts, options.threads,
            [&](std::size_t p) {
                return plan_part(d, p * per, std::min(n, (p + 1) * per), edge_base[p], true);
            },
            [&](std::size_t, PartPlan&& plan) {
                Sink body{out, Part::Body};
                write_part(d, *disc.get(), body, plan);
            },
            options.budget);
        out.write("}\n");
    }
    out.flush();
    if (drawn != nullptr) *drawn = std::move(selection);
}

}  // namespace kg::output
