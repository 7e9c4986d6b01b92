// Text: an immutable string kept once per process (interned) and passed around as a pointer.
//
// Owns: the process-wide pool of interned strings. Evidence repeats the same article ids,
// language codes and sentences hundreds of thousands of times over a large corpus (a sentence
// backs every mention in it and every relation read from it); a Text of an already interned
// string costs 8 bytes and no allocation.
// Input: any bytes. Output: a handle that compares, orders and hashes by content.
//   kg::Text a = "en-1", b = std::string("en-1");
//   assert(a == b && a.data() == b.data());  // one copy
// Strings are never freed: the pool lives as long as the process (kg builds one graph and
// exits). Interning is thread-safe (the pool is split into independently locked shards);
// reading a Text needs no lock.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace kg {

class Text {
public:
    // The empty string.
    Text() noexcept;
    // Interns `s` (finds the pooled copy or adds one). Thread-safe. Throws std::bad_alloc, and
    // std::length_error for a string of 4 GiB or more.
    Text(std::string_view s);
    Text(const std::string& s) : Text(std::string_view(s)) {}
    Text(const char* s) : Text(std::string_view(s)) {}
    // A copy of `s` kept in the pool's storage without entering its look-up table: for the
    // millions of strings that are new when made and never interned again, and that their
    // owner finds by its own index (a graph's relation and meeting keys: 6.3 of the 8.8 million
    // strings of a 1 GB build, whose table slots would take some 100 MB). Such a Text equals
    // (==) and hashes (std::hash, by address) only as copies of itself, where Text(s) of the
    // same content gives the interned copy; <=> and view() go by content as always.
    // Thread-safe; throws as Text(s).
    static Text unique(std::string_view s);

    const char* data() const noexcept { return p_; }
    // NUL-terminated, like std::string::c_str.
    const char* c_str() const noexcept { return p_; }
    std::size_t size() const noexcept {
        std::uint32_t n;
        std::memcpy(&n, p_ - sizeof n, sizeof n);
        return n;
    }
    bool empty() const noexcept { return size() == 0; }
    std::string_view view() const noexcept { return {p_, size()}; }
    operator std::string_view() const noexcept { return view(); }
    std::string str() const { return std::string(view()); }
    // A dense number of this string, the same for every Text of it: 0 for the empty string,
    // else given when first asked (1, 2, 3, ... in the order of first calls, which depends on
    // the order of work and must not reach any output). For records that keep a string in 4
    // bytes instead of 8 (Evidence). Thread-safe; throws std::length_error past 2^32 - 1.
    std::uint32_t number() const;
    // The Text numbered `n`, which number() must have returned (to a thread this one
    // synchronised with since). Never throws.
    static Text numbered(std::uint32_t n) noexcept;

    // A copy where a std::string is needed (a writer's set of names, a CSV row), so that code
    // written for string fields reads a Text the same way.
    operator std::string() const { return str(); }

    // One pooled copy per content, unique() aside: equal content means the same pointer.
    friend bool operator==(Text a, Text b) noexcept { return a.p_ == b.p_; }
    // Against plain strings by content, without interning them.
    friend bool operator==(Text a, std::string_view b) noexcept { return a.view() == b; }
    friend bool operator==(Text a, const std::string& b) noexcept { return a.view() == b; }
    friend bool operator==(Text a, const char* b) noexcept { return a.view() == b; }
    friend std::strong_ordering operator<=>(Text a, Text b) noexcept {
        if (a.p_ == b.p_) return std::strong_ordering::equal;
        return a.view() <=> b.view();
    }

private:
    const char* p_;  // the pooled bytes, NUL-terminated, their length stored just before them
};

std::ostream& operator<<(std::ostream& out, Text t);

// A Text kept in 4 bytes, by its number (Text::number): for fields of records held by the
// million where 4 bytes of alignment are saved with them (an edge's role). Reads as the Text
// it stands for, one table look-up away; compares and orders by content like it.
class TextRef {
public:
    TextRef() noexcept = default;
    // Numbers `t` if it has no number yet. Throws what Text::number throws.
    TextRef(Text t) : n_(t.number()) {}
    TextRef(std::string_view s) : TextRef(Text(s)) {}
    TextRef(const char* s) : TextRef(Text(s)) {}

    Text text() const noexcept { return Text::numbered(n_); }
    operator Text() const noexcept { return text(); }
    std::string_view view() const noexcept { return text().view(); }
    operator std::string_view() const noexcept { return view(); }
    std::string str() const { return text().str(); }
    operator std::string() const { return str(); }
    const char* c_str() const noexcept { return text().c_str(); }
    std::size_t size() const noexcept { return text().size(); }
    bool empty() const noexcept { return n_ == 0; }

    friend bool operator==(TextRef a, TextRef b) noexcept { return a.n_ == b.n_; }
    friend bool operator==(TextRef a, Text b) noexcept { return a.text() == b; }
    friend bool operator==(TextRef a, std::string_view b) noexcept { return a.view() == b; }
    friend bool operator==(TextRef a, const std::string& b) noexcept { return a.view() == b; }
    friend bool operator==(TextRef a, const char* b) noexcept { return a.view() == b; }
    friend std::strong_ordering operator<=>(TextRef a, TextRef b) noexcept {
        if (a.n_ == b.n_) return std::strong_ordering::equal;
        return a.text() <=> b.text();
    }

private:
    std::uint32_t n_ = 0;  // 0: the empty string
};
static_assert(sizeof(TextRef) == 4);

std::ostream& operator<<(std::ostream& out, TextRef t);

// Concatenation with plain strings, as with std::string.
inline std::string operator+(std::string a, Text b) { return a.append(b.view()); }
inline std::string operator+(const char* a, Text b) { return std::string(a).append(b.view()); }
inline std::string operator+(Text a, std::string_view b) { return a.str().append(b); }
inline std::string operator+(Text a, const char* b) { return a.str().append(b); }

// What the pool holds: distinct strings, and bytes reserved for them and their table.
// Thread-safe.
struct TextPoolStats {
    std::size_t strings = 0;
    std::size_t bytes = 0;
};
TextPoolStats text_pool_stats();

// Frees the pool's look-up table (8 to 16 bytes a string: 128 MiB for the 8.8 million strings
// of a 1 GB build); the strings stay, every Text stays valid, and the next new Text builds the
// table again. For a process that has made all its strings and only writes from here on.
// Thread-safe.
void release_text_table();

}  // namespace kg

template <>
struct std::hash<kg::Text> {
    std::size_t operator()(kg::Text t) const noexcept {
        return std::hash<const char*>()(t.data());
    }
};
