// Internal to export/: a cgraph ID discipline whose IDs follow creation order.
//
// cgraph's default discipline uses the address of a name's string as the ID of a named
// object, and keeps subgraphs ordered by ID: clusters then come out of agwrite and of the
// renderers in an order that changes from run to run. With this discipline a named object's ID
// counts up as names are first seen, so the same graph gives the same bytes every time.
//   Agdisc_t disc{&AgMemDisc, &kg::output::kSequentialIds, &io};
//   Agraph_t* g = agopen(name, Agdirected, &disc);
#pragma once

#include <graphviz/cgraph.h>

namespace kg::output {

// Named objects get even IDs 2, 4, 6 ... in the order their names are first mapped, unnamed
// ones odd IDs (cgraph's convention: only even IDs print as names). One table per root graph,
// freed by agclose. Use under cgraph_mutex(), as all of cgraph.
extern Agiddisc_t kSequentialIds;

}  // namespace kg::output
