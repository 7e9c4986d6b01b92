// The build pipeline: --threads, kg extract / kg merge, kg build --into, the summary line and
// --quiet, the streamed .jsonl reader, and KnowledgeGraph copies. Outputs are compared byte
// for byte with a single-thread build of the same articles; nothing here is timed.
#include <doctest/doctest.h>

#include <unistd.h>

#include "command_run.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/build_pipeline.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "extract/article.h"
#include "graph_dump.h"

namespace fs = std::filesystem;

using kg_test::run_kg;
using kg_test::Run;
using kg_test::shell;

namespace {

const std::string kKg = KG_BINARY;
const fs::path kSource = KG_SOURCE_DIR;

std::string q(const fs::path& p) { return kg_test::quoted(p); }


std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path temp_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("kg_pipeline_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

// A small generated corpus (eight languages, many actors) in `shards` .jsonl files.
fs::path corpus(const fs::path& dir, const std::string& size, const std::string& shard_size) {
    const fs::path c = dir / "corpus";
    Run r = shell("/usr/bin/python3 " + q(kSource / "bench" / "gen_corpus") + " --seed 7 --size " + size +
                  " --shard-size " + shard_size + " --out " + q(c) + " 2>&1");
    REQUIRE_MESSAGE(r.code == 0, r.out);
    return c;
}

std::vector<fs::path> files_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("kg build writes the same bytes whatever the number of threads") {
    const fs::path dir = temp_dir("threads");
    const fs::path c = corpus(dir, "60K", "20K");
    REQUIRE(files_in(c).size() == 3);
    Run one = run_kg("build --quiet --threads 1 --out " + q(dir / "t1") + " " + q(c));
    REQUIRE(one.code == 0);
    CHECK(one.out.empty());
    const std::string jsonld = slurp(dir / "t1" / "graph.jsonld");
    const std::string dot = slurp(dir / "t1" / "graph.dot");
    REQUIRE(jsonld.size() > 10000);
    for (const std::string n : {"2", "3", "8"}) {
        CAPTURE(n);
        Run r = run_kg(std::string("build --quiet --threads ") + n + " --out " + q(dir / n) + " " + q(c));
        CHECK(r.code == 0);
        CHECK(slurp(dir / n / "graph.jsonld") == jsonld);
        CHECK(slurp(dir / n / "graph.dot") == dot);
    }
}

TEST_CASE("kg build and kg extract report rejected articles in input order for any thread count") {
    const fs::path dir = temp_dir("diagnostics");
    const fs::path in = dir / "mixed.jsonl";
    {
        std::ofstream f(in, std::ios::binary);
        f << "{\"id\": \"a\", \"text\": \"Sergey Lavrov met Wang Yi in Beijing.\"}\n"
          << "not json\n"
          << "{\"id\": \"b\", \"text\": \"\"}\n"
          << "{\"id\": \"c\", \"text\": \"Le Pakistan et la Russie renforcent leurs relations.\"}\n"
          << "{\"text\": \"no id\"}\n";
    }
    const std::string expected =
        "kg: " + in.string() + ":2: malformed JSON: Invalid value. at column 2\n"
        "kg: " + in.string() + ":3: empty\n"
        "kg: " + in.string() + ":5: missing \"id\"\n";
    for (const std::string n : {"1", "2", "4"}) {
        CAPTURE(n);
        Run r = shell(kKg + " build --quiet --threads " + n + " --out " + q(dir / "out") + " " + q(in) +
                      " 2>&1 >/dev/null");
        CHECK(r.code == 1);
        CHECK(r.out == expected);
        Run x = shell(kKg + " extract --quiet --threads " + n + " --out " + q(dir / "x.jsonld") + " " +
                      q(in) + " 2>&1 >/dev/null");
        CHECK(x.code == 1);
        CHECK(x.out == expected);
    }
}

TEST_CASE("kg extract per shard then kg merge, in any order and grouping, equals kg build") {
    const fs::path dir = temp_dir("merge");
    const fs::path c = corpus(dir, "60K", "20K");
    const auto shards = files_in(c);
    REQUIRE(shards.size() == 3);
    REQUIRE(run_kg("build --quiet --threads 1 --out " + q(dir / "all") + " " + q(c)).code == 0);
    const std::string jsonld = slurp(dir / "all" / "graph.jsonld");
    const std::string dot = slurp(dir / "all" / "graph.dot");
    std::vector<fs::path> frags;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        frags.push_back(dir / ("frag" + std::to_string(i) + ".jsonld"));
        REQUIRE(run_kg("extract --quiet --threads 2 --out " + q(frags[i]) + " " + q(shards[i])).code == 0);
    }
    // A fragment is a graph: kg extract to standard output writes the same bytes.
    CHECK(run_kg("extract --quiet " + q(shards[0]), false).out == slurp(frags[0]));

    SUBCASE("all at once, in reverse order") {
        REQUIRE(run_kg("merge --quiet --out " + q(dir / "m") + " " + q(frags[2]) + " " + q(frags[1]) + " " +
                   q(frags[0])).code == 0);
        CHECK(slurp(dir / "m" / "graph.jsonld") == jsonld);
        CHECK(slurp(dir / "m" / "graph.dot") == dot);
    }
    SUBCASE("grouped: (2 + 0) + 1, a merged graph's directory as an input") {
        REQUIRE(run_kg("merge --quiet --out " + q(dir / "m20") + " " + q(frags[2]) + " " + q(frags[0])).code == 0);
        REQUIRE(run_kg("merge --quiet --out " + q(dir / "m") + " " + q(frags[1]) + " " + q(dir / "m20")).code == 0);
        CHECK(slurp(dir / "m" / "graph.jsonld") == jsonld);
        CHECK(slurp(dir / "m" / "graph.dot") == dot);
    }
    SUBCASE("merging a graph with itself adds nothing") {
        REQUIRE(run_kg("merge --quiet --out " + q(dir / "m") + " " + q(dir / "all") + " " + q(dir / "all")).code == 0);
        CHECK(slurp(dir / "m" / "graph.jsonld") == jsonld);
    }
    SUBCASE("sentences spilled to disk, in the build and in the merge: the same bytes") {
        REQUIRE(run_kg("build --quiet --spill always --out " + q(dir / "s") + " " + q(c)).code == 0);
        CHECK(slurp(dir / "s" / "graph.jsonld") == jsonld);
        REQUIRE(run_kg("merge --quiet --spill always --out " + q(dir / "m") + " " + q(frags[1]) + " " + q(frags[0]) +
                       " " + q(frags[2]) + " " + q(frags[1])).code == 0);
        CHECK(slurp(dir / "m" / "graph.jsonld") == jsonld);
        CHECK(slurp(dir / "m" / "graph.dot") == dot);
        CHECK(run_kg("merge --spill later " + q(frags[0])).out.find("--spill takes auto, always or never, not 'later'") !=
              std::string::npos);
    }
}

TEST_CASE("run_pipeline: any window and thread count gives the one-thread graph and diagnostics") {
    // The window bounds the articles in flight and the consumer takes results in batches of a
    // quarter of it: windows of 1 to 9 exercise batches of one, partial batches at the end and
    // a reader woken at half a window, with rejected lines among the articles.
    const fs::path dir = temp_dir("windows");
    const fs::path c = corpus(dir, "60K", "30K");
    const fs::path mixed = dir / "mixed.jsonl";
    {
        std::ofstream f(mixed, std::ios::binary);
        f << "not json\n{\"id\": \"m1\", \"text\": \"Sergey Lavrov met Wang Yi in Beijing.\"}\n"
          << "{\"id\": \"m2\", \"text\": \"\"}\n{\"text\": \"no id\"}\n"
          << "{\"id\": \"m3\", \"text\": \"India exported rice to Iran.\"}\nnot json either\n";
    }
    const std::vector<std::string> inputs = {mixed.string(), c.string(), mixed.string()};
    kg::Normalizer norm;
    const auto lex = kg::Lexicon::load(kSource / "extract" / "lexicons", norm);
    kg::NameKeyer keyer;
    const kg::Extractor ex(*lex, keyer);
    auto build = [&](std::size_t threads, std::size_t window, std::string& said) {
        kg::KnowledgeGraph g;
        kg::PipelineOptions o;
        o.threads = threads;
        o.window = window;
        const kg::BuildStats s = kg::run_pipeline(inputs, ex, g, o, [&](const kg::Diagnostic& d) {
            said += d.str() + "\n";
        });
        said += std::to_string(s.accepted) + " accepted, " + std::to_string(s.rejected) + " rejected\n";
        return kg::testing::dump(g);
    };
    std::string said_one;
    const std::string one = build(1, 0, said_one);
    CAPTURE(said_one);
    CHECK(said_one.find("8 rejected") != std::string::npos);
    for (std::size_t threads : {2, 3}) {
        for (std::size_t window : {1, 2, 3, 4, 5, 9, 0}) {
            CAPTURE(threads);
            CAPTURE(window);
            std::string said;
            CHECK(build(threads, window, said) == one);
            CHECK(said == said_one);
        }
    }
}

TEST_CASE("what a thread remembers of words from earlier articles changes no extraction") {
    // Each thread keeps what it worked out for every word (clitic forms, phrase and gazetteer
    // starts, stems) from article to article, in eight languages, and empties that memory when
    // full. An extractor that remembers nothing past each article is the reference; one that
    // remembers, and one whose memory fills and empties every few articles (also after an
    // article of 20 000 made-up words), must give its graph, in any order of the articles.
    const fs::path dir = temp_dir("words");
    const fs::path c = corpus(dir, "240K", "40K");
    const fs::path junk = dir / "junk.jsonl";
    {
        std::ofstream f(junk, std::ios::binary);
        f << "{\"id\": \"junk\", \"text\": \"";
        for (std::size_t i = 0; i < 20000; ++i) {
            std::string w = "zq";
            for (std::size_t n = i; n > 0; n /= 26) w.push_back(static_cast<char>('a' + n % 26));
            f << w << (i % 12 == 11 ? ". " : " ");
        }
        f << "India exported rice to Iran.\"}\n";
    }
    std::vector<std::string> files;
    for (const auto& p : files_in(c)) files.push_back(p.string());
    REQUIRE(files.size() >= 6);
    files.insert(files.begin() + 2, junk.string());
    kg::Normalizer norm;
    const auto lex = kg::Lexicon::load(kSource / "extract" / "lexicons", norm);
    kg::NameKeyer keyer;
    auto build = [&](const kg::Extractor& ex, const std::vector<std::string>& inputs) {
        kg::KnowledgeGraph g;
        kg::PipelineOptions o;
        o.threads = 1;
        const kg::BuildStats s = kg::run_pipeline(inputs, ex, g, o, [](const kg::Diagnostic& d) {
            FAIL_CHECK(d.str());
        });
        CHECK(s.rejected == 0);
        return kg::testing::dump(g);
    };
    kg::Extractor forgets(*lex, keyer);
    forgets.set_word_memory(0);
    const std::string want = build(forgets, files);
    CHECK(want.find("rice") != std::string::npos);
    const std::vector<std::string> reversed(files.rbegin(), files.rend());
    for (std::size_t memory : {std::size_t{16384}, std::size_t{700}}) {
        CAPTURE(memory);
        kg::Extractor remembers(*lex, keyer);
        remembers.set_word_memory(memory);
        CHECK(build(remembers, reversed) == want);
        CHECK(build(remembers, files) == want);
    }
}

TEST_CASE("run_pipeline: articles prepared while the extractor loads give the same graph") {
    // The extractor comes only once the writer of a pipe has written every article into it,
    // so the workers read, detect and fold nearly all of them before it exists (the early
    // budget is 8 MB): those stashed articles must come out as if extracted at once.
    const fs::path dir = temp_dir("early");
    const fs::path c = corpus(dir, "200K", "100K");
    std::string feed = "not json\n{\"id\": \"e1\", \"text\": \"Sergey Lavrov met Wang Yi in Beijing.\"}\n";
    for (const fs::path& f : files_in(c)) feed += slurp(f);
    feed += "{\"id\": \"e2\", \"text\": \"\"}\n{\"id\": \"e3\", \"lang\": \"en\", \"text\": \"India exported rice to Iran.\"}\n";
    const fs::path whole = dir / "whole.jsonl";
    std::ofstream(whole, std::ios::binary) << feed;
    kg::Normalizer norm;
    const auto lex = kg::Lexicon::load(kSource / "extract" / "lexicons", norm);
    kg::NameKeyer keyer;
    const kg::Extractor ex(*lex, keyer);
    auto build = [&](const std::vector<std::string>& inputs, const kg::ExtractorSource& source, std::size_t threads,
                     std::string& said) {
        kg::KnowledgeGraph g;
        kg::PipelineOptions o;
        o.threads = threads;
        const kg::BuildStats s = kg::run_pipeline(inputs, source, g, o, [&](const kg::Diagnostic& d) {
            said += d.str() + "\n";
        });
        said += std::to_string(s.accepted) + " accepted, " + std::to_string(s.rejected) + " rejected\n";
        return kg::testing::dump(g);
    };
    std::string said_one;
    const std::string one = build({whole.string()}, {norm, [&]() -> const kg::Extractor& { return ex; }}, 1, said_one);
    CHECK(said_one.find("2 rejected") != std::string::npos);
    for (std::size_t threads : {2, 3}) {
        CAPTURE(threads);
        const fs::path pipe = dir / ("feed-" + std::to_string(threads) + ".jsonl");
        REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
        std::promise<void> written;
        std::thread writer([&] {
            std::ofstream(pipe, std::ios::binary) << feed;
            written.set_value();
        });
        std::shared_future<void> gate = written.get_future().share();
        const kg::ExtractorSource late{norm, [&]() -> const kg::Extractor& {
                                           gate.wait();
                                           return ex;
                                       }};
        std::string said;
        // The path names the pipe: that its text ends up the same as the file's is the point.
        std::string got = build({pipe.string()}, late, threads, said);
        writer.join();
        CHECK(got == one);
        const std::string from_file = "whole.jsonl", from_pipe = pipe.filename().string();
        for (std::size_t at = said_one.find(from_file); at != std::string::npos; at = said_one.find(from_file, at + 1))
            said_one.replace(at, from_file.size(), from_pipe);
        CHECK(said == said_one);
        for (std::size_t at = said_one.find(from_pipe); at != std::string::npos; at = said_one.find(from_pipe, at + 1))
            said_one.replace(at, from_pipe.size(), from_file);
    }
}

TEST_CASE("run_pipeline: a lexicon that fails to load is the one error, whatever was read meanwhile") {
    const fs::path dir = temp_dir("failed_load");
    const fs::path mixed = dir / "mixed.jsonl";
    std::ofstream(mixed, std::ios::binary) << "not json\n{\"id\": \"m1\", \"text\": \"India exported rice to Iran.\"}\n";
    kg::Normalizer norm;
    for (std::size_t threads : {1, 2, 3}) {
        CAPTURE(threads);
        const kg::ExtractorSource broken{norm, []() -> const kg::Extractor& {
                                             throw kg::DataError({"people.tsv:3: a broken row"});
                                         }};
        kg::KnowledgeGraph g;
        kg::PipelineOptions o;
        o.threads = threads;
        std::string said;
        try {
            kg::run_pipeline({mixed.string()}, broken, g, o, [&](const kg::Diagnostic& d) { said += d.str(); });
            FAIL("run_pipeline returned");
        } catch (const kg::DataError& e) {
            REQUIRE(e.problems().size() == 1);
            CHECK(e.problems()[0] == "people.tsv:3: a broken row");
        }
        CHECK(said.empty());
        CHECK(boost::num_vertices(g.graph()) == 0);
    }
}

TEST_CASE("kg build --into adds articles to a graph as if all were built at once") {
    const fs::path dir = temp_dir("into");
    const fs::path c = corpus(dir, "60K", "20K");
    const auto shards = files_in(c);
    REQUIRE(run_kg("build --quiet --out " + q(dir / "all") + " " + q(c)).code == 0);
    const std::string jsonld = slurp(dir / "all" / "graph.jsonld");
    const std::string dot = slurp(dir / "all" / "graph.dot");

    REQUIRE(run_kg("build --quiet --out " + q(dir / "g") + " " + q(shards[1])).code == 0);
    REQUIRE(run_kg("build --quiet --into " + q(dir / "g") + " " + q(shards[2]) + " " + q(shards[0])).code == 0);
    CHECK(slurp(dir / "g" / "graph.jsonld") == jsonld);
    CHECK(slurp(dir / "g" / "graph.dot") == dot);

    // Re-adding articles the graph has seen changes nothing; --into a file, --out elsewhere.
    REQUIRE(run_kg("build --quiet --into " + q(dir / "g" / "graph.jsonld") + " --out " + q(dir / "again") + " " +
               q(shards[0])).code == 0);
    CHECK(slurp(dir / "again" / "graph.jsonld") == jsonld);

    Run missing = run_kg("build --quiet --into " + q(dir / "nowhere") + " " + q(shards[0]));
    CHECK(missing.code == 1);
    CHECK(missing.out == "kg: " + (dir / "nowhere").string() + ": cannot open\n");
}

TEST_CASE("a built graph reads back into the same graph, evidence included") {
    const fs::path dir = temp_dir("roundtrip");
    const fs::path c = corpus(dir, "30K", "30K");
    REQUIRE(run_kg("build --quiet --out " + q(dir / "g") + " " + q(c)).code == 0);
    const std::string text = slurp(dir / "g" / "graph.jsonld");
    kg::KnowledgeGraph g = kg::output::read_jsonld(text, "graph.jsonld");
    CHECK(kg::output::to_jsonld(g) == text);
    std::size_t evidence = 0;
    for (auto v : g.sorted_vertices()) evidence += g.node(v).mentions.size();
    CHECK(evidence > 100);
    // Copies and moves keep a usable edge index (merging into them finds existing edges).
    kg::KnowledgeGraph copy = g;
    kg::KnowledgeGraph moved = std::move(copy);
    kg::KnowledgeGraph assigned;
    assigned = moved;
    assigned.merge(g);
    moved.merge(g);
    CHECK(kg::output::to_jsonld(assigned) == text);
    CHECK(kg::output::to_jsonld(moved) == text);
    CHECK(kg::testing::dump(assigned) == kg::testing::dump(g));
}

TEST_CASE("the summary line goes to stderr; --quiet silences it") {
    const fs::path dir = temp_dir("summary");
    const fs::path in = dir / "a.txt";
    std::ofstream(in) << "Sergey Lavrov met Wang Yi in Beijing on Monday.\n";
    Run quiet = run_kg("build --quiet --threads 1 --out " + q(dir / "o") + " " + q(in));
    CHECK(quiet.code == 0);
    CHECK(quiet.out.empty());
    Run r = shell(kKg + " build --threads 1 --out " + q(dir / "o") + " " + q(in) + " 2>&1 >/dev/null");
    CHECK(r.code == 0);
    CHECK(r.out.rfind("kg build: 1 article, 0.0 MB in ", 0) == 0);
    CHECK(r.out.find(" articles/s, 1 thread\n") != std::string::npos);
    const fs::path mixed = dir / "mixed.jsonl";
    std::ofstream(mixed) << "{\"id\": \"x\", \"text\": \"Lavrov met Wang Yi.\"}\n{\"id\": \"y\"}\n";
    Run two = shell(kKg + " build --threads 2 --out " + q(dir / "o2") + " " + q(mixed) + " 2>&1 >/dev/null");
    CHECK(two.code == 1);
    CHECK(two.out.find("\nkg build: 2 articles (1 rejected), ") != std::string::npos);
    CHECK(two.out.find(" articles/s, 2 threads\n") != std::string::npos);
    Run m = shell(kKg + " merge --out " + q(dir / "m") + " " + q(dir / "o") + " 2>&1 >/dev/null");
    CHECK(m.out.rfind("kg merge: 1 graph, ", 0) == 0);
}

TEST_CASE("bad command lines of build, extract and merge") {
    struct Case {
        std::string args;
        std::string first_line;
    };
    const std::vector<Case> cases = {
        {"build --threads 0 x", "kg: --threads takes a whole number of at least 1, not '0'"},
        {"build --threads two x", "kg: --threads takes a whole number of at least 1, not 'two'"},
        {"build --into", "kg: --into needs a value"},
        {"extract --threads -1 x", "kg: --threads takes a whole number of at least 1, not '-1'"},
        {"extract", "kg: kg extract needs at least one INPUT"},
        {"extract --frobnicate x", "kg: unknown option --frobnicate"},
        {"merge", "kg: kg merge needs at least one GRAPH"},
        {"merge --out", "kg: --out needs a value"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.args);
        Run r = run_kg(c.args);
        CHECK(r.code == 2);
        CHECK(r.out.substr(0, r.out.find('\n')) == c.first_line);
    }
    CHECK(run_kg("extract --help").out.rfind("usage: kg extract", 0) == 0);
    CHECK(run_kg("merge --help").out.rfind("usage: kg merge", 0) == 0);
    Run bad = run_kg("merge --out /tmp/kg_pipeline_never " + q(kSource / "README.md"));
    CHECK(bad.code == 1);
    CHECK(bad.out.rfind("kg: " + (kSource / "README.md").string() + ": not JSON: ", 0) == 0);
}

TEST_CASE("a .jsonl file streams in blocks: line numbers and long lines across block ends") {
    const fs::path dir = temp_dir("stream");
    const fs::path in = dir / "big.jsonl";
    {
        std::ofstream f(in, std::ios::binary);
        f << "{\"id\": \"first\", \"text\": \"one\"}\n";
        f << std::string(3'000'000, '\n');                   // blank lines: skipped, but counted
        f << "{\"id\": \"long\", \"text\": \"" << std::string(9'000'000, 'x') << "\"}\n";
        f << "{broken\n";
        f << "{\"id\": \"last\", \"text\": \"two\"}";           // no final newline
    }
    std::vector<std::string> ids, errors;
    kg::ArticleReader(kg::ReaderOptions{1000}).read(
        {in.string()}, [&](kg::Article&& a) { ids.push_back(a.id + "@" + a.source); },
        [&](const kg::Diagnostic& d) { errors.push_back(d.str()); });
    const std::string p = in.string();
    CHECK(ids == std::vector<std::string>{"first@" + p + ":1", "last@" + p + ":3000004"});
    CHECK(errors == std::vector<std::string>{
                        p + ":3000002: larger than the maximum article size (1000 bytes)",
                        p + ":3000003: malformed JSON: Missing a name for object member. at column 2"});
}
