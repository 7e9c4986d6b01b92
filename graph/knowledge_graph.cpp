#include "graph/knowledge_graph.h"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace kg {

namespace {

constexpr std::array<std::pair<NodeKind, std::string_view>, 9> kKindNames{{
    {NodeKind::Person, "person"},
    {NodeKind::Country, "country"},
    {NodeKind::Place, "place"},
    {NodeKind::Organization, "organization"},
    {NodeKind::Commodity, "commodity"},
    {NodeKind::Meeting, "meeting"},
    {NodeKind::MetWith, "metwith"},
    {NodeKind::Export, "export"},
    {NodeKind::Agreement, "agreement"},
}};

// A total order on display names, so the kept name does not depend on merge order:
// Latin-script names first (they are what most users search for), then the longer, then bytes.
bool better_name(const std::string& a, const std::string& b) {
    if (b.empty()) return !a.empty();
    if (a.empty()) return false;
    const bool a_latin = static_cast<unsigned char>(a[0]) < 0x80;
    const bool b_latin = static_cast<unsigned char>(b[0]) < 0x80;
    if (a_latin != b_latin) return a_latin;
    if (a.size() != b.size()) return a.size() > b.size();
    return a < b;
}

// The extractor and the JSON-LD vocabulary both date relations and meetings with schema.org's
// startDate; a graph read back from JSON-LD carries the same attribute.
std::string date_of(const NodeRecord& n) {
    auto it = n.attrs.find("startDate");
    return it == n.attrs.end() ? std::string() : it->second;
}

}  // namespace

std::string_view kind_name(NodeKind kind) {
    for (const auto& [k, name] : kKindNames)
        if (k == kind) return name;
    return "unknown";
}

std::optional<NodeKind> kind_from_name(std::string_view name) {
    for (const auto& [k, n] : kKindNames)
        if (n == name) return k;
    return std::nullopt;
}

bool is_entity(NodeKind kind) { return kind <= NodeKind::Commodity; }

bool is_relation(NodeKind kind) {
    return kind == NodeKind::MetWith || kind == NodeKind::Export || kind == NodeKind::Agreement;
}

// A copy or a move settles its source first: the new graph starts settled.
KnowledgeGraph::KnowledgeGraph(const KnowledgeGraph& other)
    : graph_((other.settle(), other.graph_)), by_key_(other.by_key_) {}

KnowledgeGraph::KnowledgeGraph(KnowledgeGraph&& other)
    : graph_((other.settle(), std::move(other.graph_))), by_key_(std::move(other.by_key_)) {
    other.graph_.clear();
    other.by_key_.clear();
}

KnowledgeGraph& KnowledgeGraph::operator=(const KnowledgeGraph& other) {
    if (this != &other) {
        other.settle();
        graph_ = other.graph_;
        unsettled_ = false;
        by_key_ = other.by_key_;
    }
    return *this;
}

KnowledgeGraph& KnowledgeGraph::operator=(KnowledgeGraph&& other) {
    if (this != &other) {
        other.settle();
        graph_ = std::move(other.graph_);
        unsettled_ = false;
        by_key_ = std::move(other.by_key_);
        other.graph_.clear();
        other.by_key_.clear();
    }
    return *this;
}

// An edge is found among its source's out-edges: no index keyed by three strings (it cost
// more than the edge itself). Sources are relation and meeting nodes and people, whose
// out-degree is a handful; a country, the hub, is a target.
std::optional<EdgeDesc> KnowledgeGraph::find_edge(Vertex from, Vertex to,
                                                  const std::string& role) const {
    for (auto [it, end] = boost::out_edges(from, graph_); it != end; ++it)
        if (boost::target(*it, graph_) == to && graph_[*it].role == role) return *it;
    return std::nullopt;
}

namespace {

// A placeholder keeps an edge whose end has no node record yet; its real kind arrives with
// the record. The kind is guessed from the key prefix so that a dangling edge reads sensibly.
NodeKind guess_kind(const std::string& key) {
    auto kind = kind_from_name(key.substr(0, key.find(':')));
    return kind ? *kind : NodeKind::Organization;
}

}  // namespace

// The vertex store is one vector of records (about 300 bytes each): grown by half rather than
// doubled, it leaves less unused and needs less room while it moves (old and new side by side).
namespace {

void make_room(Graph& g) {
    auto& store = g.m_vertices;
    if (store.size() == store.capacity()) store.reserve(store.size() + store.size() / 2 + 64);
}

}  // namespace

