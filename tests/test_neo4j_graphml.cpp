// Tests for export/neo4j_writer, export/graphml_writer and export/output_set, and for
// 'kg build --format': the CSV files are read back with an RFC 4180 reader written here and the
// GraphML with Boost's read_graphml, and every name, sentence and evidence list is compared
// with the graph it came from; outputs do not depend on merge order; output sets are written
// whole or not at all.
#include <doctest/doctest.h>

#include "command_run.h"

#include <unistd.h>
#include <rapidjson/document.h>
#include <sys/wait.h>

#include <boost/graph/graphml.hpp>
#include <boost/property_map/dynamic_property_map.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "export/graphml_writer.h"
#include "export/neo4j_writer.h"
#include "export/output_set.h"
#include "tests/graph_dump.h"

namespace {

namespace fs = std::filesystem;

using kg_test::run_kg;
using kg_test::Run;
using kg_test::slurp;
using kg_test::temp_dir;
using kg::NodeKind;
using kg::testing::ev;
using kg::testing::node;

const std::string kLavrov = "person:sergey-lavrov";
const std::string kBhutto = "person:bilawal-bhutto-zardari";
const std::string kMetWith = "metwith:bilawal-bhutto-zardari+sergey-lavrov";
const std::string kPlanned = "agreement:ar-1:PK+RU:planned";
// Everything CSV and XML must escape, in one sentence and one name.
const std::string kSentence = "التقى لافروف, \"الوزير\"\nبنظيره <b>&amp;</b> في غوا;\r\nآخر";
const std::string kOddName = "O'Brien, \"the <Fox>\" & co; \x01ltd ";

std::vector<kg::Extraction> articles() {
    kg::Extraction ar{"ar-1", "ar", "2023-05-04", {}, {}};
    auto lavrov = node(kLavrov, NodeKind::Person, "Sergey Lavrov", "en",
                       {ev("ar-1", 12, 23, kSentence, "ar")});
    lavrov.forms.insert({"سيرغي لافروف", "ar"});
    lavrov.reasons.insert("ar: transliterated \"lavrov\"");
    ar.nodes.push_back(lavrov);
    ar.nodes.push_back(node("country:RU", NodeKind::Country, "Russia", "en",
                            {ev("ar-1", 0, 10, kSentence, "ar")}, {{"identifier", "RU"}}));
    ar.nodes.push_back(node(kMetWith, NodeKind::MetWith, "", "",
                            {ev("ar-1", 0, 60, kSentence, "ar")}, {{"startDate", "2023-05-04"}}));
    ar.nodes.push_back(node(kPlanned, NodeKind::Agreement, "", "",
                            {ev("ar-1", 0, 60, kSentence, "ar")}, {{"status", "planned"}}));
    ar.edges.push_back({kMetWith, kLavrov, "participant", {ev("ar-1", 12, 23, kSentence, "ar")}});
    ar.edges.push_back({kMetWith, kBhutto, "participant", {ev("ar-1", 30, 50, kSentence, "ar")}});
    ar.edges.push_back({kPlanned, kLavrov, "party", {ev("ar-1", 12, 23, kSentence, "ar")}});
    ar.edges.push_back({kLavrov, "country:RU", "represents", {ev("ar-1", 0, 23, "", "ar")}});

    kg::Extraction hi{"hi-1", "hi", "", {}, {}};
    hi.nodes.push_back(node(kBhutto, NodeKind::Person, "बिलावल भुट्टो ज़रदारी", "hi",
                            {ev("hi-1", 3, 40, "बिलावल भुट्टो ज़रदारी ने कहा।", "hi")}));
    hi.nodes.push_back(node("organization:odd", NodeKind::Organization, kOddName, "en",
                            {ev("hi-1", 0, 2, "x", "en")}));
    hi.nodes.push_back(node(kMetWith, NodeKind::MetWith, "", "",
                            {ev("hi-1", 0, 44, "लावरोव ने बिलावल से मुलाकात की।", "hi")}));
    hi.edges.push_back({kMetWith, kLavrov, "participant", {ev("hi-1", 0, 8, "लावरोव", "hi")}});
    return {ar, hi};
}

kg::KnowledgeGraph graph_in_order(bool forward) {
    kg::KnowledgeGraph g;
    auto xs = articles();
    if (!forward) std::reverse(xs.begin(), xs.end());
    for (const auto& x : xs) g.merge(x);
    return g;
}

// RFC 4180, strictly: a quoted field ends at a lone quote followed by a comma or a line end;
// anything else after it is an error, so sloppy quoting fails the test.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    std::size_t i = 0;
    bool at_field_start = true;
    while (i < text.size()) {
        char c = text[i];
        if (at_field_start && c == '"') {
            ++i;
            while (true) {
                if (i >= text.size()) throw std::runtime_error("unterminated quoted field");
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
            if (i < text.size() && text[i] != ',' && text[i] != '\n')
                throw std::runtime_error("text after a closing quote");
            at_field_start = false;
            continue;
        }
        at_field_start = false;
        if (c == '"') throw std::runtime_error("quote inside an unquoted field");
        if (c == '\r') throw std::runtime_error("bare CR outside quotes");
        if (c == ',') {
            row.push_back(field);
            field.clear();
            at_field_start = true;
        } else if (c == '\n') {
            row.push_back(field);
            field.clear();
            rows.push_back(row);
            row.clear();
            at_field_start = true;
        } else {
            field += c;
        }
        ++i;
    }
    if (!row.empty() || !field.empty()) throw std::runtime_error("last line has no line end");
    return rows;
}

std::map<std::string, std::string> by_name(const std::vector<kg::output::NamedText>& files) {
    std::map<std::string, std::string> out;
    for (const auto& f : files) out[f.name] = f.text;
    return out;
}

// Rows of a CSV as maps from header to cell.
std::vector<std::map<std::string, std::string>> records(const std::string& csv) {
    auto rows = read_csv(csv);
    REQUIRE(!rows.empty());
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        REQUIRE(rows[r].size() == rows[0].size());
        std::map<std::string, std::string> m;
        for (std::size_t c = 0; c < rows[0].size(); ++c) m[rows[0][c]] = rows[r][c];
        out.push_back(m);
    }
    return out;
}


}  // namespace

