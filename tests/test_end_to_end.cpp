// End to end: the kg command on the sample articles, as a user runs it.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "export/jsonld_reader.h"
#include "command_run.h"

namespace fs = std::filesystem;

using kg_test::quoted;
using kg_test::Run;
using kg_test::slurp;
using kg_test::temp_dir;

namespace {

const fs::path kSamples = fs::path(KG_SOURCE_DIR) / "samples";

}  // namespace

TEST_CASE("kg build on the samples writes JSON-LD and DOT with one node per actor") {
    const fs::path out = temp_dir("samples");
    Run r = kg_test::run_kg("build " + quoted(kSamples) + " --out " + quoted(out));
    CHECK(r.code == 0);
    CHECK(r.out.find("articles: 5 read, 5 accepted, 0 rejected") != std::string::npos);
    CHECK(r.out.find("languages:  ar=2  fa=1  fr=1  hi=1") != std::string::npos);
    REQUIRE(fs::exists(out / "graph.jsonld"));
    REQUIRE(fs::exists(out / "graph.dot"));

    kg::KnowledgeGraph g = kg::output::read_jsonld_file(out / "graph.jsonld");
    auto langs_of = [&](const std::string& key) {
        std::set<std::string> langs;
        auto v = g.find(key);
        REQUIRE(v.has_value());
        for (const auto& f : g.node(*v).forms) langs.insert(f.lang);
        return langs;
    };
    // One node each, whatever the script: Pakistan and Russia in all four languages,
    // Lavrov in Arabic and Hindi.
    CHECK(langs_of("country:PK") == std::set<std::string>{"ar", "fa", "fr", "hi"});
    CHECK(langs_of("country:RU") == std::set<std::string>{"ar", "fa", "fr", "hi"});
    CHECK(langs_of("person:sergey-lavrov") == std::set<std::string>{"ar", "hi"});
    std::size_t lavrovs = 0;
    for (auto v : g.sorted_vertices())
        for (const auto& f : g.node(v).forms) lavrovs += f.form == "لافروف" || f.form == "सर्गेई लावरोव";
    CHECK(lavrovs == 2);  // both forms, on the one node
    CHECK(g.articles().size() == 5);

    // The DOT renders.
    if (fs::exists("/usr/bin/dot")) {
        const std::string cmd = "/usr/bin/dot -Tsvg " + quoted(out / "graph.dot") + " -o " + quoted(out / "graph.svg");
        CHECK(std::system(cmd.c_str()) == 0);
        CHECK(slurp(out / "graph.svg").find("Sergey Lavrov") != std::string::npos);
    }
    fs::remove_all(out);
}

TEST_CASE("output is byte-identical whatever the order of the inputs, and idempotent") {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(kSamples))
        if (e.path().extension() == ".txt") files.push_back(quoted(e.path()));
    std::sort(files.begin(), files.end());
    std::string forward, backward;
    for (const auto& f : files) forward += f + " ";
    for (auto it = files.rbegin(); it != files.rend(); ++it) backward += *it + " ";
    const fs::path a = temp_dir("order_a"), b = temp_dir("order_b"), c = temp_dir("order_c");
    REQUIRE(kg_test::run_kg("build --quiet --out " + quoted(a) + " " + forward).code == 0);
    REQUIRE(kg_test::run_kg("build --quiet --out " + quoted(b) + " " + backward).code == 0);
    REQUIRE(kg_test::run_kg("build --quiet --out " + quoted(c) + " " + forward + forward).code == 0);
    CHECK(slurp(a / "graph.jsonld") == slurp(b / "graph.jsonld"));
    CHECK(slurp(a / "graph.dot") == slurp(b / "graph.dot"));
    CHECK(slurp(a / "graph.jsonld") == slurp(c / "graph.jsonld"));
    for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST_CASE("kg build --spill: sentences kept on disk give the same files, and leave no file") {
    const std::string inputs = quoted(kSamples) + " " + quoted(kSamples / "000_4a13cc21fd096ab1.txt");
    const std::string all = " --format jsonld,dot,graphml,neo4j --html ";
    const fs::path mem = temp_dir("spill_never"), disk = temp_dir("spill_always");
    REQUIRE(kg_test::run_kg("build --quiet --spill never" + all + "--out " + quoted(mem) + " " + inputs).code == 0);
    // A sample twice: spilled, its sentences are stored twice, and evidence still merges by
    // their text.
    REQUIRE(kg_test::run_kg("build --quiet --spill always --threads 2" + all + "--out " + quoted(disk) + " " +
                            inputs + " " + inputs).code == 0);
    std::vector<std::string> names_mem, names_disk;
    for (const auto& e : fs::recursive_directory_iterator(mem)) names_mem.push_back(fs::relative(e.path(), mem));
    for (const auto& e : fs::recursive_directory_iterator(disk)) names_disk.push_back(fs::relative(e.path(), disk));
    std::sort(names_mem.begin(), names_mem.end());
    std::sort(names_disk.begin(), names_disk.end());
    CHECK(names_disk == names_mem);  // the spill file is gone with the process
    for (const auto& name : names_mem) {
        CAPTURE(name);
        if (fs::is_regular_file(mem / name)) CHECK(slurp(mem / name) == slurp(disk / name));
    }
    CHECK(slurp(mem / "graph.jsonld").find("\"text\": \"") != std::string::npos);
    const auto bad = kg_test::run_kg("build --spill sometimes " + quoted(kSamples));
    CHECK(bad.code == 2);
    CHECK(bad.out.find("--spill takes auto, always or never, not 'sometimes'") != std::string::npos);
    // The spill file's folder is the output folder, made first: a path under a file cannot be.
    const fs::path file = mem / "graph.jsonld";
    const auto no_dir = kg_test::run_kg("build --quiet --spill always --out " + quoted(file / "sub") + " " + quoted(kSamples));
    CHECK(no_dir.code == 1);
    CHECK(no_dir.out == "kg: " + (file / "sub").string() + ": cannot create directory: Not a directory\n");
    for (const auto& d : {mem, disk}) fs::remove_all(d);
}

