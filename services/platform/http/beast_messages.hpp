#pragma once
// Conversion between Beast messages and the plain Request/Response handlers see. Private to the
// server.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <boost/beast/http.hpp>

#include "platform/http/message.hpp"

namespace shop::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Method, target, headers and body (moved out of `source`). Path, query, request id and
// traceparent are left to the caller.
Request FromBeast(BeastRequest&& source);

// Status, headers and body; Content-Length is always set (for HEAD, the length of the body that
// a GET would have sent, with no body). Connection, Content-Length and Transfer-Encoding set by a
// handler are ignored: the server owns them.
BeastResponse ToBeast(Response&& source, unsigned version, bool head, bool keep_alive);

}  // namespace shop::http
