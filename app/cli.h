// CLI helpers shared by the command files of app/: the usage error and option values.
//
// Owns: UsageError (exit code 2, caught in kg.cpp's main), the lexicon directory lookup, the
// paths of a graph given on the command line and the --spill option.
//   std::string v = kg::cli::take_value(args, i);   // throws UsageError "--out needs a value"
//   fs::path g = kg::cli::graph_file("out");         // out/graph.jsonld
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "graph/sentence_store.h"

namespace kg::cli {

// A bad command line: printed with the main usage, exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// --data DIR, else $KG_DATA, else the lexicons the binary was built with.
inline std::filesystem::path data_dir(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("KG_DATA")) return env;
    return KG_DEFAULT_DATA_DIR;
}

inline bool wants_help(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") return true;
    return false;
}

// The value after option args[i]; advances i. Throws UsageError when there is none.
inline std::string take_value(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size()) throw UsageError(args[i] + " needs a value");
    return args[++i];
}

// A count option's value (--threads 4). Throws UsageError naming the option unless it is a
// whole number >= 1.
inline std::size_t count_value(const std::string& option, const std::string& v) {
    std::size_t used = 0;
    unsigned long long n = 0;
    try {
        n = std::stoull(v, &used);
    } catch (...) {
        used = 0;
    }
    if (used == 0 || used != v.size() || n == 0 || v[0] == '-')
        throw UsageError(option + " takes a whole number of at least 1, not '" + v + "'");
    return static_cast<std::size_t>(n);
}

// A graph named on the command line: a graph.jsonld file, or a directory holding one.
inline std::filesystem::path graph_file(const std::string& arg) {
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) return std::filesystem::path(arg) / "graph.jsonld";
    return arg;
}

// --spill WHEN: "auto", "always" or "never". Throws UsageError for anything else.
inline std::string spill_value(const std::string& v) {
    if (v != "auto" && v != "always" && v != "never")
        throw UsageError("--spill takes auto, always or never, not '" + v + "'");
    return v;
}

// Inputs from this size on spill their sentences (--spill auto): below it, memory is not what
// limits a build, and reading sentences back costs time.
inline constexpr std::uintmax_t kSpillInputBytes = std::uintmax_t{256} << 20;

// Sends the sentences that evidence quotes to a temporary file in `out` (made first) when
// `when` is "always", or "auto" and the inputs are kSpillInputBytes or more
// (graph/sentence_store.h). Throws std::runtime_error naming `out` and the reason.
inline void spill_if(const std::string& when, std::uintmax_t input_bytes, const std::string& out) {
    if (when == "never" || (when == "auto" && input_bytes < kSpillInputBytes)) return;
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) throw std::runtime_error(out + ": cannot create directory: " + ec.message());
    spill_sentences(out);
}

}  // namespace kg::cli
