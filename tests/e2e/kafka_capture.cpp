#include "kafka_capture.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace shop::testing {
namespace {

// The value of header `name` in kcat's "%h" rendering, "n1=v1,n2=v2"; "" when absent. Our header
// values (UUIDs, type names, URNs, RFC 3339 times) never contain a comma.
std::string HeaderValue(const std::string& headers, const std::string& name) {
  const std::string prefix = name + "=";
  std::size_t start = 0;
  while (start < headers.size()) {
    const std::size_t end = std::min(headers.find(',', start), headers.size());
    if (headers.compare(start, prefix.size(), prefix) == 0) {
      return headers.substr(start + prefix.size(), end - start - prefix.size());
    }
    start = end + 1;
  }
  return {};
}

// kcat's output for one topic: one "topic\theaders\tvalue" line per message (our values are
// one-line JSON: a tab or newline inside is escaped).
std::string RunKcat(const std::string& bootstrap, const std::string& topic) {
  const std::string command =
      "kcat -b " + bootstrap + " -C -t " + topic + " -o beginning -e -q -f '%t\\t%h\\t%s\\n' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) {
    throw std::runtime_error("popen failed: " + command);
  }
  std::string output;
  char buffer[8192];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0) {
    output.append(buffer, read);
  }
  const int status = ::pclose(pipe.release());
  if (status != 0) {
    throw std::runtime_error(command + " failed (status " + std::to_string(status) +
                             "): " + output.substr(0, 2000));
  }
  return output;
}

}  // namespace

std::vector<CapturedEvent> CaptureEvents(const std::string& bootstrap,
                                         const std::vector<std::string>& topics) {
  std::vector<CapturedEvent> captured;
  for (const std::string& topic : topics) {
    std::istringstream lines(RunKcat(bootstrap, topic));
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with(topic + "\t")) {
        throw std::runtime_error("unexpected kcat line for " + topic + ": " + line);
      }
      const std::string rest = line.substr(topic.size() + 1);
      const std::size_t tab = rest.find('\t');
      const std::string headers = rest.substr(0, tab);
      captured.push_back(
          CapturedEvent{.topic = topic,
                        .id = HeaderValue(headers, "ce_id"),
                        .subject = HeaderValue(headers, "ce_subject"),
                        .type = HeaderValue(headers, "ce_type"),
                        .traceparent = HeaderValue(headers, "traceparent"),
                        .data = tab == std::string::npos ? std::string() : rest.substr(tab + 1)});
    }
  }
  return captured;
}

std::map<std::string, int> CopiesOf(const std::vector<CapturedEvent>& captured,
                                    const std::set<std::string>& ids) {
  std::map<std::string, int> copies;
  for (const std::string& id : ids) {
    copies[id] = 0;
  }
  for (const CapturedEvent& event : captured) {
    if (const auto it = copies.find(event.id); it != copies.end()) {
      ++it->second;
    }
  }
  return copies;
}

std::vector<std::string> Without(const std::set<std::string>& all,
                                 const std::set<std::string>& removed) {
  std::vector<std::string> rest;
  std::set_difference(all.begin(), all.end(), removed.begin(), removed.end(),
                      std::back_inserter(rest));
  return rest;
}

}  // namespace shop::testing