TEST_CASE("csv_field quotes exactly what RFC 4180 needs") {
    struct Case {
        std::string in, out;
    };
    const std::vector<Case> cases = {
        {"", ""},
        {"plain", "plain"},
        {"سيرغي لافروف", "سيرغي لافروف"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"line\nbreak", "\"line\nbreak\""},
        {"cr\r\nlf", "\"cr\r\nlf\""},
        {" padded", "\" padded\""},
        {"<b>&amp;</b>;", "<b>&amp;</b>;"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        CHECK(kg::output::csv_field(c.in) == c.out);
        CHECK(read_csv(kg::output::csv_field(c.in) + "\n").at(0).at(0) == c.in);
    }
}

TEST_CASE("to_neo4j writes one node file per label and one relationship file per type and ends") {
    const kg::KnowledgeGraph g = graph_in_order(true);
    auto files = by_name(kg::output::to_neo4j(g));
    std::vector<std::string> names;
    for (const auto& [n, text] : files) names.push_back(n);
    CHECK(names == std::vector<std::string>{
                       "import.sh", "load.cypher", "nodes_Agreement.csv", "nodes_Country.csv",
                       "nodes_MetWith.csv", "nodes_Organization.csv", "nodes_Person.csv",
                       "rels_PARTICIPANT_MetWith_Person.csv", "rels_PARTY_Agreement_Person.csv",
                       "rels_REPRESENTS_Person_Country.csv"});

    CHECK(read_csv(files["nodes_Person.csv"]).at(0) ==
          std::vector<std::string>{"key:ID", ":LABEL", "name", "alternateNames:string[]",
                                   "languages:string[]", "articleCount:int", "articles:string[]",
                                   "evidence", "mergeReasons"});
    CHECK(read_csv(files["nodes_Agreement.csv"]).at(0) ==
          std::vector<std::string>{"key:ID", ":LABEL", "name", "alternateNames:string[]",
                                   "languages:string[]", "status", "articleCount:int",
                                   "articles:string[]", "evidence", "mergeReasons"});
    CHECK(read_csv(files["rels_PARTICIPANT_MetWith_Person.csv"]).at(0) ==
          std::vector<std::string>{":START_ID", ":END_ID", ":TYPE", "articleCount:int",
                                   "articles:string[]", "evidence"});

    // Every node and every edge once, with its label or type.
    std::size_t node_rows = 0, rel_rows = 0;
    for (const auto& [name, text] : files) {
        if (name.starts_with("nodes_")) {
            for (const auto& r : records(text)) {
                ++node_rows;
                auto v = g.find(r.at("key:ID"));
                REQUIRE(v);
                CHECK(name == "nodes_" + r.at(":LABEL").substr(0, r.at(":LABEL").find(';')) + ".csv");
            }
        }
        if (name.starts_with("rels_")) {
            for (const auto& r : records(text)) {
                ++rel_rows;
                CHECK(name.starts_with("rels_" + r.at(":TYPE") + "_"));
            }
        }
    }
    CHECK(node_rows == g.num_nodes());
    CHECK(rel_rows == g.num_edges());

    auto people = records(files["nodes_Person.csv"]);
    REQUIRE(people.size() == 2);
    const auto& lavrov = people[1];  // sorted by key: bilawal, sergey
    CHECK(lavrov.at("key:ID") == kLavrov);
    CHECK(lavrov.at(":LABEL") == "Person;Entity");
    CHECK(lavrov.at("alternateNames:string[]") == "Sergey Lavrov;سيرغي لافروف");
    CHECK(lavrov.at("languages:string[]") == "ar;en");
    CHECK(lavrov.at("articleCount:int") == "1");
    CHECK(lavrov.at("mergeReasons") == "[\"ar: transliterated \\\"lavrov\\\"\"]");
    rapidjson::Document evidence;
    evidence.Parse(lavrov.at("evidence").c_str());
    REQUIRE(evidence.IsArray());
    REQUIRE(evidence.Size() == 1);
    CHECK(std::string(evidence[0]["sentence"].GetString()) == kSentence);
    CHECK(evidence[0]["start"].GetUint() == 12);
    CHECK(evidence[0]["end"].GetUint() == 23);
    CHECK(std::string(evidence[0]["article"].GetString()) == "ar-1");

    // The odd name comes back byte for byte, but for its ';' (the array delimiter) in the list.
    auto orgs = records(files["nodes_Organization.csv"]);
    REQUIRE(orgs.size() == 1);
    CHECK(orgs[0].at("name") == kOddName);
    CHECK(orgs[0].at("alternateNames:string[]") ==
          "O'Brien, \"the <Fox>\" & co\xEF\xBC\x9B \x01ltd ");

    // The planned agreement is a node with its status, not a fact between actors.
    auto agreements = records(files["nodes_Agreement.csv"]);
    REQUIRE(agreements.size() == 1);
    CHECK(agreements[0].at("status") == "planned");
    CHECK(agreements[0].at(":LABEL") == "Agreement;Relation");

    auto participants = records(files["rels_PARTICIPANT_MetWith_Person.csv"]);
    REQUIRE(participants.size() == 2);
    CHECK(participants[1].at(":START_ID") == kMetWith);
    CHECK(participants[1].at(":END_ID") == kLavrov);
    CHECK(participants[1].at("articles:string[]") == "ar-1;hi-1");
    CHECK(participants[1].at("articleCount:int") == "2");
}

TEST_CASE("the neo4j-admin command and the LOAD CSV script name every file") {
    auto files = by_name(kg::output::to_neo4j(graph_in_order(true)));
    const std::string& sh = files["import.sh"];
    const std::string& cypher = files["load.cypher"];
    CHECK(sh.find("neo4j-admin database import full --overwrite-destination "
                  "--multiline-fields=true") != std::string::npos);
    for (const auto& file : files) {
        const std::string& name = file.first;
        if (!name.ends_with(".csv")) continue;
        CAPTURE(name);
        const bool node_file = name.starts_with("nodes_");
        CHECK(sh.find((node_file ? "  --nodes=" : "  --relationships=") + name + " \\\n") !=
              std::string::npos);
        CHECK(cypher.find("LOAD CSV WITH HEADERS FROM 'file:///" + name + "' AS row\n") !=
              std::string::npos);
    }
    CHECK(cypher.find("CREATE CONSTRAINT kg_Person_key IF NOT EXISTS FOR (n:Person) REQUIRE "
                      "n.key IS UNIQUE;\n") != std::string::npos);
    CHECK(cypher.find("MATCH (a:MetWith {key: row.`:START_ID`}), (b:Person {key: "
                      "row.`:END_ID`})\nMERGE (a)-[r:PARTICIPANT]->(b)\n") != std::string::npos);
    CHECK(cypher.find("    n.alternateNames = split(row.`alternateNames:string[]`, ';'),\n") !=
          std::string::npos);
}

TEST_CASE("Neo4j and GraphML outputs do not depend on the order articles were merged") {
    const kg::KnowledgeGraph a = graph_in_order(true), b = graph_in_order(false);
    REQUIRE(kg::testing::dump(a) == kg::testing::dump(b));
    auto fa = kg::output::to_neo4j(a), fb = kg::output::to_neo4j(b);
    REQUIRE(fa.size() == fb.size());
    for (std::size_t i = 0; i < fa.size(); ++i) {
        CAPTURE(fa[i].name);
        CHECK(fa[i].name == fb[i].name);
        CHECK(fa[i].text == fb[i].text);
    }
    CHECK(kg::output::to_graphml(a) == kg::output::to_graphml(b));
}

TEST_CASE("an attribute that cannot be a column or key is refused, naming it and its node") {
    kg::KnowledgeGraph g;
    g.add_node(node("person:x", NodeKind::Person, "X", "en", {}, {{"bad name", "1"}}));
    CHECK_THROWS_WITH_AS(kg::output::to_neo4j(g),
                         "to_neo4j: attribute name cannot be a column: 'bad name' (node person:x)",
                         std::runtime_error);
    CHECK_THROWS_WITH_AS(kg::output::to_graphml(g),
                         "to_graphml: attribute name cannot be a GraphML key: 'bad name' (node "
                         "person:x)",
                         std::runtime_error);
    kg::KnowledgeGraph fixed;
    fixed.add_node(node("person:y", NodeKind::Person, "Y", "en", {}, {{"name", "Z"}}));
    CHECK_THROWS_WITH_AS(kg::output::to_neo4j(fixed),
                         "to_neo4j: attribute name cannot be a column: 'name' (node person:y)",
                         std::runtime_error);
}

TEST_CASE("GraphML reads back with Boost's read_graphml, names and sentences intact") {
    const kg::KnowledgeGraph g = graph_in_order(true);
    const std::string text = kg::output::to_graphml(g);
    CHECK(text.find("<node id=\"n0\">") != std::string::npos);
    CHECK(text.find("\x01") == std::string::npos);
    CHECK(text.find(">O&apos;Brien, &quot;the &lt;Fox&gt;&quot; &amp; co; \xEF\xBF\xBDltd </data>") !=
          std::string::npos);

    struct V {
        std::string key, type, label, name, alternate_names, evidence, status, identifier;
        int article_count = 0;
    };
    struct E {
        std::string role, evidence;
        int article_count = 0;
    };
    using G = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, V, E>;
    G h;
    boost::dynamic_properties dp(boost::ignore_other_properties);
    dp.property("key", boost::get(&V::key, h));
    dp.property("type", boost::get(&V::type, h));
    dp.property("label", boost::get(&V::label, h));
    dp.property("name", boost::get(&V::name, h));
    dp.property("alternateNames", boost::get(&V::alternate_names, h));
    dp.property("evidence", boost::get(&V::evidence, h));
    dp.property("status", boost::get(&V::status, h));
    dp.property("identifier", boost::get(&V::identifier, h));
    dp.property("articleCount", boost::get(&V::article_count, h));
    dp.property("role", boost::get(&E::role, h));
    dp.property("evidence", boost::get(&E::evidence, h));
    dp.property("articleCount", boost::get(&E::article_count, h));
    std::istringstream in(text);
    boost::read_graphml(in, h, dp);

    REQUIRE(boost::num_vertices(h) == g.num_nodes());
    REQUIRE(boost::num_edges(h) == g.num_edges());
    // Nodes in key order: n<i> is the i-th sorted vertex.
    const auto order = g.sorted_vertices();
    for (std::size_t i = 0; i < order.size(); ++i) {
        const kg::GraphNode& n = g.node(order[i]);
        CAPTURE(n.key);
        CHECK(h[i].key == n.key);
        // XML cannot carry U+0001: it becomes U+FFFD, everything else is as written (Boost's
        // reader trims the trailing space, which the file has: checked on the text above).
        const std::string name = n.key == "organization:odd"
                                     ? "O'Brien, \"the <Fox>\" & co; \xEF\xBF\xBDltd"
                                     : n.name.str();
        CHECK(h[i].name == name);
        CHECK(h[i].label == (n.name.empty() ? n.key.str() : name));
        if (n.key == kLavrov) {
            CHECK(h[i].type == "Person");
            CHECK(h[i].article_count == 1);
            CHECK(h[i].alternate_names == "[\"Sergey Lavrov\",\"سيرغي لافروف\"]");
            rapidjson::Document d;
            d.Parse(h[i].evidence.c_str());
            REQUIRE(d.IsArray());
            // JSON escapes the CR and LF, so no XML reader can fold them: exact.
            CHECK(std::string(d[0]["sentence"].GetString()) == kSentence);
        }
        if (n.key == kPlanned) CHECK(h[i].status == "planned");
        if (n.key == "country:RU") CHECK(h[i].identifier == "RU");
    }
    std::multiset<std::string> roles;
    for (auto [it, end] = boost::edges(h); it != end; ++it) {
        roles.insert(h[*it].role);
        if (h[boost::source(*it, h)].key == kMetWith && h[boost::target(*it, h)].key == kLavrov)
            CHECK(h[*it].article_count == 2);
    }
    CHECK(roles == std::multiset<std::string>{"participant", "participant", "party", "represents"});
}

TEST_CASE("an output set is renamed into place only when every file is on disk") {
    const fs::path dir = temp_dir("set");
    {
        kg::output::OutputSet set(dir);
        set.add("a.txt", "old a");
        set.add("neo4j/nodes_Old.csv", "stale table");
        set.add("neo4j/nodes_Person.csv", "old people");
        auto wrote = set.commit();
        CHECK(wrote.size() == 3);
    }
    CHECK(slurp(dir / "a.txt") == "old a");

    // A file whose folder cannot be made (a regular file stands in its way) fails the set: the
    // file staged before it is not renamed, and no temporary file is left.
    {
        std::ofstream(dir / "blocker") << "x";
        kg::output::OutputSet set(dir);
        set.add("a.txt", "new a");
        set.add("blocker/b.txt", "new b");
        CHECK_THROWS_AS(set.commit(), std::runtime_error);
    }
    CHECK(slurp(dir / "a.txt") == "old a");
    for (const auto& e : fs::directory_iterator(dir))
        CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);

    // A new set replaces its files and prunes the tables it no longer has.
    {
        kg::output::OutputSet set(dir);
        set.add("a.txt", "new a");
        set.add("neo4j/nodes_Person.csv", "new people");
        set.prune("neo4j", "nodes_", ".csv");
        set.commit();
    }
    CHECK(slurp(dir / "a.txt") == "new a");
    CHECK(slurp(dir / "neo4j/nodes_Person.csv") == "new people");
    CHECK_FALSE(fs::exists(dir / "neo4j/nodes_Old.csv"));

    kg::output::OutputSet bad(dir);
    CHECK_THROWS_WITH_AS(bad.add("../x", ""), "output set: path leaves the output folder: '../x'",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(bad.add("/etc/x", ""), "output set: not a relative path: '/etc/x'",
                         std::invalid_argument);
    bad.add("x", "");
    CHECK_THROWS_WITH_AS(bad.add("x", ""), "output set: file added twice: 'x'",
                         std::invalid_argument);
}


TEST_CASE("kg build --format writes the formats asked for, and only those") {
    const fs::path out = temp_dir("format");
    const std::string samples = "'" + (fs::path(KG_SOURCE_DIR) / "samples").string() + "'";
    Run r = run_kg("build --format neo4j,graphml --out '" + out.string() + "' " + samples);
    CHECK(r.code == 0);
    CHECK(r.out.starts_with("wrote " + out.string() + "/neo4j/ and " + out.string() +
                            "/graph.graphml\n"));
    CHECK(fs::exists(out / "graph.graphml"));
    CHECK(fs::exists(out / "neo4j" / "nodes_Person.csv"));
    CHECK(fs::exists(out / "neo4j" / "load.cypher"));
    CHECK_FALSE(fs::exists(out / "graph.jsonld"));
    CHECK_FALSE(fs::exists(out / "graph.dot"));

    Run all = run_kg("build --quiet --format jsonld,dot,neo4j,graphml --out '" + out.string() +
                     "' " + samples);
    CHECK(all.code == 0);
    CHECK(all.out.empty());
    CHECK(fs::exists(out / "graph.jsonld"));

    Run bad = run_kg("build --format neo4j,csv " + samples);
    CHECK(bad.code == 2);
    CHECK(bad.out.starts_with("kg: --format: unknown format 'csv' (known: jsonld, dot, neo4j, "
                              "graphml)\n"));
    Run none = run_kg("build --format , " + samples);
    CHECK(none.code == 2);
    CHECK(none.out.starts_with("kg: --format: no format given\n"));
}
