#pragma once
// The template of every MailKind, parsed once at start-up from texts keyed by kind name (the
// service passes the files of templates/ that the build embedded: EmbeddedTemplateTexts() in
// the generated notification/template_texts.hpp). Immutable after construction: thread-safe.

#include <map>
#include <string>
#include <string_view>

#include "notification/domain/mail_kind.hpp"
#include "notification/domain/mail_template.hpp"

namespace shop::notification {

class MailTemplates {
 public:
  // Throws TemplateError when a kind has no text or a text does not parse.
  explicit MailTemplates(const std::map<std::string, std::string_view>& texts);
  const MailTemplate& Of(MailKind kind) const;

 private:
  std::map<MailKind, MailTemplate> templates_;
};

}  // namespace shop::notification
