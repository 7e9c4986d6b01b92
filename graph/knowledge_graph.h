// KnowledgeGraph: the merged graph of every article, as a Boost.Graph graph (a CompactGraph).
//
// Owns: vertices (entities, meetings, relation nodes) keyed by canonical key, and role-labelled
// edges keyed by (from, to, role). Knows nothing about text or file formats.
// Input: Extraction records (one per article) or another KnowledgeGraph. Output: sorted views.
//   kg::KnowledgeGraph g;  g.merge(extraction);
//   for (auto v : g.sorted_vertices()) std::cout << g.node(v).key;
// Merging is commutative, associative and idempotent: the merged graph depends only on the set
// of records merged, never on their order. A const KnowledgeGraph is safe to read from threads.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/compact_graph.h"
#include "graph/records.h"

namespace kg {

// An edge as the graph keeps it: the role interned and numbered (there are a handful) and
// the evidence, 20 bytes (15.7 million of them for 1 GB of articles).
struct EdgeProps {
    TextRef role;
    EvidenceSet evidence;
};
static_assert(sizeof(EdgeProps) == 20);

using Graph = CompactGraph<GraphNode, EdgeProps>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using EdgeDesc = boost::graph_traits<Graph>::edge_descriptor;
// Vertices in an order (sorted_vertices()), 4 bytes each: CompactGraph numbers them in 32 bits.
using VertexOrder = std::vector<std::uint32_t>;

// One step of a path: from `from` to `to`, through a relation or meeting node `via` (when the
// step crosses one) or along a direct edge (`via` empty, e.g. represents).
struct Hop {
    Vertex from;
    Vertex to;
    std::optional<Vertex> via;
    std::string role;  // the direct edge's role, or the via node's kind name
};

class KnowledgeGraph {
public:
    KnowledgeGraph() = default;
    // Copies and moves settle the source's evidence first (see settle), so the new graph starts
    // settled.
    KnowledgeGraph(const KnowledgeGraph& other);
    KnowledgeGraph(KnowledgeGraph&& other);
    KnowledgeGraph& operator=(const KnowledgeGraph& other);
    KnowledgeGraph& operator=(KnowledgeGraph&& other);
    ~KnowledgeGraph() = default;

    // Adds one article's records. Nodes with the same key are united (forms, mentions, attrs);
    // edges with the same (from, to, role) unite their evidence. An edge whose endpoint key is
    // not a node gets a bare placeholder node. Never throws except std::bad_alloc.
    void merge(const Extraction& extraction);
    // The same, moving the records' contents into new nodes and edges.
    void merge(Extraction&& extraction);
    // Unites another graph into this one, with the same rules.
    void merge(const KnowledgeGraph& other);
    void add_node(const NodeRecord& record);
    void add_edge(const EdgeRecord& record);
    // The same, taking the record's contents when its key (or edge) is new: no copy. Returns
    // the record's vertex (a new one is numbered num_nodes() - 1).
    Vertex add_node(NodeRecord&& record);
    void add_edge(EdgeRecord&& record);
    // The same between two vertices of this graph, found by the caller (a reader that knows
    // where it put each node needs no key look-up); `from` and `to` must be vertices of it.
    void add_edge(Vertex from, Vertex to, Text role, EvidenceSet&& evidence);
    // Room for this many nodes in the key index (the vertex store grows without copying).
    void reserve(std::size_t nodes);
    // Frees the key index (8 to 16 bytes a node: 128 MiB for the 6.6 million nodes of a 1 GB
    // build) until the next look-up or addition, which builds it again. For a build that has
    // merged everything and only writes from here on: writers do not look keys up.
    void release_index();
    // Sorts what the first reads would sort (the evidence merged since the last read, the
    // key order of vertices added since), on two threads when `threads` > 1: for a build
    // about to write, so that the writers' threads do not wait on one sort after another.
    void ready_for_reading(std::size_t threads) const;

