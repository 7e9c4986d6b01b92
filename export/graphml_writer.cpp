#include "export/graphml_writer.h"

#include <boost/property_tree/detail/xml_parser_utils.hpp>

#include <map>
#include <set>
#include <stdexcept>
#include <vector>

#include "export/jsonld_vocab.h"
#include "export/property_text.h"

namespace kg::output {

namespace {

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

template <typename Strings>
std::vector<std::string> safe_all(const Strings& values) {
    std::vector<std::string> out;
    for (const auto& v : values) out.push_back(xml_safe(v));
    return out;
}

// The file is what Boost.Graph's write_graphml writes for a graph of the same nodes and edges
// with one dynamic property per key (the tests read it back with read_graphml), written here
// one node and one edge at a time: a copy of the graph with every value as a string, and the
// whole text, cost more than the graph itself. Keys are numbered in the order write_graphml
// takes its properties, by name (a node's key before an edge's of the same name); each value
// is escaped by the function write_graphml uses.
enum class Value { Key, Type, Label, Name, AlternateNames, Languages, ArticleCount, Evidence,
                   MergeReasons, Attr, Role };

struct Column {
    std::string id;     // key0, key1, ...
    Value value;
    std::string attr;   // the attribute, for Value::Attr
};

void data(TextSink& out, const std::string& id, const std::string& value) {
    out.write("      <data key=\"");
    out.write(id);
    out.write("\">");
    out.write(boost::property_tree::xml_parser::encode_char_entities(value));
    out.write("</data>\n");
}

}  // namespace

void write_graphml(const KnowledgeGraph& graph, TextSink& out) {
    const auto& order = graph.sorted_vertices();
    std::set<std::string> attr_names;
    for (auto v : order) {
        for (const auto& [k, value] : graph.node(v).attrs) {
            if (!is_property_name(k) || kFixedKeys.count(k))
                throw std::runtime_error("to_graphml: attribute name cannot be a GraphML key: '" +
                                         k + "' (node " + graph.node(v).key + ")");
            attr_names.insert(k);
        }
    }
    // (name, node first, value): sorted as write_graphml's property map sorts them.
    std::multimap<std::string, std::pair<bool, Value>> props = {
        {"key", {true, Value::Key}},
        {"type", {true, Value::Type}},
        {"label", {true, Value::Label}},
        {"name", {true, Value::Name}},
        {"alternateNames", {true, Value::AlternateNames}},
        {"languages", {true, Value::Languages}},
        {"articleCount", {true, Value::ArticleCount}},
        {"evidence", {true, Value::Evidence}},
        {"mergeReasons", {true, Value::MergeReasons}}};
    for (const auto& a : attr_names) props.emplace(a, std::pair{true, Value::Attr});
    props.emplace("role", std::pair{false, Value::Role});
    props.emplace("articleCount", std::pair{false, Value::ArticleCount});
    props.emplace("evidence", std::pair{false, Value::Evidence});

    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
              "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
              "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
              "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    std::vector<Column> node_columns, edge_columns;
    int count = 0;
    for (const auto& entry : props) {
        const std::string id = "key" + std::to_string(count++);
        const bool for_node = entry.second.first;
        const Value value = entry.second.second;
        (for_node ? node_columns : edge_columns).push_back({id, value, entry.first});
        out.write("  <key id=\"" + id + "\" for=\"" + (for_node ? "node" : "edge") +
                  "\" attr.name=\"" + entry.first + "\" attr.type=\"" +
                  (value == Value::ArticleCount ? "int" : "string") + "\" />\n");
    }
    out.write("  <graph id=\"G\" edgedefault=\"directed\" parse.nodeids=\"canonical\" "
              "parse.edgeids=\"canonical\" parse.order=\"nodesfirst\">\n");

    std::vector<std::size_t> index(graph.num_nodes());
    for (std::size_t i = 0; i < order.size(); ++i) index[order[i]] = i;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const GraphNode& n = graph.node(order[i]);
        const NamesAndLanguages nl = names_and_languages(n);
        out.write("    <node id=\"n" + std::to_string(i) + "\">\n");
        for (const Column& c : node_columns) {
            switch (c.value) {
                case Value::Key: data(out, c.id, xml_safe(n.key)); break;
                case Value::Type: data(out, c.id, std::string(type_name(n.kind))); break;
                case Value::Label:
                    data(out, c.id, xml_safe(n.name.empty() ? n.key : n.name.text()));
                    break;
                case Value::Name: data(out, c.id, xml_safe(n.name)); break;
                case Value::AlternateNames: data(out, c.id, json_strings(safe_all(nl.names))); break;
                case Value::Languages: data(out, c.id, json_strings(safe_all(nl.languages))); break;
                case Value::ArticleCount:
                    data(out, c.id, std::to_string(articles_of(n.mentions).size()));
                    break;
                case Value::Evidence: data(out, c.id, xml_safe(evidence_json(n.mentions))); break;
                case Value::MergeReasons: data(out, c.id, json_strings(safe_all(graph.reasons(order[i]).texts()))); break;
                case Value::Attr: {
                    auto it = n.attrs.find(c.attr);
                    data(out, c.id, it == n.attrs.end() ? std::string() : xml_safe(it->second));
                    break;
                }
                case Value::Role: break;
            }
        }
        out.write("    </node>\n");
    }
    const Graph& gr = graph.graph();
    std::size_t edge_count = 0;
    for (auto v : order) {
        for (auto e : graph.sorted_out_edges(v)) {
            const EdgeProps& p = gr[e];
            out.write("    <edge id=\"e" + std::to_string(edge_count++) + "\" source=\"n" +
                      std::to_string(index[boost::source(e, gr)]) + "\" target=\"n" +
                      std::to_string(index[boost::target(e, gr)]) + "\">\n");
            for (const Column& c : edge_columns) {
                if (c.value == Value::Role) data(out, c.id, xml_safe(p.role));
                else if (c.value == Value::ArticleCount)
                    data(out, c.id, std::to_string(articles_of(p.evidence).size()));
                else data(out, c.id, xml_safe(evidence_json(p.evidence)));
            }
            out.write("    </edge>\n");
        }
    }
    out.write("  </graph>\n</graphml>\n");
    out.flush();
}

std::string to_graphml(const KnowledgeGraph& graph) {
    std::string text;
    TextSink sink(text);
    write_graphml(graph, sink);
    return text;
}

}  // namespace kg::output
