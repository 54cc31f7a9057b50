// websocket_idle_bench: what idle live order-status WebSockets cost the processes that hold them
// (issue 13; run by tests/bench/websocket/run, figures in docs/performance.md). Not a test: it
// asserts nothing about memory.
//
// It reads the footprint of each --pid (VmRSS, RssAnon, open fds: /proc/<pid>/status and fd/),
// opens --sockets WebSockets to GET --target on 127.0.0.1:--port (subprotocols shop.v1 and
// bearer.<--token>), --concurrency handshakes at a time (each takes a worker of the server for its
// token check), keeps them open and reading (pings are answered, nothing else arrives), waits
// until every --metric (a series of a /metrics endpoint, "PORT:series") has grown by --sockets, so
// the servers hold every socket, and reads the footprints again ("held"). Then it closes every
// socket (1000), waits for the close handshakes and for every --metric to come back, and reads
// them a third time ("closed": what the servers keep of memory they no longer use, and whether
// every fd went). Per pid it prints the three and (held - before) / sockets.
// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <CLI/CLI.hpp>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using Socket = websocket::stream<beast::tcp_stream>;

using shop::testing::FootprintOf;
using shop::testing::ProcessFootprint;

std::string NameOf(int pid) {
  std::string name = shop::testing::ReadTextFile("/proc/" + std::to_string(pid) + "/comm");
  while (!name.empty() && name.back() == '\n') {
    name.pop_back();
  }
  return name;
}

struct MetricSource {
  std::uint16_t port = 0;
  std::string series;
};

MetricSource ParseMetric(const std::string& text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) {
    throw std::invalid_argument("--metric is PORT:series, not " + text);
  }
  return {.port = static_cast<std::uint16_t>(std::stoi(text.substr(0, colon))),
          .series = text.substr(colon + 1)};
}

double ValueOf(const MetricSource& metric) {
  const shop::testing::HttpResult result =
      shop::testing::HttpCall(metric.port, "GET", "/metrics", "", {});
  return shop::testing::MetricValue(result.body, metric.series).value_or(0);
}

struct Run {
  std::uint16_t port = 0;
  std::string target;
  std::string token;
  int sockets = 1000;
  int concurrency = 32;
};

class Clients {
 public:
  explicit Clients(const Run& run) : run_(run) {}

  // Opens the sockets on `io`'s thread; returns at once.
  void Open(asio::io_context& io) {
    for (int opener = 0; opener < run_.concurrency; ++opener) {
      asio::co_spawn(io, OpenSome(io, opener), asio::detached);
    }
  }

  void CloseAll(asio::io_context& io) {
    asio::post(io, [this] {
      for (auto& socket : sockets_) {
        socket->async_close(websocket::close_code::normal, [](beast::error_code) {});
      }
    });
  }

  int opened() const { return opened_.load(); }
  int failed() const { return failed_.load(); }

 private:
  // Opener i opens sockets i, i + concurrency, ... one after another.
  asio::awaitable<void> OpenSome(asio::io_context& io, int first) {
    for (int i = first; i < run_.sockets; i += run_.concurrency) {
      auto socket = std::make_shared<Socket>(io);
      beast::error_code ec;
      auto& tcp = beast::get_lowest_layer(*socket);
      tcp.expires_after(std::chrono::seconds(30));
      co_await tcp.async_connect(
          asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), run_.port),
          asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) {
        socket->set_option(websocket::stream_base::decorator(
            [token = run_.token](websocket::request_type& request) {
              request.set(beast::http::field::sec_websocket_protocol, "shop.v1, bearer." + token);
            }));
        co_await socket->async_handshake("127.0.0.1:" + std::to_string(run_.port), run_.target,
                                         asio::redirect_error(asio::use_awaitable, ec));
      }
      if (ec) {
        ++failed_;
        std::fprintf(stderr, "socket %d: %s\n", i, ec.message().c_str());
        continue;
      }
      tcp.expires_never();
      // Bounds the close handshake at the end (the client role pings nobody).
      socket->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      sockets_.push_back(socket);
      ++opened_;
      asio::co_spawn(io, ReadUntilClosed(socket), asio::detached);
    }
  }

  static asio::awaitable<void> ReadUntilClosed(std::shared_ptr<Socket> socket) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    while (!ec) {
      co_await socket->async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
      buffer.clear();
    }
  }

  const Run run_;
  std::vector<std::shared_ptr<Socket>> sockets_;  // the io thread's only
  std::atomic<int> opened_{0};
  std::atomic<int> failed_{0};
};

