// Records: the plain values that flow from extraction into the graph.
//
// Owns: Span, Evidence, EvidenceSet, SurfaceForm, NodeRecord, EdgeRecord, Extraction and the
// node kinds.
// Input: built by extract/ for one article. Output: merged by KnowledgeGraph.
//   kg::Extraction x; x.nodes.push_back(kg::NodeRecord{...});
//   graph.merge(x);
// Everything here is a value type with a total order, so sets of them are deterministic.
#pragma once

#include <algorithm>
#include <compare>
#include <cstring>
#include <iterator>
#include <new>
#include <cstddef>
#include <cstdlib>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "graph/sentence_store.h"
#include "graph/text.h"
#include "graph/thin_vec.h"

namespace kg {

// Byte offsets [begin, end) into the original UTF-8 article.
struct Span {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    auto operator<=>(const Span&) const = default;
};

enum class NodeKind : std::uint8_t {
    Person,
    Country,
    Place,
    Organization,
    Commodity,
    Meeting,    // an event with attendees, place and date
    MetWith,    // relation node: two participants
    Export,     // relation node: exporter, importer, commodity
    Agreement,  // relation node: two or more parties
};

// Stable lowercase name of a kind ("person", "metwith", ...). Never throws.
std::string_view kind_name(NodeKind kind);
// Inverse of kind_name; nullopt for an unknown name.
std::optional<NodeKind> kind_from_name(std::string_view name);
// True for the entity kinds (Person .. Commodity).
bool is_entity(NodeKind kind);
// True for the relation kinds (MetWith, Export, Agreement).
bool is_relation(NodeKind kind);

// Where a node or an edge was read: the article, the exact bytes, the sentence, the language.
// The strings are kept by number: the sentence by its reference in the sentence store
// (graph/sentence_store.h: in memory, or spilled to a file by a large build), the article and
// the language as one number of their pair (graph/text.h interns both), so an Evidence is 16
// bytes; a corpus of 1 GB keeps some 40 million of them. Ordered by article, span, sentence,
// language text, and equal when the four texts are, as if they were fields compared in turn.
class Evidence {
public:
    Evidence() = default;
    // Numbers the (article, language) pair when it is new and stores the sentence
    // (sentence_ref). Thread-safe. Throws what sentence_ref throws, std::length_error past
    // 2^32 - 1 numbered pairs, std::bad_alloc.
    Evidence(Text article, Span span, std::string_view sentence, Text lang);
    // The same with a sentence already stored: `sentence` is what sentence_ref returned (an
    // article's extraction stores each sentence once, for all the evidence it backs).
    struct SentenceRef {
        std::uint32_t ref;
    };
    Evidence(Text article, Span span, SentenceRef sentence, Text lang);

    Text article() const noexcept;
    // A copy of the sentence: a spilled one is read from its file. Throws what sentence_text
    // throws.
    std::string sentence() const { return sentence_text(sentence_); }
    // The sentence without a copy when it is in memory; a spilled one is read into `buffer`
    // (sentence_view). For writers of millions of them.
    std::string_view sentence(std::string& buffer) const { return sentence_view(sentence_, buffer); }
    Text lang() const noexcept;

    Span span;

