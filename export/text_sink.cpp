#include "export/text_sink.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace kg::output {

TextSink::TextSink(std::string& into) : string_(&into) {}

TextSink::TextSink(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

void TextSink::write_long(std::string_view text) {
    drain();
    if (text.size() >= buffer_.size()) {
        // Longer than the buffer: straight through, without a copy into it.
        emit(text.data(), text.size());
        return;
    }
    std::memcpy(buffer_.data(), text.data(), text.size());
    used_ = text.size();
}

void TextSink::drain() {
    const std::size_t n = used_;
    used_ = 0;
    emit(buffer_.data(), n);
}

void TextSink::emit(const char* p, std::size_t n) {
    if (string_ != nullptr) {
        string_->append(p, n);
        drained_ += n;
        return;
    }
    while (n > 0) {
        const ssize_t done = ::write(fd_, p, n);
        if (done < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(name_ + ": cannot write: " + std::strerror(errno));
        }
        p += done;
        n -= static_cast<std::size_t>(done);
        drained_ += static_cast<std::size_t>(done);
    }
}

}  // namespace kg::output
