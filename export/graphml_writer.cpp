#include "export/graphml_writer.h"

// GCC 12 at -O2 reports the boost::optional inside adjacency_list's edge iterator as maybe
// uninitialized when write_graphml walks edges(); it is set before use. Silenced here only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/graphml.hpp>
#pragma GCC diagnostic pop
#include <boost/property_map/dynamic_property_map.hpp>

#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "export/jsonld_vocab.h"
#include "export/property_text.h"

namespace kg::output {

namespace {

struct GmlNode {
    std::string key, type, label, name, alternate_names, languages, evidence, merge_reasons;
    int article_count = 0;
};

struct GmlEdge {
    std::string role, evidence;
    int article_count = 0;
};

// vecS storage: vertex i is the i-th node added, which write_graphml names n<i>.
using GmlGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, GmlNode, GmlEdge>;

const std::set<std::string> kFixedKeys = {"key",       "type",     "label",        "name",
                                          "alternateNames", "languages", "articleCount",
                                          "evidence",  "mergeReasons", "role"};

// Replaces what XML 1.0 cannot hold, even as a character reference, with U+FFFD.
std::string xml_safe(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out += "\xEF\xBF\xBD";
        } else if (c == 0xEF && i + 2 < s.size() && s[i + 1] == '\xBF' &&
                   (s[i + 2] == '\xBE' || s[i + 2] == '\xBF')) {
            out += "\xEF\xBF\xBD";
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::vector<std::string> safe_all(const std::set<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& v : values) out.push_back(xml_safe(v));
    return out;
}

}  // namespace

std::string to_graphml(const KnowledgeGraph& graph) {
    GmlGraph h;
    std::map<std::string, std::vector<std::string>> attrs;  // attribute key -> value per vertex
    const auto order = graph.sorted_vertices();
    for (auto v : order) {
        for (const auto& [k, value] : graph.node(v).attrs) {
            if (!is_property_name(k) || kFixedKeys.count(k))
                throw std::runtime_error("to_graphml: attribute name cannot be a GraphML key: '" +
                                         k + "' (node " + graph.node(v).key + ")");
            attrs.emplace(k, std::vector<std::string>(order.size()));
        }
    }
    std::map<Vertex, GmlGraph::vertex_descriptor> index;
    for (auto v : order) {
        const NodeRecord& n = graph.node(v);
        GmlNode g;
        g.key = xml_safe(n.key);
        g.type = std::string(type_name(n.kind));
        g.name = xml_safe(n.name);
        g.label = n.name.empty() ? g.key : g.name;
        std::set<std::string> names, langs;
        for (const auto& f : n.forms) {
            names.insert(f.form);
            if (!f.lang.empty()) langs.insert(f.lang);
        }
        for (const auto& m : n.mentions)
            if (!m.lang.empty()) langs.insert(m.lang.str());
        g.alternate_names = json_strings(safe_all(names));
        g.languages = json_strings(safe_all(langs));
        g.article_count = static_cast<int>(articles_of(n.mentions).size());
        g.evidence = xml_safe(evidence_json(n.mentions));
        g.merge_reasons = json_strings(safe_all(n.reasons));
        auto d = boost::add_vertex(g, h);
        index[v] = d;
        for (const auto& [k, value] : n.attrs) attrs[k][d] = xml_safe(value);
    }
    const Graph& gr = graph.graph();
    // Added in sorted order, and each source's out-edges keep their order: edges(h) then
    // lists them in (from key, to key, role) order.
    for (auto e : graph.sorted_edges()) {
        const EdgeProps& p = gr[e];
        GmlEdge ge{xml_safe(p.role), xml_safe(evidence_json(p.evidence)),
                   static_cast<int>(articles_of(p.evidence).size())};
        boost::add_edge(index.at(boost::source(e, gr)), index.at(boost::target(e, gr)), ge, h);
    }

    boost::dynamic_properties dp;
    dp.property("key", boost::get(&GmlNode::key, h));
    dp.property("type", boost::get(&GmlNode::type, h));
    dp.property("label", boost::get(&GmlNode::label, h));
    dp.property("name", boost::get(&GmlNode::name, h));
    dp.property("alternateNames", boost::get(&GmlNode::alternate_names, h));
    dp.property("languages", boost::get(&GmlNode::languages, h));
    dp.property("articleCount", boost::get(&GmlNode::article_count, h));
    dp.property("evidence", boost::get(&GmlNode::evidence, h));
    dp.property("mergeReasons", boost::get(&GmlNode::merge_reasons, h));
    for (auto& [k, values] : attrs)
        dp.property(k, boost::make_iterator_property_map(values.begin(),
                                                         boost::get(boost::vertex_index, h)));
    dp.property("role", boost::get(&GmlEdge::role, h));
    dp.property("articleCount", boost::get(&GmlEdge::article_count, h));
    dp.property("evidence", boost::get(&GmlEdge::evidence, h));

    std::ostringstream out;
    boost::write_graphml(out, h, dp, true);
    return out.str();
}

}  // namespace kg::output