    friend bool operator==(const Evidence& a, const Evidence& b) {
        if (a.source_ != b.source_ || a.span != b.span) return false;
        if (a.sentence_ == b.sentence_) return true;
        // Two in-memory references of different numbers are different texts.
        if (sentence_in_memory(a.sentence_) && sentence_in_memory(b.sentence_)) return false;
        return compare_sentences(a.sentence_, b.sentence_) == 0;
    }
    friend std::strong_ordering operator<=>(const Evidence& a, const Evidence& b) {
        if (a.source_ != b.source_)
            if (auto c = a.article() <=> b.article(); c != 0) return c;
        if (auto c = a.span <=> b.span; c != 0) return c;
        if (a.sentence_ != b.sentence_)
            if (const int c = compare_sentences(a.sentence_, b.sentence_); c != 0) return c <=> 0;
        if (a.source_ != b.source_) return a.lang() <=> b.lang();
        return std::strong_ordering::equal;
    }

private:
    friend class EvidenceSet;  // packs and unpacks the numbers
    void set_source(Text article, Text lang);
    std::uint32_t source_ = 0;    // the (article, language) pair's number; 0: both empty
    std::uint32_t sentence_ = 0;  // the sentence's reference; 0: the empty sentence
};

// A sorted set of Evidence: what std::set<Evidence> was, without a tree node per element (a
// country mentioned in 100,000 articles keeps 100,000 of them). Iterates in order, each element
// once. One element is kept in place (16 bytes: most edges and many relation nodes have one
// article behind them). More are packed in one heap block, each element as four variable-length
// numbers relative to the one before it (pair number, span start, span length, sentence
// reference: about 6 bytes where an Evidence takes 16), so iterating decodes them one by one
// and the iterator holds the element it points at. Inserting an element after the last is
// constant time, anywhere else linear in the size; KnowledgeGraph, which merges millions,
// appends and sorts once before anything reads (see KnowledgeGraph::settle).
class EvidenceSet {
    struct Packed;

public:
    using value_type = Evidence;

    // An iterator that decodes as it goes. *it is a copy of the element (so `const Evidence& e =
    // *set.begin()` is safe), it-> points into the iterator. A forward iterator as C++20 counts
    // them (a copy walks on its own), an input iterator to older algorithms, whose forward
    // iterators must return references. Iterators compare equal by the elements left to them,
    // so only iterators of one set compare.
    class const_iterator {
    public:
        using iterator_concept = std::forward_iterator_tag;
        using iterator_category = std::input_iterator_tag;
        using value_type = Evidence;
        using difference_type = std::ptrdiff_t;
        using pointer = const Evidence*;
        using reference = Evidence;

        const_iterator() noexcept = default;
        reference operator*() const noexcept { return cur_; }
        pointer operator->() const noexcept { return &cur_; }
        const_iterator& operator++() noexcept {
            if (--left_ > 0) decode(next_, cur_);
            return *this;
        }
        const_iterator operator++(int) noexcept {
            const_iterator was = *this;
            ++*this;
            return was;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) noexcept {
            return a.left_ == b.left_;
        }

    private:
        friend class EvidenceSet;
        const_iterator(const std::uint8_t* next, std::uint32_t left, const Evidence& first) noexcept
            : next_(next), left_(left), cur_(first) {}
        const std::uint8_t* next_ = nullptr;  // the packed bytes of the element after cur_
        std::uint32_t left_ = 0;              // elements from cur_ to the end
        Evidence cur_;
    };
    using iterator = const_iterator;

    EvidenceSet() noexcept { make_many(nullptr); }
    EvidenceSet(std::initializer_list<Evidence> items) : EvidenceSet() { insert(items.begin(), items.end()); }
    EvidenceSet(const EvidenceSet& other);
    EvidenceSet(EvidenceSet&& other) noexcept {
        std::memcpy(bytes_, other.bytes_, sizeof bytes_);  // takes the element or the block
        other.make_many(nullptr);
    }
    EvidenceSet& operator=(const EvidenceSet& other) {
        if (this != &other) {
            EvidenceSet copy(other);
            *this = std::move(copy);
        }
        return *this;
    }
    EvidenceSet& operator=(EvidenceSet&& other) noexcept {
        if (this != &other) {
            drop();
            std::memcpy(bytes_, other.bytes_, sizeof bytes_);
            other.make_many(nullptr);
        }
        return *this;
    }
    ~EvidenceSet() { drop(); }

