#include "export/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <stdexcept>
#include <string>

namespace kg::output {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const std::string& what, int err) {
    throw std::runtime_error(path.string() + ": " + what + ": " + std::strerror(err));
}

constexpr std::string_view kTmp = ".tmp.";
constexpr std::size_t kRandomChars = 6;  // mkstemp's XXXXXX

bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// True only when the process surely does not exist. EPERM (another user's process) and a
// pid reused since the kill both count as alive: a leftover is then kept, never a live file lost.
bool process_gone(long pid) {
    return ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH;
}

}  // namespace

std::string stage_file(const fs::path& path, std::string_view contents) {
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    if (ec) throw std::runtime_error(path.string() + ": cannot create directory: " + ec.message());

    // mkstemp gives a unique name in the same directory, so the rename stays on one filesystem.
    // The pid in the name says whose file it is, so that a leftover of a killed kg can be told
    // from the file a running kg is about to rename.
    std::string tmp = path.string() + std::string(kTmp) + std::to_string(::getpid()) + ".XXXXXX";
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

long temporary_owner(const std::string& file_name,
                     const std::function<bool(const std::string&)>& is_target) {
    // <target>.tmp.<pid>.XXXXXX, read from the right: the target's own name may hold ".tmp.".
    // The shortest is "x.tmp.1.XXXXXX".
    if (file_name.size() < 1 + kTmp.size() + 1 + 1 + kRandomChars) return 0;
    const std::size_t dot = file_name.size() - kRandomChars - 1;
    if (file_name[dot] != '.') return 0;
    if (!std::all_of(file_name.begin() + static_cast<long>(dot) + 1, file_name.end(), is_alnum))
        return 0;
    // `digits` is the last character of ".tmp.", just before the pid.
    const std::size_t digits = file_name.find_last_not_of("0123456789", dot - 1);
    if (digits == std::string::npos || digits + 1 == dot || digits < kTmp.size()) return 0;
    const std::size_t tmp = digits + 1 - kTmp.size();
    if (file_name.compare(tmp, kTmp.size(), kTmp) != 0) return 0;
    long pid = 0;
    const char* first = file_name.data() + digits + 1;
    const char* last = file_name.data() + dot;
    const auto [end, err] = std::from_chars(first, last, pid);
    if (err != std::errc() || end != last || pid <= 0 || pid > INT_MAX || *first == '0') return 0;
    return is_target(file_name.substr(0, tmp)) ? pid : 0;
}

std::vector<fs::path> remove_stale_temporaries(
    const fs::path& dir, const std::function<bool(const std::string&)>& is_target) {
    std::vector<fs::path> removed;
    std::error_code ec;
    const fs::path where = dir.empty() ? fs::path(".") : dir;
    for (fs::directory_iterator it(where, ec), end; !ec && it != end; it.increment(ec)) {
        const long pid = temporary_owner(it->path().filename().string(), is_target);
        if (pid == 0 || pid == ::getpid() || !process_gone(pid)) continue;
        std::error_code st;
        if (!it->is_regular_file(st) || it->is_symlink(st)) continue;
        if (fs::remove(it->path(), st)) removed.push_back(it->path());
    }
    std::sort(removed.begin(), removed.end());
    return removed;
}

void write_file_atomically(const fs::path& path, std::string_view contents) {
    const std::string name = path.filename().string();
    remove_stale_temporaries(path.parent_path(), [&](const std::string& n) { return n == name; });
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