    // Read access. Evidence merged since the last read is sorted first (once; thread-safe).
    const Graph& graph() const {
        settle();
        return graph_;
    }
    const GraphNode& node(Vertex v) const {
        settle();
        return graph_[v];
    }
    const EdgeProps& edge(EdgeDesc e) const {
        settle();
        return graph_[e];
    }
    // Why `v`'s names were merged (`kg explain`): entities only, empty for most vertices.
    const QuotedSet& reasons(Vertex v) const;
    std::size_t num_nodes() const { return boost::num_vertices(graph_); }
    std::size_t num_edges() const { return boost::num_edges(graph_); }

    // The vertex with this key, if any.
    std::optional<Vertex> find(std::string_view key) const;
    // find() of each key into found[i], the same answers; for a large graph it is faster than
    // one find() after another: the table slots, vertices and key bytes of the whole batch are
    // fetched from memory at once instead of each miss waiting for the one before. Best with
    // batches of a few dozen keys.
    void find_many(std::span<const std::string_view> keys, std::span<std::optional<Vertex>> found) const;
    // Vertices sorted by key; edges sorted by (from key, to key, role). Deterministic.
    // The vertex order is kept in the graph (one array, 4 bytes a vertex): the reference stays
    // valid, and the order right, until the graph next changes.
    const VertexOrder& sorted_vertices() const;
    // Each vertex's position in sorted_vertices() (4 bytes a vertex), kept with it: the writers
    // that run side by side share one array.
    const std::vector<std::uint32_t>& sorted_ranks() const;
    std::vector<EdgeDesc> sorted_edges() const;
    // The out-edges of `v` sorted by (to key, role): sorted_edges() is these lists, concatenated
    // in sorted_vertices() order. For writers that walk the graph one vertex at a time instead
    // of holding every edge descriptor at once.
    std::vector<EdgeDesc> sorted_out_edges(Vertex v) const;
    // Articles that support anything in the graph, sorted.
    std::set<std::string> articles() const;
    // Distinct articles among a vertex's mentions and evidence edges.
    std::size_t support(Vertex v) const;

    // Entity vertices one of whose names, folded by `fold`, equals `fold(query)`; sorted by key.
    std::vector<Vertex> find_by_name(const std::string& query,
                                     const std::function<std::string(const std::string&)>& fold) const;

    // Which edges and relation nodes a path may use. Empty sets mean "all".
    struct PathFilter {
        std::set<std::string> relation_kinds;  // "metwith", "export", "agreement", "meeting", "represents"
        std::string since;                      // ISO date; relations dated before are skipped
        std::string until;                      // ISO date; relations dated after are skipped
    };
    // Cheapest chain of hops between two entity vertices, through relation and meeting nodes
    // and direct edges: a hop through a relation node costs 10, through a meeting 11, along a
    // represents edge 25, along any other direct edge 10 (countries join everyone: the chain
    // should say who dealt with whom). A path may go A -> MetWith -> B -> Export -> C.
    // Relation and meeting nodes with a "status" (planned, denied) are not facts and never used;
    // `filter` limits the kinds (a direct edge passes by its role) and the dates.
    // Returns an empty chain when from == to, nullopt when no path exists (a hop always ends at
    // an entity, so a non-entity `to` is reached only from itself).
    // Ties, so that the answer is deterministic and independent of merge order: among the
    // cheapest chains, read from `to` back to `from`, each hop comes from the vertex of smallest
    // cost from `from`, then of smallest key; between links from that vertex of the same cost,
    // the one whose relation node has the smallest key (a direct edge counts as the key of the
    // vertex it reaches), then the smallest role. (This is the chain a one-sided Dijkstra that
    // settles vertices by (cost, key) and keeps the first cheapest link finds.) Between two
    // entities linked by several direct edges, each edge is a link of its own.
    // Cost: a search from both ends, so a query touches the neighbourhoods of the two ends
    // (milliseconds on a million nodes), not the whole graph. Thread-safe on a const graph.
    std::optional<std::vector<Hop>> shortest_path(Vertex from, Vertex to,
                                                  const PathFilter& filter) const;

private:
    // Every vertex by key: an open-addressing table of vertex numbers, hashed by the key's
    // content and compared against the keys in the graph itself (no second copy of a key), at
    // most half full: 16 to 32 bytes a vertex. Each slot also holds its key's 32-bit hash, so a
    // probe past another key is settled in the table without reading that key (two cache
    // misses: its vertex and its bytes), and growing the table reads no key.
    class KeyIndex {
    public:
        std::optional<Vertex> find(const Graph& g, std::string_view key) const;
        void find_many(const Graph& g, std::span<const std::string_view> keys,
                       std::span<std::optional<Vertex>> found) const;
        // `v`'s key must not be in the table yet.
        void add(const Graph& g, Vertex v);
        void reserve(std::size_t vertices);
        void clear() noexcept {
            slots_.clear();
            count_ = 0;
        }
        // clear(), and the table's memory given back.
        void release() noexcept {
            std::vector<Slot>().swap(slots_);
            count_ = 0;
        }

