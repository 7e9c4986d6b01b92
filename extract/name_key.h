// Cross-script name keys: one key for every spelling of a person's name, in any script.
//
// Owns: the transliteration of a name to Latin (ICU Russian-Latin/BGN for Cyrillic, Any-Latin
// otherwise, then Latin-ASCII) and the consonant skeleton with sound classes.
// Input: a name as written. Output: a key such as "lfrf" per word, words joined by '-'.
//   kg::NameKeyer keyer;
//   keyer.key("Сергей Лавров") == keyer.key("सर्गेई लावरोव")  // "srg-lfrf"
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace kg {

class NameKeyer {
public:
    // Builds the ICU transliterators. Throws std::runtime_error if ICU lacks them.
    NameKeyer();
    ~NameKeyer();

    // The name in plain lowercase ASCII Latin ("lavrov"). Thread-safe (each thread uses its
    // own clones of the transliterators).
    std::string latin(std::string_view name) const;
    // The same, with the whole name given to ICU in one call and nothing remembered: what
    // latin(), which transliterates word by word, must equal (exposed for tests).
    std::string latin_at_once(std::string_view name) const;
    // The consonant skeleton of the name, one group per word, joined by '-'; empty when
    // nothing of the name survives. Thread-safe.
    std::string key(std::string_view name) const;
    // The skeleton of one ASCII word (exposed for tests).
    static std::string skeleton(std::string_view ascii_word);

private:
    std::unique_ptr<icu::Transliterator> cyrillic_;
    std::unique_ptr<icu::Transliterator> any_;
    std::unique_ptr<icu::Transliterator> urdu_;
    mutable std::mutex mutex_;
};

}  // namespace kg
