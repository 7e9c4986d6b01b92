// CompactGraph and TieredVector, the graph's store: checked against Boost's adjacency_list as
// the oracle, and run through Boost.Graph's own concept checks and algorithms.
#include <doctest/doctest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/visitors.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "graph/compact_graph.h"
#include "graph/tiered_vector.h"

namespace {

struct Node {
    std::string name;
};
struct Link {
    int weight = 0;
};
using Compact = kg::CompactGraph<Node, Link>;
using Oracle = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Node, Link>;

BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<Compact>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<Compact>));
BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<Compact>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyMapConcept<
                      boost::property_map<Compact, boost::vertex_index_t>::const_type, std::size_t>));

// (other end, weight) of each out-edge (`out`) or in-edge of `v`, in the graph's order.
template <typename G>
std::vector<std::pair<std::size_t, int>> link_list(const G& g, std::size_t v, bool out) {
    std::vector<std::pair<std::size_t, int>> links;
    auto add = [&](auto range, auto self_end, auto other_end) {
        for (auto it = range.first; it != range.second; ++it) {
            REQUIRE(self_end(*it, g) == v);
            links.emplace_back(other_end(*it, g), g[*it].weight);
        }
    };
    auto src = [](const auto& e, const G& gr) { return boost::source(e, gr); };
    auto tgt = [](const auto& e, const G& gr) { return boost::target(e, gr); };
    if (out) add(boost::out_edges(v, g), src, tgt);
    else add(boost::in_edges(v, g), tgt, src);
    return links;
}
template <typename G>
std::vector<std::pair<std::size_t, int>> out_list(const G& g, std::size_t v) {
    return link_list(g, v, true);
}
template <typename G>
std::vector<std::pair<std::size_t, int>> in_list(const G& g, std::size_t v) {
    return link_list(g, v, false);
}

// The same random multigraph (parallel edges and loops included) built into both stores.
void build_both(Compact& c, Oracle& o, std::size_t vertices, std::size_t edges, unsigned seed) {
    std::mt19937 rng(seed);
    for (std::size_t v = 0; v < vertices; ++v) {
        const auto a = boost::add_vertex(c), b = boost::add_vertex(o);
        REQUIRE(a == v);
        REQUIRE(b == v);
        c[a].name = o[b].name = "v" + std::to_string(v);
    }
    // Skewed ends, like a news graph's: a few hubs take many in-edges.
    std::uniform_int_distribution<std::size_t> any(0, vertices - 1), hub(0, std::min<std::size_t>(4, vertices - 1));
    for (std::size_t i = 0; i < edges; ++i) {
        const std::size_t u = any(rng), v = (i % 3 == 0) ? hub(rng) : any(rng);
        const int w = static_cast<int>(i);
        const auto e = c.add_edge(u, v, Link{w});
        boost::add_edge(u, v, Link{w}, o);
        REQUIRE(e.index == i);
    }
}

}  // namespace

TEST_CASE("TieredVector: elements keep their place and values across its blocks") {
    kg::TieredVector<std::string> v;
    std::vector<const std::string*> where;
    // Past several block boundaries (1024, 2048, 4096, 8192, 16384).
    for (std::size_t i = 0; i < 20000; ++i) {
        where.push_back(&v.emplace_back("item " + std::to_string(i)));
        REQUIRE(v.size() == i + 1);
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        CAPTURE(i);
        REQUIRE(&v[i] == where[i]);  // appending more moved nothing
        REQUIRE(v[i] == "item " + std::to_string(i));
    }
    kg::TieredVector<std::string> copy(v);
    REQUIRE(copy.size() == v.size());
    CHECK(copy[0] == "item 0");
    CHECK(copy[1024] == "item 1024");
    CHECK(copy[19999] == "item 19999");
    CHECK(&copy[5] != &v[5]);
    kg::TieredVector<std::string> moved(std::move(copy));
    CHECK(copy.empty());
    REQUIRE(moved.size() == 20000);
    CHECK(&moved[7000] != &v[7000]);
    CHECK(moved[7000] == "item 7000");
    moved = v;
    CHECK(moved[2047] == "item 2047");
    moved.clear();
    CHECK(moved.empty());
    moved.emplace_back("again");
    CHECK(moved[0] == "again");
}

