#include "graph/knowledge_graph.h"

#include "graph/huge_pages.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <system_error>
#include <thread>
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
bool better_name(std::string_view a, std::string_view b) {
    if (b.empty()) return !a.empty();
    if (a.empty()) return false;
    const bool a_latin = static_cast<unsigned char>(a[0]) < 0x80;
    const bool b_latin = static_cast<unsigned char>(b[0]) < 0x80;
    if (a_latin != b_latin) return a_latin;
    if (a.size() != b.size()) return a.size() > b.size();
    return a < b;
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

Text Attrs::at(std::string_view name) const {
    auto it = find(name);
    if (it == end()) throw std::out_of_range("kg::Attrs::at: no attribute " + std::string(name));
    return it->second;
}

void Attrs::merge(std::string_view name, std::string_view value) {
    const auto n = static_cast<std::uint32_t>(size());
    std::uint32_t at = 0;  // where `name` is, or goes
    bool exists = false;
    for (; at < n; ++at) {
        const std::string_view here = Text::numbered(ref(at).name).view();
        if (name <= here) {
            exists = name == here;
            break;
        }
    }
    if (exists && !(value < Text::numbered(ref(at).value).view())) return;
    const Ref fresh{Text(name).number(), Text(value).number()};
    const std::uint32_t count = exists ? n : n + 1;
    if (count == 1 && fresh.name < 0x80000000u) {
        free_block();
        bits_ = (std::uintptr_t{fresh.value} << 32) | (std::uintptr_t{fresh.name} << 1) | 1u;
        return;
    }
    if (exists && in_block()) {
        std::memcpy(block() + kBlockHead + at * sizeof(Ref), &fresh, sizeof fresh);
        return;
    }
    // A new block: the pairs before `at`, the new one, the rest (the pair it replaces skipped).
    auto* grown = static_cast<unsigned char*>(std::malloc(block_bytes(count)));
    if (!grown) throw std::bad_alloc();
    std::memcpy(grown, &count, sizeof count);
    std::memset(grown + sizeof count, 0, kBlockHead - sizeof count);
    unsigned char* to = grown + kBlockHead;
    for (std::uint32_t i = 0; i <= n; ++i) {
        if (i == at) {
            std::memcpy(to, &fresh, sizeof fresh);
            to += sizeof fresh;
        }
        if (i == n || (exists && i == at)) continue;
        const Ref r = ref(i);
        std::memcpy(to, &r, sizeof r);
        to += sizeof r;
    }
    free_block();
    bits_ = reinterpret_cast<std::uintptr_t>(grown);
}

namespace {

// 32 bits of std::hash (64 bits wide here), enough for a table of up to 2^32 slots.
std::uint32_t key_hash(std::string_view key) {
    const std::uint64_t h = std::hash<std::string_view>()(key);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

}  // namespace

std::optional<Vertex> KnowledgeGraph::KeyIndex::find(const Graph& g, std::string_view key) const {
    return find_hashed(g, key, key_hash(key));
}

std::optional<Vertex> KnowledgeGraph::KeyIndex::find_hashed(const Graph& g, std::string_view key,
                                                            std::uint32_t h) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t i = home(h);; i = next(i)) {
        const Slot s = slots_[i];
        if (s.vertex == kEmpty) return std::nullopt;
        if (s.hash == h && g[s.vertex].key.view() == key) return Vertex{s.vertex};
    }
}

void KnowledgeGraph::KeyIndex::find_many(const Graph& g, std::span<const std::string_view> keys,
                                         std::span<std::optional<Vertex>> found) const {
    if (found.size() != keys.size())
        throw std::invalid_argument("kg::KnowledgeGraph::find_many: as many answers as keys");
    if (slots_.empty()) {
        std::fill(found.begin(), found.end(), std::nullopt);
        return;
    }
    constexpr std::size_t kBatch = 64;
    std::array<std::uint32_t, kBatch> hash;
    for (std::size_t from = 0; from < keys.size(); from += kBatch) {
        const std::size_t n = std::min(kBatch, keys.size() - from);
        // Each step touches what the step before brought in and asks for the next level: the
        // home slots, then their vertices, then those vertices' key bytes.
        for (std::size_t i = 0; i < n; ++i) {
            hash[i] = key_hash(keys[from + i]);
            __builtin_prefetch(&slots_[home(hash[i])]);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const Slot s = slots_[home(hash[i])];
            if (s.vertex != kEmpty && s.hash == hash[i]) __builtin_prefetch(&g[s.vertex].key);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const Slot s = slots_[home(hash[i])];
            if (s.vertex != kEmpty && s.hash == hash[i]) __builtin_prefetch(g[s.vertex].key.data() - 4);
        }
        for (std::size_t i = 0; i < n; ++i) found[from + i] = find_hashed(g, keys[from + i], hash[i]);
    }
}

