// Tests for the drawing options of export/dot_writer (ego diagrams, filters, the cap, country
// boxes, relations that are not facts), for export/graph_render (gvc in-process) and for the
// `kg render` command. The DOT is read back with cgraph, so each check is on what Graphviz sees.
#include <doctest/doctest.h>

#include <unistd.h>
#include <graphviz/cgraph.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "export/atomic_file.h"
#include "export/dot_writer.h"
#include "export/graph_render.h"
#include "export/jsonld_writer.h"
#include "graph_dump.h"
#include "command_run.h"
#include "dot_read.h"

namespace fs = std::filesystem;
using kg::NodeKind;
using kg::testing::ev;

using kg_test::attr;
using kg_test::GraphPtr;
using kg_test::read_dot;

namespace {

// The names of the nodes a DOT text draws, sorted.
std::vector<std::string> drawn_nodes(const std::string& dot) {
    GraphPtr g = read_dot(dot);
    REQUIRE(g);
    std::vector<std::string> out;
    for (Agnode_t* n = agfstnode(g.get()); n != nullptr; n = agnxtnode(g.get(), n))
        out.push_back(agnameof(n));
    std::sort(out.begin(), out.end());
    return out;
}

kg::NodeRecord entity(const std::string& key, NodeKind kind, const std::string& name,
                      const std::string& lang, const std::string& article) {
    return kg::testing::node(key, kind, name, lang, {ev(article, 0, 5, "A sentence.", lang)});
}

kg::EdgeRecord edge(const std::string& from, const std::string& to, const std::string& role,
                    const std::vector<std::string>& articles) {
    kg::EdgeRecord e{from, to, role, {}};
    for (const auto& a : articles) e.evidence.insert(ev(a, 0, 5, "Sentence of " + a + ".", "en"));
    return e;
}

// Lavrov met Bhutto (two articles say so); Jaishankar, drawn by his Devanagari name, met Wang
// Yi in Riyadh, drawn by its Arabic name; Russia exports wheat to Pakistan; India and Russia
// plan an agreement (status=planned: not a fact). Everyone represents their country.
kg::KnowledgeGraph world() {
    kg::Extraction x{"a1", "en", "", {}, {}};
    auto lavrov = entity("person:sergey-lavrov", NodeKind::Person, "Sergey Lavrov", "en", "a1");
    lavrov.forms.insert(kg::SurfaceForm{"سيرغي لافروف", "ar"});
    x.nodes.push_back(lavrov);
    x.nodes.push_back(entity("person:bilawal-bhutto-zardari", NodeKind::Person,
                             "Bilawal Bhutto Zardari", "en", "a1"));
    x.nodes.push_back(
        entity("person:s-jaishankar", NodeKind::Person, "सुब्रह्मण्यम जयशंकर", "hi", "a2"));
    x.nodes.push_back(entity("person:wang-yi", NodeKind::Person, "Wang Yi", "en", "a2"));
    x.nodes.push_back(entity("place:riyadh", NodeKind::Place, "الرياض", "ar", "a2"));
    for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
             {"RU", "Russia"}, {"PK", "Pakistan"}, {"IN", "India"}, {"CN", "China"}})
        x.nodes.push_back(entity("country:" + code, NodeKind::Country, name, "en", "a1"));
    x.nodes.push_back(entity("commodity:wheat", NodeKind::Commodity, "wheat", "en", "a3"));
    x.nodes.push_back(kg::testing::node("metwith:lavrov+bhutto", NodeKind::MetWith, "", "en", {}));
    x.nodes.push_back(kg::testing::node("meeting:riyadh", NodeKind::Meeting, "", "en", {}));
    x.nodes.push_back(kg::testing::node("export:ru-pk-wheat", NodeKind::Export, "", "en", {}));
    x.nodes.push_back(kg::testing::node("agreement:in+ru", NodeKind::Agreement, "", "en", {},
                                        {{"status", "planned"}}));
    x.edges.push_back(
        edge("metwith:lavrov+bhutto", "person:sergey-lavrov", "participant", {"a1", "a4"}));
    x.edges.push_back(
        edge("metwith:lavrov+bhutto", "person:bilawal-bhutto-zardari", "participant", {"a1"}));
    x.edges.push_back(edge("meeting:riyadh", "person:s-jaishankar", "attendee", {"a2"}));
    x.edges.push_back(edge("meeting:riyadh", "person:wang-yi", "attendee", {"a2"}));
    x.edges.push_back(edge("meeting:riyadh", "place:riyadh", "location", {"a2"}));
    x.edges.push_back(edge("export:ru-pk-wheat", "country:RU", "exporter", {"a3"}));
    x.edges.push_back(edge("export:ru-pk-wheat", "country:PK", "importer", {"a3"}));
    x.edges.push_back(edge("export:ru-pk-wheat", "commodity:wheat", "commodity", {"a3"}));
    x.edges.push_back(edge("agreement:in+ru", "country:IN", "party", {"a5"}));
    x.edges.push_back(edge("agreement:in+ru", "country:RU", "party", {"a5"}));
    x.edges.push_back(edge("person:sergey-lavrov", "country:RU", "represents", {"a1"}));
    x.edges.push_back(edge("person:bilawal-bhutto-zardari", "country:PK", "represents", {"a1"}));
    x.edges.push_back(edge("person:s-jaishankar", "country:IN", "represents", {"a2"}));
    x.edges.push_back(edge("person:wang-yi", "country:CN", "represents", {"a2"}));
    kg::KnowledgeGraph g;
    g.merge(x);
    return g;
}

