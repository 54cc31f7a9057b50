#include "notification/domain/mail_templates.hpp"

namespace shop::notification {

MailTemplates::MailTemplates(const std::map<std::string, std::string_view>& texts) {
  for (const MailKind kind : kMailKinds) {
    const std::string name(KindName(kind));
    const auto it = texts.find(name);
    if (it == texts.end()) {
      throw TemplateError("no template " + name + ".txt");
    }
    templates_.emplace(kind, MailTemplate::Parse(name, it->second));
  }
}

const MailTemplate& MailTemplates::Of(MailKind kind) const { return templates_.at(kind); }

}  // namespace shop::notification