TEST_CASE("kg path answers with evidence for every hop, from names in any script") {
    const fs::path out = temp_dir("path");
    REQUIRE(kg_test::run_kg("build --quiet " + quoted(kSamples) + " --out " + quoted(out)).code == 0);
    const std::string graph = quoted(out / "graph.jsonld");
    Run r = kg_test::run_kg("path " + graph + " لافروف 'Bilawal Bhutto Zardari'");
    CHECK(r.code == 0);
    CHECK(r.out.find("Sergey Lavrov -> Bilawal Bhutto Zardari: 1 hop") != std::string::npos);
    CHECK(r.out.find("--met with-->") != std::string::npos);
    CHECK(r.out.find("[004_d811f06b46d4c850 hi ") != std::string::npos);
    // A two-hop chain across articles and languages: Qureshi (Arabic) to Bilawal (Hindi).
    Run two = kg_test::run_kg("path --json " + graph + " 'شاه محمود قريشي' 'बिलावल भुट्टो ज़रदारी'");
    CHECK(two.code == 0);
    CHECK(two.out.find("\"relation\": \"metwith\"") != std::string::npos);
    CHECK(two.out.find("\"key\": \"person:sergey-lavrov\"") != std::string::npos);
    // A surname alone finds the one actor it ends; two actors make it ambiguous.
    Run surname = kg_test::run_kg("path --via metwith,represents --since 2023-01-01 " + graph + " Lavrov Pakistan");
    CHECK(surname.code == 0);
    CHECK(surname.out.find("Sergey Lavrov -> Pakistan: 2 hops") != std::string::npos);
    Run ambiguous = kg_test::run_kg("path " + graph + " Khan Lavrov");
    CHECK(ambiguous.code == 1);
    CHECK(ambiguous.out == "kg: 'Khan' is ambiguous; it names 2 nodes:\n"
                           "  person:asad-majeed-khan  Asad Majeed Khan\n"
                           "  person:imran-khan  Imran Khan\n"
                           "use one of the keys instead\n");
    // Unknown and ambiguous names are said so.
    Run unknown = kg_test::run_kg("path " + graph + " 'Nobody Here' لافروف");
    CHECK(unknown.code == 1);
    CHECK(unknown.out == "kg: no actor named 'Nobody Here' in the graph\n");
    fs::remove_all(out);
}

TEST_CASE("bad input is reported by file and reason, and the rest is still built") {
    const fs::path in = temp_dir("bad_in"), out = temp_dir("bad_out");
    fs::copy(kSamples / "004_d811f06b46d4c850.txt", in / "good.txt");
    { std::ofstream(in / "empty.txt") << "  \n"; }
    { std::ofstream(in / "latin1.txt", std::ios::binary) << "Le Pakistan et la Russie ont convenu \xE9t\xE9."; }
    { std::ofstream(in / "feed.jsonl") << "{\"id\": \"x1\", \"text\": \"Le Pakistan et la Russie.\"}\n{broken\n"; }
    Run r = kg_test::run_kg("build --quiet " + quoted(in) + " --out " + quoted(out));
    CHECK(r.code == 1);
    const std::string p = in.string();
    CHECK(r.out == "kg: " + p + "/empty.txt: empty\n"
                   "kg: " + p + "/feed.jsonl:2: malformed JSON: Missing a name for object member. at column 2\n"
                   "kg: warning: " + p + "/latin1.txt: not UTF-8: converted from ISO-8859-1 (confidence 78)\n");
    kg::KnowledgeGraph g = kg::output::read_jsonld_file(out / "graph.jsonld");
    CHECK(g.articles() == std::set<std::string>{"good", "latin1", "x1"});
    CHECK(kg_test::run_kg("build").code == 2);
    CHECK(kg_test::run_kg("frobnicate").code == 2);
    fs::remove_all(in);
    fs::remove_all(out);
}
