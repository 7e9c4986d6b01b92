// Helpers shared by the test suites that run the kg binary: run a command and collect its
// output and exit code, start kg in the background, read a file whole, quote a path for the
// shell, make a scratch folder.
//   auto r = kg_test::run_kg("build --quiet samples --out " + kg_test::quoted(dir));
//   CHECK(r.code == 0);
#pragma once

#include <doctest/doctest.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace kg_test {

struct Run {
    int code = -1;
    std::string out;  // stdout (and stderr when folded in)
};

// Runs `cmd` through the shell; its exit code, or -1 when it did not exit normally.
inline Run shell(const std::string& cmd) {
    Run r;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// kg ARGS, with stderr folded into the output unless `stderr_too` is false.
inline Run run_kg(const std::string& args, bool stderr_too = true) {
    return shell(std::string(KG_BINARY) + " " + args + (stderr_too ? " 2>&1" : " 2>/dev/null"));
}

// Starts kg ARGS in the background with its output thrown away; returns its pid, for a test
// that kills it (SIGKILL) and reaps it (waitpid).
inline pid_t start_kg(const std::vector<std::string>& args) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::FILE* devnull = std::fopen("/dev/null", "w");
        if (devnull) {
            ::dup2(::fileno(devnull), 1);
            ::dup2(::fileno(devnull), 2);
        }
        std::vector<char*> argv{const_cast<char*>(KG_BINARY)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(KG_BINARY, argv.data());
        ::_exit(127);
    }
    return pid;
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// An empty folder of the temp directory; the process id keeps two test runs at once (two
// builds, two checkouts) apart.
inline std::filesystem::path temp_dir(const std::string& name) {
    auto d = std::filesystem::temp_directory_path() / ("kg_test_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

// A .jsonl feed of every .txt article in `folders` (sorted by path), `copies` times over, each
// copy under the id "<file stem><suffix><copy number>": many articles from a few, for tests
// that need a build long enough to be killed midway.
inline std::string jsonl_feed(const std::vector<std::filesystem::path>& folders, int copies,
                              const std::string& suffix) {
    std::vector<std::filesystem::path> sources;
    for (const auto& folder : folders)
        for (const auto& e : std::filesystem::directory_iterator(folder))
            if (e.path().extension() == ".txt") sources.push_back(e.path());
    std::sort(sources.begin(), sources.end());
    std::string feed;
    for (int copy = 0; copy < copies; ++copy)
        for (const auto& p : sources) {
            rapidjson::StringBuffer buf;
            rapidjson::Writer<rapidjson::StringBuffer> w(buf);
            const std::string text = slurp(p);
            const std::string id = p.stem().string() + suffix + std::to_string(copy);
            w.StartObject();
            w.Key("id");
            w.String(id.data(), static_cast<rapidjson::SizeType>(id.size()));
            w.Key("text");
            w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
            w.EndObject();
            feed.append(buf.GetString(), buf.GetSize()).append("\n");
        }
    return feed;
}

}  // namespace kg_test
