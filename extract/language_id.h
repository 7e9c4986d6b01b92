// Language identification with CLD2.
//
// Owns: the call into CLD2 (compact language detector 2), which tells Arabic, Persian and
// Urdu apart at paragraph length.
// Input: UTF-8 text. Output: an ISO 639-1 code ("fa") or "und".
//   std::string lang = kg::detect_language(article.text);
#pragma once

#include <string>
#include <string_view>

namespace kg {

// The language of `text` as an ISO 639-1 code, or "und" when CLD2 cannot tell.
// Thread-safe (CLD2 keeps no state between calls). Never throws.
std::string detect_language(std::string_view text);

}  // namespace kg