void KnowledgeGraph::KeyIndex::add(const Graph& g, Vertex v) {
    // Vertex numbers are kept in 32 bits; kEmpty marks a free slot.
    if (v >= kEmpty) throw std::length_error("kg::KnowledgeGraph: more than 4 billion vertices");
    if ((count_ + 1) * 4 > slots_.size() * 3) rehash(grown(slots_.size()));
    const std::uint32_t h = key_hash(g[v].key.view());
    std::size_t i = home(h);
    while (slots_[i].vertex != kEmpty) i = next(i);
    slots_[i] = Slot{static_cast<std::uint32_t>(v), h};
    ++count_;
}

void KnowledgeGraph::KeyIndex::reserve(std::size_t vertices) {
    std::size_t size = 0;
    while (size * 3 < vertices * 4) size = grown(size);
    if (size > slots_.size()) rehash(size);
}

void KnowledgeGraph::KeyIndex::rehash(std::size_t size) {
    std::vector<Slot> table;
    table.reserve(size);
    advise_huge_pages(table.data(), size * sizeof(Slot));  // before its pages are touched
    table.resize(size);
    slots_.swap(table);  // `table` is the old one now; home() and next() work on the new size
    for (const Slot& s : table) {
        if (s.vertex == kEmpty) continue;
        std::size_t i = home(s.hash);
        while (slots_[i].vertex != kEmpty) i = next(i);
        slots_[i] = s;
    }
}

// A copy or a move settles its source first: the new graph starts settled. A released key
// index stays released (the copy builds its own when it first needs it).
KnowledgeGraph::KnowledgeGraph(const KnowledgeGraph& other)
    : graph_((other.settle(), other.graph_)), reasons_(other.reasons_), index_(other.index_),
      index_released_(other.index_released_.load()) {}

KnowledgeGraph::KnowledgeGraph(KnowledgeGraph&& other) {
    other.settle();
    graph_ = std::move(other.graph_);
    reasons_ = std::move(other.reasons_);
    index_ = std::move(other.index_);
    index_released_ = other.index_released_.load();
    other.graph_.clear();
    other.reasons_.clear();
    other.index_.clear();
    other.index_released_ = false;
    other.order_.clear();
    other.rank_.clear();
}

KnowledgeGraph& KnowledgeGraph::operator=(const KnowledgeGraph& other) {
    if (this != &other) {
        other.settle();
        graph_ = other.graph_;
        reasons_ = other.reasons_;
        unsettled_ = false;
        index_ = other.index_;
        index_released_ = other.index_released_.load();
        order_.clear();
        rank_.clear();
    }
    return *this;
}

KnowledgeGraph& KnowledgeGraph::operator=(KnowledgeGraph&& other) {
    if (this != &other) {
        other.settle();
        graph_ = std::move(other.graph_);
        reasons_ = std::move(other.reasons_);
        unsettled_ = false;
        index_ = std::move(other.index_);
        index_released_ = other.index_released_.load();
        order_.clear();
        rank_.clear();
        other.graph_.clear();
        other.reasons_.clear();
        other.index_.clear();
        other.index_released_ = false;
        other.order_.clear();
        other.rank_.clear();
    }
    return *this;
}

