// Tests for export/dot_writer: the DOT text is read back with cgraph's own parser, so every
// check is on what Graphviz will see, and drawn with `dot -Tsvg` when Graphviz is installed.
#include <doctest/doctest.h>
#include <graphviz/cgraph.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "export/dot_writer.h"
#include "dot_read.h"

using kg_test::attr;
using kg_test::GraphPtr;
using kg_test::read_dot;

namespace {

Agnode_t* find_node(Agraph_t* g, const std::string& key) {
    return agnode(g, const_cast<char*>(key.c_str()), 0);
}

kg::Evidence evidence(const std::string& article, const std::string& lang) {
    return kg::Evidence{article, kg::Span{0, 10}, "", lang};
}

kg::NodeRecord node(const std::string& key, kg::NodeKind kind, const std::string& name,
                    const std::string& article, const std::string& lang) {
    kg::NodeRecord n;
    n.key = key;
    n.kind = kind;
    n.name = name;
    if (!name.empty()) n.forms.insert(kg::SurfaceForm{name, lang});
    n.mentions.insert(evidence(article, lang));
    return n;
}

kg::EdgeRecord edge(const std::string& from, const std::string& to, const std::string& role,
                    const std::set<std::string>& articles, const std::string& lang) {
    kg::EdgeRecord e{from, to, role, {}};
    for (const auto& article : articles) e.evidence.insert(evidence(article, lang));
    return e;
}

const std::string kLavrov = "person:sergey-lavrov";
const std::string kBhutto = "person:bilawal-bhutto-zardari";
const std::string kMeeting = "metwith:bilawal-bhutto-zardari+sergey-lavrov";
const std::string kOdd = "organization:odd-name";
const std::string kOddName = "\"quote\" \\ <b>&{x}\nsecond line";

// Arabic report of the meeting: Lavrov's side.
kg::Extraction arabic_article() {
    kg::Extraction x{"ar-1", "ar", "2023-05-04", {}, {}};
    x.nodes.push_back(node(kLavrov, kg::NodeKind::Person, "سيرغي لافروف", "ar-1", "ar"));
    x.nodes.push_back(node("country:RU", kg::NodeKind::Country, "روسيا", "ar-1", "ar"));
    x.nodes.push_back(node(kMeeting, kg::NodeKind::MetWith, "", "ar-1", "ar"));
    x.edges.push_back(edge(kMeeting, kLavrov, "participant", {"ar-1"}, "ar"));
    x.edges.push_back(edge(kMeeting, kBhutto, "participant", {"ar-1"}, "ar"));
    // Twelve articles behind one claim: the pen width must stop at its cap.
    x.edges.push_back(
        edge(kLavrov, "country:RU", "represents",
             {"ar-1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12"}, "ar"));
    return x;
}

// Hindi report of the same meeting: Bhutto Zardari's side, plus a name that needs escaping
// and an edge to a place that has no node record (a placeholder, labelled by its key).
kg::Extraction hindi_article() {
    kg::Extraction x{"hi-1", "hi", "2023-05-04", {}, {}};
    x.nodes.push_back(node(kBhutto, kg::NodeKind::Person, "बिलावल भुट्टो ज़रदारी", "hi-1", "hi"));
    x.nodes.push_back(node("country:RU", kg::NodeKind::Country, "Russia", "hi-1", "hi"));
    x.nodes.push_back(node(kMeeting, kg::NodeKind::MetWith, "", "hi-1", "hi"));
    x.nodes.push_back(node(kOdd, kg::NodeKind::Organization, kOddName, "hi-1", "hi"));
    x.edges.push_back(edge(kMeeting, kLavrov, "participant", {"hi-1"}, "hi"));
    x.edges.push_back(edge(kMeeting, kBhutto, "participant", {"hi-1"}, "hi"));
    x.edges.push_back(edge(kMeeting, "place:goa", "location", {"hi-1"}, "hi"));
    // Two roles between the same two nodes must stay two edges.
    x.edges.push_back(edge(kOdd, "country:RU", "based in", {"hi-1"}, "hi"));
    x.edges.push_back(edge(kOdd, "country:RU", "registered in", {"hi-1"}, "hi"));
    return x;
}

kg::KnowledgeGraph merged(const std::vector<kg::Extraction>& extractions) {
    kg::KnowledgeGraph g;
    for (const auto& x : extractions) g.merge(x);
    return g;
}

kg::KnowledgeGraph one_node(const std::string& key, const std::string& name) {
    kg::KnowledgeGraph g;
    g.add_node(node(key, kg::NodeKind::Organization, name, "a1", "en"));
    return g;
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("to_dot: nodes, labels, shapes and edges survive a read back by cgraph") {
    const kg::KnowledgeGraph g = merged({arabic_article(), hindi_article()});
    const std::string text = kg::output::to_dot(g);
    CAPTURE(text);
    GraphPtr back = read_dot(text);
    REQUIRE(back != nullptr);
    CHECK(agisdirected(back.get()));
    CHECK(attr(back.get(), "charset") == "UTF-8");
    CHECK(attr(back.get(), "rankdir") == "LR");

    struct NodeCase {
        std::string key;
        std::string label;  // as stored in the DOT file: `\\` draws as one backslash
        std::string shape;
        std::string tooltip;
    };
    const std::vector<NodeCase> nodes = {
        // Arabic
        {kLavrov, "سيرغي لافروف", "ellipse", "person"},
        // Hindi
        {kBhutto, "बिलावल भुट्टो ज़रदारी", "ellipse", "person"},
        // Latin name preferred over the Arabic one, whatever the merge order
        {"country:RU", "Russia", "box", "country"},
        // Relation node: a short fixed label
        {kMeeting, "met with", "circle", "metwith"},
        // Quotes, backslash, markup and braces kept; the newline became a space
        {kOdd, "\"quote\" \\\\ <b>&{x} second line", "component", "organization"},
        // Placeholder without a name: labelled by its key
        {"place:goa", "place:goa", "house", "place"},
    };
    CHECK(agnnodes(back.get()) == static_cast<int>(nodes.size()));
    for (const auto& want : nodes) {
        CAPTURE(want.key);
        Agnode_t* n = find_node(back.get(), want.key);
        REQUIRE(n != nullptr);
        CHECK(attr(n, "label") == want.label);
        CHECK(attr(n, "shape") == want.shape);
        CHECK(attr(n, "tooltip") == want.tooltip);
        CHECK(attr(n, "style") == "filled");
        CHECK(attr(n, "fillcolor").starts_with("#"));
    }

    using EdgeRow = std::tuple<std::string, std::string, std::string, std::string>;
    const std::set<EdgeRow> want_edges = {
        // Two articles each: 1 + 0.5
        {kMeeting, kLavrov, "participant", "1.5"},
        {kMeeting, kBhutto, "participant", "1.5"},
        {kMeeting, "place:goa", "location", "1"},
        // Twelve articles: capped at 5
        {kLavrov, "country:RU", "represents", "5"},
        {kOdd, "country:RU", "based in", "1"},
        {kOdd, "country:RU", "registered in", "1"},
    };
    std::set<EdgeRow> got_edges;
    for (Agnode_t* n = agfstnode(back.get()); n != nullptr; n = agnxtnode(back.get(), n))
        for (Agedge_t* e = agfstout(back.get(), n); e != nullptr; e = agnxtout(back.get(), e))
            got_edges.emplace(agnameof(agtail(e)), agnameof(aghead(e)), attr(e, "label"),
                              attr(e, "penwidth"));
    CHECK(agnedges(back.get()) == static_cast<int>(want_edges.size()));
    CHECK(got_edges == want_edges);
}

TEST_CASE("to_dot: the same graph gives the same bytes, whatever the merge order") {
    const kg::KnowledgeGraph forward = merged({arabic_article(), hindi_article()});
    const kg::KnowledgeGraph backward = merged({hindi_article(), arabic_article()});
    const kg::KnowledgeGraph twice =
        merged({arabic_article(), hindi_article(), hindi_article(), arabic_article()});
    const std::string text = kg::output::to_dot(forward);
    CHECK(kg::output::to_dot(forward) == text);
    CHECK(kg::output::to_dot(backward) == text);
    CHECK(kg::output::to_dot(twice) == text);
}

TEST_CASE("to_dot: label text is escaped so that Graphviz draws it as written") {
    struct Case {
        std::string name;
        std::string label;  // the value stored in the DOT file
    };
    const std::vector<Case> cases = {
        // Latin
        {"AT&T", "AT&T"},
        {"AT&amp;T", "AT&amp;amp;T"},
        {"&#92; and &#x5C;", "&amp;#92; and &amp;#x5C;"},
        {"ends with \\", "ends with \\\\"},
        {"\\N is not the key", "\\\\N is not the key"},
        {"a\\\"b", "a\\\\\"b"},
        {"{x} <y> [z]; w=1", "{x} <y> [z]; w=1"},
        {"line\r\nbreak\rhere\nand here", "line break here and here"},
        {"para\u2029graph\u2028line", "para graph line"},
        // Arabic
        {"سيرغي\nلافروف", "سيرغي لافروف"},
        // Hindi
        {"भारत \\ पाकिस्तान", "भारत \\\\ पाकिस्तान"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const std::string text = kg::output::to_dot(one_node("organization:x", c.name));
        CAPTURE(text);
        GraphPtr back = read_dot(text);
        REQUIRE(back != nullptr);
        Agnode_t* n = find_node(back.get(), "organization:x");
        REQUIRE(n != nullptr);
        CHECK(attr(n, "label") == c.label);
    }
}

TEST_CASE("to_dot: node keys are quoted by cgraph and read back unchanged") {
    const std::vector<std::string> keys = {
        "node",  // a DOT keyword
        "organization:\"odd\" {key} <x>",
        "organization:even\\\\",
        "person:سيرغي-لافروف",
        "place:a;b=c",
    };
    for (const auto& key : keys) {
        CAPTURE(key);
        const std::string text = kg::output::to_dot(one_node(key, "Name"));
        CAPTURE(text);
        GraphPtr back = read_dot(text);
        REQUIRE(back != nullptr);
        CHECK(agnnodes(back.get()) == 1);
        CHECK(find_node(back.get(), key) != nullptr);
    }
}

TEST_CASE("to_dot: a key cgraph cannot write is refused") {
    CHECK_THROWS_WITH_AS(kg::output::to_dot(one_node("organization:bad\\", "Bad")),
                         "to_dot: node key cannot be written as a DOT name: organization:bad\\",
                         std::runtime_error);
    CHECK_THROWS_WITH_AS(kg::output::to_dot(one_node("organization:a\\\"b", "Bad")),
                         "to_dot: node key cannot be written as a DOT name: organization:a\\\"b",
                         std::runtime_error);
}

TEST_CASE("to_dot: an empty graph is an empty digraph") {
    const std::string text = kg::output::to_dot(kg::KnowledgeGraph{});
    GraphPtr back = read_dot(text);
    REQUIRE(back != nullptr);
    CHECK(agnnodes(back.get()) == 0);
    CHECK(agnedges(back.get()) == 0);
}

TEST_CASE("to_dot: dot draws the graph, names in every script") {
    const std::filesystem::path dot_binary = "/usr/bin/dot";
    if (!std::filesystem::exists(dot_binary)) {
        MESSAGE("skipped: " << dot_binary.string() << " is not installed");
        return;
    }
    const kg::KnowledgeGraph g = merged({arabic_article(), hindi_article()});
    const auto dir = std::filesystem::temp_directory_path();
    const std::string stem = "kg_test_export_dot_" + std::to_string(::getpid());
    const auto dot_path = dir / (stem + ".dot");
    const auto svg_path = dir / (stem + ".svg");
    {
        std::ofstream out(dot_path, std::ios::binary);
        out << kg::output::to_dot(g);
    }
    const std::string command =
        dot_binary.string() + " -Tsvg '" + dot_path.string() + "' -o '" + svg_path.string() + "'";
    const int status = std::system(command.c_str());
    const std::string svg = slurp(svg_path);
    std::filesystem::remove(dot_path);
    std::filesystem::remove(svg_path);

    CHECK(status == 0);
    CHECK(svg.find("سيرغي لافروف") != std::string::npos);
    CHECK(svg.find("बिलावल भुट्टो ज़रदारी") != std::string::npos);
    // One backslash drawn for the two stored, and the markup drawn as text, not markup.
    CHECK(svg.find("&quot;quote&quot; \\ &lt;b&gt;&amp;{x} second line") != std::string::npos);
}

TEST_CASE("write_dot: the bytes of to_dot, streamed through a file sink") {
    // Enough people and relations for several of the sink's 64 KiB buffers.
    kg::KnowledgeGraph g;
    for (int i = 0; i < 1500; ++i) {
        const std::string who = "person:p" + std::to_string(i);
        const std::string rel = "metwith:p" + std::to_string(i) + "+p" + std::to_string(i + 1);
        g.add_node(node(who, kg::NodeKind::Person, "Person " + std::to_string(i), "a" + std::to_string(i), "en"));
        g.add_node(node(rel, kg::NodeKind::MetWith, "", "a" + std::to_string(i), "en"));
        g.add_edge(edge(rel, who, "participant", {"a" + std::to_string(i)}, "en"));
        g.add_edge(edge(rel, "person:p" + std::to_string(i + 1), "participant",
                        {"a" + std::to_string(i), "b" + std::to_string(i)}, "en"));
    }
    const std::string want = kg::output::to_dot(g);
    REQUIRE(want.size() > 4 * 64 * 1024);
    char tmpl[] = "/tmp/kg-dot-XXXXXX";
    const int fd = ::mkstemp(tmpl);
    REQUIRE(fd >= 0);
    {
        kg::output::TextSink sink(fd, tmpl);
        kg::output::write_dot(g, sink);
    }
    ::close(fd);
    CHECK(slurp(tmpl) == want);
    ::unlink(tmpl);
}

TEST_CASE("write_dot: a graph written in parts gives the bytes of one graph of everything") {
    // Ends before and after their sources in key order, ends shared across parts, two roles
    // between the same nodes, a self-loop, a node with no edges, planned relations (dashed
    // edges), element ids and a cap note: each part must write exactly what one cgraph graph
    // of everything writes at those nodes' turns.
    kg::KnowledgeGraph g = merged({arabic_article(), hindi_article()});
    for (int i = 0; i < 12; ++i) {
        const std::string who = "person:p" + std::to_string(i);
        const std::string country = "country:c" + std::to_string(i % 3);
        const std::string art = "a" + std::to_string(i);
        g.add_node(node(who, kg::NodeKind::Person, "Person " + std::to_string(i), art, "en"));
        g.add_node(
            node(country, kg::NodeKind::Country, "Country " + std::to_string(i % 3), art, "en"));
        g.add_edge(edge(who, country, "represents", {art}, "en"));
        const std::string met = "metwith:p" + std::to_string(i) + "+p" + std::to_string(i + 5);
        g.add_node(node(met, kg::NodeKind::MetWith, "", art, "en"));
        g.add_edge(edge(met, who, "participant", {art}, "en"));
        g.add_edge(edge(met, "person:p" + std::to_string(i + 5), "participant", {art, "b"}, "en"));
        kg::NodeRecord deal =
            node("agreement:c" + std::to_string(i % 4), kg::NodeKind::Agreement, "", art, "en");
        if (i % 2 == 0) deal.attrs["status"] = "planned";
        g.add_node(deal);
        g.add_edge(edge(deal.key, country, "party", {art}, "en"));
        g.add_edge(edge(deal.key, country, "signatory", {art}, "en"));
        // A later node pointing back at an earlier one.
        g.add_edge(edge("place:z" + std::to_string(i), met, "hosted", {art}, "en"));
    }
    g.add_edge(edge("organization:loop", "organization:loop", "owns", {"a1"}, "en"));
    g.add_node(node("commodity:alone", kg::NodeKind::Commodity, "Alone", "a1", "en"));

    for (const bool ids : {false, true}) {
        for (const std::size_t cap : {std::size_t{0}, std::size_t{9}}) {
            kg::output::DotOptions whole;
            whole.element_ids = ids;
            whole.max_actors = cap;
            whole.nodes_per_part = 0;
            const std::string want = kg::output::to_dot(g, whole);
            REQUIRE(agnnodes(read_dot(want).get()) > (cap == 0 ? 50 : 10));
            for (const std::size_t part : {1, 2, 3, 5, 7, 16, 1000}) {
                CAPTURE(ids);
                CAPTURE(cap);
                CAPTURE(part);
                kg::output::DotOptions parts = whole;
                parts.nodes_per_part = part;
                CHECK(kg::output::to_dot(g, parts) == want);
                // Parts planned by several threads, fed to cgraph by one: the same bytes.
                for (const std::size_t threads : {2, 3}) {
                    CAPTURE(threads);
                    parts.threads = threads;
                    CHECK(kg::output::to_dot(g, parts) == want);
                }
            }
        }
    }
}