    const_iterator begin() const noexcept {
        if (is_one()) return const_iterator(nullptr, 1, *one());
        const Packed* p = packed();
        if (p == nullptr || p->count == 0) return end();
        const std::uint8_t* at = p->bytes();
        Evidence first;
        decode(at, first);
        return const_iterator(at, p->count, first);
    }
    const_iterator end() const noexcept { return const_iterator(); }
    std::size_t size() const noexcept {
        if (is_one()) return 1;
        const Packed* p = packed();
        return p ? p->count : 0;
    }
    bool empty() const noexcept { return size() == 0; }
    std::size_t count(const Evidence& e) const;
    // Adds `e` unless it is there; returns whether it was added. Constant time when `e` comes
    // after every element, linear otherwise.
    bool insert(const Evidence& e);
    // Adds every element of [first, last) not already there.
    template <typename It>
    void insert(It first, It last) {
        if (append(first, last)) settle();
    }
    void clear() noexcept {
        drop();
        make_many(nullptr);
    }
    friend bool operator==(const EvidenceSet& a, const EvidenceSet& b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
    }
    // Bytes in the heap for the elements (0 for none or one in place), for measurements.
    std::size_t heap_bytes() const noexcept;

private:
    friend class KnowledgeGraph;
    // Appends [first, last) as it comes (not from this set). Returns false when the set is
    // still sorted and unique (the common case of a later article's evidence), true when it
    // needs settle().
    template <typename It>
    bool append(It first, It last) {
        if (first == last) return false;
        if (empty() && std::next(first) == last) {
            drop();
            make_one(*first);
            return false;
        }
        to_many();
        bool unsorted = false;
        for (; first != last; ++first) {
            const Evidence& e = *first;
            if (!unsorted && packed() != nullptr && packed()->count > 0 && !(packed()->last < e)) unsorted = true;
            push_back(e);
        }
        return unsorted;
    }
    // Sorts and removes duplicates. Returns true when anything moved or went.
    bool settle();

    // The heap block: a header, then the packed elements. `last` is the last element, the base
    // of the next one appended.
    struct Packed {
        std::uint32_t count;  // elements
        std::uint32_t used;   // packed bytes
        std::uint32_t cap;    // room for packed bytes
        Evidence last;
        std::uint8_t* bytes() noexcept { return reinterpret_cast<std::uint8_t*>(this + 1); }
        const std::uint8_t* bytes() const noexcept { return reinterpret_cast<const std::uint8_t*>(this + 1); }
    };
    static constexpr std::size_t kMaxPacked = 20;  // bytes of one element at most: 4 numbers of 5

    static std::uint32_t zig(std::uint32_t d) noexcept {
        return (d << 1) ^ static_cast<std::uint32_t>(static_cast<std::int32_t>(d) >> 31);
    }
    static std::uint32_t unzig(std::uint32_t z) noexcept { return (z >> 1) ^ (0u - (z & 1u)); }
    static std::uint32_t get(const std::uint8_t*& p) noexcept {
        std::uint32_t v = *p & 0x7F;
        for (int shift = 7; *p++ & 0x80; shift += 7) v |= static_cast<std::uint32_t>(*p & 0x7F) << shift;
        return v;
    }
    static void put(std::uint8_t*& p, std::uint32_t v) noexcept {
        for (; v >= 0x80; v >>= 7) *p++ = static_cast<std::uint8_t>(v | 0x80);
        *p++ = static_cast<std::uint8_t>(v);
    }
    // `e` as it follows `prev`: the pair number's difference; the span's start, as a difference
    // when the pair is the same; the span's length; the sentence reference's difference. All in
    // 32-bit modular arithmetic, so any values come back exactly.
    static void encode(std::uint8_t*& p, const Evidence& prev, const Evidence& e) noexcept {
        const std::uint32_t ds = e.source_ - prev.source_;
        put(p, zig(ds));
        put(p, ds == 0 ? zig(e.span.begin - prev.span.begin) : e.span.begin);
        put(p, e.span.end - e.span.begin);
        put(p, zig(e.sentence_ - prev.sentence_));
    }
    static void decode(const std::uint8_t*& p, Evidence& e) noexcept {
        const std::uint32_t ds = unzig(get(p));
        e.source_ += ds;
        const std::uint32_t begin = get(p);
        e.span.begin = ds == 0 ? e.span.begin + unzig(begin) : begin;
        e.span.end = e.span.begin + get(p);
        e.sentence_ += unzig(get(p));
    }

