#pragma once
// The outbox-relay binary as a child process of a test.

#include <string>
#include <vector>

#include "test_support.hpp"

namespace shop::testing {

// Relays the outboxes of `databases` to the broker at `bootstrap`, with a 200 ms fallback poll,
// /metrics on a free port and a debug log in SHOP_TEST_TMPDIR/relay-<name>-<n>.log (one file per
// start, so the log of a killed relay survives its restart).
ChildProcess StartOutboxRelay(const std::vector<std::string>& databases,
                              const std::string& bootstrap, const std::string& name);

}  // namespace shop::testing
