// CompactGraph: a bidirectional multigraph with a record per vertex and per edge, stored for
// graphs of millions of edges, and a Boost.Graph graph like adjacency_list (the same free
// functions, graph_traits and vertex_index map, so Boost's algorithms run on it).
//
// Owns: the vertex records, the edge records, and each vertex's out- and in-edges.
// Input: vertices and edges added one at a time (never removed). Output: the Boost.Graph
// concepts VertexListGraph, EdgeListGraph, BidirectionalGraph, and g[v], g[e].
//   kg::CompactGraph<Node, Props> g;  auto a = g.add_vertex(), b = g.add_vertex();
//   auto e = g.add_edge(a, b, Props{});  for (auto [i, end] = boost::out_edges(a, g); i != end; ++i) ...
//
// Why not adjacency_list<vecS, vecS, bidirectionalS>: it keeps each edge in a std::list node (64
// bytes with an edge record of 24) and an out- and an in-entry of 16 bytes in std::vectors of 24
// bytes each per vertex: about 100 bytes an edge beside its record, 1.5 GB of a 1 GB corpus's
// build. Here an edge is its record in one numbered table plus an 8-byte entry (neighbour, edge
// number) in each end's list, and a vertex's two lists cost 8 bytes each (a ThinVec). Records
// never move as the graph grows (TieredVector): no moment with the old and new arrays side by side.
// Vertex and edge numbers are kept in 32 bits: at most 2^32 - 1 of each (add_* throws beyond).
// Out- and in-edges come in the order they were added; edges() walks the vertices in order
// and each one's out-edges. Reads of a const graph are thread-safe.
#pragma once

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <new>
#include <stdexcept>
#include <utility>

#include "graph/thin_vec.h"
#include "graph/tiered_vector.h"

namespace kg {

struct CompactGraphTraversal : boost::bidirectional_graph_tag,
                               boost::vertex_list_graph_tag,
                               boost::edge_list_graph_tag {};

// An edge as its users see it: both ends and its number in the edge table. Two descriptors
// are equal when they name the same edge.
struct CompactEdge {
    std::uint32_t source = 0;
    std::uint32_t target = 0;
    std::uint32_t index = 0;
    friend bool operator==(const CompactEdge& a, const CompactEdge& b) { return a.index == b.index; }
    friend bool operator!=(const CompactEdge& a, const CompactEdge& b) { return a.index != b.index; }
    friend bool operator<(const CompactEdge& a, const CompactEdge& b) { return a.index < b.index; }
};

// An entry of a vertex's out- or in-list: the edge's other end and its number.
struct CompactLink {
    std::uint32_t other;
    std::uint32_t edge;
};

// A vertex's out-list: up to three links in place (24 bytes), more in a ThinVec. Most vertices
// of a news graph are relation and meeting nodes with two or three out-edges (participants,
// exporter, importer, commodity, place): they need no heap block (some 40 bytes with malloc's
// header) for them. Free slots and the spilled state are told apart by an edge number no edge
// has (2^32 - 1, see CompactGraph's limit).
class SmallLinks {
public:
    SmallLinks() noexcept { clear_slots(); }
    SmallLinks(const SmallLinks& other) : SmallLinks() {
        if (!other.spilled()) {
            std::memcpy(static_cast<void*>(slots_), other.slots_, sizeof slots_);
            return;
        }
        ThinVec<CompactLink> copy(other.heap());
        become_spilled(std::move(copy));
    }
    SmallLinks& operator=(const SmallLinks& other) {
        if (this != &other) {
            SmallLinks copy(other);
            swap(copy);
        }
        return *this;
    }
    ~SmallLinks() {
        if (spilled()) heap().~ThinVec();
    }
    void swap(SmallLinks& other) noexcept {
        // Both states are plain bytes (a ThinVec is a pointer): swapping them moves nothing else.
        unsigned char tmp[sizeof slots_];
        std::memcpy(tmp, slots_, sizeof slots_);
        std::memcpy(static_cast<void*>(slots_), other.slots_, sizeof slots_);
        std::memcpy(static_cast<void*>(other.slots_), tmp, sizeof slots_);
    }