// An edge is found among its source's out-edges: no index keyed by three strings (it cost
// more than the edge itself). Sources are relation and meeting nodes and people, whose
// out-degree is a handful; a country, the hub, is a target.
std::optional<EdgeDesc> KnowledgeGraph::find_edge(Vertex from, Vertex to,
                                                  std::string_view role) const {
    for (auto [it, end] = graph_.out_edges(from); it != end; ++it) {
        const EdgeDesc e = *it;
        if (e.target == to && graph_[e].role == role) return e;
    }
    return std::nullopt;
}

namespace {

// A placeholder keeps an edge whose end has no node record yet; its real kind arrives with
// the record. The kind is guessed from the key prefix so that a dangling edge reads sensibly.
NodeKind guess_kind(std::string_view key) {
    auto kind = kind_from_name(key.substr(0, key.find(':')));
    return kind ? *kind : NodeKind::Organization;
}

}  // namespace

void KnowledgeGraph::reserve(std::size_t nodes) { index().reserve(nodes); }

void KnowledgeGraph::release_index() {
    std::lock_guard lock(settle_mutex_);
    index_.release();
    index_released_.store(true, std::memory_order_release);
}

void KnowledgeGraph::restore_index() const {
    std::lock_guard lock(settle_mutex_);
    if (!index_released_.load(std::memory_order_relaxed)) return;  // another reader did it
    const std::size_t n = boost::num_vertices(graph_);
    index_.reserve(n);
    for (Vertex v = 0; v < n; ++v) index_.add(graph_, v);
    index_released_.store(false, std::memory_order_release);
}

Text KnowledgeGraph::key_text(std::string_view key, NodeKind kind) {
    // An entity's key is interned: other graphs and readers name the same few hundred thousand
    // entities. A relation's or meeting's key is new to this graph (the index said so) and is
    // found through the index only: it is kept without a slot in the pool's table.
    return is_entity(kind) ? Text(key) : Text::unique(key);
}

Vertex KnowledgeGraph::new_vertex(Text key, NodeKind kind) {
    const Vertex v = graph_.add_vertex();
    graph_[v].key = key;
    graph_[v].kind = kind;
    index().add(graph_, v);
    return v;
}

Vertex KnowledgeGraph::vertex_for(std::string_view key, NodeKind kind) {
    if (auto v = index().find(graph_, key)) return *v;
    return new_vertex(key_text(key, kind), kind);
}

namespace {

// A record with nothing but a key and a kind: what an edge to an unknown node leaves behind.
template <typename Node, typename Reasons>
bool bare(const Node& n, const Reasons& reasons) {
    return n.name.empty() && n.forms.empty() && n.mentions.empty() && n.attrs.empty() && reasons.empty();
}

const QuotedSet kNoReasons;

const std::set<std::string>& reason_texts(const std::set<std::string>& reasons) { return reasons; }
std::vector<std::string> reason_texts(const QuotedSet& reasons) { return reasons.texts(); }

std::string_view form_of(const SurfaceForm& f) { return f.form; }
std::string_view lang_of(const SurfaceForm& f) { return f.lang; }
std::string_view form_of(const Form& f) { return f.form.view(); }
std::string_view lang_of(const Form& f) { return f.lang.view(); }

}  // namespace

// Strings are looked up by content and interned only when they are new to the node: most
// records an article brings repeat what the node holds.
template <typename Record, typename Reasons>
void KnowledgeGraph::unite(Vertex v, const Record& record, const Reasons& reasons, bool existed) {
    GraphNode& n = graph_[v];
    // The kind must not depend on merge order: a record with content beats a bare
    // placeholder, and between equals the smaller kind wins.
    if (existed && record.kind != n.kind) {
        const bool rb = bare(record, reasons), nb = bare(n, this->reasons(v));
        if (nb && !rb) n.kind = record.kind;
        else if (nb == rb) n.kind = std::min(n.kind, record.kind);
    }
    if (better_name(record.name, n.name.view())) n.name = Text(record.name);
    for (const auto& f : record.forms) {
        const std::string_view form = form_of(f), lang = lang_of(f);
        auto& items = n.forms.items_;
        auto at = std::lower_bound(items.begin(), items.end(), std::pair(form, lang),
                                   [](const Form& a, const std::pair<std::string_view, std::string_view>& b) {
                                       return std::pair(a.form.view(), a.lang.view()) < b;
                                   });
        if (at != items.end() && at->form.view() == form && at->lang.view() == lang) continue;
        n.forms.insert(Form{Text(form), Text(lang)});
    }
    if (n.mentions.append(record.mentions.begin(), record.mentions.end()))
        unsettled_.store(true, std::memory_order_relaxed);
    if (!reasons.empty()) {
        QuotedSet& mine = reasons_[static_cast<std::uint32_t>(v)];
        for (const auto& r : reason_texts(reasons)) mine.insert(r);
    }
    // Conflicting values keep the smaller one: commutative and idempotent.
    for (const auto& [k, value] : record.attrs) n.attrs.merge(k, value);
}

