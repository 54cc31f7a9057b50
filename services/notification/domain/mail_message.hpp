#pragma once
// An e-mail as it goes to the SMTP server (RFC 5322 text, CRLF line ends) and its Message-ID.
// Pure. Header injection is impossible by construction: addresses are checked (IsSafeAddress), the
// subject is one line (MailTemplate::Render) and encoded as RFC 2047 words when it is not plain
// ASCII; only the body is free text.

#include <chrono>
#include <string>
#include <string_view>

#include "notification/domain/mail_kind.hpp"

namespace shop::notification {

// "<ce_id.kind@domain>": the same for every attempt of one notification, so a copy sent again
// after a crash (docs/runbooks/notifications.md) carries the Message-ID a receiving MTA or client
// can drop as a duplicate.
std::string MessageId(std::string_view event_id, MailKind kind, std::string_view domain);

// An address that may go into the envelope and a header as it is: `local@domain`, printable ASCII
// without spaces or any of ()<>,;:\"[] , at most 254 bytes.
bool IsSafeAddress(std::string_view address);
// The part after the '@' of a safe address.
std::string_view DomainOf(std::string_view address);

struct OutgoingMail {
  std::string from;        // a safe address
  std::string to;          // a safe address
  std::string subject;     // one line, UTF-8
  std::string body;        // UTF-8, "\n" line ends
  std::string message_id;  // MessageId()
  MailKind kind = MailKind::kOrderConfirmed;
};

// The message text: From, To, Subject, Date, Message-ID, MIME-Version, Content-Type (text/plain,
// UTF-8), Content-Transfer-Encoding 8bit and X-Shop-Notification (the kind), an empty line, the
// body; every line ends with CRLF. Throws std::invalid_argument when an address is not safe or
// the subject holds a control character.
std::string ComposeMessage(const OutgoingMail& mail, std::chrono::system_clock::time_point date);

// `text` as RFC 2047 encoded words (=?UTF-8?B?...?=, folded), or unchanged when it is printable
// ASCII.
std::string EncodeHeaderText(std::string_view text);

// "Mon, 07 Dec 2026 14:05:09 +0000" (RFC 5322 date-time, UTC).
std::string FormatMailDate(std::chrono::system_clock::time_point time);

}  // namespace shop::notification
