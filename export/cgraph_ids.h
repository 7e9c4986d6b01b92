// Internal to export/: cgraph disciplines. An ID discipline whose IDs follow creation order,
// and a memory discipline that frees a graph at once.
//
// cgraph's default discipline uses the address of a name's string as the ID of a named
// object, and keeps subgraphs ordered by ID: clusters then come out of agwrite and of the
// renderers in an order that changes from run to run. With this discipline a named object's ID
// counts up as names are first seen, so the same graph gives the same bytes every time.
// cgraph allocates a graph's records, dictionaries and strings through the memory discipline
// and frees them one at a time as agclose takes the graph apart; kArenaMemory hands out a few
// large blocks instead and frees them together when agclose is done (nothing is freed before).
//   Agdisc_t disc{&kg::output::kArenaMemory, &kg::output::kSequentialIds, &io};
//   Agraph_t* g = agopen(name, Agdirected, &disc);
#pragma once

#include <graphviz/cgraph.h>

namespace kg::output {

// Named objects get even IDs 2, 4, 6 ... in the order their names are first mapped, unnamed
// ones odd IDs (cgraph's convention: only even IDs print as names). One table per root graph,
// freed by agclose. Use under cgraph_mutex(), as all of cgraph.
extern Agiddisc_t kSequentialIds;

// Memory in blocks of 64 KiB per root graph (zeroed, as cgraph expects), released by agclose.
extern Agmemdisc_t kArenaMemory;

}  // namespace kg::output
