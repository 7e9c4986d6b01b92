// scripts/dask-build: kg extract on the workers of a local Dask cluster, kg merge at the end,
// compared byte for byte with kg build on one machine.
#include <doctest/doctest.h>

#include <unistd.h>

#include "command_run.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {


using kg_test::Run;
using kg_test::shell;

std::string q(const fs::path& p) { return kg_test::quoted(p); }

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("dask-build on a local cluster writes what kg build writes, byte for byte") {
    if (shell("/usr/bin/python3 -c 'import distributed' 2>&1").code != 0) {
        // scripts/install-deps installs python3-distributed; without it there is nothing to run.
        MESSAGE("SKIPPED: python3-distributed is not installed (apt-get install python3-distributed)");
        return;
    }
    const fs::path src = KG_SOURCE_DIR;
    const fs::path dir = fs::temp_directory_path() / ("kg_distributed_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    Run gen = shell("/usr/bin/python3 " + q(src / "bench" / "gen_corpus") +
                    " --seed 11 --size 48K --shard-size 12K --out " + q(dir / "corpus") + " 2>&1");
    REQUIRE_MESSAGE(gen.code == 0, gen.out);

    Run one = shell(std::string(KG_BINARY) + " build --quiet --threads 1 --out " + q(dir / "single") + " " +
                    q(dir / "corpus") + " 2>&1");
    REQUIRE_MESSAGE(one.code == 0, one.out);
    Run dask = shell(q(src / "scripts" / "dask-build") + " --workers 2 --kg " + q(KG_BINARY) + " --out " +
                     q(dir / "dask") + " " + q(dir / "corpus") + " 2>&1");
    REQUIRE_MESSAGE(dask.code == 0, dask.out);
    CHECK(dask.out.find("dask-build: 4 shards on a local cluster of 2 workers") != std::string::npos);
    const std::string single = slurp(dir / "single" / "graph.jsonld");
    REQUIRE(single.size() > 5000);
    CHECK(slurp(dir / "dask" / "graph.jsonld") == single);
    CHECK(slurp(dir / "dask" / "graph.dot") == slurp(dir / "single" / "graph.dot"));
}