    std::size_t size() const noexcept {
        if (spilled()) return heap().size();
        std::size_t n = 0;
        while (n < kInPlace && slots_[n].edge != kNone) ++n;
        return n;
    }
    const CompactLink* begin() const noexcept { return spilled() ? heap().begin() : slots_; }
    const CompactLink* end() const noexcept { return spilled() ? heap().end() : slots_ + size(); }
    const CompactLink& operator[](std::size_t i) const noexcept { return begin()[i]; }

    // Room for one more link: after it, push() cannot fail. Throws std::bad_alloc.
    void reserve_one() {
        if (spilled()) {
            heap().reserve_one();
            return;
        }
        if (size() < kInPlace) return;
        ThinVec<CompactLink> grown;
        grown.reserve(kInPlace + 2);
        grown.append(slots_, slots_ + kInPlace);
        become_spilled(std::move(grown));
    }
    // Appends `l` after reserve_one().
    void push(CompactLink l) noexcept {
        if (spilled()) {
            ThinVec<CompactLink>& h = heap();
            h.insert(h.end(), l);
            return;
        }
        slots_[size()] = l;
    }

private:
    static constexpr std::size_t kInPlace = 3;
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;  // no edge has this number
    static constexpr std::uint32_t kSpilled = 1;         // slots_[2].other when spilled

    // Spilled: slots_[0] holds the ThinVec, slots_[2] is {kSpilled, kNone}. In place: the
    // links, then free slots {0, kNone}.
    bool spilled() const noexcept { return slots_[2].edge == kNone && slots_[2].other == kSpilled; }
    void clear_slots() noexcept {
        for (auto& l : slots_) l = CompactLink{0, kNone};
    }
    ThinVec<CompactLink>& heap() noexcept { return *std::launder(reinterpret_cast<ThinVec<CompactLink>*>(slots_)); }
    const ThinVec<CompactLink>& heap() const noexcept {
        return *std::launder(reinterpret_cast<const ThinVec<CompactLink>*>(slots_));
    }
    void become_spilled(ThinVec<CompactLink>&& v) noexcept {
        ::new (static_cast<void*>(slots_)) ThinVec<CompactLink>(std::move(v));
        slots_[2] = CompactLink{kSpilled, kNone};
    }

    alignas(8) CompactLink slots_[kInPlace];
};
static_assert(sizeof(SmallLinks) == 24);

template <typename VertexProps, typename EdgeProps>
class CompactGraph {
    using Link = CompactLink;
    struct StoredVertex {
        SmallLinks out;
        ThinVec<Link> in;
        VertexProps props{};
    };

public:
    using vertex_descriptor = std::size_t;
    using edge_descriptor = CompactEdge;
    using directed_category = boost::bidirectional_tag;
    using edge_parallel_category = boost::allow_parallel_edge_tag;
    using traversal_category = CompactGraphTraversal;
    using vertices_size_type = std::size_t;
    using edges_size_type = std::size_t;
    using degree_size_type = std::size_t;
    using vertex_iterator = boost::counting_iterator<std::size_t>;
    using vertex_property_type = VertexProps;
    using edge_property_type = EdgeProps;

    // Walks a vertex's out-list (`kOut`) or in-list, making descriptors.
    template <bool kOut>
    class LinkIterator
        : public boost::iterator_facade<LinkIterator<kOut>, CompactEdge, std::random_access_iterator_tag,
                                        CompactEdge, std::ptrdiff_t> {
    public:
        LinkIterator() = default;
        LinkIterator(const Link* at, std::uint32_t self) : at_(at), self_(self) {}

    private:
        friend class boost::iterator_core_access;
        CompactEdge dereference() const {
            return kOut ? CompactEdge{self_, at_->other, at_->edge} : CompactEdge{at_->other, self_, at_->edge};
        }
        bool equal(const LinkIterator& o) const { return at_ == o.at_; }
        void increment() { ++at_; }
        void decrement() { --at_; }
        void advance(std::ptrdiff_t n) { at_ += n; }
        std::ptrdiff_t distance_to(const LinkIterator& o) const { return o.at_ - at_; }
        const Link* at_ = nullptr;
        std::uint32_t self_ = 0;
    };
    using out_edge_iterator = LinkIterator<true>;
    using in_edge_iterator = LinkIterator<false>;

