#include "mail_sink.hpp"

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace shop::testing {
namespace fs = std::filesystem;

std::string MailHeader(const std::string& head, const std::string& name) {
  std::istringstream lines(head);
  std::string value;
  bool found = false;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (found) {
      if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
        value += line;
        continue;
      }
      break;
    }
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
        line[name.size()] == ':') {
      found = true;
      value = line.substr(name.size() + 1);
    }
  }
  const std::size_t start = value.find_first_not_of(' ');
  return start == std::string::npos ? "" : value.substr(start);
}

std::vector<SunkMail> ReadMaildir(const std::string& maildir) {
  std::vector<SunkMail> mails;
  const fs::path folder = fs::path(maildir) / "new";
  std::error_code ec;
  if (!fs::exists(folder, ec)) {
    return mails;
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    const std::string text = ReadTextFile(entry.path().string());
    std::size_t split = text.find("\r\n\r\n");
    std::size_t body_at = split == std::string::npos ? std::string::npos : split + 4;
    if (split == std::string::npos) {
      split = text.find("\n\n");
      body_at = split == std::string::npos ? text.size() : split + 2;
    }
    const std::string head = text.substr(0, split);
    mails.push_back({.file = entry.path().filename().string(),
                     .delivered_to = MailHeader(head, "Delivered-To"),
                     .message_id = MailHeader(head, "Message-ID"),
                     .to = MailHeader(head, "To"),
                     .subject = MailHeader(head, "Subject"),
                     .kind = MailHeader(head, "X-Shop-Notification"),
                     .body = text.substr(std::min(body_at, text.size()))});
  }
  return mails;
}

MailSink::MailSink(Options options) : options_(std::move(options)) {
  if (options_.port == 0) {
    options_.port = FreePort();
  }
  // The sink makes the Maildir itself, not the folders above it.
  fs::create_directories(fs::path(options_.maildir).parent_path());
  Start();
}

MailSink::~MailSink() {
  if (process_) {
    process_->Signal(SIGTERM);
    process_->Wait(std::chrono::seconds(10));
  }
}

void MailSink::Start(std::optional<double> delay_seconds) {
  if (delay_seconds) {
    options_.delay_seconds = *delay_seconds;
  }
  process_.reset();
  // /usr/bin/python3: Debian's, which has python3-aiosmtpd (a python on PATH may not).
  process_.emplace(
      "/usr/bin/python3",
      std::vector<std::string>{SHOP_SOURCE_DIR "/deploy/local/mail-sink", "--port",
                               std::to_string(options_.port), "--reject", options_.reject_pattern,
                               "--delay", std::to_string(options_.delay_seconds), options_.maildir},
      std::map<std::string, std::string>{}, options_.log_file);
  const int pid = process_->pid();
  WaitFor([&] { return ListensOn(pid, options_.port) || !process_->Running(); },
          std::chrono::seconds(30));
  if (!process_->Running() || !ListensOn(pid, options_.port)) {
    throw std::runtime_error("the mail sink did not start: " + ReadTextFile(options_.log_file));
  }
}

void MailSink::Stop() {
  if (!process_) {
    return;
  }
  process_->Signal(SIGTERM);
  if (!process_->Wait(std::chrono::seconds(10))) {
    throw std::runtime_error("the mail sink did not stop on SIGTERM");
  }
  process_.reset();
}

int MailSink::DroppedCopies() const {
  const std::string log = ReadTextFile(options_.log_file);
  int dropped = 0;
  for (std::size_t at = log.find("dropped a second copy"); at != std::string::npos;
       at = log.find("dropped a second copy", at + 1)) {
    ++dropped;
  }
  return dropped;
}

}  // namespace shop::testing