    // The 16 bytes hold either one Evidence, or a Packed pointer (null when empty) followed by
    // kMany where an Evidence keeps its (article, language) pair and sentence numbers: no
    // Evidence has both all ones (pair numbers stop below 2^32 - 1), so those bytes tell which.
    static constexpr std::uint64_t kMany = ~std::uint64_t{0};
    bool is_one() const noexcept {
        std::uint64_t tail;
        std::memcpy(&tail, bytes_ + 8, sizeof tail);
        return tail != kMany;
    }
    const Evidence* one() const noexcept { return std::launder(reinterpret_cast<const Evidence*>(bytes_)); }
    Packed* packed() const noexcept {
        Packed* p;
        std::memcpy(&p, bytes_, sizeof p);
        return p;
    }
    // Puts `block` (null: empty) in the bytes (whatever was there is gone).
    void make_many(Packed* block) noexcept {
        std::memcpy(bytes_, &block, sizeof block);
        std::memcpy(bytes_ + 8, &kMany, sizeof kMany);
    }
    void make_one(const Evidence& e) noexcept { ::new (static_cast<void*>(bytes_)) Evidence(e); }
    // Ends what the bytes hold (frees the block).
    void drop() noexcept {
        if (!is_one()) std::free(packed());
    }
    // The element in place, moved into a block of its own.
    void to_many();
    // Appends `e` to the block (many state) after the last element, whatever their order.
    void push_back(const Evidence& e);
    // Replaces the contents (many state) by `items`, which are sorted and unique.
    void assign_sorted(const std::vector<Evidence>& items);

    // 4-byte aligned, like an Evidence: the pointer is copied in and out with memcpy, so a
    // record of a 4-byte field and a set takes 20 bytes, not 24.
    alignas(4) unsigned char bytes_[16];
};
static_assert(sizeof(Evidence) == 16 && sizeof(EvidenceSet) == 16 && alignof(EvidenceSet) == 4);
static_assert(std::forward_iterator<EvidenceSet::const_iterator>);

// A name as written in one language.
struct SurfaceForm {
    std::string form;
    std::string lang;
    auto operator<=>(const SurfaceForm&) const = default;
};

// A name as the graph keeps it: both strings interned (16 bytes). Ordered like SurfaceForm.
struct Form {
    Text form;
    Text lang;
    auto operator<=>(const Form&) const = default;
};

// A small sorted set in one vector: what std::set was for a node's forms and merge reasons,
// without a tree node (~48 bytes of overhead) and a heap string per element. Inserting is linear
// in the size; these sets hold a handful of elements.
template <typename T>
class SortedSet {
public:
    using value_type = T;
    using const_iterator = const T*;
    using iterator = const_iterator;