kg::Vertex vertex(const kg::KnowledgeGraph& g, const std::string& key) {
    auto v = g.find(key);
    REQUIRE(v.has_value());
    return *v;
}

}  // namespace

TEST_CASE("to_dot options: around an actor, node types and relations choose what is drawn") {
    const kg::KnowledgeGraph g = world();
    const kg::Vertex lavrov = vertex(g, "person:sergey-lavrov");
    struct Case {
        const char* what;
        kg::output::DotOptions options;
        std::vector<std::string> nodes;
    };
    const std::vector<Case> cases{
        {"Lavrov, one hop: whom he met, his country; not what Russia did",
         {.around = lavrov, .depth = 1},
         {"country:RU", "metwith:lavrov+bhutto", "person:bilawal-bhutto-zardari",
          "person:sergey-lavrov"}},
        {"Lavrov, two hops: Russia's export and agreement, Bhutto's country",
         {.around = lavrov, .depth = 2},
         {"agreement:in+ru", "commodity:wheat", "country:IN", "country:PK", "country:RU",
          "export:ru-pk-wheat", "metwith:lavrov+bhutto", "person:bilawal-bhutto-zardari",
          "person:sergey-lavrov"}},
        {"Lavrov, no hop: himself", {.around = lavrov, .depth = 0}, {"person:sergey-lavrov"}},
        {"people only: the meetings between them, no export between countries",
         {.kinds = {NodeKind::Person}},
         {"meeting:riyadh", "metwith:lavrov+bhutto", "person:bilawal-bhutto-zardari",
          "person:s-jaishankar", "person:sergey-lavrov", "person:wang-yi"}},
        {"exports only: the export and its three ends",
         {.relations = {"export"}},
         {"commodity:wheat", "country:PK", "country:RU", "export:ru-pk-wheat"}},
        {"represents only: people and their countries, no relation node",
         {.relations = {"represents"}},
         {"country:CN", "country:IN", "country:PK", "country:RU", "person:bilawal-bhutto-zardari",
          "person:s-jaishankar", "person:sergey-lavrov", "person:wang-yi"}},
        {"around Lavrov through represents only: Russia, then nobody else represents it",
         {.relations = {"represents"}, .around = lavrov, .depth = 3},
         {"country:RU", "person:sergey-lavrov"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        kg::output::DotSelection drawn;
        const std::string dot = kg::output::to_dot(g, c.options, &drawn);
        CHECK(drawn_nodes(dot) == c.nodes);
        CHECK(drawn.nodes_drawn == c.nodes.size());
        CHECK(drawn.actors_left_out() == 0);
        CHECK(kg::output::cap_message(drawn).empty());
    }
}

TEST_CASE("to_dot options: the cap keeps the best supported actors and says what it left out") {
    const kg::KnowledgeGraph g = world();
    kg::output::DotSelection drawn;
    const std::string dot = kg::output::to_dot(g, {.max_actors = 3}, &drawn);
    CHECK(drawn.actors_selected == 10);
    CHECK(drawn.actors_drawn == 3);
    CHECK(drawn.actors_left_out() == 7);
    const std::string message =
        "showing 3 of 10 actors, the nearest and best supported; 7 left out (see them with "
        "--around NAME, --types, --relations or --max-nodes 0)";
    CHECK(kg::output::cap_message(drawn) == message);
    GraphPtr parsed = read_dot(dot);
    REQUIRE(parsed);
    CHECK(attr(parsed.get(), "label") == message);
    // Articles behind each actor, its relations included: India and Russia 3 (a1 a2 a5, a1 a3
    // a5), then China, Pakistan and Lavrov 2, China first by key. The planned agreement
    // between India and Russia keeps both its ends, so it stays.
    CHECK(drawn_nodes(dot) ==
          std::vector<std::string>{"agreement:in+ru", "country:CN", "country:IN", "country:RU"});

    // Around an actor the nearest stay first: Lavrov himself, then his one-hop neighbours.
    const kg::Vertex lavrov = vertex(g, "person:sergey-lavrov");
    const std::string ego =
        kg::output::to_dot(g, {.around = lavrov, .depth = 2, .max_actors = 3}, &drawn);
    CHECK(drawn.actors_selected == 6);
    CHECK(drawn_nodes(ego) == std::vector<std::string>{"country:RU", "metwith:lavrov+bhutto",
                                                       "person:bilawal-bhutto-zardari",
                                                       "person:sergey-lavrov"});
}

TEST_CASE(
    "to_dot options: people boxed with their country, planned relations dashed, element ids") {
    const kg::KnowledgeGraph g = world();
    const std::string dot = kg::output::to_dot(g, {.group_by_country = true, .element_ids = true});
    GraphPtr parsed = read_dot(dot);
    REQUIRE(parsed);
    Agraph_t* russia = agsubg(parsed.get(), const_cast<char*>("cluster_country:RU"), 0);
    REQUIRE(russia != nullptr);
    CHECK(attr(russia, "label") == "Russia");
    CHECK(agsubnode(russia, agnode(parsed.get(), const_cast<char*>("person:sergey-lavrov"), 0),
                    0) != nullptr);
    CHECK(agsubnode(russia, agnode(parsed.get(), const_cast<char*>("person:wang-yi"), 0), 0) ==
          nullptr);

    Agnode_t* planned = agnode(parsed.get(), const_cast<char*>("agreement:in+ru"), 0);
    REQUIRE(planned != nullptr);
    CHECK(attr(planned, "label") == "agreement (planned)");
    CHECK(attr(planned, "style") == "filled,dashed");
    for (Agedge_t* e = agfstout(parsed.get(), planned); e != nullptr; e = agnxtout(parsed.get(), e))
        CHECK(attr(e, "style") == "dashed");
    Agnode_t* met = agnode(parsed.get(), const_cast<char*>("metwith:lavrov+bhutto"), 0);
    CHECK(attr(met, "style") == "filled");
    for (Agedge_t* e = agfstout(parsed.get(), met); e != nullptr; e = agnxtout(parsed.get(), e))
        CHECK(attr(e, "style") == "");

    // Ids are positions in sorted_vertices() and sorted_edges().
    const auto vertices = g.sorted_vertices();
    for (std::size_t i = 0; i < vertices.size(); ++i) {
        Agnode_t* n = agnode(parsed.get(), const_cast<char*>(g.node(vertices[i]).key.c_str()), 0);
        REQUIRE(n != nullptr);
        CHECK(attr(n, "id") == "n" + std::to_string(i));
    }
    std::set<std::string> edge_ids;
    for (Agnode_t* n = agfstnode(parsed.get()); n; n = agnxtnode(parsed.get(), n))
        for (Agedge_t* e = agfstout(parsed.get(), n); e; e = agnxtout(parsed.get(), e))
            edge_ids.insert(attr(e, "id"));
    CHECK(edge_ids.size() == g.num_edges());
    CHECK(edge_ids.count("e0") == 1);
    CHECK(edge_ids.count("e" + std::to_string(g.num_edges() - 1)) == 1);

    // The plain call draws everything as before: no boxes, no ids.
    const std::string plain = kg::output::to_dot(g);
    CHECK(plain == kg::output::to_dot(g, kg::output::DotOptions{}));
    CHECK(plain.find("cluster") == std::string::npos);
    CHECK(plain.find("id=") == std::string::npos);
}

TEST_CASE("to_dot options: bad options are refused") {
    const kg::KnowledgeGraph g = world();
    CHECK_THROWS_WITH_AS(kg::output::to_dot(g, {.around = kg::Vertex{999}}),
                         "to_dot: the actor to draw around is not in the graph",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(kg::output::select_nodes(g, {.around = kg::Vertex{0}, .depth = -1}),
                         "to_dot: depth must not be negative", std::invalid_argument);
}

TEST_CASE("render draws SVG, PNG and PDF in-process, the same bytes each time") {
    const kg::KnowledgeGraph g = world();
    const std::string dot = kg::output::to_dot(g, {.group_by_country = true});
    const std::string svg = kg::output::render(dot, kg::output::ImageFormat::Svg);
    CHECK(svg.find("<svg") != std::string::npos);
    // Labels in Arabic script and Devanagari reach the SVG as text, for the browser to shape.
    CHECK(svg.find(">الرياض</text>") != std::string::npos);
    CHECK(svg.find(">सुब्रह्मण्यम जयशंकर</text>") != std::string::npos);
    CHECK(svg.find(">Sergey Lavrov</text>") != std::string::npos);
    CHECK(svg.find(">agreement (planned)</text>") != std::string::npos);
    CHECK(svg.find(">meeting</text>") != std::string::npos);
    CHECK(svg == kg::output::render(dot, kg::output::ImageFormat::Svg));

    const std::string png = kg::output::render(dot, kg::output::ImageFormat::Png);
    CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    const std::string pdf = kg::output::render(dot, kg::output::ImageFormat::Pdf);
    CHECK(pdf.substr(0, 5) == "%PDF-");

    CHECK(kg::output::image_format_from_name("png") == kg::output::ImageFormat::Png);
    CHECK_FALSE(kg::output::image_format_from_name("gif").has_value());
    CHECK_THROWS_WITH_AS(kg::output::render("digraph { a -> ", kg::output::ImageFormat::Svg),
                         "render: the DOT text does not parse: syntax error in line 1",
                         std::runtime_error);
}

namespace {

const std::string kKg = KG_BINARY;

struct Run {
    int code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

using kg_test::slurp;

Run run(const std::string& args, const fs::path& dir) {
    const fs::path err = dir / "stderr.txt";
    const kg_test::Run r = kg_test::shell(kKg + " " + args + " 2>'" + err.string() + "'");
    return Run{r.code, r.out, slurp(err)};
}

fs::path fixture_dir() {
    const fs::path d = fs::temp_directory_path() / ("kg_render_cli_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    kg::output::write_file_atomically(d / "graph.jsonld", kg::output::to_jsonld(world()));
    return d;
}

}  // namespace

TEST_CASE("kg render: around a name in any script, filters, the cap message, errors") {
    const fs::path d = fixture_dir();
    const std::string graph = "'" + (d / "graph.jsonld").string() + "'";

    // The Arabic name finds Lavrov; his neighbourhood only.
    Run r = run("render --format dot --around لافروف --depth 1 " + graph, d);
    CHECK(r.code == 0);
    CHECK(r.err == "");
    CHECK(drawn_nodes(r.out) == std::vector<std::string>{"country:RU", "metwith:lavrov+bhutto",
                                                         "person:bilawal-bhutto-zardari",
                                                         "person:sergey-lavrov"});

    r = run("render --around Lavrov --out '" + (d / "lavrov.svg").string() + "' " + graph, d);
    CHECK(r.code == 0);
    const std::string svg = slurp(d / "lavrov.svg");
    CHECK(svg.find(">Bilawal Bhutto Zardari</text>") != std::string::npos);
    CHECK(svg.find("Wang Yi") == std::string::npos);

    r = run("render --out '" + (d / "all.png").string() + "' " + graph, d);
    CHECK(r.code == 0);
    CHECK(slurp(d / "all.png").substr(1, 3) == "PNG");

    r = run("render --max-nodes 4 --format dot " + graph, d);
    CHECK(r.code == 0);
    CHECK(r.err ==
          "kg render: showing 4 of 10 actors, the nearest and best supported; 6 left out (see "
          "them with --around NAME, --types, --relations or --max-nodes 0)\n");

    r = run("render --types people " + graph, d);
    CHECK(r.code == 2);
    CHECK(r.err.starts_with("kg: --types: unknown node type 'people'\n\nusage: kg render"));
    r = run("render --depth x " + graph, d);
    CHECK(r.code == 2);
    CHECK(r.err.starts_with("kg: --depth takes a number from 0 to 20, not 'x'\n"));
    r = run("render --format gif " + graph, d);
    CHECK(r.code == 2);
    CHECK(r.err.starts_with("kg: --format takes svg, png, pdf or dot, not 'gif'\n"));
    r = run("render --around Nobody " + graph, d);
    CHECK(r.code == 1);
    CHECK(r.err == "kg: no actor named 'Nobody' in the graph\n");
    r = run("render '" + (d / "missing.jsonld").string() + "'", d);
    CHECK(r.code == 1);
    CHECK(r.err.starts_with("kg: "));
    CHECK(r.err.find("missing.jsonld") != std::string::npos);
}
