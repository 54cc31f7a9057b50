// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/service/shutdown_trigger.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>

#include "platform/logging/log.hpp"

namespace shop::service {

namespace asio = boost::asio;

struct ShutdownTrigger::Impl {
  asio::io_context context{1};
  asio::signal_set signals{context, SIGINT, SIGTERM};
  int signal_number = 0;     // set on the context's thread
  bool task_failed = false;  // set on the context's thread
};

ShutdownTrigger::ShutdownTrigger() : impl_(std::make_unique<Impl>()) {}

ShutdownTrigger::~ShutdownTrigger() = default;

ShutdownTrigger::Reason ShutdownTrigger::Wait() {
  impl_->signals.async_wait([this](const boost::system::error_code& ec, int signal_number) {
    if (!ec) {
      impl_->signal_number = signal_number;
    }
  });
  impl_->context.run();  // until the signal arrives or TaskFailed() cancels the wait
  requested_ = true;
  if (impl_->task_failed) {
    return Reason::kTaskFailed;
  }
  logging::Info("shutdown_signal",
                {{"signal", impl_->signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  return Reason::kSignal;
}

void ShutdownTrigger::TaskFailed() {
  // Runs on the context's thread, so it needs no lock; a call after Wait() has returned is
  // queued and never runs, which is fine: the service is stopping already.
  asio::post(impl_->context, [this] {
    impl_->task_failed = true;
    impl_->signals.cancel();
  });
}

}  // namespace shop::service
