#pragma once
// Conversion between Beast messages and the plain Request/Response handlers see. Private to
// platform/http (the server and the clients).

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <boost/beast/http.hpp>

#include "platform/http/message.hpp"

namespace shop::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The Beast verb of a known method; throws std::invalid_argument for Method::kOther.
boost::beast::http::verb ToBeastVerb(Method method);

// Method, target, headers and body (moved out of `source`). Path, query, request id and
// traceparent are left to the caller.
Request FromBeast(BeastRequest&& source);

// Why the head of a request cannot be framed safely, or "" when it can (RFC 9112 section 6.3).
// Refused: Transfer-Encoding together with Content-Length; a Transfer-Encoding that is not exactly
// one "chunked" (the only coding the server implements); any Transfer-Encoding on HTTP/1.0;
// Content-Length values that disagree or are not numbers. Beast 1.74 refuses some of these on its
// own (Content-Length after chunked, conflicting Content-Lengths) but not all: a
// "Transfer-Encoding: gzip" before a Content-Length passes its parser, and a Transfer-Encoding
// whose last coding is not chunked frames the body as empty, so the body's bytes would be read as
// the next request on the connection (request smuggling).
std::string FramingProblem(const BeastRequest& head);

// Status, headers and body; Content-Length is always set (for HEAD, the length of the body that
// a GET would have sent, with no body). Connection, Content-Length and Transfer-Encoding set by a
// handler are ignored: the server owns them.
BeastResponse ToBeast(Response&& source, unsigned version, bool head, bool keep_alive);

}  // namespace shop::http