Vertex KnowledgeGraph::vertex_for(const std::string& key, NodeKind kind) {
    auto it = by_key_.find(key);
    if (it != by_key_.end()) return it->second;
    NodeRecord blank;
    blank.key = key;
    blank.kind = kind;
    make_room(graph_);
    Vertex v = boost::add_vertex(blank, graph_);
    by_key_.emplace(key, v);
    return v;
}

namespace {

// A record with nothing but a key and a kind: what an edge to an unknown node leaves behind.
bool bare(const NodeRecord& n) {
    return n.name.empty() && n.forms.empty() && n.mentions.empty() && n.attrs.empty() && n.reasons.empty();
}

}  // namespace

void KnowledgeGraph::add_node(const NodeRecord& record) {
    const bool existed = by_key_.count(record.key) > 0;
    Vertex v = vertex_for(record.key, record.kind);
    NodeRecord& n = graph_[v];
    // The kind must not depend on merge order: a record with content beats a bare
    // placeholder, and between equals the smaller kind wins.
    if (existed && record.kind != n.kind) {
        const bool rb = bare(record), nb = bare(n);
        if (nb && !rb) n.kind = record.kind;
        else if (nb == rb) n.kind = std::min(n.kind, record.kind);
    }
    if (better_name(record.name, n.name)) n.name = record.name;
    n.forms.insert(record.forms.begin(), record.forms.end());
    if (n.mentions.append(record.mentions.begin(), record.mentions.end()))
        unsettled_.store(true, std::memory_order_relaxed);
    n.reasons.insert(record.reasons.begin(), record.reasons.end());
    for (const auto& [k, value] : record.attrs) {
        auto [it, inserted] = n.attrs.emplace(k, value);
        // Conflicting values keep the smaller one: commutative and idempotent.
        if (!inserted && value < it->second) it->second = value;
    }
}

void KnowledgeGraph::add_node(NodeRecord&& record) {
    if (by_key_.count(record.key)) return add_node(static_cast<const NodeRecord&>(record));
    std::string key = record.key;
    // Boost's add_vertex copies the property it is given: add an empty one and move into it.
    make_room(graph_);
    Vertex v = boost::add_vertex(graph_);
    graph_[v] = std::move(record);
    by_key_.emplace(std::move(key), v);
}

void KnowledgeGraph::add_edge(EdgeRecord&& record) {
    const Vertex a = vertex_for(record.from, guess_kind(record.from));
    const Vertex b = vertex_for(record.to, guess_kind(record.to));
    if (auto e = find_edge(a, b, record.role)) {
        if (graph_[*e].evidence.append(record.evidence.begin(), record.evidence.end()))
            unsettled_.store(true, std::memory_order_relaxed);
        return;
    }
    auto [e, ok] = boost::add_edge(a, b, graph_);
    (void)ok;
    graph_[e].role = std::move(record.role);
    graph_[e].evidence = std::move(record.evidence);
}

void KnowledgeGraph::add_edge(const EdgeRecord& record) {
    const Vertex a = vertex_for(record.from, guess_kind(record.from));
    const Vertex b = vertex_for(record.to, guess_kind(record.to));
    if (auto e = find_edge(a, b, record.role)) {
        if (graph_[*e].evidence.append(record.evidence.begin(), record.evidence.end()))
            unsettled_.store(true, std::memory_order_relaxed);
        return;
    }
    boost::add_edge(a, b, EdgeProps{record.role, record.evidence}, graph_);
}

void KnowledgeGraph::settle_all() const {
    std::lock_guard lock(settle_mutex_);
    if (!unsettled_.load(std::memory_order_relaxed)) return;  // another reader did it
    // A const graph may be read from threads: the first reader sorts under the lock, the rest
    // wait for it. The sets change order, never content, so `const` still holds as seen.
    auto& g = const_cast<Graph&>(graph_);
    for (auto [it, end] = boost::vertices(g); it != end; ++it) g[*it].mentions.settle();
    for (auto [it, end] = boost::edges(g); it != end; ++it) g[*it].evidence.settle();
    unsettled_.store(false, std::memory_order_release);
}

