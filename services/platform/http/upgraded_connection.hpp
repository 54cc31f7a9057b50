#pragma once
// A connection the server handed to an upgrade route's Takeover (platform/http/upgrade.hpp): the
// socket, the upgrade request as received (what websocket::stream::async_accept takes), and the
// server's interest in it.
//
// Contract:
//  - Use it on the connection's strand only (stream().get_executor(); the takeover is called
//    there).
//  - The server still counts the connection until this object is destroyed: Drain waits for it
//    (up to the drain timeout), so keep the object as long as the connection lives, also after
//    moving the stream into a websocket::stream.
//  - The stream's own timeout is off when the takeover gets it; a WebSocket sets its own
//    (websocket::stream_base::timeout).
//  - Exactly one of Upgraded() (after the takeover wrote its 101) or Refuse() records the
//    exchange in the access log and the HTTP metrics (status 101 or the refusal's); neither, when
//    the client left during the handshake.
//  - OnDrain: when the server drains (SIGTERM), `action` runs once on the connection's strand; it
//    should end the connection politely (a WebSocket: close 1001 "going away"). Set after the
//    drain began, it is posted at once.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <functional>
#include <memory>
#include <string>

#include "platform/http/beast_messages.hpp"
#include "platform/http/message.hpp"

namespace shop::http {

class UpgradedConnection {
 public:
  // The server's side of the connection (implemented by the server; destroyed with this object,
  // which ends the server's interest).
  class Owner {
   public:
    virtual ~Owner() = default;
    // X-Request-ID and traceparent ("" when none), as the server puts them on every answer.
    virtual const std::string& RequestId() const = 0;
    virtual const std::string& Traceparent() const = 0;
    virtual void Record(unsigned status, std::size_t bytes_out) = 0;
    virtual void OnDrain(std::function<void()> action) = 0;
  };

  UpgradedConnection(boost::beast::tcp_stream&& stream, BeastRequest&& request,
                     std::unique_ptr<Owner> owner);
  ~UpgradedConnection();
  UpgradedConnection(const UpgradedConnection&) = delete;
  UpgradedConnection& operator=(const UpgradedConnection&) = delete;

  boost::beast::tcp_stream& stream() { return stream_; }
  const BeastRequest& request() const { return request_; }  // until Upgraded()
  const std::string& request_id() const { return owner_->RequestId(); }
  const std::string& traceparent() const { return owner_->Traceparent(); }

  // The takeover wrote its 101: records the exchange and drops the request (an idle connection
  // keeps no copy of its headers).
  void Upgraded();
  // Answers `response` instead of switching protocols (Connection: close), records it, and
  // shuts the sending side; the takeover then drops the connection.
  boost::asio::awaitable<void> Refuse(Response response);
  void OnDrain(std::function<void()> action);

 private:
  boost::beast::tcp_stream stream_;
  BeastRequest request_;
  std::unique_ptr<Owner> owner_;
  bool recorded_ = false;
};

}  // namespace shop::http
