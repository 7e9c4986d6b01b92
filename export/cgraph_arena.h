// Internal to export/: a cgraph memory discipline for graphs that are built, written once and
// dropped (the DOT writer's parts).
//
// cgraph's own discipline frees every node, edge, dictionary and string one by one when a graph
// closes, which took a quarter of the time of writing DOT. With a discipline that has a close
// method, agclose of a root graph instead calls that method alone: here, memory comes from large
// zeroed blocks, nothing is given back before the close, and the close returns the blocks all at
// once.
//   ArenaDisc disc(&io);
//   Agraph_t* g = agopen(name, Agdirected, disc.get());  ...  agclose(g);
#pragma once

#include <graphviz/cgraph.h>

#include <cstddef>
#include <vector>

namespace kg::output {

inline constexpr std::size_t kArenaBlock = std::size_t{1} << 20;

// The disciplines of graphs whose memory is an arena: this memory discipline, the sequential
// IDs (cgraph_ids.h) and the caller's channel. One ArenaDisc serves any number of graphs, one
// after the other, under cgraph_mutex(); each root graph has an arena of its own.
class ArenaDisc {
public:
    explicit ArenaDisc(Agiodisc_t* io);
    // Every graph opened with it must be closed first.
    ~ArenaDisc();
    ArenaDisc(const ArenaDisc&) = delete;
    ArenaDisc& operator=(const ArenaDisc&) = delete;
    Agdisc_t* get() { return &disc_; }

private:
    Agdisc_t disc_;  // first: cgraph hands the disciplines' open methods this address
    void* opening_ = nullptr;  // the arena of the root graph agopen is making
    std::vector<void*> spare_;  // zeroed blocks of closed arenas, for the next ones

    friend bool arena_adopt(Agdisc_t*, void*, void (*)(void*));
    friend struct ArenaAccess;
};

// Closes a root graph opened with an ArenaDisc (or any other root graph, with agclose alone).
// cgraph's close-all path gives the arena back but not the headers of the graph's dictionaries,
// which cdt (dtopen) takes from malloc whatever the discipline: they are gathered from the graph
// and its subgraphs first (node, edge and subgraph sets, attribute dictionaries, the string
// dictionary and the name maps, all reachable through cgraph.h's structures) and freed after.
void close_graph(Agraph_t* root);

// True when `disc` is an ArenaDisc's.
bool uses_arena(const Agdisc_t* disc);

// For another discipline's open method, which cgraph calls inside agopen after the memory
// discipline's, with an ArenaDisc's `disc`: `destroy(object)` will run when the new graph's
// arena closes (agclose of the root then calls no other discipline's close). False when there
// was no memory to note it: nothing is done then.
bool arena_adopt(Agdisc_t* disc, void* object, void (*destroy)(void*));

}  // namespace kg::output