void KnowledgeGraph::merge(const Extraction& extraction) {
    for (const auto& n : extraction.nodes) add_node(n);
    for (const auto& e : extraction.edges) add_edge(e);
}

void KnowledgeGraph::merge(Extraction&& extraction) {
    for (auto& n : extraction.nodes) add_node(std::move(n));
    for (auto& e : extraction.edges) add_edge(std::move(e));
}

void KnowledgeGraph::merge(const KnowledgeGraph& other) {
    if (&other == this) return;  // idempotent; and a set must not be appended to itself
    for (auto v : other.sorted_vertices()) add_node(other.node(v));
    for (auto e : other.sorted_edges()) {
        const auto& g = other.graph();
        add_edge(EdgeRecord{g[boost::source(e, g)].key, g[boost::target(e, g)].key, g[e].role,
                            g[e].evidence});
    }
}

std::optional<Vertex> KnowledgeGraph::find(const std::string& key) const {
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return std::nullopt;
    return it->second;
}

std::vector<Vertex> KnowledgeGraph::sorted_vertices() const {
    std::vector<Vertex> out;
    out.reserve(by_key_.size());
    for (const auto& [key, v] : by_key_) out.push_back(v);
    return out;
}

std::vector<EdgeDesc> KnowledgeGraph::sorted_out_edges(Vertex v) const {
    std::vector<EdgeDesc> out;
    out.reserve(boost::out_degree(v, graph_));
    for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) out.push_back(*it);
    std::sort(out.begin(), out.end(), [this](const EdgeDesc& a, const EdgeDesc& b) {
        const std::string& ta = graph_[boost::target(a, graph_)].key;
        const std::string& tb = graph_[boost::target(b, graph_)].key;
        if (ta != tb) return ta < tb;
        return graph_[a].role < graph_[b].role;
    });
    return out;
}

std::vector<EdgeDesc> KnowledgeGraph::sorted_edges() const {
    std::vector<EdgeDesc> out;
    out.reserve(boost::num_edges(graph_));
    // By source key (the vertices' order), then target key and role among its out-edges.
    for (const auto& entry : by_key_) {
        const std::vector<EdgeDesc> outs = sorted_out_edges(entry.second);
        out.insert(out.end(), outs.begin(), outs.end());
    }
    return out;
}

std::set<std::string> KnowledgeGraph::articles() const {
    std::set<Text> ids;
    for (auto [it, end] = boost::vertices(graph_); it != end; ++it)
        for (const auto& m : graph_[*it].mentions) ids.insert(m.article);
    for (auto [it, end] = boost::edges(graph_); it != end; ++it)
        for (const auto& ev : graph_[*it].evidence) ids.insert(ev.article);
    std::set<std::string> out;
    for (Text id : ids) out.insert(out.end(), id.str());
    return out;
}

std::size_t KnowledgeGraph::support(Vertex v) const {
    std::set<Text> arts;
    for (const auto& m : graph_[v].mentions) arts.insert(m.article);
    for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it)
        for (const auto& ev : graph_[*it].evidence) arts.insert(ev.article);
    return arts.size();
}

std::vector<Vertex> KnowledgeGraph::find_by_name(
    const std::string& query, const std::function<std::string(const std::string&)>& fold) const {
    const std::string want = fold(query);
    std::vector<Vertex> out;
    for (auto v : sorted_vertices()) {
        const NodeRecord& n = graph_[v];
        if (!is_entity(n.kind)) continue;
        bool hit = fold(n.name) == want || n.key == query;
        for (auto it = n.forms.begin(); !hit && it != n.forms.end(); ++it)
            hit = fold(it->form) == want;
        if (hit) out.push_back(v);
    }
    return out;
}

