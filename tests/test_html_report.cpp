// Tests for export/html_report: what the page embeds and how it is escaped. What the page does
// in a browser (clicks, search, paths, no script from an article running) is tested by
// tests/browser/report_test.mjs in Debian's chromium.
#include <doctest/doctest.h>

#include <unistd.h>
#include <rapidjson/document.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "export/atomic_file.h"
#include "export/html_report.h"
#include "export/jsonld_writer.h"
#include "graph_dump.h"

namespace fs = std::filesystem;
using kg::NodeKind;
using kg::testing::ev;

namespace {

const std::string kHostileName = "<script>window.pwned=1</script>";
const std::string kHostileSentence =
    "Sergey Lavrov said </script><!-- <img src=x onerror=\"window.pwned=1\"> {{x}} & 'q' \"Q\".";

// Two articles, given in either order: Lavrov (Arabic and English names) met an organisation
// whose name is a script tag; the sentence behind it holds more markup.
kg::Extraction first() {
    kg::Extraction x{"ar-1", "ar", "", {}, {}};
    auto lavrov = kg::testing::node("person:sergey-lavrov", NodeKind::Person, "Sergey Lavrov", "en",
                                    {ev("en-1", 0, 13, kHostileSentence, "en")});
    lavrov.forms.insert(kg::SurfaceForm{"سيرغي لافروف", "ar"});
    x.nodes.push_back(lavrov);
    x.nodes.push_back(kg::testing::node("metwith:x", NodeKind::MetWith, "", "en",
                                        {ev("en-1", 0, 40, kHostileSentence, "en")}));
    x.edges.push_back({"metwith:x",
                       "person:sergey-lavrov",
                       "participant",
                       {ev("en-1", 0, 13, kHostileSentence, "en")}});
    return x;
}

kg::Extraction second() {
    kg::Extraction x{"en-1", "en", "", {}, {}};
    x.nodes.push_back(kg::testing::node("organization:hostile", NodeKind::Organization,
                                        kHostileName, "en",
                                        {ev("en-1", 20, 51, kHostileSentence, "en")}));
    x.edges.push_back({"metwith:x",
                       "organization:hostile",
                       "participant",
                       {ev("en-1", 20, 51, kHostileSentence, "en")}});
    return x;
}

kg::KnowledgeGraph graph_in_order(bool reversed) {
    kg::KnowledgeGraph g;
    if (reversed) {
        g.merge(second());
        g.merge(first());
    } else {
        g.merge(first());
        g.merge(second());
    }
    return g;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::string between(const std::string& text, const std::string& open, const std::string& close) {
    const auto a = text.find(open);
    REQUIRE(a != std::string::npos);
    const auto b = text.find(close, a + open.size());
    REQUIRE(b != std::string::npos);
    return text.substr(a + open.size(), b - a - open.size());
}

}  // namespace

TEST_CASE("html report: article text cannot break out of the data block or the diagram") {
    const kg::KnowledgeGraph g = graph_in_order(false);
    const std::string html = kg::output::to_html_report(g, {});
    CHECK(html.starts_with("<!DOCTYPE html>\n"));
    // Only the page's own two script elements, closed where the page closes them.
    CHECK(count(html, "<script") == 2);
    CHECK(count(html, "</script") == 2);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("onerror=\"") == std::string::npos);
    CHECK(html.find("<!-- <img") == std::string::npos);
    CHECK(html.find("Content-Security-Policy\" content=\"default-src 'none'; style-src "
                    "'unsafe-inline'; script-src 'sha256-") != std::string::npos);
    // Graphviz escaped the name drawn in the diagram.
    CHECK(html.find("&lt;script&gt;window.pwned=1&lt;/script&gt;") != std::string::npos);