const QuotedSet& KnowledgeGraph::reasons(Vertex v) const {
    const auto it = reasons_.find(static_cast<std::uint32_t>(v));
    return it == reasons_.end() ? kNoReasons : it->second;
}

void KnowledgeGraph::add_node(const NodeRecord& record) {
    const auto found = index().find(graph_, record.key);
    const Vertex v = found ? *found : new_vertex(key_text(record.key, record.kind), record.kind);
    unite(v, record, record.reasons, found.has_value());
}

void KnowledgeGraph::add_node(const GraphNode& node, const QuotedSet& reasons) {
    const auto found = index().find(graph_, node.key.view());
    const Vertex v = found ? *found : new_vertex(node.key, node.kind);
    unite(v, node, reasons, found.has_value());
}

Vertex KnowledgeGraph::add_node(NodeRecord&& record) {
    if (const auto found = index().find(graph_, record.key)) {
        unite(*found, static_cast<const NodeRecord&>(record), record.reasons, true);
        return *found;
    }
    // A new key. The mentions are copied, not moved: an extraction thread made the record, and
    // a block of its heap kept by the graph (and grown there) would pin that heap's memory
    // among the thread's short-lived blocks. The copy is made here, by the merging thread.
    const Vertex v = new_vertex(key_text(record.key, record.kind), record.kind);
    GraphNode& n = graph_[v];
    n.mentions = EvidenceSet(record.mentions);
    record.mentions.clear();
    unite(v, record, record.reasons, false);
    return v;
}

void KnowledgeGraph::add_edge(EdgeRecord&& record) {
    const Vertex a = vertex_for(record.from, guess_kind(record.from));
    const Vertex b = vertex_for(record.to, guess_kind(record.to));
    if (auto e = find_edge(a, b, record.role)) {
        if (graph_[*e].evidence.append(record.evidence.begin(), record.evidence.end()))
            unsettled_.store(true, std::memory_order_relaxed);
        return;
    }
    add_edge(a, b, Text(record.role), EvidenceSet(record.evidence));  // copied: see add_node
}

void KnowledgeGraph::add_edge(Vertex a, Vertex b, Text role, EvidenceSet&& evidence) {
    if (auto e = find_edge(a, b, role.view())) {
        if (graph_[*e].evidence.append(evidence.begin(), evidence.end()))
            unsettled_.store(true, std::memory_order_relaxed);
        return;
    }
    graph_.add_edge(a, b, EdgeProps{role, std::move(evidence)});
}

void KnowledgeGraph::add_edge(const EdgeRecord& record) {
    const Vertex a = vertex_for(record.from, guess_kind(record.from));
    const Vertex b = vertex_for(record.to, guess_kind(record.to));
    if (auto e = find_edge(a, b, record.role)) {
        if (graph_[*e].evidence.append(record.evidence.begin(), record.evidence.end()))
            unsettled_.store(true, std::memory_order_relaxed);
        return;
    }
    graph_.add_edge(a, b, EdgeProps{Text(record.role), record.evidence});
}

void KnowledgeGraph::settle_all() const {
    std::lock_guard lock(settle_mutex_);
    settle_locked();
}

void KnowledgeGraph::settle_locked() const {
    if (!unsettled_.load(std::memory_order_relaxed)) return;  // another reader did it
    // A const graph may be read from threads: the first reader sorts under the lock, the rest
    // wait for it. The sets change order, never content, so `const` still holds as seen.
    auto& g = const_cast<Graph&>(graph_);
    for (std::size_t v = 0; v < g.num_vertices(); ++v) g[v].mentions.settle();
    for (std::size_t e = 0; e < g.num_edges(); ++e) g.edge_props(e).evidence.settle();
    unsettled_.store(false, std::memory_order_release);
}