std::optional<std::vector<Hop>> KnowledgeGraph::shortest_path(Vertex from, Vertex to,
                                                              const PathFilter& filter) const {
    // Neighbours of an entity, in key order: through each relation or meeting node it takes
    // part in, to the other entities of that node; and along direct entity-to-entity edges.
    auto allowed = [&](const std::string& kind, const std::string& date) {
        if (!filter.relation_kinds.empty() && !filter.relation_kinds.count(kind)) return false;
        // A date of coarser precision than the bound ("2023-05" against "2023-05-04") is a
        // period: it passes both bounds when it overlaps them, hence the prefix comparisons.
        if (!filter.since.empty() && !date.empty() && date < filter.since.substr(0, date.size()))
            return false;
        if (!filter.until.empty() && !date.empty() && date.substr(0, filter.until.size()) > filter.until)
            return false;
        if ((!filter.since.empty() || !filter.until.empty()) && date.empty() && kind != "represents")
            return false;
        return true;
    };
    // Each vertex's position in key order: ties are broken by key, compared as integers.
    std::vector<std::uint32_t> rank(boost::num_vertices(graph_));
    {
        std::uint32_t r = 0;
        for (const auto& [key, v] : by_key_) rank[v] = r++;
    }
    auto incident = [&](Vertex v) {
        std::vector<Vertex> out;
        for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it)
            out.push_back(boost::target(*it, graph_));
        for (auto [it, end] = boost::in_edges(v, graph_); it != end; ++it)
            out.push_back(boost::source(*it, graph_));
        std::sort(out.begin(), out.end(), [&](Vertex a, Vertex b) { return rank[a] < rank[b]; });
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    };
    auto direct_role = [&](Vertex a, Vertex b) -> std::string {
        for (auto [it, end] = boost::out_edges(a, graph_); it != end; ++it)
            if (boost::target(*it, graph_) == b) return graph_[*it].role;
        for (auto [it, end] = boost::out_edges(b, graph_); it != end; ++it)
            if (boost::target(*it, graph_) == a) return graph_[*it].role;
        return {};
    };

    // Dijkstra over actors: a hop through a relation costs least, through a shared meeting a
    // little more, and through "represents" (a person to their country, a hub that joins
    // everyone) most, so the chain says who dealt with whom. Ties go to the smaller key.
    auto cost_of = [](const std::string& kind) {
        if (kind == "meeting") return 11;
        if (kind == "represents") return 25;
        return 10;
    };
    // Hash maps and a frontier ordered by (distance, key) without copying keys: a query on a
    // graph of a million nodes touches only the part it explores.
    std::unordered_map<Vertex, Hop> came_from;
    std::unordered_map<Vertex, int> dist{{from, 0}};
    std::vector<char> seen_flag(rank.size(), 0);
    struct Seen {
        std::vector<char>& f;
        bool count(Vertex v) const { return f[v] != 0; }
        void insert(Vertex v) { f[v] = 1; }
    } seen{seen_flag};
    using Item = std::pair<int, Vertex>;
    auto before = [&rank](const Item& a, const Item& b) {
        if (a.first != b.first) return a.first < b.first;
        return rank[a.second] < rank[b.second];
    };
    std::set<Item, decltype(before)> frontier(before);
    frontier.insert({0, from});
    auto relax = [&](Vertex cur, Vertex nb, std::optional<Vertex> via, const std::string& kind) {
        if (seen.count(nb)) return;
        int d = dist[cur] + cost_of(kind);
        auto it = dist.find(nb);
        if (it != dist.end() && it->second <= d) return;
        if (it != dist.end()) frontier.erase({it->second, nb});
        dist[nb] = d;
        came_from.insert_or_assign(nb, Hop{cur, nb, via, kind});
        frontier.insert({d, nb});
    };
    while (!frontier.empty()) {
        auto [d, cur] = *frontier.begin();
        frontier.erase(frontier.begin());
        seen.insert(cur);
        if (cur == to) break;
        for (Vertex nb : incident(cur)) {
            const NodeRecord& n = graph_[nb];
            if (is_entity(n.kind)) {
                std::string role = direct_role(cur, nb);
                if (allowed(role, "")) relax(cur, nb, std::nullopt, role);
                continue;
            }
            // A planned or denied meeting, export or agreement is no link between actors.
            if (n.attrs.count("status")) continue;
            if (!allowed(std::string(kind_name(n.kind)), date_of(n))) continue;
            for (Vertex other : incident(nb))
                if (other != cur && is_entity(graph_[other].kind)) relax(cur, other, nb, std::string(kind_name(n.kind)));
        }
    }
    if (!seen.count(to)) return std::nullopt;
    if (from == to) return std::vector<Hop>{};
    std::vector<Hop> hops;
    for (Vertex v = to; v != from; v = came_from.at(v).from) hops.push_back(came_from.at(v));
    std::reverse(hops.begin(), hops.end());
    return hops;
}

}  // namespace kg
