// ViewHash: the hash of a string table that is looked up by std::string_view.
//
// Owns: nothing; a transparent hasher, so that std::unordered_map<std::string, V, ViewHash,
// std::equal_to<>> finds a key from a view without copying it into a std::string.
// Input: a view of the key. Output: std::hash of the same bytes, as for the stored std::string.
//   std::unordered_map<std::string, int, kg::ViewHash, std::equal_to<>> m;
//   m.find(std::string_view("lavrov"));
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace kg {

struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

}  // namespace kg
