#include "export/neo4j_writer.h"

#include <algorithm>
#include <memory>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "export/jsonld_vocab.h"
#include "export/property_text.h"

namespace kg::output {

namespace {

constexpr char kArrayDelimiter = ';';
constexpr const char* kDelimiterStandIn = "\xEF\xBC\x9B";  // U+FF1B FULLWIDTH SEMICOLON

enum class ColumnType { Id, Label, String, StringArray, Int, StartId, EndId, Type };

struct Column {
    std::string header;  // as written in the CSV header, e.g. "articles:string[]"
    std::string property;  // the property it becomes, e.g. "articles"; empty for structure
    ColumnType type;
};

using Row = std::vector<std::string>;

const std::set<std::string> kFixedNodeProperties = {
    "key", "name", "alternateNames", "languages", "articleCount", "articles", "evidence",
    "mergeReasons"};

std::string group_label(NodeKind kind) {
    if (is_entity(kind)) return "Entity";
    if (is_relation(kind)) return "Relation";
    return "";
}

// Relationship types are the role in capitals; anything but letters and digits becomes '_'.
std::string rel_type(const std::string& role) {
    std::string out;
    for (char c : role) {
        if (c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
        else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
        else out += '_';
    }
    return out.empty() ? "LINK" : out;
}

std::string array_cell(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) out += kArrayDelimiter;
        for (char c : v) {
            if (c == kArrayDelimiter) out += kDelimiterStandIn;
            else out += c;
        }
    }
    return out;
}

void csv_line(TextSink& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out.put(',');
        out.write(csv_field(cells[i]));
    }
    out.put('\n');
}

void csv_header(TextSink& out, const std::vector<Column>& columns) {
    std::vector<std::string> header;
    for (const auto& c : columns) header.push_back(c.header);
    csv_line(out, header);
}

std::string cypher_value(const Column& c) {
    const std::string cell = "row.`" + c.header + "`";
    switch (c.type) {
        case ColumnType::StringArray: return "split(" + cell + ", '" + kArrayDelimiter + "')";
        case ColumnType::Int: return "toInteger(" + cell + ")";
        default: return cell;
    }
}

// The SET list of a LOAD CSV statement: every property column of the table.
std::string cypher_sets(const std::string& var, const std::vector<Column>& columns) {
    std::string out;
    for (const auto& c : columns) {
        if (c.property.empty() || c.type == ColumnType::Id) continue;
        out += out.empty() ? "SET " : ",\n    ";
        out += var + "." + c.property + " = " + cypher_value(c);
    }
    return out;
}

struct RelFile {
    std::string type, from_label, to_label;
    auto operator<=>(const RelFile&) const = default;
    std::string name() const { return "rels_" + type + "_" + from_label + "_" + to_label + ".csv"; }
};

}  // namespace