// Waits until every metric is at its baseline + `delta`: the servers hold (or have let go of)
// every socket. Names the first one that did not get there.
bool WaitForMetrics(const std::vector<MetricSource>& metrics, const std::vector<double>& baselines,
                    double delta) {
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    const auto there = [&] { return ValueOf(metrics[i]) == baselines[i] + delta; };
    if (!shop::testing::WaitFor(there, std::chrono::minutes(1))) {
      std::fprintf(stderr, "%s stayed at %.0f, not %.0f\n", metrics[i].series.c_str(),
                   ValueOf(metrics[i]), baselines[i] + delta);
      return false;
    }
  }
  return true;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void Print(const std::string& label, int pid, const ProcessFootprint& before,
           const ProcessFootprint& held, const ProcessFootprint& closed, int sockets) {
  std::printf(
      "%s %s (pid %d): VmRSS %ld -> %ld -> %ld KiB, RssAnon %ld -> %ld -> %ld KiB, fds %ld -> %ld "
      "-> %ld (before -> held -> closed)\n",
      label.c_str(), NameOf(pid).c_str(), pid, before.rss_kib, held.rss_kib, closed.rss_kib,
      before.anon_kib, held.anon_kib, closed.anon_kib, before.fds, held.fds, closed.fds);
  std::printf("%s %s per socket: VmRSS %.2f KiB, RssAnon %.2f KiB, fds %.2f\n", label.c_str(),
              NameOf(pid).c_str(), static_cast<double>(held.rss_kib - before.rss_kib) / sockets,
              static_cast<double>(held.anon_kib - before.anon_kib) / sockets,
              static_cast<double>(held.fds - before.fds) / sockets);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Memory and fds held by idle WebSockets, per socket, from /proc/<pid>"};
  Run run;
  std::vector<int> pids;
  std::vector<std::string> metric_texts;
  std::string label = "run";
  app.add_option("--port", run.port, "where to connect")->required();
  app.add_option("--target", run.target, "path and query")->default_val("/orders/live");
  app.add_option("--token", run.token, "access token (sent as bearer.<token>)")->required();
  app.add_option("--sockets", run.sockets, "how many")
      ->default_val(1000)
      ->check(CLI::PositiveNumber);
  app.add_option("--concurrency", run.concurrency, "handshakes at a time")
      ->default_val(32)
      ->check(CLI::PositiveNumber);
  app.add_option("--pid", pids, "processes to measure")->required();
  app.add_option("--metric", metric_texts, "PORT:series that grows by one per socket");
  app.add_option("--label", label, "printed with the figures");
  CLI11_PARSE(app, argc, argv);

  std::vector<MetricSource> metrics;
  std::vector<double> baselines;
  for (const std::string& text : metric_texts) {
    metrics.push_back(ParseMetric(text));
    baselines.push_back(ValueOf(metrics.back()));
  }
  std::map<int, ProcessFootprint> before;
  for (const int pid : pids) {
    before[pid] = FootprintOf(pid);
  }

  asio::io_context io;
  auto work = asio::make_work_guard(io);
  std::thread io_thread([&io] { io.run(); });
  Clients clients(run);
  auto started = std::chrono::steady_clock::now();
  clients.Open(io);
  const bool all_open = shop::testing::WaitFor(
      [&] { return clients.opened() + clients.failed() == run.sockets; }, std::chrono::minutes(5));
  const bool held = all_open && clients.failed() == 0 &&
                    WaitForMetrics(metrics, baselines, static_cast<double>(run.sockets));
  const double open_seconds = Seconds(started);
  std::map<int, ProcessFootprint> at_peak;
  for (const int pid : pids) {
    at_peak[pid] = FootprintOf(pid);
  }

  started = std::chrono::steady_clock::now();
  clients.CloseAll(io);
  work.reset();
  io_thread.join();  // every socket's reader has seen its close (or its close timed out)
  const bool released = WaitForMetrics(metrics, baselines, 0);
  const double close_seconds = Seconds(started);
  std::map<int, ProcessFootprint> closed;
  for (const int pid : pids) {
    closed[pid] = FootprintOf(pid);
  }

  std::printf("%s: %d sockets opened and held in %.1f s (%d failed), closed in %.1f s\n",
              label.c_str(), clients.opened(), open_seconds, clients.failed(), close_seconds);
  for (const int pid : pids) {
    Print(label, pid, before[pid], at_peak[pid], closed[pid], run.sockets);
  }
  return held && released ? 0 : 1;
}
