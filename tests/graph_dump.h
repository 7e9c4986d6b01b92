// Test helpers: a canonical, sorted text dump of a KnowledgeGraph, and record builders.
//
// Owns: the dump format and the ev()/node() builders the graph and JSON-LD tests share. Two graphs are equal for the tests when their dumps are.
// Every field of every node (key, kind, name, forms, mentions, attrs, reasons) and of every edge
// (from, to, role, evidence) is written, in key order, so the dump never depends on merge order.
//   CHECK(kg::testing::dump(a) == kg::testing::dump(b));
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "graph/knowledge_graph.h"

namespace kg::testing {

// Evidence and node records for hand-built test graphs.
inline Evidence ev(const std::string& article, std::uint32_t begin, std::uint32_t end,
                   const std::string& sentence, const std::string& lang) {
    return Evidence{article, Span{begin, end}, sentence, lang};
}

inline NodeRecord node(const std::string& key, NodeKind kind, const std::string& name,
                       const std::string& lang, const EvidenceSet& mentions,
                       const std::map<std::string, std::string>& attrs = {}) {
    NodeRecord n;
    n.key = key;
    n.kind = kind;
    n.name = name;
    if (!name.empty()) n.forms.insert(SurfaceForm{name, lang});
    n.mentions = mentions;
    n.attrs = attrs;
    return n;
}

// A graph node's forms, merge reasons and attributes as the standard containers a NodeRecord holds,
// for tests that compare them with literals.
inline std::set<SurfaceForm> forms_of(const GraphNode& n) {
    std::set<SurfaceForm> out;
    for (const auto& f : n.forms) out.insert(SurfaceForm{f.form, f.lang});
    return out;
}
inline std::set<std::string> reasons_of(const KnowledgeGraph& g, Vertex v) {
    const std::vector<std::string> texts = g.reasons(v).texts();
    return {texts.begin(), texts.end()};
}
inline std::map<std::string, std::string> attrs_of(const GraphNode& n) {
    std::map<std::string, std::string> out;
    for (const auto& [k, value] : n.attrs) out.emplace(k, value);
    return out;
}

inline std::string dump_evidence(const Evidence& e) {
    std::ostringstream out;
    out << e.article() << " [" << e.span.begin << "," << e.span.end << ") lang=" << e.lang()
        << " sentence=" << e.sentence();
    return out.str();
}

// Returns the dump: one "node" block per vertex, then one "edge" block per edge. Never throws
// except std::bad_alloc.
inline std::string dump(const KnowledgeGraph& g) {
    std::ostringstream out;
    for (auto v : g.sorted_vertices()) {
        const GraphNode& n = g.node(v);
        out << "node " << n.key << " kind=" << kind_name(n.kind) << " name=" << n.name << "\n";
        for (const auto& f : n.forms) out << "  form " << f.lang << " " << f.form << "\n";
        for (const auto& m : n.mentions) out << "  mention " << dump_evidence(m) << "\n";
        for (const auto& [k, value] : n.attrs) out << "  attr " << k << "=" << value << "\n";
        for (const auto& r : g.reasons(v).texts()) out << "  reason " << r << "\n";
    }
    const Graph& gr = g.graph();
    for (auto e : g.sorted_edges()) {
        out << "edge " << gr[boost::source(e, gr)].key << " -> " << gr[boost::target(e, gr)].key
            << " role=" << gr[e].role << "\n";
        for (const auto& ev : gr[e].evidence) out << "  evidence " << dump_evidence(ev) << "\n";
    }
    return out.str();
}

}  // namespace kg::testing
