// Crash safety of kg's outputs: what a kill leaves behind. The temporary-file names that say
// which process owns them, the clean-up of a killed kg's leftovers (never a live kg's), the
// rename order of an output set, and `kg build --into` killed with SIGKILL at many moments:
// the graph it grows is always whole, the previous or the new one, and never loses anything.
#include <doctest/doctest.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "command_run.h"
#include "export/atomic_file.h"
#include "export/jsonld_reader.h"
#include "export/output_set.h"
#include "graph/knowledge_graph.h"

namespace {

namespace fs = std::filesystem;
using kg_test::slurp;

const fs::path kSource = KG_SOURCE_DIR;

void spit(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A scratch folder (kg_test::temp_dir), removed with everything in it at the end.
struct Scratch {
    fs::path path;
    explicit Scratch(const std::string& name) : path(kg_test::temp_dir("crash_" + name)) {}
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// The names in `dir` (not below it), sorted.
std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

std::vector<std::string> temporaries_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& n : names_in(dir))
        if (n.find(".tmp.") != std::string::npos) out.push_back(n);
    return out;
}

// The pid of a process that has exited and been reaped: no process has it now (pids are
// handed out in increasing order, so it comes back only after the counter wraps).
pid_t dead_pid() {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) ::_exit(0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(::kill(pid, 0) == -1);
    return pid;
}

bool is_kg_output(const std::string& name) {
    return name == "graph.jsonld" || name == "graph.dot" || name == "rejected.jsonl";
}

// What `before` holds that `now` does not: nodes (by key), their mentions, edges (from, to,
// role) and their evidence. Empty when nothing was lost.
std::vector<std::string> lost(const kg::KnowledgeGraph& before, const kg::KnowledgeGraph& now) {
    std::vector<std::string> out;
    for (auto v : before.sorted_vertices()) {
        const kg::GraphNode& n = before.node(v);
        const auto w = now.find(n.key);
        if (!w) {
            out.push_back("node " + n.key);
            continue;
        }
        for (const auto& m : n.mentions)
            if (!now.node(*w).mentions.count(m)) out.push_back("mention of " + n.key + " in " + m.article().str());
    }
    using EdgeKey = std::tuple<std::string, std::string, std::string>;
    std::map<EdgeKey, std::set<kg::Evidence>> now_edges;
    const kg::Graph& ng = now.graph();
    for (auto e : now.sorted_edges())
        now_edges[{ng[boost::source(e, ng)].key, ng[boost::target(e, ng)].key, ng[e].role}].insert(
            ng[e].evidence.begin(), ng[e].evidence.end());
    const kg::Graph& bg = before.graph();
    for (auto e : before.sorted_edges()) {
        const EdgeKey k{bg[boost::source(e, bg)].key, bg[boost::target(e, bg)].key, bg[e].role};
        const std::string name = std::get<0>(k) + " -" + std::get<2>(k) + "-> " + std::get<1>(k);
        const auto it = now_edges.find(k);
        if (it == now_edges.end()) {
            out.push_back("edge " + name);
            continue;
        }
        for (const auto& ev : bg[e].evidence)
            if (!it->second.count(ev)) out.push_back("evidence of " + name + " in " + ev.article().str());
    }
    return out;
}

}  // namespace