    private:
        static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
        // find() with the key's hash already worked out.
        std::optional<Vertex> find_hashed(const Graph& g, std::string_view key, std::uint32_t h) const;
        struct Slot {
            std::uint32_t vertex = kEmpty;
            std::uint32_t hash = 0;  // key_hash of its key; it gives the home slot (home())
        };
        void rehash(std::size_t slots);
        // Any table size, not only powers of two: a hash's home slot is its fraction of the
        // table (the high half of hash * size), and the table grows by half, at most three
        // quarters full. For 6.6 million keys: 11.5 million slots (92 MB), not 2^24 (134 MB).
        std::size_t home(std::uint32_t h) const noexcept {
            return static_cast<std::size_t>((static_cast<unsigned __int128>(h) * slots_.size()) >> 32);
        }
        std::size_t next(std::size_t i) const noexcept { return i + 1 == slots_.size() ? 0 : i + 1; }
        static std::size_t grown(std::size_t size) noexcept { return size < 1024 ? 1024 : size + size / 2; }
        std::vector<Slot> slots_;
        std::size_t count_ = 0;
    };

    std::optional<EdgeDesc> find_edge(Vertex from, Vertex to, std::string_view role) const;
    Vertex vertex_for(std::string_view key, NodeKind kind);
    Vertex new_vertex(Text key, NodeKind kind);
    // The Text a new vertex of this key and kind keeps as its key.
    static Text key_text(std::string_view key, NodeKind kind);
    // Another graph's node and its merge reasons, united into this graph's node of its key.
    void add_node(const GraphNode& node, const QuotedSet& reasons);
    // Unites a NodeRecord or another graph's GraphNode, and its merge reasons, into vertex `v`
    // (`existed`: `v` was there before this record).
    template <typename Record, typename Reasons>
    void unite(Vertex v, const Record& record, const Reasons& reasons, bool existed);
    // The vertices in key order, brought up to date with vertices added since (sorted and
    // merged in) under the settle lock.
    const VertexOrder& key_order() const;
    // Merging appends evidence as it comes (sorting a country's 100,000 mentions again for
    // each article would be quadratic) and marks the graph unsettled; the first read after it
    // sorts every evidence set once.
    void settle() const {
        if (unsettled_.load(std::memory_order_acquire)) settle_all();
    }
    void settle_all() const;
    void settle_locked() const;                // settle_all under the lock
    const VertexOrder& order_locked() const;   // key_order under the lock

    Graph graph_;
    // reasons(): the vertices that have merge reasons (a few hundred thousand entities).
    std::unordered_map<std::uint32_t, QuotedSet> reasons_;
    // The key index, through index(): built again first if release_index() let it go.
    KeyIndex& index() const {
        if (index_released_.load(std::memory_order_acquire)) restore_index();
        return index_;
    }
    void restore_index() const;
    mutable KeyIndex index_;
    mutable std::atomic<bool> index_released_{false};
    mutable VertexOrder order_;  // key_order(); may miss vertices added since
    mutable std::vector<std::uint32_t> rank_;  // sorted_ranks(); stale unless as long as order_
    mutable std::atomic<bool> unsettled_{false};
    mutable std::mutex settle_mutex_;
};

}  // namespace kg