TEST_CASE("CompactGraph: the same lists, ends and properties as adjacency_list, in the same order") {
    for (const auto& [vertices, edges, seed] : {std::tuple<std::size_t, std::size_t, unsigned>{1, 3, 1},
                                                {7, 40, 2},
                                                {3000, 12000, 3}}) {
        CAPTURE(vertices);
        CAPTURE(edges);
        Compact c;
        Oracle o;
        build_both(c, o, vertices, edges, seed);
        REQUIRE(boost::num_vertices(c) == vertices);
        REQUIRE(boost::num_edges(c) == edges);
        for (std::size_t v = 0; v < vertices; ++v) {
            CAPTURE(v);
            REQUIRE(c[v].name == o[v].name);
            REQUIRE(out_list(c, v) == out_list(o, v));
            REQUIRE(in_list(c, v) == in_list(o, v));
            REQUIRE(boost::out_degree(v, c) == boost::out_degree(v, o));
            REQUIRE(boost::in_degree(v, c) == boost::in_degree(v, o));
            REQUIRE(boost::degree(v, c) == boost::out_degree(v, o) + boost::in_degree(v, o));
        }
        // edges(): every edge once, vertex by vertex in their out-edge order.
        std::vector<std::tuple<std::size_t, std::size_t, int>> walked, expected;
        for (auto [it, end] = boost::edges(c); it != end; ++it)
            walked.emplace_back(boost::source(*it, c), boost::target(*it, c), c[*it].weight);
        for (std::size_t v = 0; v < vertices; ++v)
            for (const auto& [to, w] : out_list(o, v)) expected.emplace_back(v, to, w);
        REQUIRE(walked == expected);
        // edge(u, v): the first edge added from u to v, as adjacency_list answers.
        for (std::size_t u = 0; u < std::min<std::size_t>(vertices, 50); ++u)
            for (std::size_t v = 0; v < std::min<std::size_t>(vertices, 6); ++v) {
                const auto [ce, cf] = boost::edge(u, v, c);
                const auto [oe, of] = boost::edge(u, v, o);
                REQUIRE(cf == of);
                if (cf) REQUIRE(c[ce].weight == o[oe].weight);
            }
    }
}

TEST_CASE("CompactGraph: a Boost.Graph algorithm (breadth-first search) gives adjacency_list's answer") {
    Compact c;
    Oracle o;
    build_both(c, o, 2000, 8000, 7);
    std::vector<std::size_t> dc(2000, 0), doracle(2000, 0);
    boost::breadth_first_search(
        c, boost::vertex(0, o),
        boost::visitor(boost::make_bfs_visitor(boost::record_distances(dc.data(), boost::on_tree_edge())))
            .vertex_index_map(boost::get(boost::vertex_index, c)));
    boost::breadth_first_search(
        o, boost::vertex(0, o),
        boost::visitor(boost::make_bfs_visitor(boost::record_distances(doracle.data(), boost::on_tree_edge()))));
    REQUIRE(dc == doracle);
    std::size_t reached = 0;
    for (std::size_t d : dc) reached += d > 0;
    CHECK(reached > 100);  // the search went somewhere: the answer is not all zeros
}

TEST_CASE("CompactGraph: copies are deep, moves take the store") {
    Compact c;
    Oracle o;
    build_both(c, o, 50, 200, 11);
    Compact copy(c);
    REQUIRE(boost::out_degree(3, copy) > 0);
    copy[3].name = "changed";
    copy[*boost::out_edges(3, copy).first].weight = -1;
    CHECK(c[3].name == "v3");
    CHECK(c[*boost::out_edges(3, c).first].weight != -1);
    std::vector<std::vector<std::pair<std::size_t, int>>> before;
    for (std::size_t v = 0; v < 50; ++v) before.push_back(in_list(copy, v));
    Compact moved(std::move(copy));
    CHECK(boost::num_vertices(copy) == 0);
    CHECK(boost::num_edges(copy) == 0);
    REQUIRE(boost::num_edges(moved) == 200);
    CHECK(moved[3].name == "changed");
    for (std::size_t v = 0; v < 50; ++v) {
        CAPTURE(v);
        REQUIRE(in_list(moved, v) == before[v]);
    }
}