    const std::string data =
        between(html, "<script type=\"application/json\" id=\"kg-data\">", "</script>");
    CHECK(data.find_first_of("<>&") == std::string::npos);
    CHECK(data == kg::output::report_data_json(g, kg::output::select_nodes(g, {}), {}));
    rapidjson::Document doc;
    doc.Parse(data.c_str());
    REQUIRE_FALSE(doc.HasParseError());
    // The text comes back exactly as the article had it.
    const auto& nodes = doc["nodes"];
    REQUIRE(nodes.Size() == 3);
    CHECK(std::string(nodes[1]["key"].GetString()) == "organization:hostile");
    CHECK(std::string(nodes[1]["name"].GetString()) == kHostileName);
    CHECK(std::string(nodes[2]["forms"][0][0].GetString()) == "Sergey Lavrov");
    CHECK(std::string(nodes[2]["forms"][1][0].GetString()) == "سيرغي لافروف");
    CHECK(std::string(nodes[2]["forms"][1][1].GetString()) == "ar");
    const auto& evidence = doc["evidence"];
    REQUIRE(evidence.Size() == 3);
    CHECK(std::string(evidence[0][4].GetString()) == kHostileSentence);
    CHECK(std::string(evidence[0][0].GetString()) == "en-1");
    const auto& edges = doc["edges"];
    REQUIRE(edges.Size() == 2);
    CHECK(edges[0]["from"].GetUint() == 0);  // metwith:x
    CHECK(edges[0]["to"].GetUint() == 1);    // organization:hostile
    CHECK(std::string(edges[0]["role"].GetString()) == "participant");
    CHECK(edges[0]["drawn"].GetBool());
    CHECK(doc["articles"].GetUint() == 1);
}

TEST_CASE("html report: the same graph merged in any order gives the same bytes") {
    CHECK(kg::output::to_html_report(graph_in_order(false), {}) ==
          kg::output::to_html_report(graph_in_order(true), {}));
}

TEST_CASE("html report: nodes the diagram leaves out are still in the data, marked undrawn") {
    const kg::KnowledgeGraph g = graph_in_order(false);
    kg::output::ReportOptions options;
    options.diagram.max_actors = 1;
    const std::string html = kg::output::to_html_report(g, options);
    rapidjson::Document doc;
    const std::string data = between(html, "id=\"kg-data\">", "</script>");
    doc.Parse(data.c_str());
    REQUIRE_FALSE(doc.HasParseError());
    // Both actors have one article; the key decides: organization:hostile stays, Lavrov goes,
    // and the meeting with one drawn end of two goes with him.
    CHECK(doc["nodes"][1]["drawn"].GetBool());
    CHECK_FALSE(doc["nodes"][2]["drawn"].GetBool());
    CHECK_FALSE(doc["nodes"][0]["drawn"].GetBool());
    CHECK_FALSE(doc["edges"][1]["drawn"].GetBool());
    CHECK(std::string(doc["note"].GetString()) ==
          "showing 1 of 2 actors, the nearest and best supported; 1 left out (see them with "
          "--around NAME, --types, --relations or --max-nodes 0)");
    CHECK(html.find("id=\"n1\"") != std::string::npos);
    CHECK(html.find("id=\"n2\"") == std::string::npos);
}

TEST_CASE("kg report writes graph.html beside the graph; kg build --html writes it too") {
    const fs::path d = fs::temp_directory_path() / ("kg_report_cli_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    kg::output::write_file_atomically(d / "graph.jsonld",
                                      kg::output::to_jsonld(graph_in_order(false)));
    const std::string cmd =
        std::string(KG_BINARY) + " report '" + (d / "graph.jsonld").string() + "' 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::array<char, 4096> buf{};
    std::string out;
    for (std::size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
    const int status = pclose(p);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(out == "wrote " + (d / "graph.html").string() + "\n");
    std::ifstream in(d / "graph.html", std::ios::binary);
    std::ostringstream html;
    html << in.rdbuf();
    // The graph read back from JSON-LD gives the page the graph itself gives.
    CHECK(html.str() == kg::output::to_html_report(graph_in_order(false), {}));

    const fs::path built = d / "built";
    const std::string build =
        std::string(KG_BINARY) + " build --quiet --html --out '" + built.string() + "' '" +
        (fs::path(KG_SOURCE_DIR) / "samples" / "000_4a13cc21fd096ab1.txt").string() + "'";
    CHECK(std::system(build.c_str()) == 0);
    CHECK(fs::file_size(built / "graph.html") > 1000);
}
