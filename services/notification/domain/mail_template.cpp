#include "notification/domain/mail_template.hpp"

#include <set>

namespace shop::notification {
namespace {

constexpr std::string_view kSubjectPrefix = "Subject: ";

bool IsControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

}  // namespace

MailTemplate::Pieces MailTemplate::Split(std::string_view name, std::string_view text) {
  Pieces pieces;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find("{{", at);
    if (open == std::string_view::npos) {
      pieces.push_back({.is_field = false, .text = std::string(text.substr(at))});
      break;
    }
    if (open > at) {
      pieces.push_back({.is_field = false, .text = std::string(text.substr(at, open - at))});
    }
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      throw TemplateError("template " + std::string(name) + ": a {{ is not closed");
    }
    const std::string_view field = text.substr(open + 2, close - open - 2);
    if (field.empty() || field.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") !=
                             std::string_view::npos) {
      throw TemplateError("template " + std::string(name) + ": bad field name {{" +
                          std::string(field) + "}}");
    }
    pieces.push_back({.is_field = true, .text = std::string(field)});
    at = close + 2;
  }
  return pieces;
}

MailTemplate MailTemplate::Parse(std::string_view name, std::string_view text) {
  const std::size_t line_end = text.find('\n');
  if (!text.starts_with(kSubjectPrefix) || line_end == std::string_view::npos) {
    throw TemplateError("template " + std::string(name) +
                        ": the first line must be 'Subject: ...' followed by an empty line");
  }
  std::string_view subject = text.substr(kSubjectPrefix.size(), line_end - kSubjectPrefix.size());
  if (subject.ends_with('\r')) {
    subject.remove_suffix(1);
  }
  std::string_view rest = text.substr(line_end + 1);
  if (rest.starts_with("\r\n")) {
    rest.remove_prefix(2);
  } else if (rest.starts_with('\n')) {
    rest.remove_prefix(1);
  } else {
    throw TemplateError("template " + std::string(name) + ": no empty line after the subject");
  }
  if (subject.empty()) {
    throw TemplateError("template " + std::string(name) + ": empty subject");
  }
  MailTemplate parsed;
  parsed.name_ = std::string(name);
  parsed.subject_ = Split(name, subject);
  parsed.body_ = Split(name, rest);
  return parsed;
}

std::string MailTemplate::Fill(const Pieces& pieces, const TemplateFields& fields,
                               bool header) const {
  std::string out;
  for (const Piece& piece : pieces) {
    if (!piece.is_field) {
      out += piece.text;
      continue;
    }
    const auto it = fields.find(piece.text);
    if (it == fields.end()) {
      throw TemplateError("template " + name_ + ": no value for {{" + piece.text + "}}");
    }
    if (!header) {
      out += it->second;
      continue;
    }
    for (const char c : it->second) {
      out += IsControl(c) ? ' ' : c;
    }
  }
  return out;
}

RenderedMail MailTemplate::Render(const TemplateFields& fields) const {
  return {.subject = Fill(subject_, fields, true), .body = Fill(body_, fields, false)};
}

std::vector<std::string> MailTemplate::Fields() const {
  std::set<std::string> names;
  for (const Pieces* pieces : {&subject_, &body_}) {
    for (const Piece& piece : *pieces) {
      if (piece.is_field) {
        names.insert(piece.text);
      }
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace shop::notification
