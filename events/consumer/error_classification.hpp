#pragma once
// Which failures of a handler are worth retrying in place (DESIGN.md section 5). Transient: the
// database unreachable, restarting or shutting down, a lost connection, a commit of unknown
// outcome, serialization failures and deadlocks, out of resources, statement timeouts, and
// TransientError. Everything else (PermanentError, other SQL errors such as constraint
// violations, any other exception) is permanent: it cannot succeed by waiting.

#include <string>

#include "events/consumer/dead_letter.hpp"

namespace shop::events::consumer {

// Classifies the exception being handled (call inside a catch block); `what` receives its
// message.
ErrorClass ClassifyCurrentException(std::string& what);

}  // namespace shop::events::consumer
