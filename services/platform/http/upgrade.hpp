#pragma once
// Upgrade routes: a route that takes over its connection when the request asks to switch
// protocols (a WebSocket), registered with Router::AddUpgrade.
//
// The server reads the request as any other. When it asks for a WebSocket upgrade (GET,
// HTTP/1.1, `Connection: upgrade`, `Upgrade: websocket`) and its path matches an upgrade route,
// the route's UpgradeHandler runs on the worker pool like any handler (it may block: a token
// check, a query). It answers either
//  - a Response (no takeover): sent as usual, e.g. 401 before the upgrade; the connection stays
//    HTTP; or
//  - a Takeover: the server hands it the connection (platform/http/upgraded_connection.hpp) on
//    the connection's strand, writes nothing itself, and never reads HTTP from it again. The
//    takeover writes the 101 (or a late refusal) and owns the connection from there.
// The same path without the upgrade headers gets 426 Upgrade Required (a problem with
// `Upgrade: websocket`). Errors the handler throws are mapped as Router::Dispatch maps them.
//
// No Asio or Beast here: only the takeover's implementation needs them.

#include <functional>
#include <memory>

#include "platform/http/message.hpp"

namespace shop::http {

class UpgradedConnection;  // platform/http/upgraded_connection.hpp

// Called once, on the connection's strand, with the connection; it must not block (start a
// coroutine on the connection's executor and return).
using Takeover = std::function<void(std::unique_ptr<UpgradedConnection>)>;

struct UpgradeAnswer {
  Takeover takeover{};  // set: the connection is handed over and `response` is ignored
  Response response{};  // otherwise: sent as any response
};

using UpgradeHandler = std::function<UpgradeAnswer(Request&)>;

}  // namespace shop::http