    // Every edge: the vertices in order, each one's out-edges in order.
    class edge_iterator : public boost::iterator_facade<edge_iterator, CompactEdge, boost::forward_traversal_tag,
                                                        CompactEdge> {
    public:
        edge_iterator() = default;
        edge_iterator(const CompactGraph* g, std::size_t v) : g_(g), v_(v) { skip_empty(); }

    private:
        friend class boost::iterator_core_access;
        CompactEdge dereference() const {
            const Link& l = g_->vertices_[v_].out[i_];
            return CompactEdge{static_cast<std::uint32_t>(v_), l.other, l.edge};
        }
        bool equal(const edge_iterator& o) const { return v_ == o.v_ && i_ == o.i_; }
        void increment() {
            ++i_;
            skip_empty();
        }
        void skip_empty() {
            while (v_ < g_->vertices_.size() && i_ == g_->vertices_[v_].out.size()) {
                ++v_;
                i_ = 0;
            }
        }
        const CompactGraph* g_ = nullptr;
        std::size_t v_ = 0;
        std::size_t i_ = 0;
    };

    static vertex_descriptor null_vertex() { return static_cast<vertex_descriptor>(-1); }

    CompactGraph() = default;

    // A new vertex with default properties; its number is num_vertices() - 1.
    // Throws std::length_error past 2^32 - 1 vertices, std::bad_alloc.
    vertex_descriptor add_vertex() {
        if (vertices_.size() >= kMax) throw std::length_error("kg::CompactGraph: more than 2^32 - 1 vertices");
        vertices_.emplace_back();
        return vertices_.size() - 1;
    }
    // A new edge from `u` to `v` (vertices of this graph) with `props`, after any edges
    // between them. Throws std::length_error past 2^32 - 1 edges, std::bad_alloc.
    edge_descriptor add_edge(vertex_descriptor u, vertex_descriptor v, EdgeProps props) {
        if (edges_.size() >= kMax) throw std::length_error("kg::CompactGraph: more than 2^32 - 1 edges");
        const auto e = static_cast<std::uint32_t>(edges_.size());
        const auto a = static_cast<std::uint32_t>(u), b = static_cast<std::uint32_t>(v);
        // Room in both lists first: a failure leaves no half-added edge behind.
        vertices_[u].out.reserve_one();
        vertices_[v].in.reserve_one();
        edges_.emplace_back(std::move(props));
        vertices_[u].out.push(Link{b, e});
        vertices_[v].in.insert(vertices_[v].in.end(), Link{a, e});
        return CompactEdge{a, b, e};
    }
    void clear() noexcept {
        vertices_.clear();
        edges_.clear();
    }

    std::size_t num_vertices() const noexcept { return vertices_.size(); }
    std::size_t num_edges() const noexcept { return edges_.size(); }

    VertexProps& operator[](vertex_descriptor v) noexcept { return vertices_[v].props; }
    const VertexProps& operator[](vertex_descriptor v) const noexcept { return vertices_[v].props; }
    EdgeProps& operator[](const edge_descriptor& e) noexcept { return edges_[e.index]; }
    const EdgeProps& operator[](const edge_descriptor& e) const noexcept { return edges_[e.index]; }
    // The record of edge number `i` < num_edges(), for walks over every edge in number order.
    EdgeProps& edge_props(std::size_t i) noexcept { return edges_[i]; }
    const EdgeProps& edge_props(std::size_t i) const noexcept { return edges_[i]; }

    std::pair<out_edge_iterator, out_edge_iterator> out_edges(vertex_descriptor v) const {
        const auto& l = vertices_[v].out;
        const auto self = static_cast<std::uint32_t>(v);
        return {out_edge_iterator(l.begin(), self), out_edge_iterator(l.end(), self)};
    }
    std::pair<in_edge_iterator, in_edge_iterator> in_edges(vertex_descriptor v) const {
        const auto& l = vertices_[v].in;
        const auto self = static_cast<std::uint32_t>(v);
        return {in_edge_iterator(l.begin(), self), in_edge_iterator(l.end(), self)};
    }
    std::size_t out_degree(vertex_descriptor v) const noexcept { return vertices_[v].out.size(); }
    std::size_t in_degree(vertex_descriptor v) const noexcept { return vertices_[v].in.size(); }
    std::pair<edge_iterator, edge_iterator> edges() const {
        return {edge_iterator(this, 0), edge_iterator(this, vertices_.size())};
    }

private:
    static constexpr std::size_t kMax = 0xFFFFFFFFu;

