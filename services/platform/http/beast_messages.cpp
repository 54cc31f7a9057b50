#include "platform/http/beast_messages.hpp"

#include <charconv>
#include <cstdint>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "platform/text/ascii.hpp"

namespace shop::http {
namespace {

namespace bhttp = boost::beast::http;

bool IsHopByHop(std::string_view name) {
  for (std::string_view owned : {"connection", "content-length", "transfer-encoding"}) {
    if (shop::text::EqualsIgnoreCase(name, owned)) {
      return true;
    }
  }
  return false;
}

std::string_view View(boost::beast::string_view text) { return {text.data(), text.size()}; }

// Every comma-separated Content-Length value is the same decimal number.
bool ContentLengthsAgree(const BeastRequest& head) {
  std::optional<std::uint64_t> length;
  const auto [first, last] = head.equal_range(bhttp::field::content_length);
  for (auto field = first; field != last; ++field) {
    std::string_view rest = View(field->value());
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string_view token = shop::text::TrimSpacesAndTabs(rest.substr(0, comma));
      std::uint64_t value = 0;
      const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (token.empty() || error != std::errc() || end != token.data() + token.size() ||
          (length && *length != value)) {
        return false;
      }
      length = value;
      if (comma == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(comma + 1);
    }
  }
  return true;
}

}  // namespace

bhttp::verb ToBeastVerb(Method method) {
  switch (method) {
    case Method::kGet:
      return bhttp::verb::get;
    case Method::kHead:
      return bhttp::verb::head;
    case Method::kPost:
      return bhttp::verb::post;
    case Method::kPut:
      return bhttp::verb::put;
    case Method::kPatch:
      return bhttp::verb::patch;
    case Method::kDelete:
      return bhttp::verb::delete_;
    case Method::kOptions:
      return bhttp::verb::options;
    case Method::kOther:
      break;
  }
  throw std::invalid_argument("the method must be a known one");
}

Request FromBeast(BeastRequest&& source) {
  Request request;
  request.method = ParseMethod(View(source.method_string()));
  request.target = std::string(View(source.target()));
  for (const auto& field : source) {
    request.headers.Add(std::string(View(field.name_string())), std::string(View(field.value())));
  }
  request.body = std::move(source.body());
  return request;
}

std::string FramingProblem(const BeastRequest& head) {
  const auto encodings = head.equal_range(bhttp::field::transfer_encoding);
  const auto te_count = std::distance(encodings.first, encodings.second);
  const bool has_length = head.count(bhttp::field::content_length) > 0;
  if (te_count > 0 && has_length) {
    return "both Content-Length and Transfer-Encoding are present";
  }
  if (te_count > 0 && head.version() < 11) {
    return "Transfer-Encoding is not allowed in HTTP/1.0";
  }
  if (te_count > 1 ||
      (te_count == 1 &&
       !shop::text::EqualsIgnoreCase(shop::text::TrimSpacesAndTabs(View(encodings.first->value())),
                                     "chunked"))) {
    return "Transfer-Encoding must be exactly \"chunked\"";
  }
  if (has_length && !ContentLengthsAgree(head)) {
    return "conflicting or malformed Content-Length values";
  }
  return {};
}

BeastResponse ToBeast(Response&& source, unsigned version, bool head, bool keep_alive) {
  BeastResponse response;
  response.version(version);
  response.result(source.status >= 100 && source.status <= 999 ? source.status : 500);
  for (auto& [name, value] : source.headers.All()) {
    if (!IsHopByHop(name)) {
      response.insert(boost::beast::string_view(name), boost::beast::string_view(value));
    }
  }
  response.keep_alive(keep_alive);
  if (head) {
    response.content_length(source.body.size());
  } else {
    response.body() = std::move(source.body);
    response.prepare_payload();
  }
  return response;
}

}  // namespace shop::http
