#include "platform/http/beast_messages.hpp"

#include <strings.h>

namespace shop::http {
namespace {

namespace bhttp = boost::beast::http;

bool IsHopByHop(std::string_view name) {
  for (std::string_view owned : {"connection", "content-length", "transfer-encoding"}) {
    if (name.size() == owned.size() && ::strncasecmp(name.data(), owned.data(), name.size()) == 0) {
      return true;
    }
  }
  return false;
}

std::string_view View(boost::beast::string_view text) { return {text.data(), text.size()}; }

}  // namespace

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
