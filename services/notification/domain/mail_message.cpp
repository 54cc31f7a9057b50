#include "notification/domain/mail_message.hpp"

#include <openssl/evp.h>

#include <ctime>
#include <stdexcept>
#include <vector>

#include "platform/text/utf8.hpp"

namespace shop::notification {
namespace {

constexpr std::size_t kMaxAddressBytes = 254;
// Input bytes per encoded word: 45 bytes make 60 base64 characters, a word of 72 with its
// =?UTF-8?B? ?= frame, under RFC 2047's 75.
constexpr std::size_t kEncodedWordInput = 45;

bool IsPrintableAscii(char c) { return c > 0x20 && c < 0x7f; }

std::string Base64(std::string_view bytes) {
  std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
  const int length =
      EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(length));
}

// The body with every line end ("\n", "\r\n" or a lone "\r") as CRLF, ending with one.
void AppendBodyWithCrlf(std::string& out, std::string_view body) {
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') {
      if (i + 1 < body.size() && body[i + 1] == '\n') {
        ++i;
      }
      out += "\r\n";
    } else if (body[i] == '\n') {
      out += "\r\n";
    } else {
      out += body[i];
    }
  }
  if (!out.ends_with("\r\n")) {
    out += "\r\n";
  }
}

}  // namespace

std::string MessageId(std::string_view event_id, MailKind kind, std::string_view domain) {
  return "<" + std::string(event_id) + "." + std::string(KindName(kind)) + "@" +
         std::string(domain) + ">";
}

bool IsSafeAddress(std::string_view address) {
  if (address.empty() || address.size() > kMaxAddressBytes) {
    return false;
  }
  const std::size_t at = address.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (const char c : address) {
    if (!IsPrintableAscii(c) ||
        std::string_view("()<>,;:\\\"[]").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string_view DomainOf(std::string_view address) {
  const std::size_t at = address.find('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

std::string EncodeHeaderText(std::string_view text) {
  bool plain = true;
  for (const char c : text) {
    if (!IsPrintableAscii(c) && c != ' ') {
      plain = false;
      break;
    }
  }
  if (plain) {
    return std::string(text);
  }
  std::string out;
  while (!text.empty()) {
    std::string_view chunk = text::TruncateUtf8(text, kEncodedWordInput);
    if (chunk.empty()) {
      chunk = text.substr(0, 1);  // invalid UTF-8: never loop for ever
    }
    if (!out.empty()) {
      out += "\r\n ";  // folding white space between encoded words
    }
    out += "=?UTF-8?B?" + Base64(chunk) + "?=";
    text.remove_prefix(chunk.size());
  }
  return out;
}

std::string FormatMailDate(std::chrono::system_clock::time_point time) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

std::string ComposeMessage(const OutgoingMail& mail, std::chrono::system_clock::time_point date) {
  if (!IsSafeAddress(mail.from) || !IsSafeAddress(mail.to)) {
    throw std::invalid_argument("not a deliverable address");
  }
  for (const char c : mail.subject) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw std::invalid_argument("a control character in the subject");
    }
  }
  std::string out;
  out += "From: " + mail.from + "\r\n";
  out += "To: " + mail.to + "\r\n";
  out += "Subject: " + EncodeHeaderText(mail.subject) + "\r\n";
  out += "Date: " + FormatMailDate(date) + "\r\n";
  out += "Message-ID: " + mail.message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: 8bit\r\n";
  out += "X-Shop-Notification: " + std::string(KindName(mail.kind)) + "\r\n";
  out += "\r\n";
  AppendBodyWithCrlf(out, mail.body);
  return out;
}

}  // namespace shop::notification
