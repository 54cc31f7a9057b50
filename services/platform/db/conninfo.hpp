#pragma once
// Connection strings. libpq waits for an unreachable host (one that drops packets, as opposed to
// refusing the connection) as long as the kernel's TCP timeout, minutes; a service would hang on
// start-up and a pool's Acquire would outlive its acquire timeout. Every connection string a
// service uses therefore gets a connect_timeout, unless it names one itself.

#include <chrono>
#include <string>

namespace shop::db {

// `conninfo` (a postgres:// or postgresql:// URI, or key=value pairs) with connect_timeout set to
// `timeout` rounded up to whole seconds (at least 1). A conninfo that sets connect_timeout
// already is returned unchanged.
std::string WithConnectTimeout(const std::string& conninfo, std::chrono::milliseconds timeout);

}  // namespace shop::db
