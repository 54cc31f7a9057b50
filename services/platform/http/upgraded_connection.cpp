// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/http/upgraded_connection.hpp"

#include <boost/asio.hpp>
#include <boost/beast/http.hpp>

namespace shop::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

UpgradedConnection::UpgradedConnection(beast::tcp_stream&& stream, BeastRequest&& request,
                                       std::unique_ptr<Owner> owner)
    : stream_(std::move(stream)), request_(std::move(request)), owner_(std::move(owner)) {}

UpgradedConnection::~UpgradedConnection() = default;

void UpgradedConnection::Upgraded() {
  if (!recorded_) {
    recorded_ = true;
    owner_->Record(101, 0);
  }
  request_ = {};
}

asio::awaitable<void> UpgradedConnection::Refuse(Response response) {
  response.headers.Set("X-Request-ID", owner_->RequestId());
  if (!owner_->Traceparent().empty()) {
    response.headers.Set("traceparent", owner_->Traceparent());
  }
  const unsigned status = response.status;
  const std::size_t bytes_out = response.body.size();
  BeastResponse message = ToBeast(std::move(response), request_.version(), false, false);
  beast::error_code ec;
  stream_.expires_after(std::chrono::seconds(30));
  co_await beast::http::async_write(stream_, message,
                                    asio::redirect_error(asio::use_awaitable, ec));
  if (!recorded_) {
    recorded_ = true;
    owner_->Record(status, bytes_out);
  }
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
}

void UpgradedConnection::OnDrain(std::function<void()> action) {
  owner_->OnDrain(std::move(action));
}

}  // namespace shop::http
