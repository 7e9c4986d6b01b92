// kg_gen_graph: a large synthetic graph for the read-back and path benchmarks, written as
// kg's JSON-LD (by the real writer) and as GraphML (for NetworkX), from one seed.
//
//   kg_gen_graph NODES OUT_DIR [SEED]   ->  OUT_DIR/graph.jsonld, OUT_DIR/graph.graphml
// About 55% people, 45% meetings between two of them (MetWith nodes with participant edges),
// 200 countries and a represents edge from every tenth person: the shape kg build gives.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "export/atomic_file.h"
#include "export/jsonld_writer.h"
#include "graph/knowledge_graph.h"

namespace {

std::string person_key(std::size_t i) { return "person:p" + std::to_string(i); }
std::string country_key(std::size_t i) { return "country:C" + std::to_string(i); }

kg::Evidence evidence(std::mt19937_64& rng, std::size_t article_count) {
    // One draw after another, in this order: the graph depends on it.
    const kg::Text article("a" + std::to_string(rng() % article_count));
    const auto begin = static_cast<std::uint32_t>(rng() % 5000);
    const kg::Text sentence("Minister P" + std::to_string(rng() % 100000) +
                            " met his counterpart in the capital on Tuesday.");
    return kg::Evidence(article, kg::Span{begin, begin + 40}, sentence, "en");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: kg_gen_graph NODES OUT_DIR [SEED]\n";
        return 2;
    }
    const std::size_t nodes = std::stoull(argv[1]);
    const std::filesystem::path out = argv[2];
    std::mt19937_64 rng(argc > 3 ? std::stoull(argv[3]) : 1);
    const std::size_t countries = 200;
    const std::size_t people = std::max<std::size_t>(2, (nodes - countries) * 55 / 100);
    const std::size_t meetings = nodes > countries + people ? nodes - countries - people : 0;
    const std::size_t articles = std::max<std::size_t>(1, meetings / 3);

    kg::KnowledgeGraph g;
    for (std::size_t c = 0; c < countries; ++c) {
        kg::NodeRecord n;
        n.key = country_key(c);
        n.kind = kg::NodeKind::Country;
        n.name = "Country " + std::to_string(c);
        n.forms.insert({n.name, "en"});
        g.add_node(n);
    }
    for (std::size_t p = 0; p < people; ++p) {
        kg::NodeRecord n;
        n.key = person_key(p);
        n.kind = kg::NodeKind::Person;
        n.name = "Person " + std::to_string(p);
        n.forms.insert({n.name, "en"});
        n.mentions.insert(evidence(rng, articles));
        g.add_node(n);
        if (p % 10 == 0) g.add_edge({n.key, country_key(p % countries), "represents", {evidence(rng, articles)}});
    }
    // Meetings mostly between people close in number (communities), now and then far apart,
    // so that paths are long but exist.
    for (std::size_t m = 0; m < meetings; ++m) {
        const std::size_t a = rng() % people;
        const std::size_t b = rng() % 8 ? (a + 1 + rng() % 50) % people : rng() % people;
        if (a == b) continue;
        kg::NodeRecord n;
        n.key = "metwith:m" + std::to_string(m);
        n.kind = kg::NodeKind::MetWith;
        n.attrs["startDate"] = "2024-0" + std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10);
        const kg::Evidence e = evidence(rng, articles);
        n.mentions.insert(e);
        g.add_node(n);
        g.add_edge({n.key, person_key(a), "participant", {e}});
        g.add_edge({n.key, person_key(b), "participant", {e}});
    }
    kg::output::write_file_atomically(out / "graph.jsonld", kg::output::to_jsonld(g));

    // GraphML: the same vertices and edges, keys as ids, kinds and roles as attributes.
    std::ofstream gm(out / "graph.graphml", std::ios::binary);
    gm << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
          "<key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
          "<key id=\"role\" for=\"edge\" attr.name=\"role\" attr.type=\"string\"/>\n"
          "<graph id=\"kg\" edgedefault=\"directed\">\n";
    for (auto v : g.sorted_vertices())
        gm << "<node id=\"" << g.node(v).key << "\"><data key=\"kind\">" << kg::kind_name(g.node(v).kind)
           << "</data></node>\n";
    const auto& gr = g.graph();
    for (auto e : g.sorted_edges())
        gm << "<edge source=\"" << gr[boost::source(e, gr)].key << "\" target=\"" << gr[boost::target(e, gr)].key
           << "\"><data key=\"role\">" << gr[e].role << "</data></edge>\n";
    gm << "</graph>\n</graphml>\n";
    std::printf("kg_gen_graph: %zu nodes, %zu edges -> %s\n", g.num_nodes(), g.num_edges(), out.c_str());
    return gm ? 0 : 1;
}