void KnowledgeGraph::ready_for_reading(std::size_t threads) const {
    std::lock_guard lock(settle_mutex_);
    // The key order is sorted beside the evidence: it reads only keys, the evidence sort only
    // evidence sets (other members of the same records).
    std::exception_ptr order_error;
    std::thread helper;
    if (threads > 1 && order_.size() != boost::num_vertices(graph_) &&
        unsettled_.load(std::memory_order_relaxed)) {
        try {
            helper = std::thread([&] {
                try {
                    order_locked();
                } catch (...) {
                    order_error = std::current_exception();
                }
            });
        } catch (const std::system_error&) {
            // No thread to spare: both below, one after the other.
        }
    }
    {
        // Joined on the way out, also when the evidence sort throws.
        struct Joiner {
            std::thread& t;
            ~Joiner() {
                if (t.joinable()) t.join();
            }
        } joiner{helper};
        settle_locked();
    }
    if (order_error) std::rethrow_exception(order_error);
    order_locked();  // nothing left to do when the helper did it
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
    for (auto v : other.sorted_vertices()) add_node(other.node(v), other.reasons(v));
    const auto& g = other.graph();
    for (auto e : other.sorted_edges()) {
        const Vertex a = vertex_for(g[boost::source(e, g)].key.view(), g[boost::source(e, g)].kind);
        const Vertex b = vertex_for(g[boost::target(e, g)].key.view(), g[boost::target(e, g)].kind);
        add_edge(a, b, g[e].role, EvidenceSet(g[e].evidence));
    }
}

std::optional<Vertex> KnowledgeGraph::find(std::string_view key) const {
    return index().find(graph_, key);
}

void KnowledgeGraph::find_many(std::span<const std::string_view> keys,
                               std::span<std::optional<Vertex>> found) const {
    index().find_many(graph_, keys, found);
}

const VertexOrder& KnowledgeGraph::key_order() const {
    std::lock_guard lock(settle_mutex_);
    return order_locked();
}

const VertexOrder& KnowledgeGraph::order_locked() const {
    const std::size_t known = order_.size(), n = boost::num_vertices(graph_);
    if (known == n) return order_;
    // Vertices are only ever added: the new ones (numbered from `known`) are sorted and merged
    // into the order already known.
    auto by_key = [this](Vertex a, Vertex b) { return graph_[a].key < graph_[b].key; };
    order_.reserve(n);
    for (Vertex v = known; v < n; ++v) order_.push_back(static_cast<std::uint32_t>(v));  // CompactGraph: < 2^32
    const auto mid = order_.begin() + static_cast<std::ptrdiff_t>(known);
    std::sort(mid, order_.end(), by_key);
    std::inplace_merge(order_.begin(), mid, order_.end(), by_key);
    return order_;
}

const VertexOrder& KnowledgeGraph::sorted_vertices() const { return key_order(); }

const std::vector<std::uint32_t>& KnowledgeGraph::sorted_ranks() const {
    const VertexOrder& order = key_order();
    std::lock_guard lock(settle_mutex_);
    if (rank_.size() != order.size()) {
        if (order.size() > std::numeric_limits<std::uint32_t>::max())
            throw std::length_error("kg::KnowledgeGraph: more than 2^32 vertices to rank");
        rank_.assign(order.size(), 0);
        for (std::size_t i = 0; i < order.size(); ++i) rank_[order[i]] = static_cast<std::uint32_t>(i);
    }
    return rank_;
}

std::vector<EdgeDesc> KnowledgeGraph::sorted_out_edges(Vertex v) const {
    std::vector<EdgeDesc> out;
    out.reserve(boost::out_degree(v, graph_));
    for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) out.push_back(*it);
    std::sort(out.begin(), out.end(), [this](const EdgeDesc& a, const EdgeDesc& b) {
        const Text ta = graph_[boost::target(a, graph_)].key;
        const Text tb = graph_[boost::target(b, graph_)].key;
        if (ta != tb) return ta < tb;
        return graph_[a].role < graph_[b].role;
    });
    return out;
}

