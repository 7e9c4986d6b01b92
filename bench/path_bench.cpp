// kg_path_bench: how long kg takes to read a graph back and to answer one path query, timed
// apart (kg path prints only the answer). The read is kg path's: without evidence
// (read_jsonld_file_lazy), which kg path then reads for the hops it prints.
//
//   kg_path_bench GRAPH.jsonld FROM_KEY TO_KEY
// Prints one line of JSON: nodes, edges, load_s, query_s, hops.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "export/jsonld_reader.h"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: kg_path_bench GRAPH.jsonld FROM_KEY TO_KEY\n";
        return 2;
    }
    using Clock = std::chrono::steady_clock;
    try {
        auto t0 = Clock::now();
        const kg::output::LazyGraph lazy = kg::output::read_jsonld_file_lazy(argv[1]);
        const kg::KnowledgeGraph& g = lazy.graph();
        const double load = std::chrono::duration<double>(Clock::now() - t0).count();
        auto from = g.find(argv[2]);
        auto to = g.find(argv[3]);
        if (!from || !to) {
            std::cerr << "kg_path_bench: no node " << (from ? argv[3] : argv[2]) << "\n";
            return 1;
        }
        t0 = Clock::now();
        auto hops = g.shortest_path(*from, *to, {});
        const double query = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("{\"tool\": \"kg\", \"nodes\": %zu, \"edges\": %zu, \"load_s\": %.3f, \"query_s\": %.6f, "
                    "\"hops\": %ld}\n",
                    g.num_nodes(), g.num_edges(), load, query, hops ? static_cast<long>(hops->size()) : -1L);
        return hops ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "kg_path_bench: " << e.what() << "\n";
        return 1;
    }
}
