#include "export/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace kg::output {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int err) {
    throw std::runtime_error(path.string() + ": " + what + ": " + std::strerror(err));
}

}  // namespace

std::string stage_file(const std::filesystem::path& path, std::string_view contents) {
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) throw std::runtime_error(path.string() + ": cannot create directory: " + ec.message());

    // mkstemp gives a unique name in the same directory, so the rename stays on one filesystem.
    std::string tmp = path.string() + ".tmp.XXXXXX";
    int fd = ::mkstemp(tmp.data());
    if (fd < 0) fail(path, "cannot create temporary file", errno);
    const char* p = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            fail(path, "cannot write", err);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        fail(path, "cannot flush", err);
    }
    return tmp;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
    const std::string tmp = stage_file(path, contents);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        fail(path, "cannot rename into place", err);
    }
}

StagedFile::StagedFile(const std::filesystem::path& path)
    : path_(path), tmp_(stage_file(path, {})) {
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) {
        int err = errno;
        ::unlink(tmp_.c_str());
        fail(path, "cannot open temporary file", err);
    }
    sink_ = std::make_unique<TextSink>(fd_, path.string());
}

StagedFile::~StagedFile() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(tmp_.c_str());
    }
}

std::string StagedFile::finish() {
    sink_->flush();
    const int fd = fd_;
    fd_ = -1;
    int err = ::fsync(fd) != 0 ? errno : 0;
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) {
        ::unlink(tmp_.c_str());
        fail(path_, "cannot flush", err);
    }
    return tmp_;
}

}  // namespace kg::output
