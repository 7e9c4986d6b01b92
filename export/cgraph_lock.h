// Internal to export/: the one lock around Graphviz's libraries.
//
// cgraph's reader and writer and gvc's layout and renderers keep state in globals (the
// writer's nesting level, the canon buffer, the parser's tables, the font cache), so every
// use of them in this library holds this mutex.
//   const std::lock_guard<std::mutex> lock(kg::output::cgraph_mutex());
#pragma once

#include <mutex>

namespace kg::output {

// The process-wide mutex for cgraph and gvc calls. Never throws.
std::mutex& cgraph_mutex();

}  // namespace kg::output
