#pragma once
// The e-mail templates (templates/<kind>.txt, decision 0034): plain text with `{{field}}`
// placeholders. The first line is `Subject: <subject>`, then one empty line, then the body:
//
//   Subject: Your order {{order_id}} is confirmed
//
//   Hello {{name}},
//   ...
//
// A field name is [a-z0-9_]+. Pure: parsing and rendering touch no I/O; the service embeds the
// files at build time (templates.hpp).

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace shop::notification {

// A template that does not parse, or a field the caller did not supply.
class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using TemplateFields = std::map<std::string, std::string, std::less<>>;

struct RenderedMail {
  std::string subject;  // one line: no CR, LF or other control character
  std::string body;     // lines separated by "\n"
};

class MailTemplate {
 public:
  // Throws TemplateError naming `name` when the text is not `Subject: ...`, an empty line and a
  // body, or a `{{` is not closed by `}}` around a valid field name.
  static MailTemplate Parse(std::string_view name, std::string_view text);

  // Fills every placeholder. Throws TemplateError naming the first field missing from `fields`.
  // In the subject, every control character of a value (CR and LF included) becomes a space, so a
  // value can never add a header line; the body takes values as they are.
  RenderedMail Render(const TemplateFields& fields) const;

  // The fields the template uses, sorted, each once.
  std::vector<std::string> Fields() const;
  const std::string& name() const { return name_; }

 private:
  struct Piece {
    bool is_field = false;
    std::string text;  // literal text, or the field name
  };
  using Pieces = std::vector<Piece>;

  static Pieces Split(std::string_view name, std::string_view text);
  std::string Fill(const Pieces& pieces, const TemplateFields& fields, bool header) const;

  std::string name_;
  Pieces subject_;
  Pieces body_;
};

}  // namespace shop::notification
