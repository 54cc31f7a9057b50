#include "notification/domain/mail_template.hpp"

#include <gtest/gtest.h>

#include "notification/domain/mail_templates.hpp"
#include "notification/template_texts.hpp"

namespace shop::notification {
namespace {

TEST(MailTemplateTest, RendersTheSubjectAndTheBodyFromFields) {
  const MailTemplate t =
      MailTemplate::Parse("t",
                          "Subject: Order {{order_id}} for {{name}}\n\nHello {{name}},\n"
                          "total {{total}}.\n");
  const RenderedMail mail = t.Render({{"order_id", "o-1"}, {"name", "Ada"}, {"total", "9.90"}});
  EXPECT_EQ(mail.subject, "Order o-1 for Ada");
  EXPECT_EQ(mail.body, "Hello Ada,\ntotal 9.90.\n");
  EXPECT_EQ(t.Fields(), (std::vector<std::string>{"name", "order_id", "total"}));
}

TEST(MailTemplateTest, AMissingFieldIsAnErrorNamingIt) {
  const MailTemplate t = MailTemplate::Parse("t", "Subject: Hi\n\nHello {{name}}\n");
  try {
    t.Render({});
    FAIL() << "rendered without a value for name";
  } catch (const TemplateError& e) {
    EXPECT_NE(std::string(e.what()).find("{{name}}"), std::string::npos) << e.what();
  }
}

TEST(MailTemplateTest, AValueCannotAddAHeaderLineToTheSubject) {
  const MailTemplate t = MailTemplate::Parse("t", "Subject: Hello {{name}}\n\n{{name}}\n");
  const RenderedMail mail = t.Render({{"name", "Eve\r\nBcc: victim@example.com\x01"}});
  EXPECT_EQ(mail.subject, "Hello Eve  Bcc: victim@example.com ");
  EXPECT_EQ(mail.subject.find_first_of("\r\n"), std::string::npos);
  // The body takes the value as it is: it is not a header.
  EXPECT_EQ(mail.body, "Eve\r\nBcc: victim@example.com\x01\n");
}

TEST(MailTemplateTest, MalformedTemplatesAreRefused) {
  EXPECT_THROW(MailTemplate::Parse("t", "Hello\n\nbody"), TemplateError);         // no subject
  EXPECT_THROW(MailTemplate::Parse("t", "Subject: x\nbody"), TemplateError);      // no empty line
  EXPECT_THROW(MailTemplate::Parse("t", "Subject: \n\nbody"), TemplateError);     // empty subject
  EXPECT_THROW(MailTemplate::Parse("t", "Subject: x\n\n{{name"), TemplateError);  // not closed
  EXPECT_THROW(MailTemplate::Parse("t", "Subject: x\n\n{{Na me}}"), TemplateError);
  EXPECT_THROW(MailTemplate::Parse("t", "Subject: x\n\n{{}}"), TemplateError);
}

TEST(MailTemplateTest, CrlfTemplatesParseLikeLfOnes) {
  const MailTemplate t = MailTemplate::Parse("t", "Subject: Hi {{a}}\r\n\r\nbody {{a}}\r\n");
  const RenderedMail mail = t.Render({{"a", "x"}});
  EXPECT_EQ(mail.subject, "Hi x");
  EXPECT_EQ(mail.body, "body x\r\n");
}

TEST(MailTemplateTest, EveryKindHasAnEmbeddedTemplateThatParses) {
  const MailTemplates templates(EmbeddedTemplateTexts());
  for (const MailKind kind : kMailKinds) {
    EXPECT_FALSE(templates.Of(kind).Fields().empty()) << KindName(kind);
  }
}

TEST(MailTemplateTest, AKindWithoutATemplateStopsStartUp) {
  auto texts = EmbeddedTemplateTexts();
  texts.erase("delivered");
  EXPECT_THROW(MailTemplates{texts}, TemplateError);
}

}  // namespace
}  // namespace shop::notification