    const_iterator begin() const noexcept { return items_.begin(); }
    const_iterator end() const noexcept { return items_.end(); }
    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    std::size_t count(const T& x) const {
        return std::binary_search(items_.begin(), items_.end(), x) ? 1 : 0;
    }
    // Adds `x` unless it is there; returns whether it was added. The vector grows to fit
    // exactly: most sets never grow after their first few elements.
    bool insert(const T& x) {
        const T* at = std::lower_bound(items_.begin(), items_.end(), x);
        if (at != items_.end() && *at == x) return false;
        const auto i = at - items_.begin();
        items_.reserve(items_.size() + 1);
        items_.insert(items_.begin() + i, x);
        return true;
    }
    template <typename It>
    void insert(It first, It last) {
        for (; first != last; ++first) insert(T(*first));
    }
    friend bool operator==(const SortedSet&, const SortedSet&) = default;

private:
    friend class KnowledgeGraph;  // looks elements up by content before interning them
    ThinVec<T> items_;
};

// A set of texts kept by their sentence-store references (graph/sentence_store.h), for a node's
// merge reasons: while sentences are spilled, so are these texts (a 1 GB build has some 250 MB
// of them, read again only by writers and `kg explain`). 8 bytes a text in memory: its hash
// and its reference. Equal texts are one element (compared by hash, then by content).
// texts() lists them in content order, as a std::set<std::string> would.
class QuotedSet {
public:
    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    // Adds `text` unless it is there; returns whether it was added. Throws as sentence_ref
    // and sentence_text (a spill file that cannot be written or read), std::bad_alloc.
    bool insert(std::string_view text);
    template <typename It>
    void insert(It first, It last) {
        for (; first != last; ++first) insert(std::string_view(*first));
    }
    bool contains(std::string_view text) const;
    // The texts, sorted. Throws as sentence_text.
    std::vector<std::string> texts() const;
    // The hash that finds a text (32 bits of std::hash).
    static std::uint32_t hash_of(std::string_view text) noexcept;

private:
    struct Item {
        std::uint32_t hash;
        std::uint32_t ref;
    };
    // The first item whose hash is not below `h`.
    const Item* first_with(std::uint32_t h) const noexcept;
    // The item holding `text` (of hash `h`), or null; `past` is set after the items of hash `h`.
    const Item* find(std::string_view text, std::uint32_t h, const Item*& past) const;
    ThinVec<Item> items_;  // by hash, then by the order they came in
};

// A node's attributes as the graph keeps them: (name, value) pairs of interned strings sorted by
// name, each name once; what std::map<std::string, std::string> was, in 8 bytes for a node
// with at most one attribute (most relation and meeting nodes: a date, a topic or a status).
// One attribute: `first` its name, `second` its value (the names std::map's pairs have).
struct Attr {
    Text first;
    Text second;
    friend bool operator==(const Attr&, const Attr&) = default;
};

// Each pair is kept as the two strings' numbers (TextRef): 8 bytes a pair. One pair is kept
// in place of the pointer; more go into a heap block of exactly their size (a node has a
// handful at most). Iterating yields each Attr by value.
class Attrs {
    struct Ref {
        std::uint32_t name;
        std::uint32_t value;
    };
    // A block: its pair count (4 bytes), 4 unused bytes, then the pairs.
    static constexpr std::size_t kBlockHead = 8;

public:
    using value_type = Attr;
    // Walks the pairs by position; `*it` is an Attr by value, `it->second` reads one.
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Attr;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = Attr;
        struct Arrow {
            Attr attr;
            const Attr* operator->() const noexcept { return &attr; }
        };
        const_iterator() = default;
        const_iterator(const Attrs* owner, std::uint32_t at) noexcept : owner_(owner), at_(at) {}
        Attr operator*() const noexcept { return owner_->get(at_); }
        Arrow operator->() const noexcept { return Arrow{owner_->get(at_)}; }
        const_iterator& operator++() noexcept {
            ++at_;
            return *this;
        }
        const_iterator operator++(int) noexcept {
            const_iterator was = *this;
            ++at_;
            return was;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) noexcept {
            return a.at_ == b.at_ && a.owner_ == b.owner_;
        }

    private:
        const Attrs* owner_ = nullptr;
        std::uint32_t at_ = 0;
    };
    using iterator = const_iterator;

    Attrs() noexcept = default;
    Attrs(const Attrs& other) : bits_(other.bits_) {
        if (!other.in_block()) return;
        const std::size_t bytes = block_bytes(other.block_size());
        void* copy = std::malloc(bytes);
        if (!copy) throw std::bad_alloc();
        std::memcpy(copy, other.block(), bytes);
        bits_ = reinterpret_cast<std::uintptr_t>(copy);
    }
    Attrs(Attrs&& other) noexcept : bits_(std::exchange(other.bits_, 0)) {}
    Attrs& operator=(const Attrs& other) {
        if (this != &other) {
            Attrs copy(other);
            std::swap(bits_, copy.bits_);
        }
        return *this;
    }
    Attrs& operator=(Attrs&& other) noexcept {
        if (this != &other) {
            free_block();
            bits_ = std::exchange(other.bits_, 0);
        }
        return *this;
    }
    ~Attrs() { free_block(); }