std::vector<EdgeDesc> KnowledgeGraph::sorted_edges() const {
    std::vector<EdgeDesc> out;
    out.reserve(boost::num_edges(graph_));
    // By source key (the vertices' order), then target key and role among its out-edges.
    for (const Vertex v : key_order()) {
        const std::vector<EdgeDesc> outs = sorted_out_edges(v);
        out.insert(out.end(), outs.begin(), outs.end());
    }
    return out;
}

std::set<std::string> KnowledgeGraph::articles() const {
    std::set<Text> ids;
    for (auto [it, end] = boost::vertices(graph_); it != end; ++it)
        for (const auto& m : graph_[*it].mentions) ids.insert(m.article());
    for (auto [it, end] = boost::edges(graph_); it != end; ++it)
        for (const auto& ev : graph_[*it].evidence) ids.insert(ev.article());
    std::set<std::string> out;
    for (Text id : ids) out.insert(out.end(), id.str());
    return out;
}

std::size_t KnowledgeGraph::support(Vertex v) const {
    std::set<Text> arts;
    for (const auto& m : graph_[v].mentions) arts.insert(m.article());
    for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it)
        for (const auto& ev : graph_[*it].evidence) arts.insert(ev.article());
    return arts.size();
}

std::vector<Vertex> KnowledgeGraph::find_by_name(
    const std::string& query, const std::function<std::string(const std::string&)>& fold) const {
    const std::string want = fold(query);
    std::vector<Vertex> out;
    for (auto v : sorted_vertices()) {
        const GraphNode& n = graph_[v];
        if (!is_entity(n.kind)) continue;
        bool hit = fold(n.name.str()) == want || n.key == query;
        for (auto it = n.forms.begin(); !hit && it != n.forms.end(); ++it)
            hit = fold(it->form.str()) == want;
        if (hit) out.push_back(v);
    }
    return out;
}

namespace {

// A hop's cost by what it crosses: a relation node costs least, a shared meeting a little
// more, and a represents edge (a person to their country, a hub that joins everyone) most, so
// that the chain says who dealt with whom.
int hop_cost(std::string_view kind) {
    if (kind == "meeting") return 11;
    if (kind == "represents") return 25;
    return 10;
}

// One hop out of a vertex: to `to`, through the relation or meeting node `via`, or along a
// direct edge of role `role` (then `via` is nullopt).
struct Link {
    Vertex to;
    int cost;
    std::optional<Vertex> via;
    std::string_view role;  // the via node's kind name, or the direct edge's role
};

// The hops a path may take, under one PathFilter. Among entities the hops are symmetric (the
// hop a -> b exists, at the same cost, exactly when b -> a does), which is what lets the
// search run from both ends.
class Hops {
public:
    Hops(const Graph& g, const KnowledgeGraph::PathFilter& filter) : g_(g), filter_(filter) {}

    // Calls `f(Link)` for each hop out of `x`: along each edge between `x` and an entity, and
    // through each usable relation or meeting node next to `x` to each other entity next to it.
    // A pair linked twice is reported twice (each link once per edge that makes it).
    template <typename F>
    void each(Vertex x, F&& f) const {
        for (auto [it, end] = boost::out_edges(x, g_); it != end; ++it)
            step(x, boost::target(*it, g_), g_[*it].role, f);
        for (auto [it, end] = boost::in_edges(x, g_); it != end; ++it)
            step(x, boost::source(*it, g_), g_[*it].role, f);
    }

private:
    template <typename F>
    void step(Vertex x, Vertex nb, std::string_view role, F& f) const {
        const GraphNode& n = g_[nb];
        if (is_entity(n.kind)) {
            if (allowed(role, {})) f(Link{nb, hop_cost(role), std::nullopt, role});
            return;
        }
        // A planned or denied meeting, export or agreement is no link between actors.
        if (n.attrs.count("status")) return;
        const std::string_view kind = kind_name(n.kind);
        if (!allowed(kind, date_of(n))) return;
        const int cost = hop_cost(kind);
        for (auto [it, end] = boost::out_edges(nb, g_); it != end; ++it) {
            const Vertex other = boost::target(*it, g_);
            if (other != x && is_entity(g_[other].kind)) f(Link{other, cost, nb, kind});
        }
        for (auto [it, end] = boost::in_edges(nb, g_); it != end; ++it) {
            const Vertex other = boost::source(*it, g_);
            if (other != x && is_entity(g_[other].kind)) f(Link{other, cost, nb, kind});
        }
    }

