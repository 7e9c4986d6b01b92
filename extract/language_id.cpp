#include "extract/language_id.h"

#include <cstdio>  // CLD2's header uses FILE without including it

#include <cld2/public/compact_lang_det.h>

namespace kg {

std::string detect_language(std::string_view text) {
    bool reliable = false;
    CLD2::Language lang = CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()),
                                               /*is_plain_text=*/true, &reliable);
    if (lang == CLD2::UNKNOWN_LANGUAGE) return "und";
    std::string code = CLD2::LanguageCode(lang);
    // CLD2 names some languages with longer tags (zh-Hant); the graph wants the base code.
    auto dash = code.find('-');
    return dash == std::string::npos ? code : code.substr(0, dash);
}

}  // namespace kg