    TieredVector<StoredVertex> vertices_;
    TieredVector<EdgeProps> edges_;
};

}  // namespace kg

// The Boost.Graph free functions, found by argument-dependent lookup from Boost's algorithms
// and, through the using-declarations below, as `boost::out_edges(v, g)` like adjacency_list's.
namespace kg {

template <typename V, typename E>
std::pair<boost::counting_iterator<std::size_t>, boost::counting_iterator<std::size_t>> vertices(
    const CompactGraph<V, E>& g) {
    return {boost::counting_iterator<std::size_t>(0), boost::counting_iterator<std::size_t>(g.num_vertices())};
}
template <typename V, typename E>
std::size_t num_vertices(const CompactGraph<V, E>& g) {
    return g.num_vertices();
}
template <typename V, typename E>
std::size_t num_edges(const CompactGraph<V, E>& g) {
    return g.num_edges();
}
template <typename V, typename E>
auto edges(const CompactGraph<V, E>& g) {
    return g.edges();
}
template <typename V, typename E>
auto out_edges(std::size_t v, const CompactGraph<V, E>& g) {
    return g.out_edges(v);
}
template <typename V, typename E>
auto in_edges(std::size_t v, const CompactGraph<V, E>& g) {
    return g.in_edges(v);
}
template <typename V, typename E>
std::size_t out_degree(std::size_t v, const CompactGraph<V, E>& g) {
    return g.out_degree(v);
}
template <typename V, typename E>
std::size_t in_degree(std::size_t v, const CompactGraph<V, E>& g) {
    return g.in_degree(v);
}
template <typename V, typename E>
std::size_t degree(std::size_t v, const CompactGraph<V, E>& g) {
    return g.out_degree(v) + g.in_degree(v);
}
template <typename V, typename E>
std::size_t source(const CompactEdge& e, const CompactGraph<V, E>&) {
    return e.source;
}
template <typename V, typename E>
std::size_t target(const CompactEdge& e, const CompactGraph<V, E>&) {
    return e.target;
}
// The first edge from `u` to `v`, as adjacency_list's edge(u, v, g) answers.
template <typename V, typename E>
std::pair<CompactEdge, bool> edge(std::size_t u, std::size_t v, const CompactGraph<V, E>& g) {
    for (auto [it, end] = g.out_edges(u); it != end; ++it)
        if ((*it).target == v) return {*it, true};
    return {CompactEdge{}, false};
}
template <typename V, typename E>
std::size_t add_vertex(CompactGraph<V, E>& g) {
    return g.add_vertex();
}
template <typename V, typename E>
std::pair<CompactEdge, bool> add_edge(std::size_t u, std::size_t v, const E& props, CompactGraph<V, E>& g) {
    return {g.add_edge(u, v, props), true};
}
template <typename V, typename E>
boost::typed_identity_property_map<std::size_t> get(boost::vertex_index_t, const CompactGraph<V, E>&) {
    return {};
}

}  // namespace kg

namespace boost {

using kg::add_edge;
using kg::add_vertex;
using kg::degree;
using kg::edge;
using kg::edges;
using kg::get;
using kg::in_degree;
using kg::in_edges;
using kg::num_edges;
using kg::num_vertices;
using kg::out_degree;
using kg::out_edges;
using kg::source;
using kg::target;
using kg::vertices;

// Vertices are numbered 0 .. n - 1: the index map is the identity, as adjacency_list<vecS>'s.
template <typename V, typename E>
struct property_map<kg::CompactGraph<V, E>, vertex_index_t> {
    using type = typed_identity_property_map<std::size_t>;
    using const_type = type;
};
}  // namespace boost

template <>
struct std::hash<kg::CompactEdge> {
    std::size_t operator()(const kg::CompactEdge& e) const noexcept { return std::hash<std::uint32_t>()(e.index); }
};
