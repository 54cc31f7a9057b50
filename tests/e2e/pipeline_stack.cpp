#include "pipeline_stack.hpp"

#include <signal.h>
#include <unistd.h>

#include <stdexcept>

#include "events/uuid_v7.hpp"
#include "relay_process.hpp"

namespace shop::testing {

PipelineStack::PipelineStack(const std::string& name, const std::string& bootstrap)
    : name_(name),
      bootstrap_(bootstrap),
      group_("product.category-sync." + name + "-" + events::NewUuidV7().substr(0, 8) +
             std::to_string(::getpid())),
      category_db_(CreateDatabase(name + "_category")),
      product_db_(CreateDatabase(name + "_product")) {
  CreateKafkaTopicsOn(bootstrap_, {group_ + ".retry", group_ + ".dlq"}, 1);
  category_ = std::make_unique<ServiceProcess>(
      CATEGORY_SERVICE_BIN, category_db_,
      std::map<std::string, std::string>{{"SHOP_KAFKA_BOOTSTRAP", bootstrap_}});
  product_ = std::make_unique<ServiceProcess>(
      PRODUCT_SERVICE_BIN, product_db_,
      std::map<std::string, std::string>{{"SHOP_KAFKA_BOOTSTRAP", bootstrap_},
                                         {"SHOP_CATEGORY_SYNC_GROUP", group_}});
  StartRelay();
}

PipelineStack::~PipelineStack() = default;

void PipelineStack::KillRelay() {
  relay_->Signal(SIGKILL);
  if (!relay_->Wait(std::chrono::seconds(10))) {
    throw std::runtime_error("the relay did not exit after SIGKILL");
  }
  relay_.reset();
}

void PipelineStack::StartRelay() {
  relay_ = std::make_unique<ChildProcess>(
      StartOutboxRelay({category_db_, product_db_}, bootstrap_, name_));
}

}  // namespace shop::testing
