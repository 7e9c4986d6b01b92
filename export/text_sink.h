// TextSink: where an exporter's text goes, through one buffer: a string, or a file being staged.
//
// Owns: the buffering and the write errors of every exporter's output. Writers take a TextSink,
// so the same code fills a string (tests, `kg render`) or streams a graph of any size straight
// into its temporary file (`kg build`), never holding the whole text.
// Input: bytes. Output: the same bytes, in order, in the string or the file.
//   std::string text;  kg::output::TextSink sink(text);
//   sink.write("digraph {");  sink.put('\n');  sink.flush();
// Not thread-safe: one writer per sink.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace kg::output {

class TextSink {
public:
    // Appends to `into` (at each flush, and when the buffer is full).
    explicit TextSink(std::string& into);
    // Writes to the open file descriptor `fd`, which stays the caller's; `name` is the file named
    // in errors.
    TextSink(int fd, std::string name);
    TextSink(const TextSink&) = delete;
    TextSink& operator=(const TextSink&) = delete;
    // Does not flush: a destructor cannot report a write error. Call flush().
    ~TextSink() = default;

    void put(char c) {
        if (used_ == buffer_.size()) drain();
        buffer_[used_++] = c;
    }
    void write(std::string_view text) {
        if (text.size() <= buffer_.size() - used_) {
            std::memcpy(buffer_.data() + used_, text.data(), text.size());
            used_ += text.size();
            return;
        }
        write_long(text);
    }
    // Hands everything buffered to the string or the file. Throws std::runtime_error
    // "<name>: cannot write: <reason>" when the file refuses it (put and write throw the same
    // when the buffer fills; the sink is then unusable: the caller abandons the file).
    void flush() { drain(); }
    // Bytes taken so far.
    std::size_t size() const noexcept { return drained_ + used_; }

private:
    void write_long(std::string_view text);  // write, when `text` does not fit what is left
    void drain();
    void emit(const char* p, std::size_t n);

    std::string* string_ = nullptr;
    int fd_ = -1;
    std::string name_;
    std::array<char, 64 * 1024> buffer_;
    std::size_t used_ = 0;
    std::size_t drained_ = 0;
};

}  // namespace kg::output
