#include "graph/sentence_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "graph/stable_table.h"
#include "graph/text.h"

namespace kg {

namespace {

constexpr std::uint32_t kSpilled = 0x80000000u;
// A spilled sentence's entry: its offset in the file (40 bits: 1 TiB) and its length (24 bits).
constexpr unsigned kLengthBits = 24;
constexpr std::uint64_t kMaxLength = (std::uint64_t{1} << kLengthBits) - 1;
// Sentences are written a megabyte at a time.
constexpr std::size_t kBufferBytes = std::size_t{1} << 20;

constexpr unsigned kCachedBits = 8;
constexpr std::size_t kCachedSentences = std::size_t{1} << kCachedBits;

std::string errno_text(int e) { return std::strerror(e); }

class SpillFile {
public:
    // Makes the file in `dir` unless there is one. Throws std::runtime_error.
    void open(const std::string& dir) {
        std::lock_guard lock(mutex_);
        spilling_ = true;
        if (fd_ >= 0) return;
        int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
        if (fd < 0) {
            // A file system without O_TMPFILE: a named file, unlinked at once.
            std::string name = dir + "/kg-sentences-XXXXXX";
            fd = ::mkostemp(name.data(), O_CLOEXEC);
            if (fd < 0) {
                spilling_ = false;
                throw std::runtime_error(dir + ": cannot make a temporary file for sentences: " + errno_text(errno));
            }
            ::unlink(name.c_str());
        }
        fd_ = fd;
        dir_ = dir;
        buffer_.reserve(kBufferBytes);
    }
    void stop() {
        std::lock_guard lock(mutex_);
        spilling_ = false;
    }
    // The reference of `text` stored in the file, or 0 with `stored` false when not spilling.
    std::uint32_t store(std::string_view text, bool& stored) {
        std::lock_guard lock(mutex_);
        stored = spilling_ && text.size() <= kMaxLength;
        if (!stored) return 0;
        if (entries_.size() >= kSpilled) throw std::length_error("kg::sentence_ref: more than 2^31 sentences");
        const std::uint64_t offset = written_ + buffer_.size();
        if (offset >> (64 - kLengthBits)) throw std::length_error("kg::sentence_ref: the sentence file passed 1 TiB");
        if (buffer_.size() + text.size() > kBufferBytes) flush();
        buffer_.append(text);
        bytes_ += text.size();
        return kSpilled | entries_.push((offset << kLengthBits) | text.size());
    }

    std::string read(std::uint32_t ref) {
        const std::uint64_t entry = entries_[ref & ~kSpilled];
        const std::uint64_t offset = entry >> kLengthBits;
        const std::size_t length = entry & kMaxLength;
        std::string out(length, '\0');
        if (offset + length > written_.load(std::memory_order_acquire)) {
            std::lock_guard lock(mutex_);
            if (offset + length > written_.load(std::memory_order_relaxed)) {
                out.assign(buffer_, offset - written_.load(std::memory_order_relaxed), length);
                return out;
            }
        }
        for (std::size_t done = 0; done < length;) {
            const ssize_t n = ::pread(fd_, out.data() + done, length - done, static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                throw std::runtime_error(dir_ + ": cannot read the temporary sentence file: " +
                                         (n < 0 ? errno_text(errno) : std::string("it is shorter than written")));
            done += static_cast<std::size_t>(n);
        }
        return out;
    }

    SentenceStats stats() {
        std::lock_guard lock(mutex_);
        return {static_cast<std::size_t>(entries_.size()), bytes_};
    }

private:
    // Called with the lock held.
    void flush() {
        for (std::size_t done = 0; done < buffer_.size();) {
            const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0)
                throw std::runtime_error(dir_ + ": cannot write the temporary sentence file: " +
                                         errno_text(errno));
            done += static_cast<std::size_t>(n);
        }
        written_.store(written_.load(std::memory_order_relaxed) + buffer_.size(), std::memory_order_release);
        buffer_.clear();
    }

    std::mutex mutex_;
    bool spilling_ = false;
    int fd_ = -1;
    std::string dir_;
    std::string buffer_;                  // bytes after written_, not yet in the file
    std::atomic<std::uint64_t> written_{0};  // bytes in the file
    std::size_t bytes_ = 0;
    StableTable<std::uint64_t> entries_;
};

SpillFile& spill() {
    static auto* file = new SpillFile();  // never destroyed: evidence may be read by late statics
    return *file;
}

}  // namespace

std::uint32_t sentence_ref(std::string_view text) {
    bool stored = false;
    const std::uint32_t ref = spill().store(text, stored);
    if (stored) return ref;
    const std::uint32_t n = Text(text).number();
    if (n & kSpilled) throw std::length_error("kg::sentence_ref: more than 2^31 sentences");
    return n;
}

std::string_view sentence_view(std::uint32_t ref, std::string& buffer) {
    if (sentence_in_memory(ref)) return Text::numbered(ref).view();
    buffer = sentence_text(ref);
    return buffer;
}

std::string sentence_text(std::uint32_t ref) {
    if (sentence_in_memory(ref)) return Text::numbered(ref).str();
    // A read is a system call (some microseconds in a VM). The evidence of a relation node and
    // of its role edges, written one after the other, quote the same sentences: the last few
    // read by this thread are kept.
    struct Cached {
        std::uint32_t ref = 0;
        std::string text;
    };
    thread_local std::array<Cached, kCachedSentences> cache;
    Cached& c = cache[(ref * 2654435761u) >> (32 - kCachedBits)];
    if (c.ref != ref) {
        c.text = spill().read(ref);
        c.ref = ref;
    }
    return c.text;
}

int compare_sentences(std::uint32_t a, std::uint32_t b) {
    if (a == b) return 0;
    if (sentence_in_memory(a) && sentence_in_memory(b)) {
        const auto c = Text::numbered(a) <=> Text::numbered(b);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    const int c = sentence_text(a).compare(sentence_text(b));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

void spill_sentences(const std::string& dir) { spill().open(dir); }

void keep_sentences_in_memory() { spill().stop(); }

SentenceStats sentence_stats() { return spill().stats(); }

}  // namespace kg