    const_iterator begin() const noexcept { return {this, 0}; }
    const_iterator end() const noexcept { return {this, static_cast<std::uint32_t>(size())}; }
    std::size_t size() const noexcept { return bits_ == 0 ? 0 : in_block() ? block_size() : 1; }
    bool empty() const noexcept { return bits_ == 0; }
    // Looked up by content: nothing is interned.
    const_iterator find(std::string_view name) const noexcept {
        const auto n = static_cast<std::uint32_t>(size());
        for (std::uint32_t i = 0; i < n; ++i)
            if (Text::numbered(ref(i).name).view() == name) return {this, i};
        return end();
    }
    std::size_t count(std::string_view name) const noexcept { return find(name) == end() ? 0 : 1; }
    // The value of `name`; throws std::out_of_range when there is none.
    Text at(std::string_view name) const;
    // Gives `name` the value `value`, unless it holds a smaller one: conflicting values keep the
    // smaller, so the result does not depend on the order values come in. Throws std::bad_alloc
    // and what interning throws.
    void merge(std::string_view name, std::string_view value);
    friend bool operator==(const Attrs& a, const Attrs& b) noexcept {
        // One number per content: equal pairs have equal numbers.
        const std::size_t n = a.size();
        if (n != b.size()) return false;
        for (std::uint32_t i = 0; i < n; ++i)
            if (a.ref(i).name != b.ref(i).name || a.ref(i).value != b.ref(i).value) return false;
        return true;
    }

private:
    // 0: none. Low bit set: one pair in place, the name's number shifted left by one in the low
    // half, the value's number in the high half. Else the address of a block (kBlockHead;
    // malloc's blocks are aligned, so its low bit is clear).
    std::uintptr_t bits_ = 0;
    static_assert(sizeof(std::uintptr_t) == 8, "one pair is kept in a pointer's 64 bits");

    bool in_block() const noexcept { return bits_ != 0 && (bits_ & 1) == 0; }
    unsigned char* block() const noexcept { return reinterpret_cast<unsigned char*>(bits_); }
    std::uint32_t block_size() const noexcept {
        std::uint32_t n;
        std::memcpy(&n, block(), sizeof n);
        return n;
    }
    static std::size_t block_bytes(std::size_t n) noexcept { return kBlockHead + n * sizeof(Ref); }
    Ref ref(std::uint32_t i) const noexcept {
        if (in_block()) {
            Ref r;
            std::memcpy(&r, block() + kBlockHead + i * sizeof(Ref), sizeof r);
            return r;
        }
        return Ref{static_cast<std::uint32_t>(bits_ & 0xFFFFFFFFu) >> 1, static_cast<std::uint32_t>(bits_ >> 32)};
    }
    Attr get(std::uint32_t i) const noexcept {
        const Ref r = ref(i);
        return Attr{Text::numbered(r.name), Text::numbered(r.value)};
    }
    void free_block() noexcept {
        if (in_block()) std::free(reinterpret_cast<void*>(bits_));
    }
};
static_assert(sizeof(Attrs) == 8);

// A node as the graph keeps it (KnowledgeGraph::node): the content of the NodeRecords merged
// into it, with every string interned and every set a sorted ThinVec (48 bytes before its
// elements, where a NodeRecord is about 240 and a heap block per string and set element).
// Iterates in the same orders as NodeRecord's sets and map.
// The merge reasons are kept beside the nodes (KnowledgeGraph::reasons): only entities have
// them, and relation and meeting nodes (6.3 of the 6.6 million nodes of a 1 GB build) would
// each carry an empty 8-byte field.
struct GraphNode {
    Text key;
    SortedSet<Form> forms;
    Attrs attrs;
    EvidenceSet mentions;
    TextRef name;  // 4 bytes: with the kind after it, a node takes 48 bytes, not 56
    NodeKind kind = NodeKind::Person;
};
static_assert(sizeof(GraphNode) == 48);

struct NodeRecord {
    std::string key;   // canonical key: "person:sergey-lavrov", "country:RU", "meeting:..."
    NodeKind kind = NodeKind::Person;
    std::string name;  // canonical display name (English where known)
    std::set<SurfaceForm> forms;
    EvidenceSet mentions;                // entities: each place the name occurs
    std::map<std::string, std::string> attrs;  // identifier, startDate, status, topic, quantity, ...
    std::set<std::string> reasons;       // why forms were merged (for `kg explain`)
};

struct EdgeRecord {
    std::string from;  // node key
    std::string to;    // node key
    std::string role;  // participant, exporter, importer, commodity, party, attendee, location, represents
    EvidenceSet evidence;
};

// Everything extracted from one article.
struct Extraction {
    std::string article;
    std::string lang;
    std::string published;  // ISO date or empty
    std::vector<NodeRecord> nodes;
    std::vector<EdgeRecord> edges;
};

}  // namespace kg