    // The extractor and the JSON-LD vocabulary both date relations and meetings with
    // schema.org's startDate; a graph read back from JSON-LD carries the same attribute.
    static std::string_view date_of(const GraphNode& n) {
        auto it = n.attrs.find("startDate");
        return it == n.attrs.end() ? std::string_view() : it->second.view();
    }

    bool allowed(std::string_view kind, std::string_view date) const {
        if (!filter_.relation_kinds.empty() && !filter_.relation_kinds.count(std::string(kind)))
            return false;
        // A date of coarser precision than the bound ("2023-05" against "2023-05-04") is a
        // period: it passes both bounds when it overlaps them, hence the prefix comparisons.
        const std::string_view since = filter_.since, until = filter_.until;
        if (!since.empty() && !date.empty() && date < since.substr(0, date.size())) return false;
        if (!until.empty() && !date.empty() && date.substr(0, until.size()) > until) return false;
        if ((!since.empty() || !until.empty()) && date.empty() && kind != "represents") return false;
        return true;
    }

    const Graph& g_;
    const KnowledgeGraph::PathFilter& filter_;
};

}  // namespace

// A bidirectional Dijkstra: one search from each end, stopped as soon as no cheaper path can
// join them; a query then touches the neighbourhoods of the two ends, not the whole graph. The
// search order only decides how fast the cost is found; the path returned is then chosen by
// the tie rule of the header, from exact costs, so it is the one a one-sided search gives.
std::optional<std::vector<Hop>> KnowledgeGraph::shortest_path(Vertex from, Vertex to,
                                                              const PathFilter& filter) const {
    if (from == to) return std::vector<Hop>{};
    // Every hop ends at an entity.
    if (!is_entity(graph_[to].kind)) return std::nullopt;
    const Hops hops(graph_, filter);
    using Cost = std::int64_t;
    constexpr Cost kFar = std::numeric_limits<Cost>::max() / 4;
    // Side 0 searches from `from`, side 1 from `to` (along the same hops: they are symmetric
    // among entities, and only `from` may be anything else).
    struct Reach {
        Cost dist[2] = {kFar, kFar};  // the best cost found so far from each end
        bool done[2] = {false, false};
    };
    std::unordered_map<Vertex, Reach> reach;
    using Item = std::pair<Cost, Vertex>;
    std::vector<Item> heap[2];
    const auto later = std::greater<Item>();
    Cost best = kFar;  // the cheapest joined path found so far
    auto relax = [&](int side, Vertex v, Cost d) {
        Reach& r = reach[v];
        if (r.done[side] || d >= r.dist[side]) return;
        r.dist[side] = d;
        heap[side].push_back({d, v});
        std::push_heap(heap[side].begin(), heap[side].end(), later);
        if (r.dist[1 - side] < kFar) best = std::min(best, d + r.dist[1 - side]);
    };
    auto settle_one = [&](int side, Vertex v) {
        Reach& r = reach[v];
        r.done[side] = true;
        const Cost d = r.dist[side];
        hops.each(v, [&](const Link& l) { relax(side, l.to, d + l.cost); });
    };
    // The top of a side's heap, dropping entries a cheaper one replaced; kFar when empty.
    auto top = [&](int side) {
        auto& h = heap[side];
        while (!h.empty()) {
            const auto [d, v] = h.front();
            const Reach& r = reach[v];
            if (!r.done[side] && r.dist[side] == d) return d;
            std::pop_heap(h.begin(), h.end(), later);
            h.pop_back();
        }
        return kFar;
    };
    reach[from].dist[0] = 0;
    reach[to].dist[1] = 0;
    // `from` is expanded first: it may be a meeting or relation node, which the search from
    // `to` never reaches.
    settle_one(0, from);
    settle_one(1, to);
    // Stopping only when the two tops exceed the best join strictly leaves every vertex of
    // every cheapest path with an exact cost from at least one end (see the choice below).
    for (;;) {
        const Cost a = top(0), b = top(1);
        if (a == kFar || b == kFar || a + b > best) break;
        // The smaller frontier goes on: the search from a hub's side waits for the other.
        const int side = heap[0].size() <= heap[1].size() ? 0 : 1;
        const Vertex v = heap[side].front().second;
        std::pop_heap(heap[side].begin(), heap[side].end(), later);
        heap[side].pop_back();
        settle_one(side, v);
    }
    if (best == kFar) return std::nullopt;

    // The vertices on cheapest paths, each with its exact cost from `from`. A vertex whose two
    // costs sum to `best` is on one, and every cheapest path has one; from there the rest of
    // the path is found by walking towards `from` over costs known from `from` and towards
    // `to` over costs known from `to` (a cost found so far that fits exactly is exact).
    std::unordered_map<Vertex, Cost> on_path;
    std::vector<Vertex> work;
    for (const auto& entry : reach) {
        const Reach& r = entry.second;
        if (r.dist[0] < kFar && r.dist[1] < kFar && r.dist[0] + r.dist[1] == best) {
            on_path.emplace(entry.first, r.dist[0]);
            work.push_back(entry.first);
        }
    }
    while (!work.empty()) {
        const Vertex x = work.back();
        work.pop_back();
        const Cost gx = on_path.at(x);
        hops.each(x, [&](const Link& l) {
            auto it = reach.find(l.to);
            if (it == reach.end()) return;
            const Reach& r = it->second;
            Cost gy = -1;
            if (r.dist[0] + l.cost == gx) gy = r.dist[0];                        // before x
            else if (r.dist[1] < kFar && gx + l.cost + r.dist[1] == best) gy = gx + l.cost;  // after x
            if (gy >= 0 && on_path.emplace(l.to, gy).second) work.push_back(l.to);
        });
    }

    // The tie rule, read from `to` back to `from`: each vertex's predecessor is the one of
    // smallest cost from `from` and then smallest key; its link the one whose relation node
    // (for a direct edge, the vertex reached) has the smallest key, then the smaller role.
    std::vector<Link> from_links;  // a non-entity `from` is not among its neighbours' hops
    if (!is_entity(graph_[from].kind)) hops.each(from, [&](const Link& l) { from_links.push_back(l); });
    std::vector<Hop> path;
    Vertex v = to;
    Cost gv = best;
    while (v != from) {
        struct Choice {
            Vertex u;
            Cost gu;
            const Link* link;
        };
        std::optional<Choice> pick;
        auto consider = [&](Vertex u, const Link& l) {
            Cost gu;
            if (u == from) gu = 0;
            else if (auto it = on_path.find(u); it != on_path.end()) gu = it->second;
            else return;
            if (gu + l.cost != gv) return;
            if (pick) {
                if (gu != pick->gu) {
                    if (gu > pick->gu) return;
                } else if (u != pick->u) {
                    if (graph_[u].key > graph_[pick->u].key) return;
                } else {
                    const Text mine = graph_[l.via ? *l.via : v].key;
                    const Text theirs = graph_[pick->link->via ? *pick->link->via : v].key;
                    if (mine != theirs ? mine > theirs : l.role >= pick->link->role) return;
                }
            }
            pick = Choice{u, gu, &l};
        };
        // The links into v, seen from v (the same links, with `to` the other end).
        std::vector<Link> into;
        hops.each(v, [&](const Link& l) { into.push_back(l); });
        for (const Link& l : into) consider(l.to, l);
        for (const Link& l : from_links)
            if (l.to == v) consider(from, l);
        if (!pick) return std::nullopt;  // unreachable: v is on a cheapest path
        path.push_back(Hop{pick->u, v, pick->link->via, std::string(pick->link->role)});
        v = pick->u;
        gv = pick->gu;
    }
    std::reverse(path.begin(), path.end());
    return path;
}

}  // namespace kg
