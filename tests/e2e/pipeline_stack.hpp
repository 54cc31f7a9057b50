#pragma once
// The outbox pipeline for one test, on the shared Postgres of tests/run and a Kafka broker of the
// test's choice: category-service and product-service on fresh databases, product-service's
// product.category-sync consumer in a consumer group of the test's own (with its `.retry` and
// `.dlq` topics, so no other product-service of the run takes its messages), and an outbox-relay
// serving both outboxes. Everything is killed on destruction. Not thread-safe; the services may be
// called from any thread.

#include <memory>
#include <string>

#include "service_process.hpp"

namespace shop::testing {

class PipelineStack {
 public:
  // `name` tags the databases, the consumer group and the log files. The broker at `bootstrap`
  // must hold the topics of deploy/local/kafka/topics.txt.
  PipelineStack(const std::string& name, const std::string& bootstrap);
  ~PipelineStack();

  const std::string& group() const { return group_; }
  const std::string& category_db() const { return category_db_; }
  const std::string& product_db() const { return product_db_; }
  const ServiceProcess& category() const { return *category_; }
  const ServiceProcess& product() const { return *product_; }

  // SIGKILL, as a crash: the relay finishes nothing (no delivery report is waited for, no row
  // marked). Returns once the process is reaped.
  void KillRelay();
  void StartRelay();

 private:
  std::string name_;
  std::string bootstrap_;
  std::string group_;
  std::string category_db_;
  std::string product_db_;
  std::unique_ptr<ServiceProcess> category_;
  std::unique_ptr<ServiceProcess> product_;
  std::unique_ptr<ChildProcess> relay_;
};

}  // namespace shop::testing