std::string csv_field(const std::string& value) {
    const bool needs_quotes = value.find_first_of(",\"\r\n") != std::string::npos ||
                              (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!needs_quotes) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

namespace {

// What the files hold, found in one pass before any is written: which nodes go into which
// label's table and with which attribute columns, which edges into which relationship table.
// Rows are made as each file is written, so no file is ever held whole.
struct Plan {
    struct Label {
        NodeKind kind = NodeKind::Person;
        std::set<std::string> attrs;
        std::vector<Vertex> vertices;  // in key order
    };
    std::map<std::string, Label> labels;
    std::map<RelFile, std::vector<EdgeDesc>> rels;  // each in sorted_edges() order
};

std::vector<Column> node_columns(const Plan::Label& label) {
    std::vector<Column> columns = {
        {"key:ID", "key", ColumnType::Id},
        {":LABEL", "", ColumnType::Label},
        {"name", "name", ColumnType::String},
        {"alternateNames:string[]", "alternateNames", ColumnType::StringArray},
        {"languages:string[]", "languages", ColumnType::StringArray}};
    for (const auto& a : label.attrs) columns.push_back({a, a, ColumnType::String});
    columns.push_back({"articleCount:int", "articleCount", ColumnType::Int});
    columns.push_back({"articles:string[]", "articles", ColumnType::StringArray});
    columns.push_back({"evidence", "evidence", ColumnType::String});
    columns.push_back({"mergeReasons", "mergeReasons", ColumnType::String});
    return columns;
}

const std::vector<Column> kRelColumns = {
    {":START_ID", "", ColumnType::StartId},
    {":END_ID", "", ColumnType::EndId},
    {":TYPE", "", ColumnType::Type},
    {"articleCount:int", "articleCount", ColumnType::Int},
    {"articles:string[]", "articles", ColumnType::StringArray},
    {"evidence", "evidence", ColumnType::String}};

std::string labels_cell(const std::string& label, NodeKind kind) {
    const std::string group = group_label(kind);
    return group.empty() ? label : label + ";" + group;
}

void write_nodes(const KnowledgeGraph& g, const std::string& label, const Plan::Label& l,
                 TextSink& out) {
    csv_header(out, node_columns(l));
    const std::string labels = labels_cell(label, l.kind);
    for (auto v : l.vertices) {
        const GraphNode& n = g.node(v);
        const NamesAndLanguages nl = names_and_languages(n);
        const auto arts = articles_of(n.mentions);
        Row r{n.key, labels, n.name, array_cell(nl.names), array_cell(nl.languages)};
        for (const auto& a : l.attrs) {
            auto it = n.attrs.find(a);
            r.push_back(it == n.attrs.end() ? "" : it->second);
        }
        r.push_back(std::to_string(arts.size()));
        r.push_back(array_cell(arts));
        r.push_back(n.mentions.empty() ? "" : evidence_json(n.mentions));
        r.push_back(g.reasons(v).empty() ? "" : json_strings(g.reasons(v).texts()));
        csv_line(out, r);
    }
    out.flush();
}

void write_rels(const KnowledgeGraph& g, const RelFile& f, const std::vector<EdgeDesc>& edges,
                TextSink& out) {
    csv_header(out, kRelColumns);
    const Graph& gr = g.graph();
    for (auto e : edges) {
        const EdgeProps& p = gr[e];
        const auto arts = articles_of(p.evidence);
        csv_line(out, {gr[boost::source(e, gr)].key, gr[boost::target(e, gr)].key, f.type,
                       std::to_string(arts.size()), array_cell(arts),
                       p.evidence.empty() ? "" : evidence_json(p.evidence)});
    }
    out.flush();
}

void write_text(const std::string& text, TextSink& out) {
    out.write(text);
    out.flush();
}

}  // namespace

std::vector<NamedWriter> neo4j_writers(const KnowledgeGraph& g) {
    auto plan = std::make_shared<Plan>();
    // Nodes, one table per label, with the attribute columns that label uses.
    for (auto v : g.sorted_vertices()) {
        const GraphNode& n = g.node(v);
        Plan::Label& l = plan->labels[std::string(type_name(n.kind))];
        l.vertices.push_back(v);
        l.kind = n.kind;
        for (const auto& [k, value] : n.attrs) {
            if (!is_property_name(k) || kFixedNodeProperties.count(k))
                throw std::runtime_error("to_neo4j: attribute name cannot be a column: '" + k +
                                         "' (node " + n.key + ")");
            l.attrs.insert(k);
        }
        // Relationships, one table per type and pair of end labels (so a loader can match
        // both ends by label, and Kuzu can copy each file into its FROM/TO pair).
        const Graph& gr = g.graph();
        for (auto e : g.sorted_out_edges(v)) {
            RelFile f{rel_type(gr[e].role), std::string(type_name(n.kind)),
                      std::string(type_name(gr[boost::target(e, gr)].kind))};
            plan->rels[f].push_back(e);
        }
    }

    std::vector<NamedWriter> files;
    std::string cypher_nodes, cypher_constraints, import_nodes;
    for (const auto& [label, l] : plan->labels) {
        const std::string file = "nodes_" + label + ".csv";
        const std::string group = group_label(l.kind);
        const Plan::Label* lp = &l;
        const std::string name = label;
        files.push_back({file, [&g, plan, lp, name](TextSink& out) {
                             write_nodes(g, name, *lp, out);
                         }});
        import_nodes += "  --nodes=" + file + " \\\n";
        cypher_constraints += "CREATE CONSTRAINT kg_" + label + "_key IF NOT EXISTS FOR (n:" +
                              label + ") REQUIRE n.key IS UNIQUE;\n";
        cypher_nodes += "\nLOAD CSV WITH HEADERS FROM 'file:///" + file + "' AS row\nMERGE (n:" +
                        label + " {key: row.`key:ID`})\n" +
                        (group.empty() ? "" : "SET n:" + group + "\n") +
                        cypher_sets("n", node_columns(l)) + ";\n";
    }
    std::string cypher_rels, import_rels;
    for (const auto& [f, edges] : plan->rels) {
        const RelFile* fp = &f;
        const std::vector<EdgeDesc>* ep = &edges;
        files.push_back({f.name(), [&g, plan, fp, ep](TextSink& out) {
                             write_rels(g, *fp, *ep, out);
                         }});
        import_rels += "  --relationships=" + f.name() + " \\\n";
        cypher_rels += "\nLOAD CSV WITH HEADERS FROM 'file:///" + f.name() +
                       "' AS row\nMATCH (a:" + f.from_label + " {key: row.`:START_ID`}), (b:" +
                       f.to_label + " {key: row.`:END_ID`})\nMERGE (a)-[r:" + f.type + "]->(b)\n" +
                       cypher_sets("r", kRelColumns) + ";\n";
    }

    std::string import_sh =
        "#!/bin/sh\n"
        "# Written by 'kg build --format neo4j'. Imports this folder into a new Neo4j 5 database\n"
        "# with neo4j-admin (the database must be stopped; it is replaced):\n"
        "#   sh import.sh [DATABASE]        (default: neo4j)\n"
        "set -e\n"
        "cd \"$(dirname \"$0\")\"\n"
        "neo4j-admin database import full --overwrite-destination --multiline-fields=true \\\n"
        "  --array-delimiter=';' --id-type=string \\\n" +
        import_nodes + import_rels + "  \"${1:-neo4j}\"\n";
    files.push_back({"import.sh", [text = std::move(import_sh)](TextSink& out) {
                         write_text(text, out);
                     }});
    std::string load =
        "// Written by 'kg build --format neo4j'. Loads the CSV files of this folder into a\n"
        "// running Neo4j 5: copy them into the database's import directory, then\n"
        "//   cypher-shell -u neo4j -p PASSWORD -f load.cypher\n"
        "// The same files also import offline with import.sh (neo4j-admin).\n\n" +
        cypher_constraints + cypher_nodes + cypher_rels;
    files.push_back({"load.cypher", [text = std::move(load)](TextSink& out) {
                         write_text(text, out);
                     }});
    std::sort(files.begin(), files.end(),
              [](const NamedWriter& a, const NamedWriter& b) { return a.name < b.name; });
    return files;
}

std::vector<NamedText> to_neo4j(const KnowledgeGraph& g) {
    std::vector<NamedText> out;
    for (const auto& file : neo4j_writers(g)) {
        std::string text;
        TextSink sink(text);
        file.write(sink);
        out.push_back({file.name, std::move(text)});
    }
    return out;
}

}  // namespace kg::output
