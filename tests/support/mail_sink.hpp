#pragma once
// The local SMTP sink (deploy/local/mail-sink, Debian's python3-aiosmtpd) as a child process of a
// test, and the Maildir it writes read back: what notification-service sent, as a mailbox holds it
// (one copy per Message-ID; a second transmission is dropped and logged).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace shop::testing {

// One message of the Maildir (new/), its headers as the sink stored them.
struct SunkMail {
  std::string file;
  std::string delivered_to;  // the envelope recipient (the sink's Delivered-To)
  std::string message_id;
  std::string to;
  std::string subject;
  std::string kind;  // X-Shop-Notification
  std::string body;
};

// Every message in `maildir`/new, in no particular order; none when the folder does not exist.
std::vector<SunkMail> ReadMaildir(const std::string& maildir);

// A header of a message's head (the first one of that name), unfolded; "" when absent.
std::string MailHeader(const std::string& head, const std::string& name);

class MailSink {
 public:
  struct Options {
    std::string maildir;           // created by the sink
    std::string log_file;          // the sink's stdout and stderr
    std::uint16_t port = 0;        // 0: a free port
    std::string reject_pattern{};  // recipients matching it are refused with 550
    double delay_seconds = 0;      // each RCPT TO answer held that long
  };

  // Starts the sink and waits until it listens; throws std::runtime_error with its log otherwise.
  explicit MailSink(Options options);
  ~MailSink();
  MailSink(const MailSink&) = delete;
  MailSink& operator=(const MailSink&) = delete;

  // SIGTERM, waits for the exit (an outage: connections are refused until Start).
  void Stop();
  // Starts it again on the same port and Maildir (`delay_seconds` as given).
  void Start(std::optional<double> delay_seconds = std::nullopt);

  std::uint16_t port() const { return options_.port; }
  std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(options_.port); }
  const std::string& maildir() const { return options_.maildir; }

  std::vector<SunkMail> Mails() const { return ReadMaildir(options_.maildir); }
  // Waits until the Maildir holds a message for which `match` is true; that message.
  template <typename Match>
  std::optional<SunkMail> WaitForMail(Match match, std::chrono::milliseconds deadline) const {
    std::optional<SunkMail> found;
    WaitFor(
        [&] {
          for (SunkMail& mail : Mails()) {
            if (match(mail)) {
              found = std::move(mail);
              return true;
            }
          }
          return false;
        },
        deadline);
    return found;
  }
  // Messages accepted and dropped as a second copy of a Message-ID the Maildir holds (its log).
  int DroppedCopies() const;

 private:
  Options options_;
  std::optional<ChildProcess> process_;
};

}  // namespace shop::testing