TEST_CASE("temporary_owner: a kg temporary file's name says whose it is") {
    const auto is_target = [](const std::string& n) { return n == "graph.jsonld" || n == "a.tmp.b"; };
    struct Case {
        const char* name;
        long owner;
    };
    const std::vector<Case> cases = {
        {"graph.jsonld.tmp.4242.aZ09xY", 4242},
        {"graph.jsonld.tmp.1.abcdef", 1},
        {"a.tmp.b.tmp.77.QWERTY", 77},          // a target whose own name holds ".tmp."
        // not a target of this set
        {"graph.dot.tmp.4242.aZ09xY", 0},
        {"notes.tmp.4242.aZ09xY", 0},
        // not the shape stage_file makes
        {"graph.jsonld.tmp.aZ09xY", 0},         // the name before pids were written into it
        {"graph.jsonld.tmp.4242.aZ09x", 0},     // five random characters
        {"graph.jsonld.tmp.4242.aZ09xYz", 0},   // seven
        {"graph.jsonld.tmp.4242.aZ-9xY", 0},    // not mkstemp's letters
        {"graph.jsonld.tmp..aZ09xY", 0},        // no pid
        {"graph.jsonld.tmp.0.aZ09xY", 0},       // pid 0 is no process (kill(0) is the group)
        {"graph.jsonld.tmp.042.aZ09xY", 0},     // a leading zero is never written
        {"graph.jsonld.tmp.-5.aZ09xY", 0},
        {"graph.jsonld.tmp.99999999999.aZ09xY", 0},  // beyond any pid
        {"graph.jsonld.tmp.4242", 0},
        {"graph.jsonld", 0},
        {".tmp.4242.aZ09xY", 0},                // no target name at all
        {"", 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(kg::output::temporary_owner(c.name, is_target) == c.owner);
    }
}

TEST_CASE("stage_file names its temporary file after the target and this process") {
    Scratch dir("stage");
    const std::string tmp = kg::output::stage_file(dir.path / "graph.jsonld", "text");
    const std::string name = fs::path(tmp).filename().string();
    CAPTURE(name);
    CHECK(name.rfind("graph.jsonld.tmp." + std::to_string(::getpid()) + ".", 0) == 0);
    CHECK(kg::output::temporary_owner(name, [](const std::string& n) { return n == "graph.jsonld"; }) ==
          ::getpid());
    CHECK(slurp(tmp) == "text");
}

TEST_CASE("A killed process's temporary files are removed by the next write; a live one's stay") {
    Scratch dir("stale");
    const std::string dead = std::to_string(dead_pid());
    const std::string self = std::to_string(::getpid());
    // pid 1 always runs (init, or the container's first process).
    const std::vector<std::string> planted = {
        "graph.jsonld.tmp." + dead + ".AAAAAA",  // a killed kg's: removed
        "graph.dot.tmp." + dead + ".BBBBBB",     // removed
        "graph.jsonld.tmp." + self + ".CCCCCC",  // this running process's: kept
        "graph.jsonld.tmp.1.DDDDDD",             // a running process's: kept
        "notes.txt.tmp." + dead + ".EEEEEE",     // not a kg output: kept
        "graph.jsonld.tmp.FFFFFF",               // no pid, whose it is cannot be told: kept
    };
    for (const auto& n : planted) spit(dir.path / n, "partial");
    fs::create_directories(dir.path / ("graph.dot.tmp." + dead + ".GGGGGG"));  // not a file: kept

    SUBCASE("write_file_atomically cleans up after its own target only") {
        kg::output::write_file_atomically(dir.path / "graph.jsonld", "new");
        CHECK(names_in(dir.path) == sorted({
                                        "graph.dot.tmp." + dead + ".BBBBBB",
                                        "graph.dot.tmp." + dead + ".GGGGGG",
                                        "graph.jsonld",
                                        "graph.jsonld.tmp.1.DDDDDD",
                                        "graph.jsonld.tmp." + self + ".CCCCCC",
                                        "graph.jsonld.tmp.FFFFFF",
                                        "notes.txt.tmp." + dead + ".EEEEEE",
                                    }));
    }
    SUBCASE("an output set cleans up after all its targets, and its prunes' in their folders") {
        spit(dir.path / "neo4j" / ("nodes_Gone.csv.tmp." + dead + ".HHHHHH"), "partial");
        spit(dir.path / "neo4j" / ("nodes_Gone.csv.tmp." + self + ".IIIIII"), "partial");
        spit(dir.path / "neo4j" / ("import.sh.tmp." + dead + ".JJJJJJ"), "partial");
        kg::output::OutputSet set(dir.path);
        set.add("graph.jsonld", "new graph");
        set.add("graph.dot", "new dot");
        set.prune("neo4j", "nodes_", ".csv");
        set.commit();
        CHECK(names_in(dir.path) == sorted({
                                        "graph.dot",
                                        "graph.dot.tmp." + dead + ".GGGGGG",
                                        "graph.jsonld",
                                        "graph.jsonld.tmp.1.DDDDDD",
                                        "graph.jsonld.tmp." + self + ".CCCCCC",
                                        "graph.jsonld.tmp.FFFFFF",
                                        "neo4j",
                                        "notes.txt.tmp." + dead + ".EEEEEE",
                                    }));
        // import.sh is not a target of this set: its leftover waits for a set that writes it.
        CHECK(names_in(dir.path / "neo4j") == sorted({"import.sh.tmp." + dead + ".JJJJJJ",
                                                      "nodes_Gone.csv.tmp." + self + ".IIIIII"}));
        CHECK(slurp(dir.path / "graph.jsonld") == "new graph");
    }
    SUBCASE("the returned list names what was removed") {
        const auto removed = kg::output::remove_stale_temporaries(
            dir.path, [](const std::string& n) { return n == "graph.jsonld" || n == "graph.dot"; });
        CHECK(removed == std::vector<fs::path>{dir.path / ("graph.dot.tmp." + dead + ".BBBBBB"),
                                               dir.path / ("graph.jsonld.tmp." + dead + ".AAAAAA")});
        CHECK(kg::output::remove_stale_temporaries(dir.path / "missing", is_kg_output).empty());
    }
}

TEST_CASE("An output set renames its rename_last file after all the others") {
    Scratch dir("order");
    for (const char* n : {"a.txt", "m.txt", "z.txt"}) spit(dir.path / n, "old");
    // m.txt's rename fails (a folder with something in it stands there): whatever was to be
    // renamed after it keeps its previous version.
    const auto commit_with_m_blocked = [&](const char* last) {
        fs::remove(dir.path / "m.txt");
        fs::create_directories(dir.path / "m.txt" / "inside");
        kg::output::OutputSet set(dir.path);
        for (const char* n : {"a.txt", "m.txt", "z.txt"}) set.add(n, "new");
        if (last) set.rename_last(last);
        CHECK_THROWS_WITH_AS(set.commit(),
                             ((dir.path / "m.txt").string() + ": cannot rename into place: Is a directory").c_str(),
                             std::runtime_error);
        const std::string a = slurp(dir.path / "a.txt"), z = slurp(dir.path / "z.txt");
        fs::remove_all(dir.path / "m.txt");
        spit(dir.path / "a.txt", "old");
        spit(dir.path / "z.txt", "old");
        CHECK(temporaries_in(dir.path).empty());
        return a + "," + z;
    };
    CHECK(commit_with_m_blocked(nullptr) == "new,old");  // sorted: a, m, z
    CHECK(commit_with_m_blocked("a.txt") == "old,old");  // m, z, a
    CHECK(commit_with_m_blocked("z.txt") == "new,old");  // a, m, z

    kg::output::OutputSet set(dir.path);
    CHECK_THROWS_WITH_AS(set.rename_last("graph.jsonld"),
                         "output set: rename_last of a file not added: 'graph.jsonld'",
                         std::invalid_argument);
    // The written paths come back sorted whatever the order of the renames.
    set.add("b", "1");
    set.add("a", "2");
    set.rename_last("a");
    CHECK(set.commit() == std::vector<fs::path>{dir.path / "a", dir.path / "b"});
}

TEST_CASE("Killing kg build --into at any moment loses nothing the graph held") {
    Scratch dir("into");
    const std::vector<std::string> files = {"graph.jsonld", "graph.dot", "rejected.jsonl"};

    // The previous graph: the samples.
    const fs::path graph_dir = dir.path / "graph";
    REQUIRE(kg_test::run_kg("build --quiet " + kg_test::quoted(kSource / "samples") + " --out " +
                            kg_test::quoted(graph_dir))
                .code == 0);
    std::vector<std::string> before;
    for (const auto& f : files) before.push_back(slurp(graph_dir / f));
    const kg::KnowledgeGraph before_graph = kg::output::read_jsonld_file(graph_dir / "graph.jsonld");
    REQUIRE(before_graph.num_nodes() > 0);

    // Many more articles: the development set and the samples, several times under new ids.
    constexpr int kCopies = 3;
    const std::string feed = kg_test::jsonl_feed(
        {kSource / "samples", kSource / "tests/data/dev/articles"}, kCopies, "-copy");
    const fs::path input = dir.path / "more.jsonl";
    spit(input, feed);

    // The finished --into, on a copy of the previous graph, timed only to spread the kills.
    const fs::path done_dir = dir.path / "done";
    fs::create_directories(done_dir);
    for (const auto& f : files) fs::copy_file(graph_dir / f, done_dir / f);
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(kg_test::run_kg("build --quiet --into " + kg_test::quoted(done_dir / "graph.jsonld") +
                            " " + kg_test::quoted(input))
                .code == 0);
    const auto full = std::chrono::steady_clock::now() - t0;
    std::vector<std::string> after;
    for (const auto& f : files) after.push_back(slurp(done_dir / f));
    REQUIRE(after[0] != before[0]);
    REQUIRE(after[1] != before[1]);

    // The finished --into is the graph of everything built at once, byte for byte.
    const fs::path all_dir = dir.path / "all";
    REQUIRE(kg_test::run_kg("build --quiet " + kg_test::quoted(kSource / "samples") + " " +
                            kg_test::quoted(input) + " --out " + kg_test::quoted(all_dir))
                .code == 0);
    for (std::size_t i = 0; i < files.size(); ++i) {
        CAPTURE(files[i]);
        CHECK(slurp(all_dir / files[i]) == after[i]);
    }
    CHECK(lost(before_graph, kg::output::read_jsonld_file(done_dir / "graph.jsonld")).empty());

    const auto restore = [&] {
        for (std::size_t i = 0; i < files.size(); ++i) spit(graph_dir / files[i], before[i]);
    };
    const std::vector<std::string> into = {"build", "--quiet", "--into",
                                           (graph_dir / "graph.jsonld").string(), input.string()};
    std::set<long> killed;
    int killed_midway = 0, new_graph = 0, old_graph_new_dot = 0;
    // The last kill is not followed by a restore: the re-run below starts from what it left.
    constexpr std::array kFractions = {0.05, 0.25, 0.5, 0.95, 1.0, 0.5};
    for (double fraction : kFractions) {
        CAPTURE(fraction);
        restore();
        const pid_t pid = kg_test::start_kg(into);
        std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::microseconds>(full * fraction));
        ::kill(pid, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        killed.insert(pid);
        if (WIFSIGNALED(status)) ++killed_midway;
        else CHECK(WEXITSTATUS(status) == 0);

        // Each file whole: the previous version or the finished one.
        std::vector<std::string> now;
        for (std::size_t i = 0; i < files.size(); ++i) {
            CAPTURE(files[i]);
            now.push_back(slurp(graph_dir / files[i]));
            CHECK((now[i] == before[i] || now[i] == after[i]));
        }
        // graph.jsonld is renamed last: a new graph means every file of the build is new.
        if (now[0] == after[0]) {
            ++new_graph;
            CHECK(now[1] == after[1]);
            CHECK(now[2] == after[2]);
        } else if (now[1] == after[1]) {
            ++old_graph_new_dot;
        }
        // It reads back, and everything the previous graph held is still in it.
        kg::KnowledgeGraph read;
        REQUIRE_NOTHROW(read = kg::output::read_jsonld_file(graph_dir / "graph.jsonld"));
        const auto missing = lost(before_graph, read);
        CAPTURE(missing.size());
        CHECK(missing.empty());
        // What a kill between staging and rename leaves says whose it was.
        for (const auto& t : temporaries_in(graph_dir)) {
            CAPTURE(t);
            CHECK(killed.count(kg::output::temporary_owner(t, is_kg_output)) == 1);
        }
    }
    MESSAGE("kills that landed before kg finished: " << killed_midway << " of " << kFractions.size()
            << "; the new graph after "
            << new_graph << "; the old graph beside a new graph.dot after " << old_graph_new_dot);
    // Timing on a loaded machine varies; the early kills come soon enough to land midway.
    CHECK(killed_midway >= 1);

    // Leftovers as a kill between staging and rename leaves them, one of a process that no
    // longer runs, one of a process that does (this test: a concurrent kg's file in use).
    const std::string dead = "graph.jsonld.tmp." + std::to_string(dead_pid()) + ".KILLED";
    const std::string live = "graph.dot.tmp." + std::to_string(::getpid()) + ".INUSE1";
    spit(graph_dir / dead, before[0].substr(0, before[0].size() / 2));
    spit(graph_dir / live, "being written");

    // The same --into again, after the kill, completes and gives the finished graph.
    const auto rerun = kg_test::run_kg("build --quiet --into " + kg_test::quoted(graph_dir) + " " +
                                       kg_test::quoted(input));
    CHECK(rerun.code == 0);
    CHECK(rerun.out == "");
    for (std::size_t i = 0; i < files.size(); ++i) {
        CAPTURE(files[i]);
        CHECK(slurp(graph_dir / files[i]) == after[i]);
    }
    // No temporary file of a dead process is left; the live process's file is untouched.
    CHECK(temporaries_in(graph_dir) == std::vector<std::string>{live});
    CHECK(slurp(graph_dir / live) == "being written");
}

TEST_CASE("kg build renames graph.jsonld after its other outputs: a failed rename keeps the previous graph") {
    Scratch dir("last");
    const fs::path graph_dir = dir.path / "graph";
    const std::string samples = kg_test::quoted(kSource / "samples");
    const std::string dev = kg_test::quoted(kSource / "tests/data/dev/articles");
    REQUIRE(kg_test::run_kg("build --quiet " + samples + " --out " + kg_test::quoted(graph_dir)).code == 0);
    const std::string old_graph = slurp(graph_dir / "graph.jsonld");
    const std::string old_dot = slurp(graph_dir / "graph.dot");

    // rejected.jsonl sorts after graph.jsonld, so only the rename order keeps the graph from
    // being replaced before the failing rename: a folder holding a file stands in its place.
    fs::remove(graph_dir / "rejected.jsonl");
    fs::create_directories(graph_dir / "rejected.jsonl" / "inside");
    const auto failed = kg_test::run_kg("build --quiet --into " + kg_test::quoted(graph_dir) + " " + dev);
    CHECK(failed.code == 1);
    CHECK(failed.out == "kg: " + (graph_dir / "rejected.jsonl").string() +
                            ": cannot rename into place: Is a directory\n");
    CHECK(slurp(graph_dir / "graph.jsonld") == old_graph);
    const std::string new_dot = slurp(graph_dir / "graph.dot");
    CHECK(new_dot != old_dot);  // renamed before: drawn from more articles
    CHECK(temporaries_in(graph_dir).empty());

    // The intact previous graph is all the same --into needs to finish: it then writes the
    // graph.dot the failed run drew, and keeps everything the previous graph held.
    fs::remove_all(graph_dir / "rejected.jsonl");
    REQUIRE(kg_test::run_kg("build --quiet --into " + kg_test::quoted(graph_dir) + " " + dev).code == 0);
    CHECK(slurp(graph_dir / "graph.dot") == new_dot);
    CHECK(slurp(graph_dir / "graph.jsonld") != old_graph);
    CHECK(lost(kg::output::read_jsonld(old_graph, "previous"),
               kg::output::read_jsonld_file(graph_dir / "graph.jsonld"))
              .empty());
}
