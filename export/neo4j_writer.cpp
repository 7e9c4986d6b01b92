#include "export/neo4j_writer.h"

#include <algorithm>
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

struct Table {
    std::vector<Column> columns;
    std::vector<Row> rows;
};

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

std::string csv_text(const Table& t) {
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) out += ',';
            out += csv_field(cells[i]);
        }
        out += '\n';
    };
    std::vector<std::string> header;
    for (const auto& c : t.columns) header.push_back(c.header);
    line(header);
    for (const auto& r : t.rows) line(r);
    return out;
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

std::vector<NamedText> to_neo4j(const KnowledgeGraph& g) {
    // Nodes, one table per label, with the attribute columns that label uses.
    std::map<std::string, std::vector<Vertex>> by_label;
    std::map<std::string, std::set<std::string>> attrs_of;
    std::map<std::string, NodeKind> kind_of_label;
    for (auto v : g.sorted_vertices()) {
        const NodeRecord& n = g.node(v);
        const std::string label(type_name(n.kind));
        by_label[label].push_back(v);
        kind_of_label[label] = n.kind;
        for (const auto& [k, value] : n.attrs) {
            if (!is_property_name(k) || kFixedNodeProperties.count(k))
                throw std::runtime_error("to_neo4j: attribute name cannot be a column: '" + k +
                                         "' (node " + n.key + ")");
            attrs_of[label].insert(k);
        }
    }
    std::vector<NamedText> files;
    std::string cypher_nodes, cypher_constraints, import_nodes;
    for (const auto& [label, vertices] : by_label) {
        Table t;
        t.columns = {{"key:ID", "key", ColumnType::Id},
                     {":LABEL", "", ColumnType::Label},
                     {"name", "name", ColumnType::String},
                     {"alternateNames:string[]", "alternateNames", ColumnType::StringArray},
                     {"languages:string[]", "languages", ColumnType::StringArray}};
        for (const auto& a : attrs_of[label]) t.columns.push_back({a, a, ColumnType::String});
        t.columns.push_back({"articleCount:int", "articleCount", ColumnType::Int});
        t.columns.push_back({"articles:string[]", "articles", ColumnType::StringArray});
        t.columns.push_back({"evidence", "evidence", ColumnType::String});
        t.columns.push_back({"mergeReasons", "mergeReasons", ColumnType::String});
        const std::string group = group_label(kind_of_label[label]);
        const std::string labels = group.empty() ? label : label + ";" + group;
        for (auto v : vertices) {
            const NodeRecord& n = g.node(v);
            std::set<std::string> names, langs;
            for (const auto& f : n.forms) {
                names.insert(f.form);
                if (!f.lang.empty()) langs.insert(f.lang);
            }
            for (const auto& m : n.mentions)
                if (!m.lang.empty()) langs.insert(m.lang.str());
            const auto arts = articles_of(n.mentions);
            Row r{n.key, labels, n.name, array_cell({names.begin(), names.end()}),
                  array_cell({langs.begin(), langs.end()})};
            for (const auto& a : attrs_of[label]) {
                auto it = n.attrs.find(a);
                r.push_back(it == n.attrs.end() ? "" : it->second);
            }
            r.push_back(std::to_string(arts.size()));
            r.push_back(array_cell(arts));
            r.push_back(n.mentions.empty() ? "" : evidence_json(n.mentions));
            r.push_back(n.reasons.empty() ? ""
                                          : json_strings({n.reasons.begin(), n.reasons.end()}));
            t.rows.push_back(std::move(r));
        }
        const std::string file = "nodes_" + label + ".csv";
        files.push_back({file, csv_text(t)});
        import_nodes += "  --nodes=" + file + " \\\n";
        cypher_constraints += "CREATE CONSTRAINT kg_" + label + "_key IF NOT EXISTS FOR (n:" +
                              label + ") REQUIRE n.key IS UNIQUE;\n";
        cypher_nodes += "\nLOAD CSV WITH HEADERS FROM 'file:///" + file + "' AS row\nMERGE (n:" +
                        label + " {key: row.`key:ID`})\n" +
                        (group.empty() ? "" : "SET n:" + group + "\n") +
                        cypher_sets("n", t.columns) + ";\n";
    }

    // Relationships, one table per type and pair of end labels (so a loader can match both
    // ends by label, and Kuzu can copy each file into its FROM/TO pair).
    const Graph& gr = g.graph();
    const std::vector<Column> rel_columns = {
        {":START_ID", "", ColumnType::StartId},
        {":END_ID", "", ColumnType::EndId},
        {":TYPE", "", ColumnType::Type},
        {"articleCount:int", "articleCount", ColumnType::Int},
        {"articles:string[]", "articles", ColumnType::StringArray},
        {"evidence", "evidence", ColumnType::String}};
    std::map<RelFile, Table> rels;
    for (auto e : g.sorted_edges()) {
        const NodeRecord& a = gr[boost::source(e, gr)];
        const NodeRecord& b = gr[boost::target(e, gr)];
        const EdgeProps& p = gr[e];
        RelFile f{rel_type(p.role), std::string(type_name(a.kind)), std::string(type_name(b.kind))};
        Table& t = rels[f];
        t.columns = rel_columns;
        const auto arts = articles_of(p.evidence);
        t.rows.push_back({a.key, b.key, f.type, std::to_string(arts.size()), array_cell(arts),
                          p.evidence.empty() ? "" : evidence_json(p.evidence)});
    }
    std::string cypher_rels, import_rels;
    for (const auto& [f, t] : rels) {
        files.push_back({f.name(), csv_text(t)});
        import_rels += "  --relationships=" + f.name() + " \\\n";
        cypher_rels += "\nLOAD CSV WITH HEADERS FROM 'file:///" + f.name() +
                       "' AS row\nMATCH (a:" + f.from_label + " {key: row.`:START_ID`}), (b:" +
                       f.to_label + " {key: row.`:END_ID`})\nMERGE (a)-[r:" + f.type + "]->(b)\n" +
                       cypher_sets("r", t.columns) + ";\n";
    }

    files.push_back(
        {"import.sh",
         "#!/bin/sh\n"
         "# Written by 'kg build --format neo4j'. Imports this folder into a new Neo4j 5 database\n"
         "# with neo4j-admin (the database must be stopped; it is replaced):\n"
         "#   sh import.sh [DATABASE]        (default: neo4j)\n"
         "set -e\n"
         "cd \"$(dirname \"$0\")\"\n"
         "neo4j-admin database import full --overwrite-destination --multiline-fields=true \\\n"
         "  --array-delimiter=';' --id-type=string \\\n" +
             import_nodes + import_rels + "  \"${1:-neo4j}\"\n"});
    files.push_back(
        {"load.cypher",
         "// Written by 'kg build --format neo4j'. Loads the CSV files of this folder into a\n"
         "// running Neo4j 5: copy them into the database's import directory, then\n"
         "//   cypher-shell -u neo4j -p PASSWORD -f load.cypher\n"
         "// The same files also import offline with import.sh (neo4j-admin).\n\n" +
             cypher_constraints + cypher_nodes + cypher_rels});
    std::sort(files.begin(), files.end(),
              [](const NamedText& a, const NamedText& b) { return a.name < b.name; });
    return files;
}

}  // namespace kg::output
