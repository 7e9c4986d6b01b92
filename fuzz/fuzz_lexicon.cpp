// Fuzz target: the data-file loader. The test fixture lexicon (tests/data/lexicons) is copied
// to a temporary directory once; each input names one of its files on its first line and gives
// that file's new contents after it. The loader then checks the whole directory.
// Properties: nothing crashes or throws; every problem reads "PATH:LINE: what" or "PATH: what".
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "extract/lexicon.h"
#include "fuzz_check.h"

namespace fs = std::filesystem;

namespace {

struct World {
    kg::Normalizer norm;
    fs::path dir;
    std::vector<std::string> files;  // relative paths, sorted
    std::map<std::string, std::string> originals;

    World() {
        dir = fs::temp_directory_path() / ("kg_fuzz_lexicon_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::copy(fs::path(KG_SOURCE_DIR) / "tests/data/lexicons", dir, fs::copy_options::recursive);
        for (const auto& e : fs::recursive_directory_iterator(dir)) {
            if (!e.is_regular_file() || e.path().extension() != ".tsv") continue;
            const std::string rel = fs::relative(e.path(), dir).string();
            std::ifstream in(e.path(), std::ios::binary);
            std::ostringstream ss;
            ss << in.rdbuf();
            originals[rel] = ss.str();
            files.push_back(rel);
        }
        std::sort(files.begin(), files.end());
    }
    ~World() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    void write(const std::string& rel, const std::string& bytes) const {
        std::ofstream out(dir / rel, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const World world;
    const std::string input(reinterpret_cast<const char*>(data), size);
    const auto nl = input.find('\n');
    std::string rel = input.substr(0, nl == std::string::npos ? input.size() : nl);
    const std::string contents = nl == std::string::npos ? "" : input.substr(nl + 1);
    if (!world.originals.count(rel))
        rel = world.files[std::hash<std::string>{}(rel) % world.files.size()];
    world.write(rel, contents);
    const std::vector<std::string> problems = kg::Lexicon::check(world.dir, world.norm);
    for (const auto& p : problems)
        KG_FUZZ_CHECK(p.rfind(world.dir.string(), 0) == 0 && p.find(": ") != std::string::npos,
                      "a problem that does not name its file");
    world.write(rel, world.originals.at(rel));
    return 0;
}
