#pragma once
// The outbox-relay binary as a child process of a test.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace shop::testing {

// Relays the outboxes of `databases` to the broker at `bootstrap`, with a 200 ms fallback poll,
// /metrics on `http_port` (0: a free port) and a debug log in SHOP_TEST_TMPDIR/relay-<name>-<n>.log
// (one file per start, so the log of a killed relay survives its restart). `extra_env` adds or
// overrides settings.
ChildProcess StartOutboxRelay(const std::vector<std::string>& databases,
                              const std::string& bootstrap, const std::string& name,
                              const std::map<std::string, std::string>& extra_env = {},
                              std::uint16_t http_port = 0);

}  // namespace shop::testing
