#include "platform/http/message.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "platform/text/ascii.hpp"

namespace shop::http {
namespace {

struct MethodEntry {
  Method method;
  std::string_view name;
};

constexpr std::array<MethodEntry, 8> kMethods{{
    {Method::kGet, "GET"},
    {Method::kHead, "HEAD"},
    {Method::kPost, "POST"},
    {Method::kPut, "PUT"},
    {Method::kPatch, "PATCH"},
    {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
    {Method::kOther, "OTHER"},
}};

}  // namespace

std::string_view MethodName(Method method) {
  for (const MethodEntry& entry : kMethods) {
    if (entry.method == method) {
      return entry.name;
    }
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  // Method names are case-sensitive (RFC 9110 section 9.1).
  for (const MethodEntry& entry : kMethods) {
    if (entry.name == name && entry.method != Method::kOther) {
      return entry.method;
    }
  }
  return Method::kOther;
}

void Headers::Set(std::string name, std::string value) {
  std::erase_if(fields_, [&name](const auto& field) {
    return shop::text::EqualsIgnoreCase(field.first, name);
  });
  fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::Add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& field : fields_) {
    if (shop::text::EqualsIgnoreCase(field.first, name)) {
      return std::string_view(field.second);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::QueryParam(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) {
    return std::nullopt;
  }
  return std::string_view(it->second);
}

const std::string& Request::PathParam(const std::string& name) const {
  auto it = path_params.find(name);
  if (it == path_params.end()) {
    throw std::out_of_range("route '" + route + "' has no path parameter '" + name + "'");
  }
  return it->second;
}

Response JsonResponse(unsigned status, std::string json_body) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", "application/json");
  response.body = std::move(json_body);
  return response;
}

Response EmptyResponse(unsigned status) {
  Response response;
  response.status = status;
  return response;
}

}  // namespace shop::http
